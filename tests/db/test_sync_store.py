"""The version guard of db/sync_apply.py and the checkpoints of db/sync_store.py, on rows."""

from __future__ import annotations

from qcdc_desktop.db import sync_store
from qcdc_desktop.db.sync_apply import KINDS, Applied, apply_rows, conflicts, outgoing

OFFICIAL = tuple(c for c, _t in KINDS["officials"])


def _official(version: int, name: str = "Nguyễn Văn An", seq: int = 1) -> tuple:
    return ("00008-A", "00008", version, seq, "2024-06-01T00:00:00+00:00", name, "Chủ tịch", "state", 1)


def _apply(store, kind: str, *rows: tuple) -> Applied:
    applied = Applied()
    with store.transaction() as conn:
        apply_rows(conn, kind, list(rows), bundle_id="b" * 32, applied=applied)
    return applied


def _names(store) -> list[tuple]:
    return store.conn.execute("SELECT name, version FROM officials WHERE id = '00008-A'").fetchall()


def test_a_higher_version_wins_and_a_lower_one_never_overwrites(store) -> None:
    assert _apply(store, "officials", _official(2, "Hai")).written == {"officials": 1}
    assert _apply(store, "officials", _official(1, "Một")).known == 1
    assert _names(store) == [("Hai", 2)]
    assert _apply(store, "officials", _official(3, "Ba", seq=5)).written == {"officials": 1}
    assert _names(store) == [("Ba", 3)]


def test_the_same_version_with_the_same_content_is_known_and_with_other_content_a_conflict(store) -> None:
    _apply(store, "officials", _official(2, "Hai"))
    assert _apply(store, "officials", _official(2, "Hai")).known == 1
    clash = _apply(store, "officials", _official(2, "Khác"))
    assert clash.conflicts == 1 and clash.written == {}
    assert _names(store) == [("Hai", 2)]
    (kept,) = conflicts(store)
    assert kept["id"] == "00008-A" and '"Khác"' in kept["incoming"]


def test_a_tombstone_beats_older_versions_and_loses_to_a_put_back(store) -> None:
    _apply(store, "officials", _official(1))
    tomb = ("00008-A", "officials", "00008", 2, 2, "2024-06-02T00:00:00+00:00")
    assert _apply(store, "tombstones", tomb).written == {"tombstones": 1}
    assert _names(store) == []
    assert _apply(store, "officials", _official(1)).known == 1  # the older edit does not come back
    assert _names(store) == []
    assert _apply(store, "officials", _official(3, "Trở lại", seq=3)).written == {"officials": 1}
    assert _names(store) == [("Trở lại", 3)]
    assert store.conn.execute("SELECT count(*) FROM tombstones").fetchone() == (0,)
    assert _apply(store, "tombstones", tomb).known == 1  # the old deletion does not undo the put-back
    assert _names(store) == [("Trở lại", 3)]


def test_outgoing_streams_one_origins_changes_in_the_range(store) -> None:
    _apply(store, "officials", _official(1, seq=4))
    rows = list(outgoing(store.conn, kinds=("officials", "meetings"), origin="00008", since=3, upto=4))
    assert rows == [("officials", _official(1, seq=4))]
    assert list(outgoing(store.conn, kinds=("officials",), origin="00008", since=4, upto=9)) == []
    assert list(outgoing(store.conn, kinds=("officials",), origin="00004", since=0, upto=9)) == []


def test_a_receipt_moves_the_checkpoint_only_forward_in_bundle_order(store) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO sync_peers (unit_code, name, role, enrolled_at) VALUES ('01', 'Hà Nội', 'upper', 'x')")
        assert sync_store.apply_receipt(conn, peer="01", own_origin="00004", number=2, applied_through=0)
        assert not sync_store.apply_receipt(conn, peer="01", own_origin="00004", number=1, applied_through=0)
    assert sync_store.get_peer(store, "01").receipt_number == 2
    # The peer holds more of this office's changes than this office has (it was restored): the
    # counter jumps past them so new changes never reuse their numbers.
    with store.transaction() as conn:
        assert sync_store.apply_receipt(conn, peer="01", own_origin="00004", number=3, applied_through=500)
    assert sync_store.counter(store.conn, "00004") == 500
    assert sync_store.get_peer(store, "01").confirmed == 500


def test_a_bundle_number_is_reserved_once(store) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO sync_peers (unit_code, name, role, enrolled_at) VALUES ('01', 'Hà Nội', 'upper', 'x')")
    assert [sync_store.reserve_bundle_number(store, "01") for _ in range(3)] == [1, 2, 3]
