"""One program at a time writes a data file: the lock file beside it, and who holds it.

Whoever opens the file for writing — the application, a writing ``qcdc`` command — takes an
exclusive lock on ``<file>.lock`` for as long as it keeps the file open, and writes there who it
is: the program, the user, the process, the computer and since when.  A second writer is refused
with a sentence that names the holder; readers are not affected (SQLite's own locking lets them
read beside a writer).

The lock is an ``flock`` on POSIX and a byte-range lock on Windows, both held by the operating
system for the life of the process, so a program that was killed or lost its power leaves no lock
behind: the words in the file may still name it, but nothing holds the lock, and the next program
takes it over (a stale lock is recognised by the lock, never by guessing from a process number).
The lock file is never removed, only emptied when released: removing it would let two programs
lock two different files of the same name.

Within one process the lock is shared: the database worker and a job's own connection beside it
(an export, a backup) are the same program.  It is counted and released with the last one.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import DatabaseInUse
from ..l10n import _, format_moment

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
MAX_LOCK_BYTES = 4096
_WINDOWS_LOCK_OFFSET = 1 << 20  # the byte locked on Windows, past the words others must read


@dataclass
class _Held:
    fd: int | None  # None where the file system refuses locks: the file is used without one
    count: int


_held: dict[Path, _Held] = {}
_guard = threading.Lock()
_program = ["qcdc"]


def set_program(name: str) -> None:
    """The name this process shows to a second program ("QCDC Desktop", "qcdc import")."""
    _program[0] = name


WORDS_WAIT_STEPS = 20  # 20 × 25 ms: a holder writes its words at once after taking the lock
WORDS_WAIT_STEP_S = 0.025


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _try_lock(fd: int) -> bool:
    """True when this descriptor now holds the lock; False when another program holds it."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _whoami() -> dict[str, object]:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment: say so, do not fail
        user = "?"
    return {"program": _program[0], "user": user,
            "pid": os.getpid(), "host": socket.gethostname(),
            "since": dt.datetime.now().astimezone().isoformat(timespec="seconds")}


def _read_words(fd: int) -> dict[str, object]:
    try:
        raw = os.pread(fd, MAX_LOCK_BYTES, 0) if hasattr(os, "pread") else b""
        words = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return words if isinstance(words, dict) else {}


def _holders_words(fd: int) -> dict[str, object]:
    """What the holder wrote of itself.  It writes right after taking the lock, so a program that
    tries in between finds the file still empty: it waits a moment for the words before saying."""
    for _attempt in range(WORDS_WAIT_STEPS):
        words = _read_words(fd)
        if words:
            return words
        time.sleep(WORDS_WAIT_STEP_S)
    return _read_words(fd)


def _in_use(db_path: Path, words: dict[str, object]) -> DatabaseInUse:
    if not words:  # a holder that wrote nothing of itself (an older build, a full disk): say only what is known
        return DatabaseInUse(_("The data file %(path)s is open in another program. Close it there first, then "
                               "try again.") % {"path": db_path})
    program = str(words.get("program") or _("another program"))
    user = str(words.get("user") or "?")
    pid = words.get("pid") if isinstance(words.get("pid"), int) else "?"
    try:
        since = format_moment(dt.datetime.fromisoformat(str(words.get("since"))))
    except ValueError:
        since = "?"
    host = str(words.get("host") or "")
    if not host or host == socket.gethostname():
        message = _("The data file %(path)s is open in %(program)s by %(user)s (process %(pid)s) on this "
                    "computer since %(since)s. Close it there first, then try again.")
    else:
        message = _("The data file %(path)s is open in %(program)s by %(user)s (process %(pid)s) on the "
                    "computer %(host)s since %(since)s. Close it there first, then try again.")
    return DatabaseInUse(message % {"path": db_path, "program": program, "user": user, "pid": pid,
                                    "since": since, "host": host})


def acquire(db_path: Path) -> None:
    """Hold ``db_path`` for writing in this process, or raise :class:`DatabaseInUse`."""
    key = Path(db_path).resolve()
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return
        path = lock_path(key)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError as exc:  # a read-only folder: SQLite will refuse the writes itself
            log.warning("no lock file at %s: %s", path, exc)
            _held[key] = _Held(None, 1)
            return
        try:
            locked = _try_lock(fd)
        except OSError as exc:  # a file system without locks (some network shares)
            log.warning("cannot lock %s: %s", path, exc)
            os.close(fd)
            _held[key] = _Held(None, 1)
            return
        if not locked:
            words = _holders_words(fd)
            os.close(fd)
            raise _in_use(Path(db_path), words)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps(_whoami(), ensure_ascii=False).encode("utf-8"))
            os.fsync(fd)
        except OSError as exc:  # the lock holds even when the words cannot be written
            log.warning("cannot write %s: %s", path, exc)
        _held[key] = _Held(fd, 1)


def release(db_path: Path) -> None:
    """Let go of one hold; the last one empties the lock file and unlocks it."""
    key = Path(db_path).resolve()
    with _guard:
        held = _held.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _held[key]
        if held.fd is not None:
            try:
                os.ftruncate(held.fd, 0)
            except OSError:
                pass  # emptying is a courtesy; closing is what unlocks
            os.close(held.fd)


def holds(db_path: Path) -> bool:
    """True when this process holds ``db_path``."""
    with _guard:
        return Path(db_path).resolve() in _held

