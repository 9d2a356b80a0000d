"""The office's history in the reader's words: an entry (core/history.py) told as sentences,
never as the JSON it is stored as.

"Nguyễn Thị Lan đổi Nội dung ý kiến từ «…» thành «…»", "Nguyễn Thị Lan thêm ý kiến số 3 của
Trần Văn Bảy", "Lê Văn Hùng xóa hội nghị «…» ngày 05/03/2026. Lý do: …", "Lịch sử bắt đầu: tệp có
24 hội nghị, 380 ý kiến …".  Every column the triggers note (db/schema_history.HISTORY_TRACKED) is named
by its label (core/history_labels.py); codes are shown by their catalog's
label, dates as dd/mm/yyyy, long texts shortened with an ellipsis in a sentence (whole in
:func:`field_changes`), a value erased at a citizen's request says so, and an entry made by the
program itself (a conversion, the start of the history) names the program.

One sentence per entry is :func:`describe` (the History place's list, the exports, ``qcdc
history``); the History panel's sentences, field by field, are :func:`sentences`; the values
whole are :func:`field_changes`.  Values are written by core/history_format.py, the records
named by core/history_subjects.py.  Nothing here reads a file: the names of offices come from the
caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import l10n
from ..l10n import _, ngettext
from .history import DELETE, EVENT, INSERT, UPDATE, Entry
from .history_format import moment_text, office_text, quoted, shorten, value_text
from .history_labels import (
    BUNDLE_OUTCOMES,
    CHANGED_BY,
    COUNTS,
    EVENT_LABELS,
    FIELDS,
    Field,
    KINDS,
    OFFICE,
    OfficeNames,
    PRINT_STATES,
    refusal_phrase,
    RECORD,
    action_label,
    field_label,
    kind_label,
)
from .history_subjects import Subjects, entry_subject

# ---- who ---------------------------------------------------------------------------------------


def actor(entry: Entry) -> str:
    """Who made the change: the account's full name, else its login, else the program itself."""
    return entry.by_name or entry.by or _("the program")


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _opening(entry: Entry, sentence: str) -> str:
    """A sentence begins with a capital, unless it begins with a login ("vanthu xóa …", also when
    the account's full name is its login): a login is written as it is typed."""
    return sentence if entry.by and entry.by_name in ("", entry.by) else _capitalised(sentence)


# ---- the fields of an entry -------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry, its values whole as a person reads them: ``before`` is None for an
    addition, ``after`` None for a deletion."""

    name: str
    label: str
    before: str | None
    after: str | None
    plain: bool = False  # a record or an office named, an event's value: not quoted

    def _q(self, text: str, short: bool) -> str:
        return (shorten(text) if short else text) if self.plain else quoted(text, short=short)

    def phrase(self) -> str:
        """The change as a sentence names it, values shortened: "Nội dung ý kiến từ «…» thành «…»";
        a field of an addition or a deletion: "Nội dung ý kiến: «…»"."""
        if self.before is None or self.after is None:
            return _("%(field)s: %(value)s") % {"field": self.label,
                                                "value": self._q(self.after or self.before or "", True)}
        return _("%(field)s from %(before)s to %(after)s") % {"field": self.label, "before": self._q(self.before, True),
                                                             "after": self._q(self.after, True)}

    def line(self) -> str:
        """The field with its values whole: "Nội dung ý kiến: «…» → «…»"."""
        if self.before is None or self.after is None:
            return _("%(field)s: %(value)s") % {"field": self.label,
                                                "value": self._q(self.after or self.before or "", False)}
        return _("%(field)s: %(before)s → %(after)s") % {"field": self.label, "before": self._q(self.before, False),
                                                        "after": self._q(self.after, False)}


_HIDDEN_IN_SENTENCES = {"meeting_id"}  # a child's meeting: named by the record, not as a field


def field_changes(entry: Entry, *, offices: OfficeNames | None = None,
                  names: Mapping[str, str] | None = None) -> list[FieldChange]:
    """The fields of ``entry`` in the order of the record's columns, each with its label and
    its values whole.  An event's values are given as its "after"."""
    if entry.action == EVENT:
        return _event_fields(entry, offices)
    order = list(FIELDS.get(entry.kind, {}))
    ranked = sorted(entry.fields, key=lambda n: (order.index(n) if n in order else len(order), n))
    result = []
    for name in ranked:
        before, after = entry.fields[name]
        label = field_label(entry.kind, name, entry.record)
        shape = FIELDS.get(entry.kind, {}).get(name, Field(name)).shape
        result.append(FieldChange(
            name, label,
            None if entry.action == INSERT else value_text(entry.kind, name, before, offices=offices, names=names,
                                                           record=entry.record),
            None if entry.action == DELETE else value_text(entry.kind, name, after, offices=offices, names=names,
                                                           record=entry.record),
            plain=shape in (RECORD, OFFICE)))
    return result




