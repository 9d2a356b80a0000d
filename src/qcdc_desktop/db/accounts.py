"""Accounts with their keys: signing in, a new account with its password, a password changed or
reset, an account disabled or enabled again, a new recovery code, and a new administrator made
with the recovery code when every administrator's password is lost.

Each operation changes the accounts in the data file (``users``) and the account's wrapping of the
file key in the key-slot file (``keyslots``) together: the key-slot file is written inside the
data file's transaction, just before it commits, so a failure of either leaves both as they were.
(A program killed between the two writes leaves at worst a wrapping for an account the file does
not have, which opens nothing: signing in also needs the account.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.errors import NotFound, NotSignedIn, SignInRefused
from ..core.filekey import RECOVERY_SLOT, password_secret, recovery_secret
from ..core.passwords import check_password, normal_login
from ..core.roles import Operation, Role
from ..core.settings import UNIT_NAME
from ..core.users import User
from ..l10n import _
from . import access, history, keyslots, users
from .connection import Store, open_store

COST = keyslots.DEFAULT_COST  # argon2id of new wrappings; the tests lower it (each costs 64 MiB)


def _unit_name(store: Store) -> str:
    return store.setting(UNIT_NAME.key) or ""


def _checked(store: Store, password: str, *, login: str, full_name: str) -> bytes:
    check_password(password, login=login, full_name=full_name, unit_name=_unit_name(store))
    return password_secret(password)


def _key(store: Store) -> bytes:
    if not store.file_key:
        raise NotSignedIn(_("Nobody is signed in to %(path)s.") % {"path": store.path})
    return store.file_key


def sign_in(path: Path, login: str, password: str, *, record: bool = True,
            now: dt.datetime | None = None) -> User:
    """Sign ``login`` in to the data file at ``path`` with ``password``: the file key is unwrapped,
    the account read in the file and refused when disabled, the sign-in recorded (``record``; a
    command that only reads leaves the file as it is), and the key and the account kept for the
    rest of this program's work on the file (``access``).  Wrong passwords are counted and, from
    the fifth in a row, make the next try wait."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return enter(path, login, access.unlock(path, login, password, now=now), record=record, now=now)


def enter(path: Path, login: str, file_key: bytes, *, record: bool = True, now: dt.datetime | None = None) -> User:
    """The second half of :func:`sign_in`, with the file key ``access.unlock`` gave: the account
    read in the file and refused when disabled, the sign-in recorded (``record``), and the key and
    the account kept for the rest of this program's work on the file."""
    path = Path(path)
    now = now or dt.datetime.now(dt.timezone.utc)
    user = read_account(path, file_key, login)
    if record:
        with open_store(path, unlocked=access.Unlocked(file_key, user)) as store:
            users.record_sign_in(store, user.id, True, now)
        user.last_sign_in_at = now
    access.remember(path, file_key, user)
    return user


def read_account(path: Path, file_key: bytes, login: str) -> User:
    """The account ``login`` of the data file at ``path`` (opened with ``file_key``), refused when
    it is not there or disabled."""
    with open_store(path, readonly=True, check=False, upgrade=False,
                    unlocked=access.Unlocked(file_key, None)) as store:
        return access.account_may_sign_in(users.get_user_by_login(store, normal_login(login)))


def confirm_password(path: Path, user: User, password: str, *, now: dt.datetime | None = None) -> None:
    """The signed-in ``user`` typed their password again (the window was locked): refused like a
    sign-in, and counted the same way."""
    file_key = access.unwrap(path, user.login, password, now=now)
    found = access.unlocked(path)
    if found is None or found.file_key != file_key:
        raise SignInRefused(_("The login name or the password is wrong."))


def add_account(store: Store, *, login: str, full_name: str, title: str, role: str | Role, password: str) -> User:
    """A new account with its password, added by the signed-in administrator; the person changes
    the password at the first sign-in."""
    by = store.require(Operation.MANAGE_USERS)
    secret = _checked(store, password, login=normal_login(login), full_name=full_name)
    with store.transaction():
        changes = users.add_user(store, login=login, full_name=full_name, title=title, role=role, by=by)
        user = users.get_user(store, changes.added[users.KIND][0])
        assert user is not None
        keyslots.put_slot(store.path, _key(store), keyslots.user_slot(user.login), secret, cost=COST)
    return user


