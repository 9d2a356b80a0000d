"""Who may do what: the four roles of an account and the operations on the data file.

The decision is made here, once, as data: ``GRANTS`` says which roles may perform each
operation, and ``docs/roles.md`` explains each choice (a test reads the table there and checks it
says the same as this module).  The write operations of the database layer and the commands ask
:func:`require` before they change anything, and the screens ask :func:`allowed` before they
offer an action, so the command line, the application and imports obey the same rules.

A viewer reads everything but sees phone numbers masked by :func:`mask_phone`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping

from ..l10n import N_, _
from .errors import NotAllowed


class Role(StrEnum):
    """The role of an account, stored by its value."""

    ADMIN = "admin"    # quản trị
    LEADER = "leader"  # lãnh đạo: Chủ tịch/Phó Chủ tịch UBND, Bí thư/Phó Bí thư
    CLERK = "clerk"    # công chức, văn thư
    VIEWER = "viewer"  # xem


class Operation(StrEnum):
    """What a person asks of the data file; each value is the code written in docs/roles.md."""

    # Reading
    READ = "read"
    SEE_PHONE_NUMBERS = "see_phone_numbers"
    REPORT = "report"
    DUMP = "dump"
    PRINT = "print"
    CHECK_FILE = "check_file"
    CHANGE_OWN_PASSWORD = "change_own_password"
    # Recording
    RECORD_MEETINGS = "record_meetings"
    FOLLOW_UP = "follow_up"
    ISSUE_DOCUMENTS = "issue_documents"
    IMPORT_REGISTER = "import_register"
    EXPORT_BUNDLES = "export_bundles"
    IMPORT_BUNDLES = "import_bundles"
    WRITE_MESSAGES = "write_messages"
    BACKUP = "backup"
    READ_HISTORY = "read_history"
    PERSON_REQUESTS = "person_requests"
    FIND_PERSON = "find_person"
    # Undoing what was recorded or issued
    DELETE_MEETINGS = "delete_meetings"
    CORRECT_DOCUMENTS = "correct_documents"
    CANCEL_DOCUMENTS = "cancel_documents"
    ERASE_PERSON = "erase_person"
    # Running the office's installation
    MANAGE_USERS = "manage_users"
    MANAGE_OFFICIALS = "manage_officials"
    OFFICE_SETTINGS = "office_settings"
    MANAGE_KEYS = "manage_keys"
    ESCROW = "escrow"
    RESTORE = "restore"
    REPAIR = "repair"
    DEMO = "demo"


ROLES: tuple[Role, ...] = (Role.ADMIN, Role.LEADER, Role.CLERK, Role.VIEWER)

_EVERYONE = frozenset(ROLES)
_WRITERS = frozenset({Role.ADMIN, Role.LEADER, Role.CLERK})
_LEADERS = frozenset({Role.ADMIN, Role.LEADER})
_ADMIN = frozenset({Role.ADMIN})

#: For each operation, the roles that may perform it.
GRANTS: Mapping[Operation, frozenset[Role]] = MappingProxyType({
    Operation.READ: _EVERYONE,
    Operation.SEE_PHONE_NUMBERS: _WRITERS,
    Operation.REPORT: _EVERYONE,
    Operation.DUMP: _EVERYONE,
    Operation.PRINT: _EVERYONE,
    Operation.CHECK_FILE: _EVERYONE,
    Operation.CHANGE_OWN_PASSWORD: _EVERYONE,
    Operation.RECORD_MEETINGS: _WRITERS,
    Operation.FOLLOW_UP: _WRITERS,
    Operation.ISSUE_DOCUMENTS: _WRITERS,
    Operation.IMPORT_REGISTER: _WRITERS,
    Operation.EXPORT_BUNDLES: _WRITERS,
    Operation.IMPORT_BUNDLES: _WRITERS,
    Operation.WRITE_MESSAGES: _WRITERS,
    Operation.BACKUP: _WRITERS,
    Operation.READ_HISTORY: _LEADERS,
    Operation.PERSON_REQUESTS: _WRITERS,
    Operation.FIND_PERSON: _LEADERS,
    Operation.ERASE_PERSON: _LEADERS,
    Operation.DELETE_MEETINGS: _LEADERS,
    Operation.CORRECT_DOCUMENTS: _LEADERS,
    Operation.CANCEL_DOCUMENTS: _LEADERS,
    Operation.MANAGE_USERS: _ADMIN,
    Operation.MANAGE_OFFICIALS: _ADMIN,
    Operation.OFFICE_SETTINGS: _ADMIN,
    Operation.MANAGE_KEYS: _ADMIN,
    Operation.ESCROW: _ADMIN,
    Operation.RESTORE: _ADMIN,
    Operation.REPAIR: _ADMIN,
    Operation.DEMO: _ADMIN,
})

_ROLE_LABELS: Mapping[Role, str] = MappingProxyType({
    Role.ADMIN: N_("administrator"),
    Role.LEADER: N_("leader"),
    Role.CLERK: N_("clerk"),
    Role.VIEWER: N_("viewer"),
})

# Each completes "... may not %(operation)s".
_OPERATION_LABELS: Mapping[Operation, str] = MappingProxyType({
    Operation.READ: N_("read the records"),
    Operation.SEE_PHONE_NUMBERS: N_("see citizens' phone numbers in full"),
    Operation.REPORT: N_("make reports"),
    Operation.DUMP: N_("write out all the records"),
    Operation.PRINT: N_("print documents and records"),
    Operation.CHECK_FILE: N_("check the data file"),
    Operation.CHANGE_OWN_PASSWORD: N_("change their own password"),
    Operation.RECORD_MEETINGS: N_("record or change meetings"),
    Operation.FOLLOW_UP: N_("record the follow-up of tasks"),
    Operation.ISSUE_DOCUMENTS: N_("issue documents and their numbers"),
    Operation.IMPORT_REGISTER: N_("import meetings from an Excel register"),
    Operation.EXPORT_BUNDLES: N_("write bundles for other offices"),
    Operation.IMPORT_BUNDLES: N_("apply bundles from other offices"),
    Operation.WRITE_MESSAGES: N_("write replies and directives to communes"),
    Operation.BACKUP: N_("make a backup"),
    Operation.READ_HISTORY: N_("read the office's history"),
    Operation.PERSON_REQUESTS: N_("keep the register of citizens' requests about their data"),
    Operation.FIND_PERSON: N_("find and print everything held about a person"),
    Operation.ERASE_PERSON: N_("erase a person's data"),
    Operation.DELETE_MEETINGS: N_("delete meetings"),
    Operation.CORRECT_DOCUMENTS: N_("issue a corrected document in place of an issued one"),
    Operation.CANCEL_DOCUMENTS: N_("cancel an issued document"),
    Operation.MANAGE_USERS: N_("manage user accounts"),
    Operation.MANAGE_OFFICIALS: N_("change the list of officials"),
    Operation.OFFICE_SETTINGS: N_("change the office's settings"),
    Operation.MANAGE_KEYS: N_("enrol offices or change the office's keys"),
    Operation.ESCROW: N_("change the escrow key"),
    Operation.RESTORE: N_("restore the data file from a backup"),
    Operation.REPAIR: N_("repair the data file"),
    Operation.DEMO: N_("add demo data"),
})


def role_label(role: Role) -> str:
    """The role's name in the user's language ("quản trị", "lãnh đạo"...)."""
    return _(_ROLE_LABELS[role])


def operation_label(operation: Operation) -> str:
    """What the operation does, as the end of "... may not ..." in the user's language."""
    return _(_OPERATION_LABELS[operation])


