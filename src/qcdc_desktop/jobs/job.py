"""Long work off the UI thread, with progress and a cooperative Cancel.

The work itself is a plain function ``fn(*, progress, cancelled) -> result`` testable without Qt:
``progress(done, total)`` reports, ``cancelled()`` says whether to stop (then raise
:class:`Cancelled`).  :class:`Job` runs it on Qt's thread pool and turns the calls into signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

# The work functions live below Qt (sync, printing) and raise the core's exception; it is this
# module's Cancelled too, so a job catches what they raise.
from ..core.errors import Cancelled

__all__ = ["Cancelled", "Job", "Work"]

log = logging.getLogger(__name__)

Work = Callable[..., Any]


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _Signals, flag: threading.Event, returned: threading.Event) -> None:
        super().__init__()
        self._held: tuple[Work, _Signals] | None = (work, signals)
        self._flag, self._returned = flag, returned

    def run(self) -> None:
        try:
            self._run()
        finally:
            # The job holds the work and its signals too, and lets them go on its own thread once
            # told the work has returned.  Dropped here first, a wrapper of a Qt object is never
            # freed on this thread while the job's thread deletes the object under it (seen: 3
            # signal objects in 5,000 jobs freed here; a segfault with no Python frame in CI).
            self._held = None
            self._returned.set()  # past the last emit: the job may now be let go

    def _run(self) -> None:
        if self._held is None:  # run once only
            return
        work, signals = self._held
        try:
            result = work(progress=lambda done, total: self._emit(signals.progress, done, total),
                          cancelled=self._flag.is_set)
        except Cancelled:
            self._emit(signals.cancelled)
        except Exception as exc:  # noqa: BLE001 - reported to the UI, traceback in the log
            log.exception("job failed")
            self._emit(signals.failed, exc)
        else:
            if self._flag.is_set():
                self._emit(signals.cancelled)
            else:
                self._emit(signals.finished, result)

    def _emit(self, signal: Any, *args: object) -> None:
        """Report to the job, unless the program already let it go: a window closed at the end
        of the program deletes what a work still running (the file's check, told to stop) would
        report to, and there is no one left to tell."""
        try:
            signal.emit(*args)
        except RuntimeError:  # "Signal source has been deleted"
            self._flag.set()


_running: set["Job"] = set()  # a job lives until its work ends, whatever became of its owner


class Job(QObject):
    """One run of a piece of long work.  Connect to the signals, then :meth:`start`.

    ``owner`` is the widget the work is for.  The job itself is not its Qt child: a window closed
    while its work runs (a dialog accepted before the sheet it prepares is ready) must not take
    with it the object the work thread reports to.  Once the owner is gone the work is asked to
    stop and nothing is reported: there is no one left to tell.
    """

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, work: Work, owner: QObject | None = None) -> None:
        super().__init__(None)
        self._signals = _Signals(self)  # emitted from the work thread, relayed on this one
        self._signals.progress.connect(self._relay_progress)
        self._signals.finished.connect(self._relay_finished)
        self._signals.failed.connect(self._relay_failed)
        self._signals.cancelled.connect(self._relay_cancelled)
        self._flag = threading.Event()
        self._returned = threading.Event()
        self._owner_gone = False
        self._work = work
        if owner is not None:
            owner.destroyed.connect(self._forget_owner)

    def start(self, pool: QThreadPool | None = None) -> None:
        _running.add(self)
        runnable = _Runnable(self._work, self._signals, self._flag, self._returned)
        (pool or QThreadPool.globalInstance()).start(runnable)

    def cancel(self) -> None:
        self._flag.set()

    def _forget_owner(self) -> None:
        self._owner_gone = True
        self._flag.set()

    def _relay_progress(self, done: int, total: int) -> None:
        if not self._owner_gone:
            self.progress.emit(done, total)

    def _relay_finished(self, result: object) -> None:
        self._end()
        if not self._owner_gone:
            self.finished.emit(result)

    def _relay_failed(self, error: object) -> None:
        self._end()
        if not self._owner_gone:
            self.failed.emit(error)

    def _relay_cancelled(self) -> None:
        self._end()
        if not self._owner_gone:
            self.cancelled.emit()

    def _end(self) -> None:
        """Let the job go once its work thread is out of its last emit: deleting the object it
        emits from while that thread is still inside the emit crashes the program."""
        if self._returned.is_set():
            _running.discard(self)
        else:
            QTimer.singleShot(10, self._end)
