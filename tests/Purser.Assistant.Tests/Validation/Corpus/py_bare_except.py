"""Cleanup."""

import os


def remove(path: str) -> None:
    """Removes a file if it can."""
    try:
        os.remove(path)
    except:
        pass
