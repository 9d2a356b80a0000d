"""The communes board of the upper level's Sync place: its columns (the same on the screen and in
the workbook, each with a value to sort by and a text to show) and its workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.text import fold
from ..db.connection import Store, open_store
from ..db.files import replaced
from ..db.units import get_unit
from ..l10n import _, format_date, format_number
from ..sync.board import BoardRow, communes_board


@dataclass(frozen=True)
class BoardColumn:
    """A column of the board: its heading, the value a row has in it (a date, a figure, a text, or
    None for nothing: what the workbook holds and the sort orders), the text the screen shows, and
    its width in the workbook."""

    heading: str
    value: Callable[[BoardRow], Any]
    width: int
    figure: bool = False
    latest_first: bool = False  # a date: ordered newest first when chosen

    @property
    def largest_first(self) -> bool:
        """Whether choosing the column orders it from the largest (figures) or newest (dates)."""
        return self.figure or self.latest_first

    def text(self, row: BoardRow) -> str:
        value = self.value(row)
        if value is None:
            return "—" if self.figure else ""
        if isinstance(value, dt.datetime):
            return f"{format_date(value.date())} {value:%H:%M}"
        if isinstance(value, dt.date):
            return format_date(value)
        if isinstance(value, int):
            return format_number(value)
        return str(value)

    def sort_key(self, row: BoardRow) -> Any:
        """What the column orders by (None: nothing, ordered last either way); texts in the order of
        their letters whatever the accents."""
        value = self.value(row)
        if isinstance(value, dt.datetime):
            return value.timestamp()
        return fold(value) if isinstance(value, str) else value


def in_order(rows: list[BoardRow], column: BoardColumn, descending: bool) -> list[BoardRow]:
    """``rows`` ordered by ``column``, the rows without a value in it last."""
    valued = [r for r in rows if column.sort_key(r) is not None]
    return sorted(valued, key=column.sort_key, reverse=descending) + [r for r in rows if column.sort_key(r) is None]


def _moment(stamp: str | None) -> dt.datetime | None:
    if not stamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:  # a date an earlier version took from a bundle header
        return None
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment


def board_columns() -> list[BoardColumn]:
    """The board's columns; the problems come second, so that they are in sight on a small screen."""
    return [
        BoardColumn(_("Commune"), lambda r: f"{r.name} ({r.code})", 30),
        BoardColumn(_("Problems"), lambda r: "; ".join(r.problems), 50),
        BoardColumn(_("Enrolled"), lambda r: _("Yes") if r.enrolled else _("No"), 10),
        BoardColumn(_("Last bundle made"), lambda r: _moment(r.status.last_bundle_at if r.status else None), 17,
                    latest_first=True),
        BoardColumn(_("Received"), lambda r: _moment(r.status.last_received_at if r.status else None), 17,
                    latest_first=True),
        BoardColumn(_("Days silent"), lambda r: r.status.silent_days if r.status else None, 9, figure=True),
        BoardColumn(_("Data up to"), lambda r: r.figures.data_until, 12, latest_first=True),
        BoardColumn(_("Overdue tasks"), lambda r: r.figures.overdue, 10, figure=True),
        BoardColumn(_("Opinions not decided"), lambda r: r.figures.undecided, 11, figure=True),
        BoardColumn(_("History"), lambda r: r.history, 34),
    ]


def read_board(store: Store, *, today: dt.date, silent_after_days: int) -> list[BoardRow]:
    """The board's reading (an operation for the database worker)."""
    return communes_board(store, today=today, silent_after_days=silent_after_days)


def write_board(db_path: Path, out: Path, *, today: dt.date, silent_after_days: int,
                order: tuple[int, bool] | None = None, **_job: object) -> Path:
    """Read the board again and write it as a workbook at ``out``, in the order shown (``order``:
    the column and whether it is descending), whole or not at all (run as a job)."""
    with open_store(db_path, check=False, upgrade=False) as store:
        rows = communes_board(store, today=today, silent_after_days=silent_after_days)
        unit = get_unit(store)
    columns = board_columns()
    if order is not None:
        column, descending = order
        rows = in_order(rows, columns[column], descending)
    enrolled = sum(1 for r in rows if r.enrolled)
    paragraphs = [
        _("%(office)s, read on %(date)s.") % {"office": unit.name, "date": format_date(today)},
        _("%(enrolled)s of %(total)s communes enrolled; %(problems)s with a problem; silent means no bundle for "
          "more than %(days)s days.") % {"enrolled": format_number(enrolled), "total": format_number(len(rows)),
                                         "problems": format_number(sum(1 for r in rows if r.attention)),
                                         "days": format_number(silent_after_days)},
    ]
    from ..reports.table_excel import write_table_workbook  # openpyxl when a workbook is written, not at start-up

    with replaced(out) as temporary:
        write_table_workbook(title=_("Communes board"), sheet_name=_("Communes"), paragraphs=paragraphs,
                             headings=[c.heading for c in columns], widths=[c.width for c in columns],
                             rows=[[c.value(r) for c in columns] for r in rows], out=temporary)
    return out
