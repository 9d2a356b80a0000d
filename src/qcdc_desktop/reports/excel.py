"""The statistics report as an Excel workbook (openpyxl): a cover sheet, then one sheet per table,
headings bold and frozen, numbers stored as numbers (shares as percentages), labels in the active
language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core.errors import Cancelled
from ..core.report_tables import SHARE, ReportTable, report_opening, report_summary, report_tables, sheet_name
from ..core.statistics import Statistics
from ..l10n import _, format_date
from .cells import set_text_cell

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0.0%"
DATE_FORMAT = "DD/MM/YYYY"  # a real date, shown the Vietnamese way
HEAD_ROW = 3  # title on row 1, period on row 2, headings on row 3


def _cell(sheet: Worksheet, row: int, column: int, value: object) -> Cell | MergedCell:
    """The cell at (row, column) holding ``value``: text as text, never a formula (reports.cells)."""
    cell = sheet.cell(row, column)
    set_text_cell(cell, value)
    return cell


def _cover(sheet: Worksheet, stats: Statistics) -> None:
    sheet.title = _("Report")[:31]
    set_text_cell(sheet["A1"], report_summary(stats))
    sheet["A1"].font = TITLE
    rows = [
        (_("Reporting unit"), stats.unit_name),
        (_("Period from"), stats.period.start),
        (_("Period to"), stats.period.end),
        (_("Task progress as of"), stats.as_of),
    ]
    for index, (label, value) in enumerate(rows, start=3):
        _cell(sheet, index, 1, label).font = BOLD
        cell = _cell(sheet, index, 2, value)
        if not isinstance(value, str):
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="left")
    for offset, paragraph in enumerate(report_opening(stats), start=len(rows) + 4):
        _cell(sheet, offset, 1, paragraph)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 40


def _table_sheet(sheet: Worksheet, table: ReportTable, stats: Statistics) -> None:
    sheet.title = sheet_name(table.key)
    set_text_cell(sheet["A1"], table.title)
    sheet["A1"].font = TITLE
    set_text_cell(sheet["A2"], _("From %(start)s to %(end)s") % {"start": format_date(stats.period.start),
                                                                "end": format_date(stats.period.end)})
    for column, heading in enumerate(table.headings, start=1):
        cell = _cell(sheet, HEAD_ROW, column, heading)
        cell.font, cell.fill, cell.border = BOLD, HEAD_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, row in enumerate(table.rows, start=HEAD_ROW + 1):
        total = table.total_row and offset == HEAD_ROW + len(table.rows)
        for column, (value, kind) in enumerate(zip(row, table.kinds), start=1):
            cell = _cell(sheet, offset, column, value)
            cell.border = BOX
            if isinstance(value, float) or kind == SHARE:
                cell.number_format = SHARE_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, int):
                cell.number_format = COUNT_FORMAT
            if total:
                cell.font = BOLD
    sheet.freeze_panes = sheet.cell(HEAD_ROW + 1, 2).coordinate  # headings and the label column stay in view
    for column, kind in enumerate(table.kinds, start=1):
        width = 16
        if kind == "text":
            longest = max([len(str(r[column - 1])) for r in table.rows] + [len(table.headings[column - 1])])
            width = min(max(longest + 2, 14), 60)
        sheet.column_dimensions[get_column_letter(column)].width = width


def write_workbook(stats: Statistics, out: str | Path | BinaryIO, *,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> int:
    """Write the report workbook to ``out``; return the number of sheets.  Long work: progress
    per sheet, :class:`Cancelled` when ``cancelled()`` turns true (nothing is written then)."""
    tables = report_tables(stats)
    book = Workbook()
    cover = book.active
    assert isinstance(cover, Worksheet)  # a new workbook opens on one worksheet
    _cover(cover, stats)
    for index, table in enumerate(tables, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        _table_sheet(book.create_sheet(), table, stats)
        if progress is not None:
            progress(index, len(tables))
    book.properties.title = report_summary(stats)
    book.properties.creator = "QCDC Desktop"
    book.save(out)
    return len(book.worksheets)
