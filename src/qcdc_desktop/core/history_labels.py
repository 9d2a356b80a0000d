"""What the office's history calls things: the kinds of record and of event, every column the
triggers note (db/schema_history.HISTORY_TRACKED) with its label and the shape its value shows in,
the settings by name, the kinds of change, and the values an event records.  The labels are
the entry form's where it has one; core/history_words.py tells entries in sentences with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..l10n import N_, _, ngettext
from . import catalog
from .history import DELETE, EVENT, INSERT, UPDATE
from .notice import AUTHORITIES
from .roles import Role, role_label
from .settings import (
    CUTOFF_DAY,
    ESCROW_RECIPIENT,
    KEY_STORE_ID,
    NOTICE_DEFAULT,
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGISTER_MAPPING,
    ROLE,
    UNIT_CODE,
    UNIT_NAME,
)

OfficeNames = Callable[[str], str]
"""The name of an office by its unit code ("05425" → "Xã An Bình"), given by the caller."""

# How a value shows.
TEXT, LONG, DATE, MOMENT, BOOL, NUMBER, LIST, PEOPLE, RECORD, OFFICE, HEX, JSON = (
    "text", "long", "date", "moment", "bool", "number", "list", "people", "record", "office", "hex", "json")

Shape = str | catalog.Catalog | Callable[[str], str]


@dataclass(frozen=True)
class Field:
    label: str  # the English message id
    shape: Shape = TEXT


def _role(code: str) -> str:
    try:
        return role_label(Role(code))
    except ValueError:
        return code


def _authority(code: str) -> str:
    found = AUTHORITIES.get(code)
    return found.label if found is not None else code


_KEY_STATES = {"active": N_("active"), "retired": N_("retired"), "revoked": N_("revoked")}
_MESSAGE_KINDS = {"reply": N_("Reply from the upper level"), "directive": N_("Directive")}


def _key_state(code: str) -> str:
    return _(_KEY_STATES[code]) if code in _KEY_STATES else code


def _message_kind(code: str) -> str:
    return _(_MESSAGE_KINDS[code]) if code in _MESSAGE_KINDS else code


_MEETING = Field(N_("Meeting"), RECORD)
_POSITION = Field(N_("Order number"), NUMBER)

#: Per kind of record, per column the history notes: its label and how its value shows.
FIELDS: dict[str, dict[str, Field]] = {
    "meetings": {
        "kind": Field(N_("Kind of meeting"), catalog.MEETING_KINDS),
        "track": Field(N_("Track"), catalog.TRACKS),
        "held_on": Field(N_("Date"), DATE),
        "starts_at": Field(N_("Starts at")),
        "ends_at": Field(N_("Ends at")),
        "title": Field(N_("Title"), LONG),
        "place": Field(N_("Place")),
        "scope": Field(N_("Hamlets concerned"), LIST),
        "mode": Field(N_("Mode"), catalog.MODES),
        "chair": Field(N_("Chaired by")),
        "chair_title": Field(N_("Title of the chair")),
        "co_chairs": Field(N_("Co-chairs"), PEOPLE),
        "coordinating": Field(N_("Coordinating bodies")),
        "participants": Field(N_("Participants"), NUMBER),
        "announced_on": Field(N_("Publicly announced on"), DATE),
        "minutes": Field(N_("Minutes"), LONG),
        "conclusion": Field(N_("Conclusion of the chair"), LONG),
        "status": Field(N_("Status"), catalog.MEETING_STATUSES),
        "secretary": Field(N_("Secretary of the meeting")),
    },
    "opinions": {
        "meeting_id": _MEETING,
        "position": _POSITION,
        "speaker": Field(N_("Speaker")),
        "address": Field(N_("Hamlet / residential group")),
        "phone": Field(N_("Phone (personal data)")),
        "on_behalf_of": Field(N_("On behalf of (group)")),
        "field": Field(N_("Field"), catalog.FIELDS),
        "content": Field(N_("Opinion"), LONG),
        "answered": Field(N_("Answered at the meeting"), BOOL),
        "answer": Field(N_("Answer given"), LONG),
        "outcome": Field(N_("Outcome"), catalog.OUTCOMES),
    },
    "tasks": {
        "meeting_id": _MEETING,
        "position": _POSITION,
        "content": Field(N_("Conclusion / task"), LONG),
        "assignee": Field(N_("Responsible unit or official")),
        "deadline": Field(N_("Deadline"), DATE),
        "coordinating": Field(N_("Coordinating units")),
        "opinions": Field(N_("Answers opinions (numbers)"), LIST),
        "state": Field(N_("State"), catalog.TASK_STATES),
        "result": Field(N_("Result"), LONG),
        "completed_on": Field(N_("Completed on"), DATE),
        "reply_doc": Field(N_("Reply document number")),
    },
    "publications": {
        "meeting_id": _MEETING,
        "position": _POSITION,
        "method": Field(N_("Way of publication"), catalog.PUBLICATION_METHODS),
        "published_on": Field(N_("Made public on"), DATE),
        "ends_on": Field(N_("Posted until"), DATE),
        "note": Field(N_("Note")),
    },
    "officials": {
        "name": Field(N_("Full name")),
        "title": Field(N_("Position held")),
        "track": Field(N_("Track"), catalog.TRACKS),
        "active": Field(N_("In office"), BOOL),
    },
    "register_entries": {
        "year": Field(N_("Year"), NUMBER),
        "number": Field(N_("Number in the register"), NUMBER),
        "doc_type": Field(N_("Kind of document"), catalog.DOCUMENT_TYPES),
        "issuer": Field(N_("Issuing body")),
        "sequence_key": Field(N_("Numbering series")),
        "issued_on": Field(N_("Issued on"), DATE),
        "meeting_id": _MEETING,
        "signer": Field(N_("Signed by")),
        "summary": Field(N_("Summary"), LONG),
        "cancelled": Field(N_("Cancelled"), BOOL),
        "authority": Field(N_("Signing capacity"), _authority),
        "place": Field(N_("Place in the date line")),
        "recipients": Field(N_("Recipients"), LIST),
        "secretary": Field(N_("Secretary of the meeting")),
        "fingerprint": Field(N_("Fingerprint of the content"), HEX),
        "replaces": Field(N_("Replaces the document"), RECORD),
        "superseded_by": Field(N_("Replaced by the document"), RECORD),
    },
    "messages": {
        "commune": Field(N_("Commune"), OFFICE),
        "kind": Field(N_("Kind of message"), _message_kind),
        "opinion_id": Field(N_("Opinion answered"), RECORD),
        "content": Field(N_("Content"), LONG),
        "deadline": Field(N_("Deadline"), DATE),
        "issued_on": Field(N_("Issued on"), DATE),
    },
    "settings": {
        "value": Field(N_("Value")),
    },
    "users": {
        "login": Field(N_("Login name")),
        "full_name": Field(N_("Full name")),
        "title": Field(N_("Position held")),
        "role": Field(N_("Account role"), _role),
        "active": Field(N_("Account enabled"), BOOL),
        "must_change_password": Field(N_("Must change the password at the next sign-in"), BOOL),
    },
    "sync_keys": {
        "sign_public": Field(N_("Signing key"), HEX),
        "recv_public": Field(N_("Receiving key"), HEX),
        "created_at": Field(N_("Made on"), MOMENT),
        "state": Field(N_("State of the key"), _key_state),
        "rotation": Field(N_("Rotation")),
    },
    "sync_peers": {
        "name": Field(N_("Name")),
        "role": Field(N_("Level"), catalog.ROLES),
        "enrolled_at": Field(N_("Enrolled on"), MOMENT),
        "forked_at": Field(N_("History forked on"), MOMENT),
    },
    "sync_peer_keys": {
        "unit_code": Field(N_("Office of the key"), OFFICE),
        "recv_public": Field(N_("Receiving key"), HEX),
        "fingerprint": Field(N_("Key fingerprint"), HEX),
        "state": Field(N_("State of the key"), _key_state),
        "trusted_at": Field(N_("Trusted on"), MOMENT),
    },
}

#: The settings kept in the data file, by key: what "the value" of each is.
_SETTING_NAMES: dict[str, str] = {
    UNIT_CODE.key: N_("Unit code"),
    UNIT_NAME.key: N_("Unit name"),
    ROLE.key: N_("Level of the office"),
    PROVINCE_CODE.key: N_("Province code"),
    PROVINCE_NAME.key: N_("Province name"),
    CUTOFF_DAY.key: N_("Reporting cut-off day"),
    KEY_STORE_ID.key: N_("Store of the office's keys"),
    ESCROW_RECIPIENT.key: N_("Escrow key of the bundles"),
}
SETTING_SHAPES: dict[str, Shape] = {ROLE.key: catalog.ROLES, PROVINCE_CODE.key: OFFICE}
_SETTING_FAMILIES: dict[str, str] = {
    NOTICE_DEFAULT.pattern.split("{")[0]: N_("Default of the printed documents (%(name)s)"),
    REGISTER_MAPPING.pattern.split("{")[0]: N_("Columns of an Excel register (%(name)s)"),
}

#: The kinds of record, in the order the History place offers them, with their names.
KINDS: dict[str, str] = {
    "meetings": N_("Meetings"),
    "opinions": N_("Opinions"),
    "tasks": N_("Tasks"),
    "publications": N_("Publications of the results"),
    "register_entries": N_("Document register"),
    "officials": N_("Officials"),
    "messages": N_("Replies and directives"),
    "users": N_("User accounts"),
    "settings": N_("Settings of the office"),
    "sync_keys": N_("Keys of this office"),
    "sync_peers": N_("Enrolled offices"),
    "sync_peer_keys": N_("Keys of enrolled offices"),
}
#: Events, by the kind they are recorded under.
EVENTS: dict[str, str] = {
    "bundle_in": N_("Bundle applied"),
    "bundle_refused": N_("Bundle refused"),
    "backup": N_("Backup"),
    "restore": N_("Restore"),
    "print": N_("Printing"),
    "history": N_("Start of the history"),
}
#: Why a file was refused, by the reason an import gives (sync/format.reject), in a few words.
REFUSALS: dict[str, str] = {
    "unenrolled": N_("signed by a key not enrolled here"),
    "revoked": N_("signed by a revoked key"),
    "impostor": N_("signed with another office's key"),
    "not_for_us": N_("meant for another office"),
    "own": N_("made by this office itself"),
    "too_new": N_("made by a newer version of the program"),
    "not_bundle": N_("not a bundle"),
    "too_large": N_("too large to be a bundle"),
}
#: The reasons that mean the file was damaged on the way (or altered).
DAMAGED = frozenset({"signature", "hash", "decrypt", "truncated", "header", "header_size", "trailing", "payload",
                     "zeros", "empty", "unreadable", "invalid_record", "invalid_history"})


def refusal_phrase(reason: str) -> str:
    """Why a file was refused, in a few words of the reader's language."""
    if reason in REFUSALS:
        return _(REFUSALS[reason])
    if reason in DAMAGED:
        return _("damaged or altered")
    return _("refused")


