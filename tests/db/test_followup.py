"""What the dashboard warns about, on the hand-made meetings of report_fixture.py (today 1 June 2024)."""

from __future__ import annotations

import datetime as dt

import pytest

from qcdc_desktop.core.followup import task_progress
from qcdc_desktop.core.model import Task
from qcdc_desktop.db.followup import follow_up
from conftest import TODAY
from report_fixture import fill


@pytest.fixture
def ids(store) -> list[str]:
    return fill(store)


def test_overdue_tasks_and_tasks_due_within_seven_days(store, ids) -> None:
    f = follow_up(store, today=TODAY)
    assert f.overdue_count == 1 and [(t.meeting_id, t.deadline, t.days_left) for t in f.overdue] == [
        (ids[2], dt.date(2024, 3, 1), -92)]
    assert f.due_soon_count == 1 and [(t.meeting_id, t.days_left) for t in f.due_soon] == [(ids[4], 4)]
    # On the deadline itself a task is due, not overdue; the day after it is overdue.
    assert follow_up(store, today=dt.date(2024, 6, 5)).due_soon_count == 1
    assert follow_up(store, today=dt.date(2024, 6, 6)).overdue_count == 2
    assert follow_up(store, today=TODAY, due_days=3).due_soon_count == 0


def test_meetings_without_a_conclusion_notice(store, ids) -> None:
    f = follow_up(store, today=TODAY)
    # Held or concluded at least 10 days ago, none has a notice yet (M0..M4), oldest first.
    assert f.without_notice_count == 5 and [m.meeting_id for m in f.without_notice] == ids[:5]
    assert f.without_notice[0].days == 153  # 31/12/2023 to 01/06/2024
    # M3, held exactly 10 days before, is listed; M4, 9 days before, is not yet.
    assert follow_up(store, today=dt.date(2024, 4, 10), notice_days=10).without_notice_count == 4
    assert follow_up(store, today=TODAY, limit=2).without_notice_count == 5
    assert len(follow_up(store, today=TODAY, limit=2).without_notice) == 2


def test_results_not_published_within_ten_days(store, ids) -> None:
    f = follow_up(store, today=TODAY)
    # M1 was published 5 days after the meeting; M3 20 days after; M0, M2, M4 never.
    assert [m.meeting_id for m in f.unpublished] == [ids[0], ids[2], ids[3], ids[4]]
    assert f.unpublished[2].date == dt.date(2024, 4, 20) and f.unpublished[0].date is None
    assert follow_up(store, today=dt.date(2024, 4, 10)).unpublished_count == 3  # M4 still has time


def test_planned_meetings_announced_less_than_seven_days_before(store, ids) -> None:
    f = follow_up(store, today=TODAY)
    assert f.announced_late_count == 1
    (late,) = f.announced_late
    assert (late.meeting_id, late.date, late.days) == (ids[5], dt.date(2024, 6, 28), 4)


def test_task_progress_in_core_agrees_with_its_definition() -> None:
    due = dt.date(2024, 3, 1)
    assert task_progress(Task("x", "y", due), due) == "in_progress"
    assert task_progress(Task("x", "y", due), due + dt.timedelta(days=1)) == "overdue"
    assert task_progress(Task("x", "y", due, state="done", completed_on=due), TODAY) == "done_on_time"
    assert task_progress(Task("x", "y", due, state="done", completed_on=dt.date(2024, 3, 2)), TODAY) == "done_late"
    assert task_progress(Task("x", "y", None), TODAY) == "in_progress"
    assert task_progress(Task("x", "y", due, state="dropped"), TODAY) == "dropped"


def test_the_meeting_sections_read_indexes_not_every_meeting(store, ids) -> None:
    """At a million opinions the follow-up read every meeting row to find the few without a notice
    or published late (0.5 s warm, 2.4 s cold, before the window's first rows): the sections go by
    the state-and-date index, and the late publications by the watch the triggers keep (1.2 s at ten
    million opinions when every held meeting's first publication was looked at)."""
    from qcdc_desktop.db import followup

    def plan(sql: str, params: dict) -> str:
        return " | ".join(r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))

    without = plan(followup._WITHOUT_NOTICE, {"held_by": "2024-06-01"})
    assert "meetings_status_held_on" in without and "SCAN" not in without
    unpublished = plan(followup._UNPUBLISHED, {"held_by": "2024-06-01"})
    assert unpublished.startswith("SEARCH w USING INDEX publication_watch_held_on") and "SCAN" not in unpublished


def test_past_the_cap_a_task_count_says_more_and_the_rows_are_still_listed(store, ids, monkeypatch) -> None:
    """A province's tens of thousands of overdue tasks are not counted one by one: past COUNT_CAP
    the count is COUNT_CAP + 1 ("more than"), and the first rows are listed as before."""
    from qcdc_desktop.db import followup as F
    from qcdc_desktop.ui.followup.sections import count_text

    monkeypatch.setattr(F, "COUNT_CAP", 0)
    f = follow_up(store, today=dt.date(2024, 6, 6))
    assert f.overdue_count == 1 and len(f.overdue) == 2  # two overdue: "more than 0", both listed
    assert f.without_notice_count == 5  # the meetings' counts stay exact
    monkeypatch.setattr("qcdc_desktop.ui.followup.sections.COUNT_CAP", 3)
    assert count_text(4) == "hơn 3" and count_text(3) == "3"
