"""The office's history (db/history.py, docs/history.md): every change writes exactly one entry
with its values before and after, in the same transaction, naming the signed-in account; the
chain shows any entry changed, removed, reordered or put in by someone holding the file's key."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from qcdc_desktop.core.errors import NotAllowed, ReasonRequired
from qcdc_desktop.core.history import ERASED, GENESIS, chain_hash
from qcdc_desktop.db import history, history_entries
from qcdc_desktop.db.edit import delete_meetings, restore_meetings, save_meeting
from qcdc_desktop.db.history_read import history_count, history_of, history_page, verify_history
from qcdc_desktop.db.meetings import get_meeting
from conftest import ADMIN, PASSWORD, add_to, full_meeting, raw_connection


def _new(store, since: int) -> list:
    """The entries written after entry ``since``, oldest first."""
    return [e for e in history_entries.iter_entries(store.conn, history_entries.Filter(origin=store.origin)) if e.n > since]


def _head(store) -> int:
    return history.head(store.conn, store.origin)[0]


def test_adding_a_meeting_writes_one_entry_per_record_with_every_value(store) -> None:
    start = _head(store)
    (meeting_id,) = add_to(store, full_meeting())
    entries = _new(store, start)
    meeting = get_meeting(store, meeting_id)
    expected = [("meetings", meeting_id)] + [("opinions", o.id) for o in meeting.opinions] + [
        ("tasks", t.id) for t in meeting.conclusions] + [("publications", p.id) for p in meeting.publications]
    assert [(e.kind, e.record) for e in entries] == expected
    assert {e.action for e in entries} == {"insert"} and {e.meeting for e in entries} == {meeting_id}
    assert len({e.group for e in entries}) == 1  # one transaction, one group
    first_opinion = entries[1]
    assert first_opinion.fields["speaker"] == (None, "Trần Thị Bình")
    assert first_opinion.fields["phone"] == (None, "0912 345 678")
    assert first_opinion.fields["position"] == (None, 1)
    assert entries[0].fields["title"] == (None, full_meeting()["title"])
    assert (entries[0].by, entries[0].by_name) == (ADMIN.login, ADMIN.full_name)
    assert verify_history(store).ok


def test_changing_one_opinion_writes_one_entry_with_the_field_before_and_after(store) -> None:
    (meeting_id,) = add_to(store, full_meeting())
    meeting = get_meeting(store, meeting_id)
    start = _head(store)
    old = meeting.opinions[1].content
    meeting.opinions[1] = dataclasses.replace(meeting.opinions[1], content="Đường liên thôn hỏng nặng.")
    save_meeting(store, meeting=meeting)
    (entry,) = _new(store, start)
    assert (entry.action, entry.kind, entry.record) == ("update", "opinions", meeting.opinions[1].id)
    assert entry.fields == {"content": (old, "Đường liên thôn hỏng nặng.")}
    # Saving the same meeting again changes nothing and writes nothing.
    save_meeting(store, meeting=get_meeting(store, meeting_id))
    assert _new(store, start + 1) == []


def test_a_save_writes_only_the_rows_that_changed_or_moved(store) -> None:
    def opinion(i: int) -> dict:
        return {"speaker": f"Công dân {i}", "field": "land", "content": f"Kiến nghị số {i}."}

    (meeting_id,) = add_to(store, full_meeting(opinions=[opinion(i) for i in range(1, 7)],
                                               conclusions=[], publications=[], status="concluded"))
    meeting = get_meeting(store, meeting_id)
    one, two, three, four, five, six = meeting.opinions
    store.conn.execute("CREATE TEMP TABLE touched (id TEXT)")
    store.conn.execute("CREATE TEMP TRIGGER touched_opinions AFTER UPDATE ON main.opinions "
                       "BEGIN INSERT INTO touched VALUES (NEW.id); END")
    reason = "Ý kiến trùng với ý kiến số 2."
    start = _head(store)
    # One taken out (the second), one put in at the front, the last two swapped, the fourth reworded;
    # the first, third and fourth end where they were (a new one before them, one taken out after).
    new = dataclasses.replace(one, id=None, speaker="Công dân mới", content="Kiến nghị mới.")
    changed = dataclasses.replace(four, content="Kiến nghị số 4, bổ sung.")
    meeting.opinions = [new, one, three, changed, six, five]
    saved = save_meeting(store, meeting=meeting, reason=reason)
    stored = get_meeting(store, meeting_id)
    assert [o.content for o in stored.opinions] == ["Kiến nghị mới.", "Kiến nghị số 1.", "Kiến nghị số 3.",
                                                    "Kiến nghị số 4, bổ sung.", "Kiến nghị số 6.", "Kiến nghị số 5."]
    assert [r[0] for r in store.conn.execute("SELECT position FROM opinions WHERE meeting_id = ? ORDER BY position",
                                             (meeting_id,))] == [1, 2, 3, 4, 5, 6]
    # Rows were written for the moves and the change only: "one" moved 1 -> 2, "three" 3 -> 3 stayed,
    # "four" changed in place, "six" and "five" swapped (each moved out of the way, then put).
    touched = [r[0] for r in store.conn.execute("SELECT id FROM touched")]
    assert three.id not in touched
    assert set(touched) == {one.id, four.id, five.id, six.id}
    entries = _new(store, start)
    by_record = {e.record: e for e in entries}
    assert set(by_record) == {two.id, saved.meeting.opinions[0].id, one.id, four.id, five.id, six.id}
    assert by_record[one.id].fields == {"position": (1, 2)}
    assert by_record[four.id].fields == {"content": ("Kiến nghị số 4.", "Kiến nghị số 4, bổ sung.")}
    assert by_record[six.id].fields == {"position": (6, 5)} and by_record[five.id].fields == {"position": (5, 6)}
    assert by_record[two.id].action == "delete" and by_record[two.id].reason == reason
    assert verify_history(store).ok


def test_moving_an_opinion_records_the_positions_only(store) -> None:
    (meeting_id,) = add_to(store, full_meeting())
    meeting = get_meeting(store, meeting_id)
    start = _head(store)
    meeting.opinions.reverse()
    save_meeting(store, meeting=meeting)
    entries = _new(store, start)
    assert sorted((e.record, e.fields["position"]) for e in entries) == sorted(
        [(meeting.opinions[0].id, (2, 1)), (meeting.opinions[1].id, (1, 2))])
    assert all(set(e.fields) == {"position"} for e in entries)


def test_deleting_an_opinion_needs_a_reason_and_keeps_what_it_said(store) -> None:
    (meeting_id,) = add_to(store, full_meeting())
    meeting = get_meeting(store, meeting_id)
    gone = meeting.opinions.pop(0)
    start = _head(store)
    with pytest.raises(ReasonRequired):
        save_meeting(store, meeting=dataclasses.replace(meeting))
    assert _new(store, start) == [] and len(get_meeting(store, meeting_id).opinions) == 2  # nothing written
    save_meeting(store, meeting=meeting, reason="  Ghi trùng với\tý kiến số 2  ")
    entries = _new(store, start)
    deletion = next(e for e in entries if e.action == "delete")
    assert deletion.record == gone.id and deletion.reason == "Ghi trùng với ý kiến số 2"
    assert deletion.fields["content"] == (gone.content, None)
    assert deletion.fields["speaker"] == ("Trần Thị Bình", None)
    # The opinion that moves up into its place is one more entry (its position), nothing else.
    assert [(e.action, set(e.fields)) for e in entries if e is not deletion] == [("update", {"position"})]
    # The reason was asked for the deletion: the other opinion's move does not claim it.
    assert [e.reason for e in entries if e is not deletion] == [""]


def test_a_reason_given_for_a_save_that_deletes_nothing_stays_with_every_change(store) -> None:
    (meeting_id,) = add_to(store, full_meeting())
    meeting = get_meeting(store, meeting_id)
    meeting.opinions[0] = dataclasses.replace(meeting.opinions[0], content="Đề nghị sửa cầu tràn thôn Đông.")
    start = _head(store)
    with store.transaction(reason="Hoàn tác lần sửa trước"):
        save_meeting(store, meeting=meeting)
    assert [(e.action, e.reason) for e in _new(store, start)] == [("update", "Hoàn tác lần sửa trước")]


def test_deleting_a_meeting_needs_a_reason_and_each_record_has_its_entry(store) -> None:
    (meeting_id,) = add_to(store, full_meeting())
    start = _head(store)
    for reason in ("", "   "):
        with pytest.raises(ReasonRequired):
            delete_meetings(store, ids=[meeting_id], reason=reason)
    assert _new(store, start) == []
    deleted = delete_meetings(store, ids=[meeting_id], reason="Nhập nhầm hội nghị của năm trước")
    entries = _new(store, start)
    assert {e.action for e in entries} == {"delete"} and len(entries) == 1 + 2 + 1 + 1
    assert {e.reason for e in entries} == {"Nhập nhầm hội nghị của năm trước"}
    title = next(e for e in entries if e.kind == "meetings").fields["title"]
    assert title == (full_meeting()["title"], None)
    restore_meetings(store, meetings=deleted.meetings)
    back = _new(store, start + len(entries))
    assert {e.action for e in back} == {"insert"} and len(back) == len(entries)
    assert verify_history(store).ok


def test_settings_officials_accounts_and_roles_are_in_the_history(store) -> None:
    from qcdc_desktop.core.settings import CUTOFF_DAY
    from qcdc_desktop.db import accounts
    from qcdc_desktop.db.officials import add_official
    from qcdc_desktop.db.settings import write_setting
    from qcdc_desktop.db.users import disable_user, get_user_by_login, set_role

    start = _head(store)
    with store.transaction() as conn:
        write_setting(conn, CUTOFF_DAY, 15)
    with store.transaction() as conn:
        write_setting(conn, CUTOFF_DAY, 20)
    add_official(store, name="Lê Văn Tám", title="Phó Chủ tịch UBND")
    accounts.add_account(store, login="lan.tt", full_name="Trần Thị Lan", title="Công chức", role="clerk",
                         password=PASSWORD)
    lan = get_user_by_login(store, "lan.tt")
    set_role(store, user_id=lan.id, role="leader", by=store.user)
    disable_user(store, user_id=lan.id, by=store.user)
    entries = _new(store, start)
    assert [(e.kind, e.action, e.fields) for e in entries if e.kind == "settings"] == [
        ("settings", "insert", {"value": (None, "15")}), ("settings", "update", {"value": ("15", "20")})]
    assert [e.fields.get("name") for e in entries if e.kind == "officials"] == [(None, "Lê Văn Tám")]
    users = [e for e in entries if e.kind == "users"]
    assert users[0].action == "insert" and users[0].fields["role"] == (None, "clerk")
    assert [e.fields for e in users[1:]] == [{"role": ("clerk", "leader")}, {"active": (1, 0)}]
    assert all(e.by == ADMIN.login for e in entries)


def test_a_sign_in_is_not_a_change(store) -> None:
    from qcdc_desktop.db.users import record_sign_in

    start = _head(store)
    assert store.user is not None
    record_sign_in(store, store.user.id, True, dt.datetime.now(dt.timezone.utc))
    assert _new(store, start) == []


def test_issuing_and_cancelling_a_document_are_in_the_history(store) -> None:
    from qcdc_desktop.db.register import cancel_notice, issue_notice

    (meeting_id,) = add_to(store, full_meeting(status="concluded"))
    start = _head(store)
    entry = issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8)).entry
    issued = [e for e in _new(store, start) if e.kind == "register_entries"]
    assert [e.action for e in issued] == ["insert"] and issued[0].fields["number"] == (None, entry.number)
    assert [e.fields for e in _new(store, start) if e.kind == "meetings"] == [
        {"status": ("concluded", "notice_issued")}]
    with pytest.raises(ReasonRequired):
        cancel_notice(store, entry_id=entry.id, reason=" ")
    mark = _head(store)
    cancel_notice(store, entry_id=entry.id, reason="Ban hành nhầm số")
    cancelled = [e for e in _new(store, mark) if e.kind == "register_entries"]
    assert [(e.action, e.fields.get("cancelled"), e.reason) for e in cancelled] == [
        ("update", (0, 1), "Ban hành nhầm số")]


def test_a_backup_is_noted_with_how_far_the_history_goes(store) -> None:
    from qcdc_desktop.db.backup import make_backup

    add_to(store, full_meeting())
    n, head_hash = history.head(store.conn, store.origin)
    path = make_backup(store, reason="manual")
    (entry,) = _new(store, n)
    assert (entry.action, entry.kind, entry.record) == ("event", "backup", path.name)
    assert entry.fields["history_n"] == (None, n) and entry.fields["history_hash"] == (None, head_hash)


def test_the_events_fields_are_shown_in_words_not_by_their_keys(store) -> None:
    """What an inspector reads of a backup or a password reset names each value in words."""
    from qcdc_desktop.core.history_words import described
    from qcdc_desktop.db import accounts
    from qcdc_desktop.db.backup import make_backup

    user = accounts.add_account(store, login="vanthu", full_name="Lê Văn Thư", title="", role="clerk",
                                password="Cay-bang-Lang-2026!")
    start = _head(store)
    make_backup(store, reason="manual")
    accounts.reset_password(store, user.id, "Hoa-sen-Ao-lang-2026!")
    events = [e for e in _new(store, start) if e.action == "event"]
    assert sorted(e.kind for e in events) == ["backup", "password"]
    for event in events:
        fields = described(event).fields
        assert fields and all(f.label != f.name and "_" not in f.label for f in fields), fields
        assert all(f.after not in ("administrator", "self") for f in fields)


def test_a_viewer_reads_a_record_s_history_with_the_phone_masked_and_not_the_whole_history(store) -> None:
    from qcdc_desktop.db import accounts
    from qcdc_desktop.db.connection import open_store

    (meeting_id,) = add_to(store, full_meeting())
    opinion = get_meeting(store, meeting_id).opinions[0]
    accounts.add_account(store, login="thanhtra", full_name="Đoàn Kiểm Tra", title="", role="viewer",
                         password=PASSWORD)
    accounts.sign_in(store.path, "thanhtra", PASSWORD, record=False)
    with open_store(store.path, readonly=True) as as_viewer:
        (entry,) = history_of(as_viewer, opinion.id)
        assert entry.fields["phone"] == (None, "•••• ••• 678") or entry.fields["phone"][1].endswith("678")
        assert entry.fields["phone"][1] != "0912 345 678"
        with pytest.raises(NotAllowed):
            history_page(as_viewer, history_entries.Filter(), offset=0, limit=50)
        with pytest.raises(NotAllowed):
            history_count(as_viewer, history_entries.Filter())
    assert history_of(store, opinion.id)[0].fields["phone"] == (None, "0912 345 678")


def test_filters_select_by_record_person_period_kind_and_action(store) -> None:
    (meeting_id,) = add_to(store, full_meeting())
    meeting = get_meeting(store, meeting_id)
    everything = history_count(store, history_entries.Filter())
    assert history_count(store, history_entries.Filter(record=meeting_id)) == 5  # the meeting and what is under it
    assert history_count(store, history_entries.Filter(record=meeting.opinions[0].id)) == 1
    assert history_count(store, history_entries.Filter(by=ADMIN.login)) == everything
    assert history_count(store, history_entries.Filter(by="nobody")) == 0
    today = dt.datetime.now(dt.timezone.utc).date()
    assert history_count(store, history_entries.Filter(since=today.isoformat(), until=today.isoformat())) == everything
    assert history_count(store, history_entries.Filter(until=(today - dt.timedelta(days=1)).isoformat())) == 0
    assert history_count(store, history_entries.Filter(kinds=("opinions",))) == 2
    assert history_count(store, history_entries.Filter(actions=("delete",))) == 0
    page = history_page(store, history_entries.Filter(), offset=0, limit=3)
    assert [e.n for e in page] == sorted((e.n for e in page), reverse=True) and len(page) == 3


# ---- what a dishonest holder of the key can do, and verify sees --------------------------------


def _filled(store) -> int:
    add_to(store, full_meeting(), full_meeting())
    assert verify_history(store).ok
    return _head(store)


def _behind_the_back(store, *statements: tuple[str, tuple]) -> None:
    """Change the history as another program holding the file's key would: triggers dropped first."""
    conn = raw_connection(store.path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for name in ("history_no_update", "history_no_delete", "history_values_no_delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql, args in statements:
            conn.execute(sql, args)
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_the_history_cannot_be_changed_or_deleted_through_sql(store) -> None:
    _filled(store)
    conn = raw_connection(store.path)
    try:
        for sql in ("UPDATE history SET body = body || ' ' WHERE n = 3", "DELETE FROM history WHERE n = 3",
                    "DELETE FROM history_values"):
            with pytest.raises(Exception, match="never"):
                conn.execute(sql)
    finally:
        conn.close()


def test_an_entry_edited_is_named(store) -> None:
    _filled(store)
    body = store.conn.execute("SELECT body FROM history WHERE n = 4").fetchone()[0]
    data = json.loads(body)
    data["by_name"] = "Người Khác"
    forged = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    _behind_the_back(store, ("UPDATE history SET body = ? WHERE n = 4", (forged,)))
    verdict = verify_history(store)
    assert verdict.broken_at == 4 and "4" in verdict.problem


def test_an_entry_edited_with_every_later_hash_recomputed_is_named_by_its_values(store, english) -> None:
    """Rewording an opinion in the history's kept values, even with the digests and hashes made
    anew, is found: here the value no longer matches the digest its entry committed to."""
    _filled(store)
    row = store.conn.execute("SELECT n, fields FROM history_values WHERE fields LIKE '%Đường liên thôn%' "
                             "ORDER BY n LIMIT 1").fetchone()
    salt, _colon, values = row[1].partition(":")
    fields = json.loads(values)
    fields["content"][1] = "Không có ý kiến gì."
    _behind_the_back(store, ("UPDATE history_values SET fields = ? WHERE n = ?",
                             (salt + ":" + json.dumps(fields, ensure_ascii=False), row[0])))
    verdict = verify_history(store)
    assert verdict.broken_at == row[0] and "personal values" in verdict.problem


def test_an_entry_removed_is_named(store) -> None:
    _filled(store)
    _behind_the_back(store, ("DELETE FROM history WHERE n = 5", ()), ("DELETE FROM history_values WHERE n = 5", ()))
    assert verify_history(store).broken_at == 5


def test_two_entries_swapped_are_named(store) -> None:
    _filled(store)
    (b6, h6), (b7, h7) = store.conn.execute("SELECT body, hash FROM history WHERE n IN (6, 7) ORDER BY n").fetchall()
    _behind_the_back(store, ("UPDATE history SET body = ?, hash = ? WHERE n = 6", (b7, h7)),
                     ("UPDATE history SET body = ?, hash = ? WHERE n = 7", (b6, h6)))
    assert verify_history(store).broken_at == 6


def test_an_entry_put_in_is_named(store) -> None:
    last = _filled(store)
    body, entry_hash = store.conn.execute("SELECT body, hash FROM history WHERE n = 3").fetchone()
    # Everything from entry 8 moves one place on; a made-up entry takes place 8.
    rows = store.conn.execute("SELECT n, seq, body, hash FROM history WHERE n >= 8 ORDER BY n DESC").fetchall()
    statements = [("UPDATE history SET n = n + 1 WHERE n = ?", (n,)) for n, *_rest in rows]
    statements += [("UPDATE history_values SET n = n + 1 WHERE n = ?", (n,)) for n, *_rest in rows]
    statements += [("INSERT INTO history (origin, n, seq, body, hash) VALUES ('00004', 8, 1, ?, ?)", (body, entry_hash)),
                   ("INSERT INTO history_values (origin, n, fields) SELECT origin, 8, fields FROM history_values "
                    "WHERE n = 3", ())]
    _behind_the_back(store, *statements)
    assert _head(store) == last + 1
    assert verify_history(store).broken_at == 8


def test_a_chain_cut_short_is_seen(store, english) -> None:
    last = _filled(store)
    _behind_the_back(store, ("DELETE FROM history WHERE n > ?", (last - 2,)),
                     ("DELETE FROM history_values WHERE n > ?", (last - 2,)))
    verdict = verify_history(store)
    assert not verdict.ok and verdict.broken_at == last - 1
    assert "removed" in verdict.problem


def test_a_change_written_without_the_program_is_seen(store) -> None:
    from qcdc_desktop.db.functions import register_functions

    _filled(store)
    conn = raw_connection(store.path)
    register_functions(conn)  # the search index's triggers need them
    try:
        conn.execute("UPDATE opinions SET content = 'Sửa lén.' WHERE position = 1")
    finally:
        conn.close()
    verdict = verify_history(store)
    assert not verdict.ok and "2" in verdict.problem  # the first opinion of each of the two meetings


def test_a_change_committed_while_the_history_is_checked_is_not_taken_for_a_cut(store, monkeypatch) -> None:
    """The check reads the file as of one moment: a change another connection commits between its
    reading of the chain and of the change counter (the office's work beside the window's background
    check, or the bundle the program was started with being imported) is not half seen as entries
    removed."""
    from qcdc_desktop.db.connection import open_store

    _filled(store)
    real_cut_short = history._cut_short

    def meanwhile(conn, origin: str, last: int, last_hash: str) -> str:
        add_to(store, full_meeting())  # committed by the program's own connection, with its entries
        return real_cut_short(conn, origin, last, last_hash)

    monkeypatch.setattr(history, "_cut_short", meanwhile)
    with open_store(store.path, readonly=True, check=False, upgrade=False) as reader:
        assert history.problems(reader.conn, reader.origin) == []
        assert history.verify(reader.conn, reader.origin).ok
    monkeypatch.undo()
    assert history.problems(store.conn, store.origin) == []


def test_the_check_of_the_file_names_a_broken_history(store) -> None:
    from qcdc_desktop.db.check import check_store

    _filled(store)
    _behind_the_back(store, ("DELETE FROM history WHERE n = 2", ()))
    (problem,) = [p for p in check_store(store) if "00004" in p]
    assert "2" in problem


def test_an_erased_value_still_verifies(store) -> None:
    """Erasure (a citizen's right under Law 91/2025): the value and its salt go, the digest stays,
    and the chain still holds."""
    _filled(store)
    (n,) = store.conn.execute("SELECT n FROM history_values WHERE fields LIKE '%0912 345 678%' "
                              "ORDER BY n LIMIT 1").fetchone()
    store.conn.execute("UPDATE history_values SET fields = ? WHERE n = ?", (ERASED, n))
    assert verify_history(store).ok
    (entry,) = [e for e in _new(store, n - 1) if e.n == n]
    assert entry.fields["phone"] == entry.fields["speaker"] == (None, ERASED)
    assert entry.fields["field"] == (None, "land")  # what says nothing of the person stays


def test_the_chain_starts_from_genesis_and_links_each_entry(store) -> None:
    _filled(store)
    previous = GENESIS
    for body, entry_hash in store.conn.execute("SELECT body, hash FROM history ORDER BY n"):
        assert chain_hash(previous, body) == entry_hash
        previous = entry_hash


def test_every_entry_and_kept_text_is_canonical_json(store) -> None:
    """The triggers' JSON goes into an entry as it is; it must be the canonical form a bundle's
    reader asks for (sorted keys, no spaces, text as is), also for awkward text."""
    from qcdc_desktop.core.serialize import canonical_text

    odd = full_meeting(title='Hội nghị "đặc biệt" \\ tab\there / ký tự \u2028 và \u00a0 cuối')
    odd["opinions"][0]["content"] = "Dòng 1\nDòng 2 \"trích\" \\ \t hết"
    (meeting_id,) = add_to(store, odd)
    meeting = get_meeting(store, meeting_id)
    meeting.opinions[0] = dataclasses.replace(meeting.opinions[0], content="Sửa \u00e9 \"lại\"")
    meeting.opinions.pop(1)
    save_meeting(store, meeting=meeting, reason="Lý do \"có\" ngoặc")
    rows = store.conn.execute("SELECT h.body, v.fields FROM history h LEFT JOIN history_values v "
                              "ON v.origin = h.origin AND v.n = h.n").fetchall()
    assert len(rows) > 10
    for body, kept in rows:
        assert canonical_text(json.loads(body)) == body
        if kept:
            salt, _colon, values = kept.partition(":")
            assert len(salt) == 32 and canonical_text(json.loads(values)) == values
    assert verify_history(store).ok


def test_a_large_transaction_is_sealed_a_chunk_at_a_time_into_the_same_entries(store, monkeypatch) -> None:
    """A transaction with more notes than history.SEAL_CHUNK (a demo, a register of many rows) is
    sealed chunk by chunk in bounded memory; the entries are exactly those sealing all its notes at
    once gives: same order, bodies and hashes, one group, the reason on each; a record noted in
    one chunk and again in a later one is one entry, at its first place, with its net change."""
    from qcdc_desktop.core import history as core_history
    from qcdc_desktop.core.history import Actor, seal_notes

    monkeypatch.setattr(history, "SEAL_CHUNK", 4)
    monkeypatch.setattr(history, "_utc_now", lambda: "2030-05-01T03:00:00+00:00")
    (first_id,) = add_to(store, full_meeting())
    opinion = get_meeting(store, first_id).opinions[0].id
    start, start_hash = history.head(store.conn, store.origin)
    noted: list = []
    real_seal = history.seal

    def keep_notes(conn, actor, reason="", **given):
        noted.extend(conn.execute("SELECT kind, record, action, meeting, plain, apart FROM history_pending "
                                  "ORDER BY id").fetchall())
        noted.append(actor)
        with monkeypatch.context() as patch:  # salts the same in both sealings (ids stay random)
            patch.setattr(core_history.os, "urandom", lambda n: bytes(n))
            return real_seal(conn, actor, reason, **given)

    monkeypatch.setattr(history, "seal", keep_notes)
    with store.transaction("Nhập sổ theo dõi") as conn:
        store.conn.execute("UPDATE opinions SET content = 'Lần một.' WHERE id = ?", (opinion,))
        add_to(store, full_meeting(), full_meeting())  # nested: notes on either side of the repeated record
        store.conn.execute("UPDATE opinions SET content = 'Lần hai.' WHERE id = ?", (opinion,))
        history.note_event(conn, "register_import", "x", {"meetings": 2})
    *notes, actor = noted
    assert len(notes) > 3 * history.SEAL_CHUNK and isinstance(actor, Actor)
    with monkeypatch.context() as patch:
        patch.setattr(core_history.os, "urandom", lambda n: bytes(n))
        expected = seal_notes([tuple(n) for n in notes], origin=store.origin, head_n=start, head_hash=start_hash,
                              at="2030-05-01T03:00:00+00:00", actor=actor, reason="Nhập sổ theo dõi")
    written = store.conn.execute("SELECT n, body, hash FROM history WHERE origin = ? AND n > ? ORDER BY n",
                                 (store.origin, start)).fetchall()
    assert [(n, body, digest) for n, body, digest in written] == [(e.n, e.body, e.hash) for e in expected]
    entries = _new(store, start)
    assert [e.record for e in entries].count(opinion) == 1  # noted twice, one entry
    changed = next(e for e in entries if e.record == opinion)
    assert changed.fields["content"][1] == "Lần hai." and entries[0] is changed
    assert len({e.group for e in entries}) == 1 and {e.reason for e in entries} == {"Nhập sổ theo dõi"}
    assert store.conn.execute("SELECT count(*) FROM history_pending").fetchone()[0] == 0
    assert verify_history(store).ok
