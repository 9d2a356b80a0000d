"""The search indexes fed through ``search_pending`` (migration 0017, db/search_index.py) instead
of by triggers writing to them row by row: after any mix of bulk writes, edits and deletions the
indexes hold exactly what an index made afresh from the records holds, so every search finds what
it found before; nothing waits after a commit; a note another program left is named by the check
and taken in by the next save; a note that is not one the triggers write is dropped, never run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import add_to, full_meeting
from qcdc_desktop.db.check import check_store
from qcdc_desktop.db.demo import fill_demo
from qcdc_desktop.db.edit import delete_meetings, save_meeting
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.schema import SEARCH_TEXT
from qcdc_desktop.db.search import search
from qcdc_desktop.db.search_index import flush_search


def _instances(conn, index: str) -> list[tuple]:
    """Every (term, rowid, column, offset) the full-text index holds."""
    name = f"temp.words_{index.replace('.', '_')}"
    schema, _dot, table = index.rpartition(".")
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5vocab({schema or 'main'}, {table}, 'instance')")
    return conn.execute(f"SELECT term, doc, col, offset FROM {name} ORDER BY term, doc, offset").fetchall()


def _fresh_index(conn, table: str) -> str:
    """An index of ``table``'s records made afresh, the way migration 0002 first filled them."""
    conn.execute(f"CREATE VIRTUAL TABLE temp.fresh_{table} USING fts5 (body, content='', prefix='2 3 4', "
                 "tokenize='unicode61')")
    conn.execute(f"INSERT INTO temp.fresh_{table} (rowid, body) SELECT rowid, qcdc_fold({SEARCH_TEXT[table].format(r=table)}) "
                 f"FROM {table}")
    return f"temp.fresh_{table}"


def _same_as_afresh(store) -> None:
    conn = store.conn
    assert conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0
    for table in SEARCH_TEXT:
        live = _instances(conn, f"main.{table}_fts")
        assert live, table
        assert live == _instances(conn, _fresh_index(conn, table)), table
        conn.execute(f"DROP TABLE temp.fresh_{table}")


def test_after_a_demo_edits_and_deletions_the_indexes_hold_what_fresh_ones_hold(store) -> None:
    fill_demo(store, seed=5, until=dt.date(2026, 6, 30), meetings=40)
    _same_as_afresh(store)
    meeting_id, other_id, gone_id = [r[0] for r in store.conn.execute("SELECT id FROM meetings ORDER BY rowid LIMIT 3")]
    meeting = get_meeting(store, meeting_id)
    assert meeting is not None and len(meeting.opinions) >= 2
    meeting.title = "Đối thoại về cầu treo Bản Khoang"
    meeting.opinions[0] = dataclasses.replace(meeting.opinions[0], content="Cầu treo Bản Khoang xuống cấp nặng.")
    dropped = meeting.opinions.pop()
    save_meeting(store, meeting=meeting, reason="Ý kiến ghi trùng")
    other = get_meeting(store, other_id)
    assert other is not None
    other.conclusions[:0] = [dataclasses.replace(other.conclusions[0], id=None, content="Sửa cầu treo Bản Khoang")] \
        if other.conclusions else []
    save_meeting(store, meeting=other)
    delete_meetings(store, ids=[gone_id], reason="Nhập nhầm hội nghị")
    add_to(store, full_meeting(title="Hội nghị về cầu treo"))
    _same_as_afresh(store)
    assert {h.id for h in search(store, "cau treo ban khoang", kinds=("opinions",))} == {meeting.opinions[0].id}
    assert not [h for h in search(store, dropped.content[:40]) if h.id == dropped.id]
    assert not [h for h in search(store, "", kinds=("meetings",)) if h.id == gone_id]


def test_nothing_waits_after_a_commit_and_a_search_in_the_transaction_sees_its_writes(store) -> None:
    with store.transaction() as conn:
        add_to(store, full_meeting(title="Hội nghị về nước sạch Khe Cạn"))
        flush_search(conn)
        assert [h.kind for h in search(conn, "khe can")] == ["meetings"]
    assert store.conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0


