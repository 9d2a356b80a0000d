"""The office's history as data: entries, their chain, and the commitment to the personal
values they record (docs/history.md).

An entry says who changed what, when and why: ``action`` (insert, update, delete, event), the
``kind`` of record and its id (``record``), its meeting when it has one, and per field the values
before and after.  Values that can say something about a citizen (:data:`PERSONAL`: a speaker's
name, hamlet and phone, what they said, what was answered, minutes, the text of a task) are not in
the entry: they are kept apart, in one text per entry, ``<salt>:<canonical JSON>``, and the entry
holds its SHA-256 (``values``).  Erasing a person's data (Law 91/2025) replaces that text by
:data:`ERASED`; the digest, and so the chain, stays as it was.  Every other value is in the entry.

The body of an entry is its canonical JSON; its hash is ``sha256(previous hash || body)``, the
first entry's previous hash being :data:`GENESIS`.  Changing, removing, inserting or reordering
an entry changes every hash after it.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .serialize import canonical_text

FORMAT = 1
GENESIS = "0" * 64
SALT_BYTES = 16

#: Actions of an entry.
INSERT, UPDATE, DELETE, EVENT = "insert", "update", "delete", "event"
ACTIONS = (INSERT, UPDATE, DELETE, EVENT)

#: The body's keys, all always present.
BODY_KEYS = frozenset({"v", "origin", "n", "at", "by", "by_name", "action", "kind", "record", "meeting",
                       "reason", "group", "fields", "personal", "values"})

#: The personal values of an entry once erased (personal data, Law 91/2025): the text kept apart
#: is this word; the digest in the entry stays.
ERASED = "erased"

#: The kinds whose every value is kept apart: what the office keeps to itself (its accounts, its
#: settings, its keys and the offices it trusts).  Their entries travel in bundles like every
#: other, so the chain stays whole at the upper level; their values stay home.
HOME: frozenset[str] = frozenset({"users", "settings", "sync_keys", "sync_peers", "sync_peer_keys"})

#: The fields whose values are kept apart from the entry, by kind of record.
PERSONAL: dict[str, frozenset[str]] = {
    "opinions": frozenset({"speaker", "address", "phone", "on_behalf_of", "content", "answer"}),
    "meetings": frozenset({"minutes"}),
    "tasks": frozenset({"content", "result"}),
    "messages": frozenset({"content"}),
}

#: The longest reason kept with a change.
MAX_REASON = 500


def clean_reason(text: str) -> str:
    """A reason as the history keeps it: NFC, on one line, spaces folded, at most MAX_REASON."""
    words = "".join(c if c.isprintable() else " " for c in unicodedata.normalize("NFC", text)).split()
    return " ".join(words)[:MAX_REASON]


def chain_hash(previous: str, body: str) -> str:
    """The hash of an entry whose body is ``body``, after the entry whose hash is ``previous``."""
    return hashlib.sha256((previous + body).encode("utf-8")).hexdigest()


def values_digest(kept: str) -> str:
    """The digest an entry holds of the text its personal values are kept in."""
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


@dataclass
class Change:
    """The net change of one record within a transaction (or one event)."""

    kind: str
    record: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def fields(self) -> dict[str, list[Any]]:
        """Per field that says something: [before, after] (None for the side an insert or a
        deletion does not have).  An update keeps only the fields that differ."""
        if self.action == INSERT or self.action == EVENT:
            return {name: [None, value] for name, value in (self.after or {}).items()}
        if self.action == DELETE:
            return {name: [value, None] for name, value in (self.before or {}).items()}
        before, after = self.before or {}, self.after or {}
        return {name: [before.get(name), after.get(name)] for name in set(before) | set(after)
                if before.get(name) != after.get(name)}

    @property
    def meeting(self) -> str | None:
        if self.kind == "meetings":
            return self.record
        for row in (self.after, self.before):
            if row and isinstance(row.get("meeting_id"), str):
                return str(row["meeting_id"])
        return None


def net_changes(notes: Iterable[tuple[str, str, str, str | None, str | None]]) -> list[Change]:
    """The net change of each record from the notes the triggers wrote, in the order the records
    were first touched: (kind, record, action, old JSON, new JSON).  A record inserted and deleted
    in the same transaction leaves nothing; one moved away and back (a meeting's children are
    shifted while it is saved) leaves nothing; events are kept as they are.  Only the first old
    and the last new text of a record are parsed."""
    firsts: dict[tuple[str, str], tuple[str, str | None]] = {}
    lasts: dict[tuple[str, str], tuple[str, str | None]] = {}
    events: list[tuple[int, Change]] = []
    for kind, record, action, old, new in notes:
        if action == EVENT:
            events.append((len(firsts), Change(kind, record, EVENT, None, json.loads(new) if new else {})))
            continue
        key = (kind, record)
        if key not in firsts:
            firsts[key] = (action, old)
        lasts[key] = (action, new)
    changes: list[Change] = []
    pending_events = iter(events)
    next_event = next(pending_events, None)
    for index, (key, (first_action, before)) in enumerate(firsts.items()):
        while next_event is not None and next_event[0] <= index:
            changes.append(next_event[1])
            next_event = next(pending_events, None)
        last_action, after = lasts[key]
        existed, exists = first_action != INSERT, last_action != DELETE
        if not existed and not exists:
            continue
        if existed and exists:
            if before == after:  # the triggers write the same text for the same values
                continue
            action = UPDATE
        else:
            action = INSERT if exists else DELETE
        old = json.loads(before) if existed and before is not None else None
        new = json.loads(after) if exists and after is not None else None
        if action == UPDATE and old == new:
            continue
        changes.append(Change(key[0], key[1], action, old, new))
    while next_event is not None:
        changes.append(next_event[1])
        next_event = next(pending_events, None)
    return changes


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in account's login and full name (empty for the program itself, as
    when a file is converted before anyone signed in)."""

    login: str = ""
    name: str = ""


