"""What each record list is: its columns, the filters it offers, the orders it can take.

Columns are described once here — header (an English msgid), SQL expression, display format and,
for the few backed by an index, how to sort — and read by the SQL of :mod:`.lists` and the table
models of the desktop.  Nothing here knows Qt.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core import catalog
from ..core.office_search import office_key
from ..core.settings import UNIT_CODE
from ..core.text import fold
from ..l10n import N_
from .records import answered_sql, outcome_sql
from .units import office_name


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
    origin: str | None = None  # the office the records come from (a commune, at the upper level)
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


def _office_order(table: str) -> Callable[[sqlite3.Connection], list[str]]:
    return lambda conn: offices(conn, table)


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
        Column("origin", N_("Commune"), "m.origin", "origin",
               GroupSort("m.origin", _office_order("meetings"), _M_DATE, "origin")),
    ),
    default_sort="held_on",
    filters={"period": "m.held_on", "kind": "m.kind = ?", "track": "m.track = ?", "status": "m.status = ?",
             "origin": "m.origin = ?"},
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
        Column("answered", N_("Answered"), answered_sql("o"), "bool"),
        Column("outcome", N_("Outcome"), outcome_sql("o"), "outcome", long_text=True),
        # The upper level's latest reply to a forwarded opinion, which sync brings down.
        Column("reply", N_("Reply from the upper level"),
               "(SELECT substr(r.content, 1, 1000) FROM messages r WHERE r.opinion_id = o.id AND r.kind = 'reply' "
               "ORDER BY r.issued_on DESC, r.id DESC LIMIT 1)", "text", long_text=True),
        Column("origin", N_("Commune"), "o.origin", "origin",
               GroupSort("o.origin", _office_order("opinions"), _O_DATE, "origin")),
    ),
    default_sort="held_on",
    filters={"period": "o.held_on", "kind": _in_meetings("o", "kind"), "track": _in_meetings("o", "track"),
             "field": "o.field = ?", "hamlet": "o.address = ?", "outcome": f"{outcome_sql('o')} = ?", "origin": "o.origin = ?"},
    join="JOIN meetings m ON m.id = o.meeting_id", refresh_on=("opinions", "meetings", "messages"),
)

# Derived progress of a task (as the Follow-up place shows it): a done task is late when it was
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
        Column("origin", N_("Commune"), "t.origin", "origin",
               GroupSort("t.origin", _office_order("tasks"), _T_DEADLINE, "origin")),
    ),
    default_sort="deadline",
    filters={"period": "t.deadline", "kind": _in_meetings("t", "kind"), "track": _in_meetings("t", "track"),
             "assignee": "t.assignee = ?", "progress": "", "origin": "t.origin = ?"},
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


def distinct_values(conn: sqlite3.Connection, table: str, column: str, *, limit: int | None = 500,
                    origin: str | None = None) -> list[str]:
    """The distinct values of an indexed text column (of one office's records when ``origin`` is
    given), found by seeking the index from one value to the next (one seek per value, never a
    scan of the table); at most ``limit`` of them."""
    if (table, column) not in _DISTINCT or (origin is not None and (table, column) not in _DISTINCT_BY_ORIGIN):
        raise ValueError(f"{table}.{column} has no index to list its values")
    where, first = ("origin = ? AND ", (origin,)) if origin is not None else ("", ())
    sql = f"SELECT min({column}) FROM {table} WHERE {where}{column} > ?"
    out: list[str] = []
    value = conn.execute(f"SELECT min({column}) FROM {table}" + (" WHERE origin = ?" if origin is not None else ""),
                         first).fetchone()[0]
    while value is not None and (limit is None or len(out) < limit):
        out.append(value)
        value = conn.execute(sql, (*first, value)).fetchone()[0]
    return out


_DISTINCT = {("opinions", "address"), ("tasks", "assignee"),
             ("meetings", "origin"), ("opinions", "origin"), ("tasks", "origin")}
_DISTINCT_BY_ORIGIN = {("opinions", "address"), ("tasks", "assignee")}  # indexes (origin, column): migration 0015


def own_office(conn: sqlite3.Connection) -> str:
    """The unit code of the office whose data file this is."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (UNIT_CODE.key,)).fetchone()
    return str(row[0]) if row else ""


def offices(conn: sqlite3.Connection, table: str = "meetings") -> list[str]:
    """The offices that have records in ``table`` (meetings, opinions or tasks), by code: this
    office first, then the others (at the upper level its communes) by name as a person reads it.
    One seek of the origin index per office, whatever the number of records."""
    own = own_office(conn)
    found = distinct_values(conn, table, "origin", limit=None)
    return sorted(found, key=lambda code: (code != own, *office_key(office_name(code), code)))


def hamlets(conn: sqlite3.Connection, limit: int = 500, *, origin: str | None = None) -> list[str]:
    """Hamlets (thôn, tổ dân phố) named in opinions (of one office's), alphabetically without diacritics."""
    found = [v for v in distinct_values(conn, "opinions", "address", limit=limit + 1, origin=origin) if v]
    return sorted(found, key=lambda v: (fold(v), v))[:limit]


def assignees(conn: sqlite3.Connection, limit: int = 500, *, origin: str | None = None) -> list[str]:
    """Units and officials responsible for tasks (of one office's), alphabetically without diacritics."""
    found = [v for v in distinct_values(conn, "tasks", "assignee", limit=limit + 1, origin=origin) if v]
    return sorted(found, key=lambda v: (fold(v), v))[:limit]
