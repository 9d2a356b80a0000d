"""The records sync carries, read out for a bundle and applied from one under the version guard.

Each record has one writer (its origin) and a version.  Applying keeps, for every id, the highest
version seen: a lower version never overwrites a higher one, a tombstone is never undone by an
older edit, and the same version with other content is kept aside as a conflict.  Applying the
same rows twice, or in another order, therefore ends in the same state — but for a citizen's phone
number, which a bundle may carry empty (db/sync_phones.py): the same version with the phone empty
on one side only is the same record, and the one held first stays.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.roles import Operation, allowed, mask_phone
from ..core.settings import UNIT_CODE
from .connection import Store
from .functions import schema_database
from .personal_erase import forget_from_now_on, take_effect
from .records import utc_now
from .search_index import flush_search

_JSON_TYPES = {"TEXT": "str", "INTEGER": "int"}


def record_columns(conn: sqlite3.Connection, tables: tuple[str, ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each table's columns in the table's order, with the JSON type a bundle carries each as, read
    from the schema on ``conn``: "int" for INTEGER, "str" for TEXT, with "?" when the column may be
    null (a primary key never may, although SQLite would store a null in a TEXT one)."""
    result = {}
    for table in tables:
        columns = []
        for _cid, name, declared, notnull, _default, pk in conn.execute(f"PRAGMA table_info({table})"):
            json_type = _JSON_TYPES.get(declared.upper())
            if json_type is None:
                raise TypeError(f"{table}.{name} is {declared or 'untyped'}: a bundle carries TEXT and INTEGER only")
            columns.append((name, json_type if notnull or pk else json_type + "?"))
        result[table] = tuple(columns)
    return result


# Kinds in the order a bundle carries them: erasures of a person's data first (what follows is then
# deleted for good: db/personal_erase.py), deletions next (a deleted opinion frees its place in
# the meeting before a new one takes it), then a meeting before what hangs from it.  A record
# carries every column of its table, typed as the schema says (read once, from an in-memory
# database with the latest schema: a few milliseconds).
_BUNDLE_ORDER = ("erasures", "tombstones", "officials", "meetings", "opinions", "tasks", "task_history",
                 "publications", "register_entries", "messages")
with contextlib.closing(schema_database()) as _schema:
    KINDS: dict[str, tuple[tuple[str, str], ...]] = record_columns(_schema, _BUNDLE_ORDER)
RECORD_KINDS = tuple(k for k in KINDS if k != "tombstones")  # the tables a tombstone may name
# The columns of each kind that name another record (docs/bundle-format.md, "what an importer must
# check"): all of them must name records of the bundle's sender; a reply names the receiving
# commune's opinion.
REFERENCES: dict[str, tuple[str, ...]] = {
    "opinions": ("meeting_id",), "tasks": ("meeting_id",), "publications": ("meeting_id",),
    "task_history": ("task_id", "meeting_id"), "register_entries": ("meeting_id", "replaces", "superseded_by"),
    "messages": ("opinion_id",),
}
# An opinion's copy of its meeting's date is kept right by a trigger, not by its writer.
_DERIVED = {"opinions": {"held_on"}}
# Columns a bundle may carry empty in place of what the sender holds (a citizen's phone number,
# db/sync_phones.py): empty unless written after the change number given, and an empty value
# against a held one (or the reverse) is not a conflict for the same version.
_WITHHELD = {"opinions": {"phone"}}
_WITHHELD_SQL = {(kind, column): f"CASE WHEN seq > ? THEN {column} ELSE '' END"
                 for kind, columns in _WITHHELD.items() for column in columns}
CHUNK = 2000
# Records with a place in their meeting: (meeting_id, position) is unique, and a bundle that
# reorders a meeting's opinions moves them through places the old rows still hold.  Such a row is
# written out of the way (position + SHIFT) and put in its place when the whole bundle is in
# (settle_positions), when the places it moves through are free again.
POSITIONED = ("opinions", "tasks", "publications")
SHIFT = 1_000_000_000


