"""The history in the window, on the hand-made history of history_fixture.py: the History place is
offered to the administrator and the leader only; Ctrl+H opens the History panel of the selected
record from a list, the entry form or the follow-up, in sentences, a viewer's phone numbers
masked; the clerk's panel tells her own edit as soon as it is saved; the place's filters select
the right entries, its list pages through a long history, its detail tells an entry in full, and
its exports hold what the filters select."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QDialog, QPlainTextEdit

from conftest import PASSWORD
from history_fixture import LAN, Made, at, make_history
from qcdc_desktop import app
from qcdc_desktop.core.changes import Changes
from qcdc_desktop.db import accounts
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.history_entries import Filter, entries
from qcdc_desktop.db.history_list import load_keys
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.history.model import ENTRY_ROLE, HistoryModel
from qcdc_desktop.ui.history.panel import HistoryDialog
from qcdc_desktop.ui.history.place import HistoryPlace
from qcdc_desktop.ui.main_window import MainWindow


@pytest.fixture
def made(tmp_path: Path) -> Made:
    return make_history(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window_as(qtbot, made: Made, settings: QSettings):
    opened: list[tuple[MainWindow, Database]] = []

    def open_as(login: str) -> MainWindow:
        accounts.sign_in(made.path, login, PASSWORD)
        database = Database(made.path)
        window = app.build_window(database, made.path, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append((window, database))
        return window

    yield open_as
    for window, database in opened:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        app.close_window(window)
        database.shutdown()
    QThreadPool.globalInstance().waitForDone(10_000)  # the panels' and the place's reads end with the test


def _history_dialog(qtbot, window: MainWindow, focus) -> HistoryDialog:
    """Ctrl+H on ``focus``, as the person types it; the History dialog once its panel is read."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(HistoryDialog) is not None, timeout=5_000)
    dialog = window.findChild(HistoryDialog)
    qtbot.waitUntil(lambda: bool(dialog.panel.entries) and not dialog.panel.busy(), timeout=10_000)
    return dialog


def _nav(window: MainWindow) -> list[str]:
    return [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]


@pytest.mark.parametrize("login, offered", [("quantri", True), ("binh.nv", True), ("lan.nt", False),
                                            ("tam.lm", False)])
def test_the_history_place_is_offered_to_the_administrator_and_the_leader_only(qtbot, window_as, login,
                                                                               offered) -> None:
    window = window_as(login)
    assert ("history" in window.pages) == offered and ("history" in _nav(window)) == offered
    assert window.history_action.isVisible() and window.history_action.shortcut().toString() == "Ctrl+H"
    assert _nav(window).index("editor") == 8  # the entry form keeps Ctrl+9
    if offered:
        assert _nav(window).index("history") == 9
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert window.current_page() == "history"
    else:
        assert not hasattr(window, "history_place_action")


