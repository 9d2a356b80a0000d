"""Updating one task from the follow-up place: its state, result, completion date and reply
document, with the history of its changes (who changed what, when) underneath.

The task and its history are read by the database worker; the change is one operation there
(``db.tasks.update_task``), which writes the history entry in the same transaction.  Who makes
the change is the person named in Settings (``ui.user``); a name corrected here is kept there.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.catalog import TASK_STATES
from ...core.changes import Changes
from ...core.errors import NotFound, ValidationError, user_message
from ...core.followup import TaskChange
from ...core.model import Task
from ...db.connection import Store
from ...db.meetings import get_meeting
from ...db.tasks import task_history, update_task
from ...jobs.database import Database
from ...l10n import _
from ..widgets.fields import DateField, ErrorLabel
from ..widgets.row_models import Column, RowsModel
from .. import session


@dataclass(frozen=True)
class TaskFollowUp:
    """What the dialog shows: the task, its meeting's title and the history of its changes."""

    task: Task
    meeting_title: str
    history: list[TaskChange]


def read_task(store: Store, *, task_id: str, meeting_id: str) -> TaskFollowUp:
    """The task ``task_id`` of the meeting ``meeting_id``, with its history (an operation for the
    database worker)."""
    meeting = get_meeting(store, meeting_id)
    task = next((t for t in meeting.conclusions if t.id == task_id), None) if meeting else None
    if meeting is None or task is None:
        raise NotFound(_("The task no longer exists; it may have been deleted."))
    return TaskFollowUp(task, meeting.title, task_history(store, task_id))


def changed_at_text(stamp: str) -> str:
    """A history time (UTC) as the clerk's clock showed it: "05/03/2026 14:20"."""
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{l10n.format_date(moment.date())} {moment:%H:%M}"


def _state(code: str) -> str:
    return TASK_STATES.label(code) if code in TASK_STATES else code


def history_columns() -> list[Column[TaskChange]]:
    return [
        Column(_("When"), lambda c: changed_at_text(c.changed_at)),
        Column(_("Who"), lambda c: c.changed_by or "—"),
        Column(_("Change"), lambda c: _("%(before)s → %(after)s") % {"before": _state(c.state_before),
                                                                      "after": _state(c.state)}),
        Column(_("Completed on"), lambda c: l10n.format_date(c.completed_on) if c.completed_on else ""),
        Column(_("Reply document"), lambda c: c.reply_doc),
        Column(_("Result"), lambda c: c.result),
    ]


class TaskDialog(QDialog):
    """State, result, completion date and reply document of one task, and its history."""

    def __init__(self, database: Database, *, task_id: str, meeting_id: str, settings: QSettings,
                 parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database = database
        self.task_id, self.meeting_id = task_id, meeting_id
        self.settings = settings
        self._today = today
        self.loaded: TaskFollowUp | None = None
        self.saved_changes: Changes | None = None
        self.setWindowTitle(_("Follow-up of a task"))
        self._build()
        self.resize(760, 600)
        self.reload()

    def _build(self) -> None:
        self.task_label = QLabel("…", self)
        self.task_label.setWordWrap(True)
        self.state = QComboBox(self)
        for code in TASK_STATES:
            self.state.addItem(code.label, code.code)
        self.state.currentIndexChanged.connect(self._state_changed)
        self.result_text = QPlainTextEdit(self)
        self.result_text.setTabChangesFocus(True)
        self.result_text.setMaximumHeight(90)
        self.completed_on = DateField(self)
        self.reply_doc = QLineEdit(self)
        self.reply_doc.setPlaceholderText(_("e.g. 45/UBND-VP"))
        self.by = QLabel(self)  # whoever is signed in: the history keeps who made each change
        self.by.setText(session.name())
        self.by.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors = ErrorLabel(self)
        form = QFormLayout()
        form.addRow(self.task_label)
        form.addRow(_("&State:"), self.state)
        form.addRow(_("&Result:"), self.result_text)
        form.addRow(_("&Completed on:"), self.completed_on)
        form.addRow(_("Reply &document:"), self.reply_doc)
        form.addRow(_("Changed by:"), self.by)
        form.addRow(self.errors)
        self.history = RowsModel(history_columns(), self)
        self.history_view = QTableView(self)
        self.history_view.setModel(self.history)
        self.history_view.verticalHeader().hide()
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setWordWrap(False)
        header = self.history_view.horizontalHeader()
        for column, width in enumerate((120, 130, 170, 95, 110)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.history_label = QLabel(_("&History of the changes:"), self)
        self.history_label.setBuddy(self.history_view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close,
                                        self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history_view, 1)
        layout.addWidget(self.buttons)
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.state, self.result_text, self.completed_on, self.reply_doc):
            widget.setEnabled(enabled)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(enabled)

    def reload(self) -> None:
        task_id, meeting_id = self.task_id, self.meeting_id
        self.database.submit(lambda store: read_task(store, task_id=task_id, meeting_id=meeting_id),
                             self._show, self._failed)

    def _show(self, loaded: TaskFollowUp) -> None:
        self.loaded = loaded
        task = loaded.task
        deadline = l10n.format_date(task.deadline) if task.deadline else _("no deadline")
        self.task_label.setText(_("<b>%(task)s</b><br>Responsible: %(assignee)s. Deadline: %(deadline)s. "
                                  "Meeting: %(meeting)s.")
                                % {"task": html.escape(task.content), "assignee": html.escape(task.assignee) or "—",
                                   "deadline": deadline, "meeting": html.escape(loaded.meeting_title)})
        self.state.setCurrentIndex(max(self.state.findData(task.state), 0))
        self.result_text.setPlainText(task.result)
        self.completed_on.set_date(task.completed_on)
        self.reply_doc.setText(task.reply_doc)
        self.history.set_rows(loaded.history)
        self._set_enabled(True)
        self.state.setFocus()

    def _state_changed(self, _index: int) -> None:
        # Marking a task done is nearly always done on the day: offer today, the clerk may change it.
        if self.state.currentData() == "done" and not self.completed_on.text().strip():
            self.completed_on.set_date(self._today())

    def save(self) -> None:
        """Submit the change; the dialog closes once it is written (or shows why it was refused)."""
        if self.loaded is None:
            return
        if not self.completed_on.is_valid():
            self.errors.show_message(_("The completion date is not a date; write it as dd/mm/yyyy."))
            self.completed_on.setFocus()
            return
        self.errors.show_message("")
        update = partial(update_task, task_id=self.task_id, state=str(self.state.currentData()),
                         result=self.result_text.toPlainText().strip(), completed_on=self.completed_on.date(),
                         reply_doc=self.reply_doc.text().strip(), today=self._today())
        self._set_enabled(False)
        self.database.submit(update, self._saved, self._refused)

    def _saved(self, changes: Changes) -> None:
        self.saved_changes = changes
        self.accept()

    def _refused(self, error: Exception) -> None:
        self._set_enabled(True)
        if isinstance(error, ValidationError):
            self.errors.show_message("\n".join(p.message for p in error.problems))
        else:
            self._failed(error)

    def _failed(self, error: Exception) -> None:
        self._set_enabled(self.loaded is not None)
        message = user_message(error)
        QMessageBox.warning(self, _("Follow-up of a task"), message)
