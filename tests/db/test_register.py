"""db/register.py: the outgoing-document register.  Numbers are consecutive within a unit's
yearly sequence, restart on 1 January, are never given twice (not under concurrent issuing, not
after a cancellation) and are taken in the same transaction that marks the meeting's notice."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from conftest import add_to, minimal_meeting
from qcdc_desktop.core.errors import NoticeError, NotFound, QcdcError
from qcdc_desktop.core.notice import Margins, NoticeSettings, fingerprint
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.edit import delete_meetings, save_meeting
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.officials import add_official
from qcdc_desktop.db.suggestions import read_suggestions
from qcdc_desktop.db.register import (
    cancel_notice,
    correct_notice,
    draft_entry,
    entries_for_meeting,
    get_entry,
    issue_notice,
    list_register,
    live_entry,
    notice_settings,
    save_notice_settings,
)

CONCLUSION = {"content": "Hoàn thiện hồ sơ cấp giấy chứng nhận.", "assignee": "Công chức Địa chính",
              "deadline": "2024-04-30"}


def concluded(**changes: object) -> dict:
    return minimal_meeting(**{"status": "concluded", "conclusions": [dict(CONCLUSION)], "secretary": "Đào Thị Mai",
                              **changes})


def _state(store: Store) -> tuple:
    return (store.conn.execute("SELECT count(*), coalesce(max(number), 0) FROM register_entries").fetchone(),
            store.conn.execute("SELECT group_concat(status || version) FROM meetings").fetchone(),
            store.conn.execute("SELECT counter FROM origins").fetchone())


def test_issuing_takes_the_next_number_and_marks_the_notice_issued(store: Store) -> None:
    first, second = add_to(store, concluded(), concluded(held_on="2024-03-06"))
    version = store.conn.execute("SELECT version, seq FROM meetings WHERE id = ?", (first,)).fetchone()
    issued = issue_notice(store, meeting_id=first, issued_on=dt.date(2024, 3, 8))
    assert (issued.entry.number, issued.entry.symbol, issued.entry.year) == (1, "01/TB-UBND", 2024)
    assert issued.meeting.status == "notice_issued" and get_meeting(store, first).status == "notice_issued"
    after = store.conn.execute("SELECT version, seq FROM meetings WHERE id = ?", (first,)).fetchone()
    assert after[0] == version[0] + 1 and after[1] > version[1]
    assert issued.changes.added == {"register_entries": [issued.entry.id]}
    assert issued.changes.updated == {"meetings": [first]}
    assert get_entry(store, issued.entry.id) == issued.entry
    again = issue_notice(store, meeting_id=second, issued_on=dt.date(2024, 3, 8))
    assert again.entry.symbol == "02/TB-UBND"
    assert [e.number for e in list_register(store, year=2024)] == [1, 2]


def test_what_the_entry_keeps_for_printing(store: Store) -> None:
    [meeting_id] = add_to(store, concluded(chair="Trần Văn Cường", chair_title="Phó Chủ tịch UBND phường"))
    entry = issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8)).entry
    assert (entry.signer, entry.authority, entry.place, entry.issuer) == ("Trần Văn Cường", "kt", "Ba Đình", "UBND")
    assert entry.summary == ("Kết luận của Phó Chủ tịch Ủy ban nhân dân phường tại Hội nghị đối thoại với Nhân dân "
                             "năm 2024")
    assert entry.recipients[0] == "Thường trực Đảng ủy phường (để báo cáo)" and entry.recipients[-1] == "Lưu: VT, VP"
    assert entry.fingerprint


def test_a_published_meeting_keeps_its_status(store: Store) -> None:
    [meeting_id] = add_to(store, concluded(status="published"))
    issued = issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8))
    assert issued.meeting.status == "published" and "meetings" not in issued.changes.updated


@pytest.mark.parametrize(("meeting", "words"), [
    (minimal_meeting(held_on="2024-07-01", status="planned"), "only planned"),
    (minimal_meeting(status="held"), "no conclusions"),
])
def test_refused_meetings_change_nothing(store: Store, english: None, meeting: dict, words: str) -> None:
    [meeting_id] = add_to(store, meeting)
    before = _state(store)
    with pytest.raises(NoticeError, match=words):
        issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 7, 2))
    assert _state(store) == before


def test_unknown_meeting_and_dates_before_the_meeting_are_refused(store: Store) -> None:
    [meeting_id] = add_to(store, concluded())
    with pytest.raises(NotFound):
        issue_notice(store, meeting_id="00004-NOTHING", issued_on=dt.date(2024, 3, 8))
    with pytest.raises(NoticeError):
        issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 4))
    with pytest.raises(NoticeError):
        issue_notice(store, meeting_id=meeting_id, doc_type="GM", issued_on=dt.date(2024, 3, 6))
    with pytest.raises(NoticeError):
        issue_notice(store, meeting_id=meeting_id, doc_type="QĐ", issued_on=dt.date(2024, 3, 6))
    with pytest.raises(NoticeError):
        issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8), authority="party_tm")


def test_a_meeting_has_one_standing_notice(store: Store) -> None:
    [meeting_id] = add_to(store, concluded())
    issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8))
    with pytest.raises(NoticeError):
        issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 9))
    # ... but its minutes and invitation have numbers of their own, in the same yearly sequence
    minutes = issue_notice(store, meeting_id=meeting_id, doc_type="BB", issued_on=dt.date(2024, 3, 8))
    assert minutes.entry.symbol == "02/BB-UBND" and minutes.meeting.status == "notice_issued"


def test_numbers_restart_on_the_first_of_january(store: Store) -> None:
    ids = add_to(store, concluded(held_on="2023-12-20"), concluded(held_on="2023-12-21"),
                 concluded(held_on="2023-12-22"))
    numbers = [issue_notice(store, meeting_id=ids[0], issued_on=dt.date(2023, 12, 30)).entry,
               issue_notice(store, meeting_id=ids[1], issued_on=dt.date(2023, 12, 31)).entry,
               issue_notice(store, meeting_id=ids[2], issued_on=dt.date(2024, 1, 1)).entry]
    assert [(e.year, e.number) for e in numbers] == [(2023, 1), (2023, 2), (2024, 1)]


def test_a_new_number_cannot_carry_an_earlier_date(store: Store, english: None) -> None:
    first, second = add_to(store, concluded(), concluded())
    issue_notice(store, meeting_id=first, issued_on=dt.date(2024, 3, 20))
    with pytest.raises(NoticeError, match="already has number 01/TB-UBND dated 20/03/2024"):
        issue_notice(store, meeting_id=second, issued_on=dt.date(2024, 3, 19))
    assert issue_notice(store, meeting_id=second, issued_on=dt.date(2024, 3, 20)).entry.number == 2


def test_state_and_party_registers_are_separate(store: Store) -> None:
    state, party = add_to(store, concluded(), concluded(kind="contact", track="party", chair_title="Bí thư Đảng ủy"))
    assert issue_notice(store, meeting_id=state, issued_on=dt.date(2024, 3, 8)).entry.symbol == "01/TB-UBND"
    entry = issue_notice(store, meeting_id=party, issued_on=dt.date(2024, 3, 8)).entry
    assert (entry.symbol, entry.authority) == ("01-TB/ĐU", "party_tm")


def test_one_sequence_per_document_type_when_the_office_chooses(store: Store) -> None:
    ids = add_to(store, concluded(), concluded(), concluded())
    issue_notice(store, meeting_id=ids[0], issued_on=dt.date(2024, 3, 8))
    assert issue_notice(store, meeting_id=ids[0], doc_type="BB", issued_on=dt.date(2024, 3, 8)).entry.number == 2
    save_notice_settings(store, settings=NoticeSettings(numbering="doc_type"))
    # Switching in mid-year never prints a symbol twice: TB goes on after 01, BB after 02, GM starts at 01.
    assert issue_notice(store, meeting_id=ids[1], issued_on=dt.date(2024, 3, 9)).entry.symbol == "02/TB-UBND"
    assert issue_notice(store, meeting_id=ids[1], doc_type="BB", issued_on=dt.date(2024, 3, 9)).entry.symbol == \
        "03/BB-UBND"
    assert issue_notice(store, meeting_id=ids[2], doc_type="GM", issued_on=dt.date(2024, 3, 4)).entry.symbol == \
        "01/GM-UBND"
    assert issue_notice(store, meeting_id=ids[2], issued_on=dt.date(2024, 3, 9)).entry.symbol == "03/TB-UBND"


def test_a_cancelled_notice_keeps_its_number(store: Store) -> None:
    first, second = add_to(store, concluded(), concluded())
    entry = issue_notice(store, meeting_id=first, issued_on=dt.date(2024, 3, 8)).entry
    cancelled = cancel_notice(store, entry_id=entry.id, reason="Ban hành nhầm")
    assert cancelled.entry.cancelled and get_entry(store, entry.id).cancelled
    assert cancelled.meeting.status == "concluded" and get_meeting(store, first).status == "concluded"
    assert live_entry(store, first) is None
    with pytest.raises(NoticeError):
        cancel_notice(store, entry_id=entry.id, reason="Ban hành nhầm")
    assert issue_notice(store, meeting_id=second, issued_on=dt.date(2024, 3, 8)).entry.number == 2
    assert issue_notice(store, meeting_id=first, issued_on=dt.date(2024, 3, 9)).entry.number == 3
    assert [e.number for e in list_register(store, year=2024)] == [1, 2, 3]
    with pytest.raises(QcdcError):  # a meeting with a number in the register is never deleted
        delete_meetings(store, ids=[first], reason="Ghi trùng")


def test_a_corrected_notice_takes_a_new_number_and_supersedes_the_old(store: Store) -> None:
    [meeting_id] = add_to(store, concluded())
    old = issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8)).entry
    meeting = get_meeting(store, meeting_id)
    meeting.conclusions[0].deadline = dt.date(2024, 5, 15)
    save_meeting(store, meeting=meeting)
    corrected = correct_notice(store, entry_id=old.id, issued_on=dt.date(2024, 3, 12), signer="Lê Văn Tám")
    new = corrected.entry
    assert (new.number, new.replaces, new.signer) == (2, old.id, "Lê Văn Tám")
    assert new.recipients == old.recipients and new.fingerprint != old.fingerprint
    stored_old = get_entry(store, old.id)
    assert stored_old.cancelled and stored_old.superseded_by == new.id
    assert live_entry(store, meeting_id) == new
    assert [e.id for e in entries_for_meeting(store, meeting_id)] == [old.id, new.id]
    assert corrected.changes.updated["register_entries"] == [old.id]
    assert get_meeting(store, meeting_id).status == "notice_issued"


def test_register_writes_keep_the_sync_bookkeeping(store: Store) -> None:
    [meeting_id] = add_to(store, concluded())
    entry = issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8)).entry
    version, seq = store.conn.execute("SELECT version, seq FROM register_entries WHERE id = ?", (entry.id,)).fetchone()
    assert version == 1
    cancel_notice(store, entry_id=entry.id, reason="Ban hành nhầm")
    version2, seq2 = store.conn.execute("SELECT version, seq FROM register_entries WHERE id = ?",
                                        (entry.id,)).fetchone()
    assert version2 == 2 and seq2 > seq


def test_office_settings_round_trip_and_defaults(store: Store) -> None:
    assert notice_settings(store) == NoticeSettings()
    wanted = NoticeSettings(place="Ba Đình", numbering="doc_type", margins=Margins(25, 20, 35, 20),
                            state_recipients=("Thường trực HĐND phường", "Lưu: VT, VP"), secretary="Vũ Thị Lan")
    assert save_notice_settings(store, settings=wanted).settings
    assert notice_settings(store) == wanted
    with pytest.raises(NoticeError):
        save_notice_settings(store, settings=NoticeSettings(margins=Margins(left=40)))
    assert notice_settings(store) == wanted
    [meeting_id] = add_to(store, concluded())
    draft = draft_entry(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8))
    assert (draft.number, draft.place, draft.recipients, draft.secretary) == (
        0, "Ba Đình", ["Thường trực HĐND phường", "Lưu: VT, VP"], "Đào Thị Mai")  # the meeting's secretary
    assert read_suggestions(store).secretary == "Vũ Thị Lan"  # the office's usual one fills a new meeting
    store.conn.execute("UPDATE settings SET value = 'not json' WHERE key = 'notice.margins'")
    assert notice_settings(store).margins == Margins()


def test_by_order_of_the_chairman_the_chief_of_office_signs(store: Store) -> None:
    add_official(store, name="Vũ Thị Lan", title="Chánh Văn phòng HĐND và UBND phường")
    [meeting_id] = add_to(store, concluded())
    assert draft_entry(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8), authority="tl").signer == \
        "Vũ Thị Lan"
    # ... but the minutes are signed by the meeting's own secretary
    assert draft_entry(store, meeting_id=meeting_id, doc_type="BB", issued_on=dt.date(2024, 3, 5)).secretary == \
        "Đào Thị Mai"


def test_minutes_are_numbered_on_the_day_they_are_issued_after_a_later_notice(store: Store) -> None:
    """The register refuses a number dated before its last one: minutes of a meeting held before a
    notice already issued are dated the day they are issued, not the day of the meeting."""
    early, late = add_to(store, concluded(held_on="2024-03-05"), concluded(held_on="2024-03-20"))
    issue_notice(store, meeting_id=late, issued_on=dt.date(2024, 3, 22))
    with pytest.raises(NoticeError, match="22/03/2024"):
        issue_notice(store, meeting_id=early, doc_type="BB", issued_on=dt.date(2024, 3, 5))
    minutes = issue_notice(store, meeting_id=early, doc_type="BB", issued_on=dt.date(2024, 3, 25)).entry
    assert (minutes.symbol, minutes.issued_on, minutes.secretary) == ("02/BB-UBND", dt.date(2024, 3, 25), "Đào Thị Mai")


def test_minutes_without_a_secretary_are_refused_a_number(store: Store) -> None:
    [meeting_id] = add_to(store, concluded(secretary=""))
    before = _state(store)
    with pytest.raises(NoticeError, match="thư ký"):
        issue_notice(store, meeting_id=meeting_id, doc_type="BB", issued_on=dt.date(2024, 3, 8))
    assert _state(store) == before
    assert draft_entry(store, meeting_id=meeting_id, doc_type="BB", issued_on=dt.date(2024, 3, 8)).secretary == ""
    # The notice and the invitation need none.
    assert issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8)).entry.number == 1


def test_a_new_secretary_makes_the_minutes_due_for_correction_under_his_name(store: Store) -> None:
    [meeting_id] = add_to(store, concluded())
    old = issue_notice(store, meeting_id=meeting_id, doc_type="BB", issued_on=dt.date(2024, 3, 8)).entry
    meeting = get_meeting(store, meeting_id)
    assert fingerprint(meeting, "BB") == old.fingerprint
    meeting.secretary = "Lý Văn Hùng"
    save_meeting(store, meeting=meeting)
    assert fingerprint(get_meeting(store, meeting_id), "BB") != old.fingerprint
    corrected = correct_notice(store, entry_id=old.id, issued_on=dt.date(2024, 3, 9)).entry
    assert corrected.secretary == "Lý Văn Hùng" and get_entry(store, old.id).superseded_by == corrected.id


# ---- concurrent issuing ------------------------------------------------------------------------

def _issue_all(path: str, meeting_ids: list[str], day: str) -> list[int]:
    """Issue one by one on a connection of its own.  Without the file's lock (hold=False): the
    numbering must hold on SQLite's transactions alone, even for a writer that bypasses the lock."""
    from qcdc_desktop.db.accounts import sign_in

    numbers = []
    sign_in(Path(path), os.environ["QCDC_USER"], os.environ["QCDC_PASSWORD"], record=False)
    with open_store(Path(path), check=False, hold=False) as store:
        for meeting_id in meeting_ids:
            numbers.append(issue_notice(store, meeting_id=meeting_id, issued_on=dt.date.fromisoformat(day)).entry.number)
    return numbers


def _many_meetings(store: Store, count: int) -> list[str]:
    return add_to(store, *[concluded(title=f"Hội nghị {i}") for i in range(count)])


def test_threads_with_their_own_connections_never_share_a_number(store: Store) -> None:
    ids = _many_meetings(store, 24)
    results: list[list[int]] = [[] for _ in range(4)]
    errors: list[BaseException] = []

    def work(slot: int) -> None:
        try:
            results[slot] = _issue_all(str(store.path), ids[slot::4], "2024-03-08")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(n for part in results for n in part)
    assert numbers == list(range(1, 25))


@pytest.mark.slow
def test_processes_issuing_at_once_never_share_a_number(store: Store) -> None:
    ids = _many_meetings(store, 40)
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        parts = pool.starmap(_issue_all, [(str(store.path), ids[i::4], "2024-03-08") for i in range(4)])
    numbers = sorted(n for part in parts for n in part)
    assert numbers == list(range(1, 41))
    rows = store.conn.execute("SELECT meeting_id, number FROM register_entries").fetchall()
    assert len({m for m, _n in rows}) == 40 and len({n for _m, n in rows}) == 40
