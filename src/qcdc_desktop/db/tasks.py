"""Task follow-up: updating a task's state and result, and the history of those changes.

Every change of a stored task's follow-up (state, result, completion date, reply document) made
here or through ``db.edit.save_meeting`` writes one ``task_history`` entry in the same
transaction: who, when, from which state to which.  Adding a task is not a change; its row says
how it started.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from typing import Any

from ..core.catalog import TASK_STATES
from ..core.roles import Operation
from ..core.changes import Changes
from ..core.errors import NotFound, QcdcError, ValidationError
from ..core.followup import TaskChange, follow_up_changed
from ..core.ids import IdMaker, origin_of
from ..core.model import Task
from ..core.text import nfc
from ..core.validate import check_meeting
from ..l10n import _
from .connection import Store
from .meetings import get_meeting
from .records import take_seq, utc_now

HISTORY_COLUMNS = ("id", "origin", "version", "seq", "updated_at", "task_id", "meeting_id", "changed_at",
                   "changed_by", "state_before", "state", "result", "completed_on", "reply_doc")


def record_change(conn: sqlite3.Connection, *, origin: str, make_id: IdMaker, task_id: str, meeting_id: str,
                  before: Task, after: Task, by: str, now: str) -> str:
    """Write the history entry of one follow-up change inside the caller's transaction; return its id."""
    entry_id = make_id()
    values = (entry_id, origin, 1, take_seq(conn, origin), now, task_id, meeting_id, now, nfc(by),
              before.state, after.state, after.result,
              after.completed_on.isoformat() if after.completed_on else None, after.reply_doc)
    conn.execute(f"INSERT INTO task_history ({', '.join(HISTORY_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(HISTORY_COLUMNS))})", values)
    return entry_id


def update_task(store: Store, *, task_id: str, state: str, result: str, completed_on: dt.date | None,
                reply_doc: str, today: dt.date | None = None) -> Changes:
    """Set a task's follow-up (state, result, completion date, reply document) as the signed-in
    account, checked by the same rules as a whole meeting, with its history entry naming that
    account; one transaction.

    Nothing is written (and the Changes are empty) when nothing differs.  Only the office that
    recorded the task may change it.
    """
    by = store.require(Operation.FOLLOW_UP).name
    today = today or dt.date.today()
    if state not in TASK_STATES:
        raise QcdcError(_("%(state)r is not a task state.") % {"state": state[:30]})
    if origin_of(task_id) != store.origin:
        raise QcdcError(_("This task was recorded by another office (%(origin)s); only that office can "
                          "change it.") % {"origin": origin_of(task_id)})
    origin = store.origin
    changes = Changes()
    with store.transaction() as conn:
        row = conn.execute("SELECT meeting_id FROM tasks WHERE id = ?", (task_id,)).fetchone()
        meeting = get_meeting(store, row[0]) if row else None
        if meeting is None:
            raise NotFound(_("The task no longer exists; it may have been deleted."))
        index = next(i for i, t in enumerate(meeting.conclusions) if t.id == task_id)
        before = meeting.conclusions[index]
        after = dataclasses.replace(before, state=state, result=nfc(result), completed_on=completed_on,
                                    reply_doc=nfc(reply_doc))
        meeting.conclusions[index] = after
        # The meeting's own rules, kept to this task: its other records are not this change's business.
        problems = [p for p in check_meeting(meeting, (), today) if p.path[:2] == ("conclusions", index)]
        if problems:
            raise ValidationError(problems)
        if not follow_up_changed(before, after):
            return changes
        now = utc_now()
        conn.execute("UPDATE tasks SET state = ?, result = ?, completed_on = ?, reply_doc = ?, version = version + 1, "
                     "seq = ?, updated_at = ? WHERE id = ?",
                     (after.state, after.result, after.completed_on.isoformat() if after.completed_on else None,
                      after.reply_doc, take_seq(conn, origin), now, task_id))
        entry = record_change(conn, origin=origin, make_id=IdMaker(origin), task_id=task_id, meeting_id=meeting.id or "",
                              before=before, after=after, by=by, now=now)
    changes.note("updated", "tasks", [task_id])
    changes.note("added", "task_history", [entry])
    return changes


def _change(row: tuple[Any, ...]) -> TaskChange:
    (entry_id, task_id, meeting_id, changed_at, changed_by, state_before, state, result, completed_on,
     reply_doc) = row
    return TaskChange(entry_id, task_id, meeting_id, changed_at, changed_by, state_before, state, result,
                      dt.date.fromisoformat(completed_on) if completed_on else None, reply_doc)


_HISTORY_SELECT = ("SELECT id, task_id, meeting_id, changed_at, changed_by, state_before, state, result, "
                   "completed_on, reply_doc FROM task_history")


def task_history(store: Store, task_id: str) -> list[TaskChange]:
    """The changes of one task's follow-up, oldest first."""
    return [_change(r) for r in store.conn.execute(f"{_HISTORY_SELECT} WHERE task_id = ? ORDER BY changed_at, seq",
                                                   (task_id,))]


def all_task_history(store: Store, *, skipped: list[str] | None = None) -> list[TaskChange]:
    """Every history entry, by task then time (for the dump).  An entry whose values cannot be
    read raises, or with ``skipped`` is left out and its id noted there."""
    result = []
    for row in store.conn.execute(f"{_HISTORY_SELECT} ORDER BY task_id, changed_at, seq, id"):
        try:
            result.append(_change(row))
        except (ValueError, TypeError):
            if skipped is None:
                raise
            skipped.append(str(row[0]))
    return result
