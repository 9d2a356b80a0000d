"""The checks of a data file that need no SQLite: it is there, it is a file, its first bytes are not
another program's database nor a plain file of an earlier version, and its key-slot file is beside
it; and the files this process has connections to.

Signing in runs these, then derives the file key (argon2id, 64 MiB), before the database layer is
loaded (``db/access.py``, ``unlock``): the derivation's memory is then spent while the program is
small, and every command that signs in peaks lower (docs/performance.md, "The import's memory").
So this module imports nothing of SQLite, of the database layer or of the PDF and crypto libraries.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..core.errors import DatabaseMissing, DatabaseNotEncrypted, NotAQcdcDatabase, StoreError, system_reason
from ..l10n import _
from . import keyslots

APPLICATION_ID = 0x51434443  # "QCDC": marks our files among other SQLite files
SQLITE_MAGIC = b"SQLite format 3\x00"

# The files this process has connections to, by (device, inode), with how many: while a file is
# here, nothing outside SQLite may open it (db/connection.py's docstring says why).
_open_files: dict[tuple[int, int], int] = {}
_open_guard = threading.Lock()


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()  # stat opens no descriptor
    except OSError:
        return None
    return info.st_dev, info.st_ino


def opened(path: Path) -> tuple[int, int] | None:
    """Count a connection of this process to the file at ``path``; its key for :func:`closed`."""
    key = _file_key(path)
    if key is not None:
        with _open_guard:
            _open_files[key] = _open_files.get(key, 0) + 1
    return key


def closed(key: tuple[int, int] | None) -> None:
    """A connection counted by :func:`opened` was closed."""
    if key is None:
        return
    with _open_guard:
        left = _open_files.get(key, 0) - 1
        if left > 0:
            _open_files[key] = left
        else:
            _open_files.pop(key, None)


def is_open_here(path: Path) -> bool:
    """True while this process has a connection to the file at ``path``."""
    key = _file_key(path)
    with _open_guard:
        return key is not None and _open_files.get(key, 0) > 0


def _check_header(path: Path) -> None:
    if is_open_here(path):
        return  # already open and checked in this process: reading it by hand would drop SQLite's locks
    try:
        with path.open("rb") as fh:
            head = fh.read(72)
    except OSError as exc:
        raise StoreError(_("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": system_reason(exc)}) from None
    if head.startswith(SQLITE_MAGIC) and int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise NotAQcdcDatabase(_("%(path)s is a database of another program, not a QCDC data file.")
                               % {"path": path})
    if head.startswith(SQLITE_MAGIC):
        raise DatabaseNotEncrypted(_("%(path)s is not encrypted: it is a data file of an earlier version, "
                                     "to be converted first (the program offers it at sign-in; on the "
                                     "command line: qcdc convert --db %(path)s).") % {"path": path})


def precheck(path: Path) -> None:
    """Refuse, before any password is asked, a data file that is missing, a folder, another
    program's database, or a plain file of an earlier version (to be converted)."""
    path = Path(path)
    if not path.exists():
        raise DatabaseMissing(_("There is no data file at %(path)s. Create one with: qcdc init --db %(path)s "
                                "--unit-code CODE") % {"path": path})
    if path.is_dir():
        raise NotAQcdcDatabase(_("%(path)s is a folder, not a data file.") % {"path": path})
    _check_header(path)


def require_keys(path: Path) -> None:
    """Refuse a data file without its key-slot file beside it: nobody can open it."""
    if not keyslots.keys_path(path).is_file():
        raise NotAQcdcDatabase(_("%(path)s cannot be opened: it is not a QCDC data file, or its key file "
                                 "(%(keys)s) is not beside it.")
                               % {"path": path, "keys": keyslots.keys_path(path).name})
