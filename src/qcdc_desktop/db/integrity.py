"""A fresh look at a data file through SQLite, outside any open Store: on opening (is an error
damage?), for every backup copy, and before a backup is put back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000  # how long any connection to a data file waits for another program's lock


def passes_integrity_check(path: Path, *, full: bool = False) -> bool:
    """True when ``quick_check`` (``integrity_check`` when ``full``, which also compares every
    index with its table) finds the file at ``path`` sound."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return False
    try:
        return [row[0] for row in conn.execute(f"PRAGMA {pragma}")] == ["ok"]
    except sqlite3.Error:
        return False
    finally:
        conn.close()
