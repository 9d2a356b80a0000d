"""The history travels in bundles and the upper level checks each commune's chain
(docs/bundle-format.md, "History entries"): entries continue what the upper level holds, or the
commune's history is flagged broken at the first entry that does not — rewritten by someone with
the database key, cut, forked by a restore — and the bundle's records are applied all the same."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from conftest import raw_connection
from qcdc_desktop.core.history import GENESIS, HOME, chain_hash, values_digest
from qcdc_desktop.core.serialize import canonical_bytes
from qcdc_desktop.db import history, history_entries, sync_store
from qcdc_desktop.db.functions import register_functions
from qcdc_desktop.db.edit import delete_meetings, save_meeting
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.sync_history import history_checks_of
from qcdc_desktop.sync.format import read_head
from qcdc_desktop.sync.status import status_line
from qcdc_desktop.db.sync_phones import holds_phone
from sync_offices import add, copy_of, export, imported, outcomes, pair, records, sending_phones


@pytest.fixture
def offices(tmp_path: Path):
    commune, upper = pair(tmp_path)
    yield commune, upper
    commune.close()
    upper.close()


def chain(store, origin: str) -> list[tuple[int, str, str]]:
    """``origin``'s entries as ``store`` holds them: (n, hash, body)."""
    return [tuple(r) for r in store.conn.execute("SELECT n, hash, body FROM history WHERE origin = ? ORDER BY n",
                                                 (origin,))]


def values(store, origin: str) -> list[tuple[int, str]]:
    return [tuple(r) for r in store.conn.execute("SELECT n, fields FROM history_values WHERE origin = ? ORDER BY n",
                                                 (origin,))]


def header(path: Path) -> dict:
    with path.open("rb") as fh:
        return read_head(fh, path.stat().st_size, lambda signer: None).header


def round_trip(commune, upper, folder: Path):
    """A bundle up and the upper level's receipt back down; the report of the bundle that went up."""
    (report,) = imported(upper, export(commune, folder / "up"))
    assert outcomes(imported(commune, export(upper, folder / "down", destination=commune.origin))) == ["applied"]
    return report


# ---- entries travel and verify -----------------------------------------------------------------


def test_entries_travel_under_the_signed_head_and_verify_at_the_upper_level(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 3)
    bundle = export(commune, tmp_path / "a")
    head_n, head_hash = history.head(commune.conn, commune.origin)
    assert header(bundle)["schema"] == 2 and header(bundle)["history"] == {"hash": head_hash, "n": head_n}
    (row,) = commune.conn.execute("SELECT history_n, history_hash FROM sync_bundles_out").fetchall()
    assert row == (head_n, head_hash)  # what the office's own check holds its chain to

    (report,) = imported(upper, bundle)
    assert report.outcome == "applied" and report.counts["history"] == head_n and report.history.ok
    assert chain(upper, commune.origin) == chain(commune, commune.origin)
    # The personal values of the records travel with their entries; those of the accounts, keys and
    # settings stay home, and so do those holding a citizen's phone number (they arrive as erased,
    # their digests in the entries).
    home = {n for n, kind in commune.conn.execute("SELECT n, kind FROM history WHERE origin = ?", (commune.origin,))
            if kind in HOME}
    assert home and len(home) < head_n
    kept_here, kept_there = dict(values(commune, commune.origin)), dict(values(upper, commune.origin))
    phoned = {n for n, kept in kept_here.items() if holds_phone(kept)}
    assert set(kept_there) == set(kept_here) and home <= set(kept_here) and phoned and not phoned & home
    assert all(kept_there[n] == ("erased" if n in home | phoned else kept_here[n]) for n in kept_here)
    assert any(n not in home | phoned for n in kept_here)  # the texts of an opinion without a phone, for one
    verdict = history.verify(upper.conn, commune.origin, own=False)
    assert verdict.ok and verdict.entries == head_n
    check = history_checks_of(upper.conn, commune.origin)
    assert (check.checked_through, check.head_hash, check.broken_at) == (head_n, head_hash, None)

    # After the receipt, the next bundle carries only what is new, and continues the chain.
    assert outcomes(imported(commune, export(upper, tmp_path / "down", destination=commune.origin))) == ["applied"]
    add(commune, 1, title="Hội nghị thứ hai")
    later = export(commune, tmp_path / "b")
    (report,) = imported(upper, later)
    new_head = history.head(commune.conn, commune.origin)
    assert report.counts["history"] == new_head[0] - head_n and report.history.ok
    assert chain(upper, commune.origin) == chain(commune, commune.origin)
    assert history_checks_of(upper.conn, commune.origin).checked_through == new_head[0]
    assert history.verify(commune.conn, commune.origin).ok
    # The same bundle twice, or an older one after a newer one, changes nothing and breaks nothing.
    assert outcomes(imported(upper, later, bundle)) == ["already", "already"]
    assert history_checks_of(upper.conn, commune.origin).ok


