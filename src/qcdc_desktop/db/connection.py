"""Opening the database: pragmas, the SQL functions (db/functions.py), migrations; the checks of the
file that need no SQLite are in db/file_checks.py.

Every connection runs in WAL mode with ``synchronous=FULL`` and foreign keys on.  A file that is
missing, foreign, damaged or from a newer version of the program is refused with a sentence.

Two rules keep every commit safe when other programs touch the file:

- No descriptor of the data file is ever opened outside SQLite while a connection of this process
  is open on it.  Closing any descriptor of a file drops all of the process's POSIX locks on it
  (SQLite's "How To Corrupt An SQLite Database File", 2.2); another program then believes it is
  the only user, removes the write-ahead log, and our later commits vanish.  The header is read
  by hand only before this process's first connection to the file.
- A writer holds the file (``holder``): a second program that wants to write is refused with a
  sentence naming the holder; readers go through SQLite's own locking.

What SQLite's errors mean for a person (damage, a busy file) is said by db/file_errors.py.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseExists,
    FileKeyRefused,
    NotAQcdcDatabase,
    NotSignedIn,
    SchemaTooNew,
    StoreError,
)
from ..core.roles import Operation, require
from ..core.settings import UNIT_CODE
from ..core.users import User
from ..l10n import _
from ..core.history import Actor
from . import access, cipher, file_checks, history, holder, keyslots
from .backup_files import write_backup
from .file_checks import APPLICATION_ID, precheck, require_keys
from .file_errors import describe_damage, explain, is_busy
from .integrity import BUSY_TIMEOUT_MS, passes_integrity_check
from .functions import register_functions
from .migrations import LATEST, apply_migrations
from .search_index import flush_search

log = logging.getLogger(__name__)

PAGE_CACHE_KIB = -65536  # negative: a size in KiB, not a count of pages


def _connect(path: Path, file_key: bytes, *, readonly: bool,
             create: bool) -> tuple[sqlite3.Connection, tuple[int, int] | None]:
    conn = cipher.connect(path, file_key, readonly=readonly, create=create)
    key = file_checks.opened(path)
    try:
        register_functions(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # freed space is overwritten: erased data does not linger
        # Each page read from an encrypted file is checked and decrypted; a cache of
        # 64 MiB keeps the search's index pages decrypted once per connection
        # instead of once per query (bench/search.py, docs/performance.md).
        conn.execute(f"PRAGMA cache_size = {PAGE_CACHE_KIB}")
        if not readonly:
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        _disconnect(conn, key)
        raise
    return conn, key


def _disconnect(conn: sqlite3.Connection, key: tuple[int, int] | None) -> None:
    conn.close()
    file_checks.closed(key)


def _is_the_files_key(path: Path, file_key: bytes) -> bool:
    """True when ``file_key`` is known to be the key of the file at ``path`` (its key-slot file
    says so): then a file that does not open with it is damaged, not someone else's."""
    try:
        return keyslots.same_key(path, file_key)
    except StoreError:
        return False


