"""The report's figures on the hand-made meetings of report_fixture.py, against numbers counted by
hand; period edges; task progress as of a day; offices at the upper level."""

from __future__ import annotations

import datetime as dt

import pytest

from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.core.statistics import PeriodError, custom, month, quarter
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.meetings import insert_meetings
from qcdc_desktop.core.settings import CUTOFF_DAY
from qcdc_desktop.db.statistics import build_statistics, cutoff_day, save_cutoff_day
from conftest import TODAY, minimal_meeting
from report_fixture import fill


@pytest.fixture
def filled(store):
    fill(store)
    return store


def test_first_quarter_counted_by_hand(filled) -> None:
    f = build_statistics(filled, quarter(2024, 1), as_of=TODAY).total
    assert (f.meetings, f.planned, f.participants, f.opinions, f.answered, f.tasks) == (3, 0, 230, 6, 3, 5)
    assert f.answered_share == 0.5
    assert dict(f.meetings_by_kind) == {"dialogue": 2, "contact": 1, "on_request": 0, "ad_hoc": 0, "thematic": 0,
                                        "reception": 0}
    assert dict(f.meetings_by_track) == {"state": 2, "party": 1}
    assert sorted(f.meetings_by_chair) == [("Bí thư Đảng ủy xã", 1), ("Chủ tịch UBND xã", 1),
                                           ("Phó Chủ tịch UBND xã", 1)]
    assert f.meetings_by_month == (("2024-01", 1), ("2024-02", 1), ("2024-03", 1))
    fields = {code: n for code, n in f.opinions_by_field if n}
    assert fields == {"land": 3, "transport": 1, "environment": 1, "health": 1}
    assert [code for code, _n in f.opinions_by_field][:3] == ["land", "compensation", "construction"]  # catalog order
    assert dict(f.opinions_by_outcome) == {"answered": 3, "commune_task": 1, "forwarded": 1, "not_state_business": 0,
                                           "": 1}
    assert dict(f.tasks_by_progress) == {"done_on_time": 1, "done_late": 1, "in_progress": 1, "overdue": 1,
                                         "dropped": 1}
    assert f.done_share == 0.4
    assert [(h.hamlet, h.opinions, h.answered) for h in f.hamlets] == [("Thôn 1", 3, 2), ("Thôn 2", 2, 1), ("", 1, 0)]


def test_the_overdue_tasks_are_named(filled) -> None:
    (task,) = build_statistics(filled, quarter(2024, 1), as_of=TODAY).overdue_tasks  # t3
    assert (task.deadline, task.days_left, task.assignee) == (dt.date(2024, 3, 1), -92, "Công chức Địa chính")
    on_the_15th = build_statistics(filled, month(2024, 1), as_of=dt.date(2024, 2, 15)).overdue_tasks
    assert [(t.deadline, t.days_left) for t in on_the_15th] == [(dt.date(2024, 2, 10), -5)]  # t2, not yet done


def test_both_ends_of_a_period_are_inclusive(filled) -> None:
    assert build_statistics(filled, custom(dt.date(2024, 3, 31), dt.date(2024, 4, 1)), as_of=TODAY).total.meetings == 2
    assert build_statistics(filled, custom(dt.date(2024, 3, 31), dt.date(2024, 3, 31)), as_of=TODAY).total.opinions == 1
    assert build_statistics(filled, custom(dt.date(2024, 4, 2), dt.date(2024, 6, 30)), as_of=TODAY).total.meetings == 0


def test_the_cut_off_day_moves_the_last_weeks_of_december_into_the_next_year(filled) -> None:
    f = build_statistics(filled, quarter(2024, 1, cutoff_day=15), as_of=TODAY).total  # 15/12/2023 - 14/03/2024
    assert (f.meetings, f.participants, f.opinions, f.answered) == (3, 210, 6, 3)
    assert dict(f.opinions_by_field)["security"] == 1 and dict(f.opinions_by_field)["health"] == 0
    assert f.meetings_by_month == (("2023-12", 1), ("2024-01", 1), ("2024-02", 1), ("2024-03", 0))


def test_planned_meetings_are_counted_apart(filled) -> None:
    f = build_statistics(filled, custom(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), as_of=TODAY).total
    assert (f.meetings, f.planned, f.participants) == (4, 2, 250)


def test_task_progress_is_judged_on_the_day_asked(filled) -> None:
    january = month(2024, 1)
    on_the_15th = dict(build_statistics(filled, january, as_of=dt.date(2024, 2, 15)).total.tasks_by_progress)
    # t2 was completed on 20 February: on the 15th it was open and five days past its deadline.
    assert (on_the_15th["done_on_time"], on_the_15th["done_late"], on_the_15th["overdue"]) == (1, 0, 1)
    later = dict(build_statistics(filled, january, as_of=TODAY).total.tasks_by_progress)
    assert (later["done_on_time"], later["done_late"], later["overdue"]) == (1, 1, 0)


def test_a_commune_lists_no_offices_but_the_upper_level_and_mixed_origins_do(filled) -> None:
    assert build_statistics(filled, quarter(2024, 1), as_of=TODAY).offices == ()
    other = parse_meetings([minimal_meeting(held_on="2024-02-01", participants=7, opinions=[
        {"speaker": "B", "address": "Thôn 1", "field": "land", "content": "Đường.", "answered": False}])],
        today=TODAY)
    with filled.transaction() as conn:
        insert_meetings(conn, other, origin="00008", make_id=IdMaker("00008"))
    stats = build_statistics(filled, quarter(2024, 1), as_of=TODAY)
    assert [(o.origin, o.figures.meetings, o.figures.participants, o.figures.opinions) for o in stats.offices] == [
        ("00004", 3, 230, 6), ("00008", 1, 7, 1)]
    assert (stats.total.meetings, stats.total.participants, stats.total.opinions) == (4, 237, 7)
    assert stats.total.hamlets == ()  # "Thôn 1" of one commune is not "Thôn 1" of another
    assert stats.offices[1].figures.hamlets[0].hamlet == "Thôn 1"
    assert [o.name for o in stats.offices] == ["Phường Ba Đình", "Phường Ngọc Hà"]  # from the official list


def test_an_empty_period_gives_zeros_not_errors(store) -> None:
    stats = build_statistics(store, month(2024, 2), as_of=TODAY)
    assert stats.total.meetings == stats.total.opinions == 0
    assert stats.total.answered_share is None and stats.total.done_share is None
    assert stats.total.meetings_by_month == (("2024-02", 0),)
    assert stats.unit_code == "00004"


def test_progress_is_reported_and_cancel_stops_it(filled) -> None:
    steps: list[tuple[int, int]] = []
    build_statistics(filled, quarter(2024, 1), as_of=TODAY, progress=lambda d, t: steps.append((d, t)))
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]
    with pytest.raises(Cancelled):
        build_statistics(filled, quarter(2024, 1), as_of=TODAY, cancelled=lambda: True)


def test_the_cut_off_day_setting(store) -> None:
    assert cutoff_day(store) == 1
    assert save_cutoff_day(store, day=15).settings
    assert cutoff_day(store) == 15
    with pytest.raises(PeriodError):
        save_cutoff_day(store, day=29)
    assert cutoff_day(store) == 15
    with store.transaction() as conn:  # a value written by hand that makes no sense is ignored
        conn.execute("UPDATE settings SET value = 'x' WHERE key = ?", (CUTOFF_DAY.key,))
    assert cutoff_day(store) == 1
