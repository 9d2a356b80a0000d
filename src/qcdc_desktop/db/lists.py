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
  (:class:`_Search`).

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
    offices,
    own_office,
    period_dates,
)
from .search import match_expression
from .units import office_name
from ..core.office_search import NamedOffices, named_offices, words_expression

__all__ = [
    "LISTS", "MEETINGS", "OPINIONS", "PERIODS", "TASKS", "Column", "GroupSort", "KeySort", "ListFilter",
    "ListLoadCancelled", "ListQuery", "ListSpec", "all_rowids", "assignees", "distinct_values", "first_page",
    "hamlets", "iter_rowid_batches", "load_rowids", "offices", "period_dates", "rows_for",
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


def _plans(conn: sqlite3.Connection, query: ListQuery) -> Iterator[_Plain]:
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

    def plain(extra: list[tuple[str, tuple[object, ...]]], descending: bool) -> _Plain:
        clauses = _steered(conn, spec, where + extra, counted)
        return _Plain(source, tuple(c for c, _p in clauses), tuple(v for _c, p in clauses for v in p), key.keys,
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


@dataclass(frozen=True)
class _Part:
    """One selection of rowids in the match set: SQL ``pieces`` (with their parameters), each of
    which a range of rowids may follow ("AND rowid BETWEEN ? AND ?"), then a ``tail``; and
    ``estimates``, queries counting (up to a LIMIT given last) rows it cannot have more than."""

    pieces: tuple[tuple[str, tuple[object, ...]], ...]
    estimates: tuple[tuple[str, tuple[object, ...]], ...]
    tail: str = ""

    def sql(self, bound: tuple[int, int] | None) -> tuple[str, tuple[object, ...]]:
        between = " AND rowid BETWEEN ? AND ?" if bound is not None else ""
        text = "".join(piece + between for piece, _params in self.pieces) + self.tail
        params = tuple(v for _piece, params in self.pieces for v in (*params, *(bound or ())))
        return text, params


class _Search:
    """The search side of a query: the rowids it selects, and how many rows match, once asked.

    The words are found in the records' text (the FTS table).  At the upper level a search that
    types a commune's name whole (:mod:`..core.office_search`) also selects that commune's records,
    those whose text holds the words left over, or all of them: the rowids are then the union of
    a few indexed selections, one per group of communes.
    """

    def __init__(self, conn: sqlite3.Connection, spec: ListSpec, text: str) -> None:
        self.conn = conn
        self.spec = spec
        self.table = f"{spec.kind}_fts"
        self.expression = match_expression(text)
        self._counts: dict[int | None, int] = {}
        fts = f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH ?"
        count = "SELECT count(*) FROM ({} LIMIT ?)"
        self.parts: list[_Part] = []
        if self.expression is not None:
            self.parts.append(_Part(((fts, (self.expression,)),), ((count.format(fts), (self.expression,)),)))
        self.names_offices = False
        for group in self._named_offices(text):
            self.names_offices = True
            marks = ", ".join("?" * len(group.codes))
            select = f"SELECT rowid FROM {spec.table} WHERE origin IN ({marks})"
            office = (count.format(select), group.codes)
            rest = words_expression(group.rest, group.rest_is_prefix)
            if rest is None:  # every record of the offices
                self.parts.append(_Part(((select, group.codes),), (office,)))
            else:
                # Those the text index finds among them: the text index read once (within a range
                # of rowids, that range only), each rowid looked up in the office's set ("+": a
                # rowid IN given to the text index would run the MATCH once per rowid).
                self.parts.append(_Part(((fts, (rest,)), (f" AND +rowid IN ({select}", group.codes)),
                                        ((count.format(fts), (rest,)), office), tail=")"))

    def _named_offices(self, text: str) -> list[NamedOffices]:
        if self.expression is None:
            return []
        own = own_office(self.conn)
        others = [(code, office_name(code)) for code in offices(self.conn, self.spec.table) if code != own]
        return list(named_offices(text, others)) if others else []

    def __bool__(self) -> bool:
        return bool(self.parts)

    def rowids_sql(self, bound: tuple[int, int] | None = None) -> tuple[str, tuple[object, ...]]:
        """SQL selecting the matching rowids (a rowid may come twice), and its parameters;
        ``bound`` keeps every part of it to a range of rowids (lowest, highest)."""
        sqls, params = zip(*(part.sql(bound) for part in self.parts))
        return " UNION ALL ".join(sqls), tuple(v for values in params for v in values)

    def matches(self, upto: int | None = None) -> int:
        """How many rows match, counting at most ``upto`` in each part (cheap: the indexes stop
        there).  Exact for words alone; with a commune's name, at most that many."""
        if upto not in self._counts:
            limit = -1 if upto is None else upto
            self._counts[upto] = sum(min(self.conn.execute(sql, params + (limit,)).fetchone()[0]
                                         for sql, params in part.estimates) for part in self.parts)
        return self._counts[upto]

    def condition(self, rowid: str, *, whole_list: bool = False) -> tuple[str, tuple[object, ...]]:
        """The search as a WHERE condition and its parameters, shaped for the plan that suits the
        number of matches.

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
        sql, params = self.rowids_sql()
        return f"{probe}{rowid} IN ({sql})", params


def _window(conn: sqlite3.Connection, p: _Plain, size: int) -> tuple[tuple[str, ...], tuple[object, ...], bool] | None:
    """Conditions restricting ``p`` to its first ``size`` rows and their rowid range.

    Returns (conditions, params, partial) where ``partial`` says rows exist past the window, or
    None when the window cannot be formed (a NULL key at its edge).
    """
    lead = p.keys[0]
    edge = conn.execute(p.sql(lead, tail=" LIMIT 1 OFFSET ?"), p.params + (size - 1,)).fetchone()
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
    # A commune's records with words of their text are a thin share of the latest rows: a second,
    # wider window finds them before the whole match set is read.
    for size in (WINDOW, 4 * WINDOW) if search.names_offices else (WINDOW,):
        window = _window(conn, p, size)
        if window is None:
            break
        cond, params, partial = window
        lo, hi = params[-2:]
        assert isinstance(lo, int) and isinstance(hi, int)
        matching, matching_params = search.rowids_sql(bound=(lo, hi))
        sql = p.sql(p.rowid, cond[:-1] + (f"+{p.rowid} IN ({matching})",), " LIMIT ?")
        rows = [r[0] for r in conn.execute(sql, p.params + params[:-2] + matching_params + (limit,))]
        if len(rows) >= limit or not partial:
            return rows
    condition, condition_params = search.condition(p.rowid)
    sql = p.sql(p.rowid, (condition,), " LIMIT ?")
    return [r[0] for r in conn.execute(sql, p.params + condition_params + (limit,))]


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
