"""The figures of a statistics report, computed in SQL: four grouped queries over the period, and
one bounded list of the overdue tasks it names.

Each query groups by the record's ``origin`` (the office that recorded it), so one pass gives
both the figures of each commune at the upper level and the totals; nothing is read row by row.
Opinions carry their meeting's date (``opinions.held_on``), so the two opinion queries walk the
``opinions_held_on`` index without touching meetings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

from ..core.catalog import FIELDS, MEETING_KINDS, OUTCOMES, TASK_PROGRESS, TRACKS
from ..core.changes import Changes
from ..core.errors import Cancelled, UnitNotFound
from ..core.followup import TaskDue
from ..core.roles import Operation
from ..core.statistics import (
    OVERDUE_LISTED,
    Counts,
    Coverage,
    CoveredOffice,
    Figures,
    HamletFigures,
    OfficeFigures,
    Period,
    Statistics,
    check_cutoff,
)
from ..core.settings import CUTOFF_DAY
from .connection import Store
from .records import answered_sql, outcome_sql
from .settings import read_setting, write_setting
from .sync_board import last_meetings
from .units import admin_units, find_unit, get_unit

STALE_DAYS = 30  # a commune whose last bundle is older than this before the period's end: its data is stale


# Progress of a task as it stood on :as_of (the same cases as db.list_specs.PROGRESS_SQL, which
# judges on today): a task completed after :as_of was still open then.
PROGRESS_AS_OF = """CASE
    WHEN t.state = 'dropped' THEN 'dropped'
    WHEN t.state = 'done' AND (t.completed_on IS NULL OR t.completed_on <= :as_of) THEN
        CASE WHEN t.deadline IS NOT NULL AND t.completed_on > t.deadline THEN 'done_late' ELSE 'done_on_time' END
    WHEN t.deadline IS NOT NULL AND t.deadline < :as_of THEN 'overdue'
    ELSE 'in_progress' END"""

MEETINGS_SQL = """
SELECT origin, kind, track, chair_title, substr(held_on, 1, 7), status = 'planned', count(*), sum(participants)
FROM meetings WHERE held_on BETWEEN :start AND :end
GROUP BY 1, 2, 3, 4, 5, 6"""

# "Answered at the meeting" is the outcome "answered", as every part of the program reads it (an
# opinion an earlier version stored answered with no outcome counts as answered in both places).
OPINIONS_SQL = f"""
SELECT origin, field, coalesce({outcome_sql('opinions')}, ''), {answered_sql('opinions')}, count(*)
FROM opinions WHERE held_on BETWEEN :start AND :end
GROUP BY 1, 2, 3, 4"""

HAMLETS_SQL = f"""
SELECT origin, address, count(*), sum({answered_sql('opinions')})
FROM opinions WHERE held_on BETWEEN :start AND :end
GROUP BY 1, 2"""

TASKS_SQL = f"""
SELECT t.origin, {PROGRESS_AS_OF}, count(*)
FROM meetings m JOIN tasks t ON t.meeting_id = m.id
WHERE m.held_on BETWEEN :start AND :end
GROUP BY 1, 2"""

# Not part of the figures: the overdue tasks the report names, longest overdue first.
OVERDUE_SQL = f"""
SELECT t.id, t.meeting_id, t.origin, t.content, t.assignee, t.deadline
FROM meetings m JOIN tasks t ON t.meeting_id = m.id
WHERE m.held_on BETWEEN :start AND :end AND ({PROGRESS_AS_OF}) = 'overdue'
ORDER BY t.deadline, t.rowid LIMIT {OVERDUE_LISTED}"""

QUERIES = (MEETINGS_SQL, OPINIONS_SQL, HAMLETS_SQL, TASKS_SQL)  # in the order they run (bench/reports.py)


def cutoff_day(store: Store) -> int:
    """The office's reporting cut-off day (1 = calendar months; 15 for 15/12-14/06 reporting)."""
    return read_setting(store, CUTOFF_DAY)


def save_cutoff_day(store: Store, *, day: int) -> Changes:
    """Save the office's reporting cut-off day (1-28), used when a period is given as 2026-H1: an
    office setting, an administrator's (docs/roles.md)."""
    store.require(Operation.OFFICE_SETTINGS)
    check_cutoff(day)
    with store.transaction() as conn:
        write_setting(conn, CUTOFF_DAY, day)
    changes = Changes()
    changes.settings = True
    return changes


class _Tally:
    """Counters of one office while the query rows come in."""

    def __init__(self) -> None:
        self.meetings = self.planned = self.participants = self.opinions = self.answered = 0
        self.kind: Counter[str] = Counter()
        self.track: Counter[str] = Counter()
        self.chair: Counter[str] = Counter()
        self.month: Counter[str] = Counter()
        self.field: Counter[str] = Counter()
        self.outcome: Counter[str] = Counter()
        self.progress: Counter[str] = Counter()
        self.hamlets: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def merge(self, other: "_Tally") -> None:
        for name in ("meetings", "planned", "participants", "opinions", "answered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("kind", "track", "chair", "month", "field", "outcome", "progress"):
            getattr(self, name).update(getattr(other, name))


def _in_catalog(counter: Counter[str], codes: list[str]) -> tuple[tuple[str, int], ...]:
    """Every code of the catalog in its order (zeros too, so tables keep their rows), then any
    code the catalog does not know, as stored data from a newer version may hold."""
    known = [(code, counter.get(code, 0)) for code in codes]
    return tuple(known + sorted((c, n) for c, n in counter.items() if c not in codes))


def _months(period: Period) -> list[str]:
    months, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _figures(t: _Tally, period: Period) -> Figures:
    def most_first(counter: Counter[str]) -> Counts:
        return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))

    hamlets = sorted((HamletFigures(h, n, a) for h, (n, a) in t.hamlets.items()), key=lambda h: (-h.opinions, h.hamlet))
    return Figures(
        meetings=t.meetings, planned=t.planned, participants=t.participants, opinions=t.opinions,
        answered=t.answered, tasks=sum(t.progress.values()),
        meetings_by_kind=_in_catalog(t.kind, MEETING_KINDS.codes()),
        meetings_by_track=_in_catalog(t.track, TRACKS.codes()),
        meetings_by_chair=most_first(t.chair),
        meetings_by_month=tuple((m, t.month.get(m, 0)) for m in _months(period)),
        opinions_by_field=_in_catalog(t.field, FIELDS.codes()),
        opinions_by_outcome=_in_catalog(t.outcome, [*OUTCOMES.codes(), ""]),
        tasks_by_progress=_in_catalog(t.progress, TASK_PROGRESS.codes()),
        hamlets=tuple(hamlets),
    )


