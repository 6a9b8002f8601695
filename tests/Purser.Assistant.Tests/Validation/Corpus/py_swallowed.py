"""Numbers."""


def to_int(text: str) -> int:
    """The number, or zero."""
    try:
        return int(text)
    except Exception:
        return 0