def allowed(role: Role, operation: Operation) -> bool:
    """Whether an account with ``role`` may perform ``operation``."""
    return role in GRANTS[operation]


def require(role: Role, operation: Operation) -> None:
    """Refuse, with a sentence naming the role and what it may not do, an operation ``role`` may
    not perform; return quietly otherwise.  Call it before anything is changed."""
    if allowed(role, operation):
        return
    allowed_to = ", ".join(f"«{role_label(r)}»" for r in ROLES if r in GRANTS[operation])
    raise NotAllowed(_("An account with the role «%(role)s» may not %(operation)s; this is for: %(allowed)s.")
                     % {"role": role_label(role), "operation": operation_label(operation), "allowed": allowed_to},
                     role=role.value, operation=operation.value)


# A phone number: digits, perhaps led by "+" and grouped by spaces, dots, dashes or brackets.
_NUMBER = re.compile(r"\+?\(?\d(?:[\d .\-()]*\d)?")
_KEPT_DIGITS = 3
MASK = "*"


def _mask_number(match: re.Match[str]) -> str:
    number = match.group(0)
    digits = sum(ch.isdigit() for ch in number)
    hide = digits - _KEPT_DIGITS if digits > _KEPT_DIGITS else digits
    out: list[str] = []
    for ch in number:
        if ch.isdigit() and hide > 0:
            out.append(MASK)
            hide -= 1
        else:
            out.append(ch)
    return "".join(out)


def mask_phone(text: str) -> str:
    """``text`` (a phone field) with every digit of each number hidden but its last three, as a
    viewer sees it: "0912 345 678" → "**** *** 678".  Words around the numbers are kept; a group
    of three digits or fewer is hidden whole, so nothing is shown of a number too short to tell."""
    return _NUMBER.sub(_mask_number, text)


def phone_for(role: Role, text: str) -> str:
    """The phone field as ``role`` may see it: in full, or masked for a viewer."""
    return text if allowed(role, Operation.SEE_PHONE_NUMBERS) else mask_phone(text)