def _office_name(code: str) -> str:
    try:
        return find_unit(code).name
    except UnitNotFound:
        return code


def build_statistics(store: Store, period: Period, *, as_of: dt.date | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> Statistics:
    """The figures of ``period`` (inclusive dates) with task progress judged on ``as_of``
    (default today).  Offices are listed at the upper level, or whenever records come from
    more than one office.  Long work: ``progress(done, total)`` after each query, and
    :class:`Cancelled` when ``cancelled()`` turns true between them."""
    as_of = as_of or dt.date.today()
    params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "as_of": as_of.isoformat()}
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    conn = store.conn
    for step, sql in enumerate(QUERIES):
        if cancelled is not None and cancelled():
            raise Cancelled()
        for row in conn.execute(sql, params):
            t = tallies[row[0]]
            if sql is MEETINGS_SQL:
                _origin, kind, track, chair, month, planned, n, participants = row
                if planned:
                    t.planned += n
                    continue
                t.meetings += n
                t.participants += participants or 0
                t.kind[kind] += n
                t.track[track] += n
                t.chair[chair] += n
                t.month[month] += n
            elif sql is OPINIONS_SQL:
                _origin, field, outcome, answered, n = row
                t.opinions += n
                t.answered += n if answered else 0
                t.field[field] += n
                t.outcome[outcome] += n
            elif sql is HAMLETS_SQL:
                _origin, hamlet, n, answered = row
                t.hamlets[hamlet][0] += n
                t.hamlets[hamlet][1] += answered or 0
            else:
                _origin, state, n = row
                t.progress[state] += n
        if progress is not None:
            progress(step + 1, len(QUERIES))
    # Hamlets are per commune: "Thôn 3" of one commune is not "Thôn 3" of the next, so the
    # totals of several offices list none (each office's figures keep its own).
    total = _Tally()
    for tally in tallies.values():
        total.merge(tally)
    if len(tallies) == 1:
        total.hamlets = next(iter(tallies.values())).hamlets
    unit = get_unit(store)
    offices: tuple[OfficeFigures, ...] = ()
    if unit.role == "upper" or len(tallies) > 1:
        offices = tuple(OfficeFigures(code, _office_name(code), _figures(tallies[code], period))
                        for code in sorted(tallies))
    overdue = tuple(TaskDue(tid, mid, origin, content, assignee, day, (day - as_of).days)
                    for tid, mid, origin, content, assignee, deadline in conn.execute(OVERDUE_SQL, params)
                    if (day := _day(deadline)) is not None)
    return Statistics(period=period, as_of=as_of, unit_code=unit.code, unit_name=unit.name,
                      total=_figures(total, period), offices=offices, overdue_tasks=overdue,
                      coverage=coverage(store, period, as_of) if unit.role == "upper" else None)


def coverage(store: Store, period: Period, as_of: dt.date) -> Coverage:
    """Which communes the upper level's figures come from.  A commune reports when its last bundle
    came at most :data:`STALE_DAYS` before the period's end (or before ``as_of`` for a period not
    over yet); older, its data is stale; with neither a bundle nor a record it never reported (a
    commune whose records came without a bundle counts by its last meeting's date).  The communes
    are the province's in the official list, and any other office whose bundles or records came."""
    unit = get_unit(store)
    stale_before = min(period.end, as_of) - dt.timedelta(days=STALE_DAYS)
    received = {origin: day for origin, day in store.conn.execute(
        "SELECT origin, max(received_at) FROM sync_bundles_in GROUP BY origin")}
    until = last_meetings(store)
    units = admin_units()
    codes = [code for code, u in units.items() if u.level == "commune" and u.province_code == unit.code]
    codes += sorted(code for code in received if code not in set(codes) and code != unit.code)
    groups: dict[str, list[CoveredOffice]] = {"reporting": [], "stale": [], "never": []}
    codes += sorted(code for code in until if code not in set(codes) and code != unit.code)
    for code in codes:
        last = _day(str(received[code])[:10]) if received.get(code) else None
        office = CoveredOffice(code, units[code].name if code in units else code, last, until.get(code))
        # Records that came without a bundle (written here, or a file converted) count by their date.
        fresh = last or office.data_until
        groups["never" if fresh is None else "reporting" if fresh >= stale_before else "stale"].append(office)
    return Coverage(stale_before, tuple(groups["reporting"]), tuple(groups["stale"]), tuple(groups["never"]))


def _day(text: object) -> dt.date | None:
    """A stored date; None for one that is not a date (a damaged record `qcdc check` names)."""
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
