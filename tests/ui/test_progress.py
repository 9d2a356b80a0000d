"""Long work with a progress bar: the bar goes away with the work, even when what comes next is a
message box that waits for the person."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from qcdc_desktop.core.errors import PrintError
from qcdc_desktop.ui.progress import run_with_progress


def test_a_refusal_said_at_once_is_not_covered_by_the_progress_bar(qtbot) -> None:
    parent = QWidget()  # not handed to qtbot: it is deleted here, after the job it owns
    parent.show()
    covered: list[bool] = []

    def refuse(**_job: object) -> None:
        raise PrintError("Máy in VanPhong đang không nhận lệnh in.")

    def said(_error: Exception) -> None:
        loop = QEventLoop()
        QTimer.singleShot(900, loop.quit)
        loop.exec()  # as a message box waits, past the half second after which the bar shows
        covered.append(any(d.isVisible() for d in parent.findChildren(QProgressDialog)))

    run_with_progress(parent, "Đang in…", refuse, on_done=lambda _r: None, on_error=said)
    qtbot.waitUntil(lambda: bool(covered), timeout=10_000)
    parent.deleteLater()
    assert covered == [False]
