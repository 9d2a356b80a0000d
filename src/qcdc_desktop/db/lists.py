"""The three record lists (meetings, opinions, tasks): columns, filters and paged reads.

A list never loads its records wholesale.  It reads the first page in order (``LIMIT``), then the
ordered rowids of everything the filter matches (8 bytes a row, in the background), and the
display rows of whichever rowids are on screen.  Sorting and filtering happen in SQL on indexed
expressions only:

* a key order (``held_on``, ``deadline``) walks its index;
* a group order (field, hamlet, kind …) runs one indexed query per value, values in the order of
  their labels, newest first inside a group — so the clerk sees fields alphabetically in her
  language, not by code, and no query sorts a million rows;
* the search box uses the FTS tables.  When few records match, SQLite starts from the FTS index
  and sorts the matches; when many match, it walks the order index and probes the match set.  The
  first page first tries a window of the most recent :data:`WINDOW` rows with the FTS lookup
  bounded to their rowid range, which is cheap whenever rowids grow with dates, as they do.

Nothing here knows Qt; the desktop wraps it in a table model.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from . import cipher
from .connection import open_store
from .list_specs import (
    LISTS,
    MEETINGS,
    OPINIONS,
    PERIODS,
    PROGRESS_FILTERS,
    TASKS,
    Column,
    GroupSort,
    KeySort,
    ListFilter,
    ListQuery,
    ListSpec,
    assignees,
    distinct_values,
    hamlets,
    origins,
    period_dates,
)
from .search import match_expression

__all__ = [
    "LISTS", "MEETINGS", "OPINIONS", "PERIODS", "TASKS", "Column", "GroupSort", "KeySort", "ListFilter",
    "ListLoadCancelled", "ListQuery", "ListSpec", "all_rowids", "assignees", "distinct_values", "first_page",
    "hamlets", "iter_rowid_batches", "load_rowids", "origins", "period_dates", "rows_for",
]

FIRST_PAGE = 200
FEW_MATCHES = 5_000  # at most this many search matches: start from the FTS index and sort them
WINDOW = 20_000  # rows of the order index the first search page tries before the whole list
BATCH = 20_000  # rowids fetched at a time by the background load


# ----------------------------------------------------------------------------------- SQL plans

@dataclass(frozen=True)
class _Plain:
    """One ordered, filtered query over the list's table (a group order has one per value)."""

    source: str  # FROM clause
    where: tuple[str, ...]
    params: tuple[object, ...]
    keys: tuple[str, ...]
    descending: bool
    nullable: bool
    rowid: str

    def order_by(self) -> str:
        way = " DESC" if self.descending else ""
        return ", ".join(k + way for k in self.keys)

    def sql(self, select: str, extra: tuple[str, ...] = (), tail: str = "") -> str:
        clauses = self.where + extra
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return f"SELECT {select} FROM {self.source}{where} ORDER BY {self.order_by()}{tail}"


def _where(query: ListQuery) -> tuple[list[str], list[object]]:
    spec, f = query.spec, query.filter
    where: list[str] = []
    params: list[object] = []
    if "period" in spec.filters:
        column = spec.filters["period"]
        if f.date_from is not None:
            where.append(f"{column} >= ?")
            params.append(f.date_from.isoformat())
        if f.date_to is not None:
            where.append(f"{column} <= ?")
            params.append(f.date_to.isoformat())
    for name, predicate in spec.filters.items():
        value = getattr(f, name, None) if name != "period" else None
        if value in (None, ""):
            continue
        if name == "progress":
            if value not in PROGRESS_FILTERS:
                raise ValueError(f"unknown task progress {value!r}")
            sql, uses_today = PROGRESS_FILTERS[value]
            where.append(f"({sql})")
            params.extend([query.today.isoformat()] * uses_today)
        else:
            where.append(predicate)
            params.append(value)
    return where, params


