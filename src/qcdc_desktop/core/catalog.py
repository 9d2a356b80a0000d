"""Stable codes of the domain and their labels.

Codes are stored and exchanged; labels are shown and go through gettext (English message ids,
Vietnamese catalog).  Field codes are listed in docs/record-format.md and never change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..l10n import N_, _, gettext_in


@dataclass(frozen=True)
class Code:
    code: str
    msgid: str

    @property
    def label(self) -> str:
        """The label in the active language."""
        return _(self.msgid)

    def label_in(self, language: str) -> str:
        return gettext_in(language, self.msgid)


class Catalog:
    """An ordered set of codes with labels."""

    def __init__(self, name: str, entries: list[tuple[str, str]]) -> None:
        self.name = name
        self._entries = {code: Code(code, msgid) for code, msgid in entries}

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def __iter__(self) -> Iterator[Code]:
        return iter(self._entries.values())

    def codes(self) -> list[str]:
        return list(self._entries)

    def label(self, code: str) -> str:
        return self._entries[code].label

    def get(self, code: str) -> Code:
        return self._entries[code]


MEETING_KINDS = Catalog("kind", [
    ("dialogue", N_("Periodic dialogue of the People's Committee chairman")),
    ("contact", N_("Contact and dialogue of the Party committee head")),
    ("on_request", N_("Dialogue requested by at least 10% of voters")),
    ("ad_hoc", N_("Ad hoc dialogue")),
    ("thematic", N_("Thematic dialogue")),
    ("reception", N_("Periodic citizen reception")),
])

# Who holds the meeting: the People's Committee (Decree 30 documents) or the Party committee
# (Hướng dẫn 36-HD/VPTW documents).
TRACKS = Catalog("track", [("state", N_("People's Committee")), ("party", N_("Party committee"))])

MEETING_STATUSES = Catalog("status", [
    ("planned", N_("Planned")),
    ("held", N_("Held")),
    ("concluded", N_("Concluded")),
    ("notice_issued", N_("Notice issued")),
    ("published", N_("Published")),
])

MODES = Catalog("mode", [("in_person", N_("In person")), ("online", N_("Online"))])

FIELDS = Catalog("field", [
    ("land", N_("Land")),
    ("compensation", N_("Compensation and site clearance")),
    ("construction", N_("Construction and urban order")),
    ("transport", N_("Transport")),
    ("environment", N_("Environment")),
    ("security", N_("Security and public order")),
    ("social_policy", N_("Social policy")),
    ("health", N_("Health")),
    ("education", N_("Education")),
    ("economy", N_("Economy and agriculture")),
    ("admin_procedures", N_("Administrative procedures")),
    ("party_government", N_("Party and government building")),
    ("other", N_("Other")),
])

OUTCOMES = Catalog("outcome", [
    ("answered", N_("Answered at the meeting")),
    ("commune_task", N_("Assigned as a commune task")),
    ("forwarded", N_("Forwarded to the upper level")),
    ("not_state_business", N_("Not a matter for the State")),
])

# A task as the person in charge reports it; its progress below is derived from this and the dates.
TASK_STATES = Catalog("state", [("open", N_("Open")), ("done", N_("Done")), ("dropped", N_("Dropped"))])

# Shown status of a task, derived from its state and dates (core.followup.task_progress).
TASK_PROGRESS = Catalog("progress", [
    ("done_on_time", N_("Completed on time")),
    ("done_late", N_("Completed late")),
    ("in_progress", N_("In progress")),
    ("overdue", N_("Overdue")),
    ("dropped", N_("Dropped")),
])

# How a conclusion notice was made public (the law asks that citizens are told).
PUBLICATION_METHODS = Catalog("method", [
    ("posted_hq", N_("Posted at the commune office")),
    ("loudspeaker", N_("Read on the loudspeaker system")),
    ("sent_to_hamlets", N_("Sent to the heads of hamlets")),
    ("website", N_("Published on the web portal")),
    ("other", N_("Other")),
])

# The kinds of outgoing document the register numbers (their abbreviations as Decree 30 writes them).
DOCUMENT_TYPES = Catalog("doc_type", [
    ("TB", N_("Notice")),
    ("BB", N_("Minutes")),
    ("GM", N_("Invitation")),
    ("BC", N_("Report")),
    ("KH", N_("Plan")),
])

ROLES = Catalog("role", [("commune", N_("Commune office")), ("upper", N_("Upper-level office"))])
