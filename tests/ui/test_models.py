"""The paged table models: qtmodeltester on each, the background load, scrolling, staleness,
refresh after a change, and what each role shows."""

from __future__ import annotations

import threading
from array import array
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

import lists_data as D
from qcdc_desktop.core.changes import Changes
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.lists import LISTS, ListFilter, load_rowids
from qcdc_desktop.db.meetings import add_meetings
from qcdc_desktop.l10n import _
from qcdc_desktop.ui.widgets.models import ID_ROLE, MEETING_ID_ROLE, PagedTableModel, background_loads

ALL_OPINIONS = [D.O5, D.O4, D.O3, D.O2, D.O1, D.O6]


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return D.build(tmp_path_factory.mktemp("models") / "small.db")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return D.build_demo(tmp_path_factory.mktemp("models") / "demo.db")


@pytest.fixture
def make_model(qtbot):
    models: list[PagedTableModel] = []

    def make(kind: str, path: Path, **options) -> PagedTableModel:
        model = PagedTableModel(LISTS[kind], path, today=lambda: D.TODAY, **options)
        models.append(model)
        return model

    yield make
    for model in models:
        model.close()
    qtbot.waitUntil(lambda: background_loads().running() == 0, timeout=10_000)


def show(qtbot, model: PagedTableModel, list_filter: ListFilter = ListFilter()) -> None:
    """Apply a filter and wait until every row is known."""
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_filter(list_filter)


def column(model: PagedTableModel, key: str) -> list[str]:
    at = model.spec.column_index(key)
    return [model.data(model.index(row, at)) for row in range(model.rowCount())]


@pytest.mark.parametrize("kind", ["meetings", "opinions", "tasks"])
def test_every_model_passes_the_model_tester(qtbot, qtmodeltester, make_model, small_db: Path, demo_db: Path,
                                              kind: str) -> None:
    empty = make_model(kind, small_db)
    qtmodeltester.check(empty)  # before anything is read
    model = make_model(kind, demo_db, page_size=10)
    qtmodeltester.check(model)
    show(qtbot, model)
    assert model.rowCount() > 10  # the background load appended rows after the first page
    qtmodeltester.check(model)
    show(qtbot, model, ListFilter(search="thon"))
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(model.is_complete, timeout=10_000)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        assert model.refresh(Changes(updated={kind: ["x"]}))
    qtmodeltester.check(model)


def test_first_page_at_once_then_the_rest_in_the_background(qtbot, make_model, demo_db: Path) -> None:
    with open_store(demo_db, readonly=True) as store:
        total = store.conn.execute("SELECT count(*) FROM opinions").fetchone()[0]
        oldest = store.conn.execute("SELECT speaker FROM opinions ORDER BY held_on, rowid LIMIT 1").fetchone()[0]
    assert total > 300
    model = make_model("opinions", demo_db, page_size=100, cache_pages=2)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.loaded, timeout=10_000) as loaded:
        model.set_filter(ListFilter())
        assert model.rowCount() == 100  # the first page, before any event is processed
        assert not model.is_complete()
    assert loaded.args == [total]
    assert inserted == [(100, total - 1)]
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    view.scrollToBottom()
    qtbot.wait(10)
    assert model.data(model.index(total - 1, model.spec.column_index("speaker"))) == oldest
    assert len(model._pages) <= 2  # the cache is bounded: the rows in between were never read
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()


def test_stale_loads_are_dropped(qtbot, make_model, demo_db: Path) -> None:
    release = threading.Event()
    calls: list[str] = []

    def loader(path, query, *, progress=None, cancelled=None) -> array:
        calls.append(query.filter.field or "")
        if query.filter.field == "land":
            release.wait(10)  # the clerk changed the filter while this one was loading
            return array("q", [1, 2, 3])  # whatever it finds is no longer wanted
        return load_rowids(path, query, progress=progress, cancelled=cancelled)

    model = make_model("opinions", demo_db, page_size=20, loader=loader)
    model.set_filter(ListFilter(field="land"))
    qtbot.waitUntil(lambda: calls == ["land"], timeout=10_000)  # its load is under way
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_filter(ListFilter(field="transport"))
    rows = model.rowCount()
    release.set()
    qtbot.waitUntil(lambda: background_loads().running() == 0, timeout=10_000)
    assert calls == ["land", "transport"]
    assert model.rowCount() == rows > 3
    assert set(column(model, "field")) == {"Giao thông"}


def test_a_late_result_of_an_old_generation_is_ignored(qtbot, make_model, small_db: Path) -> None:
    model = make_model("opinions", small_db)
    show(qtbot, model)
    model._on_loaded((0, array("q", [1])))
    assert model.rowCount() == 6