def test_an_older_bundle_imported_late_does_not_break_the_chain(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 1)
    old = export(commune, tmp_path / "a")
    add(commune, 2, title="Hội nghị sau")
    new = export(commune, tmp_path / "b")
    assert outcomes(imported(upper, new)) == ["applied"]
    (report,) = imported(upper, old)
    assert report.outcome == "superseded" and report.history.ok
    assert chain(upper, commune.origin) == chain(commune, commune.origin)


def test_the_status_says_how_far_each_commune_s_history_was_checked(offices, tmp_path: Path, english) -> None:
    commune, upper = offices
    add(commune, 1)
    (before,) = sync_store.sync_status(upper)
    assert "history" not in status_line(before)  # nothing came yet
    imported(upper, export(commune, tmp_path / "a"))
    (row,) = sync_store.sync_status(upper)
    n, _hash = history.head(commune.conn, commune.origin)
    assert row.history is not None and not row.history_broken
    assert f"; history checked up to entry {n} on " in status_line(row)
    # At the commune, its upper level's history is nobody's to check.
    imported(commune, export(upper, tmp_path / "down", destination=commune.origin))
    (upper_row,) = sync_store.sync_status(commune)
    assert upper_row.history is None and "history" not in status_line(upper_row)


# ---- a deletion with its reason reaches the upper level ------------------------------------------


def test_an_opinion_deleted_with_its_reason_is_read_at_the_upper_level(offices, tmp_path: Path) -> None:
    commune, upper = offices
    sending_phones(commune)  # what an opinion with a phone held travels whole
    meeting_id = add(commune, 3)
    round_trip(commune, upper, tmp_path / "1")
    meeting = get_meeting(commune, meeting_id)
    gone = meeting.opinions[2]
    save_meeting(commune, meeting=dataclasses.replace(meeting, opinions=meeting.opinions[:2]),
                 reason="Ý kiến trùng với ý kiến số 1")
    (report,) = imported(upper, export(commune, tmp_path / "2" / "up"))
    assert report.outcome == "applied" and report.history.ok
    assert gone.id not in {o["id"] for m in records(upper)["meetings"] for o in m["opinions"]}
    (deleted,) = [e for e in history_entries.entries(upper.conn, history_entries.Filter(origin=commune.origin, record=gone.id))
                  if e.action == "delete"]
    assert (deleted.kind, deleted.by, deleted.by_name) == ("opinions", "quantri", "Nguyễn Thị Quản")
    assert deleted.reason == "Ý kiến trùng với ý kiến số 1" and deleted.meeting == meeting_id
    assert deleted.before("content") == gone.content and deleted.before("speaker") == gone.speaker
    assert deleted.after("content") is None


def test_a_meeting_deleted_with_its_reason_is_read_at_the_upper_level(offices, tmp_path: Path) -> None:
    commune, upper = offices
    sending_phones(commune)  # what an opinion with a phone held travels whole
    meeting_id = add(commune, 2)
    round_trip(commune, upper, tmp_path / "1")
    opinions = get_meeting(commune, meeting_id).opinions
    delete_meetings(commune, ids=[meeting_id], reason="Nhập nhầm hội nghị của xã khác")
    (report,) = imported(upper, export(commune, tmp_path / "2" / "up"))
    assert report.history.ok and records(upper)["meetings"] == []
    deletions = [e for e in history_entries.entries(upper.conn, history_entries.Filter(origin=commune.origin, record=meeting_id))
                 if e.action == "delete"]
    assert {e.kind for e in deletions} >= {"meetings", "opinions"}
    assert {e.reason for e in deletions} == {"Nhập nhầm hội nghị của xã khác"} and len({e.group for e in deletions}) == 1
    texts = {e.before("content") for e in deletions if e.kind == "opinions"}
    assert texts == {o.content for o in opinions}


# ---- rewritten with the database key: flagged at the upper level, records still applied ----------


