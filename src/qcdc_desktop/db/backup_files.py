"""Backup files beside the data file: where they live, how they are named, and writing one.

Backups live beside the data file in ``backups/<name>-<UTC time>[-reason].sqlite``.  A copy is
made with the SQLite backup API from an open connection and checked with ``integrity_check``; a
copy that fails its check is deleted and reported, never kept as if it were good.

Opening a data file (:mod:`.connection`) uses this module: it writes a backup before an upgrade
and names the latest one when the file is damaged.  So this module never opens a data file
itself; :mod:`.backup` (the backups a person asks for, the daily one, restoring) does.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Cancelled, StoreError
from ..l10n import _
from . import cipher
from .files import fsync_folder
from .integrity import passes_integrity_check
from .keyslots import copy_keys, keys_path

log = logging.getLogger(__name__)

KEEP = 10
STAMP = "%Y%m%d-%H%M%S"
BACKUP_STEP_PAGES = 4096  # 16 MB at a time with 4 KB pages: a bar that moves, a copy that stays fast


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, oldest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    return sorted(p for p in folder.glob(f"{stem}-*.sqlite") if stamp_of(p, stem) is not None)


def stamp_of(path: Path, stem: str) -> dt.datetime | None:
    rest = path.stem[len(stem) + 1:]
    try:
        return dt.datetime.strptime(rest[:15], STAMP).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


@dataclass(frozen=True)
class BackupInfo:
    """One backup as a person sees it: when it was taken, why, how big."""

    path: Path
    taken_at: dt.datetime  # UTC
    reason: str  # "" for the automatic daily backup, "manual", "before-upgrade-v2", …
    size: int  # bytes


def backup_infos(db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first."""
    stem = Path(db_path).stem
    infos = []
    for path in reversed(list_backups(db_path)):
        stamp = stamp_of(path, stem)
        try:
            size = path.stat().st_size
        except OSError:  # deleted meanwhile by the rotation
            continue
        if stamp is not None:
            infos.append(BackupInfo(path, stamp, path.stem[len(stem) + 1 + 15:].lstrip("-"), size))
    return infos


def latest_backup(db_path: Path) -> Path | None:
    backups = list_backups(db_path)
    return backups[-1] if backups else None


def write_backup(conn: sqlite3.Connection, db_path: Path, file_key: bytes, *, reason: str = "", now: dt.datetime | None = None,
                 keep: int = KEEP, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Path:
    """Copy the database open on ``conn`` (the data file at ``db_path``, encrypted with
    ``file_key``) with the backup API, encrypted with the same key, verify the copy, put the data
    file's key-slot file beside it (``<backup>.keys``: the copy opens with the passwords and the
    recovery code of the moment it was taken), and drop the oldest beyond ``keep``.  Returns the
    new backup's path.

    With ``progress`` the copy goes a few thousand pages at a time, reporting (pages copied,
    pages in all); when ``cancelled()`` turns true it stops with :class:`Cancelled` and leaves no
    copy behind."""
    now = now or dt.datetime.now(dt.timezone.utc)
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-{reason}" if reason else ""
    target = folder / f"{db_path.stem}-{now.strftime(STAMP)}{suffix}.sqlite"
    partial = target.with_suffix(".partial")
    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(total - remaining, total)

    stepwise = progress is not None or cancelled is not None
    dest = cipher.connect(partial, file_key, create=True, check_same_thread=True)
    try:
        if stepwise:
            conn.backup(dest, pages=BACKUP_STEP_PAGES, progress=step)
        else:
            conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        dest.close()
        partial.unlink(missing_ok=True)
        raise
    finally:
        dest.close()
    if not passes_integrity_check(partial, file_key, full=True):
        partial.unlink(missing_ok=True)
        raise StoreError(_("The backup copy failed its integrity check; the data file may be damaged. "
                           "Run: qcdc check --db %(path)s") % {"path": db_path})
    with partial.open("rb") as fh:
        os.fsync(fh.fileno())
    try:
        if keys_path(db_path).exists():  # only a file being made has none yet (its key is in this process)
            copy_keys(db_path, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    fsync_folder(folder)
    for old in list_backups(db_path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
        keys_path(old).unlink(missing_ok=True)
    log.info("backup written to %s", target)
    return target
