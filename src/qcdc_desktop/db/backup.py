"""Backups a person asks for or that are due, and putting a backup back in place of the data file.

Where backups live, their names and how one is written and checked: :mod:`.backup_files`.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..core.errors import DatabaseDamaged, StoreError
from ..l10n import _
from . import holder
from .backup_files import (
    KEEP,
    STAMP,
    BackupInfo,
    backup_dir,
    backup_infos,
    latest_backup,
    list_backups,
    stamp_of,
    write_backup,
)
from .connection import Store, open_store
from .integrity import passes_integrity_check

__all__ = ["BackupInfo", "backup_dir", "backup_if_due", "backup_infos", "latest_backup", "list_backups",
           "make_backup", "restore_backup"]

INTERVAL = dt.timedelta(days=1)


def make_backup(store: Store, *, reason: str = "", now: dt.datetime | None = None, keep: int = KEEP,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> Path:
    """Copy the open database with the backup API, verify the copy, and drop the oldest beyond
    ``keep``.  Returns the new backup's path.  ``progress`` and ``cancelled``: see
    :func:`.backup_files.write_backup`."""
    return write_backup(store.conn, store.path, reason=reason, now=now, keep=keep, progress=progress,
                        cancelled=cancelled)


def backup_if_due(store: Store, *, interval: dt.timedelta = INTERVAL, now: dt.datetime | None = None) -> Path | None:
    """Make a backup when the latest one is older than ``interval``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    latest = latest_backup(store.path)
    if latest is not None:
        stamp = stamp_of(latest, store.path.stem)
        if stamp is not None and now - stamp < interval:
            return None
    return make_backup(store, now=now)


def restore_backup(db_path: Path, backup_path: Path) -> Path | None:
    """Replace the data file with a verified copy of ``backup_path``.

    The current file (and its WAL) is kept aside as ``<name>.replaced-<time>`` rather than deleted;
    returns that path, or None when there was no current file.
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    if not backup_path.is_file():
        raise StoreError(_("There is no backup file at %(path)s.") % {"path": backup_path})
    # Opening checks that the backup is a QCDC file of a version we know, and not damaged.
    with open_store(backup_path, readonly=True, check=True, upgrade=False):
        pass
    if not passes_integrity_check(backup_path, full=True):
        raise DatabaseDamaged(_("The backup %(path)s is damaged too; choose an older one.") % {"path": backup_path})
    holder.acquire(db_path)  # never replace the file under a program that has it open
    try:
        return _put_back(db_path, backup_path)
    finally:
        holder.release(db_path)


def _put_back(db_path: Path, backup_path: Path) -> Path | None:
    staging = db_path.with_name(db_path.name + ".restoring")
    staging.unlink(missing_ok=True)
    src = sqlite3.connect(f"{backup_path.resolve().as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(staging)
    try:
        src.backup(dest)
        dest.execute("PRAGMA journal_mode = WAL")
    finally:
        dest.close()
        src.close()
    with staging.open("rb") as fh:
        os.fsync(fh.fileno())
    aside = None
    if db_path.exists():
        stamp = dt.datetime.now(dt.timezone.utc).strftime(STAMP)
        aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
        os.replace(db_path, aside)
        for extra in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + extra)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + extra))
    os.replace(staging, db_path)
    return aside
