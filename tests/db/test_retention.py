"""The retention period (db/retention.py): the preview lists the opinions closed for longer than
the period, and applying erases exactly those — their speakers' names and phone numbers — and
nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import add_to, full_meeting
from qcdc_desktop.core.personal import erasure_marker
from qcdc_desktop.db import history
from qcdc_desktop.db.history_read import history_of
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.retention import RetentionRefused, apply_retention, cutoff, due

TODAY = dt.date(2026, 12, 6)
MARKER = erasure_marker(TODAY, "retention")


def _old_and_recent(store) -> tuple[str, str, str]:
    """A meeting of 2019 whose task closed in 2020 (due after 5 years), the same with its task
    still open (not closed, so not due), and a meeting of 2024 (too recent)."""
    def meeting(held_on: str, **task: object) -> dict:
        m = full_meeting(held_on=held_on, announced_on=None, publications=[])
        m["conclusions"] = [dict(m["conclusions"][0], deadline=f"{held_on[:4]}-12-31", **task)]
        return m

    closed = meeting("2019-03-05", completed_on="2020-04-20")
    still_open = meeting("2019-06-05", state="open", completed_on=None, result="")
    recent = meeting("2024-03-05", completed_on="2024-04-20")
    return tuple(add_to(store, closed, still_open, recent))  # type: ignore[return-value]


def test_the_preview_lists_what_is_closed_for_longer_than_the_period(store) -> None:
    closed, still_open, recent = _old_and_recent(store)
    found = due(store, years=5, today=TODAY)
    assert [(d.meeting_id, d.position, d.closed_on) for d in found] == [(closed, 1, "2020-04-20"),
                                                                         (closed, 2, "2020-04-20")]
    assert due(store, years=1, today=TODAY)[-1].meeting_id == recent
    assert cutoff(dt.date(2028, 2, 29), 5) == dt.date(2023, 2, 28)


def test_applying_erases_exactly_the_preview_and_keeps_the_rest(store) -> None:
    closed, still_open, recent = _old_and_recent(store)
    before = {m: get_meeting(store, m) for m in (still_open, recent)}
    preview = [d.opinion_id for d in due(store, years=5, today=TODAY)]

    ids = apply_retention(store, years=5, today=TODAY, previewed=preview)

    assert ids
    erased = {o.id: o for o in get_meeting(store, closed).opinions}
    assert set(erased) == set(preview)
    first = erased[preview[0]]
    assert (first.speaker, first.phone, first.on_behalf_of) == (MARKER, "", MARKER)
    assert first.content.startswith("Đề nghị sớm cấp giấy") and first.address == "Thôn 3"  # the words stay
    assert {m: get_meeting(store, m) for m in (still_open, recent)} == before
    assert due(store, years=5, today=TODAY) == []
    assert history.verify(store.conn, store.origin).ok
    (cause,) = store.conn.execute("SELECT cause FROM erasures").fetchone()
    assert cause == "retention"
    reasons = {e.reason for e in history_of(store, preview[0])}
    assert "Đã hết thời hạn lưu trữ 5 năm" in reasons  # the history says why


def test_a_stale_preview_erases_nothing(store) -> None:
    _old_and_recent(store)
    preview = [d.opinion_id for d in due(store, years=5, today=TODAY)]
    with pytest.raises(RetentionRefused):
        apply_retention(store, years=5, today=TODAY, previewed=preview[:1])
    assert [d.opinion_id for d in due(store, years=5, today=TODAY)] == preview


def test_the_period_is_bounded(store) -> None:
    with pytest.raises(RetentionRefused):
        due(store, years=0, today=TODAY)
