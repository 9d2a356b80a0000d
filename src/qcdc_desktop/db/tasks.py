"""Task follow-up: updating a task's state and result.

Every change of a stored task, made here or through ``db.edit.save_meeting``, is an entry of the
office's history (db/history.py), written in the same transaction.  The ``task_history`` table
is what earlier versions kept of follow-up changes: read here for the dump and for the entries a
commune of an earlier version sent; its rows of this office began the history (migration
0010_history) and nothing writes to it any more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ..core.catalog import TASK_STATES
from ..core.roles import Operation
from ..core.changes import Changes
from ..core.errors import NotFound, QcdcError, ValidationError
from ..core.followup import TaskChange, follow_up_changed
from ..core.ids import origin_of
from ..core.text import nfc
from ..core.validate import check_meeting
from ..l10n import _
from .connection import Store
from .meetings import get_meeting
from .units import office_label, office_name
from .records import take_seq, utc_now



def update_task(store: Store, *, task_id: str, state: str, result: str, completed_on: dt.date | None,
                reply_doc: str, today: dt.date | None = None) -> Changes:
    """Set a task's follow-up (state, result, completion date, reply document) as the signed-in
    account, checked by the same rules as a whole meeting, with its history entry naming that
    account; one transaction.

    Nothing is written (and the Changes are empty) when nothing differs.  Only the office that
    recorded the task may change it.
    """
    store.require(Operation.FOLLOW_UP)
    today = today or dt.date.today()
    if state not in TASK_STATES:
        raise QcdcError(_("%(state)r is not a task state.") % {"state": state[:30]})
    if origin_of(task_id) != store.origin:
        origin = origin_of(task_id)
        raise QcdcError(_("This task was recorded by %(office)s; only %(name)s can change it.") % {
            "office": office_label(origin), "name": office_name(origin)})
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
    changes.note("updated", "tasks", [task_id])
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
