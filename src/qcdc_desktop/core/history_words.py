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
whole are :func:`field_changes`.  An update holds only the fields it changed, so the record it
changed is named from what is known of it: :class:`Subjects` learns the records' names from the
entries it is shown (their insertions, and their deletions, hold every field) and from records
read elsewhere.  Nothing here reads a file: the names of offices come from the caller.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .. import l10n
from ..l10n import N_, _
from . import catalog
from .history import DELETE, ERASED, EVENT, INSERT, UPDATE, Entry
from .history_labels import (
    BOOL,
    BUNDLE_OUTCOMES,
    CHANGED_BY,
    COUNTS,
    DATE,
    EVENT_LABELS,
    FIELDS,
    Field,
    HEX,
    KINDS,
    LIST,
    MOMENT,
    NUMBER,
    OFFICE,
    OfficeNames,
    PEOPLE,
    RECORD,
    SETTING_SHAPES,
    action_label,
    field_label,
    kind_label,
    setting_label,
)
from .model import Meeting

SHORT = 60
"""Characters of a value inside a sentence; longer values end with an ellipsis."""


def shorten(text: str, limit: int = SHORT) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _date(value: str) -> str:
    try:
        return l10n.format_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def moment_text(value: str) -> str:
    """A moment stored in UTC as the office's clock showed it: "14:20 05/03/2026"."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return l10n.format_moment(moment)


def _listed(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, list) else None
    return None


def value_text(kind: str, name: str, value: Any, *, offices: OfficeNames | None = None,
               names: Mapping[str, str] | None = None, record: str = "") -> str:
    """A stored value as a person reads it, whole: a code by its label, a date as dd/mm/yyyy, yes
    or no, a list joined; ``names`` names records by id (a meeting by its title)."""
    if value == ERASED:
        return _("(erased at the citizen's request)")
    if value is None or value == "":
        return _("(empty)")
    spec = FIELDS.get(kind, {}).get(name, Field(name))
    if kind == "settings" and record in SETTING_SHAPES:
        spec = Field(name, SETTING_SHAPES[record])
    shape = spec.shape
    if isinstance(shape, catalog.Catalog):
        return shape.label(str(value)) if str(value) in shape else str(value)
    if callable(shape):
        return shape(str(value))
    if shape == DATE:
        return _date(str(value))
    if shape == MOMENT:
        return moment_text(str(value))
    if shape == BOOL:
        return _("Yes") if value in (1, True, "1", "true") else _("No")
    if shape == NUMBER and isinstance(value, int):
        return l10n.format_number(value)
    if shape in (LIST, PEOPLE):
        items = _listed(value)
        if items is None:
            return str(value)
        if not items:
            return _("(empty)")
        if shape == PEOPLE:
            return "; ".join(_person(p) for p in items)
        return ", ".join(str(i) for i in items)
    if shape == RECORD:
        return (names or {}).get(str(value), str(value))
    if shape == OFFICE:
        return _office(str(value), offices)
    if shape == HEX:
        text = str(value)
        return text if len(text) <= 24 else text[:16] + "…"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _person(item: Any) -> str:
    if isinstance(item, dict):
        name, title = str(item.get("name", "")), str(item.get("title", ""))
        return f"{name} ({title})" if title else name
    return str(item)


def _office(code: str, offices: OfficeNames | None) -> str:
    name = offices(code) if offices is not None else code
    return f"{name} ({code})" if name and name != code else code


def quoted(text: str, *, short: bool = True) -> str:
    """A value inside a sentence: «…», shortened; the words for empty and erased stay bare."""
    if text in (_("(empty)"), _("(erased at the citizen's request)")):
        return text
    return f"«{shorten(text) if short else text}»"


# ---- who and which record ---------------------------------------------------------------------


def actor(entry: Entry) -> str:
    """Who made the change: the account's full name, else its login, else the program itself."""
    return entry.by_name or entry.by or _("the program")


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _opening(entry: Entry, sentence: str) -> str:
    """A sentence begins with a capital, unless it begins with a login ("vanthu xóa …", also when
    the account's full name is its login): a login is written as it is typed."""
    return sentence if entry.by and entry.by_name in ("", entry.by) else _capitalised(sentence)


