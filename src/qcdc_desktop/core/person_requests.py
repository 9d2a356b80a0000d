"""Citizens' requests about their personal data (Law 91/2025/QH15): what one is, and checking what
a person typed for it.  Nothing here reads a file; ``db/person_requests.py`` keeps the register.

A request comes from the citizen or from their representative (``requester``), is about one
person (a name of at least two words, a phone number, or both: :class:`core.personal.Person`),
is of one kind (to know what is held, to correct it, to erase it, to restrict or to object to its
use), and is answered once, on a day, with what was done.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..l10n import N_, _
from .errors import Problem, QcdcError, ValidationError
from .personal import Person
from .text import has_forbidden_characters, nfc
from .users import clean_line

KINDS: dict[str, str] = {
    "access": N_("To know what is held"),
    "correction": N_("To correct the data"),
    "erasure": N_("To erase the data"),
    "restriction": N_("To restrict its use"),
    "objection": N_("To object to its use"),
}
MAX_NAME = 200  # the requester, the person's name
MAX_PHONE = 50
MAX_TEXT = 5_000  # the details, the outcome
EARLIEST = dt.date(1990, 1, 1)
_PHONE = re.compile(r"\+?[0-9 .\-()/]+")


def kind_label(kind: str) -> str:
    """The kind of request in the user's language."""
    return _(KINDS[kind]) if kind in KINDS else kind


@dataclass(frozen=True)
class PersonRequest:
    """One request of the register, as stored."""

    id: str
    received_on: dt.date
    requester: str
    subject_name: str
    subject_phone: str
    kind: str
    details: str = ""
    answered_on: dt.date | None = None
    answered_by: str = ""
    outcome: str = ""
    erasure_id: str | None = None

    @property
    def person(self) -> Person:
        return Person(self.subject_name, self.subject_phone)

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    def days_waiting(self, today: dt.date) -> int:
        """Days from its receipt to its answer, or to ``today`` while it waits."""
        return max(((self.answered_on or today) - self.received_on).days, 0)

    @property
    def about(self) -> str:
        """Whom it is about, as one line: "Trần Thị Bình, 0912 345 678"."""
        return ", ".join(part for part in (self.subject_name, self.subject_phone) if part)


@dataclass(frozen=True)
class NewRequest:
    """A request as typed, checked and in NFC (the id is given when it is stored)."""

    received_on: dt.date
    requester: str
    subject_name: str
    subject_phone: str
    kind: str
    details: str


def _text(value: str, key: str, limit: int, problems: list[Problem], *, required: bool) -> str:
    """A text of several lines: NFC, its lines kept, spaces at either end removed."""
    if has_forbidden_characters(value.replace("\n", " ").replace("\r", " ").replace("\t", " ")):
        problems.append(Problem((key,), _("contains control characters or invalid characters")))
        return ""
    value = "\n".join(line.rstrip() for line in nfc(value).replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    value = value.strip()
    if required and not value:
        problems.append(Problem((key,), _("must not be empty")))
    elif len(value) > limit:
        problems.append(Problem((key,), _("is too long (at most %(n)d characters)") % {"n": limit}))
    return value


def _day(value: dt.date | None, key: str, today: dt.date, problems: list[Problem]) -> dt.date | None:
    if value is None:
        problems.append(Problem((key,), _("must not be empty")))
    elif value > today:
        problems.append(Problem((key,), _("is in the future (%(date)s)") % {"date": value.isoformat()}))
    elif value < EARLIEST:
        problems.append(Problem((key,), _("is before %(year)d") % {"year": EARLIEST.year}))
    else:
        return value
    return None


def clean_request(*, received_on: dt.date | None, requester: str, subject_name: str, subject_phone: str, kind: str,
                  details: str, today: dt.date) -> NewRequest:
    """A request from what a person typed, or :class:`ValidationError` whose problems have the
    paths ``("received_on",)``, ``("requester",)``, ``("subject_name",)``, ``("subject_phone",)``,
    ``("kind",)`` or ``("details",)``, so a form shows each next to its field."""
    problems: list[Problem] = []
    day = _day(received_on, "received_on", today, problems)
    who = clean_line(requester, "requester", MAX_NAME, problems, required=True)
    name = clean_line(subject_name, "subject_name", MAX_NAME, problems, required=False)
    phone = clean_line(subject_phone, "subject_phone", MAX_PHONE, problems, required=False)
    if phone and not _PHONE.fullmatch(phone):
        problems.append(Problem(("subject_phone",), _("may hold only digits, spaces, dots, dashes and a leading +")))
    if not any(p.path[0] in ("subject_name", "subject_phone") for p in problems):
        problem = Person(name, phone).problem()
        if problem:
            problems.append(Problem(("subject_name" if name or not phone else "subject_phone",), _(problem)))
    if kind not in KINDS:
        problems.append(Problem(("kind",), _("unknown code %(value)r; expected one of: %(codes)s")
                                % {"value": str(kind)[:40], "codes": ", ".join(KINDS)}))
    text = _text(details, "details", MAX_TEXT, problems, required=False)
    if problems:
        raise ValidationError(problems)
    assert day is not None
    return NewRequest(day, who, name, phone, kind, text)


def clean_answer(request: PersonRequest, *, answered_on: dt.date | None, outcome: str,
                 today: dt.date) -> tuple[dt.date, str]:
    """The day of the answer and what was answered, checked: not before the request came, not in
    the future, the outcome said (paths ``("answered_on",)`` and ``("outcome",)``)."""
    problems: list[Problem] = []
    day = _day(answered_on, "answered_on", today, problems)
    if day is not None and day < request.received_on:
        problems.append(Problem(("answered_on",), _("is before the request was received (%(date)s)")
                                % {"date": request.received_on.isoformat()}))
    text = _text(outcome, "outcome", MAX_TEXT, problems, required=True)
    if problems:
        raise ValidationError(problems)
    assert day is not None
    return day, text


class PersonNotNamed(QcdcError):
    """What was typed cannot name a person (a sentence says why); nothing was looked for."""


def typed_person(name: str, phone: str = "") -> Person:
    """The person a search or an erasure is about, from what was typed: NFC, single spaces, a
    name of at least two words and/or a phone number with digits (:meth:`Person.problem`)."""
    if has_forbidden_characters(name) or has_forbidden_characters(phone):
        raise PersonNotNamed(_("The name or the phone number contains control characters or invalid characters."))
    clean_name, clean_phone = " ".join(nfc(name).split()), " ".join(nfc(phone).split())
    if len(clean_name) > MAX_NAME:
        raise PersonNotNamed(_("The name is too long (at most %(n)d characters).") % {"n": MAX_NAME})
    if len(clean_phone) > MAX_PHONE:
        raise PersonNotNamed(_("The phone number is too long (at most %(n)d characters).") % {"n": MAX_PHONE})
    person = Person(clean_name, clean_phone)
    problem = person.problem()
    if problem:
        raise PersonNotNamed(_(problem))
    return person