def outgoing(conn: sqlite3.Connection, *, kinds: tuple[str, ...], origin: str, since: int, upto: int,
             commune: str | None = None, phones_after: int | None = None,
             without: dict[str, tuple[str, ...]] | None = None) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every record of ``kinds`` written by ``origin`` with a change number in (since, upto], as
    (kind, row in KINDS order), kind by kind.  ``commune`` limits messages to the one they are for.
    An opinion's phone is empty unless its change number is after ``phones_after`` (None: every
    phone empty; db/sync_phones.py).  ``without``: per kind, its last columns left out, for a bundle
    of an earlier schema.  Streams from a cursor: a year of changes never sits in memory."""
    for kind in kinds:
        left_out = (without or {}).get(kind, ())
        kept = [c for c, _type in KINDS[kind]]
        if left_out:
            assert tuple(kept[-len(left_out):]) == left_out, "only the last columns of a kind are left out"
            kept = kept[:-len(left_out)]
        columns = ", ".join(_WITHHELD_SQL.get((kind, c), c) for c in kept)
        sql = f"SELECT {columns} FROM {kind} WHERE origin = ? AND seq > ? AND seq <= ?"
        params: tuple[Any, ...] = (origin, since, upto)
        if kind in _WITHHELD:
            params = (upto if phones_after is None else phones_after,) * len(_WITHHELD[kind]) + params
        if kind == "messages" and commune is not None:
            sql += " AND commune = ?"
            params += (commune,)
        for row in conn.execute(sql + " ORDER BY seq, id", params):
            yield kind, row


def count_outgoing(conn: sqlite3.Connection, *, kinds: tuple[str, ...], origin: str, since: int, upto: int,
                   commune: str | None = None, where: str = "") -> int:
    """How many records :func:`outgoing` will give (for a progress bar); ``where``: only those
    matching this SQL condition."""
    total = 0
    for kind in kinds:
        sql = f"SELECT count(*) FROM {kind} WHERE origin = ? AND seq > ? AND seq <= ?"
        if where:
            sql += f" AND ({where})"
        params: tuple[Any, ...] = (origin, since, upto)
        if kind == "messages" and commune is not None:
            sql += " AND commune = ?"
            params += (commune,)
        total += conn.execute(sql, params).fetchone()[0]
    return total


@dataclass
class Applied:
    """What applying did, per kind: rows written (added, changed or deleted), rows already known,
    and conflicts kept aside."""

    written: dict[str, int] = field(default_factory=dict)
    known: int = 0
    conflicts: int = 0
    shifted: dict[str, list[str]] = field(default_factory=dict)

    def note(self, kind: str, n: int) -> None:
        if n:
            self.written[kind] = self.written.get(kind, 0) + n


def _versions(conn: sqlite3.Connection, table: str, ids: list[str]) -> dict[str, int]:
    marks = ", ".join("?" * len(ids))
    return dict(conn.execute(f"SELECT id, version FROM {table} WHERE id IN ({marks})", ids))


def apply_rows(conn: sqlite3.Connection, kind: str, rows: list[tuple[Any, ...]], *, bundle_id: str, applied: Applied) -> None:
    """Apply rows of one kind (tuples in KINDS order, already checked) inside the caller's
    transaction, under the version guard."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        if kind == "tombstones":
            _apply_tombstones(conn, chunk, applied)
        elif kind == "erasures":
            _apply_erasures(conn, chunk, bundle_id, applied)
        else:
            _apply_records(conn, kind, chunk, bundle_id, applied)
    flush_search(conn)  # into the search indexes a batch at a time (db/search_index.py)


