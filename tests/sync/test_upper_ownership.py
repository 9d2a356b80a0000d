"""A province trusts no commune with another commune's data.  Commune 00004 is enrolled and signs
with its own valid key, but builds its bundles by hand from the documented format to reach into
the records of its neighbour 00008: every such bundle is refused whole and quarantined, 00008's
records at the province stay exactly as 00008 sent them, and 00008 keeps syncing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qcdc_desktop.core.errors import BundleError
from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.core.model import Opinion
from qcdc_desktop.db import sync_store
from qcdc_desktop.db.check import check_store
from qcdc_desktop.db.edit import delete_meetings, save_meeting
from qcdc_desktop.db.meetings import get_meeting
from qcdc_desktop.db.messages import add_directive
from qcdc_desktop.db.register import issue_notice
from qcdc_desktop.db.tasks import update_task
from qcdc_desktop.sync import importer
from qcdc_desktop.sync.export import export_all, export_bundle
from sync_offices import earlier_task_change, add, enrol, export, imported, line, office, records, rows_of, send_as

MAX = 2 ** 53 - 1


@pytest.fixture
def province(tmp_path: Path):
    """The province (01) holding the honest records of two communes: 00004 (to turn attacker)
    and its neighbour 00008, each with a meeting, its opinions, a task with its history, a
    publication and a numbered notice."""
    upper = office(tmp_path / "upper", "01", "upper")
    communes = [office(tmp_path / code, code) for code in ("00004", "00008")]
    for commune in communes:
        enrol(commune, upper)
        meeting = add(commune, 3)
        add(commune, 1, held_on="2024-02-02", title="Hội nghị tháng Hai")
        task = rows_of(commune, "tasks")[0]["id"]
        update_task(commune, task_id=task, state="open", result="Đang làm", completed_on=None, reply_doc="", today=dt.date(2024, 6, 1))
        earlier_task_change(commune, task)  # a file of an earlier version still sends these
        issue_notice(commune, meeting_id=meeting, issued_on=dt.date(2024, 3, 6), signer="Nguyễn Văn An")
        assert imported(upper, export(commune, tmp_path / f"stick-{commune.origin}"))[0].outcome == "applied"
    yield upper, *communes
    for store in (upper, *communes):
        store.close()


def _theirs(upper, origin: str) -> dict:
    """The province's records of one commune."""
    whole = records(upper)
    return {key: [r for r in value if r["id"].startswith(origin + "-")] for key, value in whole.items()
            if isinstance(value, list)}


def _forged(attacker, kind: str, **changes) -> list:
    """A record of the attacker's own, with a fresh id of its own, changed as given."""
    record = dict(rows_of(attacker, kind)[0], id=IdMaker(attacker.origin)(), version=1, seq=1, **changes)
    return line(kind, record)


def _refused(upper, attacker, victim, tmp_path: Path, forged: list, reason: str = "foreign") -> None:
    before = records(upper)
    report = send_as(attacker, upper, tmp_path / "forged", forged)
    assert report.outcome == "rejected", report.message
    assert report.reason == reason, report.message
    assert report.quarantined is not None and report.message and "\n" not in report.message
    assert records(upper) == before
    assert check_store(upper) == []


@pytest.mark.parametrize("kind", ["opinions", "tasks", "publications"])
def test_a_record_hung_on_another_commune_s_meeting_is_refused(province, tmp_path: Path, kind: str) -> None:
    upper, attacker, victim = province
    theirs = rows_of(victim, "meetings")[0]["id"]
    _refused(upper, attacker, victim, tmp_path, [_forged(attacker, kind, meeting_id=theirs)])
    # Not even hidden behind a meeting of its own in the same bundle.
    _refused(upper, attacker, victim, tmp_path, [_forged(attacker, "meetings"),
                                                 _forged(attacker, kind, meeting_id=theirs, position=1)])


