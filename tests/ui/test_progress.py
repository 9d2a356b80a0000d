"""The progress dialog of long work goes away for good when the work ends, so the message that
follows (an error, most of all) is never covered by it."""

from __future__ import annotations

import sys
import time

import shiboken6

from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from qcdc_desktop.core.errors import StoreError
from qcdc_desktop.ui.widgets.progress import SHOW_AFTER_MS, run_with_progress


def _visible_progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def _fails_after(seconds: float):
    def work(*, progress, cancelled):
        progress(1, 3)
        time.sleep(seconds)
        raise StoreError("the stick was pulled out")
    return work


def _watch_while_the_message_is_up(qtbot, seen: list[int]):
    """What a message box does: an event loop of its own while the person reads.  Meanwhile we
    look for a progress dialog on the screen."""
    def on_error(error: Exception) -> None:
        deadline = time.monotonic() + 3 * SHOW_AFTER_MS / 1000
        while time.monotonic() < deadline:
            QApplication.processEvents()
            seen.append(len(_visible_progress_dialogs()))
            time.sleep(0.01)
    return on_error


def _shown_parent(qtbot) -> QWidget:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    return parent


def test_work_that_fails_quickly_never_shows_its_dialog_over_the_error(qtbot) -> None:
    parent = _shown_parent(qtbot)
    seen: list[int] = []
    errors: list[Exception] = []
    run_with_progress(parent, "Importing…", _fails_after(0.05), on_done=lambda r: None,
                      on_error=lambda e: (errors.append(e), _watch_while_the_message_is_up(qtbot, seen)(e)))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert len(seen) > 10
    assert max(seen) == 0, "the progress dialog came back over the error message"


def test_work_that_fails_slowly_takes_its_dialog_away_before_the_error(qtbot) -> None:
    parent = _shown_parent(qtbot)
    seen: list[int] = []
    shown_during_work: list[int] = []
    errors: list[Exception] = []

    def on_error(error: Exception) -> None:
        errors.append(error)
        _watch_while_the_message_is_up(qtbot, seen)(error)

    run_with_progress(parent, "Importing…", _fails_after(2 * SHOW_AFTER_MS / 1000), on_done=lambda r: None,
                      on_error=on_error)
    qtbot.waitUntil(lambda: bool(_visible_progress_dialogs()) or bool(errors), timeout=10_000)
    shown_during_work.append(len(_visible_progress_dialogs()))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert shown_during_work == [1], "long work shows its progress"
    assert max(seen) == 0


def _finishes_after(seconds: float, result: object = "done"):
    def work(*, progress, cancelled):
        time.sleep(seconds)
        return result
    return work


def test_a_window_closed_while_its_work_runs_is_not_called_back_and_nothing_breaks(qtbot) -> None:
    """A person closes the dialog (the recovery code's, say) before the sheet it prepares is
    ready: when the work ends there is no dialog to tell, and that is not an error."""
    parent = QWidget()
    parent.show()
    called: list[object] = []
    run_with_progress(parent, "Preparing the sheet…", _finishes_after(0.3), on_done=called.append,
                      on_error=called.append)
    shiboken6.delete(parent)  # what dropping the last reference to a closed dialog does
    errors: list[BaseException] = []
    previous = sys.unraisablehook, sys.excepthook
    sys.unraisablehook = lambda info: errors.append(info.exc_value)
    sys.excepthook = lambda kind, value, tb: errors.append(value)
    try:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
    finally:
        sys.unraisablehook, sys.excepthook = previous
    assert errors == []
    assert called == []


def test_the_job_outlives_its_work_thread_when_the_outcome_is_handled_first(qtbot, monkeypatch) -> None:
    """The outcome is handled on the UI thread while the work's thread may still be on its way out
    of its last report; deleting the job (and the signals that thread reports through) under it
    crashed the program at random.  The job goes only once that thread is out."""
    import threading
    import types

    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool

    from qcdc_desktop.jobs import job as job_module

    class _Lingering(threading.Event):
        def set(self) -> None:  # the work's thread slow to get out after its last report
            threading.Event().wait(0.5)
            super().set()

    monkeypatch.setattr(job_module, "threading", types.SimpleNamespace(Event=_Lingering))
    parent = QWidget()
    qtbot.addWidget(parent)
    done: list[object] = []
    job = run_with_progress(parent, "…", lambda *, progress, cancelled: 7, on_done=done.append, on_error=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    still_reporting = not job._returned.is_set()
    assert still_reporting and shiboken6.isValid(job), "the job stays while its work's thread is still in it"
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.waitUntil(lambda: job not in job_module._running, timeout=2000)  # then let go
    assert done == [7]
