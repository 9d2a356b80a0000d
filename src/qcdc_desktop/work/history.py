"""The office's history as people read it: a record's History panel, an entry of the History
place told in full, and the export of a filtered history for an inspection (PDF with the Decree 30
header, or an Excel workbook).

Each reads on a read-only connection of its own, so it never waits for the application's writer
and runs as a job (``work(*, progress, cancelled)``); an export's file appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Cancelled, OutputFileError
from ..core.history import EVENT, Entry
from ..core.history_labels import action_label, kind_label
from ..core.history_subjects import Subjects
from ..core.history_words import Described, described
from ..core.model import Unit
from ..core.notice import NoticeSettings
from ..db.connection import Store, open_store
from ..db.files import replaced
from ..db.history import Verdict
from ..db.history_entries import Filter
from ..db.history_list import entries_by_keys
from ..db.history_read import history_count, history_of, iter_history, verify_history
from ..db.meetings import get_meeting
from ..db.register import notice_settings
from ..db.units import get_unit, office_name
from ..l10n import _, format_date, format_moment, format_number

FORMATS = (".pdf", ".xlsx")


class Names:
    """Names the records of the entries read: from the entries themselves, and from the meetings
    they belong to as they stand now (read once each)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.subjects = Subjects(office_name)
        self._meetings: set[str] = set()
        self.lookups: int | None = None  # meetings that may still be read (None: any number)

    def learn(self, entry: Entry) -> None:
        self.subjects.learn(entry)
        meeting = entry.meeting or (entry.record if entry.kind == "meetings" else None)
        if meeting and meeting not in self._meetings and entry.action != EVENT and self.lookups != 0:
            self._meetings.add(meeting)
            if self.lookups is not None:
                self.lookups -= 1
            found = get_meeting(self.store, meeting)
            if found is not None:
                self.subjects.learn_meeting(found)


# ---- a record's History panel --------------------------------------------------------------------


def record_history(db_path: Path, record_id: str, *, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> list[Described]:
    """Every entry of a record (for a meeting, of everything under it too), newest first, told
    in sentences field by field."""
    with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
        entries = history_of(store, record_id)
        names = Names(store)
        for entry in entries:
            if cancelled is not None and cancelled():
                raise Cancelled()
            names.learn(entry)
        shown = [described(e, names.subjects) for e in reversed(entries)]
    if progress is not None:
        progress(1, 1)
    return shown


def record_history_work(db_path: Path, record_id: str) -> Callable[..., list[Described]]:
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[Described]:
        return record_history(db_path, record_id, progress=progress, cancelled=cancelled)
    return work


# ---- one entry of the History place, in full -----------------------------------------------------


def entry_in_full(db_path: Path, origin: str, n: int) -> Described | None:
    """The entry ``n`` of ``origin``'s chain, its record named from the record's whole history."""
    with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
        found = entries_by_keys(store, [(origin, n)]).get((origin, n))
        if found is None:
            return None
        names = Names(store)
        if found.action != EVENT:
            for earlier in history_of(store, found.record):
                names.learn(earlier)
        names.learn(found)
        return described(found, names.subjects)


# ---- the export for an inspection ----------------------------------------------------------------


def check_format(out: Path) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise OutputFileError(_("%(path)s: the history is written as .pdf or .xlsx.") % {"path": out})
    return suffix


@dataclass(frozen=True)
class Selection:
    """What an export says of the filter that chose its entries, in words."""

    person: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str = ""
    action: str = ""
    office: str = ""

    def lines(self) -> list[str]:
        parts = [_("Person: %(who)s") % {"who": self.person or _("everyone")}]
        if self.since and self.until:
            parts.append(_("From %(start)s to %(end)s") % {"start": format_date(self.since),
                                                          "end": format_date(self.until)})
        elif self.since:
            parts.append(_("From %(start)s") % {"start": format_date(self.since)})
        elif self.until:
            parts.append(_("Up to %(end)s") % {"end": format_date(self.until)})
        else:
            parts.append(_("The whole history"))
        parts.append(_("Records: %(kind)s") % {"kind": self.kind or _("all")})
        parts.append(_("Changes: %(action)s") % {"action": self.action or _("all")})
        if self.office:
            parts.append(_("Office: %(office)s") % {"office": self.office})
        return parts


def selection_of(where: Filter, *, person: str = "", office: str = "") -> Selection:
    """The words of a filter, its person and office named by the caller."""
    def day(value: str | None) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value[:10]) if value else None
        except ValueError:
            return None
    kinds = ", ".join(kind_label(k) for k in where.kinds)
    actions = ", ".join(action_label(a) for a in where.actions)
    return Selection(person=person or where.by or "", since=day(where.since), until=day(where.until),
                     kind=kinds, action=actions, office=office)


