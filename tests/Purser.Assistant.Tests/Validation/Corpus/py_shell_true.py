"""Runs git."""

import subprocess


def clone(url: str) -> None:
    """Clones a repository."""
    subprocess.run(f"git clone {url}", shell=True, check=True)


def clone_safely(url: str) -> None:
    """Clones with an argument list."""
    subprocess.run(["git", "clone", url], check=True)
