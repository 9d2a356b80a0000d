"""Signing in and the accounts' keys (db/accounts.py, db/access.py): a wrong password and the
growing wait, a disabled account refused, a password reset by an administrator, the recovery code
when every administrator forgot, the office moving to another computer, and the role of the
account deciding every change the database layer makes."""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ADMIN, PASSWORD, RECOVERY_CODE, add_to, full_meeting, minimal_meeting
from qcdc_desktop.core.errors import NotAllowed, NotSignedIn, PasswordRefused, SignInRefused, SignInWait
from qcdc_desktop.core.filekey import new_recovery_code
from qcdc_desktop.core.passwords import wait_message
from qcdc_desktop.core.roles import GRANTS, Operation, Role
from qcdc_desktop.db import access, keyslots
from qcdc_desktop.db.accounts import (add_account, change_own_password, confirm_password, disable_account, recover,
                                      reset_password, sign_in)
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.users import get_user_by_login

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)
PASSWORDS = {"admin": PASSWORD, "leader": "Lanh-dao-2026!", "clerk": "Ghi-chep-2026!", "viewer": "Kiem-tra-2026!"}
LOGINS = {"leader": "chutich", "clerk": "vanthu", "viewer": "thanhtra"}


@pytest.fixture
def office(store: Store) -> Path:
    """The office of the ``store`` fixture with an account of each role, each with its own password."""
    for role, login in LOGINS.items():
        add_account(store, login=login, full_name=f"Người {role}", title="", role=role, password=PASSWORDS[role])
    add_to(store, full_meeting())
    path = store.path
    store.close()
    return path


def _as(path: Path, role: str) -> Store:
    login = "quantri" if role == "admin" else LOGINS[role]
    sign_in(path, login, PASSWORDS[role], now=NOW)
    return open_store(path)


def test_a_wrong_password_is_refused_in_a_sentence_that_does_not_tell_which(office: Path) -> None:
    with pytest.raises(SignInRefused) as wrong:
        sign_in(office, "vanthu", "not-the-password", now=NOW)
    with pytest.raises(SignInRefused) as unknown:
        sign_in(office, "nobody", "not-the-password", now=NOW)
    assert wrong.value.message == unknown.value.message


def test_five_wrong_passwords_make_the_next_try_wait_longer_each_time(office: Path) -> None:
    for attempt in range(5):
        with pytest.raises(SignInRefused) as refused:
            sign_in(office, "vanthu", f"wrong-{attempt}", now=NOW + dt.timedelta(seconds=attempt))
        assert not isinstance(refused.value, SignInWait)
    last = NOW + dt.timedelta(seconds=4)
    with pytest.raises(SignInWait) as waiting:
        sign_in(office, "vanthu", PASSWORDS["clerk"], now=last)  # even the right one waits
    first = waiting.value.wait
    assert first == dt.timedelta(seconds=30)
    assert waiting.value.message == wait_message(first)
    with pytest.raises(SignInWait):
        sign_in(office, "vanthu", PASSWORDS["clerk"], now=last + first - dt.timedelta(seconds=1))
    after_wait = last + first
    with pytest.raises(SignInRefused):
        sign_in(office, "vanthu", "wrong-again", now=after_wait)
    with pytest.raises(SignInWait) as longer:
        sign_in(office, "vanthu", PASSWORDS["clerk"], now=after_wait)
    assert longer.value.wait == 2 * first
    # Another account is not slowed down, and the right password after the wait ends the run.
    assert sign_in(office, "chutich", PASSWORDS["leader"], now=after_wait).login == "chutich"
    free = after_wait + dt.timedelta(hours=1)
    assert sign_in(office, "vanthu", PASSWORDS["clerk"], now=free).login == "vanthu"
    assert access.wait_before_trying(office, "vanthu", free) == dt.timedelta(0)


def test_a_disabled_account_is_refused_and_loses_its_key(office: Path) -> None:
    with _as(office, "admin") as store:
        clerk = get_user_by_login(store, "vanthu")
        disable_account(store, clerk.id)
    assert keyslots.user_slot("vanthu") not in keyslots.slot_names(office)
    with pytest.raises(SignInRefused):
        sign_in(office, "vanthu", PASSWORDS["clerk"], now=NOW)
    # Enabling again is a password reset: the person chooses a new password at the next sign-in.
    with _as(office, "admin") as store:
        reset_password(store, clerk.id, "Tam-thoi-2026!")
    user = sign_in(office, "vanthu", "Tam-thoi-2026!", now=NOW)
    assert user.active and user.must_change_password
    with open_store(office) as store:
        change_own_password(store, "Tam-thoi-2026!", "Moi-chon-2026!")
    assert not sign_in(office, "vanthu", "Moi-chon-2026!", now=NOW).must_change_password
    with pytest.raises(SignInRefused):
        sign_in(office, "vanthu", "Tam-thoi-2026!", now=NOW)


def test_a_password_change_needs_the_old_password_and_follows_the_rules(office: Path) -> None:
    with _as(office, "clerk") as store:
        with pytest.raises(Exception):
            change_own_password(store, "not-the-old-one", "Moi-chon-2026!")
        with pytest.raises(PasswordRefused):
            change_own_password(store, PASSWORDS["clerk"], "12345678")
    assert sign_in(office, "vanthu", PASSWORDS["clerk"], now=NOW).login == "vanthu"
    confirm_password(office, access.signed_in(office), PASSWORDS["clerk"], now=NOW)
    with pytest.raises(SignInRefused):
        confirm_password(office, access.signed_in(office), "wrong", now=NOW)


