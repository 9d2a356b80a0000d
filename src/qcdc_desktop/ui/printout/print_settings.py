"""The printer and its options, remembered per kind of document, and this office's default
printer: the one place that keeps them (QSettings) and that reads a QPrinter set up by the print
dialog into the print system's words (:class:`~qcdc_desktop.printing.spool.PrintOptions`).

The notice may go to the office's laser printer, two-sided, while the key card goes to the
printer beside the head of the office: each kind opens the dialog on the printer and options
chosen for it last time, else on the office's default printer, else on the system's.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintEngine, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ...jobs.job import Job
from ...l10n import _
from ...printing.spool import CupsQueues, PrintOptions
from ...core.settings import COLLATE, COLOR, COPIES, DEFAULT_PRINTER, DUPLEX, PRINTER, TRAY
from ..widgets.settings import read, write

_DUPLEX = {QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
           QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge"}
_TRAYS = {QPrinter.PaperSource.Lower: "bottom", QPrinter.PaperSource.Middle: "middle",
          QPrinter.PaperSource.Manual: "manual", QPrinter.PaperSource.Envelope: "envelope",
          QPrinter.PaperSource.LargeCapacity: "large-capacity", QPrinter.PaperSource.Cassette: "main"}


# Where Qt's CUPS support keeps the options of the printer's properties window (its driver's
# words: InputSlot, job-sheets, job-priority, number-up…), as [name, value, name, value, …].
_CUPS_OPTIONS = QPrintEngine.PrintEnginePropertyKey(0xFE00)


def printer_names() -> list[str]:
    """The printers this computer can print on (the print system's queues)."""
    return list(QPrinterInfo.availablePrinterNames())


def queue_names(**_job: object) -> list[str]:
    """The printers, asked off the UI thread: of the print system itself where it takes PDF (each
    call connects anew, so it follows the print system the computer uses now), else Qt's list."""
    queues = CupsQueues()
    return queues.printers() if queues.available() else printer_names()


def default_printer(settings: QSettings) -> str:
    return read(settings, DEFAULT_PRINTER)


def set_default_printer(settings: QSettings, name: str) -> None:
    write(settings, DEFAULT_PRINTER, name)


def remembered_printer(settings: QSettings, kind: str) -> str:
    """The printer last used for ``kind``, else the office's default ("" when neither is set)."""
    return read(settings, PRINTER(kind=kind)) or default_printer(settings)


def a4_printer(printer: QPrinter) -> QPrinter:
    """The printer set for the documents' paper: A4 portrait, no margins added (the PDF has the
    decree's margins already)."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


def prepared_printer(settings: QSettings, kind: str, doc_name: str) -> QPrinter:
    """A QPrinter for the print dialog, on the printer and options remembered for ``kind``."""
    printer = a4_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setDocName(doc_name)
    name = remembered_printer(settings, kind)
    if name and name in printer_names():
        printer.setPrinterName(name)
    if settings.contains(COPIES(kind=kind).key):
        printer.setCopyCount(read(settings, COPIES(kind=kind)))
        printer.setCollateCopies(read(settings, COLLATE(kind=kind)))
        printer.setDuplex(QPrinter.DuplexMode(read(settings, DUPLEX(kind=kind))))
        printer.setColorMode(QPrinter.ColorMode(read(settings, COLOR(kind=kind))))
        printer.setPaperSource(QPrinter.PaperSource(read(settings, TRAY(kind=kind))))
    return printer


def remember(settings: QSettings, kind: str, printer: QPrinter) -> None:
    """Keep the printer and options just chosen for ``kind`` (the page range is not kept: it
    belongs to one printing)."""
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return  # "print to file" is no printer to come back to
    write(settings, PRINTER(kind=kind), printer.printerName())
    copies = COPIES(kind=kind)
    write(settings, copies, copies.clamped(printer.copyCount()))
    write(settings, COLLATE(kind=kind), printer.collateCopies())
    write(settings, DUPLEX(kind=kind), printer.duplex().value)
    write(settings, COLOR(kind=kind), printer.colorMode().value)
    write(settings, TRAY(kind=kind), printer.paperSource().value)
    settings.sync()


def page_ranges(printer: QPrinter) -> tuple[tuple[int, int], ...]:
    """The pages asked for in the dialog (1-based, inclusive); empty for every page."""
    if printer.printRange() != QPrinter.PrintRange.PageRange:
        return ()
    ranges = tuple((r.from_, r.to) for r in printer.pageRanges().toRangeList())
    if not ranges and printer.fromPage() > 0:
        ranges = ((printer.fromPage(), printer.toPage() or printer.fromPage()),)
    return ranges


def driver_options(printer: QPrinter) -> tuple[tuple[str, str], ...]:
    """The options set in the printer's properties window (the tray as its driver names it,
    banner pages, priority, pages per sheet), those with a value."""
    engine: QPrintEngine | None = printer.printEngine()  # checked: a printer may lack one
    values = engine.property(_CUPS_OPTIONS) if engine is not None else None
    if not isinstance(values, (list, tuple)):
        return ()
    pairs = zip(values[0::2], values[1::2])
    return tuple((str(name), str(value)) for name, value in pairs if str(name) and str(value))


def options_from(printer: QPrinter) -> PrintOptions:
    """What the dialog set on ``printer``, for the print system."""
    return PrintOptions(printer=printer.printerName(), copies=max(1, printer.copyCount()),
                        extra=driver_options(printer),
                        collate=printer.collateCopies(), ranges=page_ranges(printer),
                        sides=_DUPLEX.get(printer.duplex(), "one-sided"),
                        tray=_TRAYS.get(printer.paperSource(), ""),
                        grayscale=printer.colorMode() == QPrinter.ColorMode.GrayScale)


class DefaultPrinterChooser(QWidget):
    """"Default printer of this office", for Settings: the printers are asked of the print
    system off the UI thread; the choice is kept at once."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_("Default &printer of this office:"), self)
        self.combo = QComboBox(self)
        self.combo.setToolTip(_("Printing opens on this printer, until another is chosen for a kind of document."))
        label.setBuddy(self.combo)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        self.fill([])
        self.combo.currentIndexChanged.connect(self._chosen)
        job = Job(queue_names, self)
        job.finished.connect(self.fill)
        job.start()

    def fill(self, names: list[str]) -> None:
        """Offer ``names`` (and the office's printer, even when it is away now)."""
        current = default_printer(self.settings)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(_("The computer's default printer"), "")
        for name in dict.fromkeys([*names, *([current] if current else [])]):
            self.combo.addItem(name, name)
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
        self.combo.blockSignals(False)

    def _chosen(self, _index: int) -> None:
        set_default_printer(self.settings, str(self.combo.currentData() or ""))
        self.settings.sync()
