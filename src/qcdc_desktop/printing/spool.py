"""Sending a document's PDF to a print queue as it is: text stays text, fonts stay embedded.

Where the print system accepts PDF (CUPS, on Linux and macOS), the exact bytes the preview shows
go to the chosen queue with the options chosen in the print dialog (copies, collation, page
ranges, sides, tray, colour), through libcups (pycups); the print system's answer is checked, and
a refused, stopped or failed job becomes a sentence that says what to do.  Nothing here touches
Qt: the desktop turns its print dialog into :class:`PrintOptions`, runs :func:`submit` as a job and
polls :func:`job_state` until the job is printed or has failed.  Where no such print system exists
(Windows) the desktop draws page by page instead (``ui.raster_print``); docs/printing.md says why.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import Cancelled, PrintError
from ..l10n import _, ngettext

CHUNK = 256 * 1024  # bytes written to the print system at a time (Cancel is honoured between)
PAPER = "A4"

# IPP job-state values (RFC 8011 §5.3.7)
PENDING, HELD, PROCESSING, STOPPED, CANCELED, ABORTED, COMPLETED = range(3, 10)
_PRINTER_STOPPED = 5  # printer-state


@dataclass(frozen=True)
class PrintOptions:
    """What the person chose in the print dialog, in the print system's words.

    ``ranges`` are 1-based inclusive page ranges (empty: every page); ``sides`` an IPP keyword
    ("one-sided", "two-sided-long-edge", "two-sided-short-edge"); ``tray`` an IPP media-source
    ("" = the printer's choice); ``extra`` the queue's own options from its properties dialog
    (its driver's words, e.g. InputSlot=Tray2), passed on as they are."""

    printer: str
    copies: int = 1
    collate: bool = True
    ranges: tuple[tuple[int, int], ...] = ()
    sides: str = "one-sided"
    tray: str = ""
    grayscale: bool = False
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PrintJob:
    """A job the print system took: its id (as ``lpstat`` shows it, ``Printer-12``) and the
    pages it is to print (sheets' sides, copies counted)."""

    printer: str
    job_id: int
    pages: int
    title: str = ""

    @property
    def name(self) -> str:
        return f"{self.printer}-{self.job_id}"


@dataclass(frozen=True)
class JobState:
    """Where a job stands: ``state`` one of the IPP job states above; ``pages_done`` as the
    print system counts them; ``problem`` a sentence when the job failed or waits on a stopped
    printer, else ""."""

    job: PrintJob
    state: int
    pages_done: int = 0
    problem: str = ""

    @property
    def finished(self) -> bool:
        return self.state >= CANCELED

    @property
    def printed(self) -> bool:
        return self.state == COMPLETED

    def describe(self) -> str:
        """One line for the status of the dialog: the job's id and where it stands."""
        words = {PENDING: _("waiting in the queue"), HELD: _("held in the queue"), PROCESSING: _("printing"),
                 STOPPED: _("stopped"), CANCELED: _("cancelled"), ABORTED: _("failed"),
                 COMPLETED: _("printed")}
        line = _("Print job %(job)s: %(state)s.") % {"job": self.job.name, "state": words.get(self.state, "?")}
        if self.state == COMPLETED:
            pages = self.pages_done or self.job.pages
            line = ngettext("Print job %(job)s: printed, %(n)d page.", "Print job %(job)s: printed, %(n)d pages.",
                            pages) % {"job": self.job.name, "n": pages}
        return f"{line} {self.problem}".strip()


@dataclass
class Spooled:
    """What a batch sent: one job per document, in order; the pages they are to print.  Filled
    as the jobs go, so that after a Cancel it still says what was sent."""

    jobs: list[PrintJob] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(job.pages for job in self.jobs)


def parse_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """"1-2, 4" → ((1, 2), (4, 4)); raises PrintError on anything else."""
    ranges = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        match = re.fullmatch(r"(\d{1,5})(?:\s*-\s*(\d{1,5}))?", part)
        if not match or int(match.group(1)) < 1 or int(match.group(2) or match.group(1)) < int(match.group(1)):
            raise PrintError(_("“%(pages)s” is not a list of pages; write for example 1-2, 4.") % {"pages": text})
        ranges.append((int(match.group(1)), int(match.group(2) or match.group(1))))
    return tuple(ranges)


def selected_pages(ranges: Iterable[tuple[int, int]], page_count: int) -> list[int]:
    """The 1-based pages of a ``page_count``-page document that ``ranges`` ask for, in order,
    each once; every page when no range is given."""
    ranges = list(ranges)
    if not ranges:
        return list(range(1, page_count + 1))
    pages = sorted({p for first, last in ranges for p in range(first, min(last, page_count) + 1)})
    return pages


def pages_to_print(ranges: tuple[tuple[int, int], ...], page_count: int) -> list[int]:
    """:func:`selected_pages`, refused with a sentence when none of them is in the document."""
    pages = selected_pages(ranges, page_count)
    if not pages:
        asked = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in ranges)
        raise PrintError(ngettext("The pages asked for (%(pages)s) are not in the document, which has %(n)d page.",
                                  "The pages asked for (%(pages)s) are not in the document, which has %(n)d pages.",
                                  page_count) % {"pages": asked, "n": page_count})
    return pages


def ipp_options(options: PrintOptions, pages: list[int], page_count: int) -> dict[str, str]:
    """The job's attributes for the print system, A4 as the documents are laid out."""
    job = {key: value for key, value in options.extra}
    job.update({"media": PAPER, "copies": str(max(1, options.copies)), "sides": options.sides,
                "collate": "true" if options.collate else "false",
                "multiple-document-handling": "separate-documents-collated-copies" if options.collate
                else "separate-documents-uncollated-copies"})
    if len(pages) < page_count:
        job["page-ranges"] = ",".join(f"{a}-{b}" if a != b else str(a) for a, b in _runs(pages))
    if options.tray:
        job["media-source"] = options.tray
    if options.grayscale:
        job["print-color-mode"] = "monochrome"
    return job


def _runs(pages: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for page in pages:
        if runs and runs[-1][1] == page - 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    return runs


def cups_module() -> Any | None:
    """libcups for Python, or None where it is not installed (Windows)."""
    try:
        import cups  # noqa: PLC0415 - optional: absent on Windows
    except ImportError:
        return None
    return cups


class CupsQueues:
    """The CUPS scheduler this computer prints through (``CUPS_SERVER`` when set, else the
    system's).  A connection per call: the calls run on jobs' threads."""

    def __init__(self, server: str | None = None) -> None:
        self.cups = cups_module()
        self.server = server or os.environ.get("CUPS_SERVER") or None

    def _connect(self) -> Any:
        if self.cups is None:
            raise PrintError(_("This computer has no print system that takes PDF documents."))
        try:
            return self.cups.Connection(host=self.server) if self.server else self.cups.Connection()
        except RuntimeError:
            raise PrintError(_("The print system (CUPS) of this computer is not running. Start it, or ask "
                               "whoever looks after the computers, then print again.")) from None

    def available(self) -> bool:
        """Whether documents can go to this print system as PDF."""
        if self.cups is None:
            return False
        try:
            self._connect()
        except PrintError:
            return False
        return True

    def printers(self) -> list[str]:
        return sorted(self._connect().getPrinters())

    def check(self, printer: str) -> None:
        """Refuse, with what to do, a queue that does not exist or does not accept jobs now."""
        connection = self._connect()
        if printer not in connection.getPrinters():
            raise PrintError(_("The printer %(printer)s is not in this computer's print system. Choose another "
                               "printer.") % {"printer": printer})
        attributes = connection.getPrinterAttributes(printer, requested_attributes=[
            "printer-is-accepting-jobs", "printer-state-message"])
        if not attributes.get("printer-is-accepting-jobs", True):
            raise PrintError(_("The printer %(printer)s is not accepting print jobs now%(reason)s. Nothing was sent. "
                               "Turn on accepting jobs for it in the computer's printer settings (or ask whoever "
                               "looks after the printer), or choose another printer, then print again.")
                             % {"printer": printer, "reason": _reason(attributes)})

    def submit(self, pdf: bytes, options: PrintOptions, *, title: str, page_count: int,
               cancelled: Callable[[], bool] = lambda: False) -> PrintJob:
        """Send ``pdf`` (``page_count`` pages) to the queue ``options.printer`` as one job; return
        it once the print system holds the whole document.  Refused: PrintError, nothing sent."""
        pages = pages_to_print(options.ranges, page_count)
        self.check(options.printer)
        connection = self._connect()
        assert self.cups is not None  # _connect refuses a computer without it
        try:
            job_id = connection.createJob(options.printer, title, ipp_options(options, pages, page_count))
            connection.startDocument(options.printer, job_id, title, "application/pdf", 1)
            for start in range(0, len(pdf), CHUNK):
                if cancelled():
                    connection.cancelJob(job_id, purge_job=True)
                    raise Cancelled()
                connection.writeRequestData(pdf[start:start + CHUNK], len(pdf[start:start + CHUNK]))
            connection.finishDocument(options.printer)
        except self.cups.IPPError as exc:
            raise PrintError(_("The printer %(printer)s refused the document: %(reason)s. Check the printer, "
                               "then print again.") % {"printer": options.printer, "reason": _ipp_text(exc)}) from None
        return PrintJob(options.printer, int(job_id), len(pages) * max(1, options.copies), title)

    def job_state(self, job: PrintJob) -> JobState:
        """Where ``job`` stands, with a sentence when it failed or waits on a stopped printer."""
        connection = self._connect()
        assert self.cups is not None  # _connect refuses a computer without it
        try:
            attributes = connection.getJobAttributes(job.job_id, requested_attributes=[
                "job-state", "job-impressions-completed", "job-printer-state-message", "job-state-reasons"])
        except self.cups.IPPError:
            return JobState(job, ABORTED, 0, _("The print system no longer knows job %(job)s; check on the printer "
                                               "whether it printed.") % {"job": job.name})
        state, done = int(attributes.get("job-state", PENDING)), int(attributes.get("job-impressions-completed", 0))
        problem = ""
        if state == ABORTED:
            problem = _("The print system could not print it%(reason)s. Check the printer (power, paper, toner, "
                        "cable), then print again.") % {"reason": _reason(attributes, "job-printer-state-message")}
        elif state == CANCELED:
            problem = ngettext("It was cancelled in the print system after %(n)d page.",
                               "It was cancelled in the print system after %(n)d pages.", done) % {"n": done}
        elif state in (PENDING, HELD, STOPPED):
            printer = connection.getPrinterAttributes(job.printer, requested_attributes=[
                "printer-state", "printer-state-message"])
            if int(printer.get("printer-state", 3)) == _PRINTER_STOPPED:
                problem = _("The printer %(printer)s is paused%(reason)s: the job waits in its queue and prints when "
                            "the printer is resumed. Check the printer, then resume it in the computer's printer "
                            "settings.") % {"printer": job.printer, "reason": _reason(printer)}
        return JobState(job, state, done, problem)


def _reason(attributes: dict[str, Any], key: str = "printer-state-message") -> str:
    text = " ".join(str(attributes.get(key) or "").split())
    return f" ({text})" if text else ""


def _ipp_text(error: Exception) -> str:
    args: tuple[object, ...] = getattr(error, "args", ())
    return str(args[1]) if len(args) > 1 else str(error)


def spool_all(queues: CupsQueues, documents: Iterable[tuple[str, bytes, int]], options: PrintOptions, *,
              total: int, progress: Callable[[int, int], None], cancelled: Callable[[], bool],
              into: Spooled | None = None) -> Spooled:
    """Send each (title, pdf, pages) as its own job as it comes (a batch streams: one document in
    memory at a time); stop between documents on Cancel, the jobs already sent kept in ``into``."""
    spooled = into if into is not None else Spooled()
    progress(0, total)
    for done, (title, pdf, page_count) in enumerate(documents, start=1):
        if cancelled():
            raise Cancelled()
        spooled.jobs.append(queues.submit(pdf, options, title=title, page_count=page_count, cancelled=cancelled))
        progress(done, total)
    return spooled
