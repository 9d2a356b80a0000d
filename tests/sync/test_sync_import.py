"""What importing means: idempotent, order-free, a version guard, tombstones, receipts, forks,
waiting bundles, replies and directives on the way down, and all or nothing."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path

import pytest

from qcdc_desktop.db import sync_keys, sync_store
from qcdc_desktop.db.edit import delete_meetings, save_meeting
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.messages import add_directive, add_reply, directives, replies_for
from qcdc_desktop.db.sync_apply import conflicts
from qcdc_desktop.sync.importer import import_bundles
from sync_offices import TODAY, add, copy_of, export, imported, outcomes, pair, records


def folder(parent: Path, name: str) -> Path:
    """A new folder (a stick)."""
    path = parent / name
    path.mkdir()
    return path


@pytest.fixture
def offices(tmp_path: Path):
    commune, upper = pair(tmp_path)
    yield commune, upper
    commune.close()
    upper.close()


def test_the_same_bundle_twice_or_renamed_is_already_applied(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 3)
    bundle = export(commune, tmp_path / "stick")
    renamed = tmp_path / "copy-of-last-month.qcdcb"
    shutil.copy(bundle, renamed)
    assert outcomes(imported(upper, bundle)) == ["applied"]
    state = records(upper)
    assert outcomes(imported(upper, bundle, renamed)) == ["already", "already"]
    assert records(upper) == state == records(commune)


def test_everything_unconfirmed_travels_again_until_a_receipt_comes(offices, tmp_path: Path) -> None:
    """A lost stick loses nothing: without a receipt the next bundle carries it all again."""
    commune, upper = offices
    add(commune, 2)
    lost = export(commune, tmp_path / "lost")
    add(commune, 1, title="Hội nghị thứ hai")
    second = export(commune, tmp_path / "stick")
    assert sync_store.get_peer(commune, "01").confirmed == 0
    lost.unlink()
    assert outcomes(imported(upper, second)) == ["applied"]
    assert records(upper) == records(commune)


def test_an_old_bundle_after_a_new_one_changes_nothing(offices, tmp_path: Path) -> None:
    commune, upper = offices
    meeting_id = add(commune, 2)
    old = export(commune, tmp_path / "a")
    meeting = get_meeting(commune, meeting_id)
    save_meeting(commune, meeting=dataclasses.replace(meeting, title="Tên đã sửa"))
    new = export(commune, tmp_path / "b")
    assert outcomes(imported(upper, new)) == ["applied"]
    state = records(upper)
    (report,) = imported(upper, old)
    assert report.outcome == "superseded" and not report.counts
    assert records(upper) == state == records(commune)
    assert records(upper)["meetings"][0]["title"] == "Tên đã sửa"


def test_a_deletion_is_not_undone_by_an_older_edit(offices, tmp_path: Path) -> None:
    commune, upper = offices
    keep, gone = add(commune, 1), add(commune, 2, title="Sẽ xoá")
    with_both = export(commune, tmp_path / "a")
    delete_meetings(commune, ids=[gone], reason="Ghi trùng")
    after_delete = export(commune, tmp_path / "b")
    imported(upper, after_delete)
    imported(upper, with_both)
    assert [m["id"] for m in records(upper)["meetings"]] == [keep]
    assert records(upper) == records(commune)


def _three_bundles(commune, upper, tmp_path: Path) -> list[Path]:
    """B1 and B2 without a receipt between them; B3 after the receipt for B1, so it needs B1 first."""
    add(commune, 2)
    first = export(commune, tmp_path / "1")
    m = add(commune, 1, title="Hội nghị hai")
    second = export(commune, tmp_path / "2")
    with copy_of(upper, tmp_path / "scratch.db") as scratch:  # the upper level saw B1 and answered
        imported(scratch, first)
        down = export(scratch, tmp_path / "down", destination=commune.origin)
    assert outcomes(imported(commune, down)) == ["applied"]
    assert sync_store.get_peer(commune, "01").confirmed > 0
    meeting = get_meeting(commune, m)
    save_meeting(commune, meeting=dataclasses.replace(meeting, place="Nhà văn hoá thôn"))
    delete_meetings(commune, ids=[records(commune)["meetings"][0]["id"]], reason="Ghi trùng")
    third = export(commune, tmp_path / "3")
    return [first, second, third]


@pytest.mark.slow
def test_every_order_of_arrival_gives_the_same_data(offices, tmp_path: Path) -> None:
    commune, upper = offices
    bundles = _three_bundles(commune, upper, tmp_path)
    expected = records(commune)
    for index, order in enumerate(itertools.permutations(range(3))):
        with copy_of(upper, tmp_path / f"order-{index}.db") as fresh:
            reports = [r for i in order for r in imported(fresh, bundles[i])]
            assert records(fresh) == expected, order
            assert {r.outcome for r in reports} <= {"applied", "superseded", "waiting"}
            if order[0] == 2:  # B3 came first: it waited, then applied by itself
                assert "waiting" in outcomes(reports)
                assert not list(Path(f"{fresh.path}.sync", "waiting").iterdir())


def test_a_bundle_that_needs_an_earlier_one_waits(offices, tmp_path: Path) -> None:
    commune, upper = offices
    first, _second, third = _three_bundles(commune, upper, tmp_path)
    (report,) = imported(upper, third)
    assert report.outcome == "waiting" and records(upper)["meetings"] == []
    assert outcomes(imported(upper, third)) == ["waiting"]  # given again: still one copy waits
    assert len(list(Path(f"{upper.path}.sync", "waiting").iterdir())) == 1
    later = imported(upper, first)
    assert outcomes(later) == ["applied", "applied"] and later[1].bundle_id == report.bundle_id
    assert later[1].path == Path(third.name) and later[1].waited
    assert records(upper) == records(commune)


def test_a_receipt_confirms_and_only_a_verified_one(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 2)
    imported(upper, export(commune, tmp_path / "up"))
    (down,) = [export(upper, tmp_path / "down", destination=commune.origin)]
    damaged = tmp_path / "damaged.qcdcb"
    data = bytearray(down.read_bytes())
    data[-5] ^= 0x40
    damaged.write_bytes(bytes(data))
    sent = sync_store.counter(commune.conn, commune.origin)
    assert outcomes(imported(commune, damaged)) == ["rejected"]
    assert sync_store.get_peer(commune, "01").confirmed == 0
    assert outcomes(imported(commune, down)) == ["applied"]
    confirmed = sync_store.get_peer(commune, "01").confirmed
    assert confirmed == sent
    # The refusal and the import each wrote one entry of the commune's history (and nothing
    # else): its change counter moved twice past what the receipt confirms.
    assert sync_store.counter(commune.conn, commune.origin) == confirmed + 2
    # Nothing new: the next bundle starts where the receipt ended and carries no records, only
    # those entries.
    nothing = export(commune, tmp_path / "up2")
    (report,) = imported(upper, nothing)
    assert report.outcome == "applied" and report.counts == {"history": 2}
    assert report.history is not None and report.history.ok


def test_the_upper_level_exports_only_to_communes_with_something_to_receive(offices, tmp_path: Path) -> None:
    from qcdc_desktop.sync.export import export_all

    commune, upper = offices
    assert export_all(upper, tmp_path) == []
    add(commune, 1)
    imported(upper, export(commune, tmp_path / "up"))
    (bundle,) = export_all(upper, tmp_path)
    assert bundle.destination == commune.origin
    assert export_all(upper, tmp_path) == []  # the receipt was sent


def test_replies_and_directives_travel_down_and_stay_linked(offices, tmp_path: Path) -> None:
    from qcdc_desktop.sync.export import export_all

    commune, upper = offices
    add(commune, 2)
    imported(upper, export(commune, tmp_path / "up"))
    opinion_id = records(upper)["meetings"][0]["opinions"][1]["id"]
    reply = add_reply(upper, opinion_id=opinion_id, content="Sở TN&MT đã chỉ đạo giải quyết.", issued_on=TODAY)
    add_directive(upper, commune=commune.origin, content="Báo cáo kết quả trước ngày 30/6.",
                  deadline=TODAY.replace(day=30), issued_on=TODAY)
    (down,) = export_all(upper, folder(tmp_path, "down"))
    (report,) = imported(commune, down.path)
    assert report.outcome == "applied" and report.counts == {"messages": 2}
    linked = replies_for(commune, [opinion_id, "00004-NONE"])
    assert list(linked) == [opinion_id] and linked[opinion_id][0].id == reply
    (directive,) = directives(commune)
    assert directive.deadline == TODAY.replace(day=30) and directive.commune == commune.origin
    assert outcomes(imported(commune, down.path)) == ["already"]


def test_a_fork_after_a_restore_from_backup_is_flagged_and_loses_nothing(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 1)
    backup = copy_of(commune, tmp_path / "backup.db")  # yesterday's backup
    add(commune, 2, title="Hội nghị sau sao lưu")
    imported(upper, export(commune, tmp_path / "a1"))
    imported(upper, export(commune, tmp_path / "a2"))
    # The disk died; the office goes on from the backup and exports again.
    restored_id = add(backup, 1, title="Hội nghị sau khôi phục")
    (report,) = imported(upper, export(backup, tmp_path / "b"))
    assert report.outcome == "applied" and report.forked
    ids = {m["id"] for m in records(upper)["meetings"]}
    assert restored_id in ids and len(ids) == 3
    (status,) = sync_store.sync_status(upper)
    assert status.forked and status.bundles == 3
    # The receipt tells the restored office how far its numbers went: its next bundle is no fork.
    imported(backup, export(upper, tmp_path / "down", destination=backup.origin))
    assert sync_store.get_peer(backup, "01").sent_number == 2
    add(backup, 1, title="Hội nghị tiếp theo")
    (later,) = imported(upper, export(backup, tmp_path / "c"))
    assert later.outcome == "applied" and not later.forked
    backup.close()


def test_the_same_version_with_other_content_is_a_conflict_kept_aside(offices, tmp_path: Path) -> None:
    commune, upper = offices
    meeting_id = add(commune, 1)
    backup = copy_of(commune, tmp_path / "backup.db")
    meeting = get_meeting(commune, meeting_id)
    save_meeting(commune, meeting=dataclasses.replace(meeting, title="Sửa ở máy cũ"))
    imported(upper, export(commune, tmp_path / "a"))
    restored = get_meeting(backup, meeting_id)
    save_meeting(backup, meeting=dataclasses.replace(restored, title="Sửa ở máy khôi phục"))
    (report,) = imported(upper, export(backup, tmp_path / "b"))
    assert report.conflicts == 1
    assert records(upper)["meetings"][0]["title"] == "Sửa ở máy cũ"
    (conflict,) = conflicts(upper)
    assert conflict["id"] == meeting_id and "Sửa ở máy khôi phục" in conflict["incoming"]
    backup.close()


def test_a_full_disk_during_apply_changes_nothing_and_a_retry_applies(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 60)
    bundle = export(commune, tmp_path / "up")
    before = records(upper)
    (pages,) = upper.conn.execute("PRAGMA page_count").fetchone()
    upper.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    (report,) = imported(upper, bundle)
    assert report.outcome == "failed" and report.message and report.quarantined is None
    assert records(upper) == before and sync_store.seen_bundle(upper, report.bundle_id) is None
    upper.conn.execute("PRAGMA max_page_count = 1073741823")
    assert outcomes(imported(upper, bundle)) == ["applied"]
    assert records(upper) == records(commune)


def test_cancel_during_import_changes_nothing(offices, tmp_path: Path) -> None:
    from qcdc_desktop.core.errors import Cancelled

    commune, upper = offices
    add(commune, 30)
    bundle = export(commune, tmp_path / "up")
    before = records(upper)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        import_bundles(upper, [bundle], cancelled=cancelled)
    assert records(upper) == before
    assert outcomes(imported(upper, bundle)) == ["applied"]


def test_the_sync_status_flags_silent_communes(offices, tmp_path: Path) -> None:
    import datetime as dt

    commune, upper = offices
    (never,) = sync_store.sync_status(upper)
    assert never.silent and never.last_bundle_at is None and never.bundles == 0
    add(commune, 2)
    imported(upper, export(commune, tmp_path / "up"))
    (fresh,) = sync_store.sync_status(upper, silent_after_days=30)
    assert not fresh.silent and fresh.silent_days == 0 and fresh.counts["opinions"] == 2
    later = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=45)
    (old,) = sync_store.sync_status(upper, silent_after_days=30, today=later)
    assert old.silent and old.silent_days == 45


def test_progress_moves_forward_to_its_end_both_ways(offices, tmp_path: Path) -> None:
    from qcdc_desktop.sync.export import export_bundle

    commune, upper = offices
    add(commune, 40)
    add(commune, 40)
    seen_out: list[tuple[int, int]] = []
    bundle = export_bundle(commune, tmp_path, progress=lambda done, total: seen_out.append((done, total))).path
    seen_in: list[tuple[int, int]] = []
    import_bundles(upper, [bundle], progress=lambda done, total: seen_in.append((done, total)))
    for seen in (seen_out, seen_in):
        assert len(seen) >= 2 and seen[-1][0] == seen[-1][1] > 0
        assert [d for d, _t in seen] == sorted(d for d, _t in seen)
        assert all(d <= t for d, t in seen)


def test_an_escrow_key_can_also_open_the_bundles(offices, tmp_path: Path) -> None:
    import pyrage

    from qcdc_desktop.core.errors import KeyStoreError
    from qcdc_desktop.sync.format import read_head
    from qcdc_desktop.sync.keys import set_escrow_key

    commune, upper = offices
    escrow = pyrage.x25519.Identity.generate()
    with pytest.raises(KeyStoreError):
        set_escrow_key(commune, "age1-not-a-key")
    set_escrow_key(commune, str(escrow.to_public()))
    add(commune, 1)
    bundle = export(commune, tmp_path / "up")
    with bundle.open("rb") as fh:
        head = read_head(fh, bundle.stat().st_size, lambda signer: None)
        fh.seek(head.payload_offset)
        plain = pyrage.decrypt(fh.read(), [escrow])
    assert plain.startswith(b'{"bundle_id":') and b'"opinions"' in plain
    assert outcomes(imported(upper, bundle)) == ["applied"]
    set_escrow_key(commune, None)
    assert sync_keys.escrow_recipient(commune) is None


def test_the_enrolment_list_shows_the_provinces_communes_and_who_is_enrolled(offices) -> None:
    from qcdc_desktop.sync.status import enrolment_list, status_line

    commune, upper = offices
    listed = enrolment_list(upper)
    assert len(listed) > 100 and all(u.province_code == "01" and u.level == "commune" for u, _p in listed)
    assert [u.code for u, peer in listed if peer is not None] == ["00004"]
    ((unit, peer),) = enrolment_list(commune)
    assert unit.code == "01" and peer.role == "upper"
    (row,) = sync_store.sync_status(upper)
    assert status_line(row).startswith("00004 Phường Ba Đình: ")


def test_an_oversized_file_is_refused_without_reading_it(offices, tmp_path: Path, monkeypatch) -> None:
    from qcdc_desktop.sync import importer

    _commune, upper = offices
    big = tmp_path / "big.qcdcb"
    big.write_bytes(b"QCDCBNDL" + bytes(5000))
    monkeypatch.setattr(importer, "MAX_BUNDLE_BYTES", 1000)
    (report,) = imported(upper, big)
    assert report.outcome == "rejected" and report.reason == "too_large" and report.quarantined is None
    assert not list(Path(f"{upper.path}.sync", "work").iterdir())


def test_reordered_deleted_and_added_opinions_arrive_in_the_communes_order(offices, tmp_path: Path) -> None:
    """Positions are unique within a meeting: a bundle that swaps two opinions, drops one and adds
    one in its place must not trip over the upper level's old rows while it applies."""
    from qcdc_desktop.core.model import Opinion

    commune, upper = offices
    meeting_id = add(commune, 4)
    imported(upper, export(commune, tmp_path / "a"))
    meeting = get_meeting(commune, meeting_id)
    first, second, third, fourth = meeting.opinions
    newcomer = Opinion(speaker="Người mới", address="Thôn 5", field="land", content="Ý kiến mới thêm.")
    save_meeting(commune, meeting=dataclasses.replace(meeting, opinions=[newcomer, third, second, first]),
                 reason="Ý kiến thứ tư trùng ý kiến thứ nhất")
    (report,) = imported(upper, export(commune, tmp_path / "b"))
    assert report.outcome == "applied", report.message
    assert records(upper) == records(commune)
    speakers = [o["speaker"] for o in records(upper)["meetings"][0]["opinions"]]
    assert speakers == ["Người mới", third.speaker, second.speaker, first.speaker]


