"""The settings the data file keeps (its ``settings`` table), read and written through their
declarations in :mod:`qcdc_desktop.core.settings`: a value read back is the declared type within
its bounds, or the default; a value written is checked first."""

from __future__ import annotations

import sqlite3
from typing import TypeVar

from ..core.settings import Setting
from .connection import Store

T = TypeVar("T", str, int, bool, object)


def _in_file(setting: Setting[T]) -> None:
    if setting.place != "file":
        raise ValueError(f"{setting.key} is kept on this computer, not in the data file")


def read_setting(store: Store, setting: Setting[T]) -> T:
    """The value of ``setting`` in the data file, or its default."""
    _in_file(setting)
    return setting.read(store.setting(setting.key))


def read_if_set(store: Store, setting: Setting[T]) -> T | None:
    """The value of ``setting``, or None when the data file has none at all (a setting whose
    absence means something: no escrow, no keys yet, no mapping kept for a layout)."""
    _in_file(setting)
    raw = store.setting(setting.key)
    return None if raw is None else setting.read(raw)


def write_setting(conn: sqlite3.Connection, setting: Setting[T], value: T) -> None:
    """Write ``value`` inside the caller's transaction."""
    _in_file(setting)
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (setting.key, str(setting.stored(value))))


def forget_setting(conn: sqlite3.Connection, setting: Setting[T]) -> None:
    """Remove the value of ``setting`` (it reads as its default again), inside the caller's transaction."""
    _in_file(setting)
    conn.execute("DELETE FROM settings WHERE key = ?", (setting.key,))
