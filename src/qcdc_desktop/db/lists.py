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
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from ..core import catalog
from ..core.text import fold
from ..l10n import N_
from .connection import open_store
from .search import match_expression

FIRST_PAGE = 200
FEW_MATCHES = 5_000  # at most this many search matches: start from the FTS index and sort them
WINDOW = 20_000  # rows of the order index the first search page tries before the whole list
BATCH = 20_000  # rowids fetched at a time by the background load


# ----------------------------------------------------------------------------------- filters

@dataclass(frozen=True)
class ListFilter:
    """What the clerk chose in the filter bar.  ``None`` or ``""`` means "any".

    ``date_from``/``date_to`` bound the meeting date (meetings, opinions) or the deadline (tasks),
    both inclusive.  ``status`` is a meeting status; ``outcome`` an opinion outcome; ``progress`` a
    derived task progress (:data:`catalog.TASK_PROGRESS`).  ``search`` is what was typed in the
    search box, matched like :func:`qcdc_desktop.db.search.search`.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str | None = None
    track: str | None = None
    field: str | None = None
    status: str | None = None
    outcome: str | None = None
    hamlet: str | None = None
    assignee: str | None = None
    progress: str | None = None
    search: str = ""


PERIODS: tuple[tuple[str, str], ...] = (
    ("all", N_("All dates")),
    ("month", N_("This month")),
    ("quarter", N_("This quarter")),
    ("six_months", N_("First 6 months")),
    ("nine_months", N_("First 9 months")),
    ("year", N_("This year")),
    ("last_year", N_("Last year")),
    ("custom", N_("Custom period")),
)


def period_dates(preset: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of a period preset around ``today`` (None, None for all dates).

    The 6- and 9-month periods are the reporting periods of the current year (January to June,
    January to September); ``custom`` is chosen by the clerk and gives (None, None) here.
    """
    year = today.year
    if preset == "month":
        nxt = dt.date(year + (today.month == 12), today.month % 12 + 1, 1)
        return today.replace(day=1), nxt - dt.timedelta(days=1)
    if preset == "quarter":
        first = 3 * ((today.month - 1) // 3) + 1
        nxt = dt.date(year + (first == 10), (first + 2) % 12 + 1, 1)
        return dt.date(year, first, 1), nxt - dt.timedelta(days=1)
    if preset == "six_months":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if preset == "nine_months":
        return dt.date(year, 1, 1), dt.date(year, 9, 30)
    if preset == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if preset == "last_year":
        return dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)
    return None, None


# ----------------------------------------------------------------------------------- orders

@dataclass(frozen=True)
class KeySort:
    """An order that walks an index: ``keys`` end with a unique tie-breaker; all go one way."""

    keys: tuple[str, ...]
    join: str = ""  # extra FROM clause the keys need
    nullable: bool = False  # the leading key may be NULL (NULLs sort first)


@dataclass(frozen=True)
class GroupSort:
    """An order by a column with few values: one query per value (``column = ?`` in
    ``within`` order, newest first), values in ``values(conn, language-aware)`` order."""

    column: str
    values: Callable[[sqlite3.Connection], list[str]]
    within: KeySort
    filter_name: str  # the ListFilter field that fixes this column, if set


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # English msgid, marked with N_
    sql: str  # expression in the display query; ``:today`` is today's ISO date
    format: str  # "date", "text", "number", "bool", or a catalog name ("kind", "field", …)
    sort: KeySort | GroupSort | None = None
    long_text: bool = False


def _catalog_order(cat: catalog.Catalog) -> Callable[[sqlite3.Connection], list[str]]:
    return lambda _conn: sorted(cat.codes(), key=lambda code: fold(cat.label(code)))


def _distinct_order(table: str, column: str) -> Callable[[sqlite3.Connection], list[str]]:
    def values(conn: sqlite3.Connection) -> list[str]:
        found = distinct_values(conn, table, column, limit=None)
        # Empty values (no hamlet given) go last, the rest alphabetically without diacritics.
        return sorted(found, key=lambda v: (v == "", fold(v), v))

    return values


# ----------------------------------------------------------------------------------- lists

@dataclass(frozen=True)
class ListSpec:
    kind: str  # "meetings", "opinions", "tasks": also the Changes kind and the FTS table prefix
    table: str
    alias: str
    columns: tuple[Column, ...]
    default_sort: str  # column key, newest first
    filters: dict[str, str]  # ListFilter field -> SQL predicate with one "?" (period: two)
    join: str  # FROM clause of the display query, after "{table} {alias}"
    refresh_on: tuple[str, ...]  # Changes kinds that can alter what the list shows

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    @property
    def rowid(self) -> str:
        return f"{self.alias}.rowid"


