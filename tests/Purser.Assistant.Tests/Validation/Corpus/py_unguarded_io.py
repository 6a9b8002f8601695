"""Files."""


def read_text(path: str) -> str:
    """The file's text."""
    with open(path, encoding="utf-8") as handle:
        return handle.read()
