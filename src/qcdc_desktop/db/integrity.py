"""A fresh look at a data file through SQLite, outside any open Store: on opening (is an error
damage?), for every backup copy, and before a backup is put back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import cipher
from .cipher import BUSY_TIMEOUT_MS

__all__ = ["BUSY_TIMEOUT_MS", "passes_integrity_check"]


def passes_integrity_check(path: Path, file_key: bytes, *, full: bool = False) -> bool:
    """True when ``quick_check`` (``integrity_check`` when ``full``, which also compares every
    index with its table) finds the encrypted file at ``path`` sound with ``file_key``.  A page
    changed by anything but SQLCipher fails its check (each page carries an HMAC)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn: Any = cipher.connect(path, file_key, readonly=True, check_same_thread=True)
    except Exception:
        return False
    try:
        return [row[0] for row in conn.execute(f"PRAGMA {pragma}")] == ["ok"]
    except cipher.Error:
        return False
    finally:
        conn.close()