def test_a_record_taking_the_next_place_in_another_commune_s_meeting_is_refused(province, tmp_path: Path) -> None:
    upper, attacker, victim = province
    meeting = next(r for r in rows_of(victim, "meetings") if r["title"] != "Hội nghị tháng Hai")
    _refused(upper, attacker, victim, tmp_path, [_forged(attacker, "opinions", meeting_id=meeting["id"], position=4)])
    # The neighbour's next honest opinion takes that place at the province, as at home.
    whole = get_meeting(victim, meeting["id"])
    whole.opinions.append(Opinion(speaker="Người mới", field="land", content="Ý kiến thứ tư."))
    save_meeting(victim, meeting=whole)
    (report,) = imported(upper, export(victim, tmp_path / "stick-next"))
    assert report.outcome == "applied", report.message
    assert _theirs(upper, victim.origin) == _theirs(victim, victim.origin)
    positions = [r[0] for r in upper.conn.execute("SELECT position FROM opinions WHERE meeting_id = ? ORDER BY 1",
                                                  (meeting["id"],))]
    assert positions == [1, 2, 3, 4]


def test_a_history_entry_for_another_commune_s_task_is_refused(province, tmp_path: Path) -> None:
    upper, attacker, victim = province
    task = rows_of(victim, "tasks")[0]
    _refused(upper, attacker, victim, tmp_path, [_forged(attacker, "task_history", task_id=task["id"],
                                                         meeting_id=task["meeting_id"], state_before="open",
                                                         state="dropped")])
    mine = rows_of(attacker, "tasks")[0]
    _refused(upper, attacker, victim, tmp_path, [_forged(attacker, "task_history", task_id=task["id"],
                                                         meeting_id=mine["meeting_id"])])


@pytest.mark.parametrize("column", ["meeting_id", "replaces", "superseded_by"])
def test_a_register_entry_pointing_at_another_commune_s_records_is_refused(province, tmp_path: Path,
                                                                          column: str) -> None:
    upper, attacker, victim = province
    theirs = {"meeting_id": rows_of(victim, "meetings")[0]["id"],
              "replaces": rows_of(victim, "register_entries")[0]["id"],
              "superseded_by": rows_of(victim, "register_entries")[0]["id"]}[column]
    _refused(upper, attacker, victim, tmp_path, [_forged(attacker, "register_entries", number=99,
                                                         **{column: theirs})])


def test_the_neighbour_deletes_its_meeting_and_keeps_syncing_after_every_attack(province, tmp_path: Path) -> None:
    upper, attacker, victim = province
    meetings = rows_of(victim, "meetings")
    spare = next(r["id"] for r in meetings if r["title"] == "Hội nghị tháng Hai")
    for forged in ([_forged(attacker, "register_entries", number=99, meeting_id=spare)],
                   [_forged(attacker, "opinions", meeting_id=spare)],
                   [_forged(attacker, "tasks", meeting_id=spare)]):
        assert send_as(attacker, upper, tmp_path / "forged", forged).outcome == "rejected"
    delete_meetings(victim, ids=[spare], reason="Ghi trùng")
    (report,) = imported(upper, export(victim, tmp_path / "stick-after"))
    assert report.outcome == "applied", report.message
    assert _theirs(upper, victim.origin) == _theirs(victim, victim.origin)
    assert check_store(upper) == []


def test_a_deletion_of_another_commune_s_record_is_refused(province, tmp_path: Path) -> None:
    upper, attacker, victim = province
    theirs = rows_of(victim, "opinions")[0]["id"]
    tombstone = ["tombstones", [theirs, "opinions", attacker.origin, 9, 1, "2024-06-01T00:00:00+00:00"]]
    _refused(upper, attacker, victim, tmp_path, [tombstone], reason="origin")


def test_a_receipt_beyond_what_was_sent_moves_nothing(province, tmp_path: Path) -> None:
    upper, attacker, victim = province
    add_directive(upper, commune=victim.origin, content="Báo cáo kết quả trước ngày 30.", deadline=None,
                  issued_on=dt.date(2024, 6, 1))
    counter = sync_store.counter(upper.conn, upper.origin)
    sent = sync_store.get_peer(upper, attacker.origin).sent_number
    report = send_as(attacker, upper, tmp_path / "forged", [], receipt={"applied_through": MAX, "last_number": MAX},
                     base=sync_store.get_peer(upper, attacker.origin).applied_through, upto=99)
    assert report.outcome in ("applied", "superseded"), report.message
    assert sync_store.counter(upper.conn, upper.origin) == counter + 1  # the import's own history entry
    peer = sync_store.get_peer(upper, attacker.origin)
    assert peer.confirmed == 0 and peer.sent_number == sent
    # The province's next export works for every commune, and each imports it.
    written = export_all(upper, _folder(tmp_path / "down"))
    assert sorted(b.destination for b in written) == [attacker.origin, victim.origin]
    for bundle in written:
        target = attacker if bundle.destination == attacker.origin else victim
        assert imported(target, bundle.path)[0].outcome == "applied"


