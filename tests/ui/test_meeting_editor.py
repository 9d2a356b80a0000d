"""A meeting typed from the keyboard only: three opinions, two conclusions, saved, found again by
search, edited, undone.  Also: validation shown next to the field, drafts, delete and undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.drafts import list_drafts
from qcdc_desktop.db.meetings import iter_meetings
from qcdc_desktop.db.search import search
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.widgets.reason import ReasonDialog

CTRL, ALT, SHIFT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                    Qt.KeyboardModifier.ShiftModifier)


@pytest.fixture
def demo_commune_db(commune_db: Path, qcdc) -> Path:
    """Three demo meetings, written before the window holds the file (one writer at a time)."""
    assert qcdc("demo", "--db", str(commune_db), "--meetings", "3", "--until", "2026-06-30").returncode == 0
    return commune_db


@pytest.fixture
def window(qtbot, commune_db: Path):
    yield from _window(qtbot, commune_db)


@pytest.fixture
def demo_window(qtbot, demo_commune_db: Path):
    yield from _window(qtbot, demo_commune_db)


def _window(qtbot, path: Path):
    database = Database(path)
    win = MainWindow(database)
    qtbot.addWidget(win)
    win.show()
    opened: list[object] = []
    database.open(opened.append)
    qtbot.waitUntil(lambda: opened == [None], timeout=10_000)
    yield win
    qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
    database.shutdown()


def focused():
    return QApplication.focusWidget()


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), k, modifier)


def type_text(qtbot, text: str, *, replace: bool = False) -> None:
    """Type as a Vietnamese input method delivers text: one key event per character, carrying
    the composed letter (QTest.keyClicks only knows ASCII)."""
    if replace:
        key(qtbot, Qt.Key.Key_A, CTRL)
    for ch in text:
        code = ord(ch.upper()) if ch.isascii() and ch.isalnum() else (
            Qt.Key.Key_Space if ch == " " else 0)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focused(), QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))
    qtbot.wait(1)


def tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        key(qtbot, Qt.Key.Key_Tab)


def meetings_in(path: Path):
    with open_store(path, readonly=True, check=False) as store:
        return list(iter_meetings(store))


def type_opinion(qtbot, speaker: str, hamlet: str, field_letters: str, content: str) -> None:
    type_text(qtbot, speaker)
    tab(qtbot)
    type_text(qtbot, hamlet)
    tab(qtbot)
    type_text(qtbot, field_letters)  # type-ahead in the field catalog
    tab(qtbot, 2)  # past "on behalf of"
    type_text(qtbot, content)
    key(qtbot, Qt.Key.Key_Return)


def test_a_meeting_typed_from_the_keyboard_is_saved_found_edited_and_undone(qtbot, window, commune_db) -> None:
    editor = window.editor
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is editor)
    assert focused() is editor.inputs["kind"]
    tab(qtbot, 2)  # kind → track → date
    assert focused() is editor.inputs["held_on"]
    type_text(qtbot, "05/03/2026", replace=True)
    tab(qtbot, 4)  # status, starts, ends → title
    assert focused() is editor.inputs["title"]
    type_text(qtbot, "Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm 2026")
    tab(qtbot)
    type_text(qtbot, "Hội trường UBND phường")
    tab(qtbot, 3)  # mode, hamlets → chair
    assert focused() is editor.inputs["chair"]
    type_text(qtbot, "Nguyễn Văn An", replace=True)
    tab(qtbot)
    type_text(qtbot, "Chủ tịch UBND phường", replace=True)
    tab(qtbot, 2)
    assert focused() is editor.inputs["participants"]
    type_text(qtbot, "120", replace=True)

    key(qtbot, Qt.Key.Key_2, ALT)
    assert editor.tabs.currentIndex() == 1 and focused() is editor.opinions.inputs["speaker"]
    type_opinion(qtbot, "Trần Thị Bình", "Thôn 3", "dat", "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ.")
    type_opinion(qtbot, "Lê Văn Cường", "Thôn 5", "giao", "Đường liên thôn xuống cấp, đề nghị sửa chữa.")
    type_opinion(qtbot, "Phạm Thị Dung", "Thôn 3", "moi", "Rác thải không được thu gom thường xuyên.")
    assert [r["field"] for r in editor.opinions.records] == ["land", "transport", "environment"]
    assert focused() is editor.opinions.inputs["speaker"]  # ready for the next opinion

    key(qtbot, Qt.Key.Key_3, ALT)
    assert focused() is editor.inputs["conclusion"]
    type_text(qtbot, "Chủ tịch UBND phường tiếp thu, giao các đơn vị giải quyết.")
    tab(qtbot)
    assert focused() is editor.tasks.inputs["content"]
    type_text(qtbot, "Hoàn thiện hồ sơ cấp giấy chứng nhận cho 12 hộ.")
    tab(qtbot)
    type_text(qtbot, "Công chức Địa chính - Xây dựng")
    tab(qtbot)
    type_text(qtbot, "30/04/2026")
    tab(qtbot, 2)
    type_text(qtbot, "1")
    key(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Sửa chữa đường liên thôn qua Thôn 5.")
    tab(qtbot)
    type_text(qtbot, "Phòng Kinh tế")
    tab(qtbot)
    type_text(qtbot, "30/06/2026")
    tab(qtbot, 2)
    type_text(qtbot, "2")
    key(qtbot, Qt.Key.Key_Return)
    assert len(editor.tasks.records) == 2

    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: editor.meeting_id is not None and not editor.dirty, timeout=10_000)
    [meeting] = meetings_in(commune_db)
    assert meeting.held_on == dt.date(2026, 3, 5) and meeting.participants == 120
    assert [o.speaker for o in meeting.opinions] == ["Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    assert [(t.assignee, t.deadline, t.opinions) for t in meeting.conclusions] == [
        ("Công chức Địa chính - Xây dựng", dt.date(2026, 4, 30), [1]), ("Phòng Kinh tế", dt.date(2026, 6, 30), [2])]
    assert meeting.status == "concluded"

    with open_store(commune_db, readonly=True, check=False) as store:
        hits = search(store, "giay chung nhan")
        assert {h.meeting_id for h in hits} == {meeting.id}
        assert {h.kind for h in hits} == {"opinions", "tasks"}

    def no_drafts() -> bool:  # the draft is discarded once the meeting is saved
        with open_store(commune_db, readonly=True, check=False) as store:
            return list_drafts(store) == []

    qtbot.waitUntil(no_drafts, timeout=10_000)

    # Edit: the title changes, then Ctrl+Z (outside a text box) puts it back.
    key(qtbot, Qt.Key.Key_1, ALT)
    tab(qtbot, 6)
    assert focused() is editor.inputs["title"]
    type_text(qtbot, "Đối thoại về đất đai năm 2026", replace=True)
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not editor.dirty and meetings_in(commune_db)[0].title == "Đối thoại về đất đai năm 2026",
                    timeout=10_000)
    key(qtbot, Qt.Key.Key_1, ALT)  # focus on the kind picker: Ctrl+Z is the window's undo
    key(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: meetings_in(commune_db)[0].title.startswith("Hội nghị đối thoại"), timeout=10_000)
    qtbot.waitUntil(lambda: editor.inputs["title"].text().startswith("Hội nghị đối thoại"), timeout=10_000)
    key(qtbot, Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: meetings_in(commune_db)[0].title == "Đối thoại về đất đai năm 2026", timeout=10_000)


def test_validation_is_shown_next_to_the_field(qtbot, window, commune_db, english) -> None:
    editor = window.editor
    window.new_meeting()
    editor.inputs["held_on"].setText("30/02/2026")
    editor.inputs["chair"].setText("")
    editor.save()
    assert "dd/mm/yyyy" in editor.errors["held_on"].text()
    assert editor.errors["title"].text() == "is required"
    assert editor.errors["chair"].text() == "is required"
    assert not editor.errors["kind"].text()
    assert editor.tabs.currentIndex() == 0
    # Fields now right; the rules that tie records together speak next.
    editor.inputs["held_on"].setText("05/03/2026")
    for key, value in (("title", "Đối thoại"), ("place", "Hội trường"), ("chair", "A"), ("chair_title", "CT")):
        editor.inputs[key].setText(value)
    editor.opinions.set_records([{"speaker": "A", "field": "land", "content": "x", "answered": True, "answer": ""}])
    editor.tasks.set_records([{"content": "Giao", "assignee": "VP", "deadline": "01/01/2026", "opinions": "4"}])
    editor.save()
    assert not editor.errors["held_on"].text() and not editor.errors["title"].text()
    assert [k for k, _m in editor.opinions.problems_for(0)] == ["answer"]
    assert sorted(k for k, _m in editor.tasks.problems_for(0)) == ["deadline", "opinions"]
    editor.opinions.load(0)
    assert editor.opinions.errors["answer"].text() == "write the answer given at the meeting"
    assert "problems" in editor.problems_label.text()
    qtbot.wait(50)
    assert meetings_in(commune_db) == []


def test_required_fields_of_an_opinion_are_asked_for_before_it_is_added(qtbot, window) -> None:
    window.new_meeting()
    key(qtbot, Qt.Key.Key_2, ALT)
    type_text(qtbot, "Trần Thị Bình")
    key(qtbot, Qt.Key.Key_Return)
    assert window.editor.opinions.records == []
    assert window.editor.opinions.errors["content"].text()


def test_what_is_typed_is_kept_as_a_draft_and_offered_again(qtbot, window, commune_db, monkeypatch) -> None:
    editor = window.editor
    window.new_meeting()
    editor.inputs["title"].setFocus()
    type_text(qtbot, "Đối thoại chưa lưu")
    key(qtbot, Qt.Key.Key_2, ALT)
    type_text(qtbot, "Người đang gõ")

    def draft_saved() -> bool:
        with open_store(commune_db, readonly=True, check=False) as store:
            drafts = list_drafts(store)
        if not drafts:  # not written yet: wait, do not fail
            return False
        pending = drafts[0].payload.get("pending_opinion")
        return drafts[0].payload["meeting"]["title"] == "Đối thoại chưa lưu" and bool(pending) and \
            pending["values"]["speaker"] == "Người đang gõ"

    qtbot.waitUntil(draft_saved, timeout=10_000)
    # A second window, as after a power cut: the draft is offered and comes back as typed.
    second = MainWindow(window.database)
    qtbot.addWidget(second)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Open)
    second.check_drafts()
    qtbot.waitUntil(lambda: second.editor.inputs["title"].text() == "Đối thoại chưa lưu", timeout=10_000)
    assert second.editor.opinions.inputs["speaker"].text() == "Người đang gõ"


def test_delete_asks_why_and_can_be_undone(qtbot, demo_window, demo_commune_db) -> None:
    window, commune_db = demo_window, demo_commune_db
    before = meetings_in(commune_db)
    target = before[0]
    asked: list[str] = []

    def answer() -> None:  # never raises: an exception in a Qt callback aborts the process
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReasonDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, answer)
            return
        dialog = dialogs[0]
        asked.append(dialog.findChild(QLabel).text())
        asked.append(dialog.ok.isEnabled())  # no deletion without a reason
        dialog.reason.setText("Ghi trùng với hội nghị khác")
        asked.append(dialog.ok.isEnabled())
        dialog.ok.click()

    QTimer.singleShot(0, answer)
    window.delete_meetings([target.id], target.title)
    qtbot.waitUntil(lambda: len(meetings_in(commune_db)) == len(before) - 1, timeout=10_000)
    assert target.title in asked[0] and asked[1:] == [False, True]
    # The file shows the deletion before the UI thread has its result and the undo step: wait for it.
    qtbot.waitUntil(window.undo_stack.canUndo, timeout=10_000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: len(meetings_in(commune_db)) == len(before), timeout=10_000)
    assert meetings_in(commune_db) == before  # back exactly, under the same ids


def test_the_secretary_comes_from_the_office_and_is_typed_from_the_keyboard(qtbot, commune_db) -> None:
    """A new meeting's secretary is the office's usual one (the printing defaults); Alt and the
    underlined letter of its label reach it, and what is typed there is saved with the meeting."""
    from accel_walk import accelerators, clashes
    from qcdc_desktop.core.notice import NoticeSettings
    from qcdc_desktop.db.register import save_notice_settings
    from qcdc_desktop.l10n import _

    with open_store(commune_db) as store:
        save_notice_settings(store, settings=NoticeSettings(secretary="Vũ Thị Lan"))
    for window in _window(qtbot, commune_db):
        editor = window.editor
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is editor)
        qtbot.waitUntil(lambda: editor.inputs["secretary"].text() == "Vũ Thị Lan", timeout=10_000)
        [label] = [w for w in editor.findChildren(QLabel) if w.buddy() is editor.inputs["secretary"]]
        assert label.text().startswith(_("Secretar&y of the meeting")) and "&k" in label.text()  # "Thư &ký"
        assert clashes(accelerators(window)) == []  # its letter is the only one of the window
        key(qtbot, Qt.Key.Key_K, ALT)
        assert focused() is editor.inputs["secretary"]
        type_text(qtbot, "Đào Thị Mai", replace=True)
        for name, value in (("held_on", None), ("title", "Hội nghị đối thoại năm 2026"), ("place", "Hội trường"),
                            ("chair", "Nguyễn Văn An"), ("chair_title", "Chủ tịch UBND phường")):
            if value is not None:
                editor.inputs[name].setText(value)
        editor.save()
        qtbot.waitUntil(lambda: editor.meeting_id is not None and not editor.dirty, timeout=10_000)
        [meeting] = meetings_in(commune_db)
        assert meeting.secretary == "Đào Thị Mai"


def test_closing_with_changes_asks_cancel_keeps_save_saves_then_closes_discard_throws_away(
        qtbot, demo_window, demo_commune_db, monkeypatch) -> None:
    window, commune_db = demo_window, demo_commune_db
    editor = window.editor
    target = meetings_in(commune_db)[0]
    closed: list[bool] = []
    editor.closed.connect(lambda: closed.append(True))
    answers: list[QMessageBox.StandardButton] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))

    def drafts() -> list:
        with open_store(commune_db, readonly=True, check=False) as store:
            return list_drafts(store)

    def change_title(title: str) -> None:
        stored = next(m for m in meetings_in(commune_db) if m.id == target.id).title
        window.open_meeting(target.id)
        qtbot.waitUntil(lambda: editor.meeting_id == target.id and editor.inputs["title"].text() == stored,
                        timeout=10_000)
        editor.inputs["title"].setFocus()
        type_text(qtbot, title, replace=True)
        qtbot.waitUntil(lambda: len(drafts()) == 1, timeout=10_000)  # kept a moment after the typing

    # Cancel: the form stays open with the change and its draft.
    change_title("Đối thoại đã sửa tên")
    answers.append(QMessageBox.StandardButton.Cancel)
    assert editor.request_close() is False
    assert closed == [] and editor.dirty and editor.inputs["title"].text() == "Đối thoại đã sửa tên"
    assert len(drafts()) == 1
    # Save: the meeting is saved, then the form closes, once; the draft goes.
    answers.append(QMessageBox.StandardButton.Save)
    assert editor.request_close() is False  # not yet: it closes when the save is done
    qtbot.waitUntil(lambda: closed == [True], timeout=10_000)
    qtbot.waitUntil(lambda: drafts() == [], timeout=10_000)
    assert next(m for m in meetings_in(commune_db) if m.id == target.id).title == "Đối thoại đã sửa tên"
    # Discard: the form closes at once, the change is thrown away with its draft.
    change_title("Tên không giữ lại")
    answers.append(QMessageBox.StandardButton.Discard)
    assert editor.request_close() is True
    assert closed == [True, True] and not editor.dirty
    qtbot.waitUntil(lambda: drafts() == [], timeout=10_000)
    assert next(m for m in meetings_in(commune_db) if m.id == target.id).title == "Đối thoại đã sửa tên"


def test_the_form_s_hints_speak_as_the_office(qtbot, commune_db, tmp_path, qcdc) -> None:
    """A commune's meetings concern its hamlets; a province's own dialogues its communes.  The
    example title names the office and this year (it said «UBND xã … năm 2026» at every office and
    in every year)."""
    import datetime as dt

    province_db = tmp_path / "tinh.db"
    assert qcdc("init", "--db", str(province_db), "--unit-code", "25", "--role", "upper").returncode == 0
    year = dt.date.today().year
    for path, scope, example in (
            (commune_db, "Thôn, tổ dân phố liên quan:", f"Chủ tịch UBND phường Ba Đình với Nhân dân năm {year}"),
            (province_db, "Xã, phường liên quan:", f"Chủ tịch UBND tỉnh Phú Thọ với Nhân dân năm {year}")):
        for window in _window(qtbot, path):
            editor = window.editor
            qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
            qtbot.waitUntil(lambda: window.stack.currentWidget() is editor)
            qtbot.waitUntil(lambda: example in editor.inputs["title"].placeholderText(), timeout=10_000)
            [label] = [w for w in editor.findChildren(QLabel) if w.buddy() is editor.inputs["scope"]]
            assert label.text() == scope
            assert ("toàn tỉnh" if path == province_db else "toàn xã") in editor.inputs["scope"].placeholderText()
