"""How the printed documents name the office that issues them and the bodies around it.

A commune's documents say "Ủy ban nhân dân xã", "Đảng ủy xã", "Văn phòng Đảng ủy", "các chi bộ"
and post at the hamlets; a province's own documents (the upper level holds dialogues too) say
"Ủy ban nhân dân tỉnh", "Tỉnh ủy" (a centrally-run city: "thành phố", "Thành ủy"), "Văn phòng
Tỉnh ủy", "các tổ chức đảng" and send to the communes.  Everything here is read from the unit's
name, whose first words are its kind ("Xã An Bình", "Phường 3", "Tỉnh Phú Thọ", "Thành phố Hà
Nội"); a name without a known kind is taken for a commune's."""

from __future__ import annotations

from .text import nfc

_COMMUNE_WORDS = ("đặc khu", "phường", "xã")
# The kinds of an upper level and their Party committees: the provinces since the 2025 reform, and
# the districts where an upper level still is one.
_UPPER_COMMITTEES = {"thành phố": "Thành ủy", "tỉnh": "Tỉnh ủy", "thị xã": "Thị ủy", "quận": "Quận ủy",
                     "huyện": "Huyện ủy"}


def unit_word(unit_name: str) -> str:
    """How the documents call the unit mid-sentence: "xã", "phường" or "đặc khu" for a commune;
    "tỉnh", "thành phố" (or a district's word) for an upper level."""
    lowered = nfc(unit_name).casefold()
    return next((w for w in (*_UPPER_COMMITTEES, *_COMMUNE_WORDS) if lowered.startswith(w + " ")), "xã")


def is_upper_word(word: str) -> bool:
    """Whether ``word`` (from :func:`unit_word`) names an upper level."""
    return word in _UPPER_COMMITTEES


def place_of(unit_name: str) -> str:
    """The place of the date line: the unit's name without its generic word ("An Bình", "Phú
    Thọ"), except when the name is a number ("Phường 3" stays "Phường 3")."""
    name = nfc(unit_name)
    word = unit_word(name)
    if not name.casefold().startswith(word + " "):
        return name
    rest = name[len(word) + 1:].strip()
    return name if not rest or rest[0].isdigit() else rest


def province_committee(province_name: str) -> str:
    """"Tỉnh ủy" or, for a centrally-run city, "Thành ủy"."""
    return "Thành ủy" if nfc(province_name).casefold().startswith("thành phố") else "Tỉnh ủy"


def party_committee(word: str) -> str:
    """The unit's Party committee: "Đảng ủy xã", "Tỉnh ủy", "Thành ủy"."""
    return _UPPER_COMMITTEES.get(word, f"Đảng ủy {word}")


def party_office(word: str) -> str:
    """The office of the Party committee: "Văn phòng Đảng ủy", "Văn phòng Tỉnh ủy"."""
    return f"Văn phòng {_UPPER_COMMITTEES[word]}" if is_upper_word(word) else "Văn phòng Đảng ủy"


def party_units(word: str) -> str:
    """The Party organisations under the committee, as a recipient: "Các chi bộ trực thuộc",
    "Các đảng bộ trực thuộc Tỉnh ủy"."""
    return f"Các đảng bộ trực thuộc {_UPPER_COMMITTEES[word]}" if is_upper_word(word) else "Các chi bộ trực thuộc"


def party_units_told(word: str) -> str:
    """The same mid-sentence, as the closing sentence tells them: "các chi bộ", "các tổ chức đảng"."""
    return "các tổ chức đảng" if is_upper_word(word) else "các chi bộ"


def state_office(word: str) -> str:
    """The office that signs for the People's Committee (TL., TUQ.): "Văn phòng Hội đồng nhân dân
    và Ủy ban nhân dân xã"; a province has an office of its People's Committee."""
    if is_upper_word(word):
        return f"Văn phòng Ủy ban nhân dân {word}"
    return f"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {word}"


def posting_places(word: str) -> str:
    """Who posts a notice or a results sheet where citizens live: the hamlets' heads at a
    commune, the communes' People's Committees at an upper level."""
    return "Ủy ban nhân dân các xã, phường liên quan" if is_upper_word(word) else "Trưởng thôn, tổ trưởng tổ dân phố"


def state_filing(word: str) -> str:
    """The file copy of a People's Committee's document: "Lưu: VT, VP" at a commune (its office of
    the Council and the Committee), "Lưu: VT" at an upper level."""
    return "Lưu: VT" if is_upper_word(word) else "Lưu: VT, VP"
