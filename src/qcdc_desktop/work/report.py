"""The report of a period: its figures from the data file, the printable report (PDF, Decree 30
header) made from them, and the file a person or a script asks for (PDF, Word, Excel or CSV).

One pipeline for the Reports place (which previews, prints and saves what it built) and for
``qcdc report``: the figures are read on a read-only connection of their own, so they never wait
for the application's writer, and a file appears whole or not at all."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from ..core.errors import OutputFileError
from ..core.model import Unit
from ..core.notice import NoticeSettings
from ..core.statistics import Period, Statistics
from ..db.connection import Store, open_store
from ..db.files import replaced
from ..core.issuers import BOARD, BOARDS, authorities_of, board_signer, check_issuer, issued_and_signed, issuer_track
from ..core.signing import default_signer, usual_authority
from ..core.text import nfc
from ..db.officials import list_officials
from ..db.register import notice_settings
from ..db.statistics import build_statistics
from ..db.units import get_unit
from ..l10n import _
from ..reports.csvfile import write_csv

FORMATS = (".pdf", ".docx", ".xlsx", ".csv")
FIGURES_SHARE = 40
"""Of a progress bar running from 0 to 100: the share of the queries; the rest is the PDF."""


class Signing(TypedDict):
    """Who issues the report and who signs it in which capacity: keyword arguments of the renderers."""

    authority: str
    issuer: str
    signer: str


@dataclass(frozen=True)
class BuiltReport:
    """The figures of a period and, when asked for, the report's PDF (or Word file) made from them."""

    stats: Statistics
    pdf: bytes | None
    docx: bytes | None = None


def check_format(out: Path) -> str:
    """The format ``out`` asks for by its suffix (``.pdf``, ``.docx``, ``.xlsx``, ``.csv``), or a sentence."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise OutputFileError(_("%(path)s: the report is written as .pdf, .docx, .xlsx or .csv.") % {"path": out})
    return suffix


def build_report(db_path: Path, period: Period, *, as_of: dt.date, issued_on: dt.date, signer: str = "",
                 authority: str = "", issuer: str = "", with_pdf: bool = True, with_word: bool = False,
                 progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> BuiltReport:
    """The figures of ``period`` in the data file at ``db_path`` as they stand on ``as_of``, then
    (``with_pdf``) the report dated ``issued_on`` in memory, or (``with_word``) its Word file, signed
    in the capacity ``authority`` (default: the office's usual one for ``issuer``, which defaults to
    the People's Committee, ``core.issuers``) by ``signer`` (default: the official on file who signs in
    that capacity, ``core.signing``).  The queries fill the first
    :data:`FIGURES_SHARE` of the bar; :class:`~qcdc_desktop.core.errors.Cancelled` when
    ``cancelled()`` turns true."""
    share = FIGURES_SHARE if with_pdf or with_word else 100
    with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
        stats = build_statistics(store, period, as_of=as_of, progress=lambda done, total: progress(
            done * share // total, 100), cancelled=cancelled)
        unit, settings, signing = _signed_by(store, authority, issuer, signer)
    if with_word:
        from ..printing.word_report import write_report_docx  # python-docx when a Word file is written

        word = io.BytesIO()
        write_report_docx(stats, unit=unit, settings=settings, out=word, issued_on=issued_on, **signing,
                          progress=lambda done, total: progress(share + done * (100 - share) // total, 100),
                          cancelled=cancelled)
        return BuiltReport(stats, None, word.getvalue())
    if not with_pdf:
        return BuiltReport(stats, None)
    return _with_pdf(stats, unit, settings, signing, issued_on,
                     lambda done, total: progress(share + done * (100 - share) // total, 100), cancelled)


def _with_pdf(stats: Statistics, unit: Unit, settings: NoticeSettings, signing: Signing, issued_on: dt.date,
              progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> BuiltReport:
    from ..printing.report import render_report  # reportlab when a report is drawn, not at start-up

    out = io.BytesIO()
    render_report(stats, unit=unit, settings=settings, out=out, issued_on=issued_on, **signing, progress=progress,
                  cancelled=cancelled)
    return BuiltReport(stats, out.getvalue())


def signed_work(db_path: Path, stats: Statistics, *, issued_on: dt.date, authority: str = "",
                issuer: str = "") -> Callable[..., BuiltReport]:
    """The report of ``stats`` already counted, issued and signed otherwise, as a job (the
    figures are not counted again)."""
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> BuiltReport:
        with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
            unit, settings, signing = _signed_by(store, authority, issuer, "")
        return _with_pdf(stats, unit, settings, signing, issued_on, progress, cancelled)
    return work


def _signed_by(store: Store, authority: str, issuer: str, signer: str) -> tuple[Unit, NoticeSettings, Signing]:
    """The office, its documents' settings, and who issues and signs in which capacity (the
    keyword arguments of the renderers): those given, else the issuer the capacity belongs to, the
    issuer's usual capacity and the official on file who signs in it."""
    unit, settings = get_unit(store), notice_settings(store)
    if authority:
        issuer, authority = issued_and_signed(unit, authority, issuer)
    else:
        issuer = check_issuer(issuer or "ubnd", unit)
        track = issuer_track(issuer)
        authority = authorities_of(issuer)[0] if track == BOARD else usual_authority(settings, track)
    named = nfc(signer.strip())
    if not named:
        officials = list_officials(store)
        named = (board_signer(issuer, authority, officials) if issuer in BOARDS
                 else default_signer(authority, officials, settings))
    return unit, settings, Signing(authority=authority, issuer=issuer, signer=named)


