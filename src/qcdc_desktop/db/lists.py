"""The three record lists (meetings, opinions, tasks): columns, filters and paged reads.

A list never loads its records wholesale.  It reads the first page in order (``LIMIT``), then the
ordered rowids of everything the filter matches (8 bytes a row, in the background), and the
display rows of whichever rowids are on screen.  Sorting and filtering happen in SQL on indexed
expressions only:

* a key order (``held_on``, ``deadline``) walks its index;
* a group order (field, hamlet, kind, commune …) runs one indexed query per value, values in the
  order of their labels, newest first inside a group — so the clerk sees fields alphabetically in
  her language, not by code, the communes by name, and no query sorts a million rows;
* a commune kept with another value that has an index of its own (a field, a hamlet, a responsible
  unit) walks whichever of the two holds fewer rows, counted first (:func:`_steered`);
* the search box uses the FTS tables.  When few records match, SQLite starts from the FTS index
  and sorts the matches; when many match, it walks the order index and probes the match set.  The
  first page first tries a window of the most recent :data:`WINDOW` rows with the FTS lookup
  bounded to their rowid range, which is cheap whenever rowids grow with dates, as they do.  At
  the upper level a search that types a commune's name also selects that commune's records
  (:class:`Search`).

Nothing here knows Qt; the desktop wraps it in a table model.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from array import array
from collections.abc import Callable, Iterator
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
    offices,
    period_dates,
)
from .list_search import Plain, Search, first_matching

__all__ = [
    "LISTS", "MEETINGS", "OPINIONS", "PERIODS", "TASKS", "Column", "GroupSort", "KeySort", "ListFilter",
    "ListLoadCancelled", "ListQuery", "ListSpec", "all_rowids", "assignees", "distinct_values", "first_page",
    "hamlets", "iter_rowid_batches", "load_rowids", "offices", "period_dates", "rows_for",
]

FIRST_PAGE = 200
BATCH = 20_000  # rowids fetched at a time by the background load


# ----------------------------------------------------------------------------------- SQL plans

def _where(query: ListQuery) -> list[tuple[str, tuple[object, ...]]]:
    """The filter's conditions, each with its parameters."""
    spec, f = query.spec, query.filter
    where: list[tuple[str, tuple[object, ...]]] = []
    if "period" in spec.filters:
        column = spec.filters["period"]
        if f.date_from is not None:
            where.append((f"{column} >= ?", (f.date_from.isoformat(),)))
        if f.date_to is not None:
            where.append((f"{column} <= ?", (f.date_to.isoformat(),)))
    for name, predicate in spec.filters.items():
        value = getattr(f, name, None) if name != "period" else None
        if value in (None, ""):
            continue
        if name == "progress":
            if value not in PROGRESS_FILTERS:
                raise ValueError(f"unknown task progress {value!r}")
            sql, uses_today = PROGRESS_FILTERS[value]
            where.append((f"({sql})", (query.today.isoformat(),) * uses_today))
        else:
            where.append((predicate, (value,)))
    return where


# Columns with an index of their own for an equality (db/schema.py): a list kept to one commune and
# to one of these values can walk either index, and SQLite, without statistics, cannot tell which
# holds fewer rows ("Thôn 3" in one commune: the hamlet's index; Đất đai in one commune: the
# commune's).  The rows of each are counted, up to STEER_CAP, and the others' conditions are kept
# off their index ("+"), so the walk takes the smaller.
INDEXED_EQUALITIES = {"meetings": ("origin",), "opinions": ("origin", "field", "address"),
                      "tasks": ("origin", "assignee")}
STEER_CAP = 20_000


def _steered(conn: sqlite3.Connection, spec: ListSpec, where: list[tuple[str, tuple[object, ...]]],
             counted: dict[tuple[str, object], int]) -> list[tuple[str, tuple[object, ...]]]:
    """``where`` with every indexed equality but the one with fewest rows kept off its index, when
    a commune is one of them (``counted`` keeps the counts already taken)."""
    prefix = f"{spec.alias}."
    equalities = {i: clause[len(prefix):-len(" = ?")] for i, (clause, _params) in enumerate(where)
                  if clause.startswith(prefix) and clause.endswith(" = ?")
                  and clause[len(prefix):-len(" = ?")] in INDEXED_EQUALITIES[spec.table]}
    if len(set(equalities.values())) < 2 or "origin" not in equalities.values():
        return where
    sizes = {}
    for i, column in equalities.items():
        value = where[i][1][0]
        if (column, value) not in counted:
            counted[column, value] = conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {spec.table} WHERE {column} = ? LIMIT ?)",
                (value, STEER_CAP)).fetchone()[0]
        sizes[i] = counted[column, value]
    # Both past the cap: the commune's (its rows are a share of a province, a value's are not).
    walked = min(sizes, key=lambda i: (sizes[i], equalities[i] != "origin"))
    return [(("+" + clause) if i in equalities and i != walked else clause, params)
            for i, (clause, params) in enumerate(where)]


def _plans(conn: sqlite3.Connection, query: ListQuery) -> Iterator[Plain]:
    """The queries of the list in order (a group order: one per value, made as they are reached)."""
    spec = query.spec
    column = spec.column(query.sort_key)
    if column.sort is None:
        raise ValueError(f"column {column.key!r} of the {spec.kind} list is not sortable")
    where = _where(query)
    sort = column.sort
    key = sort.within if isinstance(sort, GroupSort) else sort
    source = f"{spec.table} {spec.alias}" + (f" {key.join}" if key.join else "")

    counted: dict[tuple[str, object], int] = {}

    def plain(extra: list[tuple[str, tuple[object, ...]]], descending: bool) -> Plain:
        clauses = _steered(conn, spec, where + extra, counted)
        return Plain(source, tuple(c for c, _p in clauses), tuple(v for _c, p in clauses for v in p), key.keys,
                      descending, key.nullable, spec.rowid)

    if isinstance(sort, KeySort):
        yield plain([], query.descending)
        return
    fixed = getattr(query.filter, sort.filter_name, None)
    values = [fixed] if fixed not in (None, "") else sort.values(conn)
    if query.descending:
        values = values[::-1]
    for v in values:
        yield plain([(f"{sort.column} = ?", (v,))], True)


def first_page(conn: sqlite3.Connection, query: ListQuery, limit: int = FIRST_PAGE) -> list[int]:
    """The rowids of the first ``limit`` rows of the list, in order.  A bounded read."""
    search = _search(conn, query)
    rowids: list[int] = []
    for p in _plans(conn, query):
        if len(rowids) >= limit:
            break
        rowids.extend(first_matching(conn, p, search, limit - len(rowids)))
    return rowids


def _search(conn: sqlite3.Connection, query: ListQuery) -> Search | None:
    search = Search(conn, query.spec, query.filter.search)
    return search if search else None


def iter_rowid_batches(conn: sqlite3.Connection, query: ListQuery,
                       batch: int = BATCH) -> Iterator[list[tuple[int]]]:
    """Every rowid of the list in order, a batch of 1-tuples at a time (``cursor.fetchmany``)."""
    search = _search(conn, query)
    for p in _plans(conn, query):
        extra, extra_params = search.condition(p.rowid, whole_list=True) if search else ("", ())
        cursor = conn.execute(p.sql(p.rowid, (extra,) if extra else ()), p.params + extra_params)
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