def test_a_bundle_sent_again_gets_its_receipt_again(offices, tmp_path: Path) -> None:
    """The receipt went down on a stick that was lost: the commune sends the same bundle again,
    and the upper level owes it a receipt even though nothing is new."""
    from qcdc_desktop.sync.export import export_all

    commune, upper = offices
    add(commune, 1)
    bundle = export(commune, tmp_path / "up")
    imported(upper, bundle)
    assert len(export_all(upper, folder(tmp_path, "lost"))) == 1
    assert export_all(upper, tmp_path) == []
    assert outcomes(imported(upper, bundle)) == ["already"]
    (again,) = export_all(upper, tmp_path)
    assert outcomes(imported(commune, again.path)) == ["applied"]
    assert sync_store.get_peer(commune, "01").confirmed > 0


def test_cancel_during_export_leaves_nothing_at_the_destination(offices, tmp_path: Path) -> None:
    from qcdc_desktop.core.errors import Cancelled
    from qcdc_desktop.sync.export import export_bundle

    commune, _upper = offices
    add(commune, 300)
    add(commune, 300)
    stick = folder(tmp_path, "stick")
    with pytest.raises(Cancelled):
        export_bundle(commune, stick, cancelled=lambda: True)  # pressed while records were being encrypted
    assert list(stick.iterdir()) == []
    assert not list(Path(f"{commune.path}.sync", "work").iterdir())
    assert sync_store.exported_bundles(commune, "01") == []
    assert export_bundle(commune, stick).path.exists()


