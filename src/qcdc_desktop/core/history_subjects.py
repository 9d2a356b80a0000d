"""The records the office's history speaks of, named as a sentence names them ("ý kiến số 3 của
Trần Văn Bảy", "hội nghị «…» ngày 05/03/2026"): an update holds only the fields it changed, so
:class:`Subjects` learns the records' names from the entries shown (their insertions and
deletions hold every field) and from records read elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..l10n import N_, _
from .history import DELETE, ERASED, EVENT, Entry
from .history_format import date_text, office_text, shorten, value_text
from .history_labels import OfficeNames, kind_label, setting_label
from .model import Meeting, document_symbol


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
            return _("the meeting «%(title)s» of %(date)s") % {"title": title, "date": date_text(str(v["held_on"]))}
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
        return _("document %(symbol)s") % {"symbol": document_symbol(number, doc_type, issuer)}
    if kind == "messages" and _known(v, "kind"):
        if v["kind"] == "directive" and _known(v, "commune"):
            return _("the directive to %(office)s") % {"office": office_text(str(v["commune"]), offices)}
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
        office = office_text(str(v["unit_code"]), offices) if _known(v, "unit_code") else "?"
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
                return _("«%(title)s» of %(date)s") % {"title": title, "date": date_text(str(values["held_on"]))}
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
