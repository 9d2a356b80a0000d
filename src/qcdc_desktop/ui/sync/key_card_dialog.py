"""The key card on paper: previewed inside the application, printed, saved as PDF.

The PDF is made by a job (reportlab writes a file: a temporary one, read back as bytes), so the
preview, the printer and the saved file get the same bytes."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ...core.errors import user_message
from ...core.model import Unit
from ...l10n import _
from ...work.sync import key_card_pdf
from ..printout.pdf_output import PdfOutput
from ..printout.pdf_preview import PdfPreview
from ..widgets.progress import run_with_progress
from ..widgets.screen_fit import fit_to_screen


class KeyCardDialog(QDialog):
    """Preview, print and save this office's key card."""

    def __init__(self, unit: Unit, fingerprint: str, settings: QSettings, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.unit, self.settings = unit, settings
        self.pdf: bytes | None = None
        self.setWindowTitle(_("Key card of this office"))
        intro = QLabel(_("Print the card, have the head of the office sign and stamp it, and send it to the other "
                         "office with the key card file."), self)
        intro.setWordWrap(True)
        self.preview = PdfPreview(self)
        self.status = QLabel(self)
        self.output = PdfOutput(self, settings, self.status, lambda: self.pdf, self._failed)
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.clicked.connect(self.print_card)
        self.save_button = QPushButton(_("&Save as PDF…"), self)
        self.save_button.clicked.connect(self.save_card)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self._enable()
        fit_to_screen(self, 720, 650)
        run_with_progress(self, _("Preparing the key card…"),
                          partial(key_card_pdf, unit, fingerprint, today or dt.date.today()),
                          on_done=self._made, on_error=self._failed)

    def _made(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.preview.set_pdf(pdf)
        self._enable()

    def _enable(self) -> None:
        self.print_button.setEnabled(self.pdf is not None)
        self.save_button.setEnabled(self.pdf is not None)

    def file_name(self) -> str:
        return _("key-card-%(code)s.pdf") % {"code": self.unit.code}

    def print_card(self) -> None:
        self.output.print_with_dialog(self.file_name().removesuffix(".pdf"), "keycard")

    def send_to_printer(self, printer: QPrinter) -> None:
        self.output.send_to_printer(printer)

    def save_card(self) -> None:
        self.output.save_with_dialog(self.file_name())

    def save_to(self, path: Path) -> None:
        self.output.save_to(path)

    def _failed(self, error: Exception) -> None:
        QMessageBox.warning(self, _("Key card of this office"), user_message(error))
