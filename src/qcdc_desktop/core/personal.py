"""Citizens' personal data (Law 91/2025/QH15 on personal data protection): the one catalogue of
the fields that hold it, and how a person is recognised in them.

Every part of the program that handles personal data reads :data:`CATALOGUE`: the search for
everything held about a person, the erasure, the retention job, the public versions of the
documents, what bundles carry, and ``docs/privacy.md``, which says the same in words.

A field is in one of five categories:

* :data:`NAME` names a citizen (the speaker, the households spoken for);
* :data:`CONTACT` reaches a citizen (a phone number);
* :data:`PLACE` says where a citizen lives (the hamlet): kept when the person's data is erased,
  because the statistics count opinions by hamlet and a hamlet alone does not identify anyone;
* :data:`FREE_TEXT` is what a person wrote or said, and may contain personal data;
* :data:`OFFICIAL` names someone in their public office (a chair, a signer, an assignee): not a
  citizen's data, and not erased on a citizen's request.

Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from babel.dates import format_date

from ..l10n import N_
from .text import fold, nfc


class Category(StrEnum):
    NAME = "name"
    CONTACT = "contact"
    PLACE = "place"
    FREE_TEXT = "free_text"
    OFFICIAL = "official"


NAME, CONTACT, PLACE, FREE_TEXT, OFFICIAL = (Category.NAME, Category.CONTACT, Category.PLACE,
                                             Category.FREE_TEXT, Category.OFFICIAL)

CATEGORY_LABELS: dict[Category, str] = {
    NAME: N_("names a citizen"),
    CONTACT: N_("reaches a citizen"),
    PLACE: N_("where a citizen lives"),
    FREE_TEXT: N_("may contain personal data"),
    OFFICIAL: N_("names an official in their office"),
}


@dataclass(frozen=True)
class PersonalField:
    """One stored field that holds, or may hold, personal data."""

    kind: str  # the table
    name: str  # the column
    category: Category

    @property
    def erased_with_the_person(self) -> bool:
        """Whether erasing a person's data empties this field of their records (their own
        opinions): names, contact and what they said; not the hamlet, not an official."""
        return self.category in (NAME, CONTACT, FREE_TEXT)

    @property
    def searched_for_mentions(self) -> bool:
        """Whether a person's name is looked for inside this field of every record (and replaced
        there when the person's data is erased)."""
        return self.category in (NAME, FREE_TEXT)


#: Every field of the data file that holds or may hold personal data.
CATALOGUE: tuple[PersonalField, ...] = (
    PersonalField("opinions", "speaker", NAME),
    PersonalField("opinions", "on_behalf_of", NAME),
    PersonalField("opinions", "phone", CONTACT),
    PersonalField("opinions", "address", PLACE),
    PersonalField("opinions", "content", FREE_TEXT),
    PersonalField("opinions", "answer", FREE_TEXT),
    PersonalField("meetings", "minutes", FREE_TEXT),
    PersonalField("meetings", "conclusion", FREE_TEXT),
    PersonalField("meetings", "chair", OFFICIAL),
    PersonalField("meetings", "co_chairs", OFFICIAL),
    PersonalField("meetings", "coordinating", OFFICIAL),
    PersonalField("meetings", "secretary", OFFICIAL),
    PersonalField("tasks", "content", FREE_TEXT),
    PersonalField("tasks", "result", FREE_TEXT),
    PersonalField("tasks", "assignee", OFFICIAL),
    PersonalField("tasks", "coordinating", OFFICIAL),
    PersonalField("publications", "note", FREE_TEXT),
    PersonalField("messages", "content", FREE_TEXT),
    PersonalField("task_history", "result", FREE_TEXT),
    PersonalField("register_entries", "summary", FREE_TEXT),
    PersonalField("register_entries", "signer", OFFICIAL),
    PersonalField("officials", "name", OFFICIAL),
)


def fields_of(kind: str, *categories: Category) -> tuple[str, ...]:
    """The columns of ``kind`` in the catalogue, of the given categories (all when none)."""
    return tuple(f.name for f in CATALOGUE if f.kind == kind and (not categories or f.category in categories))


