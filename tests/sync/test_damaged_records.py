"""Records an earlier version let in (before every record passed the domain rules) never make a
command of the province fail: dump, search, reports, status and check name them instead,
`qcdc check` lists them, and `qcdc repair` removes them or asks their office for everything again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import run_qcdc
from qcdc_desktop.db import sync_store
from qcdc_desktop.db.check import check_store
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.damaged import remove_records
from qcdc_desktop.db.messages import add_directive
from qcdc_desktop.db.officials import add_official
from qcdc_desktop.db.register import issue_notice
from qcdc_desktop.db.tasks import update_task
from qcdc_desktop.sync.export import export_all
from sync_offices import earlier_task_change, add, enrol, export, imported, office, rows_of

# What an earlier version took from a commune's bundle: (table, column, value).
DAMAGE = [("meetings", "held_on", "hôm qua"), ("meetings", "scope", "Thôn Đông"), ("meetings", "kind", "họp"),
          ("meetings", "co_chairs", "[1]"), ("opinions", "field", "đất"), ("opinions", "held_on", "2024-02-30"),
          ("tasks", "opinions", "1,2"), ("tasks", "deadline", "2024-02-30"), ("tasks", "state", "half"),
          ("publications", "published_on", "sau"), ("register_entries", "recipients", "Như trên"),
          ("task_history", "completed_on", "x"), ("officials", "track", "army")]


@pytest.fixture
def province(tmp_path: Path):
    upper = office(tmp_path / "upper", "01", "upper")
    commune = office(tmp_path / "commune", "00004")
    enrol(commune, upper)
    add(commune, 2)
    add_official(commune, name="Nguyễn Văn An", title="Chủ tịch UBND phường")
    meeting = rows_of(commune, "meetings")[0]["id"]
    issue_notice(commune, meeting_id=meeting, issued_on=dt.date(2024, 3, 6), signer="Nguyễn Văn An")
    update_task(commune, task_id=rows_of(commune, "tasks")[0]["id"], state="open", result="", completed_on=None,
                reply_doc="", today=dt.date(2024, 6, 1))
    earlier_task_change(commune, rows_of(commune, "tasks")[0]["id"])  # as a file of an earlier version holds
    assert imported(upper, export(commune, tmp_path / "stick"))[0].outcome == "applied"
    yield upper, commune
    upper.close()
    commune.close()


def _damage(upper, table: str, column: str, value: str) -> str:
    with upper.transaction() as conn:
        (record_id,) = conn.execute(f"SELECT id FROM {table} WHERE origin = '00004' LIMIT 1").fetchone()
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, record_id))
    return record_id


def _commands(db: str, tmp: Path) -> list[list[str]]:
    period = ["--from", "2024-01-01", "--to", "2024-12-31"]
    return [["dump"], ["search", "đất"], ["search", "--json", "Người"], ["status"],
            ["report", *period, "--out", str(tmp / "r.pdf")], ["report", *period, "--out", str(tmp / "r.xlsx")],
            ["report", *period, "--out", str(tmp / "r.csv")]]


@pytest.mark.parametrize("table, column, value", DAMAGE, ids=[f"{t}.{c}" for t, c, _v in DAMAGE])
def test_check_names_a_damaged_record_and_repair_removes_it(province, table: str, column: str, value: str) -> None:
    upper, _commune = province
    damaged = _damage(upper, table, column, value)
    problems = " ".join(check_store(upper))
    assert damaged in problems and f"«{column}»" in problems and "qcdc repair" in problems, problems
    remove_records(upper, [damaged])
    assert check_store(upper) == []


def test_no_command_of_the_province_fails_on_damaged_records(province, tmp_path: Path) -> None:
    upper, _commune = province
    damaged = {_damage(upper, table, column, value) for table, column, value in DAMAGE}
    db = str(upper.path)
    upper.close()
    for args in _commands(db, tmp_path):
        result = run_qcdc("--lang", "en", *args, "--db", db)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (args, result.stderr)
        assert "unexpected error" not in result.stderr, (args, result.stderr)
    dumped = run_qcdc("--lang", "en", "dump", "--db", db)
    json.loads(dumped.stdout)
    assert "damaged record" in dumped.stderr
    checked = run_qcdc("--lang", "en", "check", "--db", db)
    assert checked.returncode == 1 and all(d in checked.stderr for d in damaged), checked.stderr
    repaired = run_qcdc("--lang", "en", "repair", "--remove", *sorted(damaged), "--db", db)
    assert repaired.returncode == 0, repaired.stderr
    assert run_qcdc("check", "--db", db).returncode == 0


def test_a_bundle_date_that_is_not_one_does_not_break_the_status(province) -> None:
    upper, _commune = province
    with upper.transaction() as conn:
        conn.execute("UPDATE sync_bundles_in SET created_at = 'hôm qua'")
    db = str(upper.path)
    upper.close()
    result = run_qcdc("--lang", "en", "status", "--db", db)
    assert result.returncode == 0 and "00004" in result.stdout, result.stderr


def test_repair_asks_the_commune_for_everything_again_and_it_comes(province, tmp_path: Path) -> None:
    upper, commune = province
    meeting = _damage(upper, "meetings", "scope", "Thôn Đông")
    result = run_qcdc("--lang", "en", "repair", "--remove", meeting, "--resend", "00004", "--db", str(upper.path))
    assert result.returncode == 0, result.stderr
    assert sync_store.get_peer(upper, "00004").applied_through == 0
    (down,) = export_all(upper, tmp_path)
    assert imported(commune, down.path)[0].outcome in ("applied", "superseded")
    (report,) = imported(upper, export(commune, tmp_path / "again"))
    assert report.outcome == "applied", report.message
    assert check_store(upper) == []
    assert upper.conn.execute("SELECT scope FROM meetings WHERE id = ?", (meeting,)).fetchone()[0].startswith("[")


def test_repair_refuses_this_office_s_own_records_and_unknown_ids(province) -> None:
    upper, _commune = province
    with open_store(upper.path) as top:
        own = add_directive(top, commune="00004", content="Chỉ đạo.", deadline=None, issued_on=dt.date(2024, 6, 1))
    for target in (own, "00004-NOSUCHRECORD"):
        result = run_qcdc("--lang", "en", "repair", "--remove", target, "--db", str(upper.path))
        assert result.returncode == 1 and result.stderr.startswith("qcdc: ") and "Traceback" not in result.stderr
