"""Accounts on the command line: every command acts as an account (--user, QCDC_USER,
QCDC_PASSWORD), `qcdc users`, `qcdc unlock`, and a command the account's role does not allow
refused with a sentence, a non-zero exit and nothing changed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PASSWORD, full_meeting, run_qcdc

CLERK, VIEWER, LEADER = "Ghi-chep-2026!", "Kiem-tra-2026!", "Lanh-dao-2026!"


def qcdc_as(login: str, password: str, *args: str, new_password: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QCDC_USER": login, "QCDC_PASSWORD": password, "PYTHONWARNINGS": "error"}
    env.pop("QCDC_NEW_PASSWORD", None)
    if new_password is not None:
        env["QCDC_NEW_PASSWORD"] = new_password
    return subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", "--lang", "en", *args], capture_output=True,
                          text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("users") / "xa.db"
    made = run_qcdc("--lang", "en", "init", "--db", str(db), "--unit-code", "05425", "--full-name", "Nguyễn Thị Quản")
    assert made.returncode == 0, made.stderr
    assert "Recovery code" in made.stdout
    (db.parent / "m.json").write_text(json.dumps(full_meeting(), ensure_ascii=False), encoding="utf-8")
    assert run_qcdc("add", "--db", str(db), "--json", str(db.parent / "m.json")).returncode == 0
    for login, role, password in (("vanthu", "clerk", CLERK), ("thanhtra", "viewer", VIEWER),
                                  ("chutich", "leader", LEADER)):
        added = qcdc_as("quantri", PASSWORD, "users", "add", login, "--role", role, "--db", str(db),
                        new_password=password)
        assert added.returncode == 0, added.stderr
        # An account an administrator made changes its password before anything else.
        refused = qcdc_as(login, password, "search", "--db", str(db), "dat dai")
        assert refused.returncode == 1 and "must change its password first" in refused.stderr
        changed = qcdc_as(login, password, "users", "passwd", "--db", str(db), new_password=password + "x")
        assert changed.returncode == 0, changed.stderr
    return db


def test_a_command_needs_an_account_and_its_password(office: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QCDC_USER", "QCDC_PASSWORD")}
    nobody = subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", "--lang", "en", "dump", "--db", str(office)],
                            capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert nobody.returncode == 1 and "--user NAME" in nobody.stderr
    wrong = qcdc_as("quantri", "wrong", "dump", "--db", str(office))
    assert wrong.returncode == 1 and "password is wrong" in wrong.stderr and "Traceback" not in wrong.stderr
    named = run_qcdc("--lang", "en", "--user", "thanhtra", "dump", "--db", str(office))
    assert named.returncode == 1 and "password is wrong" in named.stderr  # --user wins over QCDC_USER


def test_users_are_listed_for_an_administrator_only(office: Path) -> None:
    listed = qcdc_as("quantri", PASSWORD, "users", "list", "--db", str(office))
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [(r[0], r[3]) for r in rows] == [("quantri", "administrator"), ("vanthu", "clerk"),
                                           ("thanhtra", "viewer"), ("chutich", "leader")]  # as made
    refused = qcdc_as("vanthu", CLERK + "x", "users", "list", "--db", str(office))
    assert refused.returncode == 1 and "may not manage user accounts" in refused.stderr


@pytest.mark.parametrize(("login", "password", "args", "allowed"), [
    ("thanhtra", VIEWER + "x", ["add", "--json", "m.json"], False),
    ("thanhtra", VIEWER + "x", ["backup"], False),
    ("thanhtra", VIEWER + "x", ["demo", "--meetings", "1"], False),
    ("vanthu", CLERK + "x", ["demo", "--meetings", "1"], False),
    ("vanthu", CLERK + "x", ["keys", "rotate"], False),
    ("chutich", LEADER + "x", ["users", "add", "moi01", "--role", "clerk"], False),
    ("thanhtra", VIEWER + "x", ["search", "dat dai"], True),
    ("thanhtra", VIEWER + "x", ["check"], True),
    ("vanthu", CLERK + "x", ["backup"], True),
])
def test_the_role_decides_on_the_command_line_and_a_refusal_changes_nothing(
        office: Path, login: str, password: str, args: list[str], allowed: bool) -> None:
    full = [args[0], *args[1:]] + ["--db", str(office)]
    full = [str(office.parent / a) if a == "m.json" else a for a in full]
    before = _fingerprint(office)
    result = qcdc_as(login, password, *full, new_password="Xuan-ha-thu-2026")
    if allowed:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1 and "may not" in result.stderr and "Traceback" not in result.stderr
        assert _fingerprint(office) == before


def _fingerprint(db: Path) -> str:
    dump = run_qcdc("dump", "--db", str(db))
    assert dump.returncode == 0, dump.stderr
    users = qcdc_as("quantri", PASSWORD, "users", "list", "--db", str(db)).stdout
    return dump.stdout + users.split("\n")[0].split("\t")[0] + str(len(users.splitlines()))


def test_a_viewer_dump_masks_phone_numbers(office: Path) -> None:
    seen = qcdc_as("thanhtra", VIEWER + "x", "dump", "--db", str(office))
    assert seen.returncode == 0, seen.stderr
    phones = [o["phone"] for m in json.loads(seen.stdout)["meetings"] for o in m["opinions"] if o["phone"]]
    assert phones == ["**** *** 678"]


def test_a_disabled_account_is_refused_and_the_recovery_code_makes_a_new_administrator(tmp_path: Path) -> None:
    db = tmp_path / "xa.db"
    made = run_qcdc("--lang", "en", "init", "--db", str(db), "--unit-code", "05425")
    code = made.stdout.strip().splitlines()[-1]
    assert qcdc_as("quantri", PASSWORD, "users", "add", "vanthu", "--db", str(db),
                   new_password=CLERK).returncode == 0
    assert qcdc_as("quantri", PASSWORD, "users", "disable", "vanthu", "--db", str(db)).returncode == 0
    refused = qcdc_as("vanthu", CLERK, "search", "--db", str(db), "x")
    assert refused.returncode == 1 and "password is wrong" in refused.stderr
    # Every administrator forgot: the recovery code makes a new one; the data file is untouched.
    recovered = qcdc_as("nobody", "", "unlock", "--recovery-code", code.lower(), "--new-admin", "quantri2",
                        "--db", str(db), new_password="Bao-ve-du-lieu-26")
    assert recovered.returncode == 0, recovered.stderr
    assert qcdc_as("quantri2", "Bao-ve-du-lieu-26", "users", "list", "--db", str(db)).returncode == 0
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT count(*) FROM sqlite_master").fetchone()
