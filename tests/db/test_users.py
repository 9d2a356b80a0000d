"""db/users.py: the office's accounts in the data file: added by an administrator (the first one
by nobody), listed, found by login as the login rules compare logins, disabled and enabled but
never deleted, given another role, and each sign-in recorded so wrong passwords in a row impose a
wait.  The office always keeps an active administrator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qcdc_desktop.core.filekey import new_file_key
from qcdc_desktop.db import cipher
from qcdc_desktop.core.errors import LoginNameRefused, NotAllowed, NotFound, ValidationError
from qcdc_desktop.core.passwords import FIRST_WAIT, LONGEST_WAIT, wait_message
from qcdc_desktop.core.roles import Role
from qcdc_desktop.core.users import DuplicateLogin, LastAdministrator, User, sign_in_wait
from qcdc_desktop.db.check import check_store
from qcdc_desktop.db.connection import Store, create_store, open_store
from qcdc_desktop.db.migrations import LATEST, MIGRATIONS
from qcdc_desktop.db.users import (add_user, disable_user, enable_user, get_user, get_user_by_login, list_users,
                                   record_sign_in, set_role)

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone.utc)


def _add(store: Store, login: str, role: str | Role, by: User | None, full_name: str = "Nguyễn Thị Lan",
         title: str = "Công chức Văn phòng - Thống kê") -> User:
    changes = add_user(store, login=login, full_name=full_name, title=title, role=role, by=by)
    (user_id,) = changes.added["users"]
    user = get_user(store, user_id)
    assert user is not None
    return user


@pytest.fixture
def store(tmp_path: Path):
    """A data file of Phường Ba Đình without any account yet (as ``init_office`` has it just
    before it adds the first administrator)."""
    from qcdc_desktop.core.filekey import new_file_key
    from qcdc_desktop.db.setup import resolve_unit
    from qcdc_desktop.db.units import set_unit

    with create_store(tmp_path / "bare.db", new_file_key()) as bare:
        with bare.transaction() as conn:
            set_unit(bare, resolve_unit("00004", "commune"))
            conn.execute("INSERT INTO origins (origin, counter) VALUES ('00004', 0)")
        yield bare


@pytest.fixture
def admin(store: Store) -> User:
    return _add(store, "chutich", "admin", None, "Nguyễn Văn An", "Chủ tịch UBND phường")


def _count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM users").fetchone()[0]


def test_the_first_account_is_added_by_nobody_and_is_an_administrator(store: Store) -> None:
    with pytest.raises(NotAllowed):
        add_user(store, login="vanthu", full_name="Lê Thị Bình", title="", role="clerk", by=None)
    assert _count(store) == 0
    first = _add(store, "chutich", "admin", None, "Nguyễn Văn An", "Chủ tịch UBND phường")
    assert first.id.startswith("00004-") and first.role is Role.ADMIN and first.active
    assert not first.must_change_password  # it chose its own password
    assert first.created_at.tzinfo is not None and abs(dt.datetime.now(dt.timezone.utc) - first.created_at) \
        < dt.timedelta(minutes=1)
    assert (first.last_sign_in_at, first.failed_attempts, first.last_failure_at) == (None, 0, None)
    # Once there is one, nobody adds an account without being an administrator.
    with pytest.raises(NotAllowed):
        add_user(store, login="chutich2", full_name="Trần Văn Cường", title="", role="admin", by=None)
    assert _count(store) == 1


def test_an_administrator_adds_accounts_that_must_change_their_password(store: Store, admin: User) -> None:
    clerk = _add(store, "lan.nt", "clerk", admin, "  Nguye\u0302\u0303n  Thi\u0323 Lan ", " Văn thư ")
    assert (clerk.login, clerk.role, clerk.title) == ("lan.nt", Role.CLERK, "Văn thư")
    assert clerk.full_name == "Nguyễn Thị Lan"  # NFC, single spaces
    assert clerk.must_change_password and clerk.active
    assert [u.login for u in list_users(store)] == ["chutich", "lan.nt"]


def test_only_an_active_administrator_manages_accounts(store: Store, admin: User) -> None:
    clerk = _add(store, "vanthu", "clerk", admin)
    leader = _add(store, "bithu", Role.LEADER, admin)
    for who in (clerk, leader):
        with pytest.raises(NotAllowed) as refused:
            add_user(store, login="xem01", full_name="Phạm Văn Dũng", title="", role="viewer", by=who)
        assert refused.value.operation == "manage_users"
        with pytest.raises(NotAllowed):
            disable_user(store, user_id=admin.id, by=who)
        with pytest.raises(NotAllowed):
            set_role(store, user_id=who.id, role="admin", by=who)
    assert [u.role for u in list_users(store)] == [Role.ADMIN, Role.CLERK, Role.LEADER]
    # An administrator object remembered from before is asked again of the file.
    second = _add(store, "phochutich", "admin", admin)
    set_role(store, user_id=second.id, role="clerk", by=admin)
    with pytest.raises(NotAllowed):
        add_user(store, login="xem01", full_name="Phạm Văn Dũng", title="", role="viewer", by=second)
    set_role(store, user_id=second.id, role="admin", by=admin)
    disable_user(store, user_id=second.id, by=admin)
    with pytest.raises(NotAllowed):
        enable_user(store, user_id=second.id, by=second)
    assert _count(store) == 4


@pytest.mark.parametrize("again", ["lan.nt", "Lan.NT", "LAN.NT", "lán.nt", "  lan.nt ", "lan.n\u0301t"])
def test_a_login_taken_as_the_rules_compare_logins_is_refused(store: Store, admin: User, again: str) -> None:
    _add(store, "lan.nt", "clerk", admin)
    with pytest.raises(DuplicateLogin) as refused:
        add_user(store, login=again, full_name="Nguyễn Thị Lan", title="", role="viewer", by=admin)
    assert "«lan.nt»" in refused.value.message
    assert _count(store) == 2


def test_a_login_is_checked_by_the_login_rules(store: Store, admin: User) -> None:
    for bad in ("Nguyễn Lan", "1lan", "ab", "x" * 33):
        with pytest.raises(LoginNameRefused):
            add_user(store, login=bad, full_name="Nguyễn Thị Lan", title="", role="clerk", by=admin)
    with pytest.raises(LoginNameRefused) as refused:
        add_user(store, login="Nguyễn Lan", full_name="Nguyễn Thị Lan", title="", role="clerk", by=admin)
    assert "nguyen.lan" in refused.value.message
    assert _count(store) == 1


def test_names_and_roles_are_checked(store: Store, admin: User) -> None:
    with pytest.raises(ValidationError) as refused:
        add_user(store, login="lan.nt", full_name="  ", title="x\x07", role="boss", by=admin)
    assert sorted(p.path for p in refused.value.problems) == [("full_name",), ("role",), ("title",)]
    with pytest.raises(ValidationError):
        set_role(store, user_id=admin.id, role="boss", by=admin)
    assert _count(store) == 1


def test_the_schema_refuses_what_the_rules_refuse(store: Store, admin: User) -> None:
    """A login that is not its own folded form, or an unknown role, cannot be written even by SQL."""
    for login, role in (("Lan.NT", "clerk"), ("lán", "clerk"), ("9lan", "clerk"), ("lan.nt", "boss")):
        with pytest.raises(cipher.IntegrityError):
            with store.transaction() as conn:
                conn.execute("INSERT INTO users (id, login, full_name, role, created_at) VALUES (?, ?, 'A', ?, ?)",
                             (f"00004-{login}", login, role, NOW.isoformat()))
    with pytest.raises(cipher.IntegrityError):
        with store.transaction() as conn:
            conn.execute("INSERT INTO users (id, login, full_name, role, created_at) VALUES ('x', 'chutich', 'A',"
                         " 'clerk', '')")


def test_logins_are_found_as_the_rules_compare_them(store: Store, admin: User) -> None:
    clerk = _add(store, "lan.nt", "clerk", admin)
    for typed in ("lan.nt", "Lan.NT", "lán.nt", " LAN.NT "):
        found = get_user_by_login(store, typed)
        assert found is not None and found.id == clerk.id
    assert get_user_by_login(store, "lan") is None
    assert get_user(store, "00004-NOBODY") is None


def test_accounts_are_disabled_and_enabled_never_deleted(store: Store, admin: User) -> None:
    clerk = _add(store, "vanthu", "clerk", admin)
    changes = disable_user(store, user_id=clerk.id, by=admin)
    assert changes.updated == {"users": [clerk.id]}
    assert [u.login for u in list_users(store, active_only=True)] == ["chutich"]
    assert [(u.login, u.active) for u in list_users(store)] == [("chutich", True), ("vanthu", False)]
    assert not disable_user(store, user_id=clerk.id, by=admin).touches("users")  # already disabled
    # Its login stays taken.
    with pytest.raises(DuplicateLogin):
        add_user(store, login="vanthu", full_name="Lê Thị Bình", title="", role="clerk", by=admin)
    assert enable_user(store, user_id=clerk.id, by=admin).updated == {"users": [clerk.id]}
    assert get_user(store, clerk.id).active
    assert not enable_user(store, user_id=clerk.id, by=admin).touches("users")
    with pytest.raises(NotFound):
        disable_user(store, user_id="00004-NOBODY", by=admin)


def test_the_last_active_administrator_is_never_disabled_nor_demoted(store: Store, admin: User) -> None:
    with pytest.raises(LastAdministrator) as refused:
        disable_user(store, user_id=admin.id, by=admin)
    assert "«chutich»" in refused.value.message
    for role in ("leader", "clerk", "viewer"):
        with pytest.raises(LastAdministrator):
            set_role(store, user_id=admin.id, role=role, by=admin)
    assert get_user(store, admin.id).role is Role.ADMIN and get_user(store, admin.id).active

    # A disabled administrator does not count.
    second = _add(store, "phochutich", "admin", admin)
    disable_user(store, user_id=second.id, by=admin)
    with pytest.raises(LastAdministrator):
        disable_user(store, user_id=admin.id, by=admin)
    # An active one does: then the first may step down, and the second is the last.
    enable_user(store, user_id=second.id, by=admin)
    assert set_role(store, user_id=admin.id, role="leader", by=admin).updated == {"users": [admin.id]}
    assert get_user(store, admin.id).role is Role.LEADER
    with pytest.raises(LastAdministrator):
        disable_user(store, user_id=second.id, by=second)
    with pytest.raises(LastAdministrator):
        set_role(store, user_id=second.id, role="viewer", by=second)
    # A disabled administrator may be demoted, the active one keeps the office running.
    set_role(store, user_id=admin.id, role="admin", by=second)
    disable_user(store, user_id=second.id, by=admin)
    assert set_role(store, user_id=second.id, role="clerk", by=admin).touches("users")
    assert [(u.login, u.role, u.active) for u in list_users(store)] == [
        ("chutich", Role.ADMIN, True), ("phochutich", Role.CLERK, False)]
    assert not set_role(store, user_id=admin.id, role="admin", by=admin).touches("users")


def test_sign_ins_are_recorded_and_wrong_passwords_impose_a_growing_wait(store: Store, admin: User) -> None:
    clerk = _add(store, "vanthu", "clerk", admin)
    moment = NOW
    for _try in range(4):
        record_sign_in(store, clerk.id, False, moment)
        assert sign_in_wait(get_user(store, clerk.id), moment) == dt.timedelta(0)
    record_sign_in(store, clerk.id, False, moment)
    after_five = get_user(store, clerk.id)
    assert (after_five.failed_attempts, after_five.last_failure_at) == (5, NOW)
    assert sign_in_wait(after_five, moment) == FIRST_WAIT
    assert sign_in_wait(after_five, moment + dt.timedelta(seconds=10)) == FIRST_WAIT - dt.timedelta(seconds=10)
    assert wait_message(sign_in_wait(after_five, moment)).endswith("hãy chờ 30 giây rồi thử lại.")
    assert sign_in_wait(after_five, moment + FIRST_WAIT) == dt.timedelta(0)
    moment += FIRST_WAIT
    changes = record_sign_in(store, clerk.id, False, moment)
    assert changes.updated == {"users": [clerk.id]}
    assert sign_in_wait(get_user(store, clerk.id), moment) == 2 * FIRST_WAIT
    for _try in range(20):
        record_sign_in(store, clerk.id, False, moment)
    assert sign_in_wait(get_user(store, clerk.id), moment) == LONGEST_WAIT
    # Another account is not held up by this one's wrong passwords.
    assert sign_in_wait(get_user(store, admin.id), moment) == dt.timedelta(0)

    # A right password ends the run, and is the last sign-in; the last failure stays recorded.
    later = moment + LONGEST_WAIT
    record_sign_in(store, clerk.id, True, later.astimezone(dt.timezone(dt.timedelta(hours=7))))
    signed_in = get_user(store, clerk.id)
    assert (signed_in.failed_attempts, signed_in.last_sign_in_at, signed_in.last_failure_at) == (0, later, moment)
    assert sign_in_wait(signed_in, later) == dt.timedelta(0)
    with pytest.raises(ValueError):
        record_sign_in(store, clerk.id, True, dt.datetime(2026, 3, 2, 8, 0))  # no time zone
    with pytest.raises(NotFound):
        record_sign_in(store, "00004-NOBODY", False, NOW)


def test_a_file_of_the_previous_version_gains_the_accounts_table(tmp_path: Path) -> None:
    assert MIGRATIONS[8].name == "0009_users"
    path = tmp_path / "old.db"
    from qcdc_desktop.db.setup import resolve_unit
    from qcdc_desktop.db.units import set_unit

    with create_store(path, new_file_key(), upto=8) as old:
        set_unit(old, resolve_unit("00004", "commune"))
        assert old.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'users'").fetchone()[0] == 0
    with open_store(path) as upgraded:
        assert upgraded.schema_version() == LATEST
        assert list_users(upgraded) == []
        first = _add(upgraded, "chutich", "admin", None)
        assert [u.id for u in list_users(upgraded)] == [first.id]
        assert check_store(upgraded) == []


def test_the_file_check_knows_the_accounts_table(store: Store, admin: User) -> None:
    assert check_store(store) == []
    with store.transaction() as conn:
        conn.execute("DROP TABLE users")
    assert any("users" in problem for problem in check_store(store))
