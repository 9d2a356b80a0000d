"""Printing and saving the PDF a preview shows, the same bytes both ways: the system print
dialog (on the printer and options remembered for this kind of document) or a save dialog that
remembers its folder, then a job with a progress bar.  The outcome is said on the output's own
status line, never over what the dialog says of the document; a failure is handed to the caller."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget

from ...l10n import _
from ...printing.desk import save_pdf
from .print_job import PrintRun
from .print_settings import prepared_printer, remember
from ..widgets.progress import run_with_progress
from .raster_print import pdf_page_count
from .. import session
from ...core.settings import DOCUMENTS_FOLDER
from ..widgets.settings import read, write

_OPTIONS = (QAbstractPrintDialog.PrintDialogOption.PrintToFile | QAbstractPrintDialog.PrintDialogOption.PrintPageRange
            | QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies
            | QAbstractPrintDialog.PrintDialogOption.PrintShowPageSize)


def ask_save_path(parent: QWidget, settings: QSettings, title: str, file_name: str, pattern: str) -> Path | None:
    """Where to save a document: ``file_name`` offered in the documents' folder used last; the
    name's suffix (".pdf", ".docx") added when the person typed none."""
    folder = Path(read(settings, DOCUMENTS_FOLDER) or Path.home())
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(folder / file_name), pattern)
    if not path:
        return None
    suffix = Path(file_name).suffix
    return Path(path if path.lower().endswith(suffix) else path + suffix)


def ask_printer(parent: QWidget, settings: QSettings, kind: str, name: str, pages: int | None) -> QPrinter | None:
    """The print dialog on the printer remembered for ``kind``; the printer chosen (and now
    remembered), or None.  ``pages``: the document's pages, for a page range (None: a batch,
    printed whole)."""
    printer = prepared_printer(settings, kind, name)
    dialog = QPrintDialog(printer, parent)
    options = _OPTIONS if pages else _OPTIONS & ~QAbstractPrintDialog.PrintDialogOption.PrintPageRange
    dialog.setOptions(options)
    if pages:
        dialog.setMinMax(1, pages)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    if not accepted:
        return None
    remember(settings, kind, printer)
    return printer


class PdfOutput:
    """The print and save actions of one dialog; ``pdf()`` gives the bytes shown (None: nothing yet)."""

    def __init__(self, parent: QWidget, settings: QSettings, status: QLabel, pdf: Callable[[], bytes | None],
                 on_error: Callable[[Exception], None], on_output: Callable[[], None] | None = None) -> None:
        """``on_output``: called once the PDF was sent to the printer or saved."""
        self.parent, self.settings, self.status, self.pdf, self.on_error = parent, settings, status, pdf, on_error
        self.on_output = on_output
        self.run: PrintRun | None = None

    def print_with_dialog(self, name: str, kind: str) -> None:
        """Ask for the printer (the document named ``name`` in the print queue, remembered as a
        ``kind`` document), then print."""
        pdf = self.pdf()
        if pdf is None:
            return
        printer = ask_printer(self.parent, self.settings, kind, name, pdf_page_count(pdf))
        if printer is not None:
            self.send_to_printer(printer)

    def send_to_printer(self, printer: QPrinter) -> PrintRun | None:
        """Print on ``printer`` (already chosen and set up)."""
        pdf = self.pdf()
        if pdf is None:
            return None
        name, pages = printer.docName() or "document", pdf_page_count(pdf)
        if self.run is not None:
            self.run.deleteLater()  # its watch ends; the new printing is the one said
        self.run = PrintRun(self.parent, printer, who=session.name(), say=self.status.setText,
                            on_error=self.on_error, on_sent=self.on_output)
        self.run.start(_("Printing…"), lambda: [(name, pdf, pages)], 1)
        return self.run

    def save_with_dialog(self, file_name: str) -> None:
        """Ask where, offering ``file_name`` in the folder used last, then save."""
        if self.pdf() is None:
            return
        path = ask_save_path(self.parent, self.settings, _("Save as PDF"), file_name, _("PDF documents (*.pdf)"))
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        """Write the PDF to ``path``, whole, off the UI thread."""
        pdf = self.pdf()
        if pdf is None:
            return
        write(self.settings, DOCUMENTS_FOLDER, str(path.parent))
        run_with_progress(self.parent, _("Saving…"), lambda **_kw: save_pdf(pdf, path),
                          on_done=self._saved, on_error=self.on_error)

    def _saved(self, path: Path) -> None:
        self.status.setText(_("Saved %(path)s.") % {"path": path})
        if self.on_output is not None:
            self.on_output()
