"""What the office holds about one person, as the citizen is told it (Law 91/2025/QH15, the right
to know): the values of the sheet "Phiếu cung cấp thông tin dữ liệu cá nhân", the same as JSON,
and as lines in the user's language for ``qcdc person find`` and the Personal data place.

``db/person_sheet.py`` fills a :class:`Sheet` from what ``db/personal_find.py`` found;
``printing/person_sheet.py`` prints it.  Nothing here reads a file.  The paragraphs that say why
the data is held, who sees it, where it goes, how long it is kept and how to ask for a correction
or an erasure are in ``core/person_sheet_texts.py``, the same words in the PDF and in the JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import l10n
from ..l10n import N_, _, ngettext
from . import catalog
from .serialize import canonical_text
from .person_sheet_texts import paragraphs

#: Where a person can be named, by table and column: in English (for the screen) and in
#: Vietnamese (for the printed sheet).
WHERE: dict[tuple[str, str], tuple[str, str]] = {
    ("opinions", "speaker"): (N_("the speaker of an opinion"), "người phát biểu ý kiến"),
    ("opinions", "on_behalf_of"): (N_("those an opinion speaks for"), "người được đại diện trong ý kiến"),
    ("opinions", "content"): (N_("what an opinion says"), "nội dung ý kiến"),
    ("opinions", "answer"): (N_("the answer to an opinion"), "nội dung trả lời ý kiến"),
    ("meetings", "minutes"): (N_("the minutes of a meeting"), "biên bản hội nghị"),
    ("meetings", "conclusion"): (N_("the conclusion of a meeting"), "kết luận hội nghị"),
    ("tasks", "content"): (N_("a task"), "nội dung nhiệm vụ"),
    ("tasks", "result"): (N_("the result of a task"), "kết quả thực hiện nhiệm vụ"),
    ("publications", "note"): (N_("a publication of the results"), "ghi chú công khai kết quả"),
    ("messages", "content"): (N_("a reply or directive of the upper level"), "văn bản trả lời, chỉ đạo của cấp trên"),
    ("register_entries", "summary"): (N_("the summary of an issued document"), "trích yếu văn bản đã ban hành"),
}


@dataclass(frozen=True)
class HeldOpinion:
    """One opinion the person gave, as stored: the phone in full (it is their own)."""

    id: str
    origin: str
    meeting_id: str
    meeting_title: str
    held_on: dt.date | None
    speaker: str
    on_behalf_of: str
    phone: str
    hamlet: str
    field: str
    content: str
    answer: str
    outcome: str


@dataclass(frozen=True)
class HeldMention:
    """A record that names the person without being their opinion, and in which of its fields."""

    kind: str
    id: str
    origin: str
    fields: tuple[str, ...]
    meeting_title: str
    held_on: dt.date | None


@dataclass(frozen=True)
class Sheet:
    """Everything the sheet says about one person, on the day it is made."""

    name: str
    phone: str
    made_on: dt.date
    unit_name: str
    unit_code: str
    opinions: tuple[HeldOpinion, ...]
    mentions: tuple[HeldMention, ...]
    history_days: tuple[dt.date, ...]  # one per history entry whose kept values hold the person, oldest first
    drafts: int
    conflicts: int
    backups_kept: int  # how many backups the office keeps before the oldest goes
    retention_years: int  # the office's retention period (db/retention.py)
    phones_sent: bool  # whether the office sends phone numbers to the upper level

    @property
    def empty(self) -> bool:
        return not (self.opinions or self.mentions or self.history_days or self.drafts or self.conflicts)

    @property
    def about(self) -> str:
        return ", ".join(part for part in (self.name, self.phone) if part)


def field_label_vi(code: str) -> str:
    return catalog.FIELDS.get(code).label_in("vi") if code in catalog.FIELDS else code


def outcome_label_vi(code: str) -> str:
    return catalog.OUTCOMES.get(code).label_in("vi") if code in catalog.OUTCOMES else code


def where_vi(kind: str, fields: tuple[str, ...]) -> str:
    return ", ".join(WHERE[(kind, f)][1] if (kind, f) in WHERE else f for f in fields)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def sheet_plain(sheet: Sheet) -> dict[str, object]:
    """The sheet as JSON values: everything the PDF says, as data (the paragraphs in Vietnamese)."""
    return {
        "document": "Phiếu cung cấp thông tin dữ liệu cá nhân",
        "law": "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
        "made_on": sheet.made_on.isoformat(),
        "office": {"code": sheet.unit_code, "name": sheet.unit_name},
        "person": {"name": sheet.name, "phone": sheet.phone},
        "opinions": [{
            "id": o.id, "office": o.origin, "meeting": {"id": o.meeting_id, "title": o.meeting_title,
                                                        "held_on": _day(o.held_on)},
            "speaker": o.speaker, "on_behalf_of": o.on_behalf_of, "phone": o.phone, "hamlet": o.hamlet,
            "field": {"code": o.field, "label": field_label_vi(o.field)}, "content": o.content, "answer": o.answer,
            "outcome": {"code": o.outcome, "label": outcome_label_vi(o.outcome)},
        } for o in sheet.opinions],
        "mentions": [{
            "kind": m.kind, "id": m.id, "office": m.origin, "fields": list(m.fields),
            "where": where_vi(m.kind, m.fields), "meeting": {"title": m.meeting_title, "held_on": _day(m.held_on)},
        } for m in sheet.mentions],
        "history": {"changes": len(sheet.history_days), "days": sorted({d.isoformat() for d in sheet.history_days})},
        "drafts": sheet.drafts,
        "conflicts": sheet.conflicts,
        "explanations": paragraphs(sheet.unit_name, sheet.backups_kept, sheet.retention_years, sheet.phones_sent),
    }


def sheet_json(sheet: Sheet) -> str:
    """The sheet as canonical JSON text (sorted keys, NFC, no spaces), ending with a line break."""
    return canonical_text(sheet_plain(sheet)) + "\n"


# ---- the same in the user's language, one line per item ------------------------------------------


def _meeting(title: str, held_on: dt.date | None) -> str:
    return f"«{title}» ({l10n.format_date(held_on)})" if held_on else f"«{title}»"


def opinion_line(o: HeldOpinion) -> str:
    field = catalog.FIELDS.label(o.field) if o.field in catalog.FIELDS else o.field
    outcome = catalog.OUTCOMES.label(o.outcome) if o.outcome in catalog.OUTCOMES else o.outcome
    who = ", ".join(p for p in (o.speaker, o.phone, o.hamlet) if p)
    line = _("Opinion at %(meeting)s — %(who)s — %(field)s: %(content)s") % {
        "meeting": _meeting(o.meeting_title, o.held_on), "who": who, "field": field, "content": " ".join(o.content.split())}
    if o.on_behalf_of:
        line += " " + _("(for %(whom)s)") % {"whom": o.on_behalf_of}
    if o.answer:
        line += " — " + _("answer: %(answer)s") % {"answer": " ".join(o.answer.split())}
    return line + (f" — {outcome}" if outcome else "")


def mention_line(m: HeldMention) -> str:
    where = ", ".join(_(WHERE[(m.kind, f)][0]) if (m.kind, f) in WHERE else f for f in m.fields)
    if m.meeting_title:
        return _("Named in %(where)s of %(meeting)s") % {"where": where, "meeting": _meeting(m.meeting_title,
                                                                                           m.held_on)}
    return _("Named in %(where)s") % {"where": where}


def history_line(days: tuple[dt.date, ...]) -> str:
    n = len(days)
    if not n:
        return _("History: no change kept apart names the person.")
    return ngettext("History: %(n)s change keeps values that name the person, on %(days)s.",
                    "History: %(n)s changes keep values that name the person, on %(days)s.", n) % {
        "n": l10n.format_number(n), "days": ", ".join(l10n.format_date(d) for d in sorted(set(days)))}


def finding_lines(sheet: Sheet) -> list[str]:
    """What is held, one line per item, in the user's language."""
    if sheet.empty:
        return [_("Nothing held about %(person)s.") % {"person": sheet.about}]
    lines = [opinion_line(o) for o in sheet.opinions]
    lines += [mention_line(m) for m in sheet.mentions]
    lines.append(history_line(sheet.history_days))
    if sheet.drafts:
        lines.append(ngettext("%(n)s unsaved draft names the person.", "%(n)s unsaved drafts name the person.",
                              sheet.drafts) % {"n": sheet.drafts})
    if sheet.conflicts:
        lines.append(ngettext("%(n)s record kept aside by a sync conflict names the person.",
                              "%(n)s records kept aside by sync conflicts name the person.",
                              sheet.conflicts) % {"n": sheet.conflicts})
    return lines
