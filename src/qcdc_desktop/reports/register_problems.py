"""The rows of a register left out of an import, as a workbook the clerk corrects and imports
again: the register's own columns, each row as read, and the reason in the last column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from ..core.errors import InputFileError, system_reason
from ..core.register_import import RegisterPreview, RegisterSheet
from ..l10n import _

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def _text_cell(ws: WriteOnlyWorksheet, text: str) -> Cell:
    """Text kept as text: a cell of the register written "=HYPERLINK(…)" must not come back as a
    formula that runs when the clerk opens the file."""
    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    return cell


def write_left_out(path: Path, sheet: RegisterSheet, preview: RegisterPreview) -> int:
    """Write the rows left out to ``path`` (.xlsx); returns how many rows were written."""
    reasons: dict[tuple[str, int], list[str]] = {}
    for p in preview.problems:
        reasons.setdefault((p.sheet, p.row), []).append(f"{p.column}: {p.message}" if p.column else p.message)
    book = Workbook(write_only=True)
    ws: WriteOnlyWorksheet = book.create_sheet(_("Rows left out")[:31])
    bold = Font(bold=True)
    several = len(sheet.read_sheets) > 1
    head = ([_("Sheet")] if several else []) + [_("Row")] + [sheet.headings[c] for c in sheet.columns] + [_("Reason")]
    cells = []
    for text in head:
        cell = WriteOnlyCell(ws, text)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    wrap = Alignment(wrap_text=True, vertical="top")
    written = 0
    for row in sheet.rows:
        why = reasons.get((row.sheet, row.number))
        if not why:
            continue
        out: list[object] = ([row.sheet] if several else []) + [row.number]
        for c in sheet.columns:
            value = row.cells[c] if c < len(row.cells) else None
            if isinstance(value, dt.date):
                date_cell = WriteOnlyCell(ws, value)  # type: ignore[arg-type]  # stubs omit dates; openpyxl takes them
                date_cell.number_format = "dd/mm/yyyy"
                out.append(date_cell)
            elif isinstance(value, str):
                out.append(_text_cell(ws, value))
            else:
                out.append(value)
        reason = _text_cell(ws, "; ".join(why))
        reason.alignment = wrap
        ws.append(out + [reason])
        written += 1
    try:
        book.save(Path(path))
    except OSError as exc:
        raise InputFileError(_("Cannot write %(path)s: %(reason)s") % {"path": path,
                                                                      "reason": system_reason(exc)}) from None
    return written
