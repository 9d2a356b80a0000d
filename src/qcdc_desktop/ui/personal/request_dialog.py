"""Adding a request to the register of citizens' requests about their data: when it came, who
brought it (the person themselves, or their representative), whom it is about (a full name, a
phone number, or both), what is asked and its details.  Checked by the same rules as every write
(core/person_requests.py); each problem is said next to its field and nothing is written until
all are right.  The write is one operation on the database worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import ValidationError, user_message
from ...core.person_requests import KINDS, MAX_NAME, MAX_PHONE, PersonRequest, kind_label
from ...db.person_requests import RequestSaved, add_request
from ...jobs.database import Database
from ...l10n import _
from ..widgets.buttons import save_cancel
from ..widgets.fields import DateField, ErrorLabel, type_ahead_on
from ..widgets.screen_fit import fit_to_screen


class RequestDialog(QDialog):
    """A new request of the register; :attr:`saved` is the request once written."""

    def __init__(self, database: Database, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database = database
        self._today = today
        self.saved: PersonRequest | None = None
        self.setWindowTitle(_("Add a request about personal data"))
        intro = QLabel(_("Write down a citizen's request about their personal data as it was received. It is "
                         "answered later with “Record the answer”."), self)
        intro.setWordWrap(True)
        self.received_on = DateField(self)
        self.received_on.set_date(today())
        self.by_self = QRadioButton(_("The person &themselves"), self)
        self.by_other = QRadioButton(_("A &representative:"), self)
        self.by_self.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_self)
        group.addButton(self.by_other)
        self.requester = QLineEdit(self)
        self.requester.setMaxLength(MAX_NAME)
        self.requester.setPlaceholderText(_("name, and on what authority (e.g. son, power of attorney)"))
        self.requester.setAccessibleName(_("The representative"))
        self.by_self.toggled.connect(lambda on: self.requester.setEnabled(not on))
        self.requester.setEnabled(False)
        who = QHBoxLayout()
        who.addWidget(self.by_self)
        who.addWidget(self.by_other)
        who.addWidget(self.requester, 1)
        self.name = QLineEdit(self)
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText(_("full name, at least two words"))
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(MAX_PHONE)
        self.kind = type_ahead_on(QComboBox(self))
        for code in KINDS:
            self.kind.addItem(kind_label(code), code)
        self.details = QPlainTextEdit(self)
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(100)
        self.errors = ErrorLabel(self)
        form = QFormLayout()
        for text, widget in ((_("Received &on:"), self.received_on), (_("Brought by:"), who),
                             (_("About: full &name:"), self.name), (_("About: &phone:"), self.phone),
                             (_("&What is asked:"), self.kind), (_("&Details:"), self.details)):
            form.addRow(text, widget)
        self.buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 620, 420)
        self.name.setFocus()

    def requester_text(self) -> str:
        """Who brought the request: the representative typed, or the person's own name (their
        phone when only a phone is known)."""
        if self.by_other.isChecked():
            return self.requester.text()
        return self.name.text().strip() or self.phone.text()

    def save(self) -> None:
        if not self.received_on.is_valid():
            self.errors.show_message(_("“%(text)s” is not a date; write it as dd/mm/yyyy.")
                                     % {"text": self.received_on.text()})
            self.received_on.setFocus()
            return
        add = partial(add_request, received_on=self.received_on.date(), requester=self.requester_text(),
                      subject_name=self.name.text(), subject_phone=self.phone.text(),
                      kind=str(self.kind.currentData()), details=self.details.toPlainText(), today=self._today())
        self.errors.show_message("")
        self.buttons.setEnabled(False)
        self.database.submit(add, self._saved, self._refused)

    def _saved(self, saved: RequestSaved) -> None:
        self.saved = saved.request
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, ValidationError):
            self.errors.show_message(user_message(error))
            return
        labels = {"received_on": _("Received on"), "requester": _("The representative"),
                  "subject_name": _("Full name"), "subject_phone": _("Phone"), "kind": _("What is asked"),
                  "details": _("Details")}
        fields = {"received_on": self.received_on, "requester": self.requester if self.by_other.isChecked()
                  else self.name, "subject_name": self.name, "subject_phone": self.phone, "kind": self.kind,
                  "details": self.details}
        self.errors.show_message("\n".join(f"{labels.get(str(p.path[0]), '')}: {p.message}" for p in error.problems))
        first = fields.get(str(error.problems[0].path[0]))
        if first is not None:
            first.setFocus()
