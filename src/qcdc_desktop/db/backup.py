"""Backups a person asks for or that are due, and putting a backup back in place of the data file.

Where backups live, their names and how one is written and checked: :mod:`.backup_files`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.errors import DatabaseDamaged, NotAQcdcDatabase, StoreError
from ..core.roles import Operation
from ..core.settings import UNIT_CODE
from ..l10n import _
from .personal_erase import erase_again_after_restore
from . import cipher, history, holder, keyslots
from .access import Unlocked, remember, unwrap
from .access import unlocked as access_to
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
from .file_checks import precheck, require_keys
from .files import fsync_folder
from .integrity import passes_integrity_check

log = logging.getLogger(__name__)

__all__ = ["BackupInfo", "backup_dir", "backup_if_due", "backup_infos", "latest_backup", "list_backups",
           "make_backup", "restore_backup"]

INTERVAL = dt.timedelta(days=1)


def make_backup(store: Store, *, reason: str = "", now: dt.datetime | None = None, keep: int = KEEP,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> Path:
    """Copy the open database with the backup API, verify the copy, and drop the oldest beyond
    ``keep``.  Returns the new backup's path.  ``progress`` and ``cancelled``: see
    :func:`.backup_files.write_backup`."""
    store.require(Operation.BACKUP)
    return _noted(store, write_backup(store.conn, store.path, store.file_key, reason=reason, now=now, keep=keep,
                                      progress=progress, cancelled=cancelled))


def _noted(store: Store, path: Path) -> Path:
    """Note the backup at ``path`` in the history: which file, and how far the history it holds goes."""
    if store.readonly or not store.keeps_history:
        return path
    n, head_hash = history.head(store.conn, store.origin)
    with store.transaction() as conn:
        history.note_event(conn, "backup", path.name, {"file": path.name, "history_n": n, "history_hash": head_hash})
    return path


def backup_if_due(store: Store, *, interval: dt.timedelta = INTERVAL, now: dt.datetime | None = None) -> Path | None:
    """Make a backup when the latest one is older than ``interval``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    latest = latest_backup(store.path)
    if latest is not None:
        stamp = stamp_of(latest, store.path.stem)
        if stamp is not None and now - stamp < interval:
            return None
    # The daily copy is made at sign-in by the window for the roles that may back up (app.py).
    return _noted(store, write_backup(store.conn, store.path, store.file_key, now=now))


def restore_backup(db_path: Path, backup_path: Path, unlocked: Unlocked | None = None) -> Path | None:
    """Replace the data file and its key-slot file with verified copies of ``backup_path`` and
    the key-slot file beside it, as the person of ``unlocked`` (who signed in to the backup, with
    the passwords of its time: see :func:`sign_in_to_backup`; by default whoever signed in here to
    the file it is a copy of), who must hold the role that restores.

    The current file (its WAL, its key-slot file) is kept aside as ``<name>.replaced-<time>``
    rather than deleted; returns that path, or None when there was no current file.
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    if not backup_path.is_file():
        raise StoreError(_("There is no backup file at %(path)s.") % {"path": backup_path})
    unlocked = unlocked or access_to(backup_path)
    if unlocked is None:
        raise NotAQcdcDatabase(_("%(path)s is not a backup of this data file: no key file of it is beside it "
                                 "(%(keys)s). Sign in to the backup itself to restore it.")
                               % {"path": backup_path, "keys": keyslots.keys_path(backup_path).name})
    # Opening checks that the backup is a QCDC file of a version we know, and not damaged.
    with open_store(backup_path, readonly=True, check=True, upgrade=False, unlocked=unlocked) as backup:
        backup.require(Operation.RESTORE)
    if not passes_integrity_check(backup_path, unlocked.file_key, full=True):
        raise DatabaseDamaged(_("The backup %(path)s is damaged too; choose an older one.") % {"path": backup_path})
    holder.acquire(db_path)  # never replace the file under a program that has it open
    try:
        replaced = _history_head(db_path, unlocked.file_key)
        aside = _put_back(db_path, backup_path, unlocked.file_key)
    finally:
        holder.release(db_path)
    remember(db_path, unlocked.file_key, unlocked.user)
    _note_restore(db_path, backup_path, aside, replaced, unlocked)
    return aside


def _history_head(path: Path, file_key: bytes) -> tuple[int, str] | None:
    """How far the history of the file at ``path`` goes, if it can be read (a damaged file may not)."""
    if not path.is_file():
        return None
    # Reading leaves the file's side files (-wal, -shm) where it had none: they go again, so that
    # what is kept aside is the file as it was (the caller holds the file: nobody else has it open).
    sides = [path.with_name(path.name + extra) for extra in ("-wal", "-shm")]
    absent = [side for side in sides if not side.exists()]
    try:
        conn: Any = cipher.connect(path, file_key, readonly=True, check_same_thread=True)
        try:
            row = conn.execute("SELECT n, hash FROM history WHERE origin = (SELECT value FROM settings WHERE "
                               "key = ?) ORDER BY n DESC LIMIT 1", (UNIT_CODE.key,)).fetchone()
        finally:
            conn.close()
    except Exception as exc:  # damaged, or of a version without a history: the entry says it was not read
        log.warning("the history of %s could not be read before the restore: %s", path, exc)
        return None
    finally:
        for side in absent:
            side.unlink(missing_ok=True)
    return (int(row[0]), str(row[1])) if row else (0, "")


def _note_restore(db_path: Path, backup_path: Path, aside: Path | None, replaced: tuple[int, str] | None,
                  unlocked: Unlocked) -> None:
    """Note the restore in the restored file's history: from which backup, and how far the history
    of the file it replaced went (kept aside, so the entries after the backup are not lost)."""
    with open_store(db_path, unlocked=unlocked) as store:
        if not store.keeps_history:
            return
        with store.transaction() as conn:
            history.note_event(conn, "restore", backup_path.name, {
                "backup": backup_path.name, "kept_aside": aside.name if aside else "",
                "replaced_history_n": replaced[0] if replaced else None,
                "replaced_history_hash": replaced[1] if replaced else None})
        if aside is not None:  # what was erased since the backup stays erased
            again = erase_again_after_restore(store, aside, unlocked.file_key,
                                              _("Erased again after the restore of a backup taken before the erasure"))
            if again:
                log.info("%d erasures of personal data made again after restoring %s", again, backup_path)


def sign_in_to_backup(backup_path: Path, login: str, password: str) -> Unlocked:
    """Unlock a backup with an account's password as it was when the backup was taken (the
    backup's own key-slot file), or with the recovery code of that time."""
    from .accounts import read_account

    if not Path(backup_path).is_file():
        raise StoreError(_("There is no backup file at %(path)s.") % {"path": backup_path})
    precheck(backup_path)
    require_keys(backup_path)
    file_key = unwrap(backup_path, login, password)
    return Unlocked(file_key, read_account(backup_path, file_key, login))


def _put_back(db_path: Path, backup_path: Path, file_key: bytes) -> Path | None:
    staging = db_path.with_name(db_path.name + ".restoring")
    staging.unlink(missing_ok=True)
    src: Any = cipher.connect(backup_path, file_key, readonly=True, check_same_thread=True)
    dest: Any = cipher.connect(staging, file_key, create=True, check_same_thread=True)
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
        for extra in ("-wal", "-shm", keyslots.SUFFIX):
            side = db_path.with_name(db_path.name + extra)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + extra))
    keyslots.copy_keys(backup_path, db_path, file_key=file_key)
    os.replace(staging, db_path)
    fsync_folder(db_path.parent)
    return aside
