"""Long work with a progress bar and Cancel: a job, and a dialog that shows after half a second."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ...jobs.job import Job, Work

SHOW_AFTER_MS = 500  # work that ends sooner never flashes a dialog


def dismiss(dialog: QProgressDialog) -> None:
    """Take a progress dialog away for good.  Hiding is not enough: the dialog's own timer, started
    when it was made or first given a value, would show it again half a second later — over the
    error message that followed the work, hiding that message's button."""
    dialog.reset()  # stops the timer that would show it
    dialog.hide()
    dialog.deleteLater()


def run_with_progress(parent: QWidget, label: str, work: Work, *, on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None], on_cancel: Callable[[], None] | None = None) -> Job:
    """Start ``work(progress=…, cancelled=…)`` off the UI thread; a progress dialog with Cancel
    appears when it takes longer than half a second.  Exactly one of the callbacks runs."""
    dialog = QProgressDialog(parent)  # its Cancel button in Qt's own (translated) words
    dialog.setLabelText(label)
    dialog.setRange(0, 0)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = Job(work, parent)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def finish(callback: Callable[..., None], *args: object) -> None:
        dialog.canceled.disconnect(job.cancel)
        dismiss(dialog)
        # The job is not deleted here: its work's thread may still be on its way out of the report
        # that brought us here.  It goes by itself once that thread is out (jobs.job.Job._end).
        callback(*args)

    dialog.canceled.connect(job.cancel)
    job.progress.connect(progress)
    job.finished.connect(lambda result: finish(on_done, result))
    job.failed.connect(lambda error: finish(on_error, error))
    job.cancelled.connect(lambda: finish(on_cancel or (lambda: None)))
    dialog.setValue(0)
    job.start()
    return job