def add_first_admin(store: Store, *, login: str, full_name: str, title: str, password: str,
                    recovery_code: str) -> User:
    """The office's first account, an administrator, made with the data file; writes the key-slot
    file with its password and the recovery code."""
    secret = _checked(store, password, login=normal_login(login), full_name=full_name)
    with store.transaction():
        changes = users.add_user(store, login=login, full_name=full_name, title=title, role=Role.ADMIN, by=None)
        user = users.get_user(store, changes.added[users.KIND][0])
        assert user is not None
        if store.user is None:  # the file being made: its first entries name the person who made it
            store.user = user
        keyslots.create(store.path, _key(store), keyslots.user_slot(user.login), secret,
                        recovery_secret(recovery_code), cost=COST)
    return user


def change_own_password(store: Store, old: str, new: str) -> None:
    """The signed-in person's new password: the old one must open the key; the same file key is
    wrapped with the new one (the data file is not re-encrypted)."""
    user = store.require(Operation.CHANGE_OWN_PASSWORD)
    secret = _checked(store, new, login=user.login, full_name=user.full_name)
    with store.transaction() as conn:
        users.password_changed(store, user.id)
        history.note_event(conn, "password", user.id, {"login": user.login, "changed_by": "self"})
        keyslots.change_secret(store.path, keyslots.user_slot(user.login), password_secret(old), secret, cost=COST)
    user.must_change_password = False


def reset_password(store: Store, user_id: str, password: str) -> None:
    """An administrator gives an account a new password (enabling it again when it was disabled);
    the person must change it at the next sign-in."""
    by = store.require(Operation.MANAGE_USERS)
    user = users.get_user(store, user_id)
    if user is None:
        raise NotFound(_("There is no account with id %(id)s.") % {"id": user_id[:40]})
    secret = _checked(store, password, login=user.login, full_name=user.full_name)
    with store.transaction() as conn:
        users.enable_user(store, user_id=user_id, by=by)
        users.must_change_password(store, user_id, by=by)
        history.note_event(conn, "password", user_id, {"login": user.login, "changed_by": "administrator"})
        keyslots.put_slot(store.path, _key(store), keyslots.user_slot(user.login), secret, cost=COST)


def disable_account(store: Store, user_id: str) -> None:
    """Disable an account and take its key away: it can no longer open the data file, even a copy
    of it with the key-slot file as it is now.  (A copy taken before keeps the old key-slot file.)"""
    by = store.require(Operation.MANAGE_USERS)
    with store.transaction():
        users.disable_user(store, user_id=user_id, by=by)
        user = users.get_user(store, user_id)
        assert user is not None
        slot = keyslots.user_slot(user.login)
        if slot in keyslots.slot_names(store.path):
            keyslots.remove_slot(store.path, _key(store), slot)


def new_recovery_code(store: Store, code: str) -> None:
    """Replace the office's recovery code with ``code`` (the old one opens nothing any more)."""
    store.require(Operation.MANAGE_KEYS)
    with store.transaction() as conn:
        history.note_event(conn, "recovery_code", "recovery", {"replaced": 1})
        keyslots.put_slot(store.path, _key(store), RECOVERY_SLOT, recovery_secret(code), cost=COST)


def recover(path: Path, code: str, *, login: str, full_name: str, title: str, password: str) -> User:
    """Every administrator's password is lost: the recovery code opens the data file and makes a
    new administrator ``login`` with ``password`` (who must not already exist).  The new account
    is signed in."""
    path = Path(path)
    file_key = access.unwrap_with_recovery_code(path, code)
    with open_store(path, unlocked=access.Unlocked(file_key, None)) as store:
        secret = _checked(store, password, login=normal_login(login), full_name=full_name)
        with store.transaction():
            changes = users.add_user(store, login=login, full_name=full_name, title=title, role=Role.ADMIN,
                                     by=None, by_recovery_code=True)
            user = users.get_user(store, changes.added[users.KIND][0])
            assert user is not None
            keyslots.put_slot(path, file_key, keyslots.user_slot(user.login), secret, cost=COST)
    access.remember(path, file_key, user)
    return user
