"""At the upper level: a reply to an opinion a commune forwarded, or a directive to a commune
with a deadline.  Both travel down with the next bundle for that commune."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.changes import Changes
from ...core.errors import user_message
from ...db.forwarded import ForwardedOpinion
from ...db.messages import add_directive, add_reply
from ...db.sync_store import Peer
from ...jobs.database import Database
from ...l10n import _
from ..widgets.fields import picked_date
from ...db.units import office_label


@dataclass(frozen=True)
class Written:
    """A reply or directive written, with the change the database worker tells every list of (the
    opinions list shows an opinion's latest reply)."""

    id: str
    changes: Changes


def _written(message_id: str) -> Written:
    changes = Changes()
    changes.note("added", "messages", [message_id])
    return Written(message_id, changes)


class MessageDialog(QDialog):
    """A reply (``opinion`` given) or a directive (``communes`` to choose from), its text begun
    with ``text`` when given."""

    def __init__(self, database: Database, *, on_saved: Callable[[str], None], opinion: ForwardedOpinion | None = None,
                 communes: list[Peer] | None = None, text: str = "", today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.opinion, self.on_saved = database, opinion, on_saved
        self.today = today or dt.date.today()
        form = QFormLayout()
        self.commune = QComboBox(self)
        self.deadline = QDateEdit(self)
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        soon = self.today + dt.timedelta(days=30)
        self.deadline.setDate(QDate(soon.year, soon.month, soon.day))
        self.has_deadline = QCheckBox(_("with a deadline"), self)
        self.has_deadline.setChecked(True)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        if opinion is not None:
            self.setWindowTitle(_("Reply to an opinion"))
            shown = QLabel(_("%(commune)s, meeting of %(date)s — %(speaker)s: %(content)s")
                           % {"commune": office_label(opinion.origin), "date": l10n.format_date(opinion.held_on),
                              "speaker": opinion.speaker, "content": opinion.content[:600]}, self)
            shown.setWordWrap(True)
            form.addRow(_("Opinion:"), shown)
            for widget in (self.commune, self.deadline, self.has_deadline):  # a reply has no commune or deadline
                widget.hide()
        else:
            self.setWindowTitle(_("Directive to a commune"))
            for peer in communes or []:
                self.commune.addItem(f"{peer.name} ({peer.unit_code})", peer.unit_code)
            form.addRow(_("&Commune:"), self.commune)
            row = QHBoxLayout()
            row.addWidget(self.deadline)
            row.addWidget(self.has_deadline)
            row.addStretch(1)
            deadline_label = QLabel(_("&Deadline:"), self)
            deadline_label.setBuddy(self.deadline)
            form.addRow(deadline_label, row)
        self.content = QPlainTextEdit(self)
        self.content.setTabChangesFocus(True)  # Tab goes on to the buttons, as in every text box
        if text:  # what the directive is about, for the officer to go on from
            self.content.setPlainText(text)
            self.content.moveCursor(QTextCursor.MoveOperation.End)
        form.addRow(_("&Text:") if opinion is None else _("&Reply:"), self.content)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Save"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(_("It goes to the commune with the next bundle sent to it."), self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(640, 360)

    def save(self) -> None:
        text, today = self.content.toPlainText(), self.today
        if not text.strip():
            self.problem.setText(_("Write the text first."))
            return
        if self.opinion is not None:
            opinion_id = self.opinion.id
            op = lambda store: _written(add_reply(store, opinion_id=opinion_id, content=text,  # noqa: E731
                                                  issued_on=today))
        else:
            commune = self.commune.currentData()
            if not commune:
                self.problem.setText(_("Enrol a commune first."))
                return
            deadline = picked_date(self.deadline) if self.has_deadline.isChecked() else None
            op = lambda store: _written(add_directive(store, commune=commune, content=text,  # noqa: E731
                                                      deadline=deadline, issued_on=today))
        self.buttons.setEnabled(False)
        self.database.submit(op, self._saved, self._failed)

    def _saved(self, written: Written) -> None:
        self.on_saved(written.id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(user_message(error))
