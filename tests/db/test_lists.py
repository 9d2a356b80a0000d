"""The record lists: filters, orders, derived task progress, search and paging, in SQL.

Expected rows come from tests/lists_data.py, where they were worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lists_data as D
from qcdc_desktop.db import list_search as S
from qcdc_desktop.db import lists as L
from qcdc_desktop.db.connection import open_store

ALL_OPINIONS = [D.O5, D.O4, D.O3, D.O2, D.O1, D.O6]  # newest meeting first; later entries first
ALL_TASKS = [D.T4, D.T3, D.T5, D.T1, D.T2, D.T6]  # latest deadline first; no deadline last
ALL_MEETINGS = [D.M4, D.M2, D.M1, D.M3]


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory):
    path = D.build(tmp_path_factory.mktemp("lists") / "lists.db")
    with open_store(path, readonly=True, check=False) as store:
        yield store.conn


@pytest.fixture(params=["few matches", "many matches", "walked", "walk given up"])
def shapes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the plans for few search matches, then with those for many: a first page
    through a 2-row window and the match set probed from the order index; under filters of two
    columns, the rows walked in order and tested a row at a time, and that walk given up at once."""
    if request.param != "few matches":
        monkeypatch.setattr(S, "FEW_MATCHES", 0)
        monkeypatch.setattr(S, "WINDOW", 2)
        monkeypatch.setattr(S, "RUN_GAP", 0)  # runs cut at every gap: the window read in pieces
        monkeypatch.setattr(S, "MAX_RUNS", 2)
    if request.param == "walked":
        monkeypatch.setattr(S, "WALK_CHUNK", 1)
        monkeypatch.setattr(S, "WALK_MOST", 1_000)
    if request.param == "walk given up":
        monkeypatch.setattr(S, "WALK_CHUNK", 1)
        monkeypatch.setattr(S, "WALK_MOST", 1)
    return request.param


_LABEL = {"opinions": "speaker", "tasks": "content", "meetings": "title"}


def labels(conn, query: L.ListQuery, rowids) -> list[str]:
    spec = query.spec
    position = 3 + spec.column_index(_LABEL[spec.kind])
    rows = L.rows_for(conn, spec, rowids, D.TODAY)
    return [rows[r][position] for r in rowids]


def listed(conn, list_kind: str, *, sort: str | None = None, descending: bool = True, page: int = 200,
           **filters: object) -> list[str]:
    """The list's labels, checking on the way that every first page is the start of the whole."""
    query = L.ListQuery(L.LISTS[list_kind], L.ListFilter(**filters), sort, descending, D.TODAY)
    whole = L.all_rowids(conn, query)
    for limit in range(1, len(whole) + 2):
        assert L.first_page(conn, query, limit) == list(whole[:limit]), limit
    return labels(conn, query, L.first_page(conn, query, page))


# ----- opinions

def test_opinions_newest_first_and_oldest_first(conn) -> None:
    assert listed(conn, "opinions") == ALL_OPINIONS
    assert listed(conn, "opinions", sort="held_on", descending=False) == [D.O6, D.O1, D.O2, D.O3, D.O4, D.O5]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"field": "land"}, [D.O4, D.O1]),
    ({"hamlet": "Thôn Tây"}, [D.O4, D.O2]),
    ({"track": "party"}, [D.O5, D.O4]),
    ({"kind": "reception"}, [D.O6]),
    ({"outcome": "forwarded"}, [D.O3, D.O6]),
    ({"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 1, 31)}, [D.O3, D.O2, D.O1]),
    ({"date_from": dt.date(2026, 1, 11)}, [D.O5, D.O4]),
    ({"date_to": dt.date(2026, 1, 10)}, [D.O3, D.O2, D.O1, D.O6]),
    ({"field": "land", "hamlet": "Thôn Đông"}, [D.O1]),
    ({"field": "health"}, []),
    ({"status": "held", "assignee": "Trạm Y tế"}, ALL_OPINIONS),  # not filters of this list
])
def test_opinion_filters(conn, filters: dict, expected: list[str]) -> None:
    assert listed(conn, "opinions", **filters) == expected