@dataclass(frozen=True)
class ExportHead:
    """What the first paragraphs of an export say: the office, who made it and when, what was
    selected, how many entries, and what the check of the chains found."""

    unit: Unit
    settings: NoticeSettings
    made_by: str
    made_at: dt.datetime
    selection: Selection
    count: int
    verdicts: tuple[Verdict, ...]

    def paragraphs(self) -> list[str]:
        made = _("Taken from the data file of %(unit)s by %(who)s at %(when)s, for an inspection.") % {
            "unit": self.unit.name, "who": self.made_by, "when": format_moment(self.made_at)}
        chosen = _("Entries selected: %(filters)s.") % {"filters": "; ".join(self.selection.lines())}
        counted = _("The history holds %(count)s entries so selected, listed below from the oldest; each "
                    "sentence says who changed what and when, the values before and after in full.") % {
            "count": format_number(self.count)}
        checks = [self._verdict(v) for v in self.verdicts]
        return [made, chosen, counted, *checks]

    def _verdict(self, verdict: Verdict) -> str:
        office = office_name(verdict.origin)
        if verdict.ok:
            return _("The history chain of %(office)s was checked: whole through entry %(n)s (its last), head "
                     "%(hash)s.") % {"office": office, "n": format_number(verdict.entries),
                                     "hash": verdict.head_hash[:16]}
        return _("The history chain of %(office)s is broken at entry %(n)s: %(problem)s") % {
            "office": office, "n": format_number(verdict.broken_at or 0), "problem": verdict.problem}


def _head(store: Store, where: Filter, selection: Selection, now: dt.datetime) -> ExportHead:
    user = store.user
    made_by = (f"{user.full_name} ({user.login})" if user.full_name not in ("", user.login) else user.login) if user else _("the program")
    count = history_count(store, where)  # refused here to whoever may not read the whole history
    origins = [where.origin] if where.origin else sorted({store.origin} | _origins_present(store))
    verdicts = tuple(verify_history(store, origin) for origin in origins)
    return ExportHead(get_unit(store), notice_settings(store), made_by, now, selection, count, verdicts)


def _origins_present(store: Store) -> set[str]:
    from ..db.history_list import history_origins

    return set(history_origins(store))


def _rows(store: Store, where: Filter, total: int, progress: Callable[[int, int], None],
          cancelled: Callable[[], bool], share: tuple[int, int]) -> Iterator[Described]:
    names = Names(store)
    low, high = share
    for done, entry in enumerate(iter_history(store, where), start=1):
        if cancelled():
            raise Cancelled()
        names.learn(entry)
        yield described(entry, names.subjects)
        if done % 200 == 0 or done == total:
            progress(low + (high - low) * done // max(total, 1), 100)


def export_history(db_path: Path, where: Filter, out: Path, *, selection: Selection,
                   progress: Callable[[int, int], None], cancelled: Callable[[], bool],
                   now: dt.datetime | None = None) -> Path:
    """Write the entries ``where`` selects to ``out`` (.pdf or .xlsx), oldest first, for an
    inspection: who changed what, when, the values before and after; the file appears whole or
    not at all.  :class:`Cancelled` when ``cancelled()`` turns true."""
    suffix = check_format(out)
    moment = now or dt.datetime.now(dt.timezone.utc)
    with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
        progress(0, 100)
        head = _head(store, where, selection, moment)
        if cancelled():
            raise Cancelled()
        progress(10, 100)
        with replaced(out) as temporary:
            if suffix == ".pdf":
                from ..printing.history import render_history  # reportlab when a document is drawn

                pdf = io.BytesIO()
                render_history(_rows(store, where, head.count, progress, cancelled, (10, 80)),
                               paragraphs=head.paragraphs(), unit=head.unit, settings=head.settings,
                               issued_on=head.made_at.astimezone().date(), out=pdf, cancelled=cancelled)
                temporary.write_bytes(pdf.getvalue())
            else:
                from ..reports.history_excel import write_history_workbook  # openpyxl when a workbook is written

                write_history_workbook(_rows(store, where, head.count, progress, cancelled, (10, 95)),
                                       title=_("History of the changes of %(unit)s") % {"unit": head.unit.name},
                                       paragraphs=head.paragraphs(), out=temporary)
    progress(100, 100)
    return out


def export_work(db_path: Path, where: Filter, out: Path, *, selection: Selection) -> Callable[..., Path]:
    """:func:`export_history` as a job."""
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
        return export_history(db_path, where, out, selection=selection, progress=progress, cancelled=cancelled)
    return work
