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

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._store: Store | None = None

    @Slot(int, object)
    def run(self, ticket: int, op: Operation) -> None:
        try:
            if self._store is None:
                # The first operation opens the file: the cheap checks, and migrations after a
                # verified backup.  The whole file is checked after the window is up (ui.file_check).
                self._store = open_store(self._path, check=False)
            result = op(self._store)
        except Exception as exc:  # noqa: BLE001 - handed to the caller, who shows a sentence
            log.exception("database operation failed")
            # SQLite's "malformed" is called damage only after the file failed an integrity check.
            self.done.emit(ticket, None, explain(self._path, exc))
            return
        self.done.emit(ticket, result, None)

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
    _request = Signal(int, object)
    _waited = Signal(object, object)
    _close = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._tickets = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None] | None, Callable[[Exception], None] | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName("qcdc-database")
        self._worker = _Worker(self.path)
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
        self._request.emit(ticket, op)
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
