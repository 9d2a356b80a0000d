"""What the dashboard warns about on a given day: overdue tasks and tasks due soon, meetings
without a conclusion notice, results not published in time, planned meetings announced late.

Bounded reads: each list is at most ``limit`` rows, oldest first, on indexed keys where the
lists are big (tasks by state and deadline); the counts beside them are exact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.followup import (
    ANNOUNCE_DAYS_BEFORE,
    DUE_SOON_DAYS,
    NOTICE_DAYS_AFTER,
    PUBLISH_DAYS_AFTER,
    FollowUp,
    MeetingLate,
    TaskDue,
)
from .connection import Store

_TASKS = ("SELECT t.id, t.meeting_id, t.origin, t.content, t.assignee, t.deadline FROM tasks t "
          "WHERE t.state = 'open' AND t.deadline BETWEEN :low AND :high")

# Held, and still without a notice: "notice_issued" and "published" meetings have one.
_WITHOUT_NOTICE = ("SELECT id, origin, title, held_on, status, held_on FROM meetings "
                   "WHERE status IN ('held', 'concluded') AND held_on <= :held_by")

# The first publication later than the legal delay after the meeting, or none yet once it is over.
# Every meeting that is not planned is looked at, through the state-and-date index alone (a
# published one is late or not by its first publication, also read from an index), and only the
# late ones are read whole: no meeting row is read to find them.
_UNPUBLISHED = f"""WITH looked AS MATERIALIZED (
    SELECT m.id, m.held_on,
           (SELECT min(p.published_on) FROM publications p WHERE p.meeting_id = m.id) AS first
    FROM meetings m
    WHERE m.status IN ('held', 'concluded', 'notice_issued', 'published') AND m.held_on <= :held_by)
SELECT m.id, m.origin, m.title, m.held_on, m.status, looked.first FROM looked JOIN meetings m ON m.id = looked.id
WHERE looked.first IS NULL OR looked.first > date(looked.held_on, '+{PUBLISH_DAYS_AFTER} days')"""

_ANNOUNCED_LATE = f"""SELECT id, origin, title, held_on, status, announced_on FROM meetings
WHERE status = 'planned' AND held_on >= :today
  AND (announced_on IS NULL OR announced_on > date(held_on, '-{ANNOUNCE_DAYS_BEFORE} days'))"""


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _tasks(store: Store, low: dt.date, high: dt.date, today: dt.date, limit: int) -> tuple[tuple[TaskDue, ...], int]:
    params = {"low": low.isoformat(), "high": high.isoformat()}
    (count,) = store.conn.execute(f"SELECT count(*) FROM ({_TASKS})", params).fetchone()
    rows = store.conn.execute(f"{_TASKS} ORDER BY t.deadline, t.rowid LIMIT {int(limit)}", params)
    return tuple(TaskDue(tid, mid, origin, content, assignee, dt.date.fromisoformat(deadline),
                         (dt.date.fromisoformat(deadline) - today).days)
                 for tid, mid, origin, content, assignee, deadline in rows), count


def _meetings(store: Store, sql: str, params: dict[str, Any], today: dt.date, limit: int, *,
              since_meeting: bool) -> tuple[tuple[MeetingLate, ...], int]:
    """The first ``limit`` rows of ``sql`` (columns id, origin, title, held_on, status, date),
    oldest first, and how many there are: one pass, the count beside each row."""
    found = []
    count = 0
    rows = store.conn.execute(f"SELECT *, count(*) OVER () FROM ({sql}) ORDER BY 4, 1 LIMIT {int(limit)}", params)
    for mid, origin, title, held_on, status, date, count in rows:
        held, when = dt.date.fromisoformat(held_on), _date(date)
        if since_meeting:  # days since the meeting
            days = (today - held).days
        else:  # planned: days short of the legal notice (all of them when there is none)
            days = ANNOUNCE_DAYS_BEFORE - (held - when).days if when else ANNOUNCE_DAYS_BEFORE
        found.append(MeetingLate(mid, origin, title, held, status, when, days))
    return tuple(found), count


def follow_up(store: Store, *, today: dt.date, notice_days: int = NOTICE_DAYS_AFTER, due_days: int = DUE_SOON_DAYS,
              limit: int = 100) -> FollowUp:
    """What needs attention on ``today``: tasks overdue and due within ``due_days``; meetings held
    ``notice_days`` or more ago without a conclusion notice; meetings whose results were not
    published within 10 days; planned meetings whose public notice is missing or later than 7
    days before.  At most ``limit`` of each, oldest first, with the full counts."""
    overdue, overdue_count = _tasks(store, dt.date.min, today - dt.timedelta(days=1), today, limit)
    soon, soon_count = _tasks(store, today, today + dt.timedelta(days=due_days), today, limit)
    without, without_count = _meetings(
        store, _WITHOUT_NOTICE, {"held_by": (today - dt.timedelta(days=notice_days)).isoformat()}, today, limit,
        since_meeting=True)
    unpublished, unpublished_count = _meetings(
        store, _UNPUBLISHED, {"held_by": (today - dt.timedelta(days=PUBLISH_DAYS_AFTER)).isoformat()}, today, limit,
        since_meeting=True)
    late, late_count = _meetings(store, _ANNOUNCED_LATE, {"today": today.isoformat()}, today, limit,
                                 since_meeting=False)
    return FollowUp(today, overdue, overdue_count, soon, soon_count, without, without_count, unpublished,
                    unpublished_count, late, late_count)