def test_field_order_follows_the_labels_of_the_language(conn, english) -> None:
    # Environment, Land, Security…, Social policy, Transport; newest first inside a field.
    assert listed(conn, "opinions", sort="field", descending=False) == [D.O3, D.O4, D.O1, D.O5, D.O6, D.O2]


def test_field_order_in_vietnamese(conn) -> None:
    # An ninh, Chính sách xã hội, Đất đai, Giao thông, Môi trường (đ sorts as d, not after z).
    assert listed(conn, "opinions", sort="field", descending=False) == [D.O5, D.O6, D.O4, D.O1, D.O2, D.O3]
    assert listed(conn, "opinions", sort="field") == [D.O3, D.O2, D.O4, D.O1, D.O6, D.O5]
    assert listed(conn, "opinions", sort="field", field="land") == [D.O4, D.O1]


def test_hamlet_order_ignores_diacritics_and_puts_no_hamlet_last(conn) -> None:
    # Thôn Đông, Thôn Nam, Thôn Tây, then the opinion with no hamlet.
    assert listed(conn, "opinions", sort="hamlet", descending=False) == [D.O3, D.O1, D.O6, D.O4, D.O2, D.O5]
    assert listed(conn, "opinions", sort="hamlet", descending=False, field="land") == [D.O1, D.O4]


def test_unindexed_columns_do_not_sort(conn) -> None:
    with pytest.raises(ValueError):
        L.first_page(conn, L.ListQuery(L.OPINIONS, sort="content"))
    assert [c.key for c in L.OPINIONS.columns if c.sort] == ["held_on", "hamlet", "field", "origin"]


def test_opinion_display_rows(conn) -> None:
    query = L.ListQuery(L.OPINIONS, L.ListFilter(hamlet="Thôn Đông", field="land"), today=D.TODAY)
    (rowid,) = L.first_page(conn, query)
    row = L.rows_for(conn, L.OPINIONS, [rowid, 10_000_000])
    assert list(row) == [rowid]
    _rowid, record_id, meeting_id, *values = row[rowid]
    assert values == ["2026-01-10", D.M1, D.O1, "Thôn Đông", "land",
                      "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ.", 1, "answered", None, "00004"]
    assert conn.execute("SELECT speaker FROM opinions WHERE id = ? AND meeting_id = ?",
                        (record_id, meeting_id)).fetchone() == (D.O1,)


# ----- search

@pytest.mark.parametrize(("text", "expected"), [
    ("duong", [D.O2]),
    ("Đường", [D.O2]),
    (unicodedata.normalize("NFD", "ĐƯỜNG"), [D.O2]),
    ("duo", [D.O2]),
    ("dat dai", [D.O4, D.O1]),  # O1 through its field's words
    ("tây", [D.O4, D.O2]),  # the hamlet is searched too
    ("trom cap ban dem", [D.O5]),
    ("kubernetes", []),
    ("  ,;  ", ALL_OPINIONS),  # no words: no search
])
def test_search_ignores_diacritics_case_and_normal_form(conn, shapes: str, text: str, expected: list[str]) -> None:
    assert listed(conn, "opinions", search=text) == expected


def test_search_combines_with_filters_and_orders(conn, shapes: str) -> None:
    assert listed(conn, "opinions", search="dat", hamlet="Thôn Tây") == [D.O4]
    assert listed(conn, "opinions", search="dat", sort="held_on", descending=False) == [D.O1, D.O4]
    assert listed(conn, "opinions", search="thon", sort="hamlet", descending=False) == [D.O3, D.O1, D.O6, D.O4, D.O2]


def test_search_under_filters_of_two_columns(conn, shapes: str) -> None:
    assert listed(conn, "opinions", search="dat", field="land", hamlet="Thôn Tây") == [D.O4]
    assert listed(conn, "opinions", search="dat", field="land", hamlet="Thôn Đông") == [D.O1]
    assert listed(conn, "opinions", search="thon", field="land", hamlet="Thôn Tây",
                  date_from=dt.date(2026, 1, 11)) == [D.O4]
    assert listed(conn, "opinions", search="duong", field="land", hamlet="Thôn Tây") == []
    assert listed(conn, "opinions", search="tay", field="land", hamlet="Thôn Tây", sort="held_on",
                  descending=False) == [D.O4]


