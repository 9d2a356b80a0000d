"""Officials of an office: the titles they are given by default, and checking what a person typed.

Titles are words of the printed documents ("Chủ tịch UBND xã"), so they are Vietnamese whatever the
language of the interface; they are only suggestions, and the clerk can change them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..l10n import _
from . import catalog
from .errors import Problem, ValidationError
from .model import Official
from .text import fold, has_forbidden_characters, nfc
from .unit_words import is_upper_word, party_committee, unit_word

MAX_TEXT = 500


@dataclass(frozen=True)
class LeaderTitles:
    """The titles of the two officials every office has: the head of the People's Committee and
    the secretary of the Party committee."""

    chairman: str
    secretary: str


def leader_titles(unit_name: str, role: str) -> LeaderTitles:
    """Default titles for the chairman and the Party secretary of a unit, from the kind its name
    starts with (core/unit_words.py): "Phường Ba Đình" gives "Chủ tịch UBND phường" and "Bí thư
    Đảng ủy phường", "Tỉnh Phú Thọ" gives "Chủ tịch UBND tỉnh" and "Bí thư Tỉnh ủy".  A name whose
    kind does not fit the role is taken for a commune ("xã") or, at an upper level, a district."""
    word = unit_word(unit_name)
    if is_upper_word(word) != (role != "commune"):
        word = "xã" if role == "commune" else "huyện"
    return LeaderTitles(f"Chủ tịch UBND {word}", f"Bí thư {party_committee(word)}")


def _text(value: str, key: str, problems: list[Problem]) -> str:
    if has_forbidden_characters(value):
        problems.append(Problem((key,), _("contains control characters or invalid characters")))
        return ""
    value = " ".join(nfc(value).split())
    if not value:
        problems.append(Problem((key,), _("must not be empty")))
    elif len(value) > MAX_TEXT:
        problems.append(Problem((key,), _("is too long (at most %(n)d characters)") % {"n": MAX_TEXT}))
    return value


def clean_official(name: str, title: str, track: str = "state", *, active: bool = True) -> Official:
    """An :class:`Official` from what a person typed, in NFC with single spaces; raises
    :class:`ValidationError` whose problems have the paths ``("name",)``, ``("title",)`` or
    ``("track",)`` so a form can show each next to its field."""
    problems: list[Problem] = []
    clean_name = _text(name, "name", problems)
    clean_title = _text(title, "title", problems)
    if track not in catalog.TRACKS:
        problems.append(Problem(("track",), _("unknown code %(value)r; expected one of: %(codes)s")
                                % {"value": str(track)[:40], "codes": ", ".join(catalog.TRACKS.codes())}))
    if problems:
        raise ValidationError(problems)
    return Official(name=clean_name, title=clean_title, track=track, active=active)


def guess_track(title: str) -> str:
    """"party" for a Party title (Bí thư…, …Đảng ủy, Tỉnh ủy, Huyện ủy), otherwise "state"."""
    words = fold(title).split()
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word == "dang" or (word, following) == ("bi", "thu") or (word == "uy" and following not in ("ban", "vien")):
            return "party"
    return "state"
