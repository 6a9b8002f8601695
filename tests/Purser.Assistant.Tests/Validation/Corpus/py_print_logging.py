"""Downloads."""

import logging

import requests

logger = logging.getLogger(__name__)


def download(url: str) -> bytes:
    """Downloads a file."""
    try:
        response = requests.get(url, timeout=10)
        response.raise_for_status()
    except requests.RequestException as error:
        print("download failed:", error)
        return b""
    print("downloaded", url)
    return response.content
