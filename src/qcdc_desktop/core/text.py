"""Text at the boundary: NFC normalisation and the one search-folding function.

Clerks type with Unikey/Telex and paste from Word, so the same word arrives in NFC or NFD.
Everything stored is NFC; everything searched is folded by :func:`fold`, used for indexing and
querying alike.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Controls other than tab and newline have no place in a clerk's text; a lone surrogate cannot
# be stored as UTF-8 at all.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_DSTROKE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with CRLF turned into LF and outer white space removed."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def has_forbidden_characters(text: str) -> bool:
    """True when ``text`` holds control characters or lone surrogates that cannot be stored."""
    return _FORBIDDEN.search(text) is not None


def _slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_DSTROKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold().translate(_DSTROKE)).strip()


# Every precomposed Latin letter (Vietnamese uses U+00C0–U+01B0 and U+1EA0–U+1EF9) mapped to what
# _slow_fold makes of it, built with _slow_fold itself so the two can never disagree.
_LETTERS = str.maketrans({
    chr(c): _slow_fold(chr(c)) for c in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if len(_slow_fold(chr(c))) == 1 and _slow_fold(chr(c)).isascii()
})


# The same table as a string indexed by code point: str.translate looks a character up in a string
# in about half the time it takes in a dict (a bulk import folds every record's text).  Characters
# past its end are left as they are, as the dict leaves those it does not hold.
_LETTERS_BY_CODE = "".join(str(_LETTERS.get(c, chr(c))) for c in range(0x1F00))


def fold(text: str) -> str:
    """Fold text for search: lower case, no diacritics, đ → d, single spaces.

    "Đất đai" and "dat dai" fold to the same "dat dai"; so do NFC and NFD spellings.  SQLite's
    unicode61 tokenizer removes diacritics but keeps đ, so the folding is done here, once.
    The common case (NFC Vietnamese) goes through one translation table; anything else still
    non-ASCII afterwards takes the full Unicode path.
    """
    quick = text.translate(_LETTERS_BY_CODE)
    if quick.isascii():
        return " ".join(quick.split())  # as _SPACES.sub(" ", quick).strip(): the same white space, faster
    return _slow_fold(text)


def search_tokens(query: str) -> list[str]:
    """Split a search query into folded word tokens (punctuation and operators are dropped)."""
    return _TOKEN.findall(fold(query))


def printable(text: str) -> str:
    """``text`` (a file name as given) safe to print on one line: line breaks, other controls and
    bytes that are not text (undecodable names) are written as escapes (``\\n``, ``\\udcff``)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