def personal_fields() -> dict[str, frozenset[str]]:
    """Per table, the fields that hold a citizen's data (every category but OFFICIAL): what the
    office's history keeps apart from its entries, erasable (core/history.py)."""
    found: dict[str, set[str]] = {}
    for f in CATALOGUE:
        if f.category != OFFICIAL:
            found.setdefault(f.kind, set()).add(f.name)
    return {kind: frozenset(names) for kind, names in found.items()}


def mention_fields() -> dict[str, tuple[str, ...]]:
    """Per table, the columns in which a person's name is looked for (and replaced on erasure)."""
    found: dict[str, tuple[str, ...]] = {}
    for f in CATALOGUE:
        if f.searched_for_mentions:
            found[f.kind] = (*found.get(f.kind, ()), f.name)
    return found


# ---- the erasure marker -------------------------------------------------------------------------


_MARKER_WORDS = {"request": "đã xóa theo yêu cầu", "decision": "đã xóa theo quyết định",
                 "retention": "đã xóa do hết thời hạn lưu trữ"}


def erasure_marker(day: dt.date, cause: str = "request") -> str:
    """What an erased value becomes in the records, saying why: "[đã xóa theo yêu cầu ngày
    06/12/2026]" (the person's request), "[đã xóa theo quyết định ngày …]" (the office's decision),
    "[đã xóa do hết thời hạn lưu trữ ngày …]" (the retention period).  Written in Vietnamese
    whatever the interface's language: it is part of the record, printed in the office's documents."""
    return f"[{_MARKER_WORDS[cause]} ngày {format_date(day, format='dd/MM/yyyy', locale='vi')}]"


_MARKER = re.compile(r"\[(" + "|".join(_MARKER_WORDS.values()) + r") ngày \d{2}/\d{2}/\d{4}\]")


def is_erased(text: str) -> bool:
    """Whether ``text`` is, whole, an erasure marker."""
    return _MARKER.fullmatch(text) is not None


# ---- recognising a person -------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_HONORIFICS = ("ông", "bà", "anh", "chị", "cụ", "cô", "chú", "bác", "em")
_FOLDED_HONORIFICS = frozenset(fold(h) for h in _HONORIFICS)
_NUMBER = re.compile(r"\+?\d[\d .\-]{6,}\d")
MIN_NAME_WORDS = 2


def name_words(name: str) -> tuple[str, ...]:
    """A name as the folded words it is recognised by: NFC or NFD, with or without diacritics,
    đ or d, any case: "Nguyễn Văn Đức" → ("nguyen", "van", "duc")."""
    return tuple(_WORD.findall(fold(nfc(name))))


def phone_digits(text: str) -> tuple[str, ...]:
    """The phone numbers in ``text`` as digits only, the country code +84 / 84 written as 0:
    "0912 345 678 / +84 987.654.321" → ("0912345678", "0987654321")."""
    numbers = []
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if match.group().startswith("+84") or (digits.startswith("84") and len(digits) == 11):
            digits = "0" + digits[2:]
        numbers.append(digits)
    return tuple(numbers)