def _in_meetings(alias: str, column: str) -> str:
    # EXISTS keeps the walk on the list's own order index (a meeting id IN-list would sort).
    return f"EXISTS (SELECT 1 FROM meetings mf WHERE mf.id = {alias}.meeting_id AND mf.{column} = ?)"


_M_DATE = KeySort(("m.held_on", "m.rowid"))
MEETINGS = ListSpec(
    kind="meetings", table="meetings", alias="m",
    columns=(
        Column("held_on", N_("Date"), "m.held_on", "date", _M_DATE),
        Column("kind", N_("Kind"), "m.kind", "kind",
               GroupSort("m.kind", _catalog_order(catalog.MEETING_KINDS), _M_DATE, "kind"), long_text=True),
        Column("track", N_("Track"), "m.track", "track",
               GroupSort("m.track", _catalog_order(catalog.TRACKS), _M_DATE, "track")),
        Column("title", N_("Title"), "substr(m.title, 1, 1000)", "text", long_text=True),
        Column("chair", N_("Chair"), "m.chair", "text"),
        Column("place", N_("Place"), "m.place", "text", long_text=True),
        Column("participants", N_("Participants"), "m.participants", "number"),
        Column("opinions", N_("Opinions"), "(SELECT count(*) FROM opinions oc WHERE oc.meeting_id = m.id)", "number"),
        Column("status", N_("Status"), "m.status", "status",
               GroupSort("m.status", _catalog_order(catalog.MEETING_STATUSES), _M_DATE, "status")),
    ),
    default_sort="held_on",
    filters={"period": "m.held_on", "kind": "m.kind = ?", "track": "m.track = ?", "status": "m.status = ?"},
    join="", refresh_on=("meetings", "opinions"),
)

_O_DATE = KeySort(("o.held_on", "o.rowid"))
OPINIONS = ListSpec(
    kind="opinions", table="opinions", alias="o",
    columns=(
        Column("held_on", N_("Date"), "o.held_on", "date", _O_DATE),
        Column("meeting", N_("Meeting"), "substr(m.title, 1, 1000)", "text", long_text=True),
        Column("speaker", N_("Speaker"), "o.speaker", "text"),
        Column("hamlet", N_("Hamlet"), "o.address", "text",
               GroupSort("o.address", _distinct_order("opinions", "address"), _O_DATE, "hamlet")),
        Column("field", N_("Field"), "o.field", "field",
               GroupSort("o.field", _catalog_order(catalog.FIELDS), _O_DATE, "field")),
        Column("content", N_("Content"), "substr(o.content, 1, 1000)", "text", long_text=True),
        Column("answered", N_("Answered"), "o.answered", "bool"),
        Column("outcome", N_("Outcome"), "o.outcome", "outcome", long_text=True),
    ),
    default_sort="held_on",
    filters={"period": "o.held_on", "kind": _in_meetings("o", "kind"), "track": _in_meetings("o", "track"),
             "field": "o.field = ?", "hamlet": "o.address = ?", "outcome": "o.outcome = ?"},
    join="JOIN meetings m ON m.id = o.meeting_id", refresh_on=("opinions", "meetings"),
)

# Derived progress of a task (product.md, "Conclusions and tasks"): a done task is late when it was
# completed after its deadline; an open task is overdue once its deadline has passed (a task due
# today is still in progress).
PROGRESS_SQL = """CASE
    WHEN t.state = 'dropped' THEN 'dropped'
    WHEN t.state = 'done' THEN
        CASE WHEN t.deadline IS NOT NULL AND t.completed_on > t.deadline THEN 'done_late' ELSE 'done_on_time' END
    WHEN t.deadline IS NOT NULL AND t.deadline < :today THEN 'overdue'
    ELSE 'in_progress' END"""

# The same cases as predicates on (state, deadline), so that a progress filter uses the index.
PROGRESS_FILTERS = {
    "dropped": ("t.state = 'dropped'", 0),
    "done_on_time": ("t.state = 'done' AND (t.deadline IS NULL OR t.completed_on IS NULL "
                     "OR t.completed_on <= t.deadline)", 0),
    "done_late": ("t.state = 'done' AND t.completed_on > t.deadline", 0),
    "overdue": ("t.state = 'open' AND t.deadline < ?", 1),
    "in_progress": ("t.state = 'open' AND (t.deadline IS NULL OR t.deadline >= ?)", 1),
}

