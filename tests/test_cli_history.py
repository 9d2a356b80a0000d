"""`qcdc history` and `qcdc history verify` (docs/history.md): the entries a filter selects, as
JSON or sentences; the whole history only for an administrator or a leader; a history changed
behind the program's back named with a non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PASSWORD, full_meeting, raw_connection, run_qcdc
from test_cli_users import qcdc_as  # the command run as an account, in English

CLERK = "Ghi-chep-2026!"


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("history") / "xa.db"
    assert run_qcdc("init", "--db", str(db), "--unit-code", "05425").returncode == 0
    (db.parent / "m.json").write_text(json.dumps(full_meeting(), ensure_ascii=False), encoding="utf-8")
    assert run_qcdc("add", "--db", str(db), "--json", str(db.parent / "m.json")).returncode == 0
    added = qcdc_as("quantri", PASSWORD, "users", "add", "vanthu", "--role", "clerk", "--db", str(db),
                    new_password=CLERK)
    assert added.returncode == 0, added.stderr
    changed = qcdc_as("vanthu", CLERK, "users", "passwd", "--db", str(db), new_password=CLERK + "x")
    assert changed.returncode == 0, changed.stderr
    return db


def _entries(db: Path, *args: str, login: str = "quantri", password: str = PASSWORD) -> list[dict]:
    result = qcdc_as(login, password, "history", "--db", str(db), "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_json_holds_every_entry_with_its_values(office: Path) -> None:
    entries = _entries(office)
    assert [e["n"] for e in entries] == list(range(1, len(entries) + 1))
    opinions = [e for e in entries if e["kind"] == "opinions"]
    assert len(opinions) == 2 and {e["action"] for e in opinions} == {"insert"}
    assert opinions[0]["fields"]["speaker"] == [None, "Trần Thị Bình"]
    assert opinions[0]["by"] == "quantri"
    users = [e for e in entries if e["kind"] == "users"]
    assert [u["fields"].get("login") for u in users if u["action"] == "insert"] == [[None, "quantri"], [None, "vanthu"]]


def test_filters(office: Path) -> None:
    everything = _entries(office)
    meeting = next(e["record"] for e in everything if e["kind"] == "meetings")
    assert {e["meeting"] for e in _entries(office, "--record", meeting)} == {meeting}
    assert len(_entries(office, "--record", meeting)) == 5
    assert _entries(office, "--user", "nobody") == []
    assert _entries(office, "--from", "2000-01-01", "--to", "2000-12-31") == []
    assert len(_entries(office, "--from", "2000-01-01")) == len(everything)
    backwards = qcdc_as("quantri", PASSWORD, "history", "--db", str(office), "--from", "2026-02-01",
                        "--to", "2026-01-01")
    assert backwards.returncode == 1 and "before it starts" in backwards.stderr


def test_the_whole_history_is_for_the_administrator_and_the_leader(office: Path) -> None:
    refused = qcdc_as("vanthu", CLERK + "x", "history", "--db", str(office))
    assert refused.returncode == 1 and "read the office's history" in refused.stderr
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    meeting = next(e["record"] for e in _entries(office) if e["kind"] == "meetings")
    own = _entries(office, "--record", meeting, login="vanthu", password=CLERK + "x")
    assert len(own) == 5  # a record's history is read with the record
    checked = qcdc_as("vanthu", CLERK + "x", "history", "verify", "--db", str(office))
    assert checked.returncode == 0 and "05425" in checked.stdout


def test_verify_names_an_entry_removed_behind_the_program_s_back(office: Path, tmp_path: Path) -> None:
    from conftest import copy_data_file

    db = copy_data_file(office, tmp_path / "copy.db")
    ok = qcdc_as("quantri", PASSWORD, "history", "verify", "--db", str(db))
    assert ok.returncode == 0 and "each one chained" in ok.stdout, ok.stderr
    conn = raw_connection(db, key_of=office)
    try:
        conn.execute("DROP TRIGGER history_no_delete")
        conn.execute("DELETE FROM history WHERE n = 3")
    finally:
        conn.close()
    broken = qcdc_as("quantri", PASSWORD, "history", "verify", "--db", str(db))
    assert broken.returncode == 1 and "broken at entry 3" in broken.stderr and "Traceback" not in broken.stderr
    check = qcdc_as("quantri", PASSWORD, "check", "--db", str(db))
    assert check.returncode == 1 and "broken at entry 3" in check.stderr


def test_the_text_tells_each_entry_in_a_sentence(office: Path) -> None:
    shown = qcdc_as("quantri", PASSWORD, "history", "--db", str(office))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert len(lines) == len(_entries(office))
    assert lines[0].startswith("05425#1\t")
    assert any("Trần Thị Bình" in line and "opinion" in line.lower() for line in lines), shown.stdout
    assert "{" not in shown.stdout  # sentences, never JSON
    vi = subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", "history", "--db", str(office)],
                        capture_output=True, text=True, timeout=120,
                        env={**os.environ, "QCDC_USER": "quantri", "QCDC_PASSWORD": PASSWORD})
    assert vi.returncode == 0 and "ý kiến" in vi.stdout