def _plans(conn: sqlite3.Connection, query: ListQuery) -> list[_Plain]:
    spec = query.spec
    column = spec.column(query.sort_key)
    if column.sort is None:
        raise ValueError(f"column {column.key!r} of the {spec.kind} list is not sortable")
    where, params = _where(query)
    sort = column.sort
    key = sort.within if isinstance(sort, GroupSort) else sort
    source = f"{spec.table} {spec.alias}" + (f" {key.join}" if key.join else "")

    def plain(extra_where: list[str], extra_params: list[object], descending: bool) -> _Plain:
        return _Plain(source, tuple(where + extra_where), tuple(params + extra_params), key.keys, descending,
                      key.nullable, spec.rowid)

    if isinstance(sort, KeySort):
        return [plain([], [], query.descending)]
    fixed = getattr(query.filter, sort.filter_name, None)
    values = [fixed] if fixed not in (None, "") else sort.values(conn)
    if query.descending:
        values = values[::-1]
    return [plain([f"{sort.column} = ?"], [v], True) for v in values]


class _Search:
    """The FTS side of a query: its MATCH expression, and how many rows match, once asked."""

    def __init__(self, conn: sqlite3.Connection, spec: ListSpec, text: str) -> None:
        self.conn = conn
        self.spec = spec
        self.table = f"{spec.kind}_fts"
        self.expression = match_expression(text)
        self._counts: dict[int | None, int] = {}

    def matches(self, upto: int | None = None) -> int:
        """How many rows match, counting at most ``upto`` (cheap: the FTS stops there)."""
        if upto not in self._counts:
            limit = -1 if upto is None else upto
            sql = f"SELECT count(*) FROM (SELECT rowid FROM {self.table} WHERE {self.table} MATCH ? LIMIT ?)"
            self._counts[upto] = self.conn.execute(sql, (self.expression, limit)).fetchone()[0]
        return self._counts[upto]

    def condition(self, rowid: str, *, whole_list: bool = False) -> str:
        """The search as a WHERE condition, shaped for the plan that suits the number of matches.

        Few matches: SQLite starts from the FTS index and sorts them.  Many: "+" keeps it from
        doing so, and it walks the order index probing the match set instead.  For a first page
        "many" starts early (the walk stops after a page); for the whole list, only when the
        matches are a good share of the table (the walk then reads the whole index).
        """
        if whole_list:
            size = self.conn.execute(f"SELECT max(rowid) FROM {self.spec.table}").fetchone()[0] or 0
            few = self.matches() <= max(FEW_MATCHES, size // 8)
        else:
            few = self.matches(FEW_MATCHES + 1) <= FEW_MATCHES
        probe = "" if few else "+"
        return f"{probe}{rowid} IN (SELECT rowid FROM {self.table} WHERE {self.table} MATCH ?)"


def _window(conn: sqlite3.Connection, p: _Plain) -> tuple[tuple[str, ...], tuple[object, ...], bool] | None:
    """Conditions restricting ``p`` to its first :data:`WINDOW` rows and their rowid range.

    Returns (conditions, params, partial) where ``partial`` says rows exist past the window, or
    None when the window cannot be formed (a NULL key at its edge).
    """
    lead = p.keys[0]
    edge = conn.execute(p.sql(lead, tail=" LIMIT 1 OFFSET ?"), p.params + (WINDOW - 1,)).fetchone()
    if edge is not None and edge[0] is None:
        return None
    cond: tuple[str, ...] = ()
    cond_params: tuple[object, ...] = ()
    if edge is not None:
        if p.descending:
            cond = (f"{lead} >= ?",)
        elif p.nullable:
            cond = (f"({lead} <= ? OR {lead} IS NULL)",)
        else:
            cond = (f"{lead} <= ?",)
        cond_params = (edge[0],)
    where = p.where + cond
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    lo, hi = conn.execute(f"SELECT min({p.rowid}), max({p.rowid}) FROM {p.source}{clause}",
                          p.params + cond_params).fetchone()
    if lo is None:
        lo, hi = 0, -1
    return cond + (f"{p.rowid} BETWEEN ? AND ?",), cond_params + (lo, hi), edge is not None


def _first_of(conn: sqlite3.Connection, p: _Plain, search: _Search | None, limit: int) -> list[int]:
    if search is None:
        return [r[0] for r in conn.execute(p.sql(p.rowid, tail=" LIMIT ?"), p.params + (limit,))]
    window = _window(conn, p)
    if window is not None:
        cond, params, partial = window
        bounded = (f"+{p.rowid} IN (SELECT rowid FROM {search.table} WHERE {search.table} MATCH ? "
                   f"AND rowid BETWEEN ? AND ?)",)
        sql = p.sql(p.rowid, cond[:-1] + bounded, " LIMIT ?")
        rows = [r[0] for r in conn.execute(sql, p.params + params[:-2] + (search.expression,) + params[-2:]
                                           + (limit,))]
        if len(rows) >= limit or not partial:
            return rows
    sql = p.sql(p.rowid, (search.condition(p.rowid),), " LIMIT ?")
    return [r[0] for r in conn.execute(sql, p.params + (search.expression, limit))]


def first_page(conn: sqlite3.Connection, query: ListQuery, limit: int = FIRST_PAGE) -> list[int]:
    """The rowids of the first ``limit`` rows of the list, in order.  A bounded read."""
    search = _search(conn, query)
    rowids: list[int] = []
    for p in _plans(conn, query):
        if len(rowids) >= limit:
            break
        rowids.extend(_first_of(conn, p, search, limit - len(rowids)))
    return rowids


def _search(conn: sqlite3.Connection, query: ListQuery) -> _Search | None:
    search = _Search(conn, query.spec, query.filter.search)
    return search if search.expression is not None else None


def iter_rowid_batches(conn: sqlite3.Connection, query: ListQuery,
                       batch: int = BATCH) -> Iterator[list[tuple[int]]]:
    """Every rowid of the list in order, a batch of 1-tuples at a time (``cursor.fetchmany``)."""
    search = _search(conn, query)
    for p in _plans(conn, query):
        extra = (search.condition(p.rowid, whole_list=True),) if search else ()
        cursor = conn.execute(p.sql(p.rowid, extra), p.params + ((search.expression,) if search else ()))
        while rows := cursor.fetchmany(batch):
            yield rows


def all_rowids(conn: sqlite3.Connection, query: ListQuery, *, cancelled: Callable[[], bool] | None = None,
               batch: int = BATCH) -> array[int]:
    """Every rowid the filter matches, in list order, in a compact ``array('q')``.

    ``cancelled`` is polled between batches and while SQLite works (a progress handler), so a
    superseded load stops at once; it then raises :class:`ListLoadCancelled`.
    """
    out = array("q")
    first = itemgetter(0)
    if cancelled is not None:
        conn.set_progress_handler(lambda: 1 if cancelled() else 0, 10_000)
    try:
        for rows in iter_rowid_batches(conn, query, batch):
            out.extend(map(first, rows))
            if cancelled is not None and cancelled():
                raise ListLoadCancelled
    except cipher.OperationalError as exc:
        if cancelled is not None and cancelled() and "interrupt" in str(exc):
            raise ListLoadCancelled from None
        raise
    finally:
        if cancelled is not None:
            conn.set_progress_handler(None, 0)
    return out


class ListLoadCancelled(Exception):
    """A background load noticed it was superseded."""


def load_rowids(path: Path, query: ListQuery, *, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> array[int]:
    """:func:`all_rowids` on a read-only connection of its own: the background load of a list."""
    with open_store(path, readonly=True, check=False, upgrade=False) as store:
        rowids = all_rowids(store.conn, query, cancelled=cancelled)
    if progress is not None:
        progress(len(rowids), len(rowids))
    return rowids


def rows_for(conn: sqlite3.Connection, spec: ListSpec, rowids: list[int] | array[int],
             today: dt.date | None = None) -> dict[int, tuple[Any, ...]]:
    """Display rows by rowid: ``(rowid, id, meeting_id, *column values)``.  Rowids no longer in
    the table are absent from the result."""
    columns = ", ".join(c.sql for c in spec.columns)
    meeting = "m.id" if spec.kind == "meetings" else f"{spec.alias}.meeting_id"
    head = f"SELECT {spec.rowid}, {spec.alias}.id, {meeting}, {columns} FROM {spec.table} {spec.alias} {spec.join}"
    base: dict[str, object] = {"today": (today or dt.date.today()).isoformat()} if ":today" in head else {}
    out: dict[int, tuple[Any, ...]] = {}
    ids = list(rowids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        params = dict(base, **{f"r{i}": r for i, r in enumerate(chunk)})
        marks = ", ".join(f":r{i}" for i in range(len(chunk)))
        for row in conn.execute(f"{head} WHERE {spec.rowid} IN ({marks})", params):
            out[row[0]] = row
    return out
