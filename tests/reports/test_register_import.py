"""Importing an existing Excel register: reading it bounded, guessing the columns, a preview with
the problems of each row, and an import only when confirmed, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from qcdc_desktop.core.errors import Cancelled, InputFileError, QcdcError
from qcdc_desktop.core.register_import import ColumnMapping
from qcdc_desktop.db.register_import import import_register
from qcdc_desktop.reports.register import guess_mapping, preview_register, read_register
from conftest import TODAY

HEADINGS = ["STT", "Ngày hội nghị", "Tên hội nghị", "Người chủ trì", "Chức vụ", "Số người tham dự",
            "Họ tên người phát biểu", "Thôn, tổ dân phố", "Lĩnh vực", "Nội dung ý kiến", "Trả lời tại hội nghị"]
GOOD = [
    # a meeting on three rows: its cells blank under the first, as merged cells read
    [1, dt.datetime(2024, 3, 5), "Hội nghị đối thoại quý I", "Nguyễn Văn An", "Chủ tịch UBND xã", 120,
     "Trần Thị Bình", "Thôn 3", "Đất đai", "Đề nghị cấp giấy chứng nhận.", "UBND xã sẽ hoàn thiện hồ sơ."],
    [2, None, None, None, None, None, "Phạm Văn Đức", "Thôn Đông", "giao thong", "Đường xuống cấp.", None],
    [3, None, None, None, None, None, "Lê Thị Hoa", "Thôn 1", "environment", "Rác thải.", ""],
    [4, "12/04/2024", "Hội nghị đối thoại quý II", "Nguyễn Văn An", "Chủ tịch UBND xã", "80",
     "Hoàng Văn Nam", "Thôn 2", "Y tế", "Trạm y tế thiếu thuốc.", "Đã bổ sung thuốc."],
]


def _workbook(path: Path, rows: list[list], title_rows: int = 1) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ theo dõi"
    for _ in range(title_rows - 1):
        sheet.append([])
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    book.create_sheet("Ghi chú")
    book.save(path)
    return path


def _meetings(store) -> int:
    return store.conn.execute("SELECT count(*) FROM meetings").fetchone()[0]


@pytest.fixture
def good(tmp_path: Path):
    sheet = read_register(_workbook(tmp_path / "so.xlsx", GOOD, title_rows=3))
    mapping = guess_mapping(sheet.headings)
    return sheet, ColumnMapping(mapping.columns, {"place": "Hội trường UBND xã"})


def test_reading_finds_the_heading_row_and_the_sheets(good) -> None:
    sheet, _mapping = good
    assert sheet.sheets == ("Sổ theo dõi", "Ghi chú") and sheet.headings[1] == "Ngày hội nghị"
    assert [number for number, _row in sheet.rows] == [4, 5, 6, 7] and not sheet.truncated


def test_the_columns_are_guessed_from_vietnamese_headings(good) -> None:
    sheet, _mapping = good
    assert guess_mapping(sheet.headings).columns == {
        "held_on": 1, "title": 2, "chair": 3, "chair_title": 4, "participants": 5, "speaker": 6, "address": 7,
        "field": 8, "content": 9, "answer": 10}


def test_the_preview_makes_meetings_from_rows_without_writing(store, good) -> None:
    sheet, mapping = good
    preview = preview_register(sheet, mapping, today=TODAY)
    assert preview.ok and preview.rows_read == 4 and preview.opinions == 4
    first, second = preview.meetings
    assert first.rows == (4, 5, 6) and second.rows == (7,)
    m = first.meeting
    assert (m.held_on, m.place, m.participants, m.kind) == (dt.date(2024, 3, 5), "Hội trường UBND xã", 120, "dialogue")
    assert [o.field for o in m.opinions] == ["land", "transport", "environment"]
    assert [o.answered for o in m.opinions] == [True, False, False]
    assert second.meeting.held_on == dt.date(2024, 4, 12) and second.meeting.participants == 80
    assert _meetings(store) == 0


def test_bad_rows_are_reported_by_row_and_column(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[1][8] = "Thể thao"  # no such field
    rows[2][9] = None  # no content, but a speaker: an opinion without its text
    rows[3][1] = "31/02/2024"  # no such day
    sheet = read_register(_workbook(tmp_path / "bad.xlsx", rows))
    preview = preview_register(sheet, ColumnMapping(guess_mapping(sheet.headings).columns,
                                                    {"place": "Hội trường"}), today=TODAY)
    assert [(p.row, p.column) for p in preview.problems] == [(3, "Lĩnh vực"), (4, "Nội dung ý kiến"),
                                                             (5, "Ngày hội nghị")]
    assert "Thể thao" in preview.problems[0].message
    assert str(preview.problems[0]).startswith("dòng 3, Lĩnh vực: ")
    assert preview.meetings == ()


def test_nothing_is_written_until_confirmed_and_then_all_at_once(store, good) -> None:
    sheet, mapping = good
    preview = preview_register(sheet, mapping, today=TODAY)
    with pytest.raises(QcdcError, match="xác nhận"):
        import_register(store, preview=preview, confirmed=False)
    assert _meetings(store) == 0
    done = import_register(store, preview=preview, confirmed=True)
    assert (done.meetings, done.opinions, done.already_there) == (2, 4, 0)
    assert _meetings(store) == 2 and len(done.changes.added["opinions"]) == 4
    again = import_register(store, preview=preview_register(sheet, mapping, today=TODAY), confirmed=True)
    assert (again.meetings, again.already_there) == (0, 2) and _meetings(store) == 2


def test_a_preview_with_problems_is_refused_unless_the_bad_rows_are_left_out(store, tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[3][8] = "Thể thao"
    sheet = read_register(_workbook(tmp_path / "half.xlsx", rows))
    preview = preview_register(sheet, ColumnMapping(guess_mapping(sheet.headings).columns, {"place": "Hội trường"}),
                               today=TODAY)
    with pytest.raises(QcdcError, match="1 dòng"):
        import_register(store, preview=preview, confirmed=True)
    assert _meetings(store) == 0
    assert import_register(store, preview=preview, confirmed=True, skip_invalid=True).meetings == 1


def test_a_cancelled_import_leaves_nothing(store, good, monkeypatch) -> None:
    from qcdc_desktop.db import register_import as imports

    monkeypatch.setattr(imports, "BATCH", 1)  # a look at Cancel after each meeting
    sheet, mapping = good
    calls = iter([False, True])
    with pytest.raises(Cancelled):
        import_register(store, preview=preview_register(sheet, mapping, today=TODAY), confirmed=True,
                        cancelled=lambda: next(calls))
    assert _meetings(store) == 0


def test_files_that_are_not_registers_are_refused_with_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputFileError, match="Excel"):
        read_register(tmp_path / "notes.xlsx")
    with pytest.raises(InputFileError, match="missing.xlsx"):
        read_register(tmp_path / "missing.xlsx")
    Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(InputFileError, match="tiêu đề"):
        read_register(tmp_path / "empty.xlsx")
    with pytest.raises(InputFileError, match="Khác"):
        read_register(_workbook(tmp_path / "so.xlsx", GOOD), sheet="Khác")


def test_reading_stops_at_the_row_limit(tmp_path: Path) -> None:
    sheet = read_register(_workbook(tmp_path / "so.xlsx", GOOD), max_rows=2)
    assert len(sheet.rows) == 2 and sheet.truncated


_CELLS = st.one_of(st.none(), st.text(max_size=30), st.integers(-10, 10**6), st.floats(allow_nan=True),
                   st.booleans(), st.dates(dt.date(1800, 1, 1), dt.date(2200, 1, 1)).map(
                       lambda d: dt.datetime(d.year, d.month, d.day)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=0, max_size=len(HEADINGS) + 2), min_size=1, max_size=8))
def test_any_cells_give_meetings_or_problems_never_a_crash(rows: list[list]) -> None:
    from qcdc_desktop.core.register_import import RegisterSheet

    sheet = RegisterSheet("Sổ", ("Sổ",), tuple(HEADINGS), tuple((n, tuple(r)) for n, r in enumerate(rows, start=2)))
    preview = preview_register(sheet, ColumnMapping(guess_mapping(sheet.headings).columns, {"place": "Hội trường"}),
                               today=TODAY)
    rows_used = {n for m in preview.meetings for n in m.rows}
    assert rows_used.isdisjoint({p.row for p in preview.problems})
    assert all(p.message for p in preview.problems)
    assert rows_used | {p.row for p in preview.problems} <= set(range(2, len(rows) + 2))
