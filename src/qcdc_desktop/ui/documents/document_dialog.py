"""The documents of one meeting: the conclusion notice, the minutes and the invitation, previewed
inside the application, issued with a number from the register, printed and saved as PDF, or
saved as a Word file for an office that adjusts the wording before the chairman signs.

Before issuing, the preview is a draft with the number left blank and follows the choices as they
are made (date, signature, signer, recipients).  Issuing takes the number and fixes those choices;
afterwards the document prints again exactly as issued.  When the meeting changed after its
document was issued, the issued paper is never silently changed: the dialog says so and offers a
corrected document under a new number.

The public versions are offered beside them: the notice as posted on the notice board (citizens
by their initials and hamlet, no phone numbers) and the results sheet of the meeting.  Once one is
printed or saved, the publication is recorded in one step: it joins the meeting's publications
through the normal save, so the history and the follow-up see it.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .. import session
from ...core.roles import Operation
from ...core.errors import user_message
from ...core.notice import COUNTS, MINUTES, NOTICE, SUMMARY, DocumentChoices
from ...core.wording import short_date
from ...jobs.database import Database
from ...l10n import _
from ...printing.batch import file_name
from ...db.connection import Store
from ...db.edit import Saved
from ...printing.desk import DocumentState, RenderedDocument, document_state, issue_document, preview_document
from ...printing.desk import word_document
from ...printing.results_desk import preview_results, results_state
from ..printout.pdf_output import PdfOutput
from ..printout.pdf_preview import PdfPreview
from ..printout.print_job import PrintRun
from ..widgets.fields import picked_date
from .document_buttons import action_buttons, summary_box
from .kinds import PUBLIC_NOTICE, RESULTS, document_names, public_names
from .publication_dialog import ask_and_record, recorded_line
from .word_save import ask_word_path, save_word
from ..widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 400

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
                                lambda: self.rendered.pdf if self.rendered else None, self._failed,
                                on_output=self._put_out)
        self.put_out = False  # a public version was printed or saved: its publication may be recorded
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._authority_shown = ""
        self.authority.currentIndexChanged.connect(self._authority_changed)
        for signal in (self.date.dateChanged, self.authority.currentIndexChanged, self.signer.currentTextChanged,
                       self.recipients.textChanged, self.summary.toggled):
            signal.connect(self._choice_changed)
        fit_to_screen(self, 1200, 700)
        self.load_state()

    # ----- building
    def _build(self, doc_type: str) -> None:
        self.kind = QComboBox(self)
        for code, name in {**document_names(), **public_names()}.items():
            self.kind.addItem(name, code)
        self.kind.setCurrentIndex(max(self.kind.findData(doc_type), 0))
        self.kind.currentIndexChanged.connect(self._kind_changed)
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
        self.recipients.setTabChangesFocus(True)  # Tab goes on to the buttons; Enter starts the next line
        self.recipients.setToolTip(_("One recipient a line; the last line is the office's own copy (Lưu: VT, …)."))
        form = QFormLayout()
        form.addRow(_("&Document:"), self.kind)
        form.addRow(self.heading)
        form.addRow(self.status)
        form.addRow(_("Da&te of issue:"), self.date)
        form.addRow(_("Si&gnature:"), self.authority)
        form.addRow(_("Signed &by:"), self.signer)
        form.addRow(_("&Recipients:"), self.recipients)
        self.summary = summary_box(self)
        form.addRow(self.summary)
        (self.issue_button, self.print_button, self.save_button, self.word_button, self.record_button,
         buttons) = action_buttons(self)
        for button, act in ((self.issue_button, self.issue), (self.print_button, self.print_document),
                            (self.save_button, self.save_document), (self.word_button, self.save_word),
                            (self.record_button, self.record_publication)):
            button.clicked.connect(act)
        self.issue_button.setVisible(session.may(Operation.ISSUE_DOCUMENTS))
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.addLayout(form, 1)
        column.addWidget(buttons)
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
    def choice(self) -> str:
        """What the Document list shows: a kind of the register, the public notice or the results."""
        return str(self.kind.currentData())

    @property
    def doc_type(self) -> str:
        """The kind of the register the choice prints (the public versions go with the notice)."""
        return NOTICE if self.choice in (PUBLIC_NOTICE, RESULTS) else self.choice

    @property
    def public(self) -> bool:
        return self.choice in (PUBLIC_NOTICE, RESULTS)

    @property
    def issued(self) -> bool:
        """A standing document that prints as issued (the meeting has not changed since)."""
        return bool(self.state and self.state.standing and not self.state.stale)

    def _kind_changed(self, _index: int) -> None:
        self.rendered, self.put_out = None, False  # what was shown, printed or saved was another document
        self.load_state()

    def load_state(self) -> None:
        doc_type, meeting_id, choice = self.doc_type, self.meeting_id, self.choice
        self._set_enabled(False)
        # The answer says which choice it is for; callbacks are the dialog's own methods, dropped
        # when the dialog is closed before the answer comes.
        if choice == RESULTS:
            def op(store: Store) -> tuple[str, DocumentState]:
                return choice, results_state(store, meeting_id=meeting_id)
        else:
            def op(store: Store) -> tuple[str, DocumentState]:
                return choice, document_state(store, meeting_id=meeting_id, doc_type=doc_type)
        self.database.submit(op, self._show_state, self._failed)

    def _show_state(self, answer: tuple[str, DocumentState]) -> None:
        choice, state = answer
        if choice != self.choice:
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
            self._authority_shown = str(self.authority.currentData() or "")
            self.signer.clear()
            names = dict.fromkeys([entry.signer, *(o.name for o in state.officials)])
            self.signer.addItems([name for name in names if name])
            self.signer.setCurrentText(entry.signer)
            self.recipients.setPlainText("\n".join(entry.recipients))
            self.summary.setChecked(entry.opinions == SUMMARY)
            self.summary.setVisible(self.choice != RESULTS and self.doc_type == NOTICE)
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
        if self.choice == RESULTS:
            text = _("The results sheet takes no number: it is posted beside the notice. Citizens are named by their "
                     "initials and hamlet, without phone numbers; the results are counted on the date of the sheet.")
        elif standing is None and self.doc_type == MINUTES and not state.draft.secretary:
            text = _("The minutes cannot be numbered yet: the meeting does not say who kept them. Type the name of "
                     "the secretary in the meeting, then issue their number.")
        elif standing is None:
            text = _("Not issued yet: the preview is a draft with the number left blank.")
        elif state.stale:
            text = _("The meeting was changed after %(symbol)s of %(date)s was issued. The issued document is not "
                     "changed: issue a corrected one under a new number; the old number stays cancelled.") % {
                "symbol": standing.symbol, "date": short_date(standing.issued_on)}
        else:
            text = _("Issued as %(symbol)s on %(date)s, signed by %(signer)s. It prints again exactly as issued.") % {
                "symbol": standing.symbol, "date": short_date(standing.issued_on), "signer": standing.signer or "—"}
        if self.choice == PUBLIC_NOTICE:
            text = _("Public version: citizens are named by their initials and hamlet, without phone numbers. "
                     "%(status)s") % {"status": text}
        self.status.setText(text)
        unsigned = standing is None and self.doc_type == MINUTES and not state.draft.secretary
        self.status.setStyleSheet("color: #b71c1c;" if state.stale or unsigned else "")
        self.issue_button.setText(_("Issue a &corrected document") if state.stale else _("&Issue a number"))
        # Offered only to a role that may issue (and, in place of an issued one, correct) a document.
        self.issue_button.setVisible(session.may(Operation.ISSUE_DOCUMENTS) and not self.public and (
            not state.stale or session.may(Operation.CORRECT_DOCUMENTS)))
        self.record_button.setVisible(self.public and session.may(Operation.RECORD_MEETINGS))
        self.word_button.setVisible(self.choice != RESULTS)  # the results sheet is printed as it is
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        choices = enabled and not self.issued
        for widget in (self.date, self.authority, self.signer, self.recipients, self.summary):
            widget.setEnabled(choices)
        self.issue_button.setEnabled(choices)
        ready = enabled and self.rendered is not None
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.word_button.setEnabled(ready and self.choice != RESULTS)
        self.record_button.setEnabled(enabled and self.put_out and self.public)

    def choices(self) -> DocumentChoices:
        return {"signer": self.signer.currentText().strip(), "authority": self.authority.currentData(),
                "recipients": [line for line in self.recipients.toPlainText().splitlines() if line.strip()],
                "opinions": SUMMARY if self.summary.isChecked() else COUNTS}

    def issue_date(self) -> dt.date:
        return picked_date(self.date)

    def _authority_changed(self, _index: int) -> None:
        """Another capacity: its usual signer, unless the clerk typed a name of their own."""
        before, now = self._authority_shown, str(self.authority.currentData() or "")
        self._authority_shown = now
        typed = self.signer.currentText().strip()
        if not self._loading and self.state and (not typed or typed == self.state.signers.get(before, "")):
            self.signer.setCurrentText(self.state.signers.get(now, ""))

    # ----- preview
    def _choice_changed(self, *_args: object) -> None:
        if not self._loading:
            self._timer.start()

    def refresh_preview(self) -> None:
        self._timer.stop()
        meeting_id, doc_type, day, choices = self.meeting_id, self.doc_type, self.issue_date(), self.choices()
        choice, public = self.choice, self.public
        if choice == RESULTS:
            def op(store: Store) -> tuple[str, RenderedDocument]:
                return choice, preview_results(store, meeting_id=meeting_id, issued_on=day, **choices)
        else:
            def op(store: Store) -> tuple[str, RenderedDocument]:
                return choice, preview_document(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=day,
                                                public=public, **choices)
        self.database.submit(op, self._show_rendered, self._failed)

    def _show_rendered(self, answer: tuple[str, RenderedDocument]) -> None:
        choice, rendered = answer
        if choice != self.choice:
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
        name = file_name(entry.symbol if entry and entry.number and self.choice != RESULTS else None,
                         self.meeting_id)
        if self.choice == RESULTS:
            return "ket-qua-" + name
        return name.removesuffix(".pdf") + "-cong-khai.pdf" if self.public else name

    def save_document(self) -> None:
        self.output.save_with_dialog(self._file_name())

    def save_to(self, path: Path) -> None:
        self.output.save_to(path)

    def save_word(self) -> None:
        """Ask where, then save the document the preview shows as a Word file."""
        path = ask_word_path(self, self.settings, self._file_name()) if self.word_button.isEnabled() else None
        if path is not None:
            self.save_word_to(path)

    def save_word_to(self, path: Path) -> None:
        """The document as previewed (the issued one with its number, or the draft) as a Word file."""
        if self.rendered is None or self.choice == RESULTS:
            return
        meeting_id, doc_type, day, choices, public = (self.meeting_id, self.doc_type, self.issue_date(),
                                                      self.choices(), self.public)
        self.word_button.setEnabled(False)
        save_word(self, self.settings, self.database, path,
                  lambda store: word_document(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=day,
                                              public=public, **choices),
                  self._word_saved, self._failed)

    def _word_saved(self, path: Path) -> None:
        self._set_enabled(True)
        self.output_status.setText(_("Saved %(path)s.") % {"path": path})
        self._put_out()

    # ----- recording the publication of a public version
    def _put_out(self) -> None:
        if self.public:
            self.put_out = True
            self.record_button.setEnabled(True)

    def record_publication(self) -> None:
        if not (self.public and self.put_out and self.record_button.isVisible()):
            return
        heading = _("%(document)s of the meeting “%(title)s”.") % {
            "document": public_names()[self.choice], "title": self.state.title if self.state else ""}
        if ask_and_record(self, self.database, self.meeting_id, heading, self._recorded, self._failed):
            self.record_button.setEnabled(False)

    def _recorded(self, saved: Saved) -> None:
        self.put_out = False  # recorded once; printing or saving again offers it again
        self.output_status.setText(recorded_line(saved))

    def _failed(self, error: Exception) -> None:
        self._set_enabled(True)
        message = user_message(error)
        QMessageBox.warning(self, _("Documents of the meeting"), message)