def write_report_word(db_path: Path, stats: Statistics, out: Path, *, issued_on: dt.date, authority: str = "",
                      issuer: str = "", progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> Path:
    """Write the Word file of the report of ``stats`` already counted (the one the Reports place
    shows) to ``out``, dated ``issued_on``, issued and signed as its PDF is; whole or not at all."""
    from ..printing.word_report import write_report_docx  # python-docx when a Word file is written

    check_format(out)
    with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
        unit, settings, signing = _signed_by(store, authority, issuer, "")
    with replaced(out) as temporary:
        write_report_docx(stats, unit=unit, settings=settings, out=temporary, issued_on=issued_on, **signing,
                          progress=progress, cancelled=cancelled)
    return out


def write_report(report: BuiltReport, out: Path, *, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Path:
    """Write ``report`` to ``out``: the PDF as built (and previewed), or the workbook or CSV of
    the same figures, by the suffix; the file appears whole or not at all."""
    suffix = check_format(out)
    if suffix == ".pdf" and report.pdf is None:
        raise ValueError("the report was built without its PDF")
    if suffix == ".docx" and report.docx is None:
        raise ValueError("the report was built without its Word file")
    with replaced(out) as temporary:
        if suffix == ".pdf":
            temporary.write_bytes(report.pdf or b"")
        elif suffix == ".docx":
            temporary.write_bytes(report.docx or b"")
        elif suffix == ".xlsx":
            # openpyxl is imported when a workbook is written, not when the program starts (bench/startup.py)
            from ..reports.excel import write_workbook

            write_workbook(report.stats, str(temporary), progress=progress, cancelled=cancelled)
        else:
            write_csv(report.stats, temporary)
    if progress is not None:
        progress(1, 1)
    return out


def report_work(db_path: Path, period: Period, *, as_of: dt.date, issued_on: dt.date,
                signer: str = "", authority: str = "", issuer: str = "") -> Callable[..., BuiltReport]:
    """:func:`build_report` as a job: ``work(progress=..., cancelled=...)`` returns the report."""
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> BuiltReport:
        return build_report(db_path, period, as_of=as_of, issued_on=issued_on, signer=signer, authority=authority,
                            issuer=issuer, progress=progress, cancelled=cancelled)
    return work
