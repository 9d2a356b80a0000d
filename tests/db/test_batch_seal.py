"""A bulk write's history sealed batch by batch (db/batch_seal.py): the demo, a register's import
and the retention seal their notes after each batch instead of piling them up to the commit; the
entries are what one seal at the end makes — one per record, one group and one time for the whole
transaction, the chain verifying — and nothing is left of a write that fails half-way."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import add_to, full_meeting
from sealed_entries import entries_since, last_n, one_transaction, verified
from qcdc_desktop.core.history import ERASED
from qcdc_desktop.db import demo, history, retention
from qcdc_desktop.db.batch_seal import sealed_batch_by_batch
from qcdc_desktop.db.demo import fill_demo
from qcdc_desktop.db.edit import delete_meetings


def test_a_demo_sealed_batch_by_batch_is_one_transaction_of_one_entry_per_record(store, monkeypatch) -> None:
    monkeypatch.setattr(demo, "BATCH", 4)
    moments = iter(f"2026-07-01T00:{m // 60:02d}:{m % 60:02d}+00:00" for m in range(3600))
    monkeypatch.setattr(history, "_utc_now", lambda: next(moments))  # every seal at a later second
    sealed = []
    real = history.seal
    monkeypatch.setattr(history, "seal", lambda *a, **k: sealed.append(real(*a, **k)) or sealed[-1])
    since = last_n(store)
    fill_demo(store, seed=3, until=dt.date(2026, 6, 30), meetings=23)
    assert len([n for n in sealed if n]) >= 6  # sealed as it went, not once at the end
    entries = entries_since(store, since)
    one_transaction(entries)
    written = sum(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
                  for t in ("meetings", "opinions", "tasks", "publications", "officials"))
    assert len(entries) == written
    verified(store)
    # The notes' pages were reused batch after batch, not piled up and freed at the commit.
    assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] < 20


def test_a_demo_that_fails_half_way_leaves_nothing(store, monkeypatch) -> None:
    monkeypatch.setattr(demo, "BATCH", 4)
    calls = []
    real = demo.insert_meetings

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(demo, "insert_meetings", failing)
    before = last_n(store)
    with pytest.raises(OSError):
        fill_demo(store, seed=3, until=dt.date(2026, 6, 30), meetings=23)
    assert last_n(store) == before
    assert store.conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0
    verified(store)


def test_a_retention_sealed_batch_by_batch_is_one_transaction_with_its_reason(store, monkeypatch) -> None:
    monkeypatch.setattr(retention, "SEAL_EVERY", 5)
    fill_demo(store, seed=9, until=dt.date(2026, 6, 30), meetings=20)
    since = last_n(store)
    today = dt.date(2099, 12, 31)
    sealed = []
    real = history.seal
    monkeypatch.setattr(history, "seal", lambda *a, **k: sealed.append(real(*a, **k)) or sealed[-1])
    # Which entries' personal values are ever written as values (not erased) from now on.
    store.conn.executescript("CREATE TEMP TABLE written (n INTEGER); CREATE TEMP TRIGGER watch AFTER INSERT ON "
                             "main.history_values WHEN new.fields != 'erased' BEGIN "
                             "INSERT INTO written VALUES (new.n); END;")
    monkeypatch.setattr(retention, "PROGRESS_EVERY", 4)
    told: list[tuple[int, int]] = []
    previewed = [d.opinion_id for d in retention.due(store, years=1, today=today)]
    erased = retention.apply_retention(store, years=1, today=today, previewed=previewed,
                                       progress=lambda done, total: told.append((done, total)))
    assert erased
    # The bar moves as the opinions are changed, and ends full.
    assert len(told) >= len(previewed) // 4 and told[-1] == (len(previewed), len(previewed))
    assert [d for d, _t in told] == sorted({d for d, _t in told})
    assert sealed.count(5) >= 2  # sealed five opinions' entries at a time as it went
    entries = entries_since(store, since)
    changed = [e for e in entries if e["kind"] == "opinions"]
    assert len(changed) > 10 and all(e["action"] == "update" for e in changed)
    one_transaction([e for e in entries if e["group"] == entries[0]["group"]])
    assert {e["group"] for e in changed} == {entries[0]["n"]}
    assert {e["reason"] for e in changed} == {"Đã hết thời hạn lưu trữ 1 năm"}
    # Every kept value of the erased opinions' entries is erased, the new entries' too.
    kept = store.conn.execute(
        "SELECT count(*) FROM history h JOIN history_values v ON v.origin = h.origin AND v.n = h.n "
        "WHERE h.record IN (SELECT value FROM json_each(?)) AND v.fields != ?",
        (json.dumps([e["record"] for e in changed]), ERASED)).fetchone()[0]
    assert kept == 0
    # The retention's own entries hold the erased values before: those never reached the pages.
    written = {n for (n,) in store.conn.execute("SELECT n FROM temp.written")}
    assert not written & {e["n"] for e in changed}
    verified(store)


def test_a_deletion_in_a_batch_keeps_its_notes_for_the_end_where_the_reason_goes_with_it(store) -> None:
    gone = add_to(store, full_meeting(title="Hội nghị nhập nhầm"))[0]
    since = last_n(store)
    with store.transaction() as conn, sealed_batch_by_batch(store, "Nhập nhầm hội nghị") as seal_batch:
        add_to(store, full_meeting(title="Hội nghị thứ hai"))
        seal_batch()
        delete_meetings(store, ids=[gone], reason="Nhập nhầm hội nghị")
        seal_batch()  # a deletion: kept for the end
        assert conn.execute("SELECT count(*) FROM history_pending").fetchone()[0] > 0
    entries = entries_since(store, since)
    assert {e["group"] for e in entries} == {entries[0]["n"]}
    deleted = [e for e in entries if e["action"] == "delete"]
    assert deleted and {e["reason"] for e in deleted} == {"Nhập nhầm hội nghị"}
    verified(store)


def test_the_reason_given_goes_with_every_entry_of_a_write_that_only_adds(store) -> None:
    since = last_n(store)
    with store.transaction(), sealed_batch_by_batch(store, "Nhập sổ cũ") as seal_batch:
        add_to(store, full_meeting(title="Hội nghị thứ nhất"))
        seal_batch()
        add_to(store, full_meeting(title="Hội nghị thứ hai"))
    entries = entries_since(store, since)
    one_transaction(entries)
    assert {e["reason"] for e in entries} == {"Nhập sổ cũ"}
    verified(store)
