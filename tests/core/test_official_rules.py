"""core/officials.py: default titles from the unit's name, and checking what a person typed."""

from __future__ import annotations

import unicodedata

import pytest

from qcdc_desktop.core.errors import ValidationError
from qcdc_desktop.core.officials import clean_official, guess_track, leader_titles


@pytest.mark.parametrize(("name", "role", "chairman", "secretary"), [
    ("Xã An Bình", "commune", "Chủ tịch UBND xã", "Bí thư Đảng ủy xã"),
    ("Phường Ba Đình", "commune", "Chủ tịch UBND phường", "Bí thư Đảng ủy phường"),
    ("Đặc khu Vân Đồn", "commune", "Chủ tịch UBND đặc khu", "Bí thư Đảng ủy đặc khu"),
    ("Tỉnh Phú Thọ", "upper", "Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy"),
    ("Thành phố Hà Nội", "upper", "Chủ tịch UBND thành phố", "Bí thư Thành ủy"),
    ("Huyện Mê Linh", "upper", "Chủ tịch UBND huyện", "Bí thư Huyện ủy"),
    ("Thị xã Sơn Tây", "upper", "Chủ tịch UBND thị xã", "Bí thư Thị ủy"),
])
def test_titles_follow_the_kind_of_unit(name: str, role: str, chairman: str, secretary: str) -> None:
    titles = leader_titles(name, role)
    assert (titles.chairman, titles.secretary) == (chairman, secretary)


def test_titles_read_a_decomposed_name_too() -> None:
    assert leader_titles(unicodedata.normalize("NFD", "Đặc khu Cô Tô"), "commune").chairman == "Chủ tịch UBND đặc khu"


@pytest.mark.parametrize(("title", "track"), [
    ("Bí thư Đảng ủy xã", "party"), ("Phó Bí thư Thường trực Đảng uỷ", "party"), ("Bí thư Tỉnh ủy", "party"),
    ("Chủ tịch UBND xã", "state"), ("Phó Chủ tịch Ủy ban nhân dân xã", "state"),
    ("Ủy viên Ủy ban nhân dân", "state"), ("Chủ tịch Ủy ban MTTQ Việt Nam xã", "state"),
])
def test_the_track_is_guessed_from_the_title(title: str, track: str) -> None:
    assert guess_track(title) == track


def test_a_clean_official_is_nfc_with_single_spaces() -> None:
    official = clean_official(unicodedata.normalize("NFD", "  Nguyễn   Văn An "), "Chủ tịch UBND xã\n", "state")
    assert official.name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", official.name)
    assert official.title == "Chủ tịch UBND xã"
    assert official.active and official.id is None


def test_every_problem_is_reported_with_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_official(" ", "Chủ tịch\x00", "government")
    assert [p.path for p in caught.value.problems] == [("name",), ("title",), ("track",)]
    assert "không được để trống" in caught.value.problems[0].message