def test_a_viewer_reads_a_records_history_with_phone_numbers_masked(qtbot, window_as, made: Made) -> None:
    window = window_as("tam.lm")
    window.show_page("opinions")
    page = window.pages["opinions"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.setCurrentIndex(page.model.index(0, 0))
    dialog = _history_dialog(qtbot, window, page.table)
    said = dialog.panel.text()
    assert "Nguyễn Thị Lan đổi Điện thoại (thông tin cá nhân) từ «**** *** 678» thành «**** *** 321»." in said
    assert "0912" not in said and "0987" not in said
    assert dialog.panel.heading.text() == "&Lịch sử của Ý kiến số 1 của Trần Thị Bình:"
    assert said.index("Nguyễn Thị Lan đổi") < said.index("Nguyễn Thị Quản thêm ý kiến số 1")  # newest first
    dialog.reject()


def test_the_clerks_panel_tells_her_edit_once_it_is_saved(qtbot, window_as, made: Made) -> None:
    window = window_as("lan.nt")
    window.open_meeting(made.meeting)
    editor = window.editor
    qtbot.waitUntil(lambda: editor.meeting_id == made.meeting and window.current_page() == "editor", timeout=10_000)
    editor.go_to_tab(1)
    editor.opinions.load(0)
    dialog = _history_dialog(qtbot, window, editor.opinions.table)  # the opinion being corrected
    before = len(dialog.panel.entries)
    assert {e.record for e in dialog.panel.entries} == {made.opinions[0]}
    content = editor.opinions.inputs["answer"]
    assert isinstance(content, QPlainTextEdit)
    content.setPlainText("Xã đã chỉ đạo công chức Địa chính hoàn thiện hồ sơ.")
    assert editor.opinions.commit()
    editor.save()
    qtbot.waitUntil(lambda: editor.status_label.text() != "Đang lưu…", timeout=10_000)
    assert editor.status_label.text() == "Đã lưu", editor.problems_label.text()
    qtbot.waitUntil(lambda: len(dialog.panel.entries) == before + 1, timeout=10_000)
    # (The hand-made changes are dated 2030: today's edit is listed after them, by its time.)
    (edit,) = [e for e in dialog.panel.entries if e.who == "Nguyễn Thị Lan" and "answer" in {f.name for f in e.fields}]
    assert edit.sentences == ("Nguyễn Thị Lan đổi Nội dung trả lời từ «UBND xã sẽ hoàn thiện hồ sơ trong quý II.» "
                              "thành «Xã đã chỉ đạo công chức Địa chính hoàn thiện hồ sơ.».",)
    assert edit.sentences[0] in dialog.panel.text()
    dialog.reject()
    # On the meeting tab Ctrl+H gives the meeting with everything under it.
    editor.go_to_tab(0)
    meeting = _history_dialog(qtbot, window, editor.inputs["title"])
    assert {e.kind for e in meeting.panel.entries} == {"meetings", "opinions", "tasks", "publications"}
    assert "Nguyễn Văn Bình xóa ý kiến số 2 của Phạm Văn Đức." in meeting.panel.text()
    assert "Lý do: Ghi trùng." in meeting.panel.text()
    meeting.reject()


def test_ctrl_h_without_a_record_says_what_to_select(qtbot, window_as) -> None:
    window = window_as("lan.nt")
    window.show_page("overview")
    window.history_action.trigger()
    assert window.findChild(HistoryDialog) is None
    assert "Hãy chọn một hội nghị, ý kiến hoặc nhiệm vụ" in window.statusBar().currentMessage()


def _place(qtbot, window: MainWindow) -> HistoryPlace:
    window.show_page("history")
    place = window.pages["history"]
    assert isinstance(place, HistoryPlace)
    qtbot.waitUntil(lambda: place.model.is_complete() and place.person.count() > 1, timeout=10_000)
    return place


def _shown(place: HistoryPlace) -> list:
    model = place.model
    return [model.data(model.index(row, 0), ENTRY_ROLE) for row in range(model.rowCount())]


def test_the_places_filters_select_the_right_entries(qtbot, qtmodeltester, window_as, made: Made) -> None:
    window = window_as("binh.nv")
    place = _place(qtbot, window)
    qtmodeltester.check(place.model)
    assert place.model.rowCount() == 19 and place.status.text() == "19 mục"
    assert [place.person.itemData(i) for i in range(1, place.person.count())] and not place.office.isVisible()
    first = _shown(place)[0]
    assert first.sentence == "Nguyễn Thị Lan nhận gói dữ liệu số 5 của Thành phố Hà Nội (01): 1 trả lời, chỉ đạo."
    place.person.setCurrentIndex(place.person.findData("binh.nv"))
    qtbot.waitUntil(lambda: place.model.rowCount() == 3, timeout=10_000)
    assert [(e.kind, e.action) for e in _shown(place)] == [("tasks", "update"), ("opinions", "delete"),
                                                          ("tasks", "update")]
    place.person.setCurrentIndex(0)
    place.kind.setCurrentIndex(place.kind.findData("opinions"))
    place.action.setCurrentIndex(place.action.findData("update"))
    qtbot.waitUntil(lambda: place.model.rowCount() == 1, timeout=10_000)
    (change,) = _shown(place)
    assert change.who == "Nguyễn Thị Lan" and change.subject == "Ý kiến số 1 của Trần Thị Bình"
    place.kind.setCurrentIndex(0)
    place.action.setCurrentIndex(0)
    place.date_from.setText("01/02/2030")
    place.date_to.setText("01/03/2030")
    place.apply_filter()
    qtbot.waitUntil(lambda: place.model.rowCount() == 3, timeout=10_000)
    assert [(e.login, e.kind) for e in _shown(place)] == [("binh.nv", "tasks"), ("binh.nv", "opinions"),
                                                          ("binh.nv", "tasks")]
    place.date_to.setText("31/02/2030")
    place.apply_filter()
    assert "không phải là ngày" in place.status.text() and place.model.rowCount() == 3  # nothing else changed
    # The detail pane tells the selected entry in full, its record named.
    place.date_to.setText("")
    place.date_from.setText("")
    place.apply_filter()
    place.kind.setCurrentIndex(place.kind.findData("tasks"))
    qtbot.waitUntil(lambda: place.model.rowCount() == 3, timeout=10_000)
    place.table.setFocus()
    place.table.selectRow(1)
    qtbot.waitUntil(lambda: "Thời hạn: «30/04/2024» → «15/05/2024»" in place.detail.toPlainText(), timeout=10_000)
    assert "Nhiệm vụ: Nhiệm vụ số 1 «Giao công chức Địa chính" in place.detail.toPlainText()


def test_a_new_change_comes_in_at_the_top_of_the_place(qtbot, window_as, made: Made) -> None:
    window = window_as("quantri")
    place = _place(qtbot, window)
    place.table.selectRow(3)
    chosen = place.selected_entry()
    with open_store(made.path) as store:
        at(store, LAN, "2030-04-01T03:00:00+00:00", "UPDATE tasks SET result = 'Đã sửa xong.' WHERE id = ?",
           (made.task,))
    window.database.changed.emit(Changes(updated={"tasks": [made.task]}))
    qtbot.waitUntil(lambda: place.model.rowCount() == 20, timeout=10_000)
    assert _shown(place)[0].sentence.startswith("Nguyễn Thị Lan sửa nhiệm vụ số 1 «Giao công chức")
    assert place.selected_entry() == chosen  # the view stays on the entry that was selected


def test_the_list_pages_through_a_long_history(qtbot, qtmodeltester, made: Made) -> None:
    accounts.sign_in(made.path, "quantri", PASSWORD)
    with open_store(made.path) as store:
        with store.transaction() as conn:
            conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)",
                             [(f"notice.test{i:04d}", str(i)) for i in range(1200)])
    model = HistoryModel(made.path, page_size=50, cache_pages=3)
    try:
        with qtbot.waitSignal(model.loaded, timeout=10_000) as loaded:
            model.set_filter(Filter())
        assert loaded.args == [1219] and model.rowCount() == 1219
        qtmodeltester.check(model)
        rows = (0, 49, 50, 700, 1218)
        order = load_keys(made.path, Filter())  # the order the data file gives, newest first
        assert [model.data(model.index(row, 0), ENTRY_ROLE).n for row in rows] == [order.key(r)[1] for r in rows]
        assert len(model._pages) <= 3  # a few pages in memory, whatever was scrolled
        # The first entry of the file: its first administrator, who made it, sets its unit.
        assert model.data(model.index(1218, 5)) == "Nguyễn Thị Quản thêm cài đặt «Mã đơn vị»."
    finally:
        model.close()
        QThreadPool.globalInstance().waitForDone(10_000)