def _event_fields(entry: Entry, offices: OfficeNames | None) -> list[FieldChange]:
    result = []
    for name in sorted(entry.fields):
        value = entry.fields[name][1]
        if entry.kind == "history":
            label = kind_label(name) if name in KINDS else name
            if isinstance(value, dict):
                text = _("%(count)s (checksum %(digest)s…)") % {
                    "count": l10n.format_number(int(value.get("count", 0))), "digest": str(value.get("digest", ""))[:12]}
            else:
                text = value_text("", name, value)
        else:
            label = _(EVENT_LABELS[name]) if name in EVENT_LABELS else name
            if name == "from":
                text = office_text(str(value), offices)
            elif name == "counts" and isinstance(value, dict):
                text = counts_text(value) or _("nothing")
            elif name == "outcome" and value in BUNDLE_OUTCOMES:
                text = _(BUNDLE_OUTCOMES[str(value)])
            elif name == "created_at" and isinstance(value, str):
                text = moment_text(value)
            elif name == "state" and value in PRINT_STATES:
                text = _(PRINT_STATES[str(value)])
            elif name == "changed_by" and value in CHANGED_BY:
                text = _(CHANGED_BY[str(value)])
            elif name == "replaced" and isinstance(value, int):
                text = _("Yes") if value else _("No")
            elif isinstance(value, int):
                text = l10n.format_number(value)
            else:
                text = value_text("", name, value)
        result.append(FieldChange(name, label, None, text, plain=True))
    return result


def counts_text(counts: Mapping[str, Any]) -> str:
    """"12 hội nghị, 240 ý kiến": the non-zero counts of records by kind."""
    parts = []
    for kind, n in counts.items():
        number = n.get("count", 0) if isinstance(n, dict) else n
        if not isinstance(number, int) or number <= 0:
            continue
        if kind in COUNTS:
            parts.append(COUNTS[kind](number) % {"n": l10n.format_number(number)})
        else:
            parts.append(f"{l10n.format_number(number)} {kind}")
    return ", ".join(parts)


# ---- sentences ----------------------------------------------------------------------------------


def _reason(entry: Entry) -> str:
    return _("Reason: %(reason)s.") % {"reason": entry.reason.strip().rstrip(".")} if entry.reason.strip() else ""


def _event_sentence(entry: Entry, offices: OfficeNames | None) -> str:
    who = actor(entry)
    values = {name: pair[1] for name, pair in entry.fields.items()}
    if entry.kind == "history" and entry.record == "begin":
        counts = counts_text(values)
        if not counts:
            return _("The history begins: the file held no records yet.")
        return _("The history begins: the file held %(counts)s.") % {"counts": counts}
    if entry.kind == "bundle_in":
        office = office_text(str(values.get("from", "?")), offices)
        written = counts_text(values.get("counts") or {}) if isinstance(values.get("counts"), dict) else ""
        return _("%(who)s applied bundle no. %(number)s from %(office)s: %(written)s.") % {
            "who": who, "number": values.get("number", "?"), "office": office,
            "written": written or _("nothing new")}
    if entry.kind == "bundle_refused":
        claimed = values.get("claimed_from")
        if isinstance(claimed, str) and claimed:
            return _("%(who)s tried to import the file %(file)s, which says it comes from %(office)s; it was "
                     "refused (%(reason)s).") % {"who": who, "file": values.get("file", "?"),
                                                 "office": office_text(claimed, offices),
                                                 "reason": refusal_phrase(str(values.get("reason", "")))}
        return _("%(who)s tried to import the file %(file)s; it was refused (%(reason)s).") % {
            "who": who, "file": values.get("file", "?"), "reason": refusal_phrase(str(values.get("reason", "")))}
    named = str(values.get("file") or values.get("path") or values.get("name") or "")
    if entry.kind == "backup":
        if named:
            return _("%(who)s made the backup %(file)s.") % {"who": who, "file": named}
        return _("%(who)s made a backup of the data file.") % {"who": who}
    if entry.kind == "print":
        state = PRINT_STATES.get(str(values.get("state", "")))
        return _("%(who)s printed %(document)s, %(pages)s on %(printer)s: %(state)s.") % {
            "who": who, "document": values.get("document", entry.record),
            "pages": ngettext("%(n)s page", "%(n)s pages", int(values.get("pages") or 0)) % {
                "n": values.get("pages", 0)},
            "printer": values.get("printer") or "?", "state": _(state) if state else values.get("state", "?")}
    if entry.kind == "restore":
        if named:
            return _("%(who)s restored the data file from the backup %(file)s.") % {"who": who, "file": named}
        return _("%(who)s restored the data file from a backup.") % {"who": who}
    return _("%(who)s recorded the event «%(event)s».") % {"who": who, "event": kind_label(entry.kind)}


