"""An unencrypted data file of an earlier version made into an encrypted one, with its first
administrator (docs/keys.md, "Converting a data file of an earlier version").

1. The plain file is held (no other program writes it) and its write-ahead log folded in.
2. An encrypted copy is written beside it under a temporary name (``cipher.encrypt_copy``: synced,
   reopened with the key, every row of every table compared), upgraded to the present schema, and
   given its first administrator and its key-slot file (``<temporary>.keys``).
3. Then, each step atomic on its own: the key-slot file takes its final name; the plain file gets a
   second name, ``<name>.plain-<time>`` (a hard link: the plain file is never without a name);
   the encrypted copy takes the data file's name in its place.

A program killed at any moment leaves the plain file under its own name (and perhaps a temporary
copy, removed at the next try), or the encrypted file under that name with the plain one kept
aside: the data file always opens, with no password before step 3 and with the administrator's
after it.  The plain copy kept aside is removed only when an administrator confirms
(:func:`forget_plain_copies`), after the encrypted file has been opened with their password.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from ..core.errors import DatabaseExists, StoreError
from ..core.filekey import new_file_key, normalize_recovery_code
from ..core.passwords import check_password
from ..core.roles import Operation, Role
from ..core.settings import UNIT_NAME
from ..core.users import User, clean_account
from ..l10n import _
from . import access, cipher, holder, keyslots
from .accounts import add_first_admin
from .backup_files import STAMP
from .connection import migrate, open_store
from .files import fsync_folder
from .setup import FirstAdmin

PLAIN_MARK = ".plain-"
_PART = ".encrypting"


def _fold_log(path: Path) -> None:
    """Fold the plain file's write-ahead log into it and leave none behind, so that no log of the
    plain file is ever found beside the encrypted one (SQLite would read it as the new file's)."""
    conn: Any = cipher.plain_connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def plain_copies(path: Path) -> list[Path]:
    """The plain files kept aside by conversions of the data file at ``path``."""
    path = Path(path)
    return sorted(p for p in path.parent.glob(f"{path.name}{PLAIN_MARK}*") if p.is_file())


def convert_plain(path: Path, admin: FirstAdmin, recovery_code: str) -> User:
    """Convert the plain data file at ``path`` (see the module's docstring); ``admin`` becomes its
    first administrator (a file of an earlier version has no accounts) and is signed in.  Returns
    the administrator's account."""
    path = Path(path)
    account = clean_account(login=admin.login, full_name=admin.full_name, title=admin.title, role=Role.ADMIN)
    normalize_recovery_code(recovery_code)
    if not cipher.is_plain(path):
        raise DatabaseExists(_("%(path)s is encrypted already: there is nothing to convert.") % {"path": path})
    part = path.with_name(path.name + _PART)
    holder.acquire(path)
    try:
        # A key-slot file beside a plain file is what a conversion killed before its last step left.
        keyslots.keys_path(path).unlink(missing_ok=True)
        for leftover in _leftovers(path, part):
            leftover.unlink(missing_ok=True)
        _fold_log(path)
        file_key = new_file_key()
        cipher.encrypt_copy(path, part, file_key)
        try:
            user = _prepare(part, file_key, account.login, account.full_name, account.title, admin.password,
                            recovery_code)
            _swap(path, part)
        except BaseException:
            for leftover in _leftovers(path, part):
                leftover.unlink(missing_ok=True)
            raise
    finally:
        holder.release(path)
    access.remember(path, file_key, user)
    return user


def _leftovers(path: Path, part: Path) -> list[Path]:
    """What a conversion killed at some moment leaves beside ``path``: the copy being prepared and
    its side files — its rollback journal above all, which SQLite would otherwise play back into
    the next copy of that name and spoil it — and the half-written copies of the encryption step
    (``cipher.encrypt_copy``'s ``.<name>.encrypting.<random>.part``) with theirs."""
    found = [part, keyslots.keys_path(part)] + [Path(f"{part}{side}") for side in ("-wal", "-shm", "-journal")]
    for stray in path.parent.glob(f".{path.name}{_PART}.*.part*"):
        found.append(stray)
    return found


def _prepare(part: Path, file_key: bytes, login: str, full_name: str, title: str, password: str,
             recovery_code: str) -> User:
    with open_store(part, upgrade=False, hold=False, unlocked=access.Unlocked(file_key, None)) as store:
        migrate(store)
        check_password(password, login=login, full_name=full_name, unit_name=store.setting(UNIT_NAME.key) or "")
        if store.conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None:
            raise StoreError(_("%(path)s already has accounts: it is not a data file of an earlier version.")
                             % {"path": part})
        user = add_first_admin(store, login=login, full_name=full_name, title=title, password=password,
                               recovery_code=recovery_code)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return user


def _swap(path: Path, part: Path) -> None:
    stamp = dt.datetime.now(dt.timezone.utc).strftime(STAMP)
    aside = path.with_name(f"{path.name}{PLAIN_MARK}{stamp}")
    os.replace(keyslots.keys_path(part), keyslots.keys_path(path))
    try:
        os.link(path, aside)
    except OSError:  # a file system without hard links: a copy, synced
        import shutil

        shutil.copy2(path, aside)
        with open(aside, "rb") as fh:
            os.fsync(fh.fileno())
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        side.unlink(missing_ok=True)
    os.replace(part, path)
    for side in (Path(f"{part}-wal"), Path(f"{part}-shm")):
        side.unlink(missing_ok=True)
    fsync_folder(path.parent)


def forget_plain_copies(path: Path) -> list[Path]:
    """Remove the plain copies kept aside by the conversion of ``path``, as the signed-in
    administrator, once the encrypted file opens with their password.  Returns what was removed."""
    with open_store(path, readonly=True, check=True) as store:
        store.require(Operation.MANAGE_KEYS)
    removed = []
    for copy in plain_copies(path):
        copy.unlink()
        removed.append(copy)
    return removed
