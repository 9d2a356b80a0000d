"""The office's history as data: entries, their chain, and the commitments to the values they
record (docs/history.md).

An entry says who changed what, when and why: ``action`` (insert, update, delete, event), the
``kind`` of record and its id (``record``), its meeting when it has one, and per field the
values before and after.  The entry does not hold the values: it holds ``digest(salt, value)``
for each, and the values with their salts are kept apart (``Values``), so that a person's data
can be erased later while every digest, and so the chain, stays as it was.

The body of an entry is its canonical JSON; its hash is ``sha256(previous hash || body)``, the
first entry's previous hash being :data:`GENESIS`.  Changing, removing, inserting or reordering
an entry changes every hash after it.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .serialize import canonical_bytes

FORMAT = 1
GENESIS = "0" * 64
SALT_BYTES = 16

#: Actions of an entry.
INSERT, UPDATE, DELETE, EVENT = "insert", "update", "delete", "event"
ACTIONS = (INSERT, UPDATE, DELETE, EVENT)

#: The body's keys, all always present.
BODY_KEYS = frozenset({"v", "origin", "n", "at", "by", "by_name", "action", "kind", "record", "meeting",
                       "reason", "group", "fields"})

#: A value erased (personal data, Law 91/2025): its salt and value are gone, its digest stays.
ERASED = "erased"


#: The longest reason kept with a change.
MAX_REASON = 500


def clean_reason(text: str) -> str:
    """A reason as the history keeps it: NFC, on one line, spaces folded, at most MAX_REASON."""
    words = "".join(c if c.isprintable() else " " for c in unicodedata.normalize("NFC", text)).split()
    return " ".join(words)[:MAX_REASON]


def chain_hash(previous: str, body: str) -> str:
    """The hash of an entry whose body is ``body``, after the entry whose hash is ``previous``."""
    return hashlib.sha256((previous + body).encode("utf-8")).hexdigest()


def digest(salt: str, value: Any) -> str:
    """The commitment to ``value`` under ``salt`` (hex): without the salt it tells nothing of a
    value as short as a phone number."""
    return hashlib.sha256(bytes.fromhex(salt) + canonical_bytes(value)).hexdigest()


@dataclass
class Change:
    """The net change of one record within a transaction (or one event)."""

    kind: str
    record: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def fields(self) -> dict[str, tuple[bool, Any, bool, Any]]:
        """Per field that says something: (has before, before, has after, after).  An update
        keeps only the fields that differ."""
        before, after = self.before or {}, self.after or {}
        result = {}
        for name in sorted(set(before) | set(after)):
            if self.action == UPDATE and before.get(name) == after.get(name):
                continue
            result[name] = (name in before and self.action != INSERT, before.get(name),
                            name in after and self.action != DELETE, after.get(name))
        return result

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
    shifted while it is saved) leaves nothing; events are kept as they are."""
    order: list[tuple[str, str]] = []
    firsts: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {}
    lasts: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {}
    events: list[tuple[int, Change]] = []
    for kind, record, action, old, new in notes:
        if action == EVENT:
            events.append((len(order), Change(kind, record, EVENT, None, json.loads(new) if new else {})))
            continue
        key = (kind, record)
        if key not in firsts:
            order.append(key)
            firsts[key] = (action, json.loads(old) if old is not None else None)
        lasts[key] = (action, json.loads(new) if new is not None else None)
    changes: list[Change] = []
    pending_events = iter(events)
    next_event = next(pending_events, None)
    for index, key in enumerate(order):
        while next_event is not None and next_event[0] <= index:
            changes.append(next_event[1])
            next_event = next(pending_events, None)
        first_action, before = firsts[key]
        last_action, after = lasts[key]
        existed, exists = first_action != INSERT, last_action != DELETE
        if not existed and not exists:
            continue
        if existed and exists:
            if before == after:
                continue
            action = UPDATE
        else:
            action = INSERT if exists else DELETE
        changes.append(Change(key[0], key[1], action, before if existed else None, after if exists else None))
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
    values: str  # JSON: {field: [[salt, value] | null, [salt, value] | null]}


def _salts(count: int) -> Iterator[str]:
    raw = os.urandom(SALT_BYTES * count)
    for i in range(count):
        yield raw[i * SALT_BYTES:(i + 1) * SALT_BYTES].hex()


def seal(changes: Sequence[Change], *, origin: str, head_n: int, head_hash: str, at: str, actor: Actor,
         reason: str) -> list[Sealed]:
    """The entries of ``changes``, continuing the chain whose last entry is ``head_n`` with hash
    ``head_hash`` (0 and :data:`GENESIS` for none).  The entries of one transaction share their
    ``group``: the number of the first."""
    described = [(c, c.fields()) for c in changes]
    salts = _salts(sum(2 * len(f) for _c, f in described))
    result = []
    previous, n = head_hash, head_n
    group = head_n + 1
    for change, fields in described:
        n += 1
        digests: dict[str, list[str | None]] = {}
        kept: dict[str, list[list[Any] | None]] = {}
        for name, (has_before, before, has_after, after) in fields.items():
            salt_b, salt_a = next(salts), next(salts)
            digests[name] = [digest(salt_b, before) if has_before else None,
                             digest(salt_a, after) if has_after else None]
            kept[name] = [[salt_b, before] if has_before else None, [salt_a, after] if has_after else None]
        body = canonical_bytes({
            "v": FORMAT, "origin": origin, "n": n, "at": at, "by": actor.login, "by_name": actor.name,
            "action": change.action, "kind": change.kind, "record": change.record, "meeting": change.meeting,
            "reason": reason, "group": group, "fields": digests,
        }).decode("utf-8")
        entry_hash = chain_hash(previous, body)
        result.append(Sealed(n, body, entry_hash, canonical_bytes(kept).decode("utf-8")))
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


def read_entry(body: str, values: str | None) -> Entry:
    """The entry of ``body`` with the values kept for it (``values`` as stored)."""
    data = json.loads(body)
    kept: Mapping[str, list[Any]] = json.loads(values) if values else {}
    fields: dict[str, tuple[Any, Any]] = {}
    for name, (digest_before, digest_after) in data["fields"].items():
        pair = kept.get(name, [None, None])
        sides = []
        for committed, value in ((digest_before, pair[0]), (digest_after, pair[1])):
            if committed is None:
                sides.append(None)
            elif value is None or value == ERASED:
                sides.append(ERASED)
            else:
                sides.append(value[1])
        fields[name] = (sides[0], sides[1])
    return Entry(origin=data["origin"], n=data["n"], at=data["at"], by=data["by"], by_name=data["by_name"],
                 action=data["action"], kind=data["kind"], record=data["record"], meeting=data["meeting"],
                 reason=data["reason"], group=data["group"], fields=fields)


def values_match(body: str, values: str) -> str | None:
    """None when every value kept for the entry is the one its body commits to; else the name
    of the first field that is not (an erased value is not a mismatch)."""
    committed = json.loads(body)["fields"]
    kept = json.loads(values)
    if not isinstance(kept, dict) or set(kept) - set(committed):
        return next(iter(sorted(set(kept) - set(committed))), "?") if isinstance(kept, dict) else "?"
    for name, digests in committed.items():
        pair = kept.get(name)
        if pair is None:
            continue  # the whole field erased
        for committed_digest, value in zip(digests, pair):
            if value is None or value == ERASED:
                if value is None and committed_digest is not None:
                    return name
                continue
            if committed_digest is None or digest(value[0], value[1]) != committed_digest:
                return name
    return None
