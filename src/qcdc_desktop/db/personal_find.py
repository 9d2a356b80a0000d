"""Everything the data file holds about one person (Law 91/2025, a citizen's request to know what
is held about them, and the first step of erasing it): their own opinions, the records that
name them, the history entries whose kept values name them, drafts and conflicts kept aside.

A person is a name (folded: diacritics, đ, case, NFC/NFD alike), a phone number, or both
(core/personal.py).  Records are found through the full-text index, then each is read and judged
by :class:`core.personal.Person`; the tables without an index, and the history's kept values,
are read through — a job with progress, that a Cancel stops.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import Cancelled
from ..core.history import ERASED
from ..core.personal import Person, mention_fields
from ..core.roles import Operation
from .connection import Store
from .search_index import flush_search

#: The records a person may be found in, with the columns read to show them.
_SHOWN: dict[str, tuple[str, ...]] = {
    "opinions": ("meeting_id", "position", "speaker", "address", "phone", "on_behalf_of", "field", "content",
                 "answer", "outcome"),
    "meetings": ("id", "held_on", "title", "minutes", "conclusion"),
    "tasks": ("meeting_id", "position", "content", "result", "state", "deadline"),
    "publications": ("meeting_id", "position", "method", "published_on", "note"),
    "messages": ("opinion_id", "kind", "content", "issued_on"),
    "register_entries": ("meeting_id", "year", "number", "doc_type", "issuer", "issued_on", "summary"),
    "task_history": ("task_id", "meeting_id", "changed_at", "state", "result"),  # kept by an earlier version
}
_INDEXED = ("opinions", "meetings", "tasks")  # the tables with a full-text index (db/schema.py)
_BATCH = 2000


@dataclass(frozen=True)
class Found:
    """One record that holds the person: ``own`` when it is their own opinion (they spoke), else
    the fields that name them; ``values`` the record's shown columns as stored."""

    kind: str
    id: str
    origin: str
    own: bool
    fields: tuple[str, ...]
    values: dict[str, Any]

    @property
    def meeting_id(self) -> str | None:
        if self.kind == "meetings":
            return self.id
        value = self.values.get("meeting_id")
        return str(value) if value else None


@dataclass(frozen=True)
class FoundEntry:
    """A history entry whose kept values name the person."""

    origin: str
    n: int
    record: str
    kind: str


@dataclass
class Findings:
    person: Person
    records: list[Found] = field(default_factory=list)
    entries: list[FoundEntry] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)  # keys of the drafts that name the person
    conflicts: list[str] = field(default_factory=list)  # ids of records kept aside that name the person

    @property
    def opinions(self) -> list[Found]:
        """The person's own opinions."""
        return [f for f in self.records if f.own]

    @property
    def empty(self) -> bool:
        return not (self.records or self.entries or self.drafts or self.conflicts)


def _phrase(person: Person) -> str | None:
    """The full-text query for the person's name: its folded words as one phrase."""
    return '"' + " ".join(person.words) + '"' if person.name.strip() else None


def _candidates(store: Store, kind: str, person: Person) -> Iterator[tuple[Any, ...]]:
    columns = ", ".join(("id", "origin", *(c for c in _SHOWN[kind] if c != "id")))
    phrase = _phrase(person)
    if kind in _INDEXED and phrase is not None:
        if store.conn.in_transaction and not store.readonly:
            flush_search(store.conn)  # what the open write transaction changed is searched too
        yield from store.conn.execute(
            f"SELECT {columns} FROM {kind} WHERE rowid IN (SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ?)",
            (phrase,))
        return
    # A phone is not in the index; tables without an index are small: read through.
    yield from store.conn.execute(f"SELECT {columns} FROM {kind}")


def _judge(kind: str, row: tuple[Any, ...], person: Person) -> Found | None:
    names = ("id", "origin", *(c for c in _SHOWN[kind] if c != "id"))
    values = dict(zip(names, row))
    own = kind == "opinions" and person.speaks_as(str(values["speaker"]), str(values["phone"]))
    # Another speaker of the same name, with another phone, is another person.
    looked = tuple(c for c in mention_fields().get(kind, ()) if not (kind == "opinions" and c == "speaker"))
    named = tuple(c for c in looked if c in values and person.mentioned_in(str(values[c] or "")))
    if not own and not named:
        return None
    shown = {k: v for k, v in values.items() if k not in ("id", "origin")}
    return Found(kind, str(values["id"]), str(values["origin"]), own, named, shown)


def find_person(store: Store, person: Person, *, cancelled: Callable[[], bool] = lambda: False,
                progress: Callable[[int, int], None] = lambda done, total: None) -> Findings:
    """Everything held about ``person`` (already checked by ``person.problem()``), in a read."""
    store.require(Operation.FIND_PERSON)
    found = Findings(person)
    (entries_total,) = store.conn.execute("SELECT count(*) FROM history_values WHERE fields != ?",
                                          (ERASED,)).fetchone()
    total = len(_SHOWN) + entries_total + 2
    done = 0
    for kind in _SHOWN:
        for row in _candidates(store, kind, person):
            judged = _judge(kind, row, person)
            if judged is not None:
                found.records.append(judged)
        done += 1
        progress(done, total)
        if cancelled():
            raise Cancelled
    own = {f.id for f in found.opinions}
    # The register of requests keeps its own history: the proof that the office answered stays.
    cursor = store.conn.execute("SELECT v.origin, v.n, v.fields, h.record, h.kind FROM history_values v "
                                "JOIN history h ON h.origin = v.origin AND h.n = v.n WHERE v.fields != ? "
                                "AND h.kind != 'person_requests'", (ERASED,))
    while rows := cursor.fetchmany(_BATCH):
        for origin, n, kept, record, kind in rows:
            if record in own or person.mentioned_in(_kept_text(kept)):
                found.entries.append(FoundEntry(str(origin), int(n), str(record), str(kind)))
        done += len(rows)
        progress(done, total)
        if cancelled():
            raise Cancelled
    for key, payload in store.conn.execute("SELECT key, payload FROM drafts"):
        if person.mentioned_in(_strings(payload)):
            found.drafts.append(str(key))
    for record_id, incoming in store.conn.execute("SELECT id, incoming FROM sync_conflicts"):
        if person.mentioned_in(_strings(incoming)):
            found.conflicts.append(str(record_id))
    progress(total, total)
    return found


def _kept_text(kept: str) -> str:
    """The values an entry keeps apart, as text to look through ("<salt>:<JSON>")."""
    return _strings(kept.partition(":")[2])


def _strings(text: str) -> str:
    """Every string value of a JSON text, one per line (so that a name is not found across two
    values, nor inside an escape)."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return "\n".join(_walk(value))


def _walk(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
