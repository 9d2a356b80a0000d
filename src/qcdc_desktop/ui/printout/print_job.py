"""One printing, from the print dialog's choices to the printed sheets: the documents go to the
print system as PDF where it takes PDF (CUPS), else they are drawn page by page (Windows); to a
file when the dialog said "print to file".  The work runs as a job with a progress bar and Cancel;
then the print system's jobs are watched, and their id and state said, until they are printed or
have failed.  Every printing is recorded (``printing.record``).

The documents come from a function called on the job's thread, one at a time: a batch of notices
is read, rendered and sent one notice after the other, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from ...jobs.job import Job
from ...l10n import _, ngettext
from ...printing.desk import save_pdf
from ...printing.record import PrintRecord, record_print
from ...printing.spool import CupsQueues, JobState, PrintJob, Spooled, spool_all
from .print_settings import options_from
from ..widgets.progress import run_with_progress
from .raster_print import print_raster

Documents = Callable[[], Iterable[tuple[str, bytes, int]]]  # (name, pdf, pages), made on the job's thread
WATCH_MS = 1000


@dataclass
class Outcome:
    """What the work did: ``jobs`` taken by the print system, or ``pages`` drawn or written."""

    how: str  # "queued", "drawn" or "file"
    pages: int = 0
    jobs: list[PrintJob] = field(default_factory=list)


def print_work(printer: QPrinter, documents: Documents, total: int, queues: CupsQueues,
               spooled: Spooled) -> Callable[..., Outcome]:
    """The job of one printing (see the module's note)."""
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Outcome:
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return _to_file(printer, documents, total, progress=progress, cancelled=cancelled)
        if queues.available() and printer.printerName() in queues.printers():
            spool_all(queues, documents(), options_from(printer), total=total, progress=progress,
                      cancelled=cancelled, into=spooled)
            return Outcome("queued", spooled.pages, list(spooled.jobs))
        pdfs = (pdf for _name, pdf, _pages in documents())
        return Outcome("drawn", print_raster(pdfs, printer, total=total, progress=progress, cancelled=cancelled))
    return work


def _to_file(printer: QPrinter, documents: Documents, total: int, **job: Callable[..., Any]) -> Outcome:
    """"Print to file": the document's own bytes when it is one document printed whole; a page
    range or a batch is drawn into the file."""
    if total == 1 and printer.printRange() != QPrinter.PrintRange.PageRange:
        (_name, pdf, pages), = list(documents())
        save_pdf(pdf, Path(printer.outputFileName()))
        return Outcome("file", pages)
    pdfs = (pdf for _name, pdf, _pages in documents())
    return Outcome("file", print_raster(pdfs, printer, total=total, **job))


def describe(states: list[JobState]) -> str:
    """The status line for the jobs of one printing."""
    if len(states) == 1:
        return states[0].describe()
    printed = sum(1 for s in states if s.printed)
    line = ngettext("%(done)d of %(n)d print job printed.", "%(done)d of %(n)d print jobs printed.",
                    len(states)) % {"done": printed, "n": len(states)}
    problems = [s.describe() for s in states if s.problem]
    return f"{line} {problems[0]}" if problems else line


class PrintRun(QObject):
    """One printing on ``printer``: ``say`` shows its state line, ``on_error`` a refusal."""

    def __init__(self, parent: QWidget, printer: QPrinter, *, who: str, say: Callable[[str], None],
                 on_error: Callable[[Exception], None], queues: CupsQueues | None = None,
                 on_sent: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.parent_widget, self.printer, self.who, self.say, self.on_error = parent, printer, who, say, on_error
        self.on_sent = on_sent  # once the pages are printed into a file or handed to the printer
        self.queues = queues or CupsQueues()
        self.spooled = Spooled()
        self.states: dict[int, JobState] = {}
        self.outcome: Outcome | None = None
        self.ranges = ",".join(f"{a}-{b}" for a, b in options_from(printer).ranges)
        self._timer = QTimer(self)
        self._timer.setInterval(WATCH_MS)
        self._timer.timeout.connect(self._poll)
        self._polling = False

    def start(self, label: str, documents: Documents, total: int) -> Job:
        return run_with_progress(self.parent_widget, label, print_work(self.printer, documents, total, self.queues,
                                                                        self.spooled),
                                 on_done=self._done, on_error=self._failed, on_cancel=self._cancelled)

    def _record(self, pages: int, job: str, outcome: str, printer: str | None = None, title: str = "") -> None:
        record_print(PrintRecord(document=title or self.printer.docName(), pages=pages,
                                 printer=printer or self.printer.printerName() or self.printer.outputFileName(),
                                 who=self.who, job=job, outcome=outcome, ranges=self.ranges))

    def _done(self, outcome: Outcome) -> None:
        self.outcome = outcome
        if self.on_sent is not None:
            self.on_sent()
        if outcome.how == "file":
            self._record(outcome.pages, "", "printed", self.printer.outputFileName())
            self.say(ngettext("Printed %(n)d page into %(path)s.", "Printed %(n)d pages into %(path)s.", outcome.pages)
                     % {"n": outcome.pages, "path": self.printer.outputFileName()})
            return
        if outcome.how == "drawn":
            self._record(outcome.pages, "", "sent")
            self.say(ngettext("Sent %(n)d page to %(printer)s.", "Sent %(n)d pages to %(printer)s.", outcome.pages)
                     % {"n": outcome.pages, "printer": self.printer.printerName()})
            return
        for job in outcome.jobs:
            self._record(job.pages, job.name, "sent", title=job.title)
        if len(outcome.jobs) == 1:
            self.say(ngettext("Sent %(n)d page to %(printer)s (print job %(job)s); waiting for the printer…",
                              "Sent %(n)d pages to %(printer)s (print job %(job)s); waiting for the printer…",
                              outcome.pages) % {"n": outcome.pages, "printer": self.printer.printerName(),
                                                "job": outcome.jobs[0].name})
        else:
            self.say(ngettext("Sent %(count)d print job (%(n)d pages) to %(printer)s; waiting for the printer…",
                              "Sent %(count)d print jobs (%(n)d pages) to %(printer)s; waiting for the printer…",
                              len(outcome.jobs)) % {"count": len(outcome.jobs), "n": outcome.pages,
                                                    "printer": self.printer.printerName()})
        self._timer.start()

    def _poll(self) -> None:
        if self._polling or self.outcome is None:
            return
        waiting = [job for job in self.outcome.jobs if not (job.job_id in self.states
                                                            and self.states[job.job_id].finished)]
        if not waiting:
            self._timer.stop()
            return
        self._polling = True
        job = Job(lambda **_kw: [self.queues.job_state(j) for j in waiting], self)
        job.finished.connect(self._states)
        job.failed.connect(lambda _error: setattr(self, "_polling", False))
        job.start()

    def _states(self, states: list[JobState]) -> None:
        self._polling = False
        assert self.outcome is not None  # polled only once the jobs are sent
        for state in states:
            before = self.states.get(state.job.job_id)
            self.states[state.job.job_id] = state
            if state.finished and not (before and before.finished):
                outcome = {7: "cancelled", 8: "failed", 9: "printed"}[state.state]
                self._record(state.pages_done or state.job.pages, state.job.name, outcome, title=state.job.title)
        self.say(describe([self.states[j.job_id] for j in self.outcome.jobs if j.job_id in self.states]))
        if all(s.finished for s in self.states.values()) and len(self.states) == len(self.outcome.jobs):
            self._timer.stop()

    def _failed(self, error: Exception) -> None:
        if self.spooled.jobs:  # a batch stopped part way: what went stays sent
            self._done(Outcome("queued", self.spooled.pages, list(self.spooled.jobs)))
        else:
            self.say("")
        self.on_error(error)

    def _cancelled(self) -> None:
        if self.spooled.jobs:
            self._done(Outcome("queued", self.spooled.pages, list(self.spooled.jobs)))
            self.say(ngettext("Cancelled; %(n)d print job had already been sent and will print.",
                              "Cancelled; %(n)d print jobs had already been sent and will print.",
                              len(self.spooled.jobs)) % {"n": len(self.spooled.jobs)})
        else:
            self.say(_("Printing cancelled; nothing was sent."))