def _headline(entry: Entry, subject_text: str | None, subjects: Subjects | None,
              offices: OfficeNames | None) -> str:
    if entry.action == EVENT:
        return _opening(entry, _event_sentence(entry, offices))
    who = actor(entry)
    if subject_text is None and (entry.action != UPDATE or (subjects is not None
                                                            and subjects.names_it(entry.kind, entry.record))):
        subject_text = entry_subject(entry, subjects, offices=offices)
    if entry.action == INSERT:
        return _opening(entry, _("%(who)s added %(what)s.") % {"who": who, "what": subject_text})
    if entry.action == DELETE:
        return _opening(entry, _("%(who)s deleted %(what)s.") % {"who": who, "what": subject_text})
    names = subjects.names() if subjects is not None else None
    changes = "; ".join(c.phrase() for c in field_changes(entry, offices=offices, names=names)
                        if c.name not in _HIDDEN_IN_SENTENCES)
    if subject_text:
        return _opening(entry, _("%(who)s changed %(what)s: %(changes)s.")
                            % {"who": who, "what": subject_text, "changes": changes})
    return _opening(entry, _("%(who)s changed %(changes)s.") % {"who": who, "changes": changes})


def describe(entry: Entry, *, subject_text: str | None = None, subjects: Subjects | None = None,
             offices: OfficeNames | None = None) -> str:
    """The entry in one sentence, in the active language, its reason after it.

    An addition or a deletion names its record from its own values; a change names the fields it
    changed, and its record when one is known (``subject_text``, or what ``subjects`` learned):
    without one it reads "Nguyễn Thị Lan đổi Nội dung ý kiến từ «…» thành «…»", as the record's
    own History panel says it."""
    offices = offices or (subjects.offices if subjects is not None else None)
    reason = _reason(entry)
    return _headline(entry, subject_text, subjects, offices) + (" " + reason if reason else "")


def sentences(entry: Entry, *, subjects: Subjects | None = None, offices: OfficeNames | None = None) -> list[str]:
    """The entry field by field, for the History panel: a change gives one sentence per field
    ("Nguyễn Thị Lan đổi Thời hạn từ «30/04/2026» thành «15/05/2026»."), an addition or a
    deletion one sentence naming the record, an event its sentence; the reason last."""
    offices = offices or (subjects.offices if subjects is not None else None)
    if entry.action == UPDATE:
        who = actor(entry)
        names = subjects.names() if subjects is not None else None
        result = [_opening(entry, _("%(who)s changed %(changes)s.") % {"who": who, "changes": c.phrase()})
                  for c in field_changes(entry, offices=offices, names=names) if c.name not in _HIDDEN_IN_SENTENCES]
    else:
        result = [_headline(entry, None, subjects, offices)]
    reason = _reason(entry)
    return result + ([reason] if reason else [])


@dataclass(frozen=True)
class Described:
    """An entry told in words, with what a list, a panel or an export shows of it."""

    origin: str
    n: int
    at: str  # as stored, in UTC
    when: str  # as the office's clock showed it
    login: str
    who: str
    action: str
    action_label: str
    kind: str
    kind_label: str
    record: str
    subject: str
    sentence: str
    sentences: tuple[str, ...]
    fields: tuple[FieldChange, ...]
    reason: str


def described(entry: Entry, subjects: Subjects | None = None, *, offices: OfficeNames | None = None) -> Described:
    """Everything said of ``entry``: its one sentence, its sentences field by field, its fields whole."""
    offices = offices or (subjects.offices if subjects is not None else None)
    names = subjects.names() if subjects is not None else None
    return Described(
        origin=entry.origin, n=entry.n, at=entry.at, when=moment_text(entry.at), login=entry.by,
        who=_opening(entry, actor(entry)), action=entry.action, action_label=action_label(entry.action),
        kind=entry.kind, kind_label=kind_label(entry.kind),
        record=entry.record, subject=_capitalised(entry_subject(entry, subjects, offices=offices)),
        sentence=describe(entry, subjects=subjects, offices=offices),
        sentences=tuple(sentences(entry, subjects=subjects, offices=offices)),
        fields=tuple(field_changes(entry, offices=offices, names=names)), reason=entry.reason.strip())


def detail_lines(entry: Described, *, shortened_only: bool = False) -> list[str]:
    """The fields of an entry whole, one line each, for a panel, a detail pane or an export: a
    change's before and after, what an addition wrote and a deletion removed (empty fields left
    out), an event's values.  ``shortened_only``: of a change, only the fields its sentence had
    to shorten (the others it says whole already)."""
    empty = _("(empty)")
    lines = []
    for change in entry.fields:
        if entry.action == INSERT and change.after == empty or entry.action == DELETE and change.before == empty:
            continue
        if shortened_only and entry.action == UPDATE and not any(
                v is not None and shorten(v) != v for v in (change.before, change.after)):
            continue
        lines.append(change.line())
    return lines