def test_search_meetings_and_tasks(conn, shapes: str) -> None:
    assert listed(conn, "meetings", search="doi thoai") == [D.M4, D.M1]
    assert listed(conn, "tasks", search="duong") == [D.T1, D.T6]


# ----- tasks and their derived progress

def test_tasks_by_deadline(conn) -> None:
    assert listed(conn, "tasks") == ALL_TASKS
    assert listed(conn, "tasks", sort="deadline", descending=False) == ALL_TASKS[::-1]


@pytest.mark.parametrize(("progress", "expected"), [
    ("done_on_time", [D.T1]),
    ("done_late", [D.T2]),
    ("overdue", [D.T3]),
    ("in_progress", [D.T4, D.T6]),  # due today, and no deadline
    ("dropped", [D.T5]),
])
def test_progress_filter(conn, progress: str, expected: list[str]) -> None:
    assert listed(conn, "tasks", progress=progress) == expected


def test_progress_shown_for_each_case(conn) -> None:
    query = L.ListQuery(L.TASKS, today=D.TODAY)
    rowids = L.first_page(conn, query)
    rows = L.rows_for(conn, L.TASKS, rowids, D.TODAY)
    at = 3 + L.TASKS.column_index("progress")
    shown = {rows[r][3 + L.TASKS.column_index("content")]: rows[r][at] for r in rowids}
    assert shown == {D.T1: "done_on_time", D.T2: "done_late", D.T3: "overdue", D.T4: "in_progress",
                     D.T5: "dropped", D.T6: "in_progress"}


def test_progress_depends_on_the_day_it_is_judged(conn) -> None:
    before = dt.date(2026, 5, 31)
    query = L.ListQuery(L.TASKS, L.ListFilter(progress="in_progress"), today=before)
    assert labels(conn, query, L.first_page(conn, query)) == [D.T4, D.T3, D.T6]
    rows = L.rows_for(conn, L.TASKS, L.first_page(conn, query), before)
    assert {r[3 + L.TASKS.column_index("progress")] for r in rows.values()} == {"in_progress"}
    later = L.ListQuery(L.TASKS, L.ListFilter(progress="overdue"), today=dt.date(2026, 7, 1))
    assert labels(conn, later, L.first_page(conn, later)) == [D.T4, D.T3]


def test_tasks_by_responsible_unit_and_by_meeting(conn) -> None:
    assert listed(conn, "tasks", sort="assignee", descending=False) == [D.T3, D.T4, D.T1, D.T6, D.T5, D.T2]
    assert listed(conn, "tasks", sort="meeting_date") == [D.T6, D.T5, D.T4, D.T3, D.T2, D.T1]
    assert listed(conn, "tasks", assignee="Trạm Y tế") == [D.T5, D.T2]
    assert listed(conn, "tasks", track="party") == [D.T6]
    assert listed(conn, "tasks", date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 6, 1)) == [D.T3, D.T5, D.T1]


# ----- meetings

def test_meetings(conn, english) -> None:
    assert listed(conn, "meetings") == ALL_MEETINGS
    assert listed(conn, "meetings", status="held") == [D.M3]
    assert listed(conn, "meetings", kind="contact") == [D.M2]
    assert listed(conn, "meetings", track="state", date_to=dt.date(2026, 6, 30)) == [D.M1, D.M3]
    # Contact…, Periodic citizen reception, Periodic dialogue…, Thematic dialogue.
    assert listed(conn, "meetings", sort="kind", descending=False) == [D.M2, D.M3, D.M1, D.M4]


def test_meeting_rows_count_their_opinions(conn) -> None:
    query = L.ListQuery(L.MEETINGS, today=D.TODAY)
    rows = L.rows_for(conn, L.MEETINGS, L.first_page(conn, query))
    counts = {r[3 + L.MEETINGS.column_index("title")]: r[3 + L.MEETINGS.column_index("opinions")]
              for r in rows.values()}
    assert counts == {D.M1: 3, D.M2: 2, D.M3: 1, D.M4: 0}
    participants = {r[3 + L.MEETINGS.column_index("participants")] for r in rows.values()}
    assert 1234 in participants
    assert all(r[1] == r[2] for r in rows.values())  # a meeting's meeting is itself


