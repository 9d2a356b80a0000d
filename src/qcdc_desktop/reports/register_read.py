"""Reading a commune's register from an .xlsx, .xls or .ods workbook, bounded and cancellable.

python-calamine reads all three formats (and the merged cells of .xlsx and .xls) several times
faster than openpyxl's read-only mode, which could read neither .xls nor merged cells
(bench/bulk.py measures both).  Merged cells are filled with their value, so a meeting's date
merged down its rows repeats on each; the heading is found under the title rows
(``core.register_layout``); total rows, repeated headings and blank rows are left out; text is
cleaned and cells in the legacy TCVN3/VNI fonts converted where the reading is sure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, overload

import python_calamine as calamine

from ..core.errors import Cancelled, InputFileError
from ..core.legacy_text import LegacyText, clean_text, detect_legacy
from ..core.register_import import CellNote, RegisterSheet, SheetRow
from ..core.register_layout import find_heading, heading_parts, is_column_numbers, is_repeated_heading, is_total_row
from ..l10n import _

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 60
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CHECK_EVERY = 1000  # rows read between two looks at the Cancel button
HEADROOM = 40  # title and heading rows above the data, read besides the row limit
SEEN_TEXTS = 50_000  # texts remembered once cleaned (a meeting's cells repeat down its rows)


def _text(value: str) -> tuple[str | None, LegacyText | None]:
    if not value.strip():
        return None, None
    text = value if value.isascii() and value.isprintable() else clean_text(value)
    legacy = detect_legacy(value)
    if legacy is not None and legacy.sure:
        text = clean_text(legacy.converted)
    return text.strip(), legacy


@overload
def _cell(value: str, where: tuple[str, int, int], notes: list[CellNote],
          seen: dict[str, tuple[str | None, LegacyText | None]]) -> str | None: ...
@overload
def _cell(value: object, where: tuple[str, int, int], notes: list[CellNote],
          seen: dict[str, tuple[str | None, LegacyText | None]]) -> object: ...
def _cell(value: object, where: tuple[str, int, int], notes: list[CellNote],
          seen: dict[str, tuple[str | None, LegacyText | None]]) -> object:
    if isinstance(value, str):
        done = seen.get(value)
        if done is None:
            done = _text(value)
            if len(seen) < SEEN_TEXTS:
                seen[value] = done
        text, legacy = done
        if legacy is not None:
            notes.append(CellNote(where[0], where[1], where[2], legacy))
        return text
    if isinstance(value, dt.datetime):
        return value if value.time() != dt.time() else value.date()
    return value


def _open(path: Path) -> calamine.CalamineWorkbook:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputFileError(_("%(path)s is too large.") % {"path": path})
        return calamine.CalamineWorkbook.from_path(str(path))
    except FileNotFoundError:
        raise InputFileError(_("There is no file %(path)s.") % {"path": path}) from None
    except calamine.PasswordError:
        raise InputFileError(_("%(path)s is protected by a password. Open it in Excel, remove the password "
                               "and save it again, then import it.") % {"path": path}) from None
    except (calamine.CalamineError, ValueError, OSError, IndexError, TypeError):
        raise InputFileError(_("%(path)s is not an Excel or OpenDocument workbook (.xlsx, .xls, .ods).")
                             % {"path": path}) from None


def _grid(book: calamine.CalamineWorkbook, name: str, limit: int,
          cancelled: Callable[[], bool] | None) -> tuple[list[list[object]], bool, list[Any]]:
    try:
        sheet = book.get_sheet_by_name(name)
        first_row, first_col = sheet.start or (0, 0)
        grid: list[list[object]] = [[] for _ in range(first_row)]
        truncated = False
        padding: list[object] = [None] * first_col
        for number, values in enumerate(sheet.iter_rows()):
            if number % CHECK_EVERY == 0 and cancelled is not None and cancelled():
                raise Cancelled()
            if len(grid) >= limit:
                truncated = True
                break
            grid.append((padding + [None if v == "" else v for v in values])[:MAX_COLUMNS])
        merges = list(sheet.merged_cell_ranges or ())
        for (r0, c0), (r1, c1) in merges:
            if r0 >= len(grid) or c0 >= MAX_COLUMNS:
                continue
            value = grid[r0][c0] if c0 < len(grid[r0]) else None
            for r in range(r0, min(r1, len(grid) - 1) + 1):
                row = grid[r]
                row.extend([None] * (min(c1, MAX_COLUMNS - 1) + 1 - len(row)))
                for c in range(c0, min(c1, MAX_COLUMNS - 1) + 1):
                    row[c] = value
        return grid, truncated, merges
    except calamine.CalamineError:
        raise InputFileError(_("The sheet %(sheet)s cannot be read.") % {"sheet": name[:60]}) from None


def _sheet(book: calamine.CalamineWorkbook, name: str, names: tuple[str, ...], limit: int,
           cancelled: Callable[[], bool] | None) -> RegisterSheet:
    grid, truncated, merges = _grid(book, name, limit, cancelled)
    heading = find_heading(grid, merges)
    if heading is None:
        raise InputFileError(_("No heading row was found in the first rows of sheet %(sheet)s.") % {"sheet": name})
    notes: list[CellNote] = []
    seen: dict[str, tuple[str | None, LegacyText | None]] = {}
    texts = [_cell(t, (name, heading.rows[0] + 1, c), notes, seen) or "" for c, t in enumerate(heading.texts)]
    parts = heading_parts(texts)
    rows: list[SheetRow] = []
    totals: list[tuple[str, int]] = []
    for r in range(heading.rows[-1] + 1, len(grid)):
        cells = tuple(_cell(v, (name, r + 1, c), notes, seen) for c, v in enumerate(grid[r]))
        if all(v is None for v in cells) or is_column_numbers(cells) or is_repeated_heading(cells, parts):
            continue
        if is_total_row(cells):
            totals.append((name, r + 1))
            continue
        rows.append(SheetRow(name, r + 1, cells))
    used = {c for c, t in enumerate(texts) if t} | {c for row in rows for c, v in enumerate(row.cells) if v is not None}
    columns = tuple(sorted(used))
    return RegisterSheet(name, names, tuple(texts), tuple(rows), truncated, columns,
                         tuple(r + 1 for r in heading.rows), tuple(totals), tuple(notes), (name,))


def read_register(path: Path, *, sheet: str | None = None, all_sheets: bool = False, max_rows: int = MAX_ROWS,
                  cancelled: Callable[[], bool] | None = None) -> RegisterSheet:
    """Read one sheet (the first, unless named) or, with ``all_sheets``, every sheet laid out as
    the first (the others are named in ``other_layouts``); refuse, with a sentence, a file that
    is missing, too large, protected by a password or not a workbook."""
    path = Path(path)
    book = _open(path)
    try:
        names = tuple(book.sheet_names)
        if not names:
            raise InputFileError(_("%(path)s has no sheet.") % {"path": path})
        if sheet is not None and sheet not in names:
            raise InputFileError(_("The workbook has no sheet named %(sheet)s.") % {"sheet": sheet[:60]})
        first = _sheet(book, sheet or names[0], names, max_rows + HEADROOM, cancelled)
        parts, others = [first], []
        if all_sheets and sheet is None:
            for name in names[1:]:
                try:
                    part = _sheet(book, name, names, max_rows + HEADROOM, cancelled)
                except InputFileError:
                    others.append(name)
                    continue
                if part.signature == first.signature:
                    parts.append(part)
                else:
                    others.append(name)
    finally:
        book.close()
    rows = [row for part in parts for row in part.rows]
    truncated = any(p.truncated for p in parts) or len(rows) > max_rows
    return RegisterSheet(first.sheet, names, first.headings, tuple(rows[:max_rows]), truncated, first.columns,
                         first.header_rows, tuple(t for p in parts for t in p.totals),
                         tuple(n for p in parts for n in p.legacy), tuple(p.sheet for p in parts), tuple(others))


