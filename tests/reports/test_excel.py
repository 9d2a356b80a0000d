"""The report workbook and the CSV, read back: one sheet per table with frozen, bold headings,
numbers stored as numbers, Vietnamese labels; nothing half-written."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qcdc_desktop import l10n
from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.reports.csvfile import write_csv
from qcdc_desktop.reports.excel import write_workbook
from report_stats import fixture_statistics


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory):
    return fixture_statistics(tmp_path_factory.mktemp("stats"))


@pytest.fixture
def book(stats, tmp_path: Path):
    out = tmp_path / "report.xlsx"
    sheets = write_workbook(stats, out)
    workbook = load_workbook(out)
    assert len(workbook.worksheets) == sheets
    return workbook


def _rows(sheet) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in sheet.iter_rows(min_row=4, values_only=True)}


def test_one_sheet_per_table_with_vietnamese_names(book) -> None:
    assert book.sheetnames == ["Báo cáo", "Tổng hợp", "Theo loại hình", "Theo cơ quan chủ trì", "Theo người chủ trì",
                               "Theo tháng", "Theo lĩnh vực", "Theo kết quả xử lý", "Nhiệm vụ",
                               "Theo thôn, tổ dân phố", "Nhiệm vụ quá hạn"]


def test_numbers_are_numbers_and_shares_are_percentages(book) -> None:
    fields = book["Theo lĩnh vực"]
    assert [c.value for c in fields[3]] == ["Lĩnh vực", "Số lượng", "Tỷ lệ"]
    land = _rows(fields)["Đất đai"]
    assert land == (3, 0.5)
    cell = next(r for r in fields.iter_rows(min_row=4) if r[0].value == "Đất đai")
    assert isinstance(cell[1].value, int) and cell[1].number_format == "#,##0"
    assert cell[2].number_format == "0.0%"
    assert _rows(fields)["Tổng cộng"] == (6, 1.0)
    summary = _rows(book["Tổng hợp"])
    assert summary["Số hội nghị đã tổ chức"] == (3,) and summary["Số người tham dự"] == (230,)
    assert summary["Tỷ lệ trả lời tại hội nghị"] == (0.5,)
    assert _rows(book["Nhiệm vụ"])["Quá hạn"] == (1, 0.2)
    assert _rows(book["Theo thôn, tổ dân phố"])["Thôn 1"] == (3, 2, pytest.approx(2 / 3))


def test_overdue_tasks_are_named_with_a_real_date(book) -> None:
    sheet = book["Nhiệm vụ quá hạn"]
    assert [c.value for c in sheet[3]] == ["Nhiệm vụ", "Chủ trì thực hiện", "Thời hạn", "Số ngày quá hạn"]
    (row,) = sheet.iter_rows(min_row=4)
    assert [c.value for c in row] == ["Giải quyết kiến nghị.", "Công chức Địa chính", dt.datetime(2024, 3, 1), 92]
    assert row[2].number_format == "DD/MM/YYYY"


def test_headings_are_bold_and_frozen(book) -> None:
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "B4"
        assert all(c.font.b for c in sheet[3] if c.value)
        assert sheet["A1"].font.b and sheet["A2"].value == "Từ ngày 01/01/2024 đến ngày 31/03/2024"


def test_the_cover_sheet_has_real_dates(book) -> None:
    cover = book["Báo cáo"]
    assert cover["A1"].value.startswith("Kết quả tổ chức hội nghị tiếp xúc, đối thoại trực tiếp với Nhân dân quý I")
    values = {r[0]: r[1] for r in cover.iter_rows(min_row=3, max_row=6, values_only=True)}
    assert values["Từ ngày"] == dt.datetime(2024, 1, 1) and values["Đến ngày"] == dt.datetime(2024, 3, 31)
    assert values["Đơn vị báo cáo"] == "Phường Ba Đình"
    assert values["Tiến độ nhiệm vụ tính đến ngày"] == dt.datetime(2024, 6, 1)


def test_english_labels(stats, tmp_path: Path) -> None:
    l10n.set_language("en")
    write_workbook(stats, tmp_path / "en.xlsx")
    book = load_workbook(tmp_path / "en.xlsx")
    assert "By field" in book.sheetnames and _rows(book["By field"])["Land"] == (3, 0.5)


def test_cancel_writes_nothing(stats, tmp_path: Path) -> None:
    with pytest.raises(Cancelled):
        write_workbook(stats, tmp_path / "c.xlsx", cancelled=lambda: True)
    assert not (tmp_path / "c.xlsx").exists()


def test_csv_holds_every_table_with_plain_numbers(stats, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    assert write_csv(stats, out) == 10
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with its mark
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["Tổng hợp"] and rows[1] == ["Chỉ tiêu", "Số liệu"]
    assert ["Số hội nghị đã tổ chức", "3"] in rows and ["Tỷ lệ trả lời tại hội nghị", "0.5"] in rows
    assert ["Đất đai", "3", "0.5"] in rows and ["Thôn 1", "3", "2", "0.6667"] in rows
    assert ["Giải quyết kiến nghị.", "Công chức Địa chính", "2024-03-01", "92"] in rows
    assert rows.count([]) == 9
