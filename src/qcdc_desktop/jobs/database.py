"""The single database worker.

Every write is an operation — a plain function ``op(store) -> result`` — submitted here and run on
one worker thread that owns the only read-write connection.  When the result is (or carries) a
:class:`~qcdc_desktop.core.changes.Changes`, it is broadcast once through :attr:`Database.changed`
and each view decides whether to refresh.
"""

from __future__ import annotations

import atexit
import itertools
from concurrent.futures import Future
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.changes import Changes
from ..db.connection import Store, open_store
from ..db.file_errors import explain

log = logging.getLogger(__name__)

Operation = Callable[[Store], Any]

# Every worker thread not yet shut down.  Held here so that a Database forgotten without shutdown()
# (a window torn down by an error) is never collected with its thread running: Qt aborts the whole
# program when a running QThread is destroyed.  Whatever is left at exit is stopped then.
_running: set["Database"] = set()


@atexit.register
def _stop_forgotten_workers() -> None:
    for database in list(_running):
        log.warning("database worker for %s stopped at exit", database.path)
        database.shutdown()


class _Worker(QObject):
    done = Signal(int, object, object)  # ticket, result, error

    def __init__(self, path: Path, operations: dict[int, Operation]) -> None:
        super().__init__()
        self._path = path
        self._store: Store | None = None
        self._operations = operations  # shared with the Database, which also holds each one

    @Slot(int)
    def run(self, ticket: int) -> None:
        # The operation is taken from the shared table, not carried by the signal: a signal's
        # arguments are freed on this thread after the slot returns, possibly after the UI thread
        # handled the outcome and deleted a Qt object the operation refers to (the import's
        # progress signals), and freeing the last wrapper of a deleted object can crash.  Here the
        # Database keeps the operation until its outcome is handled on the UI thread, and this
        # thread lets go of it (and of the error's frames, which refer to it) before reporting.
        op = self._operations[ticket]
        result: Any = None
        error: BaseException | None = None
        try:
            if self._store is None:
                # The first operation opens the file: the cheap checks, and migrations after a
                # verified backup.  The whole file is checked after the window is up (ui.file_check).
                self._store = open_store(self._path, check=False)
            result = op(self._store)
        except Exception as exc:  # noqa: BLE001 - handed to the caller, who shows a sentence
            log.exception("database operation failed")
            # SQLite's "malformed" is called damage only after the file failed an integrity check.
            error = _without_frames(explain(self._path, exc))
            _without_frames(exc)
        del op
        self.done.emit(ticket, result, error)

    @Slot(object, object)
    def run_waited(self, op: Operation, answer: Future[Any]) -> None:
        """``op`` for a caller waiting on another thread (:meth:`Database.call`)."""
        try:
            if self._store is None:
                self._store = open_store(self._path, check=False)
            answer.set_result(op(self._store))
        except Exception as exc:  # noqa: BLE001 - raised again in the waiting thread
            answer.set_exception(explain(self._path, exc))

    @Slot()
    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _without_frames(error: BaseException) -> BaseException:
    """``error`` without the frames it was raised through (already logged), nor those of the
    errors it carries: they hold the operation's variables, which must not be freed here."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return error


def _alive(callback: Callable[[Any], None] | None) -> Callable[[Any], None] | None:
    """None when the callback is a method of a widget that has been destroyed meanwhile (a
    window closed while its operation was still running)."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject) and not shiboken6.isValid(owner):
        return None
    return callback


class Database(QObject):
    """Owns the worker thread.  ``submit`` queues an operation; callbacks run on the UI thread."""

    changed = Signal(object)  # Changes
    _request = Signal(int)
    _waited = Signal(object, object)
    _close = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._tickets = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None] | None, Callable[[Exception], None] | None]] = {}
        self._operations: dict[int, Operation] = {}
        self._thread = QThread()
        self._thread.setObjectName("qcdc-database")
        self._worker = _Worker(self.path, self._operations)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._waited.connect(self._worker.run_waited)
        self._close.connect(self._worker.close)
        self._worker.done.connect(self._finished)
        self._thread.start()
        _running.add(self)

    def submit(self, op: Operation, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None) -> int:
        ticket = next(self._tickets)
        self._pending[ticket] = (on_done, on_error)
        self._operations[ticket] = op
        self._request.emit(ticket)
        return ticket

    def open(self, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[Exception], None] | None = None) -> int:
        """Open and check the data file on the worker thread; report the outcome."""
        return self.submit(lambda store: None, on_done, on_error)

    def call(self, op: Operation) -> Any:
        """Run ``op`` on the worker and wait for its result (or its error, raised here).  For a
        thread of the pool (a job), never the UI thread: the window would stop answering meanwhile.
        Changes it returns are announced on :attr:`changed` as for :meth:`submit`."""
        if QThread.currentThread() in (self._thread, self.thread()):
            raise RuntimeError("Database.call waits: call it from a job's thread")
        answer: Future[Any] = Future()
        self._waited.emit(op, answer)
        result = answer.result()
        changes = result if isinstance(result, Changes) else getattr(result, "changes", None)
        if isinstance(changes, Changes):
            self.changed.emit(changes)
        return result

    def busy(self) -> bool:
        return bool(self._pending)

    @Slot(int, object, object)
    def _finished(self, ticket: int, result: Any, error: Exception | None) -> None:
        on_done, on_error = self._pending.pop(ticket, (None, None))
        self._operations.pop(ticket, None)  # let go here, on the UI thread (see _Worker.run)
        on_done, on_error = _alive(on_done), _alive(on_error)
        if error is not None:
            if on_error:
                on_error(error)
            return
        if on_done:
            on_done(result)
        changes = result if isinstance(result, Changes) else getattr(result, "changes", None)
        if isinstance(changes, Changes):
            self.changed.emit(changes)

    def shutdown(self) -> None:
        """Finish queued operations, close the connection and stop the thread."""
        if self not in _running:
            return
        self._close.emit()
        self._thread.quit()
        self._thread.wait()
        _running.discard(self)