def test_a_bundle_larger_than_the_limit_is_not_written(offices, tmp_path: Path, monkeypatch) -> None:
    from qcdc_desktop.core.errors import BundleError
    from qcdc_desktop.sync import export as export_module

    commune, _upper = offices
    add(commune, 200)
    monkeypatch.setattr(export_module, "MAX_BUNDLE_BYTES", 20_000)
    stick = folder(tmp_path, "stick")
    with pytest.raises(BundleError) as refused:
        export_module.export_bundle(commune, stick)
    assert refused.value.reason == "too_large" and list(stick.iterdir()) == []


def test_the_history_of_a_task_s_status_travels_up_with_the_task(offices, tmp_path: Path) -> None:
    """The follow-up of a task reaches the upper level in the commune's history (task_history, of
    earlier versions, is no longer written: docs/history.md)."""
    import datetime as dt

    from qcdc_desktop.db import history_entries
    from qcdc_desktop.db.tasks import update_task

    commune, upper = offices
    meeting_id = add(commune, 1)
    task_id = get_meeting(commune, meeting_id).conclusions[0].id
    update_task(commune, task_id=task_id, state="open", result="Đang làm hồ sơ", completed_on=None, reply_doc="",
                today=dt.date(2024, 4, 1))
    assert outcomes(imported(upper, export(commune, tmp_path / "stick"))) == ["applied"]
    assert commune.user is not None  # the commune's account that made the change is named up there
    (change,) = [e for e in history_entries.entries(upper.conn, history_entries.Filter(origin=commune.origin, record=task_id))
                 if e.action == "update"]
    assert (change.by_name, change.after("state"), change.after("result")) == (commune.user.name, "open",
                                                                                 "Đang làm hồ sơ")
    assert records(upper) == records(commune)


