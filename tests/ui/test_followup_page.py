"""The Follow-up place on the hand-made meetings of report_fixture.py (today 1 June 2024): the four
sections with their counts, a task updated from there with its history, opening a meeting and
its documents by keyboard, and the window opening on it when something needs attention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from conftest import at_the_window, ADMIN, PASSWORD, RECOVERY_CODE, TODAY
from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.core.settings import NOTICE_DAYS
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.meetings import insert_meetings
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.db.history_read import history_of
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.followup import page as followup_page
from qcdc_desktop.ui.followup.page import FollowUpPage, install_followup
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.followup.task_dialog import TaskDialog
from qcdc_desktop.db import access, accounts
from qcdc_desktop.ui import session
from report_fixture import MEETINGS, fill


@pytest.fixture
def fixture_db(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "followup.db"
    with init_store(path, resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as store:
        ids = fill(store)
        accounts.add_account(store, login="lan.tt", full_name="Trần Thị Lan", title="Văn phòng", role="clerk",
                             password=PASSWORD)
    accounts.sign_in(path, "lan.tt", PASSWORD)  # the clerk at the computer: the history names her
    return path, ids


@pytest.fixture
def database(qtbot, fixture_db):
    db = Database(fixture_db[0])
    session.begin(access.signed_in(fixture_db[0]))  # as the main window does
    yield db
    qtbot.waitUntil(lambda: not db.busy(), timeout=10_000)
    db.shutdown()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _page(qtbot, database, settings) -> FollowUpPage:
    at_the_window(database.path)
    page = FollowUpPage(database, settings, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1150, 680)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    return page


def _column(section, column: int) -> list[str]:
    model = section.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_the_sections_show_what_needs_attention_with_their_counts(qtbot, qtmodeltester, database, settings,
                                                                  fixture_db) -> None:
    page = _page(qtbot, database, settings)
    for section in page.sections:
        qtmodeltester.check(section.model)
    assert "Nhiệm vụ quá hạn: 1; đến hạn trong 7 ngày: 1" in page.tasks.heading.text()
    assert _column(page.tasks, 0) == ["01/03/2024", "05/06/2024"]
    assert _column(page.tasks, 1) == ["quá hạn 92 ngày", "còn 4 ngày"]
    overdue_red = page.tasks.model.data(page.tasks.model.index(0, 1), Qt.ItemDataRole.ForegroundRole)
    assert overdue_red is not None
    assert page.tasks.model.data(page.tasks.model.index(1, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert "5" in page.without_notice.heading.text()
    assert _column(page.without_notice, 0) == ["31/12/2023", "10/01/2024", "15/02/2024", "31/03/2024", "01/04/2024"]
    assert _column(page.without_notice, 3)[0] == "153 ngày"
    assert "4" in page.unpublished.heading.text()
    assert _column(page.unpublished, 2) == ["chưa có", "chưa có", "20/04/2024", "chưa có"]
    assert "1" in page.announced_late.heading.text()
    assert _column(page.announced_late, 2) == ["28/06/2024"] and _column(page.announced_late, 3) == ["4 ngày"]
    assert page.status.text() == "Tính đến ngày 01/06/2024"
    # Expected within 62 days, the notice of the meeting of 1 April is not late yet on 1 June.
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.notice_days.setValue(62)
    assert _column(page.without_notice, 0) == ["31/12/2023", "10/01/2024", "15/02/2024", "31/03/2024"]
    assert settings.value(NOTICE_DAYS.key) in (62, "62")


def test_a_task_updated_from_the_dashboard_keeps_its_history_and_leaves_the_list(
        qtbot, database, settings, fixture_db, monkeypatch) -> None:
    path, ids = fixture_db
    page = _page(qtbot, database, settings)
    seen: list[TaskDialog] = []

    def fill_in(dialog: TaskDialog) -> int:
        seen.append(dialog)
        qtbot.waitUntil(lambda: dialog.loaded is not None and not dialog.history.busy(), timeout=10_000)
        assert [e.action for e in dialog.history.entries] == ["insert"] and dialog.state.currentData() == "open"
        assert dialog.history.text().startswith(dialog.history.entries[0].when)
        assert not dialog.completed_on.text()
        dialog.state.setCurrentIndex(dialog.state.findData("done"))
        assert dialog.completed_on.date() == TODAY  # offered the day it is marked done
        dialog.completed_on.set_date(dt.date(2024, 5, 2))
        dialog.result_text.setPlainText("Đã sửa xong đường.")
        dialog.reply_doc.setText("45/UBND-VP")
        assert dialog.by.text() == "Trần Thị Lan"  # whoever is signed in, not a name typed
        assert not isinstance(dialog.by, QLineEdit)
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            dialog.save()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TaskDialog, "exec", fill_in)
    page.tasks.table.setFocus()
    page.tasks.table.setCurrentIndex(page.tasks.model.index(0, 0))
    assert page.update_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # the change is broadcast and the list read again
        database.changed.connect(page.on_changes)
        qtbot.keyClick(page.tasks.table, Qt.Key.Key_Return)
    assert seen and "Nhiệm vụ quá hạn: 0" in page.tasks.heading.text()
    assert _column(page.tasks, 0) == ["05/06/2024"]
    with open_store(path, readonly=True, check=False) as store:
        task_id = store.conn.execute("SELECT id FROM tasks WHERE meeting_id = ? ORDER BY position",
                                     (ids[2],)).fetchone()[0]
        *_added, entry = history_of(store, task_id)
    assert (entry.by, entry.by_name, entry.action) == ("lan.tt", "Trần Thị Lan", "update")
    assert entry.fields["state"] == ("open", "done") and entry.fields["reply_doc"] == ("", "45/UBND-VP")

    # Opened again, the dialog shows the change in sentences: who, when, each field from what to what.
    dialog = TaskDialog(database, task_id=task_id, meeting_id=ids[2], settings=settings, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded is not None and len(dialog.history.entries) == 2, timeout=10_000)
    newest = dialog.history.entries[0]
    assert newest.who == "Trần Thị Lan" and newest.when.endswith(dt.date.today().strftime("%d/%m/%Y"))
    said = dialog.history.text()
    for sentence in ("Trần Thị Lan đổi Tình trạng từ «Chưa hoàn thành» thành «Đã hoàn thành».",
                     "Trần Thị Lan đổi Ngày hoàn thành từ (để trống) thành «02/05/2024».",
                     "Trần Thị Lan đổi Số văn bản trả lời từ (để trống) thành «45/UBND-VP».",
                     "Trần Thị Lan đổi Kết quả thực hiện từ (để trống) thành «Đã sửa xong đường.»."):
        assert sentence in said
    assert said.index("Trần Thị Lan đổi") < said.index("thêm nhiệm vụ số")  # newest first
    assert "{" not in said and '"state"' not in said  # sentences, never the stored JSON
    assert dialog.by.text() == "Trần Thị Lan"
    assert dialog.state.currentData() == "done" and dialog.reply_doc.text() == "45/UBND-VP"


def test_a_refused_change_is_said_in_the_dialog_and_nothing_is_written(qtbot, database, settings, fixture_db) -> None:
    path, ids = fixture_db
    page = _page(qtbot, database, settings)
    task = page.tasks.model.row_at(0)
    dialog = TaskDialog(database, task_id=task.task_id, meeting_id=task.meeting_id, settings=settings,
                        today=lambda: TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=10_000)
    dialog.state.setCurrentIndex(dialog.state.findData("done"))
    dialog.completed_on.set_date(dt.date(2024, 7, 1))  # a day still to come
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.errors.text()), timeout=10_000)
    assert "chưa đến" in dialog.errors.text() and dialog.buttons.isEnabled()
    with open_store(path, readonly=True, check=False) as store:
        assert [e.action for e in history_of(store, task.task_id)] == ["insert"]


def test_the_window_opens_on_the_follow_up_and_enter_opens_a_meeting(qtbot, database, settings, fixture_db,
                                                                     monkeypatch) -> None:
    path, ids = fixture_db
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    page = install_followup(window, database, path, settings, today=lambda: TODAY)
    keys = [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]
    assert keys[:2] == ["overview", "followup"]
    qtbot.waitUntil(lambda: window.current_page() == "followup", timeout=10_000)
    window.show()
    section = page.announced_late
    section.table.setFocus()
    section.table.setCurrentIndex(section.model.index(0, 0))
    assert page.update_button.isEnabled()  # the first task is chosen as soon as the list shows
    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor.meeting_id == ids[5], timeout=10_000)
    assert window.current_page() == "editor"
    opened: list[str] = []  # the documents of the meeting of the row chosen last
    monkeypatch.setattr(followup_page.DocumentDialog, "exec", lambda dialog: opened.append(dialog.meeting_id))
    page.documents_button.click()
    assert opened == [ids[5]]
    window.editor.dirty = False


def test_with_nothing_to_follow_the_window_stays_on_the_overview(qtbot, settings, tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with init_store(path, resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE):
        pass
    database = Database(path)
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    page = install_followup(window, database, path, settings, today=lambda: TODAY)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    assert window.current_page() == "overview"
    assert "Nhiệm vụ quá hạn: 0" in page.tasks.heading.text()
    qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
    database.shutdown()


def test_at_the_upper_level_each_row_names_its_commune_and_its_tasks_stay_the_communes(
        qtbot, qtmodeltester, settings, tmp_path: Path) -> None:
    path = tmp_path / "tinh.db"
    with init_store(path, resolve_unit("25", "upper"), ADMIN, RECOVERY_CODE) as store:
        meetings = parse_meetings(MEETINGS, today=TODAY)  # as Phường Ba Đình's bundle brings them
        with store.transaction() as conn:
            insert_meetings(conn, meetings, origin="00004", make_id=IdMaker("00004"))
    database = Database(path)
    page = _page(qtbot, database, settings)
    for section in page.sections:
        qtmodeltester.check(section.model)
    assert page.tasks.model.headerData(0, Qt.Orientation.Horizontal) == "Xã, phường"
    assert _column(page.tasks, 0) == ["Phường Ba Đình (00004)", "Phường Ba Đình (00004)"]
    assert _column(page.without_notice, 0)[0] == "Phường Ba Đình (00004)"
    assert not page.update_button.isEnabled() and page.open_button.isEnabled()
    page.update_task()
    assert page.status.text() == "Chỉ Phường Ba Đình, đơn vị đã ghi nhận nhiệm vụ này, mới được thay đổi nhiệm vụ."
    qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
    database.shutdown()
