"""The Personal data place ("Dữ liệu cá nhân"), for the roles that keep the register of citizens'
requests about their data (Law 91/2025): the register at the top (ui/personal/register.py); below
it, for the administrator and the leader, what the office holds about the person of the selected
request or of a name and phone typed — found by a job with a progress bar and Cancel —, the
citizen's sheet printed or saved as PDF or JSON, and the erasure of the person's data after a
confirmation that shows what goes and what stays (ui/personal/erase_dialog.py).

Everything is reachable from the keyboard: each field and button has its Alt letter, and Tab
follows the order of the screen.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import QcdcError, user_message
from ...core.person_requests import MAX_NAME, MAX_PHONE, PersonRequest, typed_person
from ...core.person_sheet import finding_lines
from ...core.roles import Operation
from ...core.settings import DOCUMENTS_FOLDER
from ...jobs.database import Database
from ...l10n import _
from ...work.person import PersonFound, erasure_lines, find_work, sheet_pdf, write_sheet
from .. import session
from ..printout.pdf_output import PdfOutput
from ..widgets.progress import run_with_progress
from ..widgets.settings import read, write
from .erase_dialog import EraseDialog, lines_html
from .register import RequestRegister


def findings_html(found: PersonFound) -> str:
    lines = finding_lines(found.sheet)
    return (f"<p><b>{html.escape(found.sheet.about)}</b></p><ul>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>")


class PersonalPlace(QWidget):
    """The register of requests, and finding, printing and erasing a person's data."""

    def __init__(self, database: Database, db_path: Path, settings: QSettings, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database, self.db_path, self.settings, self._today = database, Path(db_path), settings, today
        self.found: PersonFound | None = None
        self.pdf: bytes | None = None
        self._started = False
        intro = QLabel(_("Citizens may ask what the office holds about them, and ask for it to be corrected or "
                         "erased (Law 91/2025 on personal data protection). Write each request in the register, "
                         "find what is held about the person, give them the sheet, and record the answer."), self)
        intro.setWordWrap(True)
        intro.setObjectName("personal-intro")
        self.register = RequestRegister(database, self, today=today)
        self.register.current_changed.connect(self._request_chosen)
        self.status = QLabel(self)
        self.status.setObjectName("personal-status")
        self.status.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.register)
        splitter.addWidget(self._finder())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.output = PdfOutput(self, settings, self.status, lambda: self.pdf, self._failed)
        order = [self.register.table, self.register.sort_box, self.register.previous_button,
                 self.register.next_button, self.register.add_button, self.register.answer_button, self.name,
                 self.phone, self.find_button, self.results, self.print_button, self.pdf_button, self.json_button,
                 self.erase_button]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._enable()

    def _finder(self) -> QWidget:
        box = QWidget(self)
        self.name = QLineEdit(box)
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText(_("full name, at least two words"))
        self.phone = QLineEdit(box)
        self.phone.setMaxLength(MAX_PHONE)
        self.find_button = QPushButton(_("Fin&d data"), box)
        self.find_button.setToolTip(_("Everything the data file holds about this person (Enter)"))
        self.find_button.clicked.connect(self.find_data)
        for edit in (self.name, self.phone):
            edit.returnPressed.connect(self.find_data)
        self.results = QTextBrowser(box)
        self.results.setObjectName("personal-results")
        self.results.setAccessibleName(_("What was found"))
        results_label = QLabel(_("What was fo&und:"), box)
        results_label.setBuddy(self.results)
        self.print_button = QPushButton(_("P&rint the sheet…"), box)
        self.print_button.setToolTip(_("The sheet given to the person: what is held, why, who sees it, how long"))
        self.print_button.clicked.connect(lambda: self.output.print_with_dialog(self._file_stem(), "person_sheet"))
        self.pdf_button = QPushButton(_("&Save as PDF…"), box)
        self.pdf_button.clicked.connect(lambda: self.output.save_with_dialog(self._file_stem() + ".pdf"))
        self.json_button = QPushButton(_("Save as &JSON…"), box)
        self.json_button.setToolTip(_("The same as the sheet, as data the person can take to another program"))
        self.json_button.clicked.connect(self.save_json)
        self.erase_button = QPushButton(_("Erase da&ta…"), box)
        self.erase_button.setToolTip(_("Erase what this office holds about the person, after showing what stays"))
        self.erase_button.clicked.connect(self.erase)
        whom = QHBoxLayout()
        for text, edit in ((_("Full &name of the person:"), self.name), (_("&Phone:"), self.phone)):
            label = QLabel(text, box)
            label.setBuddy(edit)
            whom.addWidget(label)
            whom.addWidget(edit, 1)
        whom.addWidget(self.find_button)
        actions = QHBoxLayout()
        actions.addWidget(results_label)
        actions.addStretch(1)
        for button in (self.print_button, self.pdf_button, self.json_button, self.erase_button):
            actions.addWidget(button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(whom)
        layout.addLayout(actions)
        layout.addWidget(self.results, 1)
        if not session.may(Operation.FIND_PERSON):
            for widget in (self.name, self.phone, self.find_button, self.results, results_label, self.print_button,
                           self.pdf_button, self.json_button, self.erase_button, *box.findChildren(QLabel)):
                widget.hide()
            note = QLabel(_("Finding, printing and erasing a person's data is for the administrator and the leader: "
                            "write the request here and pass it on to them."), box)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.erase_button.setVisible(session.may(Operation.ERASE_PERSON))
        return box

    # ----- loading
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.register.refresh()

    def _request_chosen(self, request: PersonRequest | None) -> None:
        if request is not None and session.may(Operation.FIND_PERSON):
            self.name.setText(request.subject_name)
            self.phone.setText(request.subject_phone)

    # ----- finding
    def find_data(self) -> None:
        if not session.may(Operation.FIND_PERSON):
            return
        try:
            person = typed_person(self.name.text(), self.phone.text())
        except QcdcError as error:
            self.status.setText(error.message)
            self.name.setFocus()
            return
        self.found, self.pdf = None, None
        self.results.clear()
        self._enable()
        self.status.setText(_("Looking through the data file…"))
        run_with_progress(self, _("Finding everything held about %(person)s…") % {"person": self.name.text()},
                          partial(find_work, self.db_path, person, self._today()), on_done=self._found,
                          on_error=self._failed, on_cancel=lambda: self.status.setText(_("Cancelled.")))

    def _found(self, found: PersonFound) -> None:
        self.found = found
        self.results.setHtml(findings_html(found))
        self.status.setText(_("Found what is held about %(person)s; preparing the sheet…") % {"person": found.sheet.about})
        self._enable()
        run_with_progress(self, _("Preparing the sheet…"), lambda **_job: sheet_pdf(found), on_done=self._sheet_made,
                          on_error=self._failed)

    def _sheet_made(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.status.setText(_("The sheet of %(person)s is ready to print or save.")
                            % {"person": self.found.sheet.about if self.found else ""})
        self._enable()

    def _enable(self) -> None:
        self.print_button.setEnabled(self.pdf is not None)
        self.pdf_button.setEnabled(self.pdf is not None)
        self.json_button.setEnabled(self.found is not None)
        self.erase_button.setEnabled(self.found is not None and not self.found.sheet.empty)

    def _file_stem(self) -> str:
        who = "-".join((self.found.sheet.name or self.found.sheet.phone).split()) if self.found else ""
        return _("personal-data-%(who)s") % {"who": who}

    def save_json(self) -> None:
        if self.found is None:
            return
        folder = Path(read(self.settings, DOCUMENTS_FOLDER) or Path.home())
        path, _chosen = QFileDialog.getSaveFileName(self, _("Save as JSON"), str(folder / (self._file_stem() + ".json")),
                                                    _("JSON files (*.json)"))
        if path:
            self.save_json_to(Path(path if path.lower().endswith(".json") else path + ".json"))

    def save_json_to(self, path: Path) -> None:
        found = self.found
        if found is None:
            return
        write(self.settings, DOCUMENTS_FOLDER, str(path.parent))
        run_with_progress(self, _("Saving…"), lambda **_job: write_sheet(found, path),
                          on_done=lambda saved: self.status.setText(_("Saved %(path)s.") % {"path": saved}),
                          on_error=self._failed)

    # ----- erasing
    def erase(self) -> None:
        found = self.found
        if found is None or not session.may(Operation.ERASE_PERSON):
            return
        request = self.register.current()
        if request is not None and (request.answered_on is not None
                                    or request.person.words != found.findings.person.words):
            request = None  # the erasure answers the selected request only when it is about this person
        dialog = EraseDialog(self.database, found, self, request=request, today=self._today)
        if dialog.exec() and dialog.report is not None:
            done, stays = erasure_lines(dialog.report)
            self.results.setHtml(lines_html(_("Erased:"), done) + lines_html(_("Stays:"), stays))
            self.found, self.pdf = None, None
            self.status.setText(_("The data of %(person)s was erased.") % {"person": found.sheet.about})
            self._enable()
            if request is not None:
                self.register.answer_request(_("The person's data was erased on %(date)s.")
                                             % {"date": self._today().strftime("%d/%m/%Y")})
        dialog.deleteLater()

    def _failed(self, error: Exception) -> None:
        self.status.setText(user_message(error))