# ----- combos, periods, the background load

def test_hamlets_and_assignees_for_the_combos(conn) -> None:
    assert L.hamlets(conn) == ["Thôn Đông", "Thôn Nam", "Thôn Tây"]
    assert len(L.hamlets(conn, limit=2)) == 2  # a bound, for the national file
    assert L.assignees(conn) == ["Công chức Địa chính", "Phòng Kinh tế", "Trạm Y tế"]
    with pytest.raises(ValueError):
        L.distinct_values(conn, "opinions", "content")


@pytest.mark.parametrize(("preset", "today", "expected"), [
    ("all", dt.date(2026, 5, 7), (None, None)),
    ("month", dt.date(2026, 2, 7), (dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
    ("month", dt.date(2026, 12, 31), (dt.date(2026, 12, 1), dt.date(2026, 12, 31))),
    ("quarter", dt.date(2026, 5, 7), (dt.date(2026, 4, 1), dt.date(2026, 6, 30))),
    ("quarter", dt.date(2026, 11, 1), (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
    ("six_months", dt.date(2026, 11, 1), (dt.date(2026, 1, 1), dt.date(2026, 6, 30))),
    ("nine_months", dt.date(2026, 3, 1), (dt.date(2026, 1, 1), dt.date(2026, 9, 30))),
    ("year", dt.date(2026, 3, 1), (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
    ("last_year", dt.date(2026, 1, 1), (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    ("custom", dt.date(2026, 1, 1), (None, None)),
])
def test_period_presets(preset: str, today: dt.date, expected: tuple) -> None:
    assert L.period_dates(preset, today) == expected


def test_background_load_uses_its_own_connection_and_stops_when_cancelled(conn, tmp_path: Path) -> None:
    path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    query = L.ListQuery(L.OPINIONS, today=D.TODAY)
    assert list(L.load_rowids(path, query)) == L.first_page(conn, query)
    with pytest.raises(L.ListLoadCancelled):
        L.load_rowids(path, query, cancelled=lambda: True)


def test_a_period_and_progress_that_do_not_exist_are_refused(conn) -> None:
    with pytest.raises(ValueError):
        L.first_page(conn, L.ListQuery(L.TASKS, L.ListFilter(progress="soon")))


# ----- the runs of rowids a search window is read in

@given(st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=200, unique=True),
       st.integers(min_value=1, max_value=8), st.integers(min_value=0, max_value=500))
def test_runs_cover_every_rowid_in_at_most_so_many_runs_cut_at_wide_gaps(rowids, most, gap) -> None:
    found = S.runs(list(rowids), most, gap)
    assert 1 <= len(found) <= most
    assert all(lo <= hi for lo, hi in found) and all(a[1] < b[0] for a, b in zip(found, found[1:]))
    assert all(any(lo <= r <= hi for lo, hi in found) for r in rowids)
    assert found[0][0] == min(rowids) and found[-1][1] == max(rowids)
    assert all(lo in rowids and hi in rowids for lo, hi in found)  # each run starts and ends on a rowid given
    assert all(b[0] - a[1] > gap for a, b in zip(found, found[1:]))  # cut only where the gap is wide


def test_the_runs_are_the_communes_blocks_at_the_upper_level() -> None:
    """The latest rows of three communes whose records came in blocks: three runs, not one range
    over the whole table; the widest gaps first when fewer runs are allowed."""
    latest = [*range(9_900, 10_000), *range(19_950, 20_000), *range(29_000, 29_010)]
    assert S.runs(latest, 32, 1_024) == [(9_900, 9_999), (19_950, 19_999), (29_000, 29_009)]
    assert S.runs(latest, 2, 1_024) == [(9_900, 9_999), (19_950, 29_009)]
    assert S.runs([5, 6, 900, 901], 32, 1_024) == [(5, 901)]  # a narrow gap is read through
    assert S.runs([], 32, 1_024) == []
