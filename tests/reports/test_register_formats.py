"""The same register saved as .xls (Excel 97-2003) and .ods (LibreOffice) reads as the .xlsx does;
a workbook protected by a password gets its own sentence; cells typed in the legacy fonts are
converted when sure and flagged when not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from qcdc_desktop.core.errors import InputFileError
from qcdc_desktop.core.legacy_text import clean_text, detect_legacy, from_tcvn3, from_vni
from qcdc_desktop.reports.register import guess_mapping, preview_register
from qcdc_desktop.reports.register_read import read_register
from registers import HEADING, TITLE, build, meeting_rows

DAY = dt.date(2025, 3, 5)
ROWS = meeting_rows(DAY, "Đối thoại định kỳ", "Hội trường UBND xã", 6) + meeting_rows(
    dt.date(2025, 6, 2), "Tiếp công dân", "Phòng tiếp dân", 3, seed=6, text_date=True)
HEADS = [upper if lower is None else lower for upper, lower in HEADING]


def _counts(path: Path) -> dict[str, int]:
    sheet = read_register(path)
    return preview_register(sheet, guess_mapping(sheet).mapping, today=dt.date(2026, 1, 1)).counts()


def _xls(path: Path) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Quý I")
    ws.write_merge(0, 0, 0, len(HEADS) - 1, TITLE[0])
    ws.write_merge(1, 1, 0, len(HEADS) - 1, TITLE[1])
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for c, text in enumerate(HEADS):
        ws.write(3, c, text)
    for r, row in enumerate(ROWS, start=4):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value, dates) if isinstance(value, dt.datetime) else ws.write(r, c, value)
    ws.write(4 + len(ROWS), 0, "Tổng cộng")
    book.save(str(path))
    return path


def _ods(path: Path) -> Path:
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Quý I")

    def cell(value: object, span: int = 1) -> TableCell:
        if isinstance(value, dt.datetime):
            made = TableCell(valuetype="date", datevalue=value.date().isoformat())
        elif isinstance(value, (int, float)):
            made = TableCell(valuetype="float", value=value)
        else:
            made = TableCell(valuetype="string", numbercolumnsspanned=span) if span > 1 else TableCell(valuetype="string")
        if value is not None:
            made.addElement(P(text=str(value.date() if isinstance(value, dt.datetime) else value)))
        return made

    for values in ([TITLE[0]], [TITLE[1]], [], HEADS, *ROWS, ["Tổng cộng"]):
        row = TableRow()
        for value in values:
            row.addElement(cell(value))
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def test_xls_and_ods_read_as_the_xlsx_does(tmp_path: Path) -> None:
    expected = _counts(build(tmp_path / "so.xlsx", {"Quý I": [ROWS[:6], ROWS[6:]]}))
    assert expected["meetings"] == 2 and expected["opinions"] == 9
    assert _counts(_xls(tmp_path / "so.xls")) == expected
    assert _counts(_ods(tmp_path / "so.ods")) == expected


def test_a_workbook_protected_by_a_password_gets_its_own_sentence(tmp_path: Path) -> None:
    plain = build(tmp_path / "so.xlsx", {"Sổ": [ROWS[:6]]})
    locked = tmp_path / "co-mat-khau.xlsx"
    with plain.open("rb") as source, locked.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("123456", out)
    with pytest.raises(InputFileError, match="mật khẩu") as caught:
        read_register(locked)
    assert "bỏ mật khẩu rồi lưu lại" in caught.value.message


def test_legacy_font_cells_are_converted_when_sure_and_flagged_when_not() -> None:
    assert from_tcvn3("Héi nghÞ ®èi tho¹i") == "Hội nghị đối thoại"
    assert from_vni("Ñöôøng xuoáng caáp") == "Đường xuống cấp"
    assert detect_legacy("NguyÔn V¨n An").converted == "Nguyễn Văn An"  # the .VnTime "ư" is a soft hyphen byte
    assert detect_legacy("Tr\xadêng häc").converted == "Trường học"
    vni = detect_legacy("Loø Vaên Minh")
    assert (vni.encoding, vni.converted, vni.sure) == ("VNI", "Lò Văn Minh", True)
    for unicode_text in ("Hà Nội", "Hòa Bình", "Lê Thị Hoa", "GPMB"):
        assert detect_legacy(unicode_text) is None
    for unsure in ("Café", "Aø«"):  # neither reading is Vietnamese: kept as written, flagged
        assert detect_legacy(unsure) is not None and not detect_legacy(unsure).sure
    assert clean_text("Trần\xad Văn\u200b\x07 An\u00a0B") == "Trần Văn An B"


_WORDS = ("hội", "nghị", "đối", "thoại", "người", "dân", "trường", "xã", "ủy", "ban", "nhân", "chủ", "tịch", "đường",
          "giao", "thông", "đất", "đai", "ý", "kiến", "thôn", "văn", "hóa", "nguyễn", "thị", "hoa", "bồi", "thường",
          "giải", "phóng", "mặt", "bằng", "an", "ninh", "trật", "tự", "chính", "sách", "nông", "nghiệp", "đề", "nghị",
          "sửa", "chữa", "cầu", "cống", "tiếp", "công", "ương", "khuyến", "quyết", "Đông", "Hà", "Lò", "Vũ", "Ông")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8))
def test_vietnamese_typed_in_a_legacy_font_is_never_converted_wrong(words: list[str]) -> None:
    from qcdc_desktop.core import legacy_text

    text = " ".join(words)
    assert detect_legacy(text) is None  # Unicode as it is: never converted
    tcvn3 = {v: k for k, v in legacy_text._TCVN3.items()}
    vni = {v: k for k, v in legacy_text._VNI.items() if len(v) == 1}
    for table in (tcvn3, vni):
        typed = "".join(table.get(ch, ch) for ch in text)
        if typed != text:
            found = detect_legacy(typed)  # None when the typed text is Vietnamese too ("Vũ" in .VnTime is "Vò")
            assert found is None or not found.sure or found.converted == text  # never converted wrong


def test_dates_are_read_in_every_form_registers_write_them() -> None:
    from qcdc_desktop.core.register_layout import parse_date

    day = dt.date(2025, 3, 5)
    for written in (dt.datetime(2025, 3, 5), day, "5/3/2025", "05/03/2025", "05-03-2025", "05.03.2025", "5/3/25",
                    45721.0, 45721):  # the last two: an Excel date whose cell lost its date format
        assert parse_date(written) == day, written
    for not_a_date in ("31/02/2025", "12/13/2025", "2025-03-05x", 12.0, 45721.5, True, "ngày 5 tháng 3"):
        assert parse_date(not_a_date) is None, not_a_date


def test_numbers_no_spreadsheet_should_hold_are_refused_row_by_row_not_a_crash() -> None:
    from qcdc_desktop.core.register_import import ColumnMapping, RegisterSheet, SheetRow
    from qcdc_desktop.core.register_layout import is_column_numbers, is_total_row

    odd = (float("inf"), float("-inf"), float("nan"), 1e308)
    assert not any(is_column_numbers([v, 1, 2]) or is_total_row([v, 3]) for v in odd)
    rows = tuple(SheetRow("S", n, (v, "Hội trường", v, v)) for n, v in enumerate(odd, start=2))
    sheet = RegisterSheet("S", ("S",), ("Ngày", "Địa điểm", "Số người tham dự", "Nội dung"), rows,
                          columns=(0, 1, 2, 3), read_sheets=("S",))
    preview = preview_register(sheet, ColumnMapping({"held_on": 0, "place": 1, "participants": 2, "content": 3}),
                               today=dt.date(2026, 1, 1))
    assert preview.rows_left_out == 4 and not preview.meetings
