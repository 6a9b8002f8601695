"""Clock."""


def now_text() -> str:
    """The current time as text."""
    return datetime.datetime.now().isoformat()
