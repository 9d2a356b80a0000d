"""The recovery code, shown once when a data file gets its first administrator: in large type,
with its sheet to print or save as PDF (printing/recovery.py), and a tick that it was printed or
written down before the person may go on — the code cannot be shown again."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QFontDatabase, QKeyEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ...core.errors import user_message
from ...core.filekey import format_recovery_code, normalize_recovery_code
from ...core.model import Unit
from ...l10n import _
from ...work.office import recovery_sheet_pdf
from ..printout.pdf_output import PdfOutput
from ..widgets.progress import run_with_progress

KIND = "recovery"  # the printer and options remembered for this kind of document


class RecoveryCodeDialog(QDialog):
    """Accepted only once :attr:`confirm` is ticked; Escape and the close button do nothing before."""

    def __init__(self, code: str, *, unit: Unit, file_name: str, made_by: str, settings: QSettings,
                 parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Recovery code of the data file"))
        self.pdf: bytes | None = None
        self.code = format_recovery_code(normalize_recovery_code(code))
        self.unit = unit
        layout = QVBoxLayout(self)
        intro = QLabel(_("If every administrator forgets their password, this code opens the data file and makes a "
                         "new administrator. It is shown only now and cannot be shown again: print the sheet (or "
                         "write the code down), sign and stamp it, and keep it sealed in the office safe."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code_label = QLabel(self.code, self)
        self.code_label.setObjectName("recovery_code")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 2.2)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAccessibleName(_("Recovery code"))
        self.code_label.setAccessibleDescription(" ".join(self.code))  # read out one character at a time
        self.code_label.setStyleSheet("padding: 14px; border: 2px solid #444;")
        layout.addWidget(self.code_label)
        self.status = QLabel(_("Preparing the sheet…"), self)
        self.status.setWordWrap(True)
        self.output = PdfOutput(self, settings, self.status, lambda: self.pdf, self._failed)
        row = QHBoxLayout()
        self.print_button = QPushButton(_("&Print the sheet…"), self)
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button = QPushButton(_("&Save the sheet as PDF…"), self)
        self.save_button.clicked.connect(self.save_sheet)
        for button in (self.print_button, self.save_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.confirm = QCheckBox(_("I have printed or &written down the recovery code"), self)
        self.confirm.toggled.connect(self._update)
        layout.addWidget(self.confirm)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.continue_button = QPushButton(_("&Continue"), self)
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accept)
        buttons.addWidget(self.continue_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(620)
        self._update()
        self.print_button.setFocus()
        run_with_progress(self, _("Preparing the sheet…"),
                          partial(recovery_sheet_pdf, unit=unit, file_name=file_name, code=self.code,
                                  made_by=made_by, made_on=today or dt.date.today()),
                          on_done=self._made, on_error=self._failed)

    def _made(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.status.setText(_("The sheet is ready to print."))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def _update(self) -> None:
        self.continue_button.setEnabled(self.confirm.isChecked())

    def file_name(self) -> str:
        return _("recovery-code-%(code)s.pdf") % {"code": self.unit.code}

    def print_sheet(self) -> None:
        self.output.print_with_dialog(self.file_name().removesuffix(".pdf"), KIND)

    def send_to_printer(self, printer: QPrinter) -> None:
        self.output.send_to_printer(printer)

    def save_sheet(self) -> None:
        self.output.save_with_dialog(self.file_name())

    def _failed(self, error: Exception) -> None:
        self.status.setText("")
        QMessageBox.warning(self, _("Recovery code of the data file"), user_message(error) + " " + _(
            "Write the code down by hand instead."))

    # ----- going on only once the code is kept
    def accept(self) -> None:
        if self.confirm.isChecked():
            super().accept()

    def reject(self) -> None:
        self.confirm.setFocus()  # Escape: the code would be lost; the tick is asked for instead

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.confirm.isChecked():
            event.ignore()
            self.confirm.setFocus()
            return
        super().closeEvent(event)
