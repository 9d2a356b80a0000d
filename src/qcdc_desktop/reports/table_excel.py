"""A table as a workbook: a title, the paragraphs that say what it is and when it was read, then a
heading row and one row per line, frozen below the headings and filterable (the communes board of
the Sync place).  Every text goes through reports.cells: a name typed as ``=HYPERLINK(…)``
stays text; figures stay figures and dates dates, so an officer can sort and sum them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .cells import set_text_cell

TITLE = Font(bold=True, size=13)
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
DATE_FORMAT = "DD/MM/YYYY"
MOMENT_FORMAT = "DD/MM/YYYY HH:MM"


def write_table_workbook(*, title: str, sheet_name: str, paragraphs: Sequence[str], headings: Sequence[str],
                         rows: Sequence[Sequence[Any]], widths: Sequence[int], out: str | Path | BinaryIO) -> None:
    """Write the table to ``out`` (a path or a binary file)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its first sheet
    sheet.title = sheet_name[:31]
    lines = [title, *paragraphs, ""]
    for index, line in enumerate(lines, start=1):
        first = sheet.cell(row=index, column=1)
        set_text_cell(first, line)
        if index == 1:
            first.font = TITLE
    head_row = len(lines) + 1
    for column, heading in enumerate(headings, start=1):
        head = sheet.cell(row=head_row, column=column)
        set_text_cell(head, heading)
        head.font, head.fill = BOLD, HEAD_FILL
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=head_row + offset, column=column)
            set_text_cell(cell, value)
            if isinstance(value, dt.datetime):
                cell.number_format = MOMENT_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str) and len(value) > 40:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"B{head_row + 1}"  # the headings and the commune stay in sight
    last = get_column_letter(max(1, len(headings)))
    sheet.auto_filter.ref = f"A{head_row}:{last}{head_row + max(1, len(rows))}"
    book.properties.title = title
    book.properties.creator = "QCDC Desktop"
    book.save(out)
