"""Importing a commune's own register as staff keep it: the heading under the title rows, the
columns and values guessed, rows with problems left out one by one, meetings told apart, tasks
made, everything or nothing written, and the report agreeing afterwards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from conftest import TODAY
from qcdc_desktop.core.errors import Cancelled, InputFileError, QcdcError
from qcdc_desktop.core.register_import import ColumnMapping, RegisterSheet, SheetRow
from qcdc_desktop.core.statistics import Period
from qcdc_desktop.db.register_import import import_register, saved_mapping
from qcdc_desktop.db.statistics import build_statistics
from qcdc_desktop.reports.register import guess_mapping, preview_register
from qcdc_desktop.reports.register_problems import write_left_out
from qcdc_desktop.reports.register_read import read_register
from registers import build, meeting_rows, nfd

LATER = dt.date(2026, 1, 1)  # "today": every meeting of the registers is before it
Q1, Q2 = dt.date(2025, 3, 5), dt.date(2025, 5, 12)


def _count(store, table: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names


def _preview(path: Path, **read):
    sheet = read_register(path, **read)
    return sheet, guess_mapping(sheet).mapping, preview_register(sheet, guess_mapping(sheet).mapping, today=LATER)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """Three meetings, two of them on the same day; dates as Excel dates and as text."""
    return build(tmp_path / "so-tong-hop.xlsx", {"Năm 2025": [
        meeting_rows(Q1, "Đối thoại định kỳ", "Hội trường UBND xã", 10),
        meeting_rows(Q1, "Tiếp công dân", "Phòng tiếp công dân", 4, seed=10, text_date=True),
        meeting_rows(Q2, "Tiếp xúc cử tri", "Nhà văn hóa thôn 2", 6, seed=20),
    ]})


def test_the_heading_is_found_under_the_title_rows_in_two_merged_rows(register: Path) -> None:
    sheet = read_register(register)
    assert sheet.header_rows == (4, 5, 6)  # the two rows of the heading and the column numbers under it
    assert sheet.headings[1] == "Hội nghị – Ngày" and sheet.headings[9] == "Trả lời tại hội nghị"
    assert sheet.columns == tuple(range(14))  # only the columns in use, not up to AH
    assert sheet.rows[0].number == 7 and len(sheet.rows) == 20 and sheet.totals == (("Năm 2025", 30),)


def test_columns_are_guessed_from_headings_and_values_with_a_score(register: Path) -> None:
    guess = guess_mapping(read_register(register))
    assert guess.mapping.columns == {"held_on": 1, "kind": 2, "place": 3, "chair": 4, "speaker": 5, "address": 6,
                                     "field": 7, "content": 8, "answered": 9, "answer": 10, "assignee": 11,
                                     "deadline": 12, "result": 13}
    assert all(0 < score <= 1 for score in guess.scores.values())
    # the abbreviations and synonyms offices write, translated to the list's entries
    assert guess.mapping.values["field"] == {
        "gpmb": "compensation", "antt": "security", "csxh": "social_policy", "chinh sach": "social_policy",
        "an ninh trat tu": "security", "nong nghiep": "economy", "dat dai": "land", "giao thong": "transport"}
    assert guess.mapping.values["kind"] == {"doi thoai dinh ky": "dialogue", "tiep cong dan": "reception",
                                            "tiep xuc cu tri": "contact"}


def test_a_yes_no_column_is_the_answered_flag_and_long_text_the_answer(tmp_path: Path) -> None:
    def guess(values: list[object]) -> dict[str, int]:
        book = Workbook()
        ws = book.active
        ws.append(["Ngày", "Họ và tên", "Nội dung ý kiến", "Trả lời tại hội nghị", "Kết quả"])
        for i, value in enumerate(values):
            ws.append([dt.datetime(2025, 3, 5), f"Người {i}", "Đề nghị sửa đường liên thôn bị hỏng.", value,
                       "Đã sửa xong trong tháng, nhân dân đồng tình."])
        book.save(tmp_path / "g.xlsx")
        return guess_mapping(read_register(tmp_path / "g.xlsx")).mapping.columns

    flags = guess(["x", None, "Không", "Có", "x"])
    assert flags["answered"] == 3 and "answer" not in flags and "title" not in flags and flags["speaker"] == 1
    assert "outcome" not in flags and flags["result"] == 4  # free text is not an outcome of the list
    texts = guess(["UBND xã đã giải thích rõ quy định về cấp giấy chứng nhận."] * 5)
    assert texts["answer"] == 3 and "answered" not in texts


def test_the_register_imports_as_it_is_with_same_day_meetings_kept_apart(store, register: Path) -> None:
    sheet, mapping, preview = _preview(register)
    assert preview.counts() == {"meetings": 3, "opinions": 20, "answered": 10, "tasks": 3, "rows_left_out": 0,
                                "totals_skipped": 1, "rows_read": 20}
    first, second, third = preview.meetings
    assert (first.meeting.held_on, second.meeting.held_on) == (Q1, Q1)  # the same day, two meetings
    assert (first.meeting.kind, second.meeting.kind, third.meeting.kind) == ("dialogue", "reception", "contact")
    assert (first.meeting.chair, first.meeting.chair_title) == ("Nguyễn Văn An", "Chủ tịch UBND xã")
    assert any("2 hội nghị" in note and "05/03/2025" in note for note in preview.notes)
    answered = [o for m in preview.meetings for o in m.meeting.opinions if o.answered]
    assert {o.outcome for o in answered} == {"answered"} and all(o.answer for o in answered)
    task = first.meeting.conclusions[0]
    assert (task.assignee, task.deadline, task.opinions) == ("Công chức Địa chính", Q1 + dt.timedelta(days=30), [4])
    assert first.meeting.opinions[3].outcome == "commune_task"
    assert _count(store, "meetings") == 0  # the preview writes nothing
    done = import_register(store, preview=preview, confirmed=True, layout=(sheet.signature, mapping))
    assert (done.meetings, done.opinions, done.tasks) == (3, 20, 3)
    assert (_count(store, "meetings"), _count(store, "opinions"), _count(store, "tasks")) == (3, 20, 3)
    figures = build_statistics(store, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), as_of=LATER).total
    by_outcome = dict(figures.opinions_by_outcome)
    assert figures.answered == by_outcome["answered"] == 10  # the summary and the outcome table agree
    assert by_outcome["commune_task"] == 3 and figures.tasks == 3
    assert saved_mapping(store, sheet.signature) == mapping  # offered again for this layout


def test_rows_with_problems_are_left_out_one_by_one(tmp_path: Path) -> None:
    meeting = meeting_rows(Q1, "Đối thoại định kỳ", "Hội trường UBND xã", 14)
    meeting[2][10] = None  # marked x, but no answer written
    meeting[5][7] = "Thể thao"  # not a field of the list
    meeting[9][12] = "31/02/2025"  # no such deadline (row 16 gives its opinion to a body)
    later = meeting_rows(Q2, "Đối thoại định kỳ", "Hội trường UBND xã", 3, seed=1)
    later[0][1] = "12/13/2025"  # the first row of this meeting has no real date
    path = build(tmp_path / "bad.xlsx", {"Sổ": [meeting, later]})
    book = load_workbook(path)
    book.active["F16"] = '=HYPERLINK("http://x.invalid","Bấm vào đây")'
    book.active["F16"].data_type = "s"  # text that looks like a formula: it must stay text when exported
    book.save(path)
    sheet, _mapping, preview = _preview(path)
    assert [(p.row, p.column) for p in preview.problems] == [
        (9, "Nội dung trả lời"), (12, "Ý kiến, kiến nghị – Lĩnh vực"), (16, "Thời hạn"),
        (22, "Hội nghị – Ngày"), (23, "Hội nghị – Ngày"), (24, "Hội nghị – Ngày")]
    assert preview.counts()["meetings"] == 1 and preview.opinions == 11  # the other 11 opinions stay
    messages = [p.message for p in preview.problems]
    assert "trả lời tại hội nghị" in messages[0]
    assert "Thể thao" in messages[1] and "bảng giá trị" in messages[1] and "social_policy" not in messages[1]
    assert "dd/mm/yyyy" in messages[2] and "dd/mm/yyyy" in messages[3]
    assert "dòng 22" in messages[4]  # the rows under a meeting whose date is wrong are not given to the one above
    written = write_left_out(tmp_path / "left-out.xlsx", sheet, preview)
    rows = list(load_workbook(tmp_path / "left-out.xlsx").active.iter_rows(values_only=True))
    assert written == 6 and rows[0][0] == "Dòng" and rows[0][-1] == "Lý do"
    assert rows[2][0] == 12 and rows[2][8] == "Thể thao" and "Thể thao" in rows[2][-1]
    raw = load_workbook(tmp_path / "left-out.xlsx").active
    assert raw.cell(4, 7).data_type == "s" and raw.cell(4, 7).value.startswith("=HYPERLINK")


def test_nfd_text_and_legacy_fonts_are_stored_as_unicode(store, tmp_path: Path) -> None:
    rows = meeting_rows(Q1, nfd("Đối thoại định kỳ"), nfd("Hội trường UBND xã"), 3)
    rows[0][5] = "Loø Vaên Minh"  # VNI-Times
    rows[1][5] = "NguyÔn ThÞ Hoa"  # .VnTime (TCVN3)
    rows[1][7] = "§Êt ®ai"
    rows[2][8] = "Đề nghị sửa\xad đường\u200b liên\u00a0thôn."  # a soft hyphen, a zero-width and a no-break space
    sheet, mapping, preview = _preview(build(tmp_path / "legacy.xlsx", {"Sổ": [rows]}))
    (m,) = preview.meetings
    assert [o.speaker for o in m.meeting.opinions][:2] == ["Lò Văn Minh", "Nguyễn Thị Hoa"]
    assert m.meeting.opinions[1].field == "land" and m.meeting.opinions[2].content == "Đề nghị sửa đường liên thôn."
    assert m.meeting.place == "Hội trường UBND xã" and m.meeting.kind == "dialogue"
    assert any("TCVN3/VNI" in note for note in preview.notes)
    import_register(store, preview=preview, confirmed=True)
    same = build(tmp_path / "nfc.xlsx", {"Sổ": [meeting_rows(Q1, "Đối thoại định kỳ", "Hội trường UBND xã", 3)]})
    again = import_register(store, preview=_preview(same)[2], confirmed=True)
    assert (again.meetings, again.already_there) == (0, 1)  # NFC and NFD are the same meeting


def test_quarter_sheets_import_together_when_laid_out_alike(tmp_path: Path) -> None:
    quarters = {f"Quý {q}": [meeting_rows(dt.date(2025, 3 * q - 1, 10), "Đối thoại định kỳ", "Hội trường", 5,
                                          seed=q)] for q in (1, 2, 3, 4)}
    path = build(tmp_path / "quy.xlsx", quarters)
    book = load_workbook(path)
    book.create_sheet("Ghi chú").append(["Sổ này do văn phòng UBND xã lập."])
    book.save(path)
    sheet, _mapping, preview = _preview(path, all_sheets=True)
    assert sheet.read_sheets == ("Quý 1", "Quý 2", "Quý 3", "Quý 4") and sheet.other_layouts == ("Ghi chú",)
    assert preview.counts()["meetings"] == 4 and preview.opinions == 20 and preview.totals_skipped == 4
    assert [m.sheet for m in preview.meetings] == ["Quý 1", "Quý 2", "Quý 3", "Quý 4"]
    assert _preview(path, sheet="Quý 3")[2].counts()["meetings"] == 1


def test_rows_of_one_meeting_far_apart_are_joined_and_said(tmp_path: Path) -> None:
    first = meeting_rows(Q1, "Đối thoại định kỳ", "Hội trường", 3)
    other = meeting_rows(Q2, "Đối thoại định kỳ", "Hội trường", 2, seed=5)
    again = meeting_rows(Q1, "Đối thoại định kỳ", "Hội trường", 2, seed=8)
    _sheet, _mapping, preview = _preview(build(tmp_path / "join.xlsx", {"Sổ": [first, other, again]}))
    assert preview.counts()["meetings"] == 2 and len(preview.meetings[0].meeting.opinions) == 5
    assert preview.meetings[0].blocks == ((7, 9), (14, 15))
    assert any("7–9, 14–15" in note for note in preview.notes)


def test_nothing_is_written_until_confirmed_and_a_cancel_leaves_nothing(store, register: Path, monkeypatch) -> None:
    from qcdc_desktop.db import register_import as imports

    _sheet, _mapping, preview = _preview(register)
    with pytest.raises(QcdcError, match="xác nhận"):
        import_register(store, preview=preview, confirmed=False)
    monkeypatch.setattr(imports, "BATCH", 1)
    calls = iter([False, True])
    with pytest.raises(Cancelled):
        import_register(store, preview=preview, confirmed=True, cancelled=lambda: next(calls))
    assert _count(store, "meetings") == 0 and _count(store, "tasks") == 0


def test_a_preview_with_problems_is_refused_unless_the_bad_rows_are_left_out(store, tmp_path: Path) -> None:
    rows = meeting_rows(Q1, "Đối thoại định kỳ", "Hội trường", 3)
    rows[1][7] = "Thể thao"
    _sheet, _mapping, preview = _preview(build(tmp_path / "half.xlsx", {"Sổ": [rows]}))
    with pytest.raises(QcdcError, match="1 dòng"):
        import_register(store, preview=preview, confirmed=True)
    assert _count(store, "meetings") == 0
    assert import_register(store, preview=preview, confirmed=True, skip_invalid=True).opinions == 2


def test_reading_and_checking_stop_when_cancelled(register: Path) -> None:
    with pytest.raises(Cancelled):
        read_register(register, cancelled=lambda: True)
    sheet = read_register(register)
    with pytest.raises(Cancelled):
        preview_register(sheet, guess_mapping(sheet).mapping, today=LATER, cancelled=lambda: True)


def test_the_mapping_goes_to_json_and_back_and_a_bad_one_is_refused() -> None:
    mapping = ColumnMapping({"held_on": 1, "field": 27}, {"place": "Hội trường"}, {"field": {"gpmb": "compensation"}})
    assert mapping.to_json()["columns"] == {"held_on": "B", "field": "AB"}
    assert ColumnMapping.from_json(mapping.to_json()) == mapping
    for bad in ([], {"columns": {"held_on": "1"}}, {"columns": {"age": "B"}}, {"values": {"field": {"a": 1}}},
                {"values": {"field": {"gpmb": "sports"}}}, {"values": {"speaker": {"a": "land"}}}, {"extra": {}}):
        with pytest.raises(InputFileError, match="ghép cột"):
            ColumnMapping.from_json(bad)


def test_files_that_are_not_registers_are_refused_with_a_sentence(tmp_path: Path, register: Path) -> None:
    (tmp_path / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputFileError, match="Excel"):
        read_register(tmp_path / "notes.xlsx")
    with pytest.raises(InputFileError, match="missing.xlsx"):
        read_register(tmp_path / "missing.xlsx")
    Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(InputFileError, match="tiêu đề"):
        read_register(tmp_path / "empty.xlsx")
    with pytest.raises(InputFileError, match="Khác"):
        read_register(register, sheet="Khác")


def test_reading_stops_at_the_row_limit(register: Path) -> None:
    sheet = read_register(register, max_rows=5)
    assert len(sheet.rows) == 5 and sheet.truncated


_CELLS = st.one_of(st.none(), st.text(max_size=30), st.integers(-10, 10**6), st.floats(allow_nan=True),
                   st.booleans(), st.dates(dt.date(1800, 1, 1), dt.date(2200, 1, 1)))
HEADINGS = ("STT", "Ngày hội nghị", "Tên hội nghị", "Người chủ trì", "Chức vụ", "Số người tham dự",
            "Họ và tên", "Thôn, tổ dân phố", "Lĩnh vực", "Nội dung ý kiến", "Đã trả lời (x)", "Nội dung trả lời",
            "Đơn vị chịu trách nhiệm", "Thời hạn")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=0, max_size=len(HEADINGS) + 2), min_size=1, max_size=8))
def test_any_cells_give_meetings_or_problems_never_a_crash(rows: list[list]) -> None:
    sheet = RegisterSheet("Sổ", ("Sổ",), HEADINGS, tuple(SheetRow("Sổ", n, tuple(r)) for n, r in enumerate(rows, 2)),
                          columns=tuple(range(len(HEADINGS))), read_sheets=("Sổ",))
    mapping = ColumnMapping(guess_mapping(sheet).mapping.columns, {"place": "Hội trường"})
    preview = preview_register(sheet, mapping, today=TODAY)
    rows_used = {n for m in preview.meetings for n in m.rows}
    assert rows_used.isdisjoint({p.row for p in preview.problems})
    assert all(p.message for p in preview.problems)
    assert rows_used | {p.row for p in preview.problems} <= set(range(2, len(rows) + 2))


def test_a_free_text_column_taken_for_a_listed_field_lists_only_its_first_values() -> None:
    from qcdc_desktop.core.register_layout import VALUES_LISTED
    from qcdc_desktop.reports.register import preview_with_values

    rows = tuple(SheetRow("Sổ", n, (dt.date(2025, 3, 5), "Hội trường", f"Ý kiến số {n}", f"Nội dung riêng {n}"))
                 for n in range(2, VALUES_LISTED + 102))
    sheet = RegisterSheet("Sổ", ("Sổ",), ("Ngày", "Địa điểm", "Nội dung", "Ghi chú"), rows, columns=(0, 1, 2, 3),
                          read_sheets=("Sổ",))
    done = preview_with_values(sheet, ColumnMapping({"held_on": 0, "place": 1, "field": 2, "content": 3}),
                               today=LATER)
    assert len(done.distinct["field"]) == VALUES_LISTED == len(done.mapping.values["field"])
    assert done.preview.rows_left_out == VALUES_LISTED + 100  # none of them is a field of the list


def test_a_year_kept_in_four_quarter_sheets_imports_whole(store, tmp_path: Path) -> None:
    """13 meetings over four quarter sheets, 111 rows: merged titles and headings, blank and total
    rows, text dates, NFD text and legacy-font names, two meetings on one day, task columns."""
    plan = {  # sheet: [(day, kind, place, opinions)]
        "Quý I": [(dt.date(2025, 1, 8), "Đối thoại định kỳ", "Hội trường UBND xã", 12),
                  (dt.date(2025, 1, 8), "Tiếp công dân", "Phòng tiếp công dân", 5),
                  (dt.date(2025, 2, 20), "Tiếp xúc cử tri", "Nhà văn hóa thôn 1", 9)],
        "Quý II": [(dt.date(2025, 4, 3), "Đối thoại định kỳ", "Hội trường UBND xã", 10),
                   (dt.date(2025, 5, 15), "Tiếp công dân", "Phòng tiếp công dân", 4),
                   (dt.date(2025, 6, 12), "Tiếp xúc cử tri", "Nhà văn hóa thôn 3", 11)],
        "Quý III": [(dt.date(2025, 7, 9), "Đối thoại định kỳ", "Hội trường UBND xã", 8),
                    (dt.date(2025, 8, 14), "Tiếp công dân", "Phòng tiếp công dân", 6),
                    (dt.date(2025, 9, 25), "Tiếp xúc cử tri", "Nhà văn hóa thôn 2", 7)],
        "Quý IV": [(dt.date(2025, 10, 2), "Đối thoại định kỳ", "Hội trường UBND xã", 13),
                   (dt.date(2025, 11, 6), "Tiếp công dân", "Phòng tiếp công dân", 5),
                   (dt.date(2025, 12, 4), "Tiếp xúc cử tri", "Nhà văn hóa thôn 4", 12),
                   (dt.date(2025, 12, 4), "Đối thoại định kỳ", "Hội trường UBND xã", 9)],
    }
    sheets, answered, tasks, seed = {}, 0, 0, 0
    for name, meetings in plan.items():
        sheets[name] = []
        for number, (day, kind, place, n) in enumerate(meetings):
            rows = meeting_rows(day, nfd(kind) if number % 2 else kind, place, n, seed=seed,
                                text_date=number == 1)
            rows[-1][5] = "Loø Vaên Minh" if number % 2 else "NguyÔn ThÞ Hoa"  # typed in VNI / .VnTime
            answered += sum(1 for k in range(seed, seed + n) if k % 2 == 0)
            tasks += sum(1 for k in range(seed, seed + n) if k % 2 and k % 3 == 0)
            seed += n
            sheets[name].append(rows)
    assert (seed, answered, tasks) == (111, 56, 18)  # odd multiples of 3 below 111: 3, 9, … 105
    sheet, mapping, preview = _preview(build(tmp_path / "nam-2025.xlsx", sheets), all_sheets=True)
    assert preview.counts() == {"meetings": 13, "opinions": 111, "answered": 56, "tasks": 18, "rows_left_out": 0,
                                "totals_skipped": 4, "rows_read": 111}
    speakers = {o.speaker for m in preview.meetings for o in m.meeting.opinions}
    assert {"Lò Văn Minh", "Nguyễn Thị Hoa"} <= speakers
    import_register(store, preview=preview, confirmed=True, layout=(sheet.signature, mapping))
    figures = build_statistics(store, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), as_of=LATER).total
    assert (figures.meetings, figures.opinions, figures.answered, figures.tasks) == (13, 111, 56, 18)
    assert dict(figures.opinions_by_outcome)["answered"] == 56


def test_a_deadline_without_a_responsible_column_goes_to_the_body_named_once(register: Path) -> None:
    sheet = read_register(register)
    guessed = guess_mapping(sheet).mapping
    columns = {k: v for k, v in guessed.columns.items() if k != "assignee"}  # as if the register had no such column
    without = preview_register(sheet, ColumnMapping(columns, {}, guessed.values), today=LATER)
    assert without.tasks == 0
    named = preview_register(sheet, ColumnMapping(columns, {"assignee": "UBND xã"}, guessed.values), today=LATER)
    assert named.tasks == 3 and {t.assignee for m in named.meetings for t in m.meeting.conclusions} == {"UBND xã"}


def test_a_register_import_and_its_event_are_one_transaction(store, tmp_path: Path, monkeypatch) -> None:
    """Sealed batch by batch (db/batch_seal.py): the entries of the records and the import's event
    are one transaction's."""
    from qcdc_desktop.db import register_import
    from sealed_entries import entries_since, last_n, one_transaction, verified

    monkeypatch.setattr(register_import, "BATCH", 2)
    sheets = [meeting_rows(dt.date(2025, 3, day), f"Đối thoại định kỳ lần {day}", "Hội trường UBND xã", 3)
              for day in range(2, 9)]
    _sheet, _mapping, preview = _preview(build(tmp_path / "so.xlsx", {"Sổ": sheets}))
    since = last_n(store)
    done = import_register(store, preview=preview, confirmed=True)
    assert done.meetings == 7
    entries = entries_since(store, since)
    one_transaction(entries)
    assert entries[-1]["kind"] == "register_import"
    verified(store)
