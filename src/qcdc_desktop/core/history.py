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

import dataclasses
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .personal import personal_fields
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
#: settings, its keys, the offices it trusts, the requests citizens made about their data).  Their entries travel in bundles like every
#: other, so the chain stays whole at the upper level; their values stay home.
HOME: frozenset[str] = frozenset({"users", "settings", "sync_keys", "sync_peers", "sync_peer_keys",
                                   "person_requests"})

#: The fields whose values are kept apart from the entry, by kind of record: every field of the
#: catalogue of personal data (core/personal.py) but the officials named in their office.
PERSONAL: dict[str, frozenset[str]] = personal_fields()

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


#: A note as the triggers write it: kind, record, action, meeting, and the noted columns as
#: canonical JSON {column: [before, after]}, those the entry holds and those kept apart.
Note = tuple[str, str, str, "str | None", "str | None", "str | None"]


@dataclass(frozen=True)
class _Parts:
    """An entry's own parts, each already canonical JSON text."""

    action: str
    kind: str
    record: str
    meeting: str | None
    fields: str  # {name: [before, after]}
    personal: str  # the sorted names kept apart
    apart: str  # {name: [before, after]} of those, "" when there are none


def _parts(change: Change) -> _Parts:
    fields = change.fields()
    if change.kind in HOME:
        personal, fields = fields, {}
    else:
        names = PERSONAL.get(change.kind)
        personal = {name: fields.pop(name) for name in names if name in fields} if names else {}
    return _Parts(change.action, change.kind, change.record, change.meeting, canonical_text(fields),
                  canonical_text(sorted(personal)), canonical_text(personal) if personal else "")


def seal(changes: Sequence[Change], *, origin: str, head_n: int, head_hash: str, at: str, actor: Actor,
         reason: str) -> list[Sealed]:
    """The entries of ``changes``, continuing the chain whose last entry is ``head_n`` with hash
    ``head_hash`` (0 and :data:`GENESIS` for none).  The entries of one transaction share their
    ``group``: the number of the first."""
    return _assemble([_parts(c) for c in changes], origin=origin, head_n=head_n, head_hash=head_hash, at=at,
                     actor=actor, reason=reason)


def seal_notes(notes: Iterable[Note], *, origin: str, head_n: int, head_hash: str, at: str, actor: Actor,
               reason: str, group: int | None = None) -> list[Sealed]:
    """The entries of the notes of one transaction, in the order their records were first
    touched: the net change of each record (inserted then deleted: nothing; moved away and back:
    nothing; an update keeps the fields that differ); events as they are.  A record touched once
    by an insertion or a deletion (most of them) takes the triggers' text as it is: canonical
    already, it is not parsed and written again."""
    firsts: dict[tuple[str, str], Note] = {}
    lasts: dict[tuple[str, str], Note] = {}
    for note in notes:
        key = (note[0], note[1]) if note[2] != EVENT else (note[0], f"\x00{len(firsts)}")
        firsts.setdefault(key, note)
        lasts[key] = note
    names: dict[tuple[str, str], str] = {}
    parts = [part for key, first in firsts.items() if (part := _net_part(first, lasts[key], names)) is not None]
    return _assemble(parts, origin=origin, head_n=head_n, head_hash=head_hash, at=at, actor=actor, reason=reason,
                     group=group)


def _net_part(first: Note, last: Note, names: dict[tuple[str, str], str]) -> _Parts | None:
    """The entry of one record from the first and the last note the transaction made of it (the
    same note when touched once), or None when nothing of it changed in the end; ``names`` keeps
    the kept-apart fields' names text of each kind, made once."""
    kind, record, action, meeting, plain, apart = first
    if first is last and action != UPDATE:
        if apart and (kind, action) not in names:
            names[(kind, action)] = canonical_text(sorted(json.loads(apart)))
        return _Parts(action, kind, record, meeting, plain or "{}", names[(kind, action)] if apart else "[]",
                      apart or "")
    existed, exists = action != INSERT, last[2] != DELETE
    if not existed and not exists:
        return None
    before = {name: pair[0] for text in (plain, apart) if text for name, pair in json.loads(text).items()}
    after = {name: pair[1] for text in (last[4], last[5]) if text for name, pair in json.loads(text).items()}
    net = UPDATE if existed and exists else INSERT if exists else DELETE
    if net == UPDATE and before == after:
        return None
    change = Change(kind, record, net, before if existed else None, after if exists else None)
    return dataclasses.replace(_parts(change), meeting=last[3] if exists else meeting)


