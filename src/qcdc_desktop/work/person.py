"""A person's data as work for the command line and the Personal data place (Law 91/2025): find
everything held about them, write the citizen's sheet as PDF or JSON (whole or not at all), and
say in the user's language what an erasure will change and what it changed.

Finding reads on a read-only connection of its own, as a job (``work(*, progress, cancelled)``);
the erasure itself is ``db/personal_erase.erase_person``, run where the data file is written (the
command's store, the window's database worker).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import OutputFileError
from ..core.model import RegisterEntry, Unit
from ..core.notice import NoticeSettings
from ..core.person_sheet import Sheet, sheet_json
from ..core.personal import Person, erasure_marker
from ..db.connection import Store, open_store
from ..db.files import replaced
from ..db.person_sheet import read_sheet
from ..db.personal_erase import BackupLeft, ErasureReport, backups_left
from ..db.personal_find import Findings
from ..db.register import entries_for_meeting, notice_settings
from ..db.units import get_unit
from ..l10n import _, format_date, format_moment, ngettext

FORMATS = (".pdf", ".json")


@dataclass(frozen=True)
class PersonFound:
    """What was found about a person, its sheet, and what the sheet is printed with; the issued
    documents of the meetings concerned (they stay as issued) and the backups there are now."""

    findings: Findings
    sheet: Sheet
    unit: Unit
    settings: NoticeSettings
    documents: tuple[RegisterEntry, ...]
    backups: tuple[BackupLeft, ...]


def found_in(store: Store, person: Person, today: dt.date, *, progress: Callable[[int, int], None],
             cancelled: Callable[[], bool]) -> PersonFound:
    """Everything held about ``person`` in ``store`` (checked already: core/person_requests.typed_person)."""
    findings, sheet = read_sheet(store, person, today=today, progress=progress, cancelled=cancelled)
    meetings = sorted({f.meeting_id for f in findings.records if f.meeting_id})
    documents = tuple(e for m in meetings for e in entries_for_meeting(store, m) if not e.cancelled)
    return PersonFound(findings, sheet, get_unit(store), notice_settings(store), documents,
                       tuple(backups_left(store, today)))


def find_work(db_path: Path, person: Person, today: dt.date, *, progress: Callable[[int, int], None],
              cancelled: Callable[[], bool]) -> PersonFound:
    """:func:`found_in` on a read-only connection of its own (a job beside the window's writer)."""
    with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
        return found_in(store, person, today, progress=progress, cancelled=cancelled)


def check_format(out: Path) -> str:
    """The suffix of ``out`` when the sheet can be written as it (.pdf, .json); refused otherwise."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise OutputFileError(_("The sheet is written as PDF or JSON: give a file name ending in .pdf or .json, "
                                "not %(name)s.") % {"name": Path(out).name})
    return suffix


def sheet_pdf(found: PersonFound) -> bytes:
    """The citizen's sheet as PDF bytes."""
    from ..printing.person_sheet import render_sheet  # reportlab on the job's thread, not at start-up

    buffer = io.BytesIO()
    render_sheet(found.sheet, unit=found.unit, settings=found.settings, out=buffer)
    return buffer.getvalue()


def write_sheet(found: PersonFound, out: Path) -> Path:
    """Write the sheet to ``out`` as PDF or JSON by its suffix, whole or not at all."""
    suffix = check_format(out)
    data = sheet_pdf(found) if suffix == ".pdf" else sheet_json(found.sheet).encode("utf-8")
    with replaced(Path(out)) as temporary:
        temporary.write_bytes(data)
    return Path(out)


# ---- an erasure, before and after, in the user's language ----------------------------------------


def _document(entry: RegisterEntry) -> str:
    return _("document %(symbol)s of %(date)s") % {"symbol": entry.symbol, "date": format_date(entry.issued_on)}


def erasure_preview(found: PersonFound, today: dt.date) -> tuple[list[str], list[str]]:
    """What an erasure of the person found would change, and what would stay, one line each."""
    f, own = found.findings, found.unit.code
    mine = [r for r in f.records if r.origin == own and r.kind != "register_entries"]
    opinions = [r for r in mine if r.own]
    erased: list[str] = []
    if opinions:
        erased.append(ngettext(
            "%(n)s opinion of the person: name, phone, those spoken for, what was said and the answer become "
            "“%(marker)s”; the hamlet, the field and the outcome stay.",
            "%(n)s opinions of the person: name, phone, those spoken for, what was said and the answer become "
            "“%(marker)s”; the hamlet, the field and the outcome stay.", len(opinions))
            % {"n": len(opinions), "marker": erasure_marker(today)})
    if len(mine) > len(opinions):
        n = len(mine) - len(opinions)
        erased.append(ngettext("%(n)s other record: the person's name is replaced there.",
                               "%(n)s other records: the person's name is replaced there.", n) % {"n": n})
    if f.entries:
        erased.append(ngettext("The values kept by %(n)s entry of the history (the entry itself stays).",
                               "The values kept by %(n)s entries of the history (the entries themselves stay).",
                               len(f.entries)) % {"n": len(f.entries)})
    if f.drafts or f.conflicts:
        erased.append(_("Unsaved drafts and records kept aside that name the person: %(n)s.")
                      % {"n": len(f.drafts) + len(f.conflicts)})
    return erased or [_("Nothing: nothing held names the person.")], _staying(found)


def _staying(found: PersonFound) -> list[str]:
    own = found.unit.code
    others = [r for r in found.findings.records if r.origin != own]
    stays = [_("Issued %(document)s stays as issued (archives rules).") % {"document": _document(e)}
             for e in found.documents]
    if others:
        stays.append(ngettext("%(n)s record of another office: that office erases it when its own erasure comes.",
                              "%(n)s records of other offices: each office erases its own.", len(others))
                     % {"n": len(others)})
    stays += [backup_line(b.info.taken_at, b.around, b.after) for b in found.backups]
    stays.append(_("The request in the register of requests stays: it is the proof the request was answered."))
    return stays


def backup_line(taken_at: dt.datetime, around: dt.date | None, after: int) -> str:
    """A backup that still holds the old values, and when the rotation removes it: after ``after``
    more backups, around ``around`` (None when the office's rhythm of backups cannot be told)."""
    when = format_moment(taken_at)
    if around is None:
        return ngettext("The backup of %(when)s still holds the old values; it goes after %(n)s more backup.",
                        "The backup of %(when)s still holds the old values; it goes after %(n)s more backups.",
                        after) % {"when": when, "n": after}
    return ngettext("The backup of %(when)s still holds the old values; it goes after %(n)s more backup, "
                    "around %(date)s.", "The backup of %(when)s still holds the old values; it goes after "
                    "%(n)s more backups, around %(date)s.", after) % {"when": when, "n": after,
                                                                      "date": format_date(around)}


def erasure_lines(report: ErasureReport) -> tuple[list[str], list[str]]:
    """What an erasure erased, and what stays, one line each."""
    if report.nothing:
        done = [_("Nothing was erased: nothing held names the person.")]
    else:
        done = [ngettext("%(n)s record changed.", "%(n)s records changed.", len(report.records))
                % {"n": len(report.records)},
                ngettext("The values of %(n)s history entry erased.", "The values of %(n)s history entries erased.",
                         len(report.entries)) % {"n": len(report.entries)}]
        if report.drafts or report.conflicts:
            done.append(_("Drafts and records kept aside cleaned: %(n)s.") % {"n": report.drafts + report.conflicts})
    stays = [_("Issued %(document)s stays as issued (archives rules).") % {"document": _document(e)}
             for e in report.documents]
    if report.kept:
        stays.append(ngettext("%(n)s record of another office, or a document already issued, names the person and "
                              "stays.", "%(n)s records of other offices, or documents already issued, name the "
                              "person and stay.", len(report.kept)) % {"n": len(report.kept)})
    stays += [backup_line(b.info.taken_at, b.around, b.after) for b in report.backups]
    return done, stays