def test_roles(qtbot, make_model, small_db: Path) -> None:
    model = make_model("opinions", small_db)
    show(qtbot, model, ListFilter(field="land", hamlet="Thôn Đông"))
    at = {c.key: i for i, c in enumerate(model.spec.columns)}
    row = {key: model.data(model.index(0, i)) for key, i in at.items()}
    assert row == {"held_on": "10/01/2026", "meeting": D.M1, "speaker": D.O1, "hamlet": "Thôn Đông",
                   "field": "Đất đai", "content": "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ.",
                   "answered": _("Yes"), "outcome": "Đã trả lời tại hội nghị", "reply": "",
                   "origin": "Phường Ba Đình (00004)"}
    record_id = model.data(model.index(0, 0), ID_ROLE)
    meeting_id = model.data(model.index(0, 3), MEETING_ID_ROLE)
    with open_store(small_db, readonly=True) as store:
        assert store.conn.execute("SELECT speaker FROM opinions WHERE id = ? AND meeting_id = ?",
                                  (record_id, meeting_id)).fetchone() == (D.O1,)
    tip = model.data(model.index(0, at["content"]), Qt.ItemDataRole.ToolTipRole)
    assert "12 hộ" in tip
    assert model.data(model.index(0, at["speaker"]), Qt.ItemDataRole.ToolTipRole) is None
    left = model.data(model.index(0, at["speaker"]), Qt.ItemDataRole.TextAlignmentRole)
    assert left & Qt.AlignmentFlag.AlignLeft
    assert model.headerData(at["content"], Qt.Orientation.Horizontal) == _("Content")
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.data(QModelIndex()) is None


def test_numbers_dates_and_labels_follow_the_language(qtbot, make_model, small_db: Path, english) -> None:
    model = make_model("meetings", small_db)
    show(qtbot, model, ListFilter(kind="dialogue"))
    at = {c.key: i for i, c in enumerate(model.spec.columns)}
    assert model.data(model.index(0, at["participants"])) == "1,234"
    assert model.data(model.index(0, at["opinions"])) == "3"
    assert model.data(model.index(0, at["kind"])) == "Periodic dialogue of the People's Committee chairman"
    right = model.data(model.index(0, at["participants"]), Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight
    assert model.headerData(at["participants"], Qt.Orientation.Horizontal) == "Participants"
    assert model.data(model.index(0, 0), ID_ROLE) == model.data(model.index(0, 0), MEETING_ID_ROLE)


def test_task_progress_is_shown_in_words(qtbot, make_model, small_db: Path, english) -> None:
    model = make_model("tasks", small_db)
    show(qtbot, model)
    assert column(model, "progress") == ["In progress", "Overdue", "Dropped", "Completed on time", "Completed late",
                                         "In progress"]
    assert column(model, "deadline")[-1] == ""


def test_only_indexed_columns_sort(qtbot, make_model, small_db: Path) -> None:
    model = make_model("opinions", small_db)
    show(qtbot, model)
    before = column(model, "speaker")
    assert before == ALL_OPINIONS
    model.sort(model.spec.column_index("content"), Qt.SortOrder.AscendingOrder)
    assert column(model, "speaker") == before
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.sort(model.spec.column_index("held_on"), Qt.SortOrder.AscendingOrder)
    assert column(model, "speaker") == before[::-1]


def test_refresh_after_a_change_keeps_the_selection_on_its_record(qtbot, make_model, tmp_path: Path) -> None:
    path = D.build(tmp_path / "refresh.db")
    model = make_model("opinions", path)
    show(qtbot, model)
    o1 = column(model, "speaker").index(D.O1)
    selected = QPersistentModelIndex(model.index(o1, 0))
    assert not model.refresh(Changes(updated={"officials": ["x"]}))  # nothing this list shows
    newer = {"kind": "ad_hoc", "held_on": "2026-05-02", "title": "Đối thoại đột xuất", "place": "Thôn Nam",
             "chair": "Nguyễn Văn An", "chair_title": "Chủ tịch UBND xã",
             "opinions": [{"speaker": "Vũ Thị Lan", "field": "health", "content": "Trạm y tế thiếu thuốc"}]}
    with open_store(path) as store:
        changes = add_meetings(store, meetings=parse_meetings([newer], today=D.TODAY))
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        assert model.refresh(changes)
    assert column(model, "speaker") == ["Vũ Thị Lan", *ALL_OPINIONS]
    assert selected.row() == o1 + 1
    assert model.data(model.index(selected.row(), model.spec.column_index("speaker"))) == D.O1


def test_a_damaged_date_is_shown_as_stored_instead_of_failing() -> None:
    """A record an earlier version took from a bundle with a date that is not one (qcdc check names
    it) shows its text in the lists instead of breaking them."""
    from qcdc_desktop.ui.widgets.cells import display_text

    assert display_text("date", "hôm qua") == "hôm qua"
    assert display_text("date", "2024-02-30") == "2024-02-30"
    assert display_text("date", "2024-03-05") == "05/03/2024"
