"""Printing and saving the PDF a preview shows, the same bytes both ways: the system print
dialog or a save dialog that remembers its folder, then a job with a progress bar; the outcome is
said on a status line, a failure handed to the caller."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget

from ..l10n import _, ngettext
from ..printing.desk import save_pdf
from .pdf_preview import a4_printer, print_pdfs
from .progress import run_with_progress

FOLDER_KEY = "documents/folder"


class PdfOutput:
    """The print and save actions of one dialog; ``pdf()`` gives the bytes shown (None: nothing yet)."""

    def __init__(self, parent: QWidget, settings: QSettings, status: QLabel, pdf: Callable[[], bytes | None],
                 on_error: Callable[[Exception], None]) -> None:
        self.parent, self.settings, self.status, self.pdf, self.on_error = parent, settings, status, pdf, on_error

    def print_with_dialog(self, name: str) -> None:
        """Ask for the printer (the document named ``name`` in the print queue), then print."""
        if self.pdf() is None:
            return
        printer = a4_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
        printer.setDocName(name)
        if QPrintDialog(printer, self.parent).exec() == QDialog.DialogCode.Accepted:
            self.send_to_printer(printer)

    def send_to_printer(self, printer: QPrinter) -> None:
        """Print on ``printer`` (already chosen and set up)."""
        pdf = self.pdf()
        if pdf is None:
            return
        run_with_progress(self.parent, _("Printing…"), partial(print_pdfs, [pdf], printer),
                          on_done=lambda pages: self.status.setText(ngettext(
                              "Sent %(n)d page to the printer.", "Sent %(n)d pages to the printer.", pages)
                              % {"n": pages}), on_error=self.on_error)

    def save_with_dialog(self, file_name: str) -> None:
        """Ask where, offering ``file_name`` in the folder used last, then save."""
        if self.pdf() is None:
            return
        folder = Path(str(self.settings.value(FOLDER_KEY, "") or Path.home()))
        path, _filter = QFileDialog.getSaveFileName(self.parent, _("Save as PDF"), str(folder / file_name),
                                                    _("PDF documents (*.pdf)"))
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_to(self, path: Path) -> None:
        """Write the PDF to ``path``, whole, off the UI thread."""
        pdf = self.pdf()
        if pdf is None:
            return
        self.settings.setValue(FOLDER_KEY, str(path.parent))
        run_with_progress(self.parent, _("Saving…"), lambda **_kw: save_pdf(pdf, path),
                          on_done=lambda saved: self.status.setText(_("Saved %(path)s.") % {"path": saved}),
                          on_error=self.on_error)
