"""Domain records: meetings with their opinions, conclusions (tasks) and publications; officials;
outgoing-document register entries; the office's own unit.

The field names are the keys of the JSON shape in docs/record-format.md, so a record converts to and from
that shape by name.  ``id`` is None until the store assigns one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class Person:
    name: str
    title: str = ""


@dataclass(slots=True)
class Opinion:
    speaker: str
    field: str
    content: str
    address: str = ""
    phone: str = ""
    on_behalf_of: str = ""
    answered: bool = False
    answer: str = ""
    outcome: str | None = None
    id: str | None = None


ANSWERED = "answered"  # the outcome "answered at the meeting" (core.catalog.OUTCOMES)


def as_one_fact(answered: bool, outcome: str | None) -> tuple[bool, str | None]:
    """An opinion's "answered at the meeting" and its outcome read as the one fact they are
    (docs/record-format.md): the outcome decides, and an opinion answered with no outcome yet
    (written by an earlier version) has the outcome "answered".  Returns (answered, outcome)."""
    if outcome is None:
        return answered, ANSWERED if answered else None
    return outcome == ANSWERED, outcome


@dataclass(slots=True)
class Task:
    """A conclusion of the meeting that somebody must carry out (key ``conclusions`` in JSON)."""

    content: str
    assignee: str
    deadline: dt.date | None = None
    coordinating: str = ""
    opinions: list[int] = field(default_factory=list)  # 1-based numbers of the meeting's opinions
    state: str = "open"
    result: str = ""
    completed_on: dt.date | None = None
    reply_doc: str = ""
    id: str | None = None


@dataclass(slots=True)
class Publication:
    """How and when the meeting's results were made public (posting, loudspeaker, hamlet heads)."""

    method: str
    published_on: dt.date
    ends_on: dt.date | None = None
    note: str = ""
    id: str | None = None


@dataclass(slots=True)
class Meeting:
    kind: str
    held_on: dt.date
    title: str
    place: str
    chair: str
    chair_title: str
    track: str = "state"
    starts_at: str = ""
    ends_at: str = ""
    scope: list[str] = field(default_factory=list)  # hamlets / residential groups; empty = whole commune
    mode: str = "in_person"
    co_chairs: list[Person] = field(default_factory=list)
    coordinating: str = ""
    participants: int = 0
    announced_on: dt.date | None = None
    minutes: str = ""
    conclusion: str = ""
    status: str = "held"
    secretary: str = ""  # who kept the minutes (thư ký): signs them beside the chair
    opinions: list[Opinion] = field(default_factory=list)
    conclusions: list[Task] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    id: str | None = None


@dataclass(slots=True)
class Official:
    name: str
    title: str
    track: str = "state"
    active: bool = True
    id: str | None = None


@dataclass(slots=True)
class RegisterEntry:
    """One number taken from the outgoing-document register.  A number is never reused; a
    cancelled document keeps its number."""

    year: int
    number: int
    doc_type: str
    issuer: str  # "UBND", or on the Party track "ĐU" (a commune's Party committee), "TU" (the province's)
    issued_on: dt.date
    meeting_id: str | None = None
    signer: str = ""
    summary: str = ""
    cancelled: bool = False
    # What the printed document needs besides the meeting, fixed when the number is taken so that
    # printing it again gives the same paper: who signs in what capacity (core.notice.AUTHORITIES),
    # the place of the date line, the recipients, the minutes' secretary.
    authority: str = ""
    place: str = ""
    recipients: list[str] = field(default_factory=list)
    secretary: str = ""
    fingerprint: str = ""  # of the meeting's printed content when issued (core.notice.fingerprint)
    replaces: str | None = None  # id of the entry this corrected document replaces
    superseded_by: str | None = None  # id of the corrected document that replaced this one
    opinions: str = "counts"  # a notice: "summary" or "counts" of the opinions (kept in its fingerprint)
    id: str | None = None

    @property
    def symbol(self) -> str:
        """The printed number: "05/TB-UBND" for the State track, "12-TB/ĐU" for the Party track."""
        return document_symbol(self.number, self.doc_type, self.issuer)


def party_symbol(issuer: str) -> bool:
    """True when ``issuer`` (a symbol's issuer part) is a Party body's: every one but "UBND"."""
    return issuer != "UBND"


def document_symbol(number: int, doc_type: str, issuer: str) -> str:
    """"05/TB-UBND" (Decree 30), or "12-TB/ĐU", "12-BC/TU" for a Party body (Hướng dẫn 36)."""
    if party_symbol(issuer):
        return f"{number:02d}-{doc_type}/{issuer}"
    return f"{number:02d}/{doc_type}-{issuer}"


@dataclass(slots=True)
class Unit:
    """The office this database belongs to."""

    code: str
    name: str
    role: str  # "commune" or "upper"
    province_code: str
    province_name: str