def test_notes_another_program_left_are_named_by_the_check_and_taken_in_by_the_next_save(store, english) -> None:
    add_to(store, full_meeting())
    (rowid,) = store.conn.execute("SELECT max(rowid) FROM opinions").fetchone()
    # Another program with the file's key adds an opinion's text to the notes and commits.
    store.conn.execute("INSERT INTO search_pending (kind, op, target, body) VALUES ('opinions', 'insert', ?, "
                       "'suoi nuoc nong')", (rowid + 1000,))
    assert any("wait to be taken into the search index" in p for p in check_store(store))
    assert not search(store, "suoi nuoc nong")
    add_to(store, full_meeting(title="Hội nghị tiếp theo"))
    assert store.conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM opinions_fts WHERE opinions_fts MATCH 'suoi'").fetchone()[0] == 1


@pytest.mark.parametrize("kind, op", [("opinions_fts; DROP TABLE meetings; --", "insert"), ("opinions", "update"),
                                      ("history", "insert")])
def test_a_note_the_triggers_never_write_is_dropped_not_run(store, caplog, kind: str, op: str) -> None:
    add_to(store, full_meeting())
    store.conn.execute("INSERT INTO search_pending (kind, op, target, body) VALUES (?, ?, 1, 'x')", (kind, op))
    with caplog.at_level(logging.WARNING, logger="qcdc_desktop.db.search_index"):
        add_to(store, full_meeting(title="Hội nghị tiếp theo"))
    assert "dropped" in caplog.text
    assert store.conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 2
    assert store.conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0
    _same_as_afresh(store)


@pytest.mark.parametrize("chunk", [20_000, 100])
def test_after_a_retention_the_indexes_hold_what_fresh_ones_hold(store, monkeypatch, chunk: int) -> None:
    """An erasure changes thousands of rows in one transaction, each a deletion and an insertion,
    with secure-delete on: every deletion taken before every insertion (with batches of 100 notes,
    over many batches), as nothing was deleted after it was inserted."""
    from qcdc_desktop.db import search_index
    from qcdc_desktop.db.retention import apply_retention, due

    monkeypatch.setattr(search_index, "CHUNK", chunk)
    passes = []
    real = search_index._in_two_passes
    monkeypatch.setattr(search_index, "_in_two_passes", lambda conn: passes.append(1) or real(conn))

    fill_demo(store, seed=9, until=dt.date(2026, 6, 30), meetings=30)
    today = dt.date(2099, 12, 31)
    erased = apply_retention(store, years=1, today=today, previewed=[d.opinion_id for d in due(store, years=1, today=today)])
    assert erased
    _same_as_afresh(store)
    assert bool(passes) == (chunk == 100)


def _search_triggers(store) -> list[tuple[str, str]]:
    return store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_%' "
                              "ORDER BY name").fetchall()


def _retention(store, caplog) -> tuple[int, int]:
    """A demo and one closed opinion of a speaker with a rare name, then the retention of every
    opinion closed by the end of 2099: (opinions erased, opinions in all)."""
    from qcdc_desktop.db.retention import apply_retention, due

    fill_demo(store, seed=9, until=dt.date(2026, 6, 30), meetings=30)
    opinions = full_meeting()["opinions"]
    opinions[0] = {**opinions[0], "speaker": "Giàng A Páo", "on_behalf_of": ""}
    add_to(store, full_meeting(opinions=opinions))
    assert "pao" in {t for (t, *_r) in _instances(store.conn, "main.opinions_fts")}
    today = dt.date(2099, 12, 31)
    with caplog.at_level(logging.INFO, logger="qcdc_desktop.db.search_index"):
        erased = apply_retention(store, years=1, today=today,
                                 previewed=[d.opinion_id for d in due(store, years=1, today=today)])
    assert erased
    records = sum(len(json.loads(r)) for (r,) in store.conn.execute("SELECT records FROM erasures"))
    return records, store.conn.execute("SELECT count(*) FROM opinions").fetchone()[0]


