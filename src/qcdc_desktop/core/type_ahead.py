"""Which entry of a list a clerk means by the letters typed on a closed combo box.

Letters are matched from the start of a word, diacritics folded and đ read as d (:func:`fold`).
The entries whose first word starts with the letters come first ("gia" → "Giáo dục"), then those
where a later word does ("gia" or "giai phong" → "Bồi thường, giải phóng mặt bằng", listed before
"Giáo dục" but a worse match), then those whose words' initials hold the letters ("gpmb").
Among entries matching alike, one with a word typed whole as it is written comes first ("giao" →
"Giao thông", "giáo" → "Giáo dục"), then the shorter, as it leaves less untyped ("gia" → "Giáo
dục"; "giao t" or "gt" → "Giao thông").
Letters inside a word never match: an entry found only that way would be picked without the clerk
seeing why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .text import fold

_WORD = re.compile(r"[^\W_]+")

# How a label matched, best first.
FIRST_WORD, LATER_WORD, INITIALS = 0, 1, 2


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` in lower case as written, and the same words folded."""
    written = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    return written, [fold(word) for word in written]


def _score(typed: str, label: str) -> tuple[int, int] | None:
    """(how the label matches, 0 when the last typed word is one of its words as written); None
    when the label does not match."""
    (typed_written, wanted), (written, words) = _words(typed), _words(label)
    if not wanted or not words:
        return None
    for start in range(len(words) - len(wanted) + 1):
        if all(words[start + i].startswith(w) for i, w in enumerate(wanted)):
            whole = written[start + len(wanted) - 1] == typed_written[-1]
            return (FIRST_WORD if start == 0 else LATER_WORD), 0 if whole else 1
    if len(wanted) == 1 and len(wanted[0]) >= 2 and wanted[0] in "".join(w[0] for w in words):
        return INITIALS, 1
    return None


def match_kind(typed: str, label: str) -> int | None:
    """How ``label`` matches the letters ``typed`` (FIRST_WORD, LATER_WORD or INITIALS), or None
    when it does not.  Typed words each start a word of the label, in a row ("giai ph" matches
    "giải phóng"); one typed word of two or more letters may also be the initials of words in a row
    ("gpmb")."""
    score = _score(typed, label)
    return None if score is None else score[0]


def rank(typed: str, labels: Sequence[str]) -> list[int]:
    """The positions in ``labels`` of those matching ``typed``, best match first (within the same
    kind of match: a word typed whole first, then the shorter label, then the list's own order);
    empty when none matches."""
    found = [(score, len(fold(label)), index) for index, label in enumerate(labels)
             if (score := _score(typed, label)) is not None]
    return [index for _score, _length, index in sorted(found)]


def best(typed: str, labels: Sequence[str]) -> int | None:
    """The position of the label ``typed`` most likely means, or None when no label matches."""
    ranked = rank(typed, labels)
    return ranked[0] if ranked else None