def test_the_recovery_code_opens_a_file_whose_administrators_all_forgot(office: Path) -> None:
    access.sign_out(office)
    with pytest.raises(SignInRefused):
        recover(office, new_recovery_code(), login="quantri2",
                full_name="Trần Văn Mới", title="", password="Bao-ve-du-lieu-26")
    admin = recover(office, RECOVERY_CODE.lower().replace("-", " "), login="quantri2", full_name="Trần Văn Mới",
                    title="", password="Bao-ve-du-lieu-26")
    assert admin.role is Role.ADMIN and access.signed_in(office) == admin
    assert sign_in(office, "quantri2", "Bao-ve-du-lieu-26", now=NOW).role is Role.ADMIN


def test_the_office_moves_to_another_computer_with_its_key_file(office: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "new-pc"
    elsewhere.mkdir()
    for name in (office.name, office.name + ".keys"):
        shutil.copy(office.with_name(name), elsewhere / name)
    moved = elsewhere / office.name
    access.sign_out(office)
    with pytest.raises(NotSignedIn):
        open_store(moved)
    assert sign_in(moved, "thanhtra", PASSWORDS["viewer"], now=NOW).role is Role.VIEWER
    with open_store(moved, readonly=True) as store:
        assert store.conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 1


# ---- the role decides, below the screens ----------------------------------------------------------

def _attempts(store: Store) -> dict[Operation, object]:
    from qcdc_desktop.core.validate import parse_meetings
    from qcdc_desktop.db.demo import fill_demo
    from qcdc_desktop.db.edit import delete_meetings
    from qcdc_desktop.db.meetings import add_meetings
    from qcdc_desktop.db.officials import add_official

    from conftest import TODAY

    return {
        Operation.RECORD_MEETINGS: lambda: add_meetings(store, meetings=parse_meetings([minimal_meeting()],
                                                                                       today=TODAY)),
        Operation.DELETE_MEETINGS: lambda: delete_meetings(store, ids=[store.conn.execute(
            "SELECT id FROM meetings ORDER BY held_on LIMIT 1").fetchone()[0]], reason="Ghi trùng"),
        Operation.MANAGE_OFFICIALS: lambda: add_official(store, name="Lê Văn Tám", title="Phó Chủ tịch UBND"),
        Operation.MANAGE_USERS: lambda: add_account(store, login="moi01", full_name="Người Mới", title="",
                                                    role="viewer", password="Xuan-ha-thu-2026"),
        Operation.DEMO: lambda: fill_demo(store, meetings=1, seed=1, until=dt.date(2026, 6, 30)),
    }


def _counts(store: Store) -> tuple[int, ...]:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("meetings", "opinions", "officials", "users", "tombstones"))


@pytest.mark.parametrize("role", ["admin", "leader", "clerk", "viewer"])
def test_each_role_may_do_what_the_matrix_says_and_nothing_else(office: Path, role: str) -> None:
    with _as(office, role) as store:
        for operation, attempt in _attempts(store).items():
            before = _counts(store)
            if Role(role) in GRANTS[operation]:
                attempt()
            else:
                with pytest.raises(NotAllowed) as refused:
                    attempt()
                assert refused.value.operation == operation.value
                assert _counts(store) == before, f"{role} {operation.value} changed something"


def test_a_viewers_dump_masks_phone_numbers(office: Path) -> None:
    import io
    import json

    from qcdc_desktop.db.dump import write_dump

    def phones(role: str) -> list[str]:
        out = io.StringIO()
        with _as(office, role) as store:
            write_dump(store, out)
        return [o["phone"] for m in json.loads(out.getvalue())["meetings"] for o in m["opinions"] if o["phone"]]

    assert phones("clerk") == ["0912 345 678"]
    assert phones("viewer") == ["**** *** 678"]


CHANGE = ("import os, sys\n"
          "from pathlib import Path\n"
          "from qcdc_desktop.db import accounts\n"
          "from qcdc_desktop.db.connection import open_store\n"
          "path, a, b = Path(sys.argv[1]), sys.argv[2], sys.argv[3]\n"
          "accounts.sign_in(path, 'quantri', a, record=False)\n"
          "print('ready', flush=True)\n"
          "with open_store(path) as store:\n"
          "    while True:\n"
          "        accounts.change_own_password(store, a, b)\n"
          "        a, b = b, a\n")


@pytest.mark.slow
def test_a_password_change_killed_at_any_moment_leaves_the_old_or_the_new(office: Path) -> None:
    import random

    other = "Mat-khau-khac-26!"
    rng = random.Random(3)
    opened = {PASSWORD: 0, other: 0}
    for _ in range(15):
        proc = subprocess.Popen([sys.executable, "-c", CHANGE, str(office), PASSWORD, other], stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        works = []
        for password in (PASSWORD, other):
            try:
                sign_in(office, "quantri", password, record=False)
                works.append(password)
            except SignInRefused:
                pass
        assert len(works) == 1, works
        opened[works[0]] += 1
        if works[0] != PASSWORD:  # start the next round from the first password
            with open_store(office) as store:
                change_own_password(store, other, PASSWORD)
    assert all(opened.values()), opened
    assert ADMIN.password == PASSWORD
