"""Fetches."""

import logging

import requests

logger = logging.getLogger(__name__)


def fetch(url: str) -> str:
    """The body of a page."""
    try:
        return requests.get(url, verify=False, timeout=10).text
    except requests.RequestException:
        logger.exception("fetch failed")
        raise
