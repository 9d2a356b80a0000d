"""core/type_ahead.py: letters typed on a combo box pick the entry that has a word starting with
them before one that only holds them as initials, and never an entry that holds them only inside a
word — over every catalog the program offers, in Vietnamese and in English."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc_desktop.core import catalog
from qcdc_desktop.core.text import fold
from qcdc_desktop.core.type_ahead import FIRST_WORD, INITIALS, LATER_WORD, best, match_kind, rank

CATALOGS = [value for value in vars(catalog).values() if isinstance(value, catalog.Catalog)]
LISTS = [[entry.label_in(language) for entry in cat] for cat in CATALOGS for language in ("vi", "en")]


def folded_words(label: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(label))


def fields_vi() -> list[str]:
    return [entry.label_in("vi") for entry in catalog.FIELDS]


def field_picked(typed: str) -> str:
    index = best(typed, fields_vi())
    assert index is not None, typed
    return catalog.FIELDS.codes()[index]


def test_the_catalogs_are_all_here_and_in_vietnamese() -> None:
    assert catalog.FIELDS in CATALOGS and catalog.OUTCOMES in CATALOGS and len(CATALOGS) >= 10
    assert "Giáo dục" in fields_vi() and "Bồi thường, giải phóng mặt bằng" in fields_vi()


@pytest.mark.parametrize(("typed", "code"), [
    ("gia", "education"), ("giáo", "education"), ("GIA", "education"),
    ("gpmb", "compensation"), ("giai phong", "compensation"), ("giải phóng", "compensation"), ("boi", "compensation"),
    ("giao", "transport"), ("gt", "transport"), ("giao t", "transport"),
    ("dat", "land"), ("đất", "land"), ("Đ", "land"), ("moi", "environment"), ("antt", "security"),
    ("xay dung dang", "party_government"), ("khac", "other"),
])
def test_a_field_is_picked_by_the_start_of_its_words_or_its_initials(typed: str, code: str) -> None:
    assert field_picked(typed) == code


def test_letters_inside_a_word_pick_nothing() -> None:
    assert rank("iao", fields_vi()) == []  # "giáo", "giao": inside the word only
    assert rank("ường", fields_vi()) == []
    assert rank("", fields_vi()) == [] and rank("  ,", fields_vi()) == []
    assert match_kind("gia", "Giáo dục") == FIRST_WORD
    assert match_kind("gia", "Bồi thường, giải phóng mặt bằng") == LATER_WORD
    assert match_kind("gpmb", "Bồi thường, giải phóng mặt bằng") == INITIALS
    assert match_kind("g", "Bồi thường, giải phóng mặt bằng") == LATER_WORD  # one letter: a word's start only


labels = st.sampled_from(LISTS)


@given(labels, st.data())
def test_a_word_start_match_always_wins_over_initials(entries: list[str], data: st.DataObject) -> None:
    label = data.draw(st.sampled_from(entries))
    words = folded_words(label)
    start = data.draw(st.integers(0, len(words) - 1))
    word = words[start]
    typed = word[:data.draw(st.integers(1, len(word)))]
    ranked = rank(typed, entries)
    assert entries.index(label) in ranked  # the label typed from is among those offered
    kinds = [match_kind(typed, entries[i]) for i in ranked]
    assert kinds == sorted(kinds)  # the best kind of match first
    assert kinds[0] in (FIRST_WORD, LATER_WORD)  # never initials while a word starts with the letters
    if any(folded_words(e)[0].startswith(fold(typed)) for e in entries):
        assert folded_words(entries[ranked[0]])[0].startswith(fold(typed))


@given(labels, st.data())
def test_the_initials_of_words_in_a_row_find_their_label(entries: list[str], data: st.DataObject) -> None:
    label = data.draw(st.sampled_from([e for e in entries if len(folded_words(e)) >= 2] or entries))
    words = folded_words(label)
    if len(words) < 2:
        return
    start = data.draw(st.integers(0, len(words) - 2))
    end = data.draw(st.integers(start + 2, len(words)))
    typed = "".join(w[0] for w in words[start:end])
    ranked = rank(typed, entries)
    assert entries.index(label) in ranked
    if any(match_kind(typed, e) in (FIRST_WORD, LATER_WORD) for e in entries):
        assert match_kind(typed, entries[ranked[0]]) in (FIRST_WORD, LATER_WORD)


@given(labels, st.text(alphabet="abcdeghiklmnopqrstuvxyđăâêôơư áàảãạéèẻẽẹ", min_size=1, max_size=8))
def test_whatever_is_typed_only_labels_matching_from_a_word_start_are_offered(entries: list[str], typed: str) -> None:
    wanted = folded_words(typed)
    for index in rank(typed, entries):
        words = folded_words(entries[index])
        from_a_word = any(all(words[s + i].startswith(w) for i, w in enumerate(wanted))
                          for s in range(len(words) - len(wanted) + 1))
        by_initials = len(wanted) == 1 and wanted[0] in "".join(w[0] for w in words)
        assert from_a_word or by_initials, (typed, entries[index])
    # Diacritics and đ never change what is found.
    assert sorted(rank(typed, entries)) == sorted(rank(fold(typed), entries))
