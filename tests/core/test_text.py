"""core/text.py: NFC at the boundary and the one folding function used by indexing and querying."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc_desktop.core.text import _slow_fold, fold, has_forbidden_characters, nfc, search_tokens

VIETNAMESE = "Đất đai, giải phóng mặt bằng, Trường học, Nguyễn Thị Thuỷ, ƯỚC MƠ, Hoà Bình, Phường Ba Đình"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_nfd_input_becomes_nfc() -> None:
    decomposed = nfd(VIETNAMESE)
    assert decomposed != VIETNAMESE  # the test input really is in another form
    assert nfc(decomposed) == VIETNAMESE
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_nfc_turns_crlf_and_lone_cr_into_lf_and_trims_the_ends() -> None:
    assert nfc("  dòng 1\r\ndòng 2\rdòng 3\n\t ") == "dòng 1\ndòng 2\ndòng 3"
    assert nfc("a  b") == "a  b"  # inner spacing is the clerk's business


@pytest.mark.parametrize(("text", "folded"), [
    ("Đất đai", "dat dai"),
    ("ĐẤT ĐAI", "dat dai"),
    ("giải phóng mặt bằng", "giai phong mat bang"),
    ("Trường   học\n mầm non", "truong hoc mam non"),
    ("Ð ð", "d d"),  # the look-alike eth is folded like đ
    ("Nguyễn Thị Thuỷ", "nguyen thi thuy"),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


@given(st.text())
@settings(max_examples=300)
def test_fold_does_not_depend_on_the_normal_form(text: str) -> None:
    assert fold(nfd(text)) == fold(unicodedata.normalize("NFC", text)) == fold(text)


_VIETNAMESE_LETTERS = st.sampled_from(sorted(set(
    "aăâbcdđeêghiklmnoôơpqrstuưvxy" "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)))


@given(st.lists(st.one_of(_VIETNAMESE_LETTERS, _VIETNAMESE_LETTERS.map(str.upper), st.sampled_from(" ,.-")),
                max_size=60).map("".join))
def test_folded_vietnamese_is_plain_ascii_and_folding_again_changes_nothing(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert fold(folded) == folded
    assert "  " not in folded and folded == folded.strip()


@pytest.mark.parametrize("text", ["a\x00b", "\x07", "x\x1b[31m", "\x7f", "nửa\ud800", "\x0b", "\x0c"])
def test_control_characters_and_lone_surrogates_are_forbidden(text: str) -> None:
    assert has_forbidden_characters(text)


@pytest.mark.parametrize("text", ["", "Thôn 3", "dòng 1\ndòng 2", "cột\tcột", "a\r\nb", "😀 ₫ №"])
def test_ordinary_text_tabs_and_line_breaks_are_allowed(text: str) -> None:
    assert not has_forbidden_characters(text)


def test_search_tokens_fold_and_drop_punctuation_and_operators() -> None:
    assert search_tokens('"Đất đai" OR (giải-phóng*) NEAR mặt:bằng') == [
        "dat", "dai", "or", "giai", "phong", "near", "mat", "bang"]
    assert search_tokens(nfd("ĐẤT ĐAI")) == ["dat", "dai"]
    assert search_tokens(' "*():^-+ ') == []


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_the_fast_fold_agrees_with_the_full_unicode_path(text: str) -> None:
    """fold() takes a translation-table shortcut; it must give exactly what the slow path gives,
    or the contentless search index would be asked to delete words it never stored."""
    for form in (text, unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)):
        assert fold(form) == _slow_fold(form)
