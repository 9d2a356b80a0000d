"""The public version of a meeting's records, for what is posted on the notice board or the portal
(Law 91/2025 on personal data): the citizens who spoke are named by their initials and hamlet,
their phone numbers are left out, and the free texts lose the names and numbers they hold.

Built on :mod:`core.personal` (how a name is recognised, how a public document names a speaker).
Officials keep their names: the chair, the signer, an assignee act in their office.  Nothing here
reads a file.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Meeting, Opinion
from .personal import MIN_NAME_WORDS, is_erased, name_words, phone_digits, public_name, replace_mentions
from .text import nfc

#: What a phone number in a free text becomes.
HIDDEN = "[đã ẩn]"

# What a number looks like in a free text: the shape ``core.personal`` recognises numbers by.
_NUMBER = re.compile(r"\+?\d[\d .\-]{6,}\d")
_BETWEEN_NUMBERS = re.compile(r"(\s+-\s+)")  # "0912 345 678 - 0987 654 321": two numbers, not one
_BRACKETS = re.compile(r"\s*\([^)]*\)")
# Words that open the name of a place or a body, not of a person: "Thôn Đông", "Chi hội Phụ nữ".
_NOT_A_PERSON = frozenset(("thôn", "xóm", "tổ", "khu", "ấp", "bản", "buôn", "làng", "khối", "phố", "xã", "phường",
                           "hội", "chi", "ban", "đoàn", "hợp", "công", "trường", "các", "nhân", "cử", "đại"))


def _honorific(word: str) -> bool:
    """Whether ``word`` is an honorific ("Ông", "bà", "chị"…): the one ``public_name`` keeps."""
    return public_name(f"{word} An Bình").startswith(word + " ")


def bare_name(speaker: str) -> str:
    """A speaker's name without a note in brackets and without the honorific before it:
    "Ông Nguyễn Văn An (trưởng thôn)" → "Nguyễn Văn An"."""
    words = _BRACKETS.sub("", nfc(speaker)).split()
    if len(words) > 1 and _honorific(words[0]):
        words = words[1:]
    return " ".join(words)


def speaker_initials(speaker: str) -> str:
    """How a public document calls a speaker inside a sentence: the honorific kept, the name
    reduced to initials, the note in brackets left out: "Ông N.V.A."."""
    text = nfc(speaker)
    return text if is_erased(text) else public_name(_BRACKETS.sub("", text).strip())


def _names_in_behalf(value: str) -> list[str]:
    """The persons named in an on-behalf-of text: the whole text when it is a name ("Trần Văn
    Bình", "bà Lê Thị Hoa"), else the capitalised names after an honorific ("hộ ông Trần Văn B
    và 5 hộ liền kề"); "12 hộ dân thôn Đông" names nobody."""
    text = _BRACKETS.sub("", nfc(value)).strip()
    if not text or is_erased(text):
        return []
    bare = bare_name(text).split()
    if (len(bare) >= MIN_NAME_WORDS and all(w[:1].isupper() for w in bare)
            and bare[0].casefold() not in _NOT_A_PERSON):
        return [" ".join(bare)]
    found = []
    words = text.split()
    for index, word in enumerate(words[:-1]):
        if not _honorific(word):
            continue
        run = []
        for following in words[index + 1:]:
            letters = following.rstrip(",;.")
            if not letters[:1].isupper() or not letters[:1].isalpha():
                break
            run.append(letters)
            if letters != following:  # a comma or a full stop ends the name
                break
        if len(run) >= MIN_NAME_WORDS:
            found.append(" ".join(run))
    return found


def public_behalf(value: str) -> str:
    """An on-behalf-of text with every person in it reduced to initials: "hộ ông Trần Văn Bình" →
    "hộ ông T.V.B."; "12 hộ dân thôn Đông" stays as it is."""
    text = nfc(value)
    for name in _names_in_behalf(text):
        text = _replace(text, name_words(name), public_name(name))
    return text


def public_speaker(opinion: Opinion) -> str:
    """Who raised an opinion, as a public document says it: "Ông N.V.A., thôn Đông", and for
    whom when they spoke for others: "Bà T.T.B., Thôn 3 (đại diện 12 hộ dân Thôn 3)"."""
    text = nfc(opinion.speaker)
    name = text if is_erased(text) else _BRACKETS.sub("", text).strip()
    who = public_name(name, opinion.address)
    if opinion.on_behalf_of.strip():
        who += f" (đại diện {public_behalf(opinion.on_behalf_of)})"
    return who


def _replace(text: str, words: tuple[str, ...], initials: str) -> str:
    replaced = replace_mentions(text, words, initials)
    if replaced is text or not initials.endswith("."):
        return replaced
    return replaced.replace(initials + ".", initials)  # "… ông N.V.A.." at the end of a sentence


def _looks_like_phone(digits: str) -> bool:
    """A Vietnamese phone number: 10 digits (mobile) or 11 (a landline with its area code), from 0."""
    return digits.startswith("0") and 10 <= len(digits) <= 11


@dataclass(frozen=True)
class Redactor:
    """Takes out of free texts the names of the citizens of some meetings (speakers and the
    persons they spoke for) and every phone number."""

    names: tuple[tuple[tuple[str, ...], str], ...]  # (the name's folded words, its initials), longest first
    phones: frozenset[str]

    @classmethod
    def of(cls, meetings: Iterable[Meeting]) -> "Redactor":
        names: dict[tuple[str, ...], str] = {}
        phones: set[str] = set()
        for meeting in meetings:
            officials = {name_words(meeting.chair), *(name_words(p.name) for p in meeting.co_chairs)}
            for opinion in meeting.opinions:
                phones.update(phone_digits(opinion.phone))
                people = [bare_name(opinion.speaker)] if not is_erased(nfc(opinion.speaker)) else []
                for name in [*people, *_names_in_behalf(opinion.on_behalf_of)]:
                    words = name_words(name)
                    # A one-word name would be found inside ordinary words; an official's name is
                    # printed in the official's own right.
                    if len(words) >= MIN_NAME_WORDS and words not in officials:
                        names.setdefault(words, public_name(name))
        ordered = sorted(names.items(), key=lambda item: -len(item[0]))
        return cls(tuple(ordered), frozenset(phones))

    def text(self, value: str) -> str:
        """``value`` (NFC) without the names and the phone numbers."""
        if not value:
            return value
        text = nfc(value)
        for words, initials in self.names:
            text = _replace(text, words, initials)
        return _NUMBER.sub(self._number, text)

    def _number(self, found: re.Match[str]) -> str:
        parts = _BETWEEN_NUMBERS.split(found.group())
        out = []
        for part in parts:
            digits = "".join(phone_digits(part)) if not _BETWEEN_NUMBERS.fullmatch(part) else ""
            hidden = digits and (_looks_like_phone(digits) or any(p in digits for p in self.phones))
            out.append(HIDDEN if hidden else part)
        return "".join(out)


def public_meeting(meeting: Meeting, redactor: Redactor | None = None) -> Meeting:
    """A copy of ``meeting`` fit for the public: speakers by their initials, the persons spoken for
    likewise, no phone numbers, the free texts without names or numbers."""
    clean = (redactor or Redactor.of([meeting])).text
    opinions = [dataclasses.replace(o, speaker=speaker_initials(o.speaker), on_behalf_of=public_behalf(o.on_behalf_of),
                                    phone="", content=clean(o.content), answer=clean(o.answer))
                for o in meeting.opinions]
    tasks = [dataclasses.replace(t, content=clean(t.content), result=clean(t.result), opinions=list(t.opinions))
             for t in meeting.conclusions]
    publications = [dataclasses.replace(p, note=clean(p.note)) for p in meeting.publications]
    return dataclasses.replace(meeting, title=clean(meeting.title), minutes=clean(meeting.minutes),
                               conclusion=clean(meeting.conclusion), scope=list(meeting.scope),
                               co_chairs=list(meeting.co_chairs), opinions=opinions, conclusions=tasks,
                               publications=publications)
