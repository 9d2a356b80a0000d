"""The report screen's long work: the figures of a period written as PDF, Excel or CSV.

A plain function the screen hands to :class:`~qcdc_desktop.jobs.job.Job` (progress bar, Cancel);
it opens its own read-only connection, so it never waits for the database worker, and the file
appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ..core.errors import OutputFileError
from ..core.statistics import Period
from ..db.connection import open_store
from ..db.register import notice_settings
from ..db.statistics import build_statistics
from ..db.units import get_unit
from ..l10n import _
from ..printing.report import render_report
from ..reports.csvfile import write_csv
from ..reports.excel import write_workbook
from ..db.files import replaced

FORMATS = (".pdf", ".xlsx", ".csv")
_FIGURES_SHARE = 40  # of the progress bar: the queries; the rest is the file


def report_work(path: Path, *, period: Period, out: Path, as_of: dt.date, issued_on: dt.date,
                signer: str = "") -> Callable[..., Path]:
    """The work of writing the report of ``period`` from the data file ``path`` to ``out`` (its
    suffix says the format); run it as ``work(progress=..., cancelled=...)``, it returns ``out``."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise OutputFileError(_("%(path)s: the report is written as .pdf, .xlsx or .csv.") % {"path": out})

    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
        def figures(done: int, total: int) -> None:
            progress(done * _FIGURES_SHARE // total, 100)

        def writing(done: int, total: int) -> None:
            progress(_FIGURES_SHARE + done * (100 - _FIGURES_SHARE) // total, 100)

        with open_store(path, readonly=True, check=False) as store:
            stats = build_statistics(store, period, as_of=as_of, progress=figures, cancelled=cancelled)
            unit, settings = get_unit(store), notice_settings(store)
        with replaced(out) as temporary:
            suffix = out.suffix.lower()
            if suffix == ".pdf":
                render_report(stats, unit=unit, settings=settings, out=str(temporary), issued_on=issued_on,
                              signer=signer, progress=writing, cancelled=cancelled)
            elif suffix == ".xlsx":
                write_workbook(stats, str(temporary), progress=writing, cancelled=cancelled)
            else:
                write_csv(stats, temporary)
                writing(1, 1)
        return out

    return work
