"""Encrypted data files: SQLCipher connections opened with the file's raw 256-bit key, and the
encrypted copy of a plain file (docs/keys.md, "The data file encrypted at rest").

The binding is ``sqlcipher3`` (docs/keys.md says why): the ``sqlite3`` module's own code over a
statically linked SQLCipher, so its connections, cursors and ``executemany`` behave as the
standard library's — but its classes are its own.  Code that receives one of these connections
catches :data:`DatabaseError` and friends from here, not ``sqlite3``'s, and uses :data:`Row`
(``sqlite3.Row`` refuses the binding's cursors).

The key is given raw (``PRAGMA key = "x'<64 hex digits>'"``): SQLCipher then uses it as the
encryption key as it is, with no passphrase derivation of its own — the argon2id derivation and
the wrapping are in ``core.filekey``.  Every other setting is SQLCipher 4's default (AES-256-CBC
pages of 4096 bytes with an HMAC-SHA512 each), pinned with ``PRAGMA cipher_compatibility = 4`` so
that a later SQLCipher with other defaults still opens the file the same way.

Two SQLite libraries in one process do not see each other's file locks: never have a connection
of the standard ``sqlite3`` module and one of this module open on the same file at once.
"""

from __future__ import annotations

import errno
import os
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import sqlcipher3.dbapi2 as _binding

from ..core.errors import (
    DatabaseBusy,
    DatabaseExists,
    DatabaseNotEncrypted,
    FileKeyRefused,
    NotAQcdcDatabase,
    StoreError,
    system_reason,
)
from ..core.filekey import FILE_KEY_BYTES
from ..l10n import _

CIPHER_COMPATIBILITY = 4
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
BUSY_TIMEOUT_MS = 10_000  # how long any connection to a data file waits for another program's lock
busy_timeout_ms = BUSY_TIMEOUT_MS  # (tests shorten it)

Error: type[Exception] = _binding.Error
DatabaseError: type[Exception] = _binding.DatabaseError
OperationalError: type[Exception] = _binding.OperationalError
IntegrityError: type[Exception] = _binding.IntegrityError
Row: Any = _binding.Row


def row_factory_for(conn: Any) -> Any:
    """The row class for a connection of either binding (``sqlite3.Row`` refuses this binding's
    cursors, and the other way round): a plain file of an earlier version is read through
    ``sqlite3``."""
    return sqlite3.Row if isinstance(conn, sqlite3.Connection) else Row