def test_the_places_exports_hold_what_the_filters_select(qtbot, window_as, made: Made, tmp_path: Path) -> None:
    window = window_as("quantri")
    place = _place(qtbot, window)
    place.person.setCurrentIndex(place.person.findData("lan.nt"))
    qtbot.waitUntil(lambda: place.model.rowCount() == 2, timeout=10_000)
    saved: list[Path] = []
    place.export_to(tmp_path / "lich-su.xlsx", on_done=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    rows = [r for r in load_workbook(saved[0]).worksheets[0].iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert {r[2] for r in rows[head + 1:]} == {"lan.nt"}
    assert "Người thực hiện: Nguyễn Thị Lan (lan.nt)" in str(rows[2][0])
    assert place.status.text() == f"Đã lưu {saved[0]}."
    place.export_to(tmp_path / "lich-su.pdf", on_done=saved.append)
    qtbot.waitUntil(lambda: len(saved) == 2, timeout=20_000)
    assert saved[1].read_bytes().startswith(b"%PDF")


def test_the_task_follow_up_dialog_shows_the_tasks_history(qtbot, window_as, made: Made, monkeypatch) -> None:
    window = window_as("lan.nt")
    from qcdc_desktop.ui.followup.task_dialog import TaskDialog

    dialog = TaskDialog(window.database, task_id=made.task, meeting_id=made.meeting, settings=window.settings,
                        parent=window)
    qtbot.waitUntil(lambda: len(dialog.history.entries) == 3 and not dialog.history.busy(), timeout=10_000)
    assert "Nguyễn Văn Bình đổi Tình trạng từ «Đã hoàn thành» thành «Chưa hoàn thành»." in dialog.history.text()
    dialog.done(QDialog.DialogCode.Rejected)


def test_at_the_upper_level_the_place_shows_the_communes_entries_by_office(qtbot, tmp_path: Path,
                                                                          settings: QSettings) -> None:
    from conftest import ADMIN, RECOVERY_CODE
    from qcdc_desktop.core.history import Actor, Change, seal
    from qcdc_desktop.db.setup import init_store, resolve_unit

    path = tmp_path / "tinh.db"
    with init_store(path, resolve_unit("25", "upper"), ADMIN, RECOVERY_CODE) as store:
        # A commune's entries as its bundles bring them: its own chain, under its own code.
        change = Change("opinions", "05425-O1", "update", {"content": "Đường hỏng."}, {"content": "Đường hỏng nặng."})
        sealed = seal([change], origin="05425", head_n=0, head_hash="0" * 64, at="2030-01-05T03:00:00+00:00",
                      actor=Actor("lan.nt", "Nguyễn Thị Lan"), reason="")
        with store.transaction() as conn:
            conn.executemany("INSERT INTO history (origin, n, seq, body, hash) VALUES ('05425', ?, ?, ?, ?)",
                             [(e.n, e.n, e.body, e.hash) for e in sealed])
            conn.executemany("INSERT INTO history_values (origin, n, fields) VALUES ('05425', ?, ?)",
                             [(e.n, e.values) for e in sealed])
        own = store.conn.execute("SELECT count(*) FROM history WHERE origin = '25'").fetchone()[0]
    accounts.sign_in(path, "quantri", PASSWORD)
    database = Database(path)
    window = app.build_window(database, path, settings)
    qtbot.addWidget(window)
    window.show()
    try:
        place = _place(qtbot, window)
        qtbot.waitUntil(lambda: place.office.isVisible(), timeout=10_000)
        assert [place.office.itemText(i) for i in range(place.office.count())] == [
            "Tất cả đơn vị", "Tỉnh Phú Thọ (25)", "Xã An Bình (05425)"]
        assert not place.table.isColumnHidden(2) and place.model.rowCount() == own + 1
        place.office.setCurrentIndex(place.office.findData("05425"))
        qtbot.waitUntil(lambda: place.model.rowCount() == 1, timeout=10_000)
        (entry,) = _shown(place)
        assert entry.sentence == ("Nguyễn Thị Lan đổi Nội dung ý kiến từ «Đường hỏng.» thành «Đường hỏng nặng.».")
        assert place.model.data(place.model.index(0, 2)) == "Xã An Bình"
    finally:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        app.close_window(window)
        database.shutdown()
        QThreadPool.globalInstance().waitForDone(10_000)


def test_the_place_reads_changes_made_while_it_was_hidden_when_shown_again(qtbot, window_as, made: Made) -> None:
    window = window_as("quantri")
    place = _place(qtbot, window)
    window.show_page("overview")
    with open_store(made.path) as store:
        at(store, LAN, "2030-04-01T03:00:00+00:00", "UPDATE tasks SET result = 'Đã sửa xong.' WHERE id = ?",
           (made.task,))
    window.database.changed.emit(Changes(updated={"tasks": [made.task]}))
    qtbot.wait(800)
    assert place.model.rowCount() == 19  # nothing read while hidden
    window.show_page("history")
    qtbot.waitUntil(lambda: place.model.rowCount() == 20, timeout=10_000)


def test_a_printing_is_kept_in_the_history_under_the_account_that_printed(qtbot, window_as, made: Made) -> None:
    """What the printing job reports (printing.record) reaches the office's history from the window,
    under the signed-in account — a viewer's too, who may print but change nothing — once when sent
    and again when the print system says it was printed, and reads as a sentence."""
    from qcdc_desktop.core.history_words import describe
    from qcdc_desktop.printing.record import PrintRecord, record_print

    window_as("tam.lm")

    def printings() -> list:
        with open_store(made.path, readonly=True, check=False) as store:
            return [e for e in entries(store.conn, Filter()) if e.kind == "print"]

    record_print(PrintRecord(document="01/TB-UBND", pages=2, printer="VanPhong", who="Lê Minh Tâm",
                             job="VanPhong-12", ranges="1-2"))
    record_print(PrintRecord(document="01/TB-UBND", pages=2, printer="VanPhong", who="Lê Minh Tâm",
                             job="VanPhong-12", outcome="printed", ranges="1-2"))
    qtbot.waitUntil(lambda: len(printings()) == 2, timeout=10_000)
    printed, sent = printings()  # newest first
    assert (sent.by, printed.by) == ("tam.lm", "tam.lm")
    assert {k: v[1] for k, v in sent.fields.items()} == {
        "document": "01/TB-UBND", "pages": 2, "ranges": "1-2", "printer": "VanPhong", "job": "VanPhong-12",
        "state": "sent"}
    assert describe(printed).endswith("Lê Minh Tâm in 01/TB-UBND, 2 trang trên máy in VanPhong: đã in xong.")
