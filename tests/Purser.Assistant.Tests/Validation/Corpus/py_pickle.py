"""Sessions."""

import pickle


def load_session(blob: bytes) -> dict:
    """Restores a session."""
    return pickle.loads(blob)
