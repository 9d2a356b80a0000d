"""The running text of the printed documents, typeset as a văn thư would type it.

Three rules, applied to every paragraph of a document's body (``running``):

* the issuer and the bodies of the State spelled out: "UBND xã" → "Ủy ban nhân dân xã"
  (``wording.expand``; "UBND thôn" names no body and stays as typed);
* the generic word of an administrative unit in lower case inside a sentence, the proper name
  capitalised (Decree 30/2020 Appendix II): "… tại Thôn Tây" → "… tại thôn Tây"; a unit named by
  a number keeps its capital ("Phường 3", "Thôn 5"), and so does the first word of a sentence;
* no line break inside a person's name ("Hoàng Đức Nam"), a unit's name ("xã Bát Xát",
  "UBND xã An Bình", "tổ dân phố Số 5") or a number with what it counts ("3 ý kiến", "15 ngày",
  "127 người"): the spaces there become no-break spaces (U+00A0), which reportlab does not break
  at and which pdftotext and Word read as spaces.

Nothing else of what the clerk typed is changed.  Pure functions, no I/O.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# Generic words of units, longest first: (its words, folded).  "tổ" and "khu" alone name a unit
# only before a number ("Tổ 5") or a name; "tổ công tác" is no unit, so a bare "tổ" is never lowered.
_GENERIC: tuple[tuple[str, ...], ...] = tuple(tuple(g.split()) for g in sorted((
    "tổ dân phố", "khu dân cư", "khu phố", "thị trấn", "thị xã", "thành phố", "đặc khu", "xã", "phường", "thôn",
    "ấp", "bản", "xóm", "làng", "buôn", "sóc", "khóm", "huyện", "quận", "tỉnh", "khu", "tổ"),
    key=lambda g: -len(g.split())))
_NOT_LOWERED = {("tổ",)}
# "Xã hội", "Thành phố Hồ Chí Minh": not a unit before a name, or a name written with its capital.
_EXCEPTIONS = {("xã",): ("hội",), ("thành", "phố"): ("hồ",)}
# What counts a number is followed by, when it takes two words.
_TWO_WORD_UNITS = {("ý", "kiến"), ("đại", "biểu"), ("cử", "tri"), ("hộ", "dân"), ("lượt", "người"),
                   ("công", "dân"), ("nhiệm", "vụ"), ("văn", "bản"), ("trường", "hợp"), ("lượt", "công")}
_BODIES = ("UBND", "HĐND", "MTTQ")
_MAX_NAME = 5  # a longer run of capitalised words is a title in Title Case, not a name
_OPEN = "(\"'“‘«["
_CLOSE = ")\"'”’».,;:!?…]"
_SENTENCE_END = ".!?…:"
_NUMBER = re.compile(r"\d[\d.,]*")
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def _core(token: str) -> str:
    """The word inside a token, without the brackets and punctuation around it."""
    return token.lstrip(_OPEN).rstrip(_CLOSE)


def _capitalised(word: str) -> bool:
    return bool(word) and word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _closed(token: str) -> bool:
    """Whether punctuation after ``token`` ends a name that runs through it."""
    return token != token.rstrip(_CLOSE)


def _generic_at(words: list[str], i: int) -> tuple[str, ...] | None:
    """The generic word of a unit starting at token ``i`` when a name or a number follows it."""
    for generic in _GENERIC:
        n = len(generic)
        if i + n >= len(words):
            continue
        taken = words[i:i + n]
        if tuple(_core(w).casefold() for w in taken) != generic or any(_closed(w) for w in taken):
            continue
        if any(c in _OPEN for c in "".join(taken[1:])[:1]):
            continue
        following = _core(words[i + n])
        if following.casefold() in _EXCEPTIONS.get(generic, ()):
            return None
        if _capitalised(following) or _NUMBER.fullmatch(following):
            return generic
        return None
    return None


def _sentence_start(words: list[str], i: int) -> bool:
    if i == 0:
        return True
    before = words[i - 1]
    return before[-1:] in _SENTENCE_END or before in ("-", "–", "—", "•", "+")


def _lowered(words: list[str], i: int, n: int) -> None:
    for k in range(i, i + n):
        token = words[k]
        start = len(token) - len(token.lstrip(_OPEN))
        words[k] = token[:start] + token[start:start + 1].lower() + token[start + 1:]


def _line(line: str) -> str:
    words = line.split(" ")
    glue = [False] * max(len(words) - 1, 0)  # glue[i]: the space after words[i] does not break
    i = 0
    while i < len(words):
        generic = _generic_at(words, i)
        if generic is None:
            i += 1
            continue
        n = len(generic)
        if generic not in _NOT_LOWERED and not _sentence_start(words, i) and _capitalised(_core(words[i + n])) \
                and _core(words[i])[:1].isupper():
            _lowered(words, i, n)
        for k in range(i, i + n):
            glue[k] = True
        if i > 0 and _core(words[i - 1]) in _BODIES and not _closed(words[i - 1]):
            glue[i - 1] = True  # "UBND xã An Bình"
        i += n
    # Runs of capitalised words: names of persons and places.
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and _capitalised(_core(words[j])) and not _closed(words[j]) \
                and _capitalised(_core(words[j + 1])) and not words[j + 1].startswith(tuple(_OPEN)):
            j += 1
        if 0 < j - i < _MAX_NAME:
            for k in range(i, j):
                glue[k] = True
        i = j + 1
    # A number and what it counts; "ngày 30/04/2026".
    for i in range(len(words) - 1):
        if words[i].casefold() == "ngày" and _DATE.fullmatch(_core(words[i + 1])):
            glue[i] = True
        if not _NUMBER.fullmatch(words[i].lstrip(_OPEN)) or not _core(words[i + 1]).islower() \
                or words[i + 1].startswith(tuple(_OPEN)):
            continue
        glue[i] = True
        pair = (_core(words[i + 1]).casefold(), _core(words[i + 2]).casefold() if i + 2 < len(words) else "")
        if pair in _TWO_WORD_UNITS and not _closed(words[i + 1]):
            glue[i + 1] = True
    out = [words[0]] if words else []
    for k, word in enumerate(words[1:]):
        out.append(NBSP if glue[k] and word and words[k] else " ")
        out.append(word)
    return "".join(out)


def unbreakable(text: str) -> str:
    """``text`` with the generic words of units lowered inside a sentence and no-break spaces
    in names, units' names and counts (see the module's rules); line breaks kept."""
    return "\n".join(_line(line) for line in text.split("\n"))


def plain(text: str) -> str:
    """``text`` with its no-break spaces back to plain ones (for comparing, and for a search)."""
    return text.replace(NBSP, " ")
