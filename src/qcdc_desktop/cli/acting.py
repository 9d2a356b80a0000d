"""Who runs a command: every ``qcdc`` command on a data file acts as an account of the office.

The account is ``--user NAME`` or the environment variable ``QCDC_USER``; its password is asked
without echo, or read from ``QCDC_PASSWORD`` (for scripts and tests).  The command's operation
(``core/roles.py``) is checked against the account's role before the command starts, and the
database layer checks it again for every change it makes, so a refusal changes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from ..core.errors import NotAllowed, QcdcError
from ..core.roles import Operation, require
from ..core.users import User
from ..l10n import _

USER_VARIABLE = "QCDC_USER"
PASSWORD_VARIABLE = "QCDC_PASSWORD"
NEW_PASSWORD_VARIABLE = "QCDC_NEW_PASSWORD"

# The operation each command needs at least (the database layer asks for more where it does more:
# a notice that takes its number is issue_documents), and whether it writes to the data file.
_COMMANDS: dict[str, tuple[Operation, bool]] = {
    "demo": (Operation.DEMO, True),
    "add": (Operation.RECORD_MEETINGS, True),
    "dump": (Operation.DUMP, False),
    "search": (Operation.READ, False),
    "notice": (Operation.PRINT, True),
    "report": (Operation.REPORT, False),
    "results": (Operation.PRINT, False),
    "export": (Operation.EXPORT_BUNDLES, True),
    "import": (Operation.IMPORT_BUNDLES, True),
    "import-register": (Operation.IMPORT_REGISTER, True),
    "status": (Operation.READ, False),
    "check": (Operation.CHECK_FILE, False),
    "repair": (Operation.REPAIR, True),
    "backup": (Operation.BACKUP, True),
}
_KEYS: dict[str, tuple[Operation, bool]] = {
    "show": (Operation.READ, True),  # makes the office's keys the first time they are asked for
    "export": (Operation.MANAGE_KEYS, True), "trust": (Operation.MANAGE_KEYS, True),
    "rotate": (Operation.MANAGE_KEYS, True), "revoke": (Operation.MANAGE_KEYS, True),
}
_PERSON: dict[str, tuple[Operation, bool]] = {
    "find": (Operation.FIND_PERSON, False), "export": (Operation.FIND_PERSON, False),
    "erase": (Operation.ERASE_PERSON, True),
}
_USERS: dict[str, tuple[Operation, bool]] = {
    "list": (Operation.MANAGE_USERS, False), "add": (Operation.MANAGE_USERS, True),
    "disable": (Operation.MANAGE_USERS, True), "enable": (Operation.MANAGE_USERS, True),
    "passwd": (Operation.CHANGE_OWN_PASSWORD, True), "recovery-code": (Operation.MANAGE_KEYS, True),
}


def needs(args: argparse.Namespace) -> tuple[Operation, bool] | None:
    """The operation and whether it writes, for the command in ``args``; None for the commands
    that sign in their own way (init, restore, unlock, convert)."""
    command = str(args.command)
    if command == "keys":
        return _KEYS[args.action]
    if command == "users":
        return _USERS[args.action]
    if command == "person":
        return _PERSON[args.action]
    if command == "settings":  # reading them is everyone's; changing them is the administrator's
        return (Operation.OFFICE_SETTINGS, True) if args.action == "set" else (Operation.READ, False)
    if command == "history":  # a record's own history is read with it; the whole history is not for everyone
        if args.action == "verify":
            return Operation.CHECK_FILE, False
        return (Operation.READ if args.record else Operation.READ_HISTORY), False
    if command == "retention":
        return (Operation.ERASE_PERSON, True) if args.apply else (Operation.FIND_PERSON, False)
    return _COMMANDS.get(command)


def login_name(args: argparse.Namespace) -> str:
    name = (getattr(args, "user", None) or os.environ.get(USER_VARIABLE, "")).strip()
    if not name:
        raise QcdcError(_("Say who runs the command: --user NAME, or the environment variable QCDC_USER."))
    return name


def ask_password(prompt: str, variable: str = PASSWORD_VARIABLE) -> str:
    """The password from ``variable`` in the environment, else asked on the terminal without echo."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    if not sys.stdin or not sys.stdin.isatty():
        raise QcdcError(_("No password: type it at a terminal, or give it in the environment variable "
                          "%(name)s.") % {"name": variable})
    return getpass.getpass(prompt)


def ask_new_password(prompt: str, variable: str = NEW_PASSWORD_VARIABLE) -> str:
    """A new password: from ``variable`` in the environment, else asked twice without echo."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    first = ask_password(prompt, variable)
    if getpass.getpass(_("Type the new password again: ")) != first:
        raise QcdcError(_("The two passwords are not the same; nothing was changed."))
    return first


def sign_in(args: argparse.Namespace) -> User | None:
    """Sign the command's account in to its data file and check its role; None for a command that
    needs no account here."""
    from ..db import access

    need = needs(args)
    if need is None:
        return None
    operation, writes = need
    login = login_name(args)
    # The key is derived (argon2id, 64 MiB) before the database layer is loaded: the command's
    # peak memory is then the larger of the two, not their sum (db/file_checks.py).
    file_key = access.unlock(args.db, login, ask_password(_("Password of %(login)s: ") % {"login": login}))
    from ..db.accounts import enter

    user = enter(args.db, login, file_key, record=writes)
    if user.must_change_password and operation is not Operation.CHANGE_OWN_PASSWORD:
        raise NotAllowed(_("The account «%(login)s» must change its password first: qcdc users passwd --db "
                           "%(path)s") % {"login": user.login, "path": args.db},
                         role=user.role.value, operation=operation.value)
    require(user.role, operation)
    return user
