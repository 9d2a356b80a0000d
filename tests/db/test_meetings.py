"""db/meetings.py: adding meetings is all or nothing, and what is read back is what was added."""

from __future__ import annotations


import pytest

from qcdc_desktop.db import cipher

from conftest import TODAY, add_to, full_meeting, minimal_meeting
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.check import check_store
from qcdc_desktop.db.connection import Store
from qcdc_desktop.db.meetings import add_meetings, get_meeting, iter_meetings


def _counts(store: Store) -> tuple:
    return store.conn.execute(
        "SELECT (SELECT count(*) FROM meetings), (SELECT count(*) FROM opinions), (SELECT count(*) FROM tasks),"
        " (SELECT count(*) FROM publications), (SELECT counter FROM origins WHERE origin = '00004'),"
        " (SELECT count(*) FROM opinions_fts)").fetchone()


def test_read_back_equals_what_was_added(store: Store) -> None:
    meetings = parse_meetings([full_meeting(), minimal_meeting(held_on="2024-01-02")], today=TODAY)
    changes = add_meetings(store, meetings=meetings)
    stored = {m.id: m for m in iter_meetings(store)}
    for m in meetings:
        assert stored[m.id] == m  # ids were set in place; every field survived
        assert get_meeting(store, m.id) == m
    assert [m.held_on for m in iter_meetings(store)] == sorted(m.held_on for m in meetings)
    assert changes.added["meetings"] == [m.id for m in meetings]
    assert len(changes.added["opinions"]) == 2 and len(changes.added["tasks"]) == 1
    assert get_meeting(store, "00004-NOTHING") is None


def test_every_record_takes_its_own_change_number(store: Store) -> None:
    add_to(store, full_meeting())
    add_to(store, full_meeting())
    seqs = [r[0] for r in store.conn.execute(
        "SELECT seq FROM meetings UNION ALL SELECT seq FROM opinions UNION ALL SELECT seq FROM tasks"
        " UNION ALL SELECT seq FROM publications")]
    assert len(seqs) == len(set(seqs)) == 2 * (1 + 2 + 1 + 1)
    # The history entries of the two saves take the numbers after each save's records.
    (entries,) = store.conn.execute("SELECT max(seq) FROM history WHERE origin = '00004'").fetchone()
    assert max(seqs) < entries == store.conn.execute("SELECT counter FROM origins WHERE origin = '00004'").fetchone()[0]


def test_a_failure_half_way_adds_nothing(store: Store) -> None:
    add_to(store, minimal_meeting())
    before = _counts(store)
    good, bad = parse_meetings([full_meeting(), full_meeting()], today=TODAY)
    # A record the rules would refuse, slipped past them: the database's own CHECK stops it late,
    # when the first meeting is already written in the same transaction.
    bad.participants = -1
    with pytest.raises(cipher.IntegrityError):
        add_meetings(store, meetings=[good, bad])
    assert _counts(store) == before
    assert check_store(store) == []
    add_to(store, full_meeting())  # the store is usable afterwards
    assert _counts(store)[0] == before[0] + 1
