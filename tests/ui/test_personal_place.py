"""The Personal data place in the window (history_fixture.py's office, its meeting with Trần Thị
Bình's opinion): offered to those who keep the register of requests, find and erase only to the
administrator and the leader; from the keyboard a request is added, the person's data found and
erased after a confirmation that refuses a reason naming her; the Follow-up counts the requests
still waiting."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from conftest import PASSWORD
from history_fixture import Made, make_history
from qcdc_desktop import app
from qcdc_desktop.db import accounts
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.followup.page import FollowUpPage
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.personal.answer_dialog import AnswerDialog
from qcdc_desktop.ui.personal.erase_dialog import EraseDialog
from qcdc_desktop.ui.personal.place import PersonalPlace
from qcdc_desktop.ui.personal.request_dialog import RequestDialog

ALT = Qt.KeyboardModifier.AltModifier
_ERRORS: list[BaseException] = []


def _alt(qtbot, window: MainWindow, key: Qt.Key) -> None:
    """Alt+``key`` in the window, as the person presses it (the window active again after a dialog)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(QApplication.focusWidget() or window, key, ALT)


def _check() -> None:
    if _ERRORS:
        error = _ERRORS.pop()
        _ERRORS.clear()
        raise error


@pytest.fixture
def made(tmp_path: Path) -> Made:
    return make_history(tmp_path)


@pytest.fixture
def window_as(qtbot, made: Made, tmp_path: Path, english):
    opened: list[tuple[MainWindow, Database]] = []
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    def open_as(login: str) -> MainWindow:
        accounts.sign_in(made.path, login, PASSWORD)
        database = Database(made.path)
        window = app.build_window(database, made.path, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        opened.append((window, database))
        return window

    yield open_as
    for window, database in opened:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        app.close_window(window)
        database.shutdown()
    QThreadPool.globalInstance().waitForDone(10_000)


def _place(qtbot, window: MainWindow) -> PersonalPlace:
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.current_page() == "personal"
    place = window.pages["personal"]
    assert isinstance(place, PersonalPlace)
    qtbot.waitUntil(lambda: place.register.page is not None, timeout=10_000)
    return place


def _in_dialog(qtbot, kind: type, act) -> list[object]:
    """Run ``act(dialog)`` on the modal dialog of ``kind`` once it shows (its exec() blocks); what
    it found wrong is raised again by :func:`_check` (an error inside Qt's loop would abort)."""
    seen: list[object] = []

    def when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, when_shown)
            return
        seen.append(dialog)
        try:
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
            act(dialog)
        except BaseException as error:  # noqa: BLE001 - raised again in the test's own frame
            _ERRORS.append(error)
            dialog.reject()

    QTimer.singleShot(0, when_shown)
    return seen


@pytest.mark.parametrize(("login", "register", "find", "erase"), [
    ("quantri", True, True, True), ("binh.nv", True, True, True), ("lan.nt", True, False, False),
    ("tam.lm", False, False, False)])
def test_the_place_and_its_actions_follow_the_role(qtbot, window_as, login, register, find, erase) -> None:
    window = window_as(login)
    assert ("personal" in window.pages) == register
    if not register:
        return
    place = _place(qtbot, window)
    assert place.register.add_button.isVisible()
    assert place.find_button.isVisible() == find and place.name.isVisible() == find
    assert place.erase_button.isVisible() == erase


def test_a_request_is_added_the_person_found_and_erased_from_the_keyboard(qtbot, window_as) -> None:
    window = window_as("quantri")
    place = _place(qtbot, window)

    def add(dialog: RequestDialog) -> None:
        dialog.name.insert("Trần Thị Bình")  # QTest types Latin-1 only: as an input method would
        qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)  # "What is asked"
        assert dialog.kind.hasFocus()
        dialog.kind.setCurrentIndex(dialog.kind.findData("erasure"))
        dialog.details.insertPlainText("Đề nghị xóa số điện thoại.")
        qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)

    _in_dialog(qtbot, RequestDialog, add)
    _alt(qtbot, window, Qt.Key.Key_Q)
    _check()
    qtbot.waitUntil(lambda: place.register.model.rowCount() == 1, timeout=10_000)
    request = place.register.model.row_at(0)
    assert request.subject_name == "Trần Thị Bình" and request.requester == "Trần Thị Bình"
    assert "waiting for 0 days" in place.register.model.data(place.register.model.index(0, 1))
    assert place.name.text() == "Trần Thị Bình"  # the selected request names whom to look for

    _alt(qtbot, window, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: place.pdf is not None, timeout=20_000)
    found = place.results.toPlainText()
    assert "Opinion at «Hội nghị đối thoại" in found and "Trần Thị Bình" in found
    assert place.print_button.isEnabled() and place.erase_button.isEnabled()

    def confirm(dialog: EraseDialog) -> None:
        preview = dialog.preview.toPlainText()
        assert "1 opinion of the person" in preview and "register of requests stays" in preview
        dialog.reason.clear()
        dialog.reason.insert("Theo đơn của bà Trần Thị Bình")
        qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)
        qtbot.waitUntil(lambda: "Do not write the person's name" in dialog.errors.text(), timeout=20_000)
        assert dialog.isVisible()  # refused: the dialog stays, nothing erased
        dialog.reason.clear()
        dialog.reason.insert("Đơn yêu cầu nhận trong ngày")
        _in_dialog(qtbot, AnswerDialog, lambda answer: qtbot.keyClick(answer, Qt.Key.Key_S, ALT))
        qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)

    shown = _in_dialog(qtbot, EraseDialog, confirm)
    place.json_button.setFocus()
    qtbot.keyClick(place.json_button, Qt.Key.Key_Tab)  # the next in the Tab order
    assert place.erase_button.hasFocus()
    qtbot.keyClick(place.erase_button, Qt.Key.Key_Space)
    _check()
    assert shown and shown[0].report is not None and shown[0].report.records
    assert "Erased:" in place.results.toPlainText() and not place.erase_button.isEnabled()
    qtbot.waitUntil(lambda: place.register.model.row_at(0).answered_on is not None, timeout=10_000)
    assert "erased" in place.register.model.row_at(0).outcome
    assert place.register.model.row_at(0).erasure_id


def test_the_follow_up_counts_the_requests_still_waiting(qtbot, window_as) -> None:
    window = window_as("lan.nt")
    place = _place(qtbot, window)
    _in_dialog(qtbot, RequestDialog, lambda dialog: (dialog.name.insert("Phạm Văn Đức"),
                                                      qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)))
    _alt(qtbot, window, Qt.Key.Key_Q)
    _check()
    qtbot.waitUntil(lambda: place.register.model.rowCount() == 1, timeout=10_000)
    followup = window.pages["followup"]
    assert isinstance(followup, FollowUpPage)
    qtbot.waitUntil(lambda: followup.requests.model.rowCount() == 1, timeout=10_000)
    assert "not yet answered: 1" in followup.requests.heading.text()
