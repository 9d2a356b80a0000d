"""Rotating backups with the SQLite backup API, each checked with ``integrity_check``, and restore.

Backups live beside the data file in ``backups/<name>-<UTC time>[-reason].sqlite``.  A backup that
fails its integrity check is deleted and reported, never kept as if it were good.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Cancelled, DatabaseDamaged, StoreError
from ..l10n import _
from . import holder
from .connection import Store, open_store, passes_integrity_check

log = logging.getLogger(__name__)

KEEP = 10
INTERVAL = dt.timedelta(days=1)
_STAMP = "%Y%m%d-%H%M%S"
BACKUP_STEP_PAGES = 4096  # 16 MB at a time with 4 KB pages: a bar that moves, a copy that stays fast


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, oldest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    return sorted(p for p in folder.glob(f"{stem}-*.sqlite") if _stamp_of(p, stem) is not None)


def _stamp_of(path: Path, stem: str) -> dt.datetime | None:
    rest = path.stem[len(stem) + 1:]
    try:
        return dt.datetime.strptime(rest[:15], _STAMP).replace(tzinfo=dt.timezone.utc)
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
        stamp = _stamp_of(path, stem)
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


def make_backup(store: Store, *, reason: str = "", now: dt.datetime | None = None, keep: int = KEEP,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> Path:
    """Copy the open database with the backup API, verify the copy, and drop the oldest beyond
    ``keep``.  Returns the new backup's path.

    With ``progress`` the copy goes a few thousand pages at a time, reporting (pages copied,
    pages in all); when ``cancelled()`` turns true it stops with :class:`Cancelled` and leaves no
    copy behind."""
    now = now or dt.datetime.now(dt.timezone.utc)
    folder = backup_dir(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-{reason}" if reason else ""
    target = folder / f"{store.path.stem}-{now.strftime(_STAMP)}{suffix}.sqlite"
    partial = target.with_suffix(".partial")
    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(total - remaining, total)

    stepwise = progress is not None or cancelled is not None
    dest = sqlite3.connect(partial)
    try:
        if stepwise:
            store.conn.backup(dest, pages=BACKUP_STEP_PAGES, progress=step)
        else:
            store.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        dest.close()
        partial.unlink(missing_ok=True)
        raise
    finally:
        dest.close()
    if not passes_integrity_check(partial, full=True):
        partial.unlink(missing_ok=True)
        raise StoreError(_("The backup copy failed its integrity check; the data file may be damaged. "
                           "Run: qcdc check --db %(path)s") % {"path": store.path})
    with partial.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    for old in list_backups(store.path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    log.info("backup written to %s", target)
    return target


def backup_if_due(store: Store, *, interval: dt.timedelta = INTERVAL, now: dt.datetime | None = None) -> Path | None:
    """Make a backup when the latest one is older than ``interval``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    latest = latest_backup(store.path)
    if latest is not None:
        stamp = _stamp_of(latest, store.path.stem)
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
        stamp = dt.datetime.now(dt.timezone.utc).strftime(_STAMP)
        aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
        os.replace(db_path, aside)
        for extra in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + extra)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + extra))
    os.replace(staging, db_path)
    return aside
