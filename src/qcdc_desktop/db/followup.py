"""What the dashboard warns about on a given day: overdue tasks and tasks due soon, meetings
without a conclusion notice, results not published in time, planned meetings announced late.

Bounded reads: each list is at most ``limit`` rows, oldest first, on indexed keys where the
lists are big (tasks by state and deadline); the counts beside them are exact, but for the tasks',
which stop at :data:`~..core.followup.COUNT_CAP` and say "more" past it (a province of ten million
opinions has more overdue tasks than anyone reads; counting each one held the window's first
rows).  At the upper level
the lists may be kept to one commune, and each may be ordered by commune (by name, this office
first) before its dates, in SQL, so that the rows shown are the first of that order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.followup import (
    ANNOUNCE_DAYS_BEFORE,
    COUNT_CAP,
    DUE_SOON_DAYS,
    NOTICE_DAYS_AFTER,
    PUBLISH_DAYS_AFTER,
    FollowUp,
    MeetingLate,
    TaskDue,
)
from .connection import Store
from .list_specs import offices

_TASKS = ("SELECT t.id, t.meeting_id, t.origin, t.content, t.assignee, t.deadline FROM tasks t "
          "WHERE t.state = 'open' AND t.deadline BETWEEN :low AND :high")

# Held, and still without a notice: "notice_issued" and "published" meetings have one.
_WITHOUT_NOTICE = ("SELECT id, origin, title, held_on, status, held_on FROM meetings "
                   "WHERE status IN ('held', 'concluded') AND held_on <= :held_by")

# The first publication later than the legal delay after the meeting, or none yet once it is over:
# the meetings the triggers of migration 0016 keep in ``publication_watch`` (db/schema_followup.py),
# read by their date; the meetings' own rows only for the titles of those shown.  Wrapped so that a
# scope's condition can be added and its order named.
_UNPUBLISHED = """SELECT * FROM (
    SELECT w.meeting_id AS id, w.origin, m.title, w.held_on, m.status, w.first
    FROM publication_watch w JOIN meetings m ON m.id = w.meeting_id
    WHERE w.held_on <= :held_by)
WHERE 1"""

_ANNOUNCED_LATE = f"""SELECT id, origin, title, held_on, status, announced_on FROM meetings
WHERE status = 'planned' AND held_on >= :today
  AND (announced_on IS NULL OR announced_on > date(held_on, '-{ANNOUNCE_DAYS_BEFORE} days'))"""


SECTIONS = ("tasks", "without_notice", "unpublished", "announced_late")


@dataclass(frozen=True)
class Order:
    """How a section is ordered: by its date (oldest first unless ``descending``), or first by the
    commune (``by_office``: this office, then the communes by name; reversed when ``descending``)
    and within it by date."""

    by_office: bool = False
    descending: bool = False


@dataclass(frozen=True)
class Scope:
    """Which records the sections hold (``origin``: one office's only) and how each is ordered."""

    origin: str | None = None
    orders: Mapping[str, Order] | None = None

    def order(self, section: str) -> Order:
        return (self.orders or {}).get(section, Order())


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _narrowed(sql: str, column: str, params: dict[str, Any], scope: Scope, section: str,
              dates: tuple[str, ...], store: Store, table: str) -> tuple[str, str, dict[str, Any]]:
    """The section's SQL kept to the scope's office, and its ORDER BY (dates, maybe the office first)."""
    params = dict(params)
    if scope.origin:
        # Open tasks late or due soon are few beside a commune's tasks: their (state, deadline)
        # index is walked, the commune checked on each ("+"); 68 ms against 158 ms at 1,000,000
        # opinions.  A commune's meetings are fewer than those of every date before a day.
        unindexed = "+" if table == "tasks" else ""
        sql += f" AND {unindexed}{column} = :origin"
        params["origin"] = scope.origin
    order = scope.order(section)
    way = " DESC" if order.descending else ""
    keys = [d + way for d in dates]
    if order.by_office:
        # The office's place in the list of offices in their order: one parameter, any number of offices.
        codes = offices(store.conn, table)
        params["offices"] = "," + ",".join(codes[::-1] if order.descending else codes) + ","
        keys = [f"instr(:offices, ',' || {column} || ',')", *(d for d in dates)]
    return sql, " ORDER BY " + ", ".join(keys), params


def _tasks(store: Store, low: dt.date, high: dt.date, today: dt.date, limit: int,
           scope: Scope = Scope()) -> tuple[tuple[TaskDue, ...], int]:
    sql, order, params = _narrowed(_TASKS, "t.origin", {"low": low.isoformat(), "high": high.isoformat()}, scope,
                                   "tasks", ("t.deadline", "t.rowid"), store, "tasks")
    (count,) = store.conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {COUNT_CAP + 1})", params).fetchone()
    rows = store.conn.execute(f"{sql}{order} LIMIT {int(limit)}", params)
    return tuple(TaskDue(tid, mid, origin, content, assignee, dt.date.fromisoformat(deadline),
                         (dt.date.fromisoformat(deadline) - today).days)
                 for tid, mid, origin, content, assignee, deadline in rows), count