def _apply_records(conn: sqlite3.Connection, kind: str, rows: list[tuple[Any, ...]], bundle_id: str, applied: Applied) -> None:
    columns = tuple(c for c, _type in KINDS[kind])
    if kind == "opinions":
        rows = _with_meeting_dates(conn, columns, rows)
    ids = [r[0] for r in rows]
    have = _versions(conn, kind, ids)
    buried = _versions(conn, "tombstones", ids)
    inserts, updates, same = [], [], []
    for row in rows:
        record_id, version = row[0], row[2]
        if buried.get(record_id, 0) >= version or have.get(record_id, 0) > version:
            applied.known += 1
        elif record_id not in have:
            inserts.append(row)
        elif have[record_id] < version:
            updates.append(row)
        else:
            same.append(row)
    if same:
        _compare(conn, kind, columns, same, bundle_id, applied)
    if kind in POSITIONED and (inserts or updates):
        inserts, updates = _out_of_the_way(conn, kind, columns, inserts, updates, applied)
    # Raw executemany on this hot path (bench/sync.py holds it to twice a bare executemany): the
    # inserts, updates and deletions of a chunk stay plain SQL side by side.  sqlite-utils'
    # insert_all was faster for the inserts alone in a first measurement (docs/architecture.md,
    # "SQLite and sqlite-utils"); a change here waits for a full run of bench/sync.py.
    names = ", ".join(columns)
    if inserts:
        conn.executemany("DELETE FROM tombstones WHERE id = ?", [(r[0],) for r in inserts if r[0] in buried])
        conn.executemany(f"INSERT INTO {kind} ({names}) VALUES ({', '.join('?' * len(columns))})", inserts)
    if updates:
        sets = ", ".join(f"{c} = ?" for c in columns[1:])
        conn.executemany(f"UPDATE {kind} SET {sets} WHERE id = ?", [(*r[1:], r[0]) for r in updates])
    applied.note(kind, len(inserts) + len(updates))


def _apply_erasures(conn: sqlite3.Connection, rows: list[tuple[Any, ...]], bundle_id: str, applied: Applied) -> None:
    """Erasures are records under the version guard; each one new here takes effect at once, and
    what the rest of the import deletes is deleted for good (db/personal_erase.py)."""
    before = _versions(conn, "erasures", [r[0] for r in rows])
    _apply_records(conn, "erasures", rows, bundle_id, applied)
    now = _versions(conn, "erasures", [r[0] for r in rows])
    columns = [c for c, _type in KINDS["erasures"]]
    fresh = [dict(zip(columns, r)) for r in rows if now.get(r[0]) == r[2] and before.get(r[0], 0) < r[2]]
    if fresh:
        own = conn.execute("SELECT value FROM settings WHERE key = ?", (UNIT_CODE.key,)).fetchone()
        forget_from_now_on(conn)
        take_effect(conn, fresh, str(own[0]) if own else "")


