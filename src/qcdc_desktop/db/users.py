"""The office's accounts in the data file: adding one, listing them, disabling and enabling,
changing a role, and recording each sign-in.

Accounts are the office's own: they never travel in a bundle (db/sync_apply.py names what does).
Passwords and keys are not here: each account's wrapping of the file key is the slot
``user:<login>`` of the key-slot file beside the data file (db/keyslots.py).  An account is never
deleted, so the name of who did something stays readable; it is disabled instead.  The office
always keeps one active administrator: disabling or changing the role of the last one is refused.

Each write is one transaction and returns :class:`Changes` (kind "users"); who asks (``by``) is
read again from the file and must hold the role that manages accounts (core/roles.py).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from ..core.changes import Changes
from ..core.errors import NotAllowed, NotFound
from ..core.ids import IdMaker
from ..core.passwords import normal_login
from ..core.roles import Operation, Role, require
from ..core.users import DuplicateLogin, LastAdministrator, User, clean_account, parse_role
from ..l10n import _
from .connection import Store
from .records import utc_now

KIND = "users"
_COLUMNS = ("id, login, full_name, title, role, active, must_change_password, created_at, last_sign_in_at, "
            "failed_attempts, last_failure_at")


def _time(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def _stamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a moment of a sign-in must carry its time zone")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _user(row: tuple[Any, ...]) -> User:
    (user_id, login, full_name, title, role, active, must_change, created_at, last_sign_in_at, failures,
     last_failure_at) = row
    created = _time(created_at)
    assert created is not None  # NOT NULL in the schema
    return User(id=user_id, login=login, full_name=full_name, title=title, role=Role(role), active=bool(active),
                must_change_password=bool(must_change), created_at=created, last_sign_in_at=_time(last_sign_in_at),
                failed_attempts=failures, last_failure_at=_time(last_failure_at))


def _read(conn: sqlite3.Connection, where: str, values: tuple[Any, ...]) -> list[User]:
    return [_user(row) for row in conn.execute(f"SELECT {_COLUMNS} FROM users {where} ORDER BY rowid", values)]


def list_users(store: Store, *, active_only: bool = False) -> list[User]:
    """Every account, in the order they were added (the disabled ones too, unless ``active_only``)."""
    return _read(store.conn, "WHERE active = 1" if active_only else "", ())


def get_user(store: Store, user_id: str) -> User | None:
    found = _read(store.conn, "WHERE id = ?", (user_id,))
    return found[0] if found else None


def get_user_by_login(store: Store, login: str) -> User | None:
    """The account whose login is ``login`` as the login rules compare them: "Lan.NT", "lán.nt"
    and "lan.nt" are one login."""
    found = _read(store.conn, "WHERE login = ?", (normal_login(login),))
    return found[0] if found else None


def _own(conn: sqlite3.Connection, user_id: str) -> User:
    found = _read(conn, "WHERE id = ?", (user_id,))
    if not found:
        raise NotFound(_("There is no account with id %(id)s.") % {"id": user_id[:40]})
    return found[0]


def _require_manager(conn: sqlite3.Connection, by: User) -> None:
    """Refuse unless ``by``, as the file has it now (not as the caller remembers it), is an active
    account whose role manages accounts."""
    found = _read(conn, "WHERE id = ?", (by.id,))
    if not found or not found[0].active:
        raise NotAllowed(_("The account «%(login)s» is disabled or no longer exists; it may not change "
                           "accounts.") % {"login": by.login}, role=by.role.value,
                         operation=Operation.MANAGE_USERS.value)
    require(found[0].role, Operation.MANAGE_USERS)


def _other_active_admins(conn: sqlite3.Connection, user_id: str) -> int:
    count: int = conn.execute("SELECT count(*) FROM users WHERE role = ? AND active = 1 AND id != ?",
                              (Role.ADMIN.value, user_id)).fetchone()[0]
    return count


def _keep_an_admin(conn: sqlite3.Connection, user: User) -> None:
    if user.active and user.role is Role.ADMIN and _other_active_admins(conn, user.id) == 0:
        raise LastAdministrator(_("«%(login)s» is the office's last active administrator: without one, nobody "
                                  "could manage the accounts and keys. Make another account administrator "
                                  "first.") % {"login": user.login})


def _updated(user_id: str) -> Changes:
    changes = Changes()
    changes.note("updated", KIND, [user_id])
    return changes


def add_user(store: Store, *, login: str, full_name: str, title: str, role: str | Role, by: User | None,
             make_id: IdMaker | None = None, by_recovery_code: bool = False) -> Changes:
    """Add an account.  ``by`` is the administrator adding it; None only for the first account of
    the office, which must be an administrator, or for an administrator made with the office's
    recovery code (``by_recovery_code``: the caller unlocked the file with it).  An account added by an administrator must change
    the password it was given at its first sign-in.  The new id is ``changes.added["users"][0]``."""
    with store.transaction() as conn:
        taken = conn.execute("SELECT login FROM users WHERE login = ?", (normal_login(login),)).fetchone()
        if by is None and not by_recovery_code:
            if conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None:
                raise NotAllowed(_("The office already has accounts: a new one is added by an administrator."),
                                 role="", operation=Operation.MANAGE_USERS.value)
        elif by is not None:
            _require_manager(conn, by)
        if taken is not None:
            raise DuplicateLogin(_("There is already an account with the login name «%(login)s»; choose "
                                   "another one.") % {"login": taken[0]})
        account = clean_account(login=login, full_name=full_name, title=title, role=role)
        if by is None and account.role is not Role.ADMIN:
            raise NotAllowed(_("The first account of the office is its administrator."),
                             role=account.role.value, operation=Operation.MANAGE_USERS.value)
        user_id = (make_id or IdMaker(store.origin))()
        conn.execute("INSERT INTO users (id, login, full_name, title, role, active, must_change_password, "
                     "created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                     (user_id, account.login, account.full_name, account.title, account.role.value,
                      int(by is not None), utc_now()))
    changes = Changes()
    changes.note("added", KIND, [user_id])
    return changes


def disable_user(store: Store, *, user_id: str, by: User) -> Changes:
    """Disable an account: it can no longer sign in, and its name stays on what it did.  The
    last active administrator is never disabled."""
    with store.transaction() as conn:
        _require_manager(conn, by)
        user = _own(conn, user_id)
        if not user.active:
            return Changes()
        _keep_an_admin(conn, user)
        conn.execute("UPDATE users SET active = 0 WHERE id = ?", (user_id,))
    return _updated(user_id)


def enable_user(store: Store, *, user_id: str, by: User) -> Changes:
    """Let a disabled account sign in again."""
    with store.transaction() as conn:
        _require_manager(conn, by)
        user = _own(conn, user_id)
        if user.active:
            return Changes()
        conn.execute("UPDATE users SET active = 1 WHERE id = ?", (user_id,))
    return _updated(user_id)


def set_role(store: Store, *, user_id: str, role: str | Role, by: User) -> Changes:
    """Give an account another role; the last active administrator keeps theirs."""
    new_role = parse_role(role)
    with store.transaction() as conn:
        _require_manager(conn, by)
        user = _own(conn, user_id)
        if user.role is new_role:
            return Changes()
        if new_role is not Role.ADMIN:
            _keep_an_admin(conn, user)
        conn.execute("UPDATE users SET role = ? WHERE id = ?", (new_role.value, user_id))
    return _updated(user_id)


def record_sign_in(store: Store, user_id: str, ok: bool, now: dt.datetime) -> Changes:
    """Record a password try of the account at ``now`` (a moment with its time zone): a right one
    is the last sign-in and ends the run of wrong ones; a wrong one lengthens the run, which
    :func:`~qcdc_desktop.core.users.sign_in_wait` turns into a wait before the next try."""
    stamp = _stamp(now)
    with store.transaction() as conn:
        _own(conn, user_id)
        if ok:
            conn.execute("UPDATE users SET last_sign_in_at = ?, failed_attempts = 0 WHERE id = ?", (stamp, user_id))
        else:
            conn.execute("UPDATE users SET failed_attempts = failed_attempts + 1, last_failure_at = ? WHERE id = ?",
                         (stamp, user_id))
    return _updated(user_id)


def password_changed(store: Store, user_id: str) -> Changes:
    """The account chose its own password: it no longer has to change it at the next sign-in."""
    with store.transaction() as conn:
        _own(conn, user_id)
        conn.execute("UPDATE users SET must_change_password = 0 WHERE id = ?", (user_id,))
    return _updated(user_id)


def must_change_password(store: Store, user_id: str, *, by: User) -> Changes:
    """An administrator gave the account a password: its owner changes it at the next sign-in."""
    with store.transaction() as conn:
        _require_manager(conn, by)
        _own(conn, user_id)
        conn.execute("UPDATE users SET must_change_password = 1 WHERE id = ?", (user_id,))
    return _updated(user_id)
