"""Which offices a search names: at the upper level a provincial officer types a commune's name in
the search box of a list ("hop thanh", "xa hop thanh dat dai") and means the records of Xã Hợp
Thành, not only records whose text says "hợp thành".

A name counts when it is typed whole, its words in a row in the order of the name (diacritics
folded, đ as d, as the search does), with or without the word of its kind ("xã", "phường", "đặc
khu"); the last word typed may be the start of the name's last word, as the search matches the
last word as a prefix while the officer types.  A part of a name ("hop" for Hợp Thành) names
nothing, so a search for "họp dân" stays a search of the text.  The office's code typed alone names
it too.  The words left over are searched in the records' text as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .text import fold, search_tokens

# The words a unit's name starts with to say its kind (folded), longest first.
KIND_WORDS: tuple[tuple[str, ...], ...] = (
    ("dac", "khu"), ("thi", "tran"), ("thanh", "pho"), ("xa",), ("phuong",), ("tinh",),
)


def query_tokens(query: str) -> list[str]:
    """The words of a search as the search uses them (a lone letter typed after other words is not
    a word yet), folded; the last one is matched as a prefix when it has two letters or more."""
    tokens = search_tokens(query)
    if len(tokens) > 1 and len(tokens[-1]) == 1:
        tokens.pop()
    return tokens


def _split_name(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = tuple(search_tokens(name))
    for kind in KIND_WORDS:
        if words[:len(kind)] == kind and len(words) > len(kind):
            return kind, words[len(kind):]
    return (), words


def _fits(typed: str, word: str, last: bool) -> bool:
    return typed == word or (last and len(typed) >= 2 and word.startswith(typed))


def name_run(tokens: list[str], name: str, code: str = "") -> tuple[int, int] | None:
    """Where ``tokens`` (:func:`query_tokens`) type the office's ``name`` (or its ``code``) whole:
    the ``(start, end)`` of the run of tokens, the first such run; None when they do not."""
    kind, proper = _split_name(name)
    if not proper:
        return None
    last = len(tokens) - 1
    for start in range(len(tokens)):
        if code and tokens[start] == code:
            return start, start + 1
        for words, needs_kind in ((kind + proper, False), (proper, True)):
            if needs_kind and (not kind or "".join(proper).isdigit()):
                continue  # "3" alone does not name Phường 3: its kind must be typed
            end = start + len(words)
            if end - 1 > last:
                continue
            if all(_fits(tokens[start + i], word, start + i == last) for i, word in enumerate(words)):
                return start, end
    return None


@dataclass(frozen=True)
class NamedOffices:
    """Offices a search names, and the words of the search left to find in their records' text
    (empty: every record of those offices matches)."""

    codes: tuple[str, ...]
    rest: tuple[str, ...]
    rest_is_prefix: bool  # the last word left is the last word typed (matched as a prefix)


def named_offices(query: str, offices: Iterable[tuple[str, str]]) -> list[NamedOffices]:
    """The offices among ``offices`` (code, name) whose name the search ``query`` types whole,
    grouped by the words it leaves for the text, in the order of ``offices``."""
    tokens = query_tokens(query)
    groups: dict[tuple[tuple[str, ...], bool], list[str]] = {}
    for code, name in offices:
        run = name_run(tokens, name, code)
        if run is None:
            continue
        start, end = run
        rest = tuple(tokens[:start] + tokens[end:])
        groups.setdefault((rest, end < len(tokens)), []).append(code)
    return [NamedOffices(tuple(codes), rest, prefix and bool(rest)) for (rest, prefix), codes in groups.items()]


def words_expression(words: tuple[str, ...] | list[str], last_is_prefix: bool) -> str | None:
    """The FTS5 MATCH expression of folded ``words``: each quoted, the last a prefix when asked
    and at least two letters long; None without words."""
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    if last_is_prefix and len(words[-1]) >= 2:
        terms[-1] += "*"
    return " ".join(terms)


def office_key(name: str, code: str) -> tuple[str, str]:
    """The order of offices by name as a person reads it, diacritics aside, then by code."""
    return fold(name), code