#: The kinds of change, as the History place offers them.
ACTIONS: dict[str, str] = {
    INSERT: N_("Added"),
    UPDATE: N_("Changed"),
    DELETE: N_("Deleted"),
    EVENT: N_("Events"),
}

COUNTS: dict[str, Callable[[int], str]] = {
    "meetings": lambda n: ngettext("%(n)s meeting", "%(n)s meetings", n),
    "opinions": lambda n: ngettext("%(n)s opinion of citizens", "%(n)s opinions of citizens", n),
    "tasks": lambda n: ngettext("%(n)s task", "%(n)s tasks", n),
    "publications": lambda n: ngettext("%(n)s publication of the results", "%(n)s publications of the results", n),
    "officials": lambda n: ngettext("%(n)s official", "%(n)s officials", n),
    "register_entries": lambda n: ngettext("%(n)s document of the register", "%(n)s documents of the register", n),
    "messages": lambda n: ngettext("%(n)s reply or directive", "%(n)s replies and directives", n),
    "tombstones": lambda n: ngettext("%(n)s deleted record", "%(n)s deleted records", n),
    "task_history": lambda n: ngettext("%(n)s change of a task", "%(n)s changes of tasks", n),
    "history": lambda n: ngettext("%(n)s history entry", "%(n)s history entries", n),
}


