"""Configuration."""

import yaml


def read_config(text: str) -> dict:
    """Parses configuration."""
    return yaml.load(text)


def read_config_safely(text: str) -> dict:
    """Parses configuration safely."""
    return yaml.safe_load(text)


def read_with_loader(text: str) -> dict:
    """Parses with an explicit safe loader."""
    return yaml.load(text, Loader=yaml.SafeLoader)
