"""At the upper level the record lists filter and sort by commune, and a search that types a
commune's name finds its records; a commune's records are refused to this office's writes in a
sentence naming the commune.  On province_data.py's file: the province and twelve communes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import province_data as P
from conftest import TODAY
from qcdc_desktop.core.errors import QcdcError
from qcdc_desktop.db import list_search as S
from qcdc_desktop.db import lists as L
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.edit import save_meeting
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.messages import add_directive
from qcdc_desktop.db.tasks import update_task
from qcdc_desktop.db.units import office_label

OFFICES = [P.PROVINCE, *(code for code, _name in P.COMMUNES)]  # the province first, then by name
KINDS = ("meetings", "opinions", "tasks")
PER_MEETING = {"meetings": 1, "opinions": 2, "tasks": 2}


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("province") / "tinh.db"
    return path, P.build(path)


@pytest.fixture(scope="module")
def conn(province):
    with open_store(province[0], readonly=True, check=False) as store:
        yield store.conn


@pytest.fixture(params=["few matches", "many matches"])
def shapes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The plans for few search matches, then those for many (a 2-row window, the match set probed)."""
    if request.param == "many matches":
        monkeypatch.setattr(S, "FEW_MATCHES", 0)
        monkeypatch.setattr(S, "WINDOW", 2)
        monkeypatch.setattr(S, "RUN_GAP", 0)  # runs cut at every gap: the window read in pieces
        monkeypatch.setattr(S, "MAX_RUNS", 2)
    return request.param


def origins(conn, kind: str, *, sort: str | None = None, descending: bool = True, **filters: object) -> list[str]:
    """The office of each row of the list, in order, checking that every first page starts the whole."""
    query = L.ListQuery(L.LISTS[kind], L.ListFilter(**filters), sort, descending, TODAY)
    whole = L.all_rowids(conn, query)
    for limit in (1, 2, 3, 5, len(whole), len(whole) + 1):
        assert L.first_page(conn, query, limit) == list(whole[:limit]), limit
    column = 3 + L.LISTS[kind].column_index("origin")
    rows = L.rows_for(conn, L.LISTS[kind], whole, TODAY)
    return [rows[r][column] for r in whole]


@pytest.mark.parametrize("kind", KINDS)
def test_the_offices_with_records_are_offered_by_name_the_province_first(conn, kind: str) -> None:
    assert L.offices(conn, kind) == OFFICES
    assert [office_label(code) for code in L.offices(conn, kind)] == [P.PROVINCE_LABEL, *P.LABELS]


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_filtered_by_commune_holds_that_communes_records_only(conn, kind: str) -> None:
    for code in ("05068", "04831", P.PROVINCE):
        assert origins(conn, kind, origin=code) == [code] * PER_MEETING[kind]
    assert origins(conn, kind, origin="99999") == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_sorted_by_commune_goes_by_name_each_commune_newest_first(conn, kind: str) -> None:
    each = PER_MEETING[kind]
    ascending = origins(conn, kind, sort="origin", descending=False)
    assert ascending == [code for code in OFFICES for _ in range(each)]
    assert origins(conn, kind, sort="origin", descending=True) == ascending[::-1]
    # by date the communes come the other way: their meetings are older the later their name
    by_date = origins(conn, kind, sort="held_on" if kind != "tasks" else "deadline", descending=False)
    assert by_date != ascending
    # sorted by commune and kept to one: that commune's rows
    assert origins(conn, kind, sort="origin", descending=False, origin="05212") == ["05212"] * each


@pytest.mark.parametrize(("text", "expected"), [
    ("hop kim", ["05068"]),  # the name typed whole, without its marks
    ("Hợp Kim", ["05068"]),
    ("xa kim boi", ["04978"]),  # with the word of its kind
    ("kim boi", ["04978"]),
    ("da bac", ["04831"]),  # Đ read as D
    ("phuong tan hoa", ["04792"]),
    ("cao so", ["04876"]),  # the last word being typed: Cao Sơn, not Cao Phong
    ("05089", ["05089"]),  # the code alone
    ("kim", []),  # a part of a name names nothing: "kim" is searched in the text only
    ("hop", []),
    ("cao", []),
])
def test_a_search_that_types_a_communes_name_finds_its_records(conn, shapes: str, text: str,
                                                               expected: list[str]) -> None:
    for kind in KINDS:
        found = origins(conn, kind, search=text)
        assert sorted(set(found)) == expected, kind
        assert len(found) == PER_MEETING[kind] * len(expected), kind


def test_the_words_left_after_a_communes_name_are_searched_in_its_records(conn, shapes: str) -> None:
    # Phạm Văn Đức's opinion speaks of the road ("Đường liên thôn xuống cấp"); Trần Thị Bình's of land
    assert origins(conn, "opinions", search="kim boi duong") == ["04978"]
    assert origins(conn, "opinions", search="duong xa kim boi") == ["04978"]
    assert origins(conn, "opinions", search="hop kim dat dai") == ["05068"]
    assert origins(conn, "opinions", search="hop kim dat d") == ["05068"]  # a lone letter while typing
    assert origins(conn, "tasks", search="duc nhan sua chua") == ["04846"]
    # the words alone find the road in every office's records
    assert len(origins(conn, "opinions", search="duong lien thon")) == len(OFFICES)
    # a commune's name and another's filter: nothing
    assert origins(conn, "opinions", search="hop kim", origin="04978") == []
    assert origins(conn, "opinions", search="hop kim", origin="05068") == ["05068", "05068"]