_T_DEADLINE = KeySort(("t.deadline", "t.rowid"), nullable=True)
TASKS = ListSpec(
    kind="tasks", table="tasks", alias="t",
    columns=(
        Column("deadline", N_("Deadline"), "t.deadline", "date", _T_DEADLINE),
        Column("content", N_("Task"), "substr(t.content, 1, 1000)", "text", long_text=True),
        Column("assignee", N_("Responsible"), "t.assignee", "text",
               GroupSort("t.assignee", _distinct_order("tasks", "assignee"), _T_DEADLINE, "assignee"),
               long_text=True),
        Column("meeting_date", N_("Meeting date"), "m.held_on", "date",
               KeySort(("m.held_on", "m.rowid", "t.position"), join="JOIN meetings m ON m.id = t.meeting_id")),
        Column("progress", N_("Progress"), PROGRESS_SQL, "progress"),
    ),
    default_sort="deadline",
    filters={"period": "t.deadline", "kind": _in_meetings("t", "kind"), "track": _in_meetings("t", "track"),
             "assignee": "t.assignee = ?", "progress": ""},
    join="JOIN meetings m ON m.id = t.meeting_id", refresh_on=("tasks", "meetings"),
)

LISTS: dict[str, ListSpec] = {spec.kind: spec for spec in (MEETINGS, OPINIONS, TASKS)}


@dataclass(frozen=True)
class ListQuery:
    """One list as the clerk asked for it: filter, order and the day progress is judged on."""

    spec: ListSpec
    filter: ListFilter = ListFilter()
    sort: str | None = None  # a sortable column key; None: the list's default
    descending: bool = True
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def sort_key(self) -> str:
        return self.sort or self.spec.default_sort


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
               batch: int = BATCH) -> array:
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
    except sqlite3.OperationalError as exc:
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
                cancelled: Callable[[], bool] | None = None) -> array:
    """:func:`all_rowids` on a read-only connection of its own: the background load of a list."""
    with open_store(path, readonly=True, check=False, upgrade=False) as store:
        rowids = all_rowids(store.conn, query, cancelled=cancelled)
    if progress is not None:
        progress(len(rowids), len(rowids))
    return rowids


def rows_for(conn: sqlite3.Connection, spec: ListSpec, rowids: list[int] | array,
             today: dt.date | None = None) -> dict[int, tuple]:
    """Display rows by rowid: ``(rowid, id, meeting_id, *column values)``.  Rowids no longer in
    the table are absent from the result."""
    columns = ", ".join(c.sql for c in spec.columns)
    meeting = "m.id" if spec.kind == "meetings" else f"{spec.alias}.meeting_id"
    head = f"SELECT {spec.rowid}, {spec.alias}.id, {meeting}, {columns} FROM {spec.table} {spec.alias} {spec.join}"
    base: dict[str, object] = {"today": (today or dt.date.today()).isoformat()} if ":today" in head else {}
    out: dict[int, tuple] = {}
    ids = list(rowids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        params = dict(base, **{f"r{i}": r for i, r in enumerate(chunk)})
        marks = ", ".join(f":r{i}" for i in range(len(chunk)))
        for row in conn.execute(f"{head} WHERE {spec.rowid} IN ({marks})", params):
            out[row[0]] = row
    return out


def distinct_values(conn: sqlite3.Connection, table: str, column: str, *, limit: int | None = 500) -> list[str]:
    """The distinct values of an indexed text column, found by seeking the index from one value
    to the next (one seek per value, never a scan of the table); at most ``limit`` of them."""
    if (table, column) not in _DISTINCT:
        raise ValueError(f"{table}.{column} has no index to list its values")
    sql = f"SELECT min({column}) FROM {table} WHERE {column} > ?"
    out: list[str] = []
    value = conn.execute(f"SELECT min({column}) FROM {table}").fetchone()[0]
    while value is not None and (limit is None or len(out) < limit):
        out.append(value)
        value = conn.execute(sql, (value,)).fetchone()[0]
    return out


_DISTINCT = {("opinions", "address"), ("tasks", "assignee")}


def hamlets(conn: sqlite3.Connection, limit: int = 500) -> list[str]:
    """Hamlets (thôn, tổ dân phố) named in opinions, alphabetically without diacritics."""
    found = [v for v in distinct_values(conn, "opinions", "address", limit=limit + 1) if v]
    return sorted(found, key=lambda v: (fold(v), v))[:limit]


def assignees(conn: sqlite3.Connection, limit: int = 500) -> list[str]:
    """Units and officials responsible for tasks, alphabetically without diacritics."""
    found = [v for v in distinct_values(conn, "tasks", "assignee", limit=limit + 1) if v]
    return sorted(found, key=lambda v: (fold(v), v))[:limit]
