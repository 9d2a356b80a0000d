"""Cells typed years ago with the legacy Vietnamese fonts (.VnTime: TCVN 5712:1993 "VN3", also
called ABC; VNI-Times: VNI for Windows) and stray characters pasted from Word.

Such a cell reaches us as the Windows-1252 reading of its bytes ("Héi nghÞ", "Loø Vaên Minh").
A cell is converted only when it holds nothing but Latin-1 letters, is not Vietnamese as it
stands, and reads as Vietnamese syllables after exactly one of the two conversions; a cell that
could be either, or neither, is left as it is and flagged, so a clerk looks at it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# TCVN 5712:1993, table VN3 (the .VnTime fonts): one byte per letter, upper-case letters with a
# tone exist only in the separate upper-case fonts (.VnTimeH), which write lower-case codes.
_TCVN3 = dict(zip(
    "\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae"
    "\xb5\xb6\xb7\xb8\xb9\xbb\xbc\xbd\xbe\xc6\xc7\xc8\xc9\xca\xcb"
    "\xcc\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xdc\xdd\xde"
    "\xdf\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee"
    "\xef\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe",
    "ĂÂÊÔƠƯĐăâêôơưđ"
    "àảãáạằẳẵắặầẩẫấậ"
    "èẻẽéẹềểễếệìỉĩíị"
    "òỏõóọồổỗốộờởỡớợ"
    "ùủũúụừửữứựỳỷỹýỵ", strict=True))

# VNI for Windows: a base letter followed by one byte for its mark(s); i and y with a tone, ơ, ư
# and đ have a byte of their own.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}  # circumflex
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in "aeouyAEOUY":
        for mark, tone in _VNI_TONES.items():
            table[base + (mark.upper() if base.isupper() else mark)] = base + tone
    for base in "aeoAEO":
        for mark, tone in _VNI_HAT.items():
            table[base + (mark.upper() if base.isupper() else mark)] = base + "\u0302" + tone
    for base in "aA":
        for mark, tone in _VNI_BREVE.items():
            table[base + (mark.upper() if base.isupper() else mark)] = base + "\u0306" + tone
    for horn, base in (("ô", "o"), ("ö", "u"), ("Ô", "O"), ("Ö", "U")):
        table[horn] = base + "\u031b"
        for mark, tone in _VNI_TONES.items():
            table[horn + (mark.upper() if horn.isupper() else mark)] = base + "\u031b" + tone
    for single, letter in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ"), ("ñ", "đ")):
        table[single] = letter
        table[single.upper()] = letter.upper()
    return {k: unicodedata.normalize("NFC", v) for k, v in table.items()}


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))
_TCVN3_TABLE = str.maketrans(_TCVN3)

# Cleaning: soft hyphens, zero-width characters and the control characters a clerk cannot have
# meant; a non-breaking space becomes a space.
_STRAY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b-\u200f\u2060\ufeff]")

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
    r"(uyê|oai|oay|oeo|uây|uôi|ươi|ươu|yêu|iêu|oă|oa|oe|uê|uy|ươ|uô|iê|yê|ia|ưa|ua|ai|ao|au|ay|âu|ây|eo|êu|"
    r"iu|oi|ôi|ơi|ui|ưi|ưu|[aăâeêioôơuưy])"
    r"(ch|ng|nh|[cmnpt])?")
_WORD = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")  # a run of anything but spaces, digits and ASCII signs


_TONE_ON_FIRST = frozenset("ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu ia ưa".split())


def _toned_letter(decomposed: str) -> int:
    """The position of the letter that carries the tone mark in a decomposed word."""
    letters = -1
    for ch in decomposed:
        if ch in _TONES:
            return letters
        if not unicodedata.combining(ch):
            letters += 1
    return -1


def is_vietnamese_word(word: str) -> bool:
    """True when ``word`` (letters only) is a Vietnamese syllable with at most one tone mark."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = sum(ch in _TONES for ch in parts)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
    match = _SYLLABLE.fullmatch(bare)
    if tones > 1 or match is None:
        return False
    initial, vowels, final = match.group(1) or "", match.group(2), match.group(3) or ""
    front = vowels[0] in "ieêy"
    if initial in ("ngh", "gh", "k") and not front or initial in ("ng", "c") and front:
        return False  # spelling: nghĩ, ghế, kê but ngô, gà, cá
    toned = _toned_letter(parts)
    if tones and not len(initial) <= toned < len(initial) + len(vowels):
        return False  # a mark on a consonant: "ñ" is a TCVN3 "ủ", not a toned n
    if tones and not final and vowels in _TONE_ON_FIRST and toned != len(initial):
        return False  # the tone of "ao", "ai", "ươi"… sits on the first vowel: xã is "xaõ" in VNI, not "xão"
    return final not in ("ch", "nh") or vowels[-1] in "aêiy"  # ách, ếch, ích, anh, ênh, inh


def _vietnamese_share(text: str) -> float:
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    return sum(map(is_vietnamese_word, words)) / len(words) if words else 1.0


@dataclass(frozen=True)
class LegacyText:
    """What became of a cell in a legacy encoding: its text as read, the Unicode text, the
    encoding ("TCVN3" or "VNI"), and whether the conversion is sure (else the cell is kept)."""

    original: str
    converted: str
    encoding: str
    sure: bool


def from_tcvn3(text: str) -> str:
    return text.translate(_TCVN3_TABLE)


def from_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], text)


def detect_legacy(text: str) -> LegacyText | None:
    """The legacy reading of ``text``, or None when the text is plain Unicode (or ASCII)."""
    if text.isascii() or max(text) > "\xff" or _vietnamese_share(text) == 1.0:
        return None
    candidates = []
    for name, convert in (("TCVN3", from_tcvn3), ("VNI", from_vni)):
        converted = convert(text)
        if converted != text:
            candidates.append((_vietnamese_share(converted), name, converted))
    if not candidates:
        return None
    candidates.sort(reverse=True)
    share, name, converted = candidates[0]
    runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
    return LegacyText(text, unicodedata.normalize("NFC", converted), name, share == 1.0 and runner_up < 1.0)


def clean_text(text: str) -> str:
    """``text`` without soft hyphens, zero-width and control characters (tab and line breaks
    stay), non-breaking spaces as spaces, in NFC."""
    if "\xa0" in text or _STRAY.search(text):
        text = _STRAY.sub("", text.replace("\xa0", " "))
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
