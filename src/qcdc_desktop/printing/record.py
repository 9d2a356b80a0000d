"""Every printing written down: which document, which pages, on which printer, by whom, when,
and what the print system said of it.

The record goes to the application's log and to every writer in :data:`PRINT_HISTORY`: the
main window (``app.build_window``) adds one that keeps it in the office's history
(``db.printing_log``), on the database's worker, under the signed-in account.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("qcdc_desktop.printing")


@dataclass(frozen=True)
class PrintRecord:
    document: str  # the document's name as the print queue shows it (e.g. "01-TB-UBND")
    pages: int  # pages sent, copies counted
    printer: str
    who: str
    job: str = ""  # the print system's job id ("VanPhong-12"); "" when drawn by the program
    outcome: str = "sent"  # "sent", then "printed", "failed", "cancelled"
    ranges: str = ""  # the pages asked for ("2-3"), "" for all
    when: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())


# Writers of the printing history (each takes a PrintRecord); see the module's note.
PRINT_HISTORY: list[Callable[[PrintRecord], None]] = []


def record_print(record: PrintRecord) -> None:
    """Write ``record`` to the log and to every history writer."""
    log.info("print %s: document=%r pages=%d%s printer=%r job=%r by=%r at=%s", record.outcome, record.document,
             record.pages, f" ({record.ranges})" if record.ranges else "", record.printer, record.job, record.who,
             record.when.isoformat(timespec="seconds"))
    for write in PRINT_HISTORY:
        write(record)
