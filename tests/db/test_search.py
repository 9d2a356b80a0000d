"""db/search.py: search insensitive to diacritics, đ/d and NFC/NFD, that finds what it should and
nothing else."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import add_to, minimal_meeting
from qcdc_desktop.db.connection import Store
from qcdc_desktop.db.meetings import iter_meetings
from qcdc_desktop.db.search import match_expression, search


def _opinion(content: str, field: str = "other", speaker: str = "Hà Văn Long", **more: object) -> dict:
    return {"speaker": speaker, "field": field, "content": content, **more}


@pytest.fixture
def records(store: Store) -> dict[str, str]:
    """A small commune: two meetings with opinions and tasks about several things.  Returns the id
    of each record under a short name."""
    first = minimal_meeting(
        title="Hội nghị đối thoại với Nhân dân", held_on="2024-03-05",
        opinions=[
            _opinion("Đất đai bị lấn chiếm ở khu ruộng cũ.", field="other"),                      # 0 land_text
            _opinion("Đề nghị cấp sổ đỏ cho 12 hộ.", field="land"),                               # 1 land_field
            _opinion("Chậm chi trả tiền giải phóng mặt bằng dự án cụm công nghiệp.",
                     field="other"),                                                             # 2 clearance
            _opinion("Đường liên thôn xuống cấp, mùa mưa lầy lội.", field="transport"),           # 3 road
            _opinion("Rác thải không được thu gom thường xuyên.", field="environment"),          # 4 waste
            _opinion("Trạm y tế thiếu thuốc bảo hiểm.", field="health"),                          # 5 health
            _opinion("Đạt chuẩn nông thôn mới nhưng đường còn dài.", field="economy"),            # 6 same_letters
        ],
        conclusions=[{"content": "Sửa chữa đường liên thôn trước mùa mưa.", "assignee": "Công chức Giao thông"},
                     {"content": "Rà soát hồ sơ cấp giấy chứng nhận quyền sử dụng đất.",
                      "assignee": "Công chức Địa chính"}],
    )
    second = minimal_meeting(
        title="Đối thoại chuyên đề về môi trường", held_on="2024-04-10", kind="thematic",
        opinions=[_opinion("Cơ sở chăn nuôi xả thải ra mương.", field="environment", speaker="Lò Thị Mai")],
    )
    [first_id, second_id] = add_to(store, first, second)
    meetings = {m.id: m for m in iter_meetings(store)}
    names = ["land_text", "land_field", "clearance", "road", "waste", "health", "same_letters"]
    ids = {name: o.id for name, o in zip(names, meetings[first_id].opinions)}
    ids["manure"] = meetings[second_id].opinions[0].id
    ids["road_task"], ids["land_task"] = (t.id for t in meetings[first_id].conclusions)
    ids["first"], ids["second"] = first_id, second_id
    return ids


def _found(store: Store, query: str, kinds: tuple[str, ...] = ("meetings", "opinions", "tasks")) -> set[str]:
    return {h.id for h in search(store, query, kinds=kinds)}


def _land(records: dict[str, str]) -> set[str]:
    """What "dat dai" must find: land by its text, land by its field, and "Đạt ... dài", which has
    the same letters without their marks (the price of a search that ignores diacritics)."""
    return {records["land_text"], records["land_field"], records["same_letters"]}


def test_dat_dai_finds_land_by_its_text_and_by_its_field_and_nothing_else(store: Store,
                                                                         records: dict[str, str]) -> None:
    assert _found(store, "dat dai") == _land(records)
    assert _found(store, "dat dai lan chiem") == {records["land_text"]}
    assert _found(store, "dat dai so do") == {records["land_field"]}


@pytest.mark.parametrize("query", ["Đất đai", "ĐẤT ĐAI", "đất đai", "dat dai", "DAT DAI", "  dat   dai  "])
def test_every_spelling_of_the_query_finds_the_same(store: Store, records: dict[str, str], query: str) -> None:
    assert _found(store, query) == _land(records)
    assert _found(store, unicodedata.normalize("NFD", query)) == _land(records)


def test_giai_phong_mat_bang_finds_site_clearance_only(store: Store, records: dict[str, str]) -> None:
    assert _found(store, "giai phong mat bang") == {records["clearance"]}
    assert _found(store, unicodedata.normalize("NFD", "giải phóng mặt bằng")) == {records["clearance"]}


def test_text_stored_from_nfd_input_is_found(store: Store) -> None:
    [meeting_id] = add_to(store, minimal_meeting(opinions=[
        _opinion(unicodedata.normalize("NFD", "Hỗ trợ hộ nghèo xây nhà đại đoàn kết."))]))
    [opinion] = next(iter_meetings(store, [meeting_id])).opinions
    assert {h.id for h in search(store, "dai doan ket")} == {opinion.id}
    assert {h.id for h in search(store, "đại đoàn kết")} == {opinion.id}


def test_d_with_stroke_folds_to_d_both_ways(store: Store, records: dict[str, str]) -> None:
    assert _found(store, "duong lien thon") == {records["road"], records["road_task"]}
    assert _found(store, "đường liên thôn") == {records["road"], records["road_task"]}
    assert _found(store, "Ðường") >= {records["road"]}  # the look-alike eth


def test_the_last_word_is_a_prefix_for_search_as_you_type(store: Store, records: dict[str, str]) -> None:
    assert _found(store, "giai phong mat ba") == {records["clearance"]}
    # a lone letter after other words is not yet a word: the words before it still find
    assert _found(store, "giai phong m") == _found(store, "giai phong") == {records["clearance"]}
    assert _found(store, "thu go") == {records["waste"]}
    assert _found(store, "go thu") == set()  # only the last word is completed
    assert _found(store, "xa thai") == {records["manure"]}


def test_every_word_must_match(store: Store, records: dict[str, str]) -> None:
    assert _found(store, "duong mua") == {records["road"], records["road_task"]}
    assert _found(store, "duong rac") == set()


def test_fields_are_found_by_their_label_in_both_languages(store: Store, records: dict[str, str]) -> None:
    assert _found(store, "moi truong", kinds=("opinions",)) == {records["waste"], records["manure"]}
    assert _found(store, "environment") == {records["waste"], records["manure"]}
    assert _found(store, "y te") == {records["health"]}


def test_meetings_and_tasks_are_searched_too(store: Store, records: dict[str, str]) -> None:
    assert _found(store, "chuyen de") == {records["second"]}
    assert _found(store, "giay chung nhan") == {records["land_task"]}
    assert _found(store, "lo thi mai") == {records["manure"]}  # the speaker
    hits = search(store, "doi thoai")
    assert {h.kind for h in hits} == {"meetings"} and {h.id for h in hits} == {records["first"], records["second"]}
    assert all(h.meeting_id == h.id for h in hits)


def test_hits_say_where_they_belong_newest_first_and_respect_the_limit(store: Store, records: dict[str, str]) -> None:
    [hit] = search(store, "chan nuoi xa thai")
    assert (hit.kind, hit.meeting_id, hit.held_on) == ("opinions", records["second"], "2024-04-10")
    assert hit.text == "Cơ sở chăn nuôi xả thải ra mương."
    [task] = search(store, "sua chua duong", kinds=("tasks",))
    assert (task.meeting_id, task.held_on) == (records["first"], "2024-03-05")
    assert [h.id for h in search(store, "thon", kinds=("opinions",))] == [records["same_letters"], records["road"]]
    assert [h.id for h in search(store, "thon", kinds=("opinions",), limit=1)] == [records["same_letters"]]


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "()", "-"])
def test_a_query_with_no_words_finds_nothing(store: Store, records: dict[str, str], query: str) -> None:
    assert match_expression(query) is None
    assert search(store, query) == []


@pytest.mark.parametrize(("query", "expression"), [
    ("AND", '"and"*'), ("a OR", '"a" "or"*'), ("NEAR(x y)", '"near" "x"'), ("col:val", '"col" "val"*'),
    ("^x", '"x"'),
])
def test_fts_syntax_in_a_query_is_read_as_words(store: Store, records: dict[str, str], query: str,
                                                expression: str) -> None:
    assert match_expression(query) == expression
    assert search(store, query) == []  # none of the commune's records has these words
    [meeting_id] = add_to(store, minimal_meeting(opinions=[_opinion("Ghi chú: a near x y, and or col val.")]))
    [opinion] = next(iter_meetings(store, [meeting_id])).opinions
    assert [(h.kind, h.id) for h in search(store, query)] == [("opinions", opinion.id)]


def test_fts_operators_are_words_not_syntax(store: Store) -> None:
    [meeting_id] = add_to(store, minimal_meeting(opinions=[_opinion("Đề nghị làm rõ OR và AND trong hợp đồng.")]))
    [opinion] = next(iter_meetings(store, [meeting_id])).opinions
    assert {h.id for h in search(store, "or and")} == {opinion.id}
    assert search(store, "rõ NOT hợp") == []


def test_match_expression_quotes_every_word() -> None:
    assert match_expression("Đất đai") == '"dat" "dai"*'
    assert match_expression("giải phóng m") == '"giai" "phong"*'
    assert match_expression('"*"') is None


def test_a_lone_letter_typed_after_other_words_does_not_empty_the_results() -> None:
    assert match_expression("dat d") == match_expression("dat")
    assert match_expression("nguyen van d") == '"nguyen" "van"*'
    assert match_expression("d") == '"d"'


@pytest.mark.parametrize("query", ["phong", "giai phong", "thuon", "chuye", "xuyen", "thuong", "nghiem", "zzzzzz",
                                   "cong nghiep", "thuong xuye", "bao hiem"])
def test_a_long_last_word_spelled_out_finds_what_its_prefix_finds(store: Store, records: dict[str, str],
                                                                  query: str) -> None:
    """A last word of five letters or more is spelled out into the words of the index that begin
    with it (FTS5 has no prefix index that long): the rows found are those of the prefix query."""
    from qcdc_desktop.db.search import LONG_PREFIX, words_match
    from qcdc_desktop.core.office_search import query_tokens

    add_to(store, minimal_meeting(opinions=[_opinion("Thương binh, thuốc bảo hiểm, chuyển nhượng, nghiêm túc."),
                                            _opinion("Phòng họp phỏng vấn, phóng viên; xuyên suốt.")]))
    conn = store.conn
    for kind in ("meetings", "opinions", "tasks"):
        words = query_tokens(query)
        plain = match_expression(query)
        spelled = words_match(conn, kind, words, True)
        rows = f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ? ORDER BY rowid"
        assert [r for r in conn.execute(rows, (spelled,))] == [r for r in conn.execute(rows, (plain,))], (kind, spelled)
        assert (spelled != plain) == (len(words[-1]) >= LONG_PREFIX)


def test_a_long_prefix_with_too_many_words_is_left_a_prefix(store: Store, monkeypatch) -> None:
    from qcdc_desktop.db import search as S

    add_to(store, minimal_meeting(opinions=[_opinion("Phong phongs phongx phongy.")]))
    monkeypatch.setattr(S, "MAX_TERMS", 2)
    assert S.words_match(store.conn, "opinions", ["phong"], True) == '"phong"*'
    monkeypatch.setattr(S, "MAX_TERMS", 64)
    assert S.words_match(store.conn, "opinions", ["phong"], True) == '("phong" OR "phongs" OR "phongx" OR "phongy")'
    assert S.words_match(store.conn, "opinions", ["giai", "phong"], False) == '"giai" "phong"'  # not a prefix