def test_every_kind_a_bundle_carries_has_a_name_in_the_report() -> None:
    from qcdc_desktop.db.sync_apply import KINDS
    from qcdc_desktop.sync.payload import KIND_NAMES

    assert set(KINDS) - {"tombstones"} <= set(KIND_NAMES)


def test_the_import_writes_under_its_own_smaller_page_cache_and_gives_the_lists_theirs_back(
        offices, tmp_path: Path, monkeypatch) -> None:
    """The import holds the connection's page cache to IMPORT_CACHE_KIB while it writes (its peak
    memory, docs/performance.md), and the connection has its own again afterwards."""
    from qcdc_desktop.db.connection import PAGE_CACHE_KIB
    from qcdc_desktop.sync import importer

    commune, upper = offices
    add(commune, 2)
    bundle = export(commune, tmp_path / "stick")
    caches: list[int] = []
    apply_rows = importer.apply_rows

    def watched(conn, *args, **kwargs):
        caches.append(conn.execute("PRAGMA cache_size").fetchone()[0])
        return apply_rows(conn, *args, **kwargs)

    monkeypatch.setattr(importer, "apply_rows", watched)
    assert outcomes(imported(upper, bundle)) == ["applied"]
    assert caches and set(caches) == {-importer.IMPORT_CACHE_KIB}
    assert upper.conn.execute("PRAGMA cache_size").fetchone()[0] == PAGE_CACHE_KIB
    assert records(upper) == records(commune)