def _rewrite(path: Path, origin: str, n: int, change) -> None:
    """What a dishonest administrator does with the database key and a SQLite tool: drop the
    triggers that refuse it, change entry ``n`` (``change(body, personal values)`` in place, the
    digest of the personal values made again), recompute every hash after it, and put the new
    head where the bundles already sent keep it, so that the office's own check passes."""
    conn = raw_connection(path)
    try:
        conn.execute("DROP TRIGGER history_no_update")
        rows = conn.execute("SELECT h.n, h.body, v.fields FROM history h LEFT JOIN history_values v "
                            "ON v.origin = h.origin AND v.n = h.n WHERE h.origin = ? AND h.n >= ? ORDER BY h.n",
                            (origin, n)).fetchall()
        (previous,) = conn.execute("SELECT hash FROM history WHERE origin = ? AND n = ?", (origin, n - 1)).fetchone() \
            if n > 1 else (GENESIS,)
        heads = {}
        for number, body, kept in rows:
            if number == n:
                salt, _colon, personal = kept.partition(":")
                body_value, kept_value = json.loads(body), json.loads(personal)
                change(body_value, kept_value)
                kept = salt + ":" + canonical_bytes(kept_value).decode("utf-8")
                body_value["values"] = values_digest(kept)
                body = canonical_bytes(body_value).decode("utf-8")
                conn.execute("UPDATE history_values SET fields = ? WHERE origin = ? AND n = ?", (kept, origin, number))
            previous = chain_hash(previous, body)
            heads[number] = previous
            conn.execute("UPDATE history SET body = ?, hash = ? WHERE origin = ? AND n = ?", (body, previous, origin, number))
        for number, entry_hash in heads.items():
            conn.execute("UPDATE sync_bundles_out SET history_hash = ? WHERE history_n = ?", (entry_hash, number))
        conn.commit()
    finally:
        conn.close()


def _reword(store, opinion_id: str, text: str):
    """Change an opinion's text behind the program's back, and its history entry to match."""
    def change(body: dict, kept: dict) -> None:
        kept["content"][1] = text

    conn = raw_connection(store.path)
    try:
        register_functions(conn)  # the search index's triggers need them, as the program gives them
        conn.execute("UPDATE opinions SET content = ? WHERE id = ?", (text, opinion_id))
        conn.execute("DELETE FROM history_pending")  # the note the trigger left: gone too
        conn.commit()
        (n,) = conn.execute("SELECT n FROM history WHERE record = ? AND action = 'insert'", (opinion_id,)).fetchone()
    finally:
        conn.close()
    _rewrite(store.path, store.origin, n, change)
    return n


def test_a_history_rewritten_with_the_key_is_flagged_on_the_next_bundle_and_its_records_applied(
        offices, tmp_path: Path, english) -> None:
    commune, upper = offices
    sending_phones(commune)  # the reworded opinion has a phone: its values travel whole
    meeting_id = add(commune, 2)
    imported(upper, export(commune, tmp_path / "a"))  # no receipt yet: the next bundle carries it all again
    opinion = get_meeting(commune, meeting_id).opinions[0]
    n = _reword(commune, opinion.id, "Nội dung đã bị sửa lại cho nhẹ đi.")
    assert history.verify(commune.conn, commune.origin).ok  # a rewrite the office's own check cannot see
    later = add(commune, 1, title="Hội nghị sau khi sửa")
    (report,) = imported(upper, export(commune, tmp_path / "b"))
    assert report.outcome == "applied" and report.history_broken
    assert later in {m["id"] for m in records(upper)["meetings"]}  # the records are applied all the same
    check = history_checks_of(upper.conn, commune.origin)
    assert check.broken_at == n and check.problem["code"] == "differs" and check.problem["bundle"] == report.bundle_id
    assert f"its history is broken at entry {n}: " in report.message
    # The upper level kept what it had, and the rewritten entry as evidence beside it.
    (held,) = [e for e in history_entries.entries(upper.conn, history_entries.Filter(origin=commune.origin, record=opinion.id))]
    assert held.after("content") == opinion.content
    forks = upper.conn.execute("SELECT n, bundle_id, body FROM history_forks WHERE origin = ?", (commune.origin,)).fetchall()
    assert forks and forks[0][:2] == (n, report.bundle_id)
    assert upper.conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0] == 1  # the reworded opinion
    assert history.verify(upper.conn, commune.origin, own=False).ok  # what it holds still verifies
    (row,) = sync_store.sync_status(upper)
    assert row.history_broken and f"history broken at entry {n} (found on " in status_line(row)
    assert "rewritten" in status_line(row)


