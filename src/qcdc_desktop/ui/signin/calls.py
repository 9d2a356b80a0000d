"""A call that may be slow (a password hashed, the data file read) run off the UI thread.

The callables the sign-in widgets receive are plain functions; :func:`run_call` runs one as a
:class:`~qcdc_desktop.jobs.job.Job` and hands back its result or its error on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from ...jobs.job import Job

# Jobs under way, held until they end: a job belongs to no widget, so a dialog closed (and
# deleted) while its call runs takes nothing down with it; the answer is then dropped.
_running: set[Job] = set()


def run_call(owner: QObject, call: Callable[[], Any], *, on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None]) -> Job:
    """Start ``call()`` on the thread pool; exactly one of the callbacks runs on the UI thread,
    unless ``owner`` was deleted meanwhile."""

    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        return call()

    job = Job(work)
    _running.add(job)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(job)
        job.deleteLater()
        if shiboken6.isValid(owner):
            callback(value)

    job.finished.connect(lambda result: finish(on_done, result))
    job.failed.connect(lambda error: finish(on_error, error))
    job.start()
    return job
