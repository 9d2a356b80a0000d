"""The list pages: search as you type, filter combos, sorting headers, opening a meeting, and what
is remembered between sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

import lists_data as D
from qcdc_desktop.core.changes import Changes
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.l10n import _
from qcdc_desktop.ui.meetings.list_bar import count_text
from qcdc_desktop.ui.meetings.list_page import SEARCH_DELAY_MS, ListPage, install_list_pages
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.widgets.models import background_loads

ALL_OPINIONS = [D.O5, D.O4, D.O3, D.O2, D.O1, D.O6]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return D.build(tmp_path_factory.mktemp("page") / "page.db")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_page(qtbot, db: Path, settings: QSettings):
    pages: list[ListPage] = []

    def make(kind: str = "opinions", *, start: bool = True) -> ListPage:
        page = ListPage(kind, db, settings, today=lambda: D.TODAY)
        qtbot.addWidget(page)
        pages.append(page)
        if start:
            with qtbot.waitSignal(page.model.loaded, timeout=10_000):
                page.resize(1166, 600)
                page.show()
        return page

    yield make
    for page in pages:
        page.model.close()
    qtbot.waitUntil(lambda: background_loads().running() == 0, timeout=10_000)


def speakers(page: ListPage) -> list[str]:
    model, at = page.model, page.spec.column_index("speaker")
    return [model.data(model.index(row, at)) for row in range(model.rowCount())]


def test_typing_filters_after_the_typing_pauses(qtbot, make_page) -> None:
    page = make_page()
    assert speakers(page) == ALL_OPINIONS
    qtbot.keyClicks(page.search, "duon")  # QTest types ASCII only; accents are tested below
    assert speakers(page) == ALL_OPINIONS  # nothing is queried while the clerk types
    qtbot.waitUntil(lambda: speakers(page) == [D.O2], timeout=SEARCH_DELAY_MS * 10)
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)  # Esc clears the search and shows everything
    assert page.search.text() == ""
    assert speakers(page) == ALL_OPINIONS


def test_search_with_or_without_diacritics(qtbot, make_page) -> None:
    page = make_page()
    qtbot.keyClicks(page.search, "dat dai")
    qtbot.waitUntil(lambda: speakers(page) == [D.O4, D.O1], timeout=SEARCH_DELAY_MS * 10)
    page.search.clear()
    page.search.insert("Tranh chấp đất")  # as an input method commits Vietnamese text
    qtbot.waitUntil(lambda: speakers(page) == [D.O4], timeout=SEARCH_DELAY_MS * 10)


def test_ctrl_f_goes_to_the_search_box(qtbot, make_page) -> None:
    page = make_page()
    page.search.setText("abc")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search
    assert page.search.selectedText() == "abc"  # typing replaces the last search


def test_tab_goes_from_the_filters_to_the_table(qtbot, make_page) -> None:
    page = make_page()
    chain, widget = [], page.period
    for _step in range(12):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            widget = widget.nextInFocusChain()
    ordered = [w for w in chain if w in (page.period, page.search, page.table, *page.combos.values())]
    assert ordered.index(page.period) < ordered.index(page.combos["field"]) < ordered.index(page.search) \
        < ordered.index(page.table)


def test_filter_combos(qtbot, make_page) -> None:
    page = make_page()
    hamlet = page.combos["hamlet"]
    assert [hamlet.itemText(i) for i in range(hamlet.count())] == [_("All"), "Thôn Đông", "Thôn Nam", "Thôn Tây"]
    field = page.combos["field"]
    field.setCurrentIndex(field.findData("land"))
    assert speakers(page) == [D.O4, D.O1]
    hamlet.setCurrentIndex(hamlet.findData("Thôn Đông"))
    assert speakers(page) == [D.O1]
    field.setCurrentIndex(0)
    outcome = page.combos["outcome"]
    outcome.setCurrentIndex(outcome.findData("forwarded"))
    assert speakers(page) == [D.O3]
    assert set(page.combos) == {"origin", "track", "field", "hamlet", "outcome"}
    assert not page.combos["origin"].isVisibleTo(page) and page.table.isColumnHidden(page.spec.column_index("origin"))


def test_period_presets_and_custom_dates(qtbot, make_page) -> None:
    page = make_page()
    page.period.setCurrentIndex(page.period.findData("six_months"))  # January to June 2026
    assert speakers(page) == [D.O5, D.O4, D.O3, D.O2, D.O1]
    assert not page.date_from.isEnabled()
    assert page.date_from.date().toPython() == dt.date(2026, 1, 1)
    page.period.setCurrentIndex(page.period.findData("custom"))
    assert page.date_from.isEnabled()
    page.date_from.setDate(dt.date(2025, 11, 1))
    page.date_to.setDate(dt.date(2025, 12, 31))
    assert speakers(page) == [D.O6]
    page.period.setCurrentIndex(page.period.findData("last_year"))
    assert speakers(page) == [D.O6]


def test_pages_for_tasks_and_meetings(qtbot, make_page) -> None:
    tasks = make_page("tasks")
    assert set(tasks.combos) == {"origin", "track", "assignee", "progress"}
    progress = tasks.combos["progress"]
    progress.setCurrentIndex(progress.findData("overdue"))
    assert tasks.model.rowCount() == 1
    assignee = tasks.combos["assignee"]
    assert assignee.count() == 4
    meetings = make_page("meetings")
    assert set(meetings.combos) == {"origin", "kind", "track", "status"}
    assert meetings.model.rowCount() == 4


def test_status_line_counts_the_rows(qtbot, make_page, english) -> None:
    page = make_page()
    assert page.status.text() == "6 opinions"
    assert count_text("meetings", 1) == "1 meeting"
    assert count_text("tasks", 1234567) == "1,234,567 tasks"


def test_sorting_by_clicking_headers(qtbot, make_page) -> None:
    page = make_page()
    header = page.table.horizontalHeader()
    content = page.spec.column_index("content")
    date = page.spec.column_index("held_on")

    def click(section: int) -> None:
        header.sectionClicked.emit(section)  # after Qt has flipped the indicator, as a mouse click does

    header.setSortIndicator(content, Qt.SortOrder.AscendingOrder)
    click(content)  # not indexed: nothing happens, the indicator goes back
    assert speakers(page) == ALL_OPINIONS
    assert header.sortIndicatorSection() == date
    header.setSortIndicator(date, Qt.SortOrder.AscendingOrder)
    click(date)
    assert speakers(page) == ALL_OPINIONS[::-1]
    field = page.spec.column_index("field")
    header.setSortIndicator(field, Qt.SortOrder.AscendingOrder)
    click(field)
    assert speakers(page) == [D.O5, D.O6, D.O4, D.O1, D.O2, D.O3]


def test_enter_and_double_click_open_the_meeting(qtbot, make_page) -> None:
    page = make_page()
    page.table.setCurrentIndex(page.model.index(0, 0))
    with qtbot.waitSignal(page.open_meeting) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    meeting_of_o5 = opened.args[0]
    page.table.setCurrentIndex(page.model.index(1, 0))
    with qtbot.waitSignal(page.open_meeting) as opened:
        page.table.doubleClicked.emit(page.model.index(1, 2))
    assert opened.args == [meeting_of_o5]  # O4 and O5 were raised at the same meeting


def test_filters_sort_and_widths_are_remembered(qtbot, make_page, settings: QSettings) -> None:
    first = make_page()
    first.combos["field"].setCurrentIndex(first.combos["field"].findData("land"))
    first.combos["hamlet"].setCurrentIndex(first.combos["hamlet"].findData("Thôn Tây"))
    first.period.setCurrentIndex(first.period.findData("custom"))
    first.date_from.setDate(dt.date(2026, 3, 1))
    first.date_to.setDate(dt.date(2026, 3, 31))
    header = first.table.horizontalHeader()
    header.resizeSection(first.spec.column_index("content"), 333)
    header.setSortIndicator(first.spec.column_index("held_on"), Qt.SortOrder.AscendingOrder)
    header.sectionClicked.emit(first.spec.column_index("held_on"))
    assert speakers(first) == [D.O4]
    settings.sync()

    second = make_page()
    assert second.combos["field"].currentData() == "land"
    assert second.combos["hamlet"].currentData() == "Thôn Tây"
    assert second.period.currentData() == "custom"
    assert second.date_from.date().toPython() == dt.date(2026, 3, 1)
    assert second.table.horizontalHeader().sectionSize(second.spec.column_index("content")) == 333
    assert second.model.sort_key == "held_on" and not second.model.descending
    assert second.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert speakers(second) == [D.O4]
    other = make_page("tasks")  # keys are per page
    assert other.combos["assignee"].currentData() is None


def test_a_column_dragged_narrower_than_its_heading_stops_at_the_heading(qtbot, make_page) -> None:
    """Issue 18: the Meetings list's headings were cut off («người tham», «iến, kiến ng») with no
    ellipsis; a clerk's drag now stops where the heading still fits on its two lines."""
    page = make_page("meetings")
    header = page.table.horizontalHeader()
    for key in ("participants", "opinions"):
        column = page.spec.column_index(key)
        header.resizeSection(column, 20)  # as a drag of its edge does
        assert header.sectionSize(column) >= header.needed_width(column), key
    assert page.fitter.by_clerk  # the clerk's widths stand otherwise