def test_a_retention_of_a_large_share_of_the_opinions_makes_their_index_afresh_without_the_old_words(
        store, monkeypatch, caplog) -> None:
    """A retention that changes a large share of the opinions: their search notes are dropped as
    it goes and the index is made afresh from the records at the end; it holds what the notes
    would have left, and the erased words are gone from its pages, not only from its vocabulary."""
    from qcdc_desktop.db import retention, search_index

    monkeypatch.setattr(search_index, "AFRESH_FROM", 10)
    monkeypatch.setattr(retention, "SEAL_EVERY", 7)  # notes handed over many times on the way
    triggers = _search_triggers(store)
    assert len(triggers) == 9
    taken = []
    for name in ("_in_two_passes", "_in_phases"):
        def taking(conn, real=getattr(search_index, name)):
            if "large change" not in caplog.text:
                taken.append(conn.execute("SELECT count(*) FROM search_pending WHERE kind = 'opinions' "
                                          "AND op = 'delete'").fetchone()[0])
            return real(conn)
        monkeypatch.setattr(search_index, name, taking)
    erased, records = _retention(store, caplog)
    assert "opinions search index made afresh at the end of a large change" in caplog.text
    assert erased * search_index.AFRESH_SHARE >= records
    assert not any(taken)  # no opinion's old words were deleted one by one on the way
    _same_as_afresh(store)
    assert "pao" not in {t for (t, *_r) in _instances(store.conn, "main.opinions_fts")}
    blobs = b"".join(r[0] for r in store.conn.execute("SELECT block FROM opinions_fts_data") if r[0])
    assert b"pao" not in blobs
    (secure,) = store.conn.execute("SELECT v FROM opinions_fts_config WHERE k = 'secure-delete'").fetchone()
    assert secure == 0
    assert _search_triggers(store) == triggers


def test_any_erasure_of_a_large_share_of_an_index_makes_it_afresh_when_its_notes_are_handed_over(
        store, monkeypatch, caplog) -> None:
    """Without the retention's foresight (an erasure of a person named in many records, an import
    that brings one): notes that secure-delete a large share of an index make it afresh."""
    from qcdc_desktop.db import search_index
    from qcdc_desktop.db.personal_erase import search_forgets

    monkeypatch.setattr(search_index, "AFRESH_FROM", 10)
    fill_demo(store, seed=4, until=dt.date(2026, 6, 30), meetings=12)
    with caplog.at_level(logging.INFO, logger="qcdc_desktop.db.search_index"), store.transaction("Xoá thử") as conn:
        search_forgets(conn, True)
        conn.execute("UPDATE opinions SET speaker = 'Đã xoá', content = 'Nội dung đã xoá'")
        assert flush_search(conn) > 0
        search_forgets(conn, False)
    assert "opinions search index made afresh: " in caplog.text
    _same_as_afresh(store)


def test_a_rolled_back_retention_leaves_the_index_and_its_triggers_as_they_were(store, monkeypatch, caplog) -> None:
    from qcdc_desktop.core.errors import Cancelled
    from qcdc_desktop.db import search_index
    from qcdc_desktop.db.retention import apply_retention, due

    monkeypatch.setattr(search_index, "AFRESH_FROM", 10)
    fill_demo(store, seed=9, until=dt.date(2026, 6, 30), meetings=30)
    before = _instances(store.conn, "main.opinions_fts")
    triggers = _search_triggers(store)
    today = dt.date(2099, 12, 31)
    calls = iter(range(1_000_000))
    with pytest.raises(Cancelled):
        apply_retention(store, years=1, today=today, previewed=[d.opinion_id for d in due(store, years=1, today=today)],
                        cancelled=lambda: next(calls) == 40)
    assert _instances(store.conn, "main.opinions_fts") == before
    assert _search_triggers(store) == triggers
    _same_as_afresh(store)


@pytest.mark.parametrize("afresh_from, share", [(10_000_000, 50), (10, 1)])
def test_a_retention_of_few_or_a_small_share_of_the_records_deletes_them_from_the_index(
        store, monkeypatch, caplog, afresh_from: int, share: int) -> None:
    from qcdc_desktop.db import search_index

    monkeypatch.setattr(search_index, "AFRESH_FROM", afresh_from)
    monkeypatch.setattr(search_index, "AFRESH_SHARE", share)
    erased, records = _retention(store, caplog)
    assert 10 <= erased < records  # some opinions keep an open task
    assert "made afresh" not in caplog.text
    _same_as_afresh(store)
    assert "pao" not in {t for (t, *_r) in _instances(store.conn, "main.opinions_fts")}


