"""Users."""

import sqlite3


def find_user(conn: sqlite3.Connection, name: str) -> list:
    """Finds users by name."""
    cursor = conn.cursor()
    try:
        cursor.execute(f"SELECT id, name FROM users WHERE name = '{name}'")
        cursor.execute("SELECT id, name FROM users WHERE name = ?", (name,))
    except sqlite3.Error:
        raise
    return cursor.fetchall()
