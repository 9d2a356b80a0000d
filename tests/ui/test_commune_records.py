"""At the upper level, with many communes (province_data.py): every list filters and sorts by
commune, by name with its code; a search typing a commune's name finds its records; a commune's
meeting opens read-only, saying so before anything is typed, and closes without a question;
replies and directives are written from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)

import province_data as P
from conftest import TODAY
from qcdc_desktop import app
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.followup.page import FollowUpPage
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.meetings.list_page import SEARCH_DELAY_MS, ListPage
from qcdc_desktop.ui.sync.message_dialog import MessageDialog
from qcdc_desktop.ui.widgets.models import background_loads

ALL = "Tất cả"
OFFICES = [P.PROVINCE_LABEL, *P.LABELS]  # the filter's order: the province, then the communes by name
PER_MEETING = {"meetings": 1, "opinions": 2, "tasks": 2}


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("province") / "tinh.db"
    return path, P.build(path)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _page(qtbot, path: Path, settings: QSettings, kind: str) -> ListPage:
    page = ListPage(kind, path, settings, today=lambda: TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.resize(1300, 600)
        page.show()
    return page


def _communes(page: ListPage) -> list[str]:
    model, column = page.model, page.spec.column_index("origin")
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@pytest.mark.parametrize("kind", ["meetings", "opinions", "tasks"])
def test_every_list_filters_and_sorts_by_commune(qtbot, province, settings, kind: str) -> None:
    path, _ids = province
    page = _page(qtbot, path, settings, kind)
    try:
        each = PER_MEETING[kind]
        combo = page.combos["origin"]
        assert combo.isVisible() and page.filter_labels["origin"].buddy() is combo
        assert [combo.itemText(i) for i in range(combo.count())] == [ALL, *OFFICES]
        column = page.spec.column_index("origin")
        assert not page.table.isColumnHidden(column) and page.model.is_sortable(column)
        # one commune, chosen by its name
        with qtbot.waitSignal(page.model.loaded, timeout=10_000):
            combo.setCurrentIndex(combo.findText("Xã Hợp Kim (05068)"))
        assert _communes(page) == ["Xã Hợp Kim (05068)"] * each
        with qtbot.waitSignal(page.model.loaded, timeout=10_000):
            combo.setCurrentIndex(0)
        assert len(_communes(page)) == each * len(OFFICES)
        # sorted by commune from its heading: by name, the province first; again: the other way
        header = page.table.horizontalHeader()
        header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)
        with qtbot.waitSignal(page.model.loaded, timeout=10_000):
            header.sectionClicked.emit(column)
        assert _communes(page) == [label for label in OFFICES for _ in range(each)]
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder)
        with qtbot.waitSignal(page.model.loaded, timeout=10_000):
            header.sectionClicked.emit(column)
        assert _communes(page) == [label for label in OFFICES[::-1] for _ in range(each)]
        assert page.model.sort_key == "origin"
    finally:
        page.model.close()
        qtbot.waitUntil(lambda: background_loads().running() == 0, timeout=10_000)


def test_the_search_box_finds_a_commune_by_its_name_without_accents(qtbot, province, settings) -> None:
    path, _ids = province
    page = _page(qtbot, path, settings, "opinions")
    try:
        qtbot.keyClicks(page.search, "hop kim")
        qtbot.waitUntil(lambda: _communes(page) == ["Xã Hợp Kim (05068)"] * 2, timeout=SEARCH_DELAY_MS * 20)
        page.search.clear()
        qtbot.keyClicks(page.search, "kim boi duong")  # the commune, then words of its records
        qtbot.waitUntil(lambda: _communes(page) == ["Xã Kim Bôi (04978)"], timeout=SEARCH_DELAY_MS * 20)
        page.search.clear()
        qtbot.keyClicks(page.search, "kim")  # a part of a name is looked for in the text only
        qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=SEARCH_DELAY_MS * 20)
    finally:
        page.model.close()
        qtbot.waitUntil(lambda: background_loads().running() == 0, timeout=10_000)


def test_the_follow_up_filters_and_sorts_by_commune(qtbot, province, settings) -> None:
    path, _ids = province
    database = Database(path)
    page = FollowUpPage(database, settings, today=lambda: TODAY)
    qtbot.addWidget(page)
    try:
        page.resize(1300, 700)
        page.show()
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            page.refresh()
        assert page.upper and page.commune.isVisible() and page.commune_label.buddy() is page.commune
        assert [page.commune.itemText(i) for i in range(page.commune.count())] == [ALL, *OFFICES]
        tasks = page.tasks.model
        communes = lambda: [tasks.data(tasks.index(r, 0)) for r in range(tasks.rowCount())]  # noqa: E731
        # every office's open task is overdue, oldest deadline first: the province's, then the communes
        # later in the names first
        by_date = [P.PROVINCE_LABEL, *P.LABELS[::-1]]
        assert communes() == by_date
        header = page.tasks.table.horizontalHeader()
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            header.sectionClicked.emit(0)  # the Commune heading
        assert communes() == OFFICES and header.sortIndicatorSection() == 0
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            header.sectionClicked.emit(0)
        assert communes() == OFFICES[::-1] and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            header.sectionClicked.emit(1)  # the Deadline heading: by date again
        assert communes() == by_date and header.sortIndicatorSection() == 1
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            page.commune.setCurrentIndex(page.commune.findText("Xã Đà Bắc (04831)"))
        assert communes() == ["Xã Đà Bắc (04831)"]
        assert "Nhiệm vụ quá hạn: 1;" in page.tasks.heading.text()
    finally:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        database.shutdown()


# ----- a commune's meeting in the entry form

@pytest.fixture
def window(qtbot, province, settings):
    path, _ids = province
    database = Database(path)
    made = app.build_window(database, path, settings)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    app.close_window(made)
    made.close()
    qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
    database.shutdown()


def _open(qtbot, window: MainWindow, meeting_id: str, record_id: str = "") -> None:
    window.open_meeting(meeting_id, record_id)
    qtbot.waitUntil(lambda: window.editor.meeting_id == meeting_id and window.current_page() == "editor",
                    timeout=10_000)


def _editable(editor) -> list[object]:
    """The fields of the form a person could type in or change now."""
    found: list[object] = []
    found += [w for w in editor.findChildren(QLineEdit) if not w.isReadOnly()]
    found += [w for w in editor.findChildren(QPlainTextEdit) if not w.isReadOnly()]
    found += [w for w in editor.findChildren(QAbstractSpinBox) if not w.isReadOnly()]
    found += [w for w in editor.findChildren(QComboBox) if w.isEnabled()]
    return found


def test_a_communes_meeting_opens_read_only_and_says_why_before_any_typing(qtbot, province, window) -> None:
    _path, ids = province
    editor = window.editor
    _open(qtbot, window, ids["05068"])
    # said at once, naming the commune by its name and code
    assert editor.banner.isVisible()
    assert "Xã Hợp Kim (05068)" in editor.banner.text.text()
    assert "Xã Hợp Kim" in editor.heading.text() and "Sửa" not in editor.heading.text()
    assert editor.read_only and editor.foreign == "05068"
    assert _editable(editor) == []
    assert editor.save_button.isHidden() and not editor.close_button.isHidden()
    assert all(b.isHidden() for b in editor.findChildren(QPushButton)
               if b not in (editor.close_button, editor.banner.reply_button, editor.banner.directive_button))
    assert editor.banner.reply_button.isVisible() and editor.banner.directive_button.isVisible()
    # typing changes nothing, Enter in a record's form adds nothing, Delete removes nothing
    title = editor.inputs["title"]
    before = title.text()
    qtbot.keyClicks(title, "abc")
    assert title.text() == before and not editor.dirty
    editor.go_to_tab(1)
    editor.opinions.load(0)
    qtbot.keyClick(editor.opinions.inputs["speaker"], Qt.Key.Key_Return)
    editor.opinions.remove_current()
    assert len(editor.opinions.records) == 2 and not editor.dirty
    editor.save()  # Ctrl+S writes nothing
    qtbot.wait(100)
    assert not window.database.busy()
    # closing asks nothing (a question would fail the test: conftest refuses unexpected boxes)
    assert editor.request_close()
    assert window.current_page() != "editor"


def test_the_provinces_own_meeting_stays_editable_after_a_communes(qtbot, province, window) -> None:
    _path, ids = province
    editor = window.editor
    _open(qtbot, window, ids["04831"])
    assert editor.read_only and _editable(editor) == []
    assert editor.inputs["starts_at"].placeholderText() == ""  # no hint to type where nothing is typed
    _open(qtbot, window, ids[P.PROVINCE])
    assert not editor.read_only and not editor.banner.isVisible()
    assert editor.inputs["starts_at"].placeholderText() == "giờ:phút"
    assert editor.inputs["title"].isReadOnly() is False and editor.save_button.isVisible()
    assert editor.heading.text() == "Sửa hội nghị"
    window.new_meeting()
    assert not editor.read_only and _editable(editor)


def test_an_opinion_of_the_list_opens_in_front_and_is_replied_to(qtbot, province, window, monkeypatch) -> None:
    _path, ids = province
    with open_store(window.database.path, readonly=True) as store:
        second = store.conn.execute("SELECT id FROM opinions WHERE meeting_id = ? AND position = 2",
                                    (ids["04978"],)).fetchone()[0]
    _open(qtbot, window, ids["04978"], second)
    editor = window.editor
    assert editor.tabs.currentIndex() == 1 and editor.opinions.current == 1
    written: list[str] = []

    def exec_(dialog: MessageDialog) -> int:  # the officer types the reply and saves it
        assert any("Xã Kim Bôi (04978)" in label.text() for label in dialog.findChildren(QLabel))
        dialog.content.setPlainText("Tỉnh đã giao Sở Giao thông kiểm tra.")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.result() == MessageDialog.DialogCode.Accepted, timeout=10_000)
        written.append("reply")
        return int(dialog.result())

    monkeypatch.setattr(MessageDialog, "exec", exec_)
    # the lists hear of it: the opinions list shows an opinion's latest reply
    with qtbot.waitSignal(window.database.changed, check_params_cb=lambda c: c.touches("messages"), timeout=10_000):
        editor.banner.reply_button.click()  # its letter is pressed in tests/ui/test_accelerators.py
    assert written == ["reply"]
    with open_store(window.database.path, readonly=True) as store:
        assert store.conn.execute("SELECT commune, content FROM messages WHERE opinion_id = ?",
                                  (second,)).fetchall() == [("04978", "Tỉnh đã giao Sở Giao thông kiểm tra.")]


def test_a_directive_about_the_meeting_goes_to_its_commune(qtbot, province, window, monkeypatch) -> None:
    _path, ids = province
    _open(qtbot, window, ids["05068"])
    shown: list[str] = []

    def exec_(dialog: MessageDialog) -> int:
        shown.append(dialog.content.toPlainText())
        assert dialog.commune.count() == 1 and dialog.chosen_communes() == ["05068"]
        dialog.content.setPlainText(dialog.content.toPlainText() + "báo cáo kết quả trước 30/6.")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.result() == MessageDialog.DialogCode.Accepted, timeout=10_000)
        return int(dialog.result())

    monkeypatch.setattr(MessageDialog, "exec", exec_)
    window.editor.banner.directive_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0].startswith("Về hội nghị “Hội nghị đối thoại với Nhân dân quý I năm 2024”")
    with open_store(window.database.path, readonly=True) as store:
        rows = store.conn.execute("SELECT commune, content FROM messages WHERE kind = 'directive'").fetchall()
    assert [(c, t.endswith("báo cáo kết quả trước 30/6.")) for c, t in rows] == [("05068", True)]


def test_a_directive_to_a_commune_not_enrolled_says_what_to_do(qtbot, province, window, monkeypatch) -> None:
    _path, ids = province
    _open(qtbot, window, ids["05212"])
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a, **k: said.append(text))
    window.editor.banner.directive_button.click()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "Xã Pà Cò (05212)" in said[0]