def _with_meeting_dates(conn: sqlite3.Connection, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Opinions carrying their meeting's date as the data file holds it (the derived copy is the
    data file's to keep, not the sender's to say)."""
    meeting, held = columns.index("meeting_id"), columns.index("held_on")
    ids = sorted({r[meeting] for r in rows})
    dates: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        dates.update(conn.execute(f"SELECT id, held_on FROM meetings WHERE id IN ({', '.join('?' * len(chunk))})",
                                  chunk))
    return [r[:held] + (dates.get(r[meeting], r[held]),) + r[held + 1:] for r in rows]


def _out_of_the_way(conn: sqlite3.Connection, kind: str, columns: tuple[str, ...], inserts: list[tuple[Any, ...]],
                    updates: list[tuple[Any, ...]], applied: Applied) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows to write, those whose place is taken by another row moved out of the way."""
    meeting, place = columns.index("meeting_id"), columns.index("position")
    meetings = sorted({r[meeting] for r in inserts + updates})
    taken: dict[tuple[str, int], str] = {}
    for start in range(0, len(meetings), 500):
        chunk = meetings[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for record_id, meeting_id, position in conn.execute(
                f"SELECT id, meeting_id, position FROM {kind} WHERE meeting_id IN ({marks})", chunk):
            taken[(meeting_id, position)] = record_id
    shifted = applied.shifted.setdefault(kind, [])

    def placed(row: tuple[Any, ...]) -> tuple[Any, ...]:
        key = (row[meeting], row[place])
        if taken.get(key, row[0]) == row[0]:
            taken[key] = row[0]
            return row
        shifted.append(row[0])
        return row[:place] + (row[place] + SHIFT,) + row[place + 1:]

    return [placed(r) for r in inserts], [placed(r) for r in updates]


def settle_positions(conn: sqlite3.Connection, applied: Applied) -> None:
    """Put the rows moved out of the way in their places, once the whole bundle is applied.  A row
    whose place is still held (only after a fork) stays after the others rather than fail."""
    for kind, ids in applied.shifted.items():
        conn.executemany(f"UPDATE OR IGNORE {kind} SET position = position - ? WHERE id = ? AND position > ?",
                         [(SHIFT, record_id, SHIFT) for record_id in ids])


def record_conflict(conn: sqlite3.Connection, *, record_id: str, kind: str, origin: str, version: int,
                    bundle_id: str, incoming: str) -> None:
    """Keep aside a record that came with a version already stored but other content."""
    conn.execute("INSERT OR IGNORE INTO sync_conflicts (id, kind, origin, version, bundle_id, incoming, recorded_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)", (record_id, kind, origin, version, bundle_id, incoming, utc_now()))


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Records that came twice with the same version and different content, kept aside (an
    opinion's phone masked for an account that may not see it in full: docs/roles.md)."""
    cur = store.conn.execute("SELECT id, kind, origin, version, bundle_id, incoming, recorded_at FROM sync_conflicts "
                             "ORDER BY recorded_at, id")
    keys = ("id", "kind", "origin", "version", "bundle_id", "incoming", "recorded_at")
    full = store.user is not None and allowed(store.user.role, Operation.SEE_PHONE_NUMBERS)
    found = [dict(zip(keys, r)) for r in cur]
    for conflict in found if not full else ():
        conflict["incoming"] = _phone_masked(str(conflict["incoming"]))
    return found


def _phone_masked(incoming: str) -> str:
    """A record kept aside with its phone masked; a text that cannot be read, with every number in
    it masked."""
    try:
        record = json.loads(incoming)
    except ValueError:
        return mask_phone(incoming)
    if not isinstance(record, dict):
        return mask_phone(incoming)
    for column in {c for columns in _WITHHELD.values() for c in columns} & record.keys():
        record[column] = mask_phone(str(record[column]))
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _compare(conn: sqlite3.Connection, kind: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], bundle_id: str,
             applied: Applied) -> None:
    skip = {i for i, c in enumerate(columns) if c in _DERIVED.get(kind, ())}
    withheld = {i for i, c in enumerate(columns) if c in _WITHHELD.get(kind, ())}
    marks = ", ".join("?" * len(rows))
    stored = {r[0]: r for r in conn.execute(f"SELECT {', '.join(columns)} FROM {kind} WHERE id IN ({marks})",
                                            [r[0] for r in rows])}
    for row in rows:
        mine = stored[row[0]]
        if all(a == b or (i in withheld and "" in (a, b)) for i, (a, b) in enumerate(zip(row, mine)) if i not in skip):
            applied.known += 1
        else:
            record_conflict(conn, record_id=row[0], kind=kind, origin=row[1], version=row[2], bundle_id=bundle_id,
                            incoming=json.dumps(dict(zip(columns, row)), ensure_ascii=False, sort_keys=True))
            applied.conflicts += 1


def _apply_tombstones(conn: sqlite3.Connection, rows: list[tuple[Any, ...]], applied: Applied) -> None:
    buried = _versions(conn, "tombstones", [r[0] for r in rows])
    written = 0
    for row in rows:
        record_id, kind, version = row[0], row[1], row[3]
        if buried.get(record_id, 0) >= version:
            applied.known += 1
            continue
        current = conn.execute(f"SELECT version FROM {kind} WHERE id = ?", (record_id,)).fetchone()
        if current is not None and current[0] >= version:  # put back after this deletion
            applied.known += 1
            continue
        if current is not None:
            if kind == "meetings":  # another office's entry naming it was let in by an earlier version
                conn.execute("DELETE FROM register_entries WHERE meeting_id = ? AND origin != ?", (record_id, row[2]))
            conn.execute(f"DELETE FROM {kind} WHERE id = ?", (record_id,))
        conn.execute("INSERT OR REPLACE INTO tombstones (id, kind, origin, version, seq, deleted_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", row)
        written += 1
    applied.note("tombstones", written)
