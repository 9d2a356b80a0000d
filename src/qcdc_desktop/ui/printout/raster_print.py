"""Printing by drawing: the fallback where no print system takes PDF (Windows; docs/printing.md).

Each chosen page is rendered at the printer's resolution and painted on the sheet, one band of a
page in memory at a time (a whole A4 page at 1,200 dpi would be 550 MB in colour), in shades of
grey when the printer prints in black and white.  Copies and collation: the printer makes the
copies when it can; otherwise the pages are drawn again, in the order asked.  Runs as a job (Qt
allows painting on a QPrinter outside the UI thread) with progress and Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from ...core.errors import Cancelled, OutputFileError
from ...l10n import _
from ...printing.spool import pages_to_print
from .print_settings import page_ranges

BAND_BYTES = 32 * 2**20  # at most this much of a page rendered at once


class _Pdf:
    """A PDF loaded for drawing; closed after use."""

    def __init__(self, pdf: bytes) -> None:
        self.document = QPdfDocument()
        self.buffer = QBuffer()
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            self.close()
            raise OutputFileError(_("A document could not be read for printing."))

    def close(self) -> None:
        self.document.close()
        self.buffer.close()


def pdf_page_count(pdf: bytes) -> int:
    """The number of pages of ``pdf``."""
    document = _Pdf(pdf)
    try:
        return document.document.pageCount()
    finally:
        document.close()


def _draw_page(painter: QPainter, document: QPdfDocument, page: int, target: QRect, gray: bool) -> None:
    """Render page ``page`` (0-based) at the size of ``target`` and paint it, band by band."""
    width, height = target.width(), target.height()
    rows = max(64, BAND_BYTES // max(4 * width, 1))
    for top in range(0, height, rows):
        band = min(rows, height - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(QSize(width, height))
        options.setScaledClipRect(QRect(0, top, width, band))
        image = document.render(page, QSize(width, band), options)  # transparent where the page is blank
        if gray:  # on white paper first: grey of "transparent black" is black
            sheet = QImage(image.size(), QImage.Format.Format_RGB32)
            sheet.fill(Qt.GlobalColor.white)
            on_sheet = QPainter(sheet)
            on_sheet.drawImage(0, 0, image)
            on_sheet.end()
            image = sheet.convertToFormat(QImage.Format.Format_Grayscale8)
        painter.drawImage(QRect(target.x(), target.y() + top, width, band), image)


def print_raster(pdfs: Iterable[bytes], printer: QPrinter, *, total: int, progress: Callable[[int, int], None],
                 cancelled: Callable[[], bool]) -> int:
    """Draw the pages asked for of each PDF (read one at a time from ``pdfs``) on ``printer``, as
    one print job; return the pages sent, copies counted.  ``total`` is the
    number of documents, for the progress bar."""
    ranges = page_ranges(printer)
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    gray = printer.colorMode() == QPrinter.ColorMode.GrayScale
    painter = QPainter()
    sent, done = 0, 0
    progress(0, max(total, 1))
    try:
        for pdf in pdfs:
            document = _Pdf(pdf)
            try:
                pages = pages_to_print(ranges, document.document.pageCount())
                order = ([p for _c in range(copies) for p in pages] if printer.collateCopies()
                         else [p for p in pages for _c in range(copies)])
                for page in order:
                    if cancelled():
                        if painter.isActive():
                            printer.abort()
                        raise Cancelled()
                    if not painter.isActive():
                        if not painter.begin(printer):
                            raise OutputFileError(_("The printer could not be started; check that it is connected "
                                                    "and try again."))
                    elif sent:
                        printer.newPage()
                    _draw_page(painter, document.document, page - 1,
                               printer.paperRect(QPrinter.Unit.DevicePixel).toRect(), gray)
                    sent += 1
            finally:
                document.close()
            done += 1
            progress(done, max(total, 1))
    finally:
        if painter.isActive():
            painter.end()
    return sent * (max(1, printer.copyCount()) if copies == 1 else 1)
