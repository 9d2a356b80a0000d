"""One gate for every record: a commune that writes by hand, with its own enrolled key, records that
``qcdc add`` would refuse gets its whole bundle refused and quarantined, with a sentence naming the
record and the rule; the province's data stays as it was, the commune's next honest bundle
applies, and every command of the province still works."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import run_qcdc
from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.db.messages import add_directive
from qcdc_desktop.db.officials import add_official
from qcdc_desktop.db.register import issue_notice
from qcdc_desktop.db.tasks import update_task
from sync_offices import earlier_task_change, add, export, imported, line, office, enrol, records, rows_of, send_as

# (kind, column, value the domain refuses); the issue's own cases first.
BAD = [
    ("meetings", "held_on", "2026-02-30"), ("meetings", "held_on", "hôm qua"), ("meetings", "kind", "họp"),
    ("meetings", "track", "army"), ("meetings", "status", "lost"), ("meetings", "mode", "radio"),
    ("meetings", "scope", "Thôn Đông"), ("meetings", "scope", '{"a":1}'), ("meetings", "co_chairs", "[1,2]"),
    ("meetings", "co_chairs", "ông An"), ("meetings", "title", "Hội\x01nghị"), ("meetings", "starts_at", "8h"),
    ("meetings", "participants", -1), ("meetings", "announced_on", "2030-01-01"), ("meetings", "title", ""),
    ("meetings", "updated_at", "hôm qua"),
    ("opinions", "field", "đất"), ("opinions", "outcome", "maybe"), ("opinions", "answered", 2),
    ("opinions", "content", ""), ("opinions", "phone", "gọi tôi"), ("opinions", "position", 0),
    ("opinions", "held_on", "hôm qua"), ("opinions", "speaker", "A\x07n"), ("opinions", "address", "x" * 501),
    ("tasks", "state", "half"), ("tasks", "opinions", "1,2"), ("tasks", "opinions", "[0]"),
    ("tasks", "deadline", "2026-13-01"), ("tasks", "reply_doc", "x" * 501), ("tasks", "position", 2 ** 40),
    ("publications", "method", "pigeon"), ("publications", "published_on", "sau"),
    ("publications", "ends_on", "2024-03-01"),
    ("officials", "track", "army"), ("officials", "active", 5), ("officials", "name", ""),
    ("register_entries", "doc_type", "QD"), ("register_entries", "issuer", "HĐND"),
    ("register_entries", "recipients", "Như trên"), ("register_entries", "authority", "king"),
    ("register_entries", "year", 3000), ("register_entries", "issued_on", "hôm qua"),
    ("task_history", "state", "half"), ("task_history", "state_before", "y"),
    ("task_history", "changed_at", "hôm qua"), ("task_history", "completed_on", "x"),
    ("tombstones", "deleted_at", "hôm qua"),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """A province with two communes' honest records; 00004 then turns to writing bundles by hand."""
    tmp = tmp_path_factory.mktemp("gate")
    upper = office(tmp / "upper", "01", "upper")
    attacker, neighbour = office(tmp / "a", "00004"), office(tmp / "b", "00008")
    for commune in (attacker, neighbour):
        enrol(commune, upper)
        meeting = add(commune, 2)
        add_official(commune, name="Nguyễn Văn An", title="Chủ tịch UBND phường")
        task = rows_of(commune, "tasks")[0]["id"]
        update_task(commune, task_id=task, state="open", result="Đang làm", completed_on=None, reply_doc="", today=dt.date(2024, 6, 1))
        earlier_task_change(commune, task)  # a file of an earlier version still sends these
        issue_notice(commune, meeting_id=meeting, issued_on=dt.date(2024, 3, 6), signer="Nguyễn Văn An")
        assert imported(upper, export(commune, tmp / f"stick-{commune.origin}"))[0].outcome == "applied"
    yield tmp, upper, attacker, neighbour
    for store in (upper, attacker, neighbour):
        store.close()


def _own(attacker, of: str, **changes) -> list:
    kind = of
    if kind == "tombstones":
        record = {"id": IdMaker(attacker.origin)(), "kind": "opinions", "origin": attacker.origin, "version": 1,
                  "seq": 1, "deleted_at": "2024-06-01T00:00:00+00:00"}
    else:
        record = dict(rows_of(attacker, kind)[0], seq=1)
        record["version"] += 1  # a new version of its own record: only the gate stands in the way
    return line(kind, {**record, **changes})


