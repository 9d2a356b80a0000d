"""The office's history, filtered, as an Excel workbook for an inspection: the paragraphs that say
what was selected and what the check of the chain found, then one row per field changed (an entry
that changed three fields has three rows, sharing its number, time and person), with the values
before and after in full, so that an inspector can filter and sort them.

Written row by row (openpyxl's write-only mode), so a history of a million entries never sits in
memory whole; a sheet that is full (Excel's 1,048,576 rows) continues on the next.  Every text goes
through reports.cells: a value typed as ``=HYPERLINK(…)`` stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..core.errors import Cancelled
from ..core.history_words import Described
from ..l10n import _
from .cells import set_text_cell

MAX_ROWS = 1_048_576
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
MOMENT_FORMAT = "DD/MM/YYYY HH:MM"
WIDTHS = (7, 17, 14, 22, 12, 18, 34, 24, 60, 24, 40, 40, 30, 10, 9)


def headings() -> list[str]:
    return [_("No."), _("When"), _("Login name"), _("Who"), _("Change"), _("Kind of record"), _("Record"),
            _("Record id"), _("What was done"), _("Field changed"), _("Before"), _("After"), _("Reason"),
            _("Unit"), _("Entry no.")]


def _local(at: str) -> dt.datetime | str:
    """A moment stored in UTC as the office's clock showed it, without a zone (Excel has none)."""
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone().replace(tzinfo=None)


def entry_rows(entry: Described, number: int) -> list[list[Any]]:
    """The rows of one entry: one per field (before and after whole), or one for an entry
    without fields."""
    common = [number, _local(entry.at), entry.login, entry.who, entry.action_label, entry.kind_label,
              entry.subject, entry.record, entry.sentence]
    tail = [entry.reason, entry.origin, entry.n]
    if not entry.fields:
        return [common + ["", "", ""] + tail]
    return [common + [f.label, f.before or "", f.after or ""] + tail for f in entry.fields]


class _Sheets:
    """The sheets of the workbook, a new one when one is full."""

    def __init__(self, book: Workbook, title: str, paragraphs: list[str]) -> None:
        self.book, self.title, self.paragraphs = book, title, paragraphs
        self.sheet: WriteOnlyWorksheet | None = None
        self.rows = 0
        self.count = 0

    def _cell(self, value: Any, font: Font | None = None) -> Cell:
        assert self.sheet is not None
        cell = WriteOnlyCell(self.sheet)
        set_text_cell(cell, value)
        if isinstance(value, dt.datetime):
            cell.number_format = MOMENT_FORMAT
        if font is not None:
            cell.font = font
        return cell

    def start(self) -> None:
        self.count += 1
        name = _("History")[:28] + (f" ({self.count})" if self.count > 1 else "")
        sheet = self.book.create_sheet(name)
        assert isinstance(sheet, WriteOnlyWorksheet)  # a write-only workbook makes write-only sheets
        self.sheet = sheet
        for column, width in enumerate(WIDTHS, start=1):
            sheet.column_dimensions[chr(ord("A") + column - 1)].width = width  # type: ignore[attr-defined]  # the stubs miss what a write-only sheet shares with a sheet
        lines = [self.title, *self.paragraphs, ""]
        sheet.freeze_panes = f"A{len(lines) + 2}"
        for index, line in enumerate(lines):
            sheet.append([self._cell(line, TITLE if index == 0 else None)])
        heads = []
        for heading in headings():
            cell = self._cell(heading, BOLD)
            cell.fill = HEAD_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            heads.append(cell)
        sheet.append(heads)
        self.rows = len(lines) + 1

    def append(self, values: list[Any]) -> None:
        if self.sheet is None or self.rows >= MAX_ROWS:
            self.start()
        assert self.sheet is not None
        self.sheet.append([self._cell(v) for v in values])
        self.rows += 1


def write_history_workbook(entries: Iterable[Described], *, title: str, paragraphs: list[str],
                           out: str | Path | BinaryIO, cancelled: Callable[[], bool] | None = None) -> int:
    """Write the workbook to ``out``; return how many entries it holds."""
    book = Workbook(write_only=True)
    sheets = _Sheets(book, title, paragraphs)
    count = 0
    for count, entry in enumerate(entries, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        for row in entry_rows(entry, count):
            sheets.append(row)
    if sheets.sheet is None:
        sheets.start()
        sheets.append([_("No entry of the history is selected.")])
    book.properties.title = title
    book.properties.creator = "QCDC Desktop"
    book.save(out)
    return count
