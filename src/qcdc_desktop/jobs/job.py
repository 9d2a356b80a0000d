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

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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
    def __init__(self, work: Work, signals: _Signals, flag: threading.Event) -> None:
        super().__init__()
        self._work, self._signals, self._flag = work, signals, flag

    def run(self) -> None:
        try:
            result = self._work(progress=lambda done, total: self._signals.progress.emit(done, total),
                                cancelled=self._flag.is_set)
        except Cancelled:
            self._signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - reported to the UI, traceback in the log
            log.exception("job failed")
            self._signals.failed.emit(exc)
        else:
            if self._flag.is_set():
                self._signals.cancelled.emit()
            else:
                self._signals.finished.emit(result)


class Job(QObject):
    """One run of a piece of long work.  Connect to the signals, then :meth:`start`."""

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _Signals(self)
        self.progress = self._signals.progress
        self.finished = self._signals.finished
        self.failed = self._signals.failed
        self.cancelled = self._signals.cancelled
        self._flag = threading.Event()
        self._work = work

    def start(self, pool: QThreadPool | None = None) -> None:
        runnable = _Runnable(self._work, self._signals, self._flag)
        (pool or QThreadPool.globalInstance()).start(runnable)

    def cancel(self) -> None:
        self._flag.set()
