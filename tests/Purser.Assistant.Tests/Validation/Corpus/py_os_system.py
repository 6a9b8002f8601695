"""Archives."""

import os


def archive(folder: str) -> None:
    """Tars a folder."""
    os.system("tar czf out.tgz " + folder)