def test_export_checks_its_bundle_before_it_reaches_the_stick(province, tmp_path: Path) -> None:
    """A data file whose counter was pushed to the end of the range (by an earlier version that
    believed such a receipt) makes a bundle no office would accept: it never reaches the stick."""
    upper, _attacker, victim = province
    with upper.transaction() as conn:
        conn.execute("UPDATE origins SET counter = ? WHERE origin = ?", (MAX, upper.origin))
    add_directive(upper, commune=victim.origin, content="Chỉ đạo.", deadline=None, issued_on=dt.date(2024, 6, 1))
    stick = _folder(tmp_path / "stick-bad")
    with pytest.raises(BundleError) as caught:
        export_bundle(upper, stick, destination=victim.origin)
    assert caught.value.message and "\n" not in caught.value.message
    assert list(stick.iterdir()) == []
    assert sync_store.exported_bundles(upper, victim.origin) == []


def test_a_reply_about_another_commune_s_opinion_is_refused_by_the_commune(province, tmp_path: Path) -> None:
    upper, attacker, victim = province
    theirs = rows_of(attacker, "opinions")[0]["id"]
    message = ["messages", [IdMaker(upper.origin)(), upper.origin, 1, 1, "2024-06-01T00:00:00+00:00", victim.origin,
                            "reply", theirs, "Trả lời.", None, "2024-06-01"]]
    before = records(victim)
    report = send_as(upper, victim, tmp_path / "down-forged", [message])
    assert report.outcome == "rejected" and report.reason == "foreign", report.message
    assert records(victim) == before


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_a_foreign_entry_an_earlier_version_took_does_not_lock_the_neighbour_out(province, tmp_path: Path) -> None:
    """Before the rules, commune 00004 could leave a register entry on 00008's meeting at the
    province; 00008 deleting that meeting must still sync, the leftover entry going with it."""
    upper, attacker, victim = province
    spare = next(r["id"] for r in rows_of(victim, "meetings") if r["title"] == "Hội nghị tháng Hai")
    entry = dict(rows_of(attacker, "register_entries")[0], id=IdMaker(attacker.origin)(), number=77, meeting_id=spare)
    with upper.transaction() as conn:  # as an earlier version applied it
        conn.execute(f"INSERT INTO register_entries ({', '.join(entry)}) VALUES ({', '.join('?' * len(entry))})",
                     tuple(entry.values()))
    delete_meetings(victim, ids=[spare], reason="Ghi trùng")
    (report,) = imported(upper, export(victim, tmp_path / "stick-delete"))
    assert report.outcome == "applied", report.message
    assert _theirs(upper, victim.origin) == _theirs(victim, victim.origin)
    assert upper.conn.execute("SELECT count(*) FROM register_entries WHERE id = ?", (entry["id"],)).fetchone() == (0,)
    assert check_store(upper) == []


def test_a_rule_broken_by_the_last_record_takes_back_what_the_records_before_it_wrote(province, tmp_path: Path,
                                                                                      monkeypatch) -> None:
    # The lines are checked as they are applied: a meeting and a sound opinion are written before
    # the bundle's last line, an opinion with no content, is read.
    upper, attacker, victim = province
    meeting = _forged(attacker, "meetings")
    sound = _forged(attacker, "opinions", meeting_id=meeting[1][0], position=1)
    empty = _forged(attacker, "opinions", meeting_id=meeting[1][0], position=2, content="")
    written = []
    apply_rows = importer.apply_rows
    monkeypatch.setattr(importer, "apply_rows", lambda conn, kind, rows, **kw: (
        written.append(kind), apply_rows(conn, kind, rows, **kw)))
    _refused(upper, attacker, victim, tmp_path, [meeting, sound, empty], reason="invalid_record")
    assert written == ["meetings"]  # it was written, and is gone
    assert not upper.conn.execute("SELECT 1 FROM meetings WHERE id = ?", (meeting[1][0],)).fetchone()
