"""The key card on paper: previewed inside the application, printed, saved as PDF.

The PDF is made by a job (reportlab writes a file: a temporary one, read back as bytes), so the
preview, the printer and the saved file get the same bytes."""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ..core.errors import QcdcError
from ..db.units import Unit
from ..l10n import _, ngettext
from ..printing.desk import save_pdf
from ..printing.keycard import write_key_card
from .document_dialog import FOLDER_KEY
from .pdf_preview import PdfPreview, a4_printer, print_pdfs
from .progress import run_with_progress


def key_card_pdf(unit: Unit, fingerprint: str, made_on: dt.date, **_job: object) -> bytes:
    """The key card's PDF as bytes (a job)."""
    with tempfile.TemporaryDirectory(prefix="qcdc-card-") as folder:
        out = Path(folder) / "card.pdf"
        write_key_card(out, unit_name=unit.name, unit_code=unit.code, role=unit.role, fingerprint=fingerprint,
                       made_on=made_on)
        return out.read_bytes()


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
        self.resize(720, 650)
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
        printer = a4_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.send_to_printer(printer)

    def send_to_printer(self, printer: QPrinter) -> None:
        """Print the PDF the preview shows on ``printer`` (already chosen)."""
        if self.pdf is None:
            return
        run_with_progress(self, _("Printing…"), partial(print_pdfs, [self.pdf], printer),
                          on_done=lambda pages: self.status.setText(ngettext(
                              "Sent %(n)d page to the printer.", "Sent %(n)d pages to the printer.", pages)
                              % {"n": pages}), on_error=self._failed)

    def save_card(self) -> None:
        folder = Path(str(self.settings.value(FOLDER_KEY, "") or Path.home()))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), str(folder / self.file_name()),
                                                    _("PDF documents (*.pdf)"))
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_to(self, path: Path) -> None:
        """Write the PDF the preview shows to ``path``, off the UI thread."""
        if self.pdf is None:
            return
        self.settings.setValue(FOLDER_KEY, str(path.parent))
        pdf = self.pdf
        run_with_progress(self, _("Saving…"), lambda **_kw: save_pdf(pdf, path),
                          on_done=lambda saved: self.status.setText(_("Saved %(path)s.") % {"path": saved}),
                          on_error=self._failed)

    def _failed(self, error: Exception) -> None:
        QMessageBox.warning(self, _("Key card of this office"), error.message if isinstance(error, QcdcError) else
                            _("An unexpected error occurred; details are in the log."))
