"""Accounts."""

import hashlib


def hash_password(password: str) -> str:
    """Hashes a password for storage."""
    return hashlib.md5(password.encode()).hexdigest()


def checksum(data: bytes) -> str:
    """A checksum of a download."""
    return hashlib.sha1(data).hexdigest()
