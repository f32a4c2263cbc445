"""The fingerprint of a build's inputs, stamped in the database file's header (and read back), so that a later
build from the same inputs can keep the file (extract/pipeline/freshness.py computes the fingerprint)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def stamp(connection: sqlite3.Connection, digest: str) -> None:
    """Write the first 64 bits of a fingerprint into the database header.

    SQLite's header has two free 32-bit integers, application_id and user_version: together they
    hold it. The file stays a plain database (no extra table for Datasette to show), and the stamp
    travels with it.
    """
    high, low = (_signed(int(digest[i : i + 8], 16)) for i in (0, 8))
    connection.execute(f"PRAGMA application_id = {high}")
    connection.execute(f"PRAGMA user_version = {low}")


def read_stamp(path: Path) -> str | None:
    """The fingerprint stamped in a database (16 hex digits), or None if it has none or cannot be read."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            high = connection.execute("PRAGMA application_id").fetchone()[0]
            low = connection.execute("PRAGMA user_version").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    if not high and not low:
        return None
    return f"{high & 0xFFFFFFFF:08x}{low & 0xFFFFFFFF:08x}"


def _signed(value: int) -> int:
    """A 32-bit value as the signed integer the pragmas take."""
    return value - (1 << 32) if value >= 1 << 31 else value