def test_a_heading_too_wide_for_its_column_ends_in_an_ellipsis(qtbot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from qcdc_desktop.ui.widgets.headers import heading_lines

    metrics = QFontMetrics(QFont())
    text = "Số người tham dự"
    assert heading_lines(metrics, text, 10_000) == [text]
    two = max(metrics.horizontalAdvance("Số người"), metrics.horizontalAdvance("tham dự")) + 2
    assert heading_lines(metrics, text, two) == ["Số người", "tham dự"]
    for width in (20, 40, metrics.horizontalAdvance("người") + 1):
        lines = heading_lines(metrics, text, width)
        assert 1 <= len(lines) <= 2 and lines[-1].endswith("…"), (width, lines)
        assert all(metrics.horizontalAdvance(line) <= width for line in lines), (width, lines)


def test_pages_in_the_main_window_refresh_on_changes(qtbot, db: Path, settings: QSettings) -> None:
    database = Database(db)
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    pages = install_list_pages(window, database, db, settings)
    assert set(pages) == {"meetings", "opinions", "tasks"}
    assert {"meetings", "opinions", "tasks"} <= set(window.pages)
    opinions = pages["opinions"]
    with qtbot.waitSignal(opinions.model.loaded, timeout=10_000):
        window.show()
        window.show_page("opinions")
    with qtbot.waitSignal(opinions.model.loaded, timeout=10_000):
        database.changed.emit(Changes(updated={"opinions": ["x"]}))
    assert opinions.model.rowCount() == 6
    for page in pages.values():
        page.model.close()
    database.shutdown()
    qtbot.waitUntil(lambda: background_loads().running() == 0, timeout=10_000)


def test_a_missing_data_file_is_said_on_the_status_line(qtbot, tmp_path: Path, settings: QSettings) -> None:
    page = ListPage("opinions", tmp_path / "gone.db", settings)
    qtbot.addWidget(page)
    page.show()
    assert "gone.db" in page.status.text()
    assert page.model.rowCount() == 0


def test_at_the_upper_level_records_are_filtered_by_commune(qtbot, tmp_path: Path, settings: QSettings) -> None:
    from conftest import run_qcdc
    from qcdc_desktop.db import access
    from qcdc_desktop.db.connection import open_store

    upper = tmp_path / "tinh.db"
    assert run_qcdc("init", "--db", str(upper), "--unit-code", "25", "--role", "upper").returncode == 0
    communes = {"05425": 2, "00004": 3}
    for code, meetings in communes.items():
        path = tmp_path / f"{code}.db"
        assert run_qcdc("init", "--db", str(path), "--unit-code", code).returncode == 0
        assert run_qcdc("demo", "--db", str(path), "--meetings", str(meetings), "--seed", "5").returncode == 0
        # the records as they reach the upper level: the same rows, under their commune's origin
        with open_store(upper) as store:  # its connection knows the search index's folding function
            # each data file has its own key: the commune's is given to ATTACH (a raw key literal)
            key = access.unlocked(path).file_key
            store.conn.execute(f"ATTACH ? AS c KEY \"x'{key.hex()}'\"", (str(path),))
            with store.transaction() as conn:
                for table in ("meetings", "opinions", "tasks"):
                    columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA c.table_info({table})"))
                    conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM c.{table}")
                conn.execute("INSERT INTO origins SELECT * FROM c.origins WHERE origin = ?", (code,))
            store.conn.execute("DETACH c")
    page = ListPage("meetings", upper, settings)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.show()
    combo = page.combos["origin"]
    assert page.upper_level and combo.isVisible() and not page.table.isColumnHidden(page.spec.column_index("origin"))
    # the offices with meetings here, by name with their code (the province has none of its own)
    assert [combo.itemText(i) for i in range(combo.count())][1:] == ["Phường Ba Đình (00004)", "Xã An Bình (05425)"]
    assert page.model.rowCount() == 5
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData("05425"))
    assert page.model.rowCount() == 2
    column = page.spec.column_index("origin")
    assert {page.model.data(page.model.index(r, column)) for r in range(2)} == {"Xã An Bình (05425)"}
    page.model.close()
