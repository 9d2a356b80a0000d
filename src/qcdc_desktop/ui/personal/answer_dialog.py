"""Recording the answer of a request of the register: the day it was answered and what was
answered or done; the account signed in is recorded as the one who answered.  An answer is
recorded once (db/person_requests.py); the write is one operation on the database worker."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ... import l10n
from ...core.errors import ValidationError, user_message
from ...core.person_requests import PersonRequest, kind_label
from ...db.person_requests import RequestSaved, answer_request
from ...jobs.database import Database
from ...l10n import _
from ..widgets.buttons import save_cancel
from .. import session
from ..widgets.fields import DateField, ErrorLabel
from ..widgets.screen_fit import fit_to_screen


class AnswerDialog(QDialog):
    """The answer of ``request``; :attr:`saved` is the request once answered."""

    def __init__(self, database: Database, request: PersonRequest, parent: QWidget | None = None, *,
                 outcome: str = "", today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database, self.request, self._today = database, request, today
        self.saved: PersonRequest | None = None
        self.setWindowTitle(_("Record the answer of a request"))
        about = QLabel(_("<b>%(kind)s</b> — about %(about)s, received on %(date)s from %(who)s.") % {
            "kind": html.escape(kind_label(request.kind)), "about": html.escape(request.about),
            "date": l10n.format_date(request.received_on), "who": html.escape(request.requester)}, self)
        about.setWordWrap(True)
        self.answered_on = DateField(self)
        self.answered_on.set_date(today())
        self.outcome = QPlainTextEdit(self)
        self.outcome.setTabChangesFocus(True)
        self.outcome.setPlainText(outcome)
        self.outcome.setPlaceholderText(_("what was answered or done, e.g. the sheet was given to the person"))
        by = QLabel(session.name(), self)
        self.errors = ErrorLabel(self)
        form = QFormLayout()
        form.addRow(_("Answered &on:"), self.answered_on)
        form.addRow(_("&Answer:"), self.outcome)
        form.addRow(_("Recorded by:"), by)
        self.buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 560, 320)
        self.outcome.setFocus()

    def save(self) -> None:
        if not self.answered_on.is_valid():
            self.errors.show_message(_("“%(text)s” is not a date; write it as dd/mm/yyyy.")
                                     % {"text": self.answered_on.text()})
            self.answered_on.setFocus()
            return
        self.errors.show_message("")
        self.buttons.setEnabled(False)
        self.database.submit(partial(answer_request, request_id=self.request.id, answered_on=self.answered_on.date(),
                                     outcome=self.outcome.toPlainText(), today=self._today()),
                             self._saved, self._refused)

    def _saved(self, saved: RequestSaved) -> None:
        self.saved = saved.request
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            labels = {"answered_on": _("Answered on"), "outcome": _("Answer")}
            self.errors.show_message("\n".join(f"{labels.get(str(p.path[0]), '')}: {p.message}"
                                               for p in error.problems))
            (self.answered_on if error.problems[0].path == ("answered_on",) else self.outcome).setFocus()
        else:
            self.errors.show_message(user_message(error))