def sqlcipher_version() -> str:
    """The version of SQLCipher the binding carries, e.g. ``4.19.0 community``."""
    conn = _binding.connect(":memory:")
    try:
        return str(conn.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        conn.close()


def _key_literal(file_key: bytes) -> str:
    if len(file_key) != FILE_KEY_BYTES:
        raise ValueError("a file key is 32 bytes")
    return f"\"x'{file_key.hex()}'\""


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _raw_connect(path: Path, mode: str, check_same_thread: bool) -> Any:
    conn = _binding.connect(_uri(path, mode), uri=True, isolation_level=None,
                            check_same_thread=check_same_thread, timeout=busy_timeout_ms / 1000)
    # SQLCipher writes its own lines to the standard error when a page does not decrypt (a wrong
    # key): the refusal is said here in a sentence instead.  The setting is the whole process's.
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _is_plain_sqlite(path: Path) -> bool:
    """True when the binding reads ``path`` without a key: a plain SQLite file.  (Read through
    SQLite, not by hand: see connection.py on descriptors and locks.)"""
    try:
        conn = _raw_connect(path, "ro", True)
    except _binding.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except _binding.Error:
        return False
    finally:
        conn.close()


def is_plain(path: Path) -> bool:
    """True when ``path`` is a plain (unencrypted) SQLite file, such as a data file of an earlier
    version.  Read through SQLite (see connection.py on descriptors and locks)."""
    return Path(path).is_file() and _is_plain_sqlite(Path(path))


def plain_connect(path: Path) -> sqlite3.Connection:
    """A connection without a key to the plain SQLite file at ``path``, for converting it."""
    return cast(sqlite3.Connection, _raw_connect(Path(path), "rw", True))


def open_reason(error: BaseException) -> str:
    """Why SQLite could not open or create a file, in the user's language (its own words are English)."""
    text = str(error).lower()
    if "unable to open" in text:
        return _("the system does not let this program open or create a file there (a folder this account may not "
                 "write, or a drive that is no longer there)")
    for words, number in (("disk i/o", errno.EIO), ("full", errno.ENOSPC), ("readonly", errno.EROFS)):
        if words in text:
            return system_reason(OSError(number, ""))
    return _("SQLite refused it (%(detail)s)") % {"detail": error}

def connect(path: Path, file_key: bytes, *, readonly: bool = False, create: bool = False,
            check_same_thread: bool = False) -> sqlite3.Connection:
    """A connection to the encrypted data file at ``path`` with ``file_key`` (32 bytes), the key
    checked by reading the schema.  With ``create``, a missing file is created encrypted.

    Refused with a sentence: a missing file (unless ``create``), a folder, an empty file, a plain
    SQLite file (:class:`DatabaseNotEncrypted`), a key that does not open the file
    (:class:`FileKeyRefused`), and a file that is no database at all (:class:`NotAQcdcDatabase`).

    Typed as a ``sqlite3.Connection`` (the binding's API is the same) for the database layer's
    functions; see the module's docstring about its errors and rows."""
    path = Path(path)
    key = _key_literal(file_key)
    if path.is_dir():
        raise NotAQcdcDatabase(_("%(path)s is a folder, not a data file.") % {"path": path})
    exists = path.exists()
    if not exists and not create:
        raise StoreError(_("There is no data file at %(path)s.") % {"path": path})
    if exists and path.stat().st_size == 0:
        raise NotAQcdcDatabase(_("%(path)s is empty: it is not a QCDC data file.") % {"path": path})
    mode = "ro" if readonly else ("rwc" if create else "rw")
    try:
        conn = _raw_connect(path, mode, check_same_thread)
    except _binding.Error as exc:
        raise StoreError(_("Cannot open %(path)s: %(reason)s") % {"path": path, "reason": open_reason(exc)}) from None
    try:
        conn.execute(f"PRAGMA key = {key}")
        conn.execute(f"PRAGMA cipher_compatibility = {CIPHER_COMPATIBILITY}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except _binding.DatabaseError as exc:
        conn.close()
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
            raise DatabaseBusy(_("The data file is busy with another task; try again in a moment.")) from None
        raise _refusal(path) from None
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def _refusal(path: Path) -> StoreError:
    """Why a file did not open with a key: plain SQLite, another key, or not a database."""
    if _is_plain_sqlite(path):
        return DatabaseNotEncrypted(_("%(path)s is not encrypted: it is a data file of an earlier "
                                      "version, to be converted first.") % {"path": path})
    if path.stat().st_size % 512:
        return NotAQcdcDatabase(_("%(path)s is not a QCDC data file.") % {"path": path})
    return FileKeyRefused(_("The data file %(path)s does not open with this key: it is encrypted for "
                            "other accounts, or it is not a QCDC data file.") % {"path": path})


def _tables(conn: Any) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 "
                        "ORDER BY name").fetchall()
    return [str(row[0]) for row in rows]


def _rows(conn: Any, table: str) -> Iterator[tuple[Any, ...]]:
    quoted = table.replace('"', '""')
    yield from conn.execute(f'SELECT * FROM "{quoted}"')


def _same_content(plain: Any, encrypted: Any) -> str | None:
    """None when both connections hold the same tables with the same rows in the same order and the
    same user_version and application_id; else what differs (for the log and the error)."""
    for pragma in ("user_version", "application_id"):
        if plain.execute(f"PRAGMA {pragma}").fetchone() != encrypted.execute(f"PRAGMA {pragma}").fetchone():
            return pragma
    tables = _tables(plain)
    if tables != _tables(encrypted):
        return "tables"
    for table in tables:
        left, right = _rows(plain, table), _rows(encrypted, table)
        sentinel = object()
        while True:
            a, b = next(left, sentinel), next(right, sentinel)
            if a != b:
                return table
            if a is sentinel:
                break
    return None


def encrypt_copy(plain_path: Path, encrypted_path: Path, file_key: bytes) -> None:
    """Write an encrypted copy of the plain SQLite file ``plain_path`` at ``encrypted_path`` (which
    must not exist) with ``file_key``, through ``sqlcipher_export`` (every table, index, trigger
    and the search index's own tables, page by page as SQLite reads them; triggers do not fire).

    The copy is written beside its destination under a temporary name, synced, opened again with
    the key and checked (integrity, and every row of every table equal to the plain file's), and
    only then given its name; on any failure nothing is left at ``encrypted_path``.  The plain file
    is only read.  No other connection of this process may be open on it (module docstring)."""
    plain_path, encrypted_path = Path(plain_path), Path(encrypted_path)
    _key_literal(file_key)  # refuses a key of the wrong size before anything is written
    if encrypted_path.exists():
        raise DatabaseExists(_("%(path)s already exists; choose another file.") % {"path": encrypted_path})
    if not plain_path.is_file() or not _is_plain_sqlite(plain_path):
        raise NotAQcdcDatabase(_("%(path)s is not an unencrypted QCDC data file: there is nothing to "
                                 "convert.") % {"path": plain_path})
    part = encrypted_path.with_name(f".{encrypted_path.name}.{secrets.token_hex(4)}.part")
    plain = _raw_connect(plain_path, "ro", True)
    try:
        plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (_uri(part, "rwc"), f"x'{file_key.hex()}'"))
        plain.execute(f"PRAGMA encrypted.cipher_compatibility = {CIPHER_COMPATIBILITY}")
        plain.execute("SELECT sqlcipher_export('encrypted')").fetchone()
        for pragma in ("user_version", "application_id"):  # not carried by sqlcipher_export
            value = int(plain.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            plain.execute(f"PRAGMA encrypted.{pragma} = {value}")
        plain.execute("DETACH DATABASE encrypted")
        _fsync(part)
        copy = cast(Any, connect(part, file_key, readonly=True, check_same_thread=True))
        try:
            problems = [str(row[0]) for row in copy.execute("PRAGMA integrity_check")]
            differs = _same_content(plain, copy)
        finally:
            copy.close()
        if problems != ["ok"] or differs is not None:
            raise StoreError(_("The encrypted copy of %(path)s differs from it; the plain file is kept "
                               "as it is.") % {"path": plain_path})
        os.replace(part, encrypted_path)
        _fsync(encrypted_path.parent)
    except BaseException:
        part.unlink(missing_ok=True)
        for suffix in ("-journal", "-wal", "-shm"):
            Path(f"{part}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        plain.close()


def _fsync(path: Path) -> None:
    """Make ``path`` (a file, or a folder's entries) durable.  The encrypted copy has no connection
    open when it is synced, so opening it by hand drops no SQLite lock."""
    if path.is_dir() and os.name == "nt":
        return  # Windows cannot open a folder to sync it; NTFS keeps its metadata journalled
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
