"""A call that may be slow (a password hashed, the data file read) run off the UI thread.

The callables the sign-in widgets receive are plain functions; :func:`run_call` runs one as a
:class:`~qcdc_desktop.jobs.job.Job` and hands back its result or its error on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ...jobs.job import Job


def run_call(owner: QObject, call: Callable[[], Any], *, on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None]) -> Job:
    """Start ``call()`` on the thread pool; exactly one of the callbacks runs on the UI thread,
    unless ``owner`` was deleted meanwhile (a dialog closed while its call runs: the answer is
    dropped, see :class:`~qcdc_desktop.jobs.job.Job`)."""

    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        return call()

    job = Job(work, owner)
    job.finished.connect(on_done)
    job.failed.connect(on_error)
    job.start()
    return job
