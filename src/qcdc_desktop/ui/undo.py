"""Undo and redo of what was saved: each step is a pair of database operations.

The first redo of a command is the save that already happened, so it is skipped; later undo and
redo submit their operation to the database worker, whose Changes refresh the views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from ..core.model import Meeting
from ..db.connection import Store
from ..db.edit import Deleted, Saved, delete_meetings, restore_meetings, save_meeting
from ..jobs.database import Database
from ..l10n import N_, _

Operation = Callable[[Store], Any]


class OperationCommand(QUndoCommand):
    def __init__(self, text: str, database: Database, do: Operation, undo: Operation,
                 on_error: Callable[[Exception], None] | None = None,
                 on_done: Callable[[Any], None] | None = None) -> None:
        super().__init__(text)
        self._database, self._do, self._undo = database, do, undo
        self._on_error, self._on_done = on_error, on_done
        self._done_already = True

    def redo(self) -> None:
        if self._done_already:
            self._done_already = False
            return
        self._database.submit(self._do, self._on_done, self._on_error)

    def undo(self) -> None:
        self._database.submit(self._undo, self._on_done, self._on_error)


# The reasons the history keeps when Ctrl+Z takes back what was just added or changed.
_UNDONE_ADD = N_("The meeting just added was taken back (undo).")
_UNDONE_EDIT = N_("The change just made was taken back (undo).")


def _copy(meeting: Meeting) -> Meeting:
    import copy

    return copy.deepcopy(meeting)


Callback = Callable[[Any], None] | None


def save_command(database: Database, saved: Saved, on_error: Callable[[Exception], None] | None = None,
                 on_done: Callback = None) -> OperationCommand:
    after = _copy(saved.meeting)
    before = _copy(saved.before) if saved.before else None
    if before is None:
        added = after.id
        assert added is not None  # save_meeting gave it its id
        return OperationCommand(_("Add meeting “%(title)s”") % {"title": after.title}, database,
                                lambda store: save_meeting(store, meeting=_copy(after)),
                                lambda store: delete_meetings(store, ids=[added], reason=_(_UNDONE_ADD)),
                                on_error, on_done)
    return OperationCommand(_("Edit meeting “%(title)s”") % {"title": after.title}, database,
                            lambda store: save_meeting(store, meeting=_copy(after), reason=saved.reason),
                            lambda store: save_meeting(store, meeting=_copy(before), reason=_(_UNDONE_EDIT)),
                            on_error, on_done)


def delete_command(database: Database, deleted: Deleted, on_error: Callable[[Exception], None] | None = None,
                   on_done: Callback = None) -> OperationCommand:
    meetings = [_copy(m) for m in deleted.meetings]
    ids = [m.id for m in meetings if m.id is not None]  # every deleted meeting was stored, so has its id
    title = meetings[0].title if len(meetings) == 1 else str(len(meetings))
    return OperationCommand(_("Delete meeting “%(title)s”") % {"title": title}, database,
                            lambda store: delete_meetings(store, ids=ids, reason=deleted.reason),
                            lambda store: restore_meetings(store, meetings=[_copy(m) for m in meetings]), on_error,
                            on_done)
