"""Erasing a person's data, for the administrator and the leader: the dialog shows what will be
erased and what stays (documents already issued, other offices' records, the backups that still
hold the old values), asks why (the person's request, a decision of the office, the retention
period) and the reason, which stays in the history and so must not name the person, then runs
the erasure (db/personal_erase.py) as a job on the window's database worker, with a progress bar
and Cancel.  A refusal of the engine (a reason that names the person) is said in the dialog,
which stays open; once done, :attr:`report` says what was erased and what stays."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.errors import user_message
from ...core.person_requests import PersonRequest
from ...core.personal import Person
from ...db.connection import Store
from ...db.personal_erase import CAUSES, ErasureRefused, ErasureReport, erase_person
from ...jobs.database import Database
from ...l10n import N_, _
from ...work.person import PersonFound, erasure_preview
from ..widgets.fields import ErrorLabel, type_ahead_on
from ..widgets.progress import run_with_progress
from ..widgets.screen_fit import fit_to_screen

CAUSE_LABELS = {"request": N_("The person's request"), "decision": N_("A decision of the office"),
                "retention": N_("The retention period has passed")}
#: What an erasure may change: the views of these records read them again once it is done.
ERASED_KINDS = ("meetings", "opinions", "tasks", "publications", "messages", "person_requests")


@dataclass(frozen=True)
class ErasureDone:
    """An erasure's report, and the records it changed for the views (Database.changed)."""

    report: ErasureReport
    changes: Changes


def erase_operation(person: Person, *, cause: str, reason: str, today: dt.date, request_id: str | None,
                    progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Callable[[Store], ErasureDone]:
    """The erasure as an operation of the database worker, reporting to a job's bar."""
    def erase(store: Store) -> ErasureDone:
        report = erase_person(store, person, cause=cause, reason=reason, today=today,
                              request_id=request_id, progress=progress, cancelled=cancelled)
        return ErasureDone(report, Changes(updated={kind: list(report.records) for kind in ERASED_KINDS}))

    return erase


def lines_html(heading: str, lines: list[str]) -> str:
    return f"<p><b>{html.escape(heading)}</b></p><ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in lines) + "</ul>"


class EraseDialog(QDialog):
    """Confirm and run the erasure of the person of ``found``."""

    def __init__(self, database: Database, found: PersonFound, parent: QWidget | None = None, *,
                 request: PersonRequest | None = None, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database, self.found, self.request, self._today = database, found, request, today
        self.report: ErasureReport | None = None
        self.setWindowTitle(_("Erase a person's data"))
        person = found.findings.person
        about = QLabel(_("Erase what this office holds about <b>%(person)s</b>. This cannot be undone.")
                       % {"person": html.escape(found.sheet.about)}, self)
        about.setWordWrap(True)
        erased, stays = erasure_preview(found, today())
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("erase-preview")
        self.preview.setHtml(lines_html(_("Will be erased:"), erased) + lines_html(_("Stays:"), stays))
        preview_label = QLabel(_("What c&hanges:"), self)
        preview_label.setBuddy(self.preview)
        self.cause = type_ahead_on(QComboBox(self))
        for code in CAUSES:
            self.cause.addItem(_(CAUSE_LABELS[code]), code)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(_("e.g. Request received on 01/12/2026 — without the person's name"))
        self.reason.setToolTip(_("The reason stays in the history, which is never erased: do not write the "
                                 "person's name or phone number."))
        if request is not None:
            self.reason.setText(_("Request of the register received on %(date)s")
                                % {"date": request.received_on.strftime("%d/%m/%Y")})
        else:
            self.cause.setCurrentIndex(self.cause.findData("decision"))
        self.errors = ErrorLabel(self)
        form = QFormLayout()
        form.addRow(_("&Why:"), self.cause)
        form.addRow(_("&Reason:"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.erase_button = QPushButton(_("&Erase the data"), self)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.setAutoDefault(False)  # Enter in the reason never erases by itself
        self.erase_button.clicked.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview, 1)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        self.person = person
        fit_to_screen(self, 680, 520)
        self.reason.setFocus()

    def erase(self) -> None:
        """Run the erasure; the dialog closes when it is done, or says why it was refused."""
        self.errors.show_message("")
        self.erase_button.setEnabled(False)
        cause, reason, today = str(self.cause.currentData()), self.reason.text(), self._today()
        request_id = self.request.id if self.request is not None else None

        def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ErasureDone:
            done: ErasureDone = self.database.call(erase_operation(
                self.person, cause=cause, reason=reason, today=today, request_id=request_id, progress=progress,
                cancelled=cancelled))
            return done

        run_with_progress(self, _("Erasing…"), work, on_done=self._done, on_error=self._refused,
                          on_cancel=self._cancelled)

    def _done(self, done: ErasureDone) -> None:
        self.report = done.report
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.erase_button.setEnabled(True)
        self.errors.show_message(user_message(error))
        if isinstance(error, ErasureRefused):
            self.reason.setFocus()

    def _cancelled(self) -> None:
        self.erase_button.setEnabled(True)
        self.errors.show_message(_("Cancelled: nothing was erased."))
