"""Paths."""

import os
import sys
from pathlib import Path, PurePath


def home() -> Path:
    """The home folder."""
    return Path(os.path.expanduser("~"))
