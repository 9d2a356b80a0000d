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

DEFAULT_PRINTER_KEY = "printing/default_printer"
_DUPLEX = {QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
           QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge"}
_TRAYS = {QPrinter.PaperSource.Lower: "bottom", QPrinter.PaperSource.Middle: "middle",
          QPrinter.PaperSource.Manual: "manual", QPrinter.PaperSource.Envelope: "envelope",
          QPrinter.PaperSource.LargeCapacity: "large-capacity", QPrinter.PaperSource.Cassette: "main"}


# Where Qt's CUPS support keeps the options of the printer's properties window (its driver's
# words: InputSlot, job-sheets, job-priority, number-up…), as [name, value, name, value, …].
_CUPS_OPTIONS = QPrintEngine.PrintEnginePropertyKey(0xFE00)


def _key(kind: str, name: str) -> str:
    return f"printing/{kind}/{name}"


def printer_names() -> list[str]:
    """The printers this computer can print on (the print system's queues)."""
    return list(QPrinterInfo.availablePrinterNames())


def queue_names(**_job: object) -> list[str]:
    """The printers, asked off the UI thread: of the print system itself where it takes PDF (each
    call connects anew, so it follows the print system the computer uses now), else Qt's list."""
    queues = CupsQueues()
    return queues.printers() if queues.available() else printer_names()


def default_printer(settings: QSettings) -> str:
    return str(settings.value(DEFAULT_PRINTER_KEY, "") or "")


def set_default_printer(settings: QSettings, name: str) -> None:
    settings.setValue(DEFAULT_PRINTER_KEY, name)


def remembered_printer(settings: QSettings, kind: str) -> str:
    """The printer last used for ``kind``, else the office's default ("" when neither is set)."""
    return str(settings.value(_key(kind, "printer"), "") or "") or default_printer(settings)


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
    if settings.contains(_key(kind, "copies")):
        printer.setCopyCount(max(1, _number(settings, _key(kind, "copies"), 1)))
        printer.setCollateCopies(settings.value(_key(kind, "collate"), "true") in (True, "true"))
        printer.setDuplex(QPrinter.DuplexMode(_number(settings, _key(kind, "duplex"), 0)))
        printer.setColorMode(QPrinter.ColorMode(_number(settings, _key(kind, "color"), 1)))
        printer.setPaperSource(QPrinter.PaperSource(_number(settings, _key(kind, "tray"), 6)))
    return printer


def _number(settings: QSettings, key: str, default: int) -> int:
    """A whole number remembered under ``key``: the settings file gives it back as text."""
    return int(str(settings.value(key, default)))


def remember(settings: QSettings, kind: str, printer: QPrinter) -> None:
    """Keep the printer and options just chosen for ``kind`` (the page range is not kept: it
    belongs to one printing)."""
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return  # "print to file" is no printer to come back to
    settings.setValue(_key(kind, "printer"), printer.printerName())
    settings.setValue(_key(kind, "copies"), printer.copyCount())
    settings.setValue(_key(kind, "collate"), "true" if printer.collateCopies() else "false")
    settings.setValue(_key(kind, "duplex"), printer.duplex().value)
    settings.setValue(_key(kind, "color"), printer.colorMode().value)
    settings.setValue(_key(kind, "tray"), printer.paperSource().value)
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