def _spans(text: str, words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Where the folded ``words`` occur in ``text`` as a name: whole consecutive words, not
    followed by a capitalised word that would make it a longer name ("Nguyễn Văn Đức" is not in
    "Nguyễn Văn Đức Anh"): (start, end) in ``text`` itself."""
    if not words:
        return
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    folded = [fold(t[2]) for t in tokens]
    size = len(words)
    index = 0
    while index + size <= len(tokens):
        if tuple(folded[index:index + size]) == words:
            after = index + size
            longer = (after < len(tokens) and tokens[after][2][:1].isupper()
                      and text[tokens[after - 1][1]:tokens[after][0]] == " ")
            if not longer:
                yield tokens[index][0], tokens[after - 1][1]
                index = after
                continue
        index += 1


def mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether the name of folded ``words`` occurs in ``text`` (as :func:`_spans` finds it)."""
    if not text or not words:
        return False
    text = unicodedata.normalize("NFC", text)
    folded = " " + " ".join(_WORD.findall(fold(text))) + " "
    if " " + " ".join(words) + " " not in folded:  # the common case, at once
        return False
    return next(_spans(text, words), None) is not None


def _bare_name(speaker: str) -> tuple[str, ...]:
    """A speaker's name as folded words, without an honorific or anything in brackets: "Ông
    Nguyễn Văn An (trưởng thôn)" → ("nguyen", "van", "an")."""
    words = name_words(re.sub(r"\([^)]*\)", " ", speaker))
    if len(words) > 1 and words[0] in _FOLDED_HONORIFICS:
        words = words[1:]
    return words


def replace_mentions(text: str, words: tuple[str, ...], marker: str) -> str:
    """``text`` (in NFC) with every occurrence of the name replaced by ``marker``."""
    if not mentions(text, words):
        return text
    text = unicodedata.normalize("NFC", text)
    out, last = [], 0
    for start, end in _spans(text, words):
        out += [text[last:start], marker]
        last = end
    return "".join(out) + text[last:]


def replace_phones(text: str, phones: tuple[str, ...], marker: str) -> str:
    """``text`` with every phone number among ``phones`` (as digits) replaced by ``marker``."""
    def swap(match: re.Match[str]) -> str:
        return marker if phone_digits(match.group()) and phone_digits(match.group())[0] in phones else match.group()

    return _NUMBER.sub(swap, text) if phones else text


@dataclass(frozen=True)
class Person:
    """Whom a citizen's request is about: a name (at least two words), a phone number, or both
    (then both must match a record for it to be theirs)."""

    name: str = ""
    phone: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return name_words(self.name)

    @property
    def phones(self) -> tuple[str, ...]:
        """The phone numbers given, as digits (a short number typed without spaces counts too)."""
        digits = re.sub(r"\D", "", self.phone)
        return phone_digits(self.phone) or ((digits,) if digits else ())

    def problem(self) -> str | None:
        """Why this cannot name a person, as a phrase (translated by the caller); None when it can."""
        if not self.name.strip() and not self.phone.strip():
            return N_("Give the person's name, phone number, or both.")
        if self.name.strip() and len(self.words) < MIN_NAME_WORDS:
            return N_("Give the person's full name (at least two words), so that nobody else is taken for them.")
        if self.phone.strip() and not self.phones:
            return N_("The phone number has no digits.")
        return None

    def speaks_as(self, speaker: str, phone: str) -> bool:
        """Whether an opinion with this speaker and phone is the person's: the speaker's name is
        the name (an honorific and a note in brackets aside) and, when a phone was given, the phone
        is among the opinion's numbers."""
        if self.name.strip() and _bare_name(speaker) != self.words:
            return False
        if self.phone.strip() and not set(self.phones) & set(phone_digits(phone)):
            return False
        return True

    def scrubbed(self, text: str, marker: str) -> str:
        """``text`` with the person's name and phone number replaced by ``marker``."""
        if self.name.strip():
            text = replace_mentions(text, self.words, marker)
        return replace_phones(text, self.phones, marker) if self.phone.strip() else text

    def mentioned_in(self, text: str) -> bool:
        """Whether a free text names the person: by their name, or by their phone number."""
        if self.name.strip() and mentions(text, self.words):
            return True
        return bool(self.phone.strip() and set(self.phones) & set(phone_digits(text)))


# ---- the public version of a name ----------------------------------------------------------------



def public_name(speaker: str, hamlet: str = "") -> str:
    """A speaker as a public document names them, without identifying them: the initials of the
    name, an honorific kept, the hamlet after a comma: "Ông Nguyễn Văn An", "thôn Đông" →
    "Ông N.V.A., thôn Đông"; an erased name stays erased."""
    text = nfc(speaker)
    if is_erased(text) or not text:
        initials = text
    else:
        words = text.split()
        honorific = ""
        if len(words) > 1 and words[0].casefold() in _HONORIFICS:
            honorific, words = words[0], words[1:]
        letters = [w[0].upper() for w in words if w[:1].isalpha()]
        initials = (honorific + " " if honorific else "") + ".".join(letters) + ("." if letters else "")
    place = nfc(hamlet)
    return f"{initials}, {place}" if place and initials else initials or place