def test_many_changed_texts_without_an_erasure_are_not_made_afresh(store, monkeypatch, caplog) -> None:
    """Without secure-delete (an edit, an import of changed records) a deletion is cheap: the
    notes are taken as they are."""
    from qcdc_desktop.db import search_index

    monkeypatch.setattr(search_index, "AFRESH_FROM", 10)
    fill_demo(store, seed=4, until=dt.date(2026, 6, 30), meetings=12)
    with caplog.at_level(logging.INFO, logger="qcdc_desktop.db.search_index"), store.transaction("Sửa thử") as conn:
        conn.execute("UPDATE opinions SET content = content || ' cầu treo'")
    assert "made afresh" not in caplog.text
    _same_as_afresh(store)


def test_a_record_deleted_after_it_was_inserted_keeps_the_notes_in_phases(store, monkeypatch) -> None:
    """Many notes, one of whose records is inserted then deleted in the same transaction: taking
    every deletion first would delete it before it is there; the notes go in phases instead."""
    from qcdc_desktop.db import search_index

    monkeypatch.setattr(search_index, "CHUNK", 50)
    fill_demo(store, seed=4, until=dt.date(2026, 6, 30), meetings=12)
    with store.transaction("Sửa thử") as conn:
        conn.execute("UPDATE opinions SET content = content || ' cầu treo' WHERE rowid % 2 = 0")
        (first,) = conn.execute("SELECT min(rowid) FROM opinions WHERE rowid % 2 = 0").fetchone()
        assert search_index._deletions_may_come_first(conn)
        conn.execute("UPDATE opinions SET content = 'Cầu treo hỏng' WHERE rowid = ?", (first,))
        assert not search_index._deletions_may_come_first(conn)  # inserted by the first change, deleted by this one
    _same_as_afresh(store)


_TEXTS = st.text(alphabet="abc xyz", min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["insert", "update", "delete"]), st.integers(1, 6), _TEXTS), max_size=40))
def test_notes_taken_in_phases_leave_an_index_as_taken_one_by_one(steps) -> None:
    """Any run of insertions, changes and deletions of rows, noted as the triggers note them (a
    change: the old text deleted, the new inserted), leaves the same index taken in phases as taken
    note by note in their order; and the same as an index made afresh from the rows left."""
    import sqlcipher3.dbapi2 as sqlite  # the SQLite the program ships (FTS5's secure-delete)

    from qcdc_desktop.db.search_index import _phases

    rows: dict[int, str] = {}
    notes: list[tuple] = []
    for op, rowid, text in steps:
        if op == "insert" and rowid not in rows:
            notes.append((len(notes) + 1, "opinions", "insert", rowid, text))
            rows[rowid] = text
        elif op == "update" and rowid in rows:
            notes.append((len(notes) + 1, "opinions", "delete", rowid, rows[rowid]))
            notes.append((len(notes) + 1, "opinions", "insert", rowid, text))
            rows[rowid] = text
        elif op == "delete" and rowid in rows:
            notes.append((len(notes) + 1, "opinions", "delete", rowid, rows.pop(rowid)))
    conn = sqlite.connect(":memory:")
    for name in ("phased", "one_by_one", "afresh"):
        conn.execute(f"CREATE VIRTUAL TABLE {name} USING fts5 (body, content='', tokenize='unicode61')")
        conn.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('secure-delete', 1)")
    for phase in _phases(notes):
        for deletes, inserts in phase.values():
            conn.executemany("INSERT INTO phased (phased, rowid, body) VALUES ('delete', ?, ?)", deletes)
            conn.executemany("INSERT INTO phased (rowid, body) VALUES (?, ?)", inserts)
    for _id, _kind, op, rowid, body in notes:
        if op == "delete":
            conn.execute("INSERT INTO one_by_one (one_by_one, rowid, body) VALUES ('delete', ?, ?)", (rowid, body))
        else:
            conn.execute("INSERT INTO one_by_one (rowid, body) VALUES (?, ?)", (rowid, body))
    conn.executemany("INSERT INTO afresh (rowid, body) VALUES (?, ?)", sorted(rows.items()))
    held = [_instances(conn, name) for name in ("main.phased", "main.one_by_one", "main.afresh")]
    assert held[0] == held[1] == held[2]