@pytest.mark.parametrize("kind, column, value", BAD, ids=[f"{k}.{c}={v!r}"[:60] for k, c, v in BAD])
def test_a_record_the_domain_refuses_is_refused_whole_with_a_sentence(world, kind: str, column: str,
                                                                      value: object) -> None:
    tmp, upper, attacker, _neighbour = world
    before = records(upper)
    honest = _own(attacker, "officials") if kind != "officials" else _own(attacker, "meetings")
    forged = _own(attacker, kind, **{column: value})
    order = ["tombstones", "officials", "meetings", "opinions", "tasks", "task_history", "publications",
             "register_entries"]
    bundle = sorted([honest, forged], key=lambda r: order.index(r[0]))
    report = send_as(attacker, upper, tmp / "forged", bundle)
    assert report.outcome == "rejected" and report.reason == "invalid_record", report.message
    assert report.quarantined is not None and report.quarantined.exists()
    assert forged[1][0][:40] in report.message and f"«{column}»" in report.message
    assert "\n" not in report.message
    assert records(upper) == before


def test_a_header_with_a_date_that_is_not_one_is_refused(world) -> None:
    tmp, upper, attacker, _neighbour = world
    report = send_as(attacker, upper, tmp / "forged", [], created_at="hôm qua")
    assert report.outcome == "rejected" and report.reason == "header"


def test_a_record_with_a_column_too_many_is_refused(world) -> None:
    tmp, upper, attacker, _neighbour = world
    kind, values = _own(attacker, "officials")
    report = send_as(attacker, upper, tmp / "forged", [[kind, values + ["extra"]]])
    assert report.outcome == "rejected" and report.reason == "payload"


def test_the_commune_gets_a_reply_the_domain_refuses_refused(world) -> None:
    tmp, upper, attacker, _neighbour = world
    opinion = rows_of(attacker, "opinions")[0]["id"]
    for changes in ({"kind": "praise"}, {"content": ""}, {"issued_on": "hôm qua"}, {"deadline": "2024-02-30"}):
        message = {"id": IdMaker(upper.origin)(), "origin": upper.origin, "version": 1, "seq": 1,
                   "updated_at": "2024-06-01T00:00:00+00:00", "commune": attacker.origin, "kind": "reply",
                   "opinion_id": opinion, "content": "Trả lời.", "deadline": None, "issued_on": "2024-06-01",
                   **changes}
        before = records(attacker)
        report = send_as(upper, attacker, tmp / "down", [line("messages", message)])
        assert report.outcome == "rejected" and report.reason == "invalid_record", report.message
        assert records(attacker) == before


def test_an_opinion_carries_its_meeting_s_date_whatever_the_bundle_says(world) -> None:
    tmp, upper, attacker, _neighbour = world
    record = dict(rows_of(attacker, "opinions")[0], seq=1, held_on="2020-01-01")
    record["version"] += 5
    report = send_as(attacker, upper, tmp / "forged", [line("opinions", record)])
    assert report.outcome == "applied", report.message
    (held_on,) = upper.conn.execute("SELECT o.held_on = m.held_on FROM opinions o JOIN meetings m "
                                    "ON m.id = o.meeting_id WHERE o.id = ?", (record["id"],)).fetchone()
    assert held_on == 1


def test_after_the_attacks_every_command_of_the_province_works(world) -> None:
    """Runs last in this module: the province's commands on what all of the above left."""
    tmp, upper, attacker, neighbour = world
    add(attacker, 1, title="Hội nghị sau cùng")
    (report,) = imported(upper, export(attacker, tmp / "stick-honest"))
    assert report.outcome == "applied", report.message
    add_directive(upper, commune=neighbour.origin, content="=1+1 báo cáo", deadline=None,
                  issued_on=dt.date(2024, 6, 1))
    db = str(upper.path)
    for args in (["dump"], ["search", "đất"], ["status"], ["check"],
                 ["report", "--from", "2024-01-01", "--to", "2024-12-31", "--out", str(tmp / "r.pdf")],
                 ["report", "--from", "2024-01-01", "--to", "2024-12-31", "--out", str(tmp / "r.xlsx")],
                 ["report", "--from", "2024-01-01", "--to", "2024-12-31", "--out", str(tmp / "r.csv")],
                 ["export", "--out", str(tmp)]):
        result = run_qcdc(*args, "--db", db)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    dumped = json.loads(run_qcdc("dump", "--db", db).stdout)
    assert len(dumped["meetings"]) == 3
