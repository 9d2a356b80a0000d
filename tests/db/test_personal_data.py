"""Everything held about a person, and its erasure (db/personal_find.py, db/personal_erase.py):
found across NFC/NFD and with or without diacritics; erased from every table, the full-text index,
drafts and the history, whose chain still verifies; documents already issued stay as issued."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from conftest import PASSWORD, add_to, full_meeting
from qcdc_desktop.core.errors import NotAllowed
from qcdc_desktop.core.history import ERASED
from qcdc_desktop.core.personal import Person, erasure_marker
from qcdc_desktop.db import history
from qcdc_desktop.db.accounts import add_account, sign_in
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.drafts import list_drafts, save_draft
from qcdc_desktop.db.history_read import history_of
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.personal_erase import ErasureRefused, erase_person
from qcdc_desktop.db.personal_find import find_person
from qcdc_desktop.db.register import issue_notice
from qcdc_desktop.db.search import search

TODAY = dt.date(2026, 12, 6)
MARKER = erasure_marker(TODAY)
BINH = "Trần Thị Bình"  # the first opinion's speaker in full_meeting(), with phone 0912 345 678


def _meetings(store) -> tuple[str, str]:
    """Two meetings: in the first Bình speaks (and Đức); in the second Đức speaks and names Bình."""
    first = full_meeting()
    second = full_meeting(title="Hội nghị đối thoại về giao thông", held_on="2024-03-12", announced_on=None,
                          publications=[])
    second["opinions"] = [dict(second["opinions"][1],
                               content="Đồng ý với ý kiến của bà Trần Thị Bình về đường liên thôn.")]
    second["conclusions"] = [dict(second["conclusions"][0], opinions=[1])]
    return tuple(add_to(store, first, second))  # type: ignore[return-value]


@pytest.mark.parametrize("typed", [BINH, "tran thi binh", "TRẦN THỊ BÌNH"])
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_person_is_found_by_name_in_any_spelling(store, typed: str, form: str) -> None:
    first, second = _meetings(store)
    found = find_person(store, Person(unicodedata.normalize(form, typed)))
    assert [(f.kind, f.values["meeting_id"]) for f in found.opinions] == [("opinions", first)]
    named = [f for f in found.records if not f.own]
    assert [(f.kind, f.fields, f.values["meeting_id"]) for f in named] == [("opinions", ("content",), second)]
    assert found.entries  # the history of the opinion kept the name apart


def test_a_person_is_found_by_phone_alone_and_name_and_phone_must_both_match(store) -> None:
    _meetings(store)
    assert [f.values["speaker"] for f in find_person(store, Person(phone="+84 912.345.678")).opinions] == [BINH]
    assert find_person(store, Person(BINH, "0987 654 321")).opinions == []
    assert len(find_person(store, Person(BINH, "0912345678")).opinions) == 1


def test_nothing_is_found_about_someone_else(store) -> None:
    _meetings(store)
    assert find_person(store, Person("Trần Thị Bình An")).empty  # a longer name is another person


def test_erasure_removes_the_person_from_records_index_drafts_and_history_and_the_chain_verifies(store) -> None:
    first, second = _meetings(store)
    notice = issue_notice(store, meeting_id=first, issued_on=dt.date(2024, 3, 6), signer="Nguyễn Văn An")
    save_draft(store, key=second, meeting_id=second, payload={"opinions": [{"speaker": "Trần Thị Bình",
                                                                             "phone": "0912 345 678"}]})
    assert search(store, "tran thi binh")

    report = erase_person(store, Person(BINH), cause="request", reason="Đơn yêu cầu ngày 01/12/2026", today=TODAY)

    opinion = get_meeting(store, first).opinions[0]
    assert (opinion.speaker, opinion.phone, opinion.content) == (MARKER, "", MARKER)
    assert opinion.on_behalf_of == MARKER and opinion.address == "Thôn 3" and opinion.field == "land"
    assert get_meeting(store, second).opinions[0].content == f"Đồng ý với ý kiến của bà {MARKER} về đường liên thôn."
    # Nothing of the person is left anywhere in the file's records, drafts or kept history values.
    assert search(store, "tran thi binh") == [] and search(store, "binh") == []
    dump = json.dumps(store.conn.execute("SELECT * FROM opinions").fetchall(), ensure_ascii=False)
    assert "Bình" not in dump and "0912" not in dump
    assert "Bình" not in json.dumps([d.payload for d in list_drafts(store)], ensure_ascii=False)
    kept = [r[0] for r in store.conn.execute("SELECT fields FROM history_values")]
    assert not any("Bình" in k or "0912 345 678" in k for k in kept)
    assert history.verify(store.conn, store.origin).ok
    # The history still says what happened, without the values.
    story = history_of(store, opinion.id)
    assert story[-1].reason == "Đơn yêu cầu ngày 01/12/2026" and story[-1].fields["speaker"] == (ERASED, ERASED)
    # The notice already issued stays as issued, and the report says so.
    assert [e.id for e in report.documents] == [notice.entry.id]
    assert report.records and report.entries and report.drafts == 1
    (erasure,) = store.conn.execute("SELECT cause, records, entries FROM erasures").fetchall()
    assert erasure[0] == "request" and opinion.id in json.loads(erasure[1])
    assert "Bình" not in erasure[1] + erasure[2]
    # A second search finds nothing more to erase.
    assert find_person(store, Person(BINH)).empty


def test_the_erased_words_are_gone_from_the_index_itself_not_only_hidden(store) -> None:
    _meetings(store)
    erase_person(store, Person(BINH), cause="request", reason="Đơn yêu cầu", today=TODAY)
    blobs = b"".join(r[0] for r in store.conn.execute("SELECT block FROM opinions_fts_data") if r[0])
    assert b"binh" not in blobs  # FTS5 secure-delete removed the words, not only marked them deleted
    (secure,) = store.conn.execute("SELECT v FROM opinions_fts_config WHERE k = 'secure-delete'").fetchone()
    assert secure == 0  # back off once done: it slows every save


@pytest.mark.parametrize(("reason", "why"), [("", "Hãy nêu lý do"), ("Theo đơn của bà Trần Thị Bình", "họ tên"),
                                             ("Số 0912 345 678 yêu cầu", "số điện thoại")])
def test_a_reason_is_required_and_must_not_name_the_person(store, reason: str, why: str) -> None:
    _meetings(store)
    before = store.conn.execute("SELECT count(*) FROM history").fetchone()
    person = Person(BINH, "0912 345 678")
    with pytest.raises(ErasureRefused, match=why):
        erase_person(store, person, cause="request", reason=reason, today=TODAY)
    assert store.conn.execute("SELECT count(*) FROM history").fetchone() == before
    assert len(find_person(store, person).opinions) == 1


def test_a_clerk_may_not_erase(store) -> None:
    _meetings(store)
    add_account(store, login="vanthu", full_name="Lê Văn Thư", title="Văn thư", role="clerk", password=PASSWORD)
    sign_in(store.path, "vanthu", PASSWORD, record=False)
    clerk = open_store(store.path, check=False, hold=False)
    try:
        with pytest.raises(NotAllowed):
            erase_person(clerk, Person(BINH), cause="request", reason="Đơn yêu cầu", today=TODAY)
        with pytest.raises(NotAllowed):
            find_person(clerk, Person(BINH))
    finally:
        clerk.close()


def test_the_statistics_do_not_change_and_the_backups_holding_the_values_are_named(store) -> None:
    from qcdc_desktop.core.statistics import parse_period
    from qcdc_desktop.db.backup import make_backup
    from qcdc_desktop.db.statistics import build_statistics

    _meetings(store)
    year = parse_period("2024")
    before = build_statistics(store, year, as_of=dt.date(2024, 12, 31))
    backup = make_backup(store)
    report = erase_person(store, Person(BINH), cause="request", reason="Đơn yêu cầu", today=TODAY)
    assert build_statistics(store, year, as_of=dt.date(2024, 12, 31)) == before
    assert [b.info.path for b in report.backups] == [backup]
    assert report.backups[0].after >= 1


def test_restoring_a_backup_taken_before_an_erasure_erases_again(store) -> None:
    from qcdc_desktop.db.backup import make_backup, restore_backup

    first, _second = _meetings(store)
    backup = make_backup(store)
    erase_person(store, Person(BINH), cause="request", reason="Đơn yêu cầu", today=TODAY)
    path = store.path
    store.close()
    restore_backup(path, backup)
    with open_store(path, check=False) as restored:
        opinion = get_meeting(restored, first).opinions[0]
        assert (opinion.speaker, opinion.phone, opinion.content) == (MARKER, "", MARKER)
        assert find_person(restored, Person(BINH)).empty
        kept = [r[0] for r in restored.conn.execute("SELECT fields FROM history_values")]
        assert not any("Bình" in k for k in kept)
        assert history.verify(restored.conn, restored.origin).ok
        (version,) = restored.conn.execute("SELECT version FROM erasures").fetchone()
        assert version == 2  # made again: it travels again