def test_a_rewrite_after_a_receipt_breaks_the_chain_at_the_next_entry(offices, tmp_path: Path) -> None:
    """The rewritten entries never travel again (the receipt confirmed them); the next ones no
    longer chain from what the upper level holds, and the signed head is not its own."""
    commune, upper = offices
    meeting_id = add(commune, 2)
    round_trip(commune, upper, tmp_path / "1")
    held = chain(upper, commune.origin)
    _reword(commune, get_meeting(commune, meeting_id).opinions[1].id, "Đã sửa.")
    assert history.verify(commune.conn, commune.origin).ok
    later = add(commune, 1, title="Hội nghị mới")
    (report,) = imported(upper, export(commune, tmp_path / "2"))
    check = history_checks_of(upper.conn, commune.origin)
    assert check.broken_at == held[-1][0] + 1 and check.problem["code"] == "chain"
    assert later in {m["id"] for m in records(upper)["meetings"]}
    assert chain(upper, commune.origin) == held  # nothing that does not continue it was appended


def test_a_value_changed_without_its_digest_is_flagged(offices, tmp_path: Path) -> None:
    commune, upper = offices
    sending_phones(commune)  # what an opinion with a phone held travels whole
    meeting_id = add(commune, 1)
    opinion = get_meeting(commune, meeting_id).opinions[0]
    conn = raw_connection(commune.path)
    try:
        (n, kept) = conn.execute("SELECT v.n, v.fields FROM history_values v JOIN history h USING (origin, n) "
                                 "WHERE h.record = ? AND h.action = 'insert'", (opinion.id,)).fetchone()
        salt, _colon, personal = kept.partition(":")
        value = json.loads(personal)
        value["speaker"][1] = "Người khác"  # the speaker's name, without its digest in the entry
        conn.execute("UPDATE history_values SET fields = ? WHERE n = ?",
                     (salt + ":" + canonical_bytes(value).decode(), n))
        conn.commit()
    finally:
        conn.close()
    (report,) = imported(upper, export(commune, tmp_path / "a"))
    assert report.outcome == "applied" and report.history_broken
    check = history_checks_of(upper.conn, commune.origin)
    assert (check.broken_at, check.problem["code"]) == (n, "values")
    assert check.checked_through == n - 1  # the entries before it were taken; none after it
    assert records(upper)["meetings"][0]["id"] == meeting_id


def test_entries_removed_leave_a_gap_that_is_flagged(offices, tmp_path: Path) -> None:
    commune, upper = offices
    meeting_id = add(commune, 3)
    round_trip(commune, upper, tmp_path / "1")
    meeting = get_meeting(commune, meeting_id)
    save_meeting(commune, meeting=dataclasses.replace(meeting, opinions=meeting.opinions[:2]), reason="Xoá bớt")
    add(commune, 1, title="Hội nghị sau khi xoá")
    (deletion,) = commune.conn.execute("SELECT n FROM history WHERE action = 'delete' AND kind = 'opinions'").fetchone()
    conn = raw_connection(commune.path)  # the deletion's entry removed, to hide who deleted what
    try:
        conn.execute("DROP TRIGGER history_no_delete")
        conn.execute("DELETE FROM history WHERE origin = ? AND n = ?", (commune.origin, deletion))
        conn.commit()
    finally:
        conn.close()
    assert history.verify(commune.conn, commune.origin).broken_at == deletion  # seen at home too
    (report,) = imported(upper, export(commune, tmp_path / "2"))
    check = history_checks_of(upper.conn, commune.origin)
    assert (check.broken_at, check.problem["code"], check.problem["next"]) == (deletion, "gap", deletion + 1)
    assert report.outcome == "applied" and len(records(upper)["meetings"]) == 2


def test_a_commune_restored_from_a_backup_is_flagged_as_a_fork_and_stays_flagged(offices, tmp_path: Path,
                                                                                 english) -> None:
    commune, upper = offices
    add(commune, 1)
    backup = copy_of(commune, tmp_path / "backup.db")
    add(commune, 2, title="Hội nghị sau sao lưu")
    imported(upper, export(commune, tmp_path / "a"))
    fork_at = history.head(backup.conn, backup.origin)[0] + 1
    restored_id = add(backup, 1, title="Hội nghị sau khôi phục")
    (report,) = imported(upper, export(backup, tmp_path / "b"))
    assert report.outcome == "applied" and report.history_broken and restored_id in {
        m["id"] for m in records(upper)["meetings"]}
    check = history_checks_of(upper.conn, commune.origin)
    assert (check.broken_at, check.problem["code"]) == (fork_at, "differs")
    assert "restored from a backup" in status_line(sync_store.sync_status(upper)[0])
    # Later sound bundles do not clear it.
    imported(backup, export(upper, tmp_path / "down", destination=backup.origin))
    add(backup, 1, title="Hội nghị tiếp theo")
    (later,) = imported(upper, export(backup, tmp_path / "c"))
    assert later.outcome == "applied" and not later.history_broken
    again = history_checks_of(upper.conn, commune.origin)
    assert (again.broken_at, again.problem) == (check.broken_at, check.problem)
    backup.close()


