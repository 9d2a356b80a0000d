"""Text in a spreadsheet stays text: a value that begins like a formula (``=``, ``+``, ``-``, ``@``,
or a tab or carriage return before one) would be run by Excel or LibreOffice when the file is
opened — an address typed as ``=HYPERLINK(…)`` at a commune reaches the province's workbook.
Every cell of every table goes through here, in the workbook and in the CSV."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value: Any) -> Any:
    """A value for a CSV cell: text that looks like a formula gets the apostrophe spreadsheets
    read as "this is text" (and show, so the text stays readable as it was written)."""
    return "'" + value if looks_like_formula(value) else value


def set_text_cell(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell; text is stored as text, never as a formula (openpyxl
    would store ``=…`` as one), and marked with the quote prefix Excel keeps when it is edited."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