_GENERIC: dict[str, str] = {
    "meetings": N_("the meeting"),
    "opinions": N_("the opinion"),
    "tasks": N_("the task"),
    "publications": N_("the publication of the results"),
    "officials": N_("the official"),
    "register_entries": N_("the document of the register"),
    "messages": N_("the reply or directive"),
    "settings": N_("the setting"),
    "users": N_("the account"),
    "sync_keys": N_("the key of this office"),
    "sync_peers": N_("the enrolled office"),
    "sync_peer_keys": N_("the key of an enrolled office"),
}


def _known(values: Mapping[str, Any], name: str) -> Any:
    value = values.get(name)
    return None if value in (None, "", ERASED) else value


def subject(kind: str, record: str, values: Mapping[str, Any], *, offices: OfficeNames | None = None) -> str:
    """The record as a sentence names it, from what is known of its values: "ý kiến số 3 của Trần
    Văn Bảy", "hội nghị «…» ngày 05/03/2026", "văn bản số 05/TB-UBND"; the kind alone when
    nothing is known."""
    generic = _(_GENERIC[kind]) if kind in _GENERIC else kind
    v = values
    if kind == "meetings" and _known(v, "title"):
        title = shorten(str(v["title"]), 50)
        if _known(v, "held_on"):
            return _("the meeting «%(title)s» of %(date)s") % {"title": title, "date": _date(str(v["held_on"]))}
        return _("the meeting «%(title)s»") % {"title": title}
    if kind == "opinions" and _known(v, "position"):
        if _known(v, "speaker"):
            return _("opinion no. %(n)s of %(speaker)s") % {"n": v["position"], "speaker": v["speaker"]}
        return _("opinion no. %(n)s") % {"n": v["position"]}
    if kind == "tasks" and _known(v, "position"):
        if _known(v, "content"):
            return _("task no. %(n)s «%(content)s»") % {"n": v["position"], "content": shorten(str(v["content"]), 40)}
        return _("task no. %(n)s") % {"n": v["position"]}
    if kind == "publications" and _known(v, "position"):
        method = value_text(kind, "method", v.get("method"))
        return _("publication no. %(n)s of the results (%(method)s)") % {"n": v["position"], "method": method}
    if kind == "officials" and _known(v, "name"):
        return _("the official %(name)s") % {"name": v["name"]}
    if kind == "register_entries" and _known(v, "number") and _known(v, "doc_type") and _known(v, "issuer"):
        number, doc_type, issuer = int(v["number"]), str(v["doc_type"]), str(v["issuer"])
        symbol = f"{number:02d}-{doc_type}/{issuer}" if issuer == "ĐU" else f"{number:02d}/{doc_type}-{issuer}"
        return _("document %(symbol)s") % {"symbol": symbol}
    if kind == "messages" and _known(v, "kind"):
        if v["kind"] == "directive" and _known(v, "commune"):
            return _("the directive to %(office)s") % {"office": _office(str(v["commune"]), offices)}
        if v["kind"] == "reply":
            return _("the reply to an opinion")
    if kind == "settings":
        return _("the setting «%(name)s»") % {"name": setting_label(record)}
    if kind == "users" and _known(v, "login"):
        if _known(v, "full_name"):
            return _("the account %(login)s (%(name)s)") % {"login": v["login"], "name": v["full_name"]}
        return _("the account %(login)s") % {"login": v["login"]}
    if kind == "sync_keys":
        return _("the key %(key)s of this office") % {"key": record[:16]}
    if kind == "sync_peers":
        name = _known(v, "name") or (offices(record) if offices is not None else "")
        return _("the enrolled office %(office)s") % {"office": f"{name} ({record})" if name else record}
    if kind == "sync_peer_keys":
        office = _office(str(v["unit_code"]), offices) if _known(v, "unit_code") else "?"
        return _("the key of %(office)s") % {"office": office}
    return generic


