"""The documents of one meeting: the conclusion notice, the minutes and the invitation, previewed
inside the application, issued with a number from the register, printed and saved as PDF.

Before issuing, the preview is a draft with the number left blank and follows the choices as they
are made (date, signature, signer, recipients).  Issuing takes the number and fixes those choices;
afterwards the document prints again exactly as issued.  When the meeting changed after its
document was issued, the issued paper is never silently changed: the dialog says so and offers a
corrected document under a new number.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .. import session
from ...core.roles import Operation
from ...core.errors import user_message
from ...core.notice import INVITATION, MINUTES, NOTICE, DocumentChoices
from ...core.wording import short_date
from ...jobs.database import Database
from ...l10n import _
from ...printing.batch import file_name
from ...printing.desk import DocumentState, RenderedDocument, document_state, issue_document, preview_document
from ..printout.pdf_output import PdfOutput
from ..printout.pdf_preview import PdfPreview
from ..printout.print_job import PrintRun
from ..widgets.fields import picked_date

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 400


def document_names() -> dict[str, str]:
    return {NOTICE: _("Conclusion notice"), MINUTES: _("Minutes"), INVITATION: _("Invitation")}


class DocumentDialog(QDialog):
    """Preview, issue, print and save the documents of the meeting ``meeting_id``."""

    def __init__(self, database: Database, meeting_id: str, *, doc_type: str = NOTICE,
                 settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.meeting_id = meeting_id
        self.settings = settings or QSettings()
        self.state: DocumentState | None = None
        self.rendered: RenderedDocument | None = None
        self._loading = False
        self.setWindowTitle(_("Documents of the meeting"))
        self._build(doc_type)
        self.output = PdfOutput(self, self.settings, self.output_status,
                                lambda: self.rendered.pdf if self.rendered else None, self._failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        for signal in (self.date.dateChanged, self.authority.currentIndexChanged, self.signer.currentTextChanged,
                       self.recipients.textChanged):
            signal.connect(self._choice_changed)
        self.resize(1200, 700)
        self.load_state()

    # ----- building
    def _build(self, doc_type: str) -> None:
        self.kind = QComboBox(self)
        for code, name in document_names().items():
            self.kind.addItem(name, code)
        self.kind.setCurrentIndex(max(self.kind.findData(doc_type), 0))
        self.kind.currentIndexChanged.connect(lambda _i: self.load_state())
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.output_status = QLabel(self)  # printing and saving: said here, the line above stays
        self.output_status.setWordWrap(True)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.authority = QComboBox(self)
        self.signer = QComboBox(self)
        self.signer.setEditable(True)
        self.recipients = QPlainTextEdit(self)
        self.recipients.setToolTip(_("One recipient a line; the last line is the office's own copy (Lưu: VT, …)."))
        form = QFormLayout()
        form.addRow(_("&Document:"), self.kind)
        form.addRow(self.heading)
        form.addRow(self.status)
        form.addRow(_("&Date of issue:"), self.date)
        form.addRow(_("Si&gnature:"), self.authority)
        form.addRow(_("Signed &by:"), self.signer)
        form.addRow(_("&Recipients:"), self.recipients)
        self.issue_button = QPushButton(_("&Issue a number"), self)
        self.issue_button.clicked.connect(self.issue)
        self.issue_button.setVisible(session.may(Operation.ISSUE_DOCUMENTS))
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip(_("Print on a printer (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(_("&Save as PDF…"), self)
        self.save_button.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_button.setToolTip(_("Save the document as a PDF file (Ctrl+Shift+S)"))
        self.save_button.clicked.connect(self.save_document)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.issue_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.addLayout(form, 1)
        column.addLayout(buttons)
        column.addWidget(self.output_status)
        self.preview = PdfPreview(self)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 770])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ----- state
    @property
    def doc_type(self) -> str:
        return str(self.kind.currentData())

    @property
    def issued(self) -> bool:
        """A standing document that prints as issued (the meeting has not changed since)."""
        return bool(self.state and self.state.standing and not self.state.stale)

    def load_state(self) -> None:
        doc_type, meeting_id = self.doc_type, self.meeting_id
        self._set_enabled(False)
        self.database.submit(lambda store: document_state(store, meeting_id=meeting_id, doc_type=doc_type),
                             self._show_state, self._failed)

    def _show_state(self, state: DocumentState) -> None:
        if state.doc_type != self.doc_type:
            return  # the kind changed again meanwhile
        self.state = state
        self._loading = True
        try:
            entry = state.standing if state.standing and not state.stale else state.draft
            day = dt.date.today() if state.stale else entry.issued_on
            self.date.setDate(QDate(day.year, day.month, day.day))
            self.authority.clear()
            for code, label in state.authorities:
                self.authority.addItem(label, code)
            self.authority.setCurrentIndex(max(self.authority.findData(entry.authority), 0))
            self.signer.clear()
            names = dict.fromkeys([entry.signer, *(o.name for o in state.officials)])
            self.signer.addItems([name for name in names if name])
            self.signer.setCurrentText(entry.signer)
            self.recipients.setPlainText("\n".join(entry.recipients))
        finally:
            self._loading = False
        self.heading.setText(f"<b>{state.title}</b>")
        self._show_status()
        self.refresh_preview()

    def _show_status(self) -> None:
        state = self.state
        if state is None:
            return
        standing = state.standing
        if standing is None:
            text = _("Not issued yet: the preview is a draft with the number left blank.")
        elif state.stale:
            text = _("The meeting was changed after %(symbol)s of %(date)s was issued. The issued document is not "
                     "changed: issue a corrected one under a new number; the old number stays cancelled.") % {
                "symbol": standing.symbol, "date": short_date(standing.issued_on)}
        else:
            text = _("Issued as %(symbol)s on %(date)s, signed by %(signer)s. It prints again exactly as issued.") % {
                "symbol": standing.symbol, "date": short_date(standing.issued_on), "signer": standing.signer or "—"}
        self.status.setText(text)
        self.status.setStyleSheet("color: #b71c1c;" if state.stale else "")
        self.issue_button.setText(_("Issue a &corrected document") if state.stale else _("&Issue a number"))
        # Offered only to a role that may issue (and, in place of an issued one, correct) a document.
        self.issue_button.setVisible(session.may(Operation.ISSUE_DOCUMENTS) and (
            not state.stale or session.may(Operation.CORRECT_DOCUMENTS)))
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        choices = enabled and not self.issued
        for widget in (self.date, self.authority, self.signer, self.recipients):
            widget.setEnabled(choices)
        self.issue_button.setEnabled(choices)
        ready = enabled and self.rendered is not None
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def choices(self) -> DocumentChoices:
        return {"signer": self.signer.currentText().strip(), "authority": self.authority.currentData(),
                "recipients": [line for line in self.recipients.toPlainText().splitlines() if line.strip()]}

    def issue_date(self) -> dt.date:
        return picked_date(self.date)

    # ----- preview
    def _choice_changed(self, *_args: object) -> None:
        if not self._loading:
            self._timer.start()

    def refresh_preview(self) -> None:
        self._timer.stop()
        meeting_id, doc_type, day, choices = self.meeting_id, self.doc_type, self.issue_date(), self.choices()
        self.database.submit(lambda store: preview_document(store, meeting_id=meeting_id, doc_type=doc_type,
                                                            issued_on=day, **choices),
                             self._show_rendered, self._failed)

    def _show_rendered(self, rendered: RenderedDocument) -> None:
        if rendered.entry.doc_type != self.doc_type:
            return  # the kind changed meanwhile
        self.rendered = rendered
        self.preview.set_pdf(rendered.pdf)
        self._set_enabled(True)

    # ----- issuing
    def issue(self) -> None:
        state = self.state
        if state is None or self.issue_button.isHidden():
            return
        names = document_names()
        question = (_("Issue a corrected %(kind)s dated %(date)s under the next number of the register? The number "
                      "of %(symbol)s stays cancelled.") % {"kind": names[self.doc_type].lower(),
                                                           "date": short_date(self.issue_date()),
                                                           "symbol": state.standing.symbol}
                    if state.stale and state.standing else
                    _("Take the next number of the register for this %(kind)s, dated %(date)s? A number once "
                      "taken is never given again.") % {"kind": names[self.doc_type].lower(),
                                                        "date": short_date(self.issue_date())})
        answer = QMessageBox.question(self, _("Issue a number"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        meeting_id, doc_type, day, choices, correct = (self.meeting_id, self.doc_type, self.issue_date(),
                                                       self.choices(), state.stale)
        self._set_enabled(False)
        self.database.submit(lambda store: issue_document(store, meeting_id=meeting_id, doc_type=doc_type,
                                                          issued_on=day, correct=correct, **choices),
                             self._issued, self._failed)

    def _issued(self, rendered: RenderedDocument) -> None:
        self.rendered = rendered
        self.preview.set_pdf(rendered.pdf)
        self.load_state()

    # ----- printing and saving (the bytes the preview shows)
    def print_document(self) -> None:
        self.output.print_with_dialog(self._file_name().removesuffix(".pdf"), self.doc_type)

    def send_to_printer(self, printer: QPrinter) -> PrintRun | None:
        return self.output.send_to_printer(printer)

    def _file_name(self) -> str:
        entry = self.rendered.entry if self.rendered else None
        return file_name(entry.symbol if entry and entry.number else None, self.meeting_id)

    def save_document(self) -> None:
        self.output.save_with_dialog(self._file_name())

    def save_to(self, path: Path) -> None:
        self.output.save_to(path)

    def _failed(self, error: Exception) -> None:
        self._set_enabled(True)
        message = user_message(error)
        QMessageBox.warning(self, _("Documents of the meeting"), message)