def test_a_communes_name_at_a_commune_is_searched_in_the_text_only(tmp_path: Path) -> None:
    """In a commune's own file every record is its own: typing its name must not select them all."""
    from conftest import ADMIN, RECOVERY_CODE, add_to, full_meeting
    from qcdc_desktop.db.setup import init_store, resolve_unit

    path = tmp_path / "xa.db"
    with init_store(path, resolve_unit("05068", "commune"), ADMIN, RECOVERY_CODE) as store:
        add_to(store, full_meeting(), full_meeting(title="Hội nghị tại xã Hợp Kim"))
    with open_store(path, readonly=True) as store:
        query = L.ListQuery(L.MEETINGS, L.ListFilter(search="hop kim"), today=TODAY)
        assert len(L.all_rowids(store.conn, query)) == 1


def test_a_communes_records_are_refused_in_a_sentence_naming_it(province) -> None:
    path, ids = province
    with open_store(path) as store:
        meeting = get_meeting(store, ids["05068"])
        assert meeting is not None
        meeting.title = "Sửa ở tỉnh"
        with pytest.raises(QcdcError) as refused:
            save_meeting(store, meeting=meeting)
        assert "Xã Hợp Kim (05068)" in refused.value.message
        task = meeting.conclusions[1]
        with pytest.raises(QcdcError) as refused:
            update_task(store, task_id=task.id or "", state="done", result="x", completed_on=TODAY, reply_doc="",
                        today=TODAY)
        assert "Xã Hợp Kim (05068)" in refused.value.message
        with pytest.raises(QcdcError) as refused:
            add_directive(store, commune="05212", content="Báo cáo", deadline=None, issued_on=dt.date(2024, 6, 1))
        assert "Xã Pà Cò (05212)" in refused.value.message


def test_the_follow_up_keeps_to_a_commune_and_orders_by_commune(province) -> None:
    from qcdc_desktop.db.followup import Order, Scope, follow_up

    path, _ids = province
    with open_store(path, readonly=True) as store:
        every = follow_up(store, today=TODAY)
        # each office's open task is late; the oldest deadline first: the province's, then the
        # communes later in the names
        assert [t.origin for t in every.overdue] == [P.PROVINCE, *(code for code, _n in P.COMMUNES[::-1])]
        one = follow_up(store, today=TODAY, scope=Scope("05068"))
        assert [t.origin for t in one.overdue] == ["05068"] and one.overdue_count == 1
        by_name = follow_up(store, today=TODAY, scope=Scope(orders={"tasks": Order(by_office=True)}))
        assert [t.origin for t in by_name.overdue] == OFFICES
        back = follow_up(store, today=TODAY, scope=Scope(orders={"tasks": Order(by_office=True, descending=True)}))
        assert [t.origin for t in back.overdue] == OFFICES[::-1]
        first = follow_up(store, today=TODAY, limit=3, scope=Scope(orders={"tasks": Order(by_office=True)}))
        assert [t.origin for t in first.overdue] == OFFICES[:3] and first.overdue_count == len(OFFICES)


def test_a_commune_chosen_offers_its_own_hamlets_and_units(tmp_path: Path) -> None:
    """The hamlet and unit filters list every office's values, or, a commune chosen, its own:
    «Thôn Khe Lếch» is Xã Pà Cò's, not Xã Yên Phú's, and the province's «Sở Xây dựng» is neither's."""
    from qcdc_desktop.core.ids import IdMaker
    from qcdc_desktop.core.validate import parse_meetings
    from qcdc_desktop.db.list_specs import assignees, hamlets
    from qcdc_desktop.db.meetings import insert_meetings
    from qcdc_desktop.db.setup import init_store, resolve_unit
    from conftest import ADMIN, RECOVERY_CODE, add_to, full_meeting

    path = tmp_path / "tinh.db"
    with init_store(path, resolve_unit(P.PROVINCE, "upper"), ADMIN, RECOVERY_CODE) as store:
        own = full_meeting()
        own["conclusions"][0]["assignee"] = "Sở Xây dựng"
        add_to(store, own)
        with store.transaction() as conn:
            for code, hamlet, unit in (("05212", "Thôn Khe Lếch", "Công chức Văn hóa"),
                                       ("05305", "Thôn Đồng Tâm", "Công an xã")):
                meeting = full_meeting()
                for opinion in meeting["opinions"]:
                    opinion["address"] = hamlet
                for task in meeting["conclusions"]:
                    task["assignee"] = unit
                insert_meetings(conn, parse_meetings([meeting], today=TODAY), origin=code, make_id=IdMaker(code))
        conn = store.conn
        everything = hamlets(conn)
        assert {"Thôn Khe Lếch", "Thôn Đồng Tâm"} <= set(everything)
        assert hamlets(conn, origin="05212") == ["Thôn Khe Lếch"]
        assert assignees(conn, origin="05305") == ["Công an xã"]
        assert "Sở Xây dựng" in assignees(conn) and assignees(conn, origin="04795") == []
        plan = " ".join(str(r[-1]) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT min(address) FROM opinions WHERE origin = ? AND address > ?", ("05212", "")))
        assert "opinions_origin_address" in plan  # a seek per value, not a walk of the commune's opinions