@dataclass(frozen=True)
class Sealed:
    """One entry ready to be stored."""

    n: int
    body: str
    hash: str
    values: str  # "<salt>:<canonical JSON>" of the personal values, "" when there are none


def seal(changes: Sequence[Change], *, origin: str, head_n: int, head_hash: str, at: str, actor: Actor,
         reason: str) -> list[Sealed]:
    """The entries of ``changes``, continuing the chain whose last entry is ``head_n`` with hash
    ``head_hash`` (0 and :data:`GENESIS` for none).  The entries of one transaction share their
    ``group``: the number of the first."""
    result = []
    previous, n = head_hash, head_n
    group = head_n + 1
    salts = os.urandom(SALT_BYTES * len(changes)).hex()
    step = 2 * SALT_BYTES
    common = {"v": FORMAT, "origin": origin, "at": at, "by": actor.login, "by_name": actor.name,
              "reason": reason, "group": group}
    encode, sha256 = canonical_text, hashlib.sha256
    for index, change in enumerate(changes):
        n += 1
        fields = change.fields()
        if change.kind in HOME:
            personal, fields = fields, {}
        else:
            apart = PERSONAL.get(change.kind)
            personal = {name: fields.pop(name) for name in apart if name in fields} if apart else {}
        kept = (salts[index * step:(index + 1) * step] + ":" + encode(personal)) if personal else ""
        body = encode({**common, "n": n, "action": change.action, "kind": change.kind, "record": change.record,
                       "meeting": change.meeting, "fields": fields, "personal": sorted(personal),
                       "values": sha256(kept.encode("utf-8")).hexdigest() if kept else None})
        entry_hash = sha256((previous + body).encode("utf-8")).hexdigest()
        result.append(Sealed(n, body, entry_hash, kept))
        previous = entry_hash
    return result


@dataclass
class Entry:
    """An entry read back, with the values that are still kept (``None`` for an absent side,
    :data:`ERASED` for an erased one)."""

    origin: str
    n: int
    at: str
    by: str
    by_name: str
    action: str
    kind: str
    record: str
    meeting: str | None
    reason: str
    group: int
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def before(self, name: str) -> Any:
        return self.fields[name][0]

    def after(self, name: str) -> Any:
        return self.fields[name][1]


def read_entry(body: str, kept: str | None) -> Entry:
    """The entry of ``body`` with its personal values from ``kept`` (as stored; :data:`ERASED`
    gives ERASED for each of them)."""
    data = json.loads(body)
    fields: dict[str, tuple[Any, Any]] = {name: (pair[0], pair[1]) for name, pair in data["fields"].items()}
    personal: Mapping[str, list[Any]] = {}
    if kept and kept != ERASED:
        personal = json.loads(kept.partition(":")[2])
    for name in data["personal"]:
        pair = personal.get(name)
        fields[name] = (pair[0], pair[1]) if pair is not None else (ERASED, ERASED)
        if data["action"] == INSERT:
            fields[name] = (None, fields[name][1])
        elif data["action"] == DELETE:
            fields[name] = (fields[name][0], None)
    return Entry(origin=data["origin"], n=data["n"], at=data["at"], by=data["by"], by_name=data["by_name"],
                 action=data["action"], kind=data["kind"], record=data["record"], meeting=data["meeting"],
                 reason=data["reason"], group=data["group"], fields=dict(sorted(fields.items())))


def values_match(body: str, kept: str | None) -> bool:
    """Whether the personal values kept for an entry are the ones its body commits to (erased
    values match: the digest stays when they go).  Reads nothing of the body but the digest: the
    body is canonical JSON with its keys sorted, so ``values`` is its last key."""
    if kept == ERASED:
        return body.endswith('"}') and body[-68:-66] == ':"' and body[-77:-68] == ',"values"'
    if not kept:
        return body.endswith(',"values":null}')
    return body.endswith(f',"values":"{values_digest(kept)}"}}')