def seal_note_chunks(chunks: Iterable[Sequence[Note]], lasts: Mapping[tuple[str, str], Note], *, origin: str,
                     head_n: int, head_hash: str, at: str, actor: Actor, reason: str,
                     group: int | None = None) -> Iterator[list[Sealed]]:
    """:func:`seal_notes` a chunk at a time, for a transaction too large to hold its notes at
    once (a demo or a register of a hundred thousand rows): the same entries in the same order,
    one group.  ``chunks`` are the notes in order; ``lasts`` the last note of every record noted
    more than once (a record's entry is made where it was first noted, from its first and last
    note).  For a transaction that deleted nothing and cancelled no document only: its reason
    then goes with every entry, as :func:`seal_notes` gives it."""
    group, n, previous = head_n + 1 if group is None else group, head_n, head_hash
    names: dict[tuple[str, str], str] = {}
    made: set[tuple[str, str]] = set()
    for chunk in chunks:
        parts = []
        for note in chunk:
            last = note
            if note[2] != EVENT and (key := (note[0], note[1])) in lasts:
                if key in made:
                    continue
                made.add(key)
                last = lasts[key]
            part = _net_part(note, last, names)
            if part is not None:
                parts.append(part)
        sealed = _assemble(parts, origin=origin, head_n=n, head_hash=previous, at=at, actor=actor, reason=reason,
                           group=group, reasoned=set())
        if sealed:
            n, previous = sealed[-1].n, sealed[-1].hash
        yield sealed


def _reasoned(parts: Sequence[_Parts]) -> set[int]:
    """The entries a transaction's reason is about: when it deletes a record or cancels a
    document, those and its events (the reason was asked for them, not for what else the same
    save changed); otherwise every entry (empty set)."""
    asked = {index for index, p in enumerate(parts)
             if p.action == DELETE or (p.kind == "register_entries" and p.action == UPDATE
                                       and '"cancelled":[' in p.fields)}
    if asked:
        asked |= {index for index, p in enumerate(parts) if p.action == EVENT}
    return asked


def _assemble(parts: Sequence[_Parts], *, origin: str, head_n: int, head_hash: str, at: str, actor: Actor,
              reason: str, group: int | None = None, reasoned: set[int] | None = None) -> list[Sealed]:
    """The bodies (canonical JSON, keys in order, written piece by piece), hashes and kept texts;
    ``group`` and ``reasoned`` given when a transaction is sealed a chunk at a time."""
    encode, sha256 = canonical_text, hashlib.sha256
    group = head_n + 1 if group is None else group
    head = '{"action":'
    middle_1 = f',"at":{encode(at)},"by":{encode(actor.login)},"by_name":{encode(actor.name)},"fields":'
    middle_2 = f',"group":{group},"kind":'
    middle_3 = f',"origin":{encode(origin)},"personal":'
    reasoned = (_reasoned(parts) if reason else set()) if reasoned is None else reasoned
    middle_4 = f',"reason":{encode(reason)},"record":'
    middle_4_none = ',"reason":"","record":'
    salts = os.urandom(SALT_BYTES * len(parts)).hex()
    step = 2 * SALT_BYTES
    result = []
    previous, n = head_hash, head_n
    for index, p in enumerate(parts):
        n += 1
        kept = (salts[index * step:(index + 1) * step] + ":" + p.apart) if p.apart else ""
        values = f'"{sha256(kept.encode("utf-8")).hexdigest()}"' if kept else "null"
        body = (head + encode(p.action) + middle_1 + p.fields + middle_2 + encode(p.kind) + ',"meeting":'
                + (encode(p.meeting) if p.meeting is not None else "null") + f',"n":{n}' + middle_3 + p.personal
                + (middle_4 if not reasoned or index in reasoned else middle_4_none) + encode(p.record) + f',"v":{FORMAT},"values":' + values + "}")
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
