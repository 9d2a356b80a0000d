"""Follow-up values: a task's derived progress, the trail of its changes, and what the dashboard
warns about.  Plain values, no I/O; ``db.tasks`` and ``db.followup`` fill them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Task

# What the law and the office allow (Law 72/2025 on grassroots democracy, and office practice).
ANNOUNCE_DAYS_BEFORE = 7  # the public notice of a meeting at least 7 days before it
PUBLISH_DAYS_AFTER = 10  # the results published within 10 days after it
NOTICE_DAYS_AFTER = 10  # the conclusion notice expected within this many days (office may change)
DUE_SOON_DAYS = 7  # a task is "due soon" when its deadline is within this many days

FOLLOW_UP_FIELDS = ("state", "result", "completed_on", "reply_doc")


def task_progress(task: Task, today: dt.date) -> str:
    """The shown status of a task (catalog.TASK_PROGRESS), derived from its dates: completed on
    time or late, in progress, or overdue once the deadline has passed (due today is in progress)."""
    if task.state == "dropped":
        return "dropped"
    if task.state == "done":
        late = task.deadline is not None and task.completed_on is not None and task.completed_on > task.deadline
        return "done_late" if late else "done_on_time"
    if task.deadline is not None and task.deadline < today:
        return "overdue"
    return "in_progress"


def follow_up_changed(before: Task, after: Task) -> bool:
    """Whether a task's follow-up (what the history keeps) differs between two states."""
    return any(getattr(before, f) != getattr(after, f) for f in FOLLOW_UP_FIELDS)


COUNT_CAP = 10_000  # a section's count is exact up to this; COUNT_CAP + 1 means "more than COUNT_CAP"


@dataclass(frozen=True)
class TaskChange:
    """One entry of a task's history: who changed its follow-up when, and what it became."""

    id: str
    task_id: str
    meeting_id: str
    changed_at: str  # UTC, ISO 8601 to the second
    changed_by: str
    state_before: str
    state: str
    result: str
    completed_on: dt.date | None
    reply_doc: str


@dataclass(frozen=True)
class TaskDue:
    """A task the dashboard lists: overdue, or due within the next days."""

    task_id: str
    meeting_id: str
    origin: str
    content: str
    assignee: str
    deadline: dt.date
    days_left: int  # negative when overdue


@dataclass(frozen=True)
class MeetingLate:
    """A meeting the dashboard warns about, and the date that matters for the warning (the
    meeting's date, its public notice date or its first publication; None when missing)."""

    meeting_id: str
    origin: str
    title: str
    held_on: dt.date
    status: str
    date: dt.date | None
    days: int  # how many days late, or since the meeting


@dataclass(frozen=True)
class FollowUp:
    """What needs attention on ``today``; each list is oldest first and at most ``limit`` long,
    with the full count beside it."""

    today: dt.date
    overdue: tuple[TaskDue, ...]
    overdue_count: int
    due_soon: tuple[TaskDue, ...]
    due_soon_count: int
    without_notice: tuple[MeetingLate, ...]  # held N days ago or more, no conclusion notice issued
    without_notice_count: int
    unpublished: tuple[MeetingLate, ...]  # results not published within 10 days of the meeting
    unpublished_count: int
    announced_late: tuple[MeetingLate, ...]  # planned, public notice missing or later than 7 days before
    announced_late_count: int