# ---- values ---------------------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    """The name of a kind of record ("Ý kiến, kiến nghị") or of an event."""
    if kind in KINDS:
        return _(KINDS[kind])
    if kind in EVENTS:
        return _(EVENTS[kind])
    return kind


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action


def field_label(kind: str, name: str, record: str = "") -> str:
    """The label of a column of a kind of record; a setting's value is named by the setting."""
    if kind == "settings" and name == "value" and record:
        return setting_label(record)
    found = FIELDS.get(kind, {}).get(name)
    return _(found.label) if found is not None else name


def setting_label(key: str) -> str:
    if key in _SETTING_NAMES:
        return _(_SETTING_NAMES[key])
    for prefix, msgid in _SETTING_FAMILIES.items():
        if key.startswith(prefix):
            return _(msgid) % {"name": key[len(prefix):]}
    return key


EVENT_LABELS = {
    "from": N_("Sent by"), "number": N_("Bundle number"), "base": N_("Changes after"),
    "upto": N_("Changes up to"), "created_at": N_("Written on"), "outcome": N_("Result of the import"),
    "counts": N_("Records written"), "file": N_("File"), "reason": N_("Reason"),
    # a backup and a restore: where the chain stood
    "history_n": N_("History entries up to"), "history_hash": N_("Hash of the last history entry"),
    "backup": N_("Backup file"), "kept_aside": N_("The replaced file kept as"),
    "replaced_history_n": N_("History entries of the replaced file"),
    "replaced_history_hash": N_("Hash of the replaced file's last history entry"),
    # a password or a recovery code
    "login": N_("Login name"), "changed_by": N_("Changed by"), "replaced": N_("Replaced"),
    # an Excel register brought in
    "meetings": N_("Meetings added"), "opinions": N_("Opinions added"), "tasks": N_("Tasks added"),
    "already_there": N_("Rows already in the file"), "rows_read": N_("Rows read"),
    "rows_left_out": N_("Rows left out"),
    # a printing
    "document": N_("Document"), "pages": N_("Pages"), "ranges": N_("Pages asked for"), "printer": N_("Printer"),
    "job": N_("Print job"), "state": N_("State of the printing"),
}
PRINT_STATES = {"sent": N_("sent to the printer"), "printed": N_("printed"), "failed": N_("failed"),
                "cancelled": N_("cancelled")}
CHANGED_BY = {"self": N_("the account's owner"), "administrator": N_("an administrator")}
BUNDLE_OUTCOMES = {"applied": N_("applied"), "superseded": N_("already applied: nothing new")}