# ---- the upper level sends none down; schema 1 is still read ------------------------------------


def test_the_upper_level_sends_no_history_down(offices, tmp_path: Path) -> None:
    commune, upper = offices
    add(commune, 1)
    imported(upper, export(commune, tmp_path / "up"))
    down = export(upper, tmp_path / "down", destination=commune.origin)
    assert header(down)["schema"] == 1 and "history" not in header(down)
    assert outcomes(imported(commune, down)) == ["applied"]
    assert [o for o, in commune.conn.execute("SELECT DISTINCT origin FROM history")] == [commune.origin]
    assert commune.conn.execute("SELECT count(*) FROM history_checks").fetchone()[0] == 0



def test_a_bundle_of_schema_1_is_still_applied_and_its_history_left_unchecked(offices, tmp_path: Path,
                                                                              english) -> None:
    """What a commune of the earlier version sends: records only, no head."""
    from qcdc_desktop.db.sync_apply import KINDS, outgoing
    from qcdc_desktop.db.sync_keys import active_peer_key
    from qcdc_desktop.sync.keys import ensure_office_keys
    from sync_offices import craft, header_of

    commune, upper = offices
    add(commune, 2)
    upto = sync_store.counter(commune.conn, commune.origin)
    lines = [[kind, list(row)] for kind, row in outgoing(commune.conn, kinds=tuple(k for k in KINDS if k != "messages"),
                                                         origin=commune.origin, since=0, upto=upto)]
    top = header_of(commune, upper.origin, schema=1, upto=upto, records=len(lines), number=1)
    path = craft(tmp_path / "old.qcdcb", keys=ensure_office_keys(commune),
                 recipient=active_peer_key(commune, upper.origin).recv_public, header=top, records=lines)
    (report,) = imported(upper, path)
    assert report.outcome == "applied" and report.history is None and "history" not in report.counts
    assert records(upper) == records(commune)
    assert upper.conn.execute("SELECT count(*) FROM history WHERE origin = ?", (commune.origin,)).fetchone() == (0,)
    (row,) = sync_store.sync_status(upper)
    assert row.history is None and status_line(row).endswith("; history not checked yet")
    # Once the commune runs this version, its next bundle brings its whole chain.
    (report,) = imported(upper, export(commune, tmp_path / "new"))
    assert report.history.ok and chain(upper, commune.origin) == chain(commune, commune.origin)


def test_a_reason_given_decomposed_or_with_a_stray_control_character_still_travels(offices, tmp_path: Path) -> None:
    """Whatever a caller of the database layer gives as a reason is sealed as the gate of the upper
    level wants it (NFC, on one line): the commune is never locked out by its own history."""
    commune, upper = offices
    typed = "Nhập nhầm\x07, đã có\ný kiến trùng".replace("ầ", "a\u0302\u0300")
    with commune.transaction(reason=typed):
        meeting_id = add(commune, 1)
    (report,) = imported(upper, export(commune, tmp_path / "a"))
    assert report.outcome == "applied" and report.history.ok, report.message
    reasons = {e.reason for e in history_entries.entries(upper.conn, history_entries.Filter(origin=commune.origin, record=meeting_id))}
    assert reasons == {"Nhập nhầm , đã có ý kiến trùng"}


def test_qcdc_check_at_the_upper_level_names_each_commune_whose_history_arrived_broken(
        offices, tmp_path: Path, english, capsys, monkeypatch) -> None:
    from qcdc_desktop.cli import main
    from qcdc_desktop.sync.status import broken_histories

    commune, upper = offices
    meeting_id = add(commune, 2)
    imported(upper, export(commune, tmp_path / "a"))
    assert broken_histories(upper) == []
    opinion = get_meeting(commune, meeting_id).opinions[0]
    n = _reword(commune, opinion.id, "Nội dung đã bị sửa lại cho nhẹ đi.")
    imported(upper, export(commune, tmp_path / "b"))
    (line,) = broken_histories(upper)
    assert line.startswith(f"{commune.origin} ") and f"history broken at entry {n} (found on " in line
    path = upper.path
    upper.close()
    capsys.readouterr()
    monkeypatch.setenv("QCDC_LANG", "en")
    assert main(["check", "--db", str(path)]) == 0  # the file is sound: the evidence is said, not failed
    shown = capsys.readouterr().out
    assert "The data file has no problems." in shown and "- " + line in shown
