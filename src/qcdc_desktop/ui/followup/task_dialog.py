"""Updating one task from the follow-up place: its state, result, completion date and reply
document, with the task's History panel underneath (who changed what, when, in sentences).

The task is read by the database worker, its history by the panel's job; the change is one
operation on the worker (``db.tasks.update_task``), whose transaction writes its history entry,
naming the person signed in.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.catalog import TASK_STATES
from ...core.changes import Changes
from ...core.errors import NotFound, ValidationError, user_message
from ...core.model import Task
from ...db.connection import Store
from ...db.meetings import get_meeting
from ...db.tasks import update_task
from ...jobs.database import Database
from ...l10n import _
from ..history.panel import HistoryPanel, HistoryTarget
from ..widgets.fields import DateField, ErrorLabel, type_ahead_on
from .. import session
from ..widgets.screen_fit import fit_to_screen


@dataclass(frozen=True)
class TaskFollowUp:
    """What the dialog shows: the task and its meeting's title."""

    task: Task
    meeting_title: str


def read_task(store: Store, *, task_id: str, meeting_id: str) -> TaskFollowUp:
    """The task ``task_id`` of the meeting ``meeting_id`` (an operation for the database worker)."""
    meeting = get_meeting(store, meeting_id)
    task = next((t for t in meeting.conclusions if t.id == task_id), None) if meeting else None
    if meeting is None or task is None:
        raise NotFound(_("The task no longer exists; it may have been deleted."))
    return TaskFollowUp(task, meeting.title)


class TaskDialog(QDialog):
    """State, result, completion date and reply document of one task, and its History panel."""

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
        fit_to_screen(self, 760, 600)
        self.reload()

    def _build(self) -> None:
        self.task_label = QLabel("…", self)
        self.task_label.setWordWrap(True)
        self.state = type_ahead_on(QComboBox(self))
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
        self.history = HistoryPanel(self.database, self)
        self.history.show_record(HistoryTarget(self.task_id, "tasks"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close,
                                        self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.history, 1)
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
