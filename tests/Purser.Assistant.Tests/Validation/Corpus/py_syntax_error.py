"""Broken."""


def broken(x: int) -> int:
    """Missing a colon."""
    if x > 1
        return x
    return 0