class Subjects:
    """What is known of each record, to name it in a sentence: learned from the entries shown
    (oldest first, so the latest values win) and from records read elsewhere."""

    def __init__(self, offices: OfficeNames | None = None) -> None:
        self.offices = offices
        self._values: dict[str, dict[str, Any]] = {}
        self._kinds: dict[str, str] = {}

    def learn(self, entry: Entry) -> None:
        if entry.action == EVENT:
            return
        side = 0 if entry.action == DELETE else 1
        self.learn_values(entry.kind, entry.record, {name: pair[side] for name, pair in entry.fields.items()})

    def learn_all(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.learn(entry)

    def learn_values(self, kind: str, record: str, values: Mapping[str, Any]) -> None:
        known = self._values.setdefault(record, {})
        self._kinds[record] = kind
        for name, value in values.items():
            if value is not None and value != ERASED:
                known[name] = value

    def learn_meeting(self, meeting: Meeting) -> None:
        """Names from a meeting as it is stored now: its own, its opinions', tasks' and publications'."""
        if meeting.id:
            self.learn_values("meetings", meeting.id, {"title": meeting.title, "held_on": meeting.held_on.isoformat()})
        for number, opinion in enumerate(meeting.opinions, start=1):
            if opinion.id:
                self.learn_values("opinions", opinion.id, {"position": number, "speaker": opinion.speaker})
        for number, task in enumerate(meeting.conclusions, start=1):
            if task.id:
                self.learn_values("tasks", task.id, {"position": number, "content": task.content})
        for number, publication in enumerate(meeting.publications, start=1):
            if publication.id:
                self.learn_values("publications", publication.id, {"position": number, "method": publication.method})

    def knows(self, record: str) -> bool:
        return record in self._values

    def names_it(self, kind: str, record: str) -> bool:
        """Whether more is known of the record than its kind (a change then names it)."""
        return record in self._values and self.phrase(kind, record) != subject(kind, record, {}, offices=self.offices)

    def phrase(self, kind: str, record: str) -> str:
        return subject(kind, record, self._values.get(record, {}), offices=self.offices)

    def names(self) -> Mapping[str, str]:
        """Records by id as a value names them (a task's meeting by the meeting's title)."""
        return _Names(self)


class _Names(Mapping[str, str]):
    def __init__(self, subjects: Subjects) -> None:
        self._subjects = subjects

    def __getitem__(self, record: str) -> str:
        kind = self._subjects._kinds[record]
        values = self._subjects._values.get(record, {})
        if kind == "meetings" and _known(values, "title"):  # after the label "Hội nghị": its title and day
            title = shorten(str(values["title"]), 50)
            if _known(values, "held_on"):
                return _("«%(title)s» of %(date)s") % {"title": title, "date": _date(str(values["held_on"]))}
            return f"«{title}»"
        return self._subjects.phrase(kind, record)

    def __iter__(self) -> Iterator[str]:
        return iter(self._subjects._kinds)

    def __len__(self) -> int:
        return len(self._subjects._kinds)


def entry_subject(entry: Entry, subjects: Subjects | None = None, *, offices: OfficeNames | None = None) -> str:
    """The record an entry is about, named as well as is known; an event by its kind."""
    if entry.action == EVENT:
        return kind_label(entry.kind)
    if subjects is not None and subjects.knows(entry.record):
        return subjects.phrase(entry.kind, entry.record)
    side = 0 if entry.action == DELETE else 1
    values = {name: pair[side] for name, pair in entry.fields.items()}
    return subject(entry.kind, entry.record, values, offices=offices)


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
                text = _office(str(value), offices)
            elif name == "counts" and isinstance(value, dict):
                text = counts_text(value) or _("nothing")
            elif name == "outcome" and value in BUNDLE_OUTCOMES:
                text = _(BUNDLE_OUTCOMES[str(value)])
            elif name == "created_at" and isinstance(value, str):
                text = moment_text(value)
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
        office = _office(str(values.get("from", "?")), offices)
        written = counts_text(values.get("counts") or {}) if isinstance(values.get("counts"), dict) else ""
        return _("%(who)s applied bundle no. %(number)s from %(office)s: %(written)s.") % {
            "who": who, "number": values.get("number", "?"), "office": office,
            "written": written or _("nothing new")}
    named = str(values.get("file") or values.get("path") or values.get("name") or "")
    if entry.kind == "backup":
        if named:
            return _("%(who)s made the backup %(file)s.") % {"who": who, "file": named}
        return _("%(who)s made a backup of the data file.") % {"who": who}
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