class Store:
    """An open database: the connection ``conn`` to the data file at ``path``, opened by ``user``
    (the signed-in account whose role decides what this store may do: :meth:`require`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool, *, user: User | None = None,
                 file_key: bytes = b"", key: tuple[int, int] | None = None, held: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.user = user
        self.file_key = file_key
        self._savepoints = 0
        self._reason = ""
        self._history: bool | None = None
        self._key = key
        self._held = held
        self._closed = False

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        _disconnect(self.conn, self._key)
        if self._held:
            holder.release(self.path)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> None:
        self.close()
        # Opening without the quick check (dump, search, check) meets damage only when it reads the
        # bad page: said as on opening (after an integrity check of its own), not as a crash.
        if error is not None:
            explained = explain(self.path, error)
            if explained is not error:
                log.error("reading %s failed: %s", self.path, error)
                raise explained from error

    @contextlib.contextmanager
    def transaction(self, reason: str = "") -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all, with the
        history entries of what it changed (db/history.py), naming the signed-in account and
        ``reason``.

        Nested inside another transaction it is a savepoint, so operations compose: an outer
        operation that calls inner ones still commits once, or not at all; an inner reason is
        the outer's when the outer has none.
        """
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"nested_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            if reason and not self._reason:
                self._reason = reason
            try:
                yield self.conn
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute(f"RELEASE {name}")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except cipher.OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy(_("The data file is busy with another task; try again in a moment.")) from None
            raise
        self._reason = reason
        try:
            yield self.conn
            self.seal_history()
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._reason = ""

    @property
    def keeps_history(self) -> bool:
        """Whether this file keeps a history (every file since its migration; asked once)."""
        if self._history is None:
            self._history = history.has_history(self.conn)
        return self._history

    def seal_history(self, reason: str = "", *, at: str | None = None, group: int | None = None,
                     values_erased: bool = False) -> None:
        """Before the open transaction's COMMIT: the search indexes brought up to date with its
        changes (db/search_index.py) and the history entries of those changes written, by the
        signed-in account, with ``reason`` or the transaction's.  ``at``, ``group`` and
        ``values_erased`` are those of ``history.seal`` (a bulk write sealing batch by batch,
        db/batch_seal.py)."""
        flush_search(self.conn)
        if self.keeps_history:
            user = self.user
            history.seal(self.conn, Actor(user.login, user.name) if user else Actor(), reason or self._reason,
                         at=at, group=group, values_erased=values_erased)

    @contextlib.contextmanager
    def page_cache(self, kib: int) -> Iterator[None]:
        """The connection's page cache held to ``kib`` KiB for a while, then as it was: a bulk
        writer that reads few pages twice needs less than the lists' search does (PAGE_CACHE_KIB)."""
        (before,) = self.conn.execute("PRAGMA cache_size").fetchone()
        self.conn.execute(f"PRAGMA cache_size = {-abs(int(kib))}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    def require(self, operation: Operation) -> User:
        """The account acting on this store, when its role allows ``operation``; else
        :class:`NotAllowed` with a sentence, before anything is changed."""
        if self.user is None:
            raise NotSignedIn(_("Nobody is signed in to %(path)s.") % {"path": self.path})
        require(self.user.role, operation)
        return self.user

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @property
    def reason(self) -> str:
        """The reason of the open transaction, given when it began ("" when none was)."""
        return self._reason

    @property
    def origin(self) -> str:
        """The unit code of this office: the origin of every record it creates."""
        code = self.setting(UNIT_CODE.key)
        if code is None:
            raise NotAQcdcDatabase(_("The data file has no unit; it was not created with qcdc init."))
        return code

    def quick_check(self) -> list[str]:
        return [row[0] for row in self.conn.execute("PRAGMA quick_check")]

    def schema_version(self) -> int:
        version: int = self.conn.execute("PRAGMA user_version").fetchone()[0]
        return version


def migrate(store: Store) -> None:
    """Bring the open file to the present schema (a converted file of an earlier version: the plain
    file kept aside is its copy from before)."""
    apply_migrations(store.conn, store.schema_version())


def create_store(path: Path, file_key: bytes, *, upto: int = LATEST) -> Store:
    """Create a new, empty database file at ``path``, encrypted with ``file_key``, with the schema
    applied (``upto`` exists for the migration tests).  Nobody is signed in to it yet: the office's
    first account is added by ``setup.init_office``."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(_("%(path)s is a folder, not a data file.") % {"path": path})
    if path.exists():
        raise DatabaseExists(_("%(path)s already exists; choose another file.") % {"path": path})
    if not path.parent.is_dir():
        raise StoreError(_("The folder %(path)s does not exist.") % {"path": path.parent})
    holder.acquire(path)
    try:
        conn, key = _connect(path, file_key, readonly=False, create=True)
    except BaseException:
        holder.release(path)
        raise
    store = Store(path, conn, readonly=False, file_key=file_key, key=key, held=True)
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        apply_migrations(conn, 0, upto)
    except BaseException:
        store.close()
        path.unlink(missing_ok=True)
        raise
    access.remember(path, file_key, None)  # who made the file holds its key; no account is signed in yet
    return store


def open_store(path: Path, *, readonly: bool = False, check: bool = True, upgrade: bool = True,
               hold: bool | None = None, unlocked: access.Unlocked | None = None) -> Store:
    """Open an existing database with the key and as the person of ``unlocked``, by default those
    of whoever signed in to it in this program (``access``).

    Refuses, with a sentence, a missing file, a file nobody signed in to, a plain SQLite file (of
    an earlier version: to be converted), a key that does not open it, another program's file, a
    damaged file (``quick_check`` when ``check``), a file from a newer version, and — when it
    ``hold``s the file (by default when not ``readonly``) — a file another program holds for
    writing.  Applies pending migrations (after a backup) unless opened read-only.
    """
    path = Path(path)
    precheck(path)
    unlocked = unlocked or access.unlocked(path)
    if unlocked is None:
        require_keys(path)
        raise NotSignedIn(_("Sign in to open the data file %(path)s.") % {"path": path})
    held = (not readonly) if hold is None else hold
    if held:
        holder.acquire(path)
    try:
        conn, key = _connect(path, unlocked.file_key, readonly=readonly, create=False)
    except (FileKeyRefused, NotAQcdcDatabase):
        if held:
            holder.release(path)
        if _is_the_files_key(path, unlocked.file_key):
            log.error("%s does not open with its own key: damaged", path)
            raise DatabaseDamaged(describe_damage(path)) from None
        raise
    except BaseException:
        if held:
            holder.release(path)
        raise
    store = Store(path, conn, readonly=readonly, user=unlocked.user, file_key=unlocked.file_key, key=key,
                  held=held)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise NotAQcdcDatabase(_("%(path)s is a database of another program, not a QCDC data file.")
                                   % {"path": path})
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise SchemaTooNew(_("%(path)s was written by a newer version of QCDC Desktop; "
                                 "update the software to open it.") % {"path": path})
        if check:
            problems = store.quick_check()
            if problems != ["ok"]:
                log.error("quick_check of %s: %s", path, problems[:10])
                raise DatabaseDamaged(describe_damage(path))
        if version < LATEST and upgrade:
            if readonly:
                raise StoreError(_("%(path)s needs an upgrade; open it once without read-only mode.")
                                 % {"path": path})
            write_backup(conn, path, unlocked.file_key, reason=f"before-upgrade-v{version}")
            apply_migrations(conn, version)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        return store
    except cipher.DatabaseError as exc:
        store.close()
        log.exception("opening %s failed", path)
        explained = explain(path, exc)
        if explained is not exc:
            raise explained from None
        if not passes_integrity_check(path, unlocked.file_key):
            raise DatabaseDamaged(describe_damage(path)) from None
        raise  # neither damage nor a busy file: a fault of ours, in the log
    except BaseException:
        store.close()
        raise
