"""An account of the office: who signs in, under which role, and what is checked of what a person
typed for one.  Pure rules, no storage (db/users.py keeps the accounts in the data file).

A user is never deleted: their name stays on what they did; they are disabled instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..l10n import _
from .errors import Problem, QcdcError, ValidationError
from .passwords import check_login, time_left
from .roles import ROLES, Role, role_label
from .text import has_forbidden_characters, nfc

MAX_NAME = 200


class DuplicateLogin(QcdcError):
    """Another account already has this login name (compared as the login rules compare them)."""

    code = "duplicate_login"


class LastAdministrator(QcdcError):
    """The change would leave the office without an active administrator."""

    code = "last_admin"


@dataclass(slots=True)
class User:
    id: str
    login: str
    full_name: str
    title: str
    role: Role
    active: bool
    must_change_password: bool
    created_at: dt.datetime
    last_sign_in_at: dt.datetime | None = None
    failed_attempts: int = 0
    last_failure_at: dt.datetime | None = None

    @property
    def name(self) -> str:
        """How the records this person changed name them (task history, the register): their full
        name, or their login when the account has none."""
        return self.full_name or self.login


@dataclass(frozen=True, slots=True)
class NewAccount:
    """What a person typed for a new account, checked and in the form it is stored."""

    login: str
    full_name: str
    title: str
    role: Role


def clean_line(value: str, key: str, limit: int, problems: list[Problem], *, required: bool) -> str:
    """One line of text as a person typed it in a form: NFC, single spaces, no control character,
    within ``limit``; what is wrong is added to ``problems`` under ``key``."""
    if has_forbidden_characters(value):
        problems.append(Problem((key,), _("contains control characters or invalid characters")))
        return ""
    value = " ".join(nfc(value).split())
    if required and not value:
        problems.append(Problem((key,), _("must not be empty")))
    elif len(value) > limit:
        problems.append(Problem((key,), _("is too long (at most %(n)d characters)") % {"n": limit}))
    return value


def _name(value: str, key: str, problems: list[Problem], *, required: bool) -> str:
    return clean_line(value, key, MAX_NAME, problems, required=required)


def parse_role(value: str | Role) -> Role:
    """The role named by its code ("admin", "leader", "clerk", "viewer"), or :class:`ValidationError`."""
    try:
        return Role(value)
    except ValueError:
        codes = ", ".join(f"{r.value} ({role_label(r)})" for r in ROLES)
        raise ValidationError([Problem(("role",), _("unknown role %(value)r; expected one of: %(codes)s")
                                       % {"value": str(value)[:40], "codes": codes})]) from None


def clean_account(*, login: str, full_name: str, title: str, role: str | Role) -> NewAccount:
    """A :class:`NewAccount` from what a person typed: the login checked by the login rules
    (:class:`LoginNameRefused` with the rule it breaks), names in NFC with single spaces, the
    full name required (:class:`ValidationError` whose problems have the paths ``("full_name",)``,
    ``("title",)`` or ``("role",)``, so a form can show each next to its field)."""
    clean_login = check_login(login)
    problems: list[Problem] = []
    clean_full_name = _name(full_name, "full_name", problems, required=True)
    clean_title = _name(title, "title", problems, required=False)
    try:
        clean_role = parse_role(role)
    except ValidationError as error:
        problems.extend(error.problems)
        clean_role = Role.VIEWER
    if problems:
        raise ValidationError(problems)
    return NewAccount(login=clean_login, full_name=clean_full_name, title=clean_title, role=clean_role)


def sign_in_wait(user: User, now: dt.datetime) -> dt.timedelta:
    """How long ``user`` still waits before the next password try after wrong ones in a row
    (zero: they may try now); core/passwords.py decides the waits."""
    return time_left(user.failed_attempts, user.last_failure_at, now)
