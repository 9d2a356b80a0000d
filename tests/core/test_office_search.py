"""Which offices a search names (core/office_search.py): a name typed whole, in its order, with or
without the word of its kind, the last word maybe still being typed; never a part of a name."""

from __future__ import annotations

import pytest

from qcdc_desktop.core.office_search import NamedOffices, name_run, named_offices, query_tokens

OFFICES = [("08905", "Xã Hội Thịnh"), ("05068", "Xã Hợp Kim"), ("00103", "Phường 3"), ("04831", "Xã Đà Bắc"),
           ("26734", "Đặc khu Côn Đảo")]


@pytest.mark.parametrize(("query", "run"), [
    ("hoi thinh", (0, 2)), ("xa hoi thinh", (0, 3)), ("Hội Thịnh", (0, 2)), ("hoi thi", (0, 2)),
    ("dat dai hoi thinh", (2, 4)), ("hoi thinh dat dai", (0, 2)),
    ("hoi", None), ("xa hoi", None), ("thinh hoi", None), ("hoi nghi thinh", None),
    ("hoi t", None),  # a lone letter while typing is not a word yet
    ("hoi thinhx", None), ("08905", (0, 1)), ("0890", None),
])
def test_a_name_counts_only_typed_whole(query: str, run: tuple[int, int] | None) -> None:
    assert name_run(query_tokens(query), "Xã Hội Thịnh", "08905") == run


def test_a_number_alone_does_not_name_a_ward_its_kind_does() -> None:
    assert name_run(query_tokens("3 dat dai"), "Phường 3") is None
    assert name_run(query_tokens("phuong 3 dat dai"), "Phường 3") == (0, 2)


def test_kinds_of_two_words_and_d_with_stroke() -> None:
    assert name_run(query_tokens("con dao"), "Đặc khu Côn Đảo") == (0, 2)
    assert name_run(query_tokens("dac khu con dao"), "Đặc khu Côn Đảo") == (0, 4)
    assert name_run(query_tokens("da bac"), "Xã Đà Bắc") == (0, 2)


def test_offices_named_are_grouped_by_the_words_left_for_the_text() -> None:
    assert named_offices("xa hoi", OFFICES) == []
    assert named_offices("hop kim dat dai", OFFICES) == [NamedOffices(("05068",), ("dat", "dai"), True)]
    assert named_offices("dat dai hop kim", OFFICES) == [NamedOffices(("05068",), ("dat", "dai"), False)]
    assert named_offices("Hợp Kim", OFFICES) == [NamedOffices(("05068",), (), False)]