def _meetings(store: Store, section: str, sql: str, params: dict[str, Any], today: dt.date, limit: int, *,
              since_meeting: bool, scope: Scope = Scope()) -> tuple[tuple[MeetingLate, ...], int]:
    sql, order, params = _narrowed(sql, "origin", params, scope, section, ("held_on", "id"), store, "meetings")
    found = []
    count = 0  # one pass: the count beside each row (a second pass would read the section's rows again)
    rows = store.conn.execute(f"SELECT *, count(*) OVER () FROM ({sql}){order} LIMIT {int(limit)}", params)
    for mid, origin, title, held_on, status, date, count in rows:
        held, when = dt.date.fromisoformat(held_on), _date(date)
        if since_meeting:  # days since the meeting
            days = (today - held).days
        else:  # planned: days short of the legal notice (all of them when there is none)
            days = ANNOUNCE_DAYS_BEFORE - (held - when).days if when else ANNOUNCE_DAYS_BEFORE
        found.append(MeetingLate(mid, origin, title, held, status, when, days))
    return tuple(found), count


def follow_up(store: Store, *, today: dt.date, notice_days: int = NOTICE_DAYS_AFTER, due_days: int = DUE_SOON_DAYS,
              limit: int = 100, scope: Scope = Scope()) -> FollowUp:
    """What needs attention on ``today``: tasks overdue and due within ``due_days``; meetings held
    ``notice_days`` or more ago without a conclusion notice; meetings whose results were not
    published within 10 days; planned meetings whose public notice is missing or later than 7
    days before.  At most ``limit`` of each, oldest first (or in the ``scope``'s order, of its
    office only), with the full counts."""
    overdue, overdue_count = _tasks(store, dt.date.min, today - dt.timedelta(days=1), today, limit, scope)
    soon, soon_count = _tasks(store, today, today + dt.timedelta(days=due_days), today, limit, scope)
    without, without_count = _meetings(
        store, "without_notice", _WITHOUT_NOTICE, {"held_by": (today - dt.timedelta(days=notice_days)).isoformat()},
        today, limit, since_meeting=True, scope=scope)
    unpublished, unpublished_count = _meetings(
        store, "unpublished", _UNPUBLISHED,
        {"held_by": (today - dt.timedelta(days=PUBLISH_DAYS_AFTER)).isoformat()}, today, limit, since_meeting=True,
        scope=scope)
    late, late_count = _meetings(store, "announced_late", _ANNOUNCED_LATE, {"today": today.isoformat()}, today, limit,
                                 since_meeting=False, scope=scope)
    return FollowUp(today, overdue, overdue_count, soon, soon_count, without, without_count, unpublished,
                    unpublished_count, late, late_count)
