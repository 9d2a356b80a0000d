"""The office's history in the data file (docs/history.md): the notes the triggers write become
chained entries before each transaction commits; verifying the chain.  Reading the entries back
is db/history_entries.py.

``seal`` is called by every write transaction just before COMMIT (``Store.transaction`` and the
import's ``apply_transaction``), so the entries of a change commit with it or not at all.  The
notes it turns into entries are written by triggers (db/schema_history.py, ``HISTORY_TRACKED``) in the
very statements that change the records: a change cannot be written without its note, and a note
left over after a commit (a change written by another program with the file's key) is named by
:func:`verify`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..core.errors import Cancelled
from ..core.history import (
    DELETE,
    ERASED,
    EVENT,
    GENESIS,
    UPDATE,
    Actor,
    Change,
    chain_hash,
    Sealed,
    clean_reason,
    seal as seal_entries,
    seal_note_chunks,
    seal_notes,
    values_match,
)
from ..core.serialize import canonical_text
from ..core.settings import UNIT_CODE
from ..l10n import _, format_number
from .records import take_seq

#: Tables whose own-office records carry a change counter: a record changed after the last
#: entry means the chain was cut short.
_COUNTED_AT_BEGIN = ("meetings", "opinions", "tasks", "publications", "officials", "register_entries", "messages",
                     "tombstones")  # as a file holds them when its history begins (migration 0010)
_COUNTED = (*_COUNTED_AT_BEGIN, "erasures")


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def has_history(conn: sqlite3.Connection) -> bool:
    """Whether the file's schema has the history (a file being migrated may not yet)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history_pending'"
                        ).fetchone() is not None


def note_event(conn: sqlite3.Connection, kind: str, record: str, values: Mapping[str, Any]) -> None:
    """Note an event (an import, a backup, a restore) to be sealed with the transaction it is in."""
    # Named on one line in NFC, as the upper level's gate requires of an entry (a file's name may not be).
    conn.execute("INSERT INTO history_pending (kind, record, action, plain) VALUES (?, ?, ?, ?)",
                 (clean_reason(kind), clean_reason(record), EVENT,
                  canonical_text({name: [None, value] for name, value in values.items()})))


def head(conn: sqlite3.Connection, origin: str) -> tuple[int, str]:
    """The number and hash of the last entry of ``origin``'s chain here (0 and GENESIS for none)."""
    row = conn.execute("SELECT n, hash FROM history WHERE origin = ? ORDER BY n DESC LIMIT 1", (origin,)).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def _origin(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (UNIT_CODE.key,)).fetchone()
    return str(row[0]) if row else ""


def next_group(conn: sqlite3.Connection) -> tuple[int, str]:
    """The group and the time of the entries a transaction seals from now on: the number the next
    entry of this office's chain takes, and this moment."""
    return head(conn, _origin(conn))[0] + 1, _utc_now()


def seal(conn: sqlite3.Connection, actor: Actor, reason: str = "", *, at: str | None = None,
         group: int | None = None, values_erased: bool = False) -> int:
    """Turn the notes of the open transaction into entries of this office's chain, naming
    ``actor`` and ``reason``; return how many entries were written.  ``group`` and ``at`` continue
    a transaction whose first notes were sealed already (db/batch_seal.py).  ``values_erased``:
    the entries' personal values are stored erased from the start, their digests committed to as
    ever (an erasure, whose own entries' values before are what it erases)."""
    notes = conn.execute("SELECT kind, record, action, meeting, plain, apart FROM history_pending ORDER BY id "
                         "LIMIT ?", (SEAL_CHUNK + 1,)).fetchall()
    if not notes:
        return 0
    origin = _origin(conn)
    head_n, head_hash = head(conn, origin)
    at, reason = at or _utc_now(), clean_reason(reason)  # whoever gave it
    if len(notes) > SEAL_CHUNK and not reason_asked(conn):
        written = 0
        for sealed in seal_note_chunks(_chunks(conn), _lasts_of_repeated(conn), origin=origin, head_n=head_n,
                                       head_hash=head_hash, at=at, actor=actor, reason=reason, group=group):
            _write(conn, origin, sealed, erased=values_erased)
            written += len(sealed)
        conn.execute("DELETE FROM history_pending")
        return written
    if len(notes) > SEAL_CHUNK:  # a large transaction that deleted or cancelled: sealed at once
        notes = conn.execute("SELECT kind, record, action, meeting, plain, apart FROM history_pending ORDER BY id"
                             ).fetchall()
    conn.execute("DELETE FROM history_pending")
    sealed = seal_notes(notes, origin=origin, head_n=head_n, head_hash=head_hash, at=at, actor=actor, reason=reason,
                        group=group)
    _write(conn, origin, sealed, erased=values_erased)
    return len(sealed)


#: Notes sealed a chunk at a time past this many, so that a transaction of a million records (a
#: demo, a large register) seals in bounded memory.
SEAL_CHUNK = 20_000


def reason_asked(conn: sqlite3.Connection) -> bool:
    """Whether the open transaction deleted a record or cancelled a document: then its reason
    goes with those entries only (``core.history._reasoned``), which needs all its notes at once."""
    return conn.execute("SELECT 1 FROM history_pending WHERE action = ? OR (kind = 'register_entries' AND action = ? "
                        "AND plain LIKE '%\"cancelled\":[%') LIMIT 1", (DELETE, UPDATE)).fetchone() is not None


def _lasts_of_repeated(conn: sqlite3.Connection) -> dict[tuple[str, str], Any]:
    """The last note of each record noted more than once in the open transaction (few of them)."""
    rows = conn.execute("SELECT kind, record, action, meeting, plain, apart FROM history_pending WHERE id IN ("
                        "SELECT max(id) FROM history_pending WHERE action != ? GROUP BY kind, record "
                        "HAVING count(*) > 1)", (EVENT,)).fetchall()
    return {(row[0], row[1]): tuple(row) for row in rows}


def _chunks(conn: sqlite3.Connection) -> Iterator[list[Any]]:
    """The open transaction's notes in order, :data:`SEAL_CHUNK` at a time."""
    after = 0
    while True:
        rows = conn.execute("SELECT id, kind, record, action, meeting, plain, apart FROM history_pending "
                            "WHERE id > ? ORDER BY id LIMIT ?", (after, SEAL_CHUNK)).fetchall()
        if not rows:
            return
        after = rows[-1][0]
        yield [tuple(row[1:]) for row in rows]


# ---- verifying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What the check of one office's chain found: ``broken_at`` None when it holds."""

    origin: str
    entries: int
    head_hash: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def sentence(self) -> str:
        if self.broken_at is None:
            return _("The history of %(office)s holds: %(n)s entries, each one chained to the one before.") % {
                "office": self.origin, "n": format_number(self.entries)}
        return _("The history of %(office)s is broken at entry %(n)d: %(problem)s") % {
            "office": self.origin, "n": self.broken_at, "problem": self.problem}


@contextmanager
def _one_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Read the file as of one moment: a read transaction (the file is in WAL mode) sees none of
    what other connections commit meanwhile, so a check never sees a change without its entries.
    Inside a transaction already open, that one's moment."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")  # read only


def verify(conn: sqlite3.Connection, origin: str, *, own: bool = True,
           cancelled: Callable[[], bool] | None = None) -> Verdict:
    """Check ``origin``'s chain here: numbers 1, 2, 3… with no gap, each hash over the one before
    and the body, the body naming its office and number, each kept value the one committed to;
    for this office's own chain (``own``) also that nothing was written without its entry and
    that the chain was not cut short (records changed after its last entry, or a head that an
    earlier bundle carried and that is no longer in the chain).  Reads the file as of one moment."""
    with _one_snapshot(conn):
        return _verify(conn, origin, own=own, cancelled=cancelled)


def _verify(conn: sqlite3.Connection, origin: str, *, own: bool, cancelled: Callable[[], bool] | None) -> Verdict:
    expected, previous = 1, GENESIS
    cursor = conn.execute("SELECT h.n, h.body, h.hash, v.fields FROM history h LEFT JOIN history_values v "
                          "ON v.origin = h.origin AND v.n = h.n WHERE h.origin = ? ORDER BY h.n", (origin,))
    for n, body, entry_hash, values in cursor:
        if cancelled is not None and n % 10_000 == 0 and cancelled():
            raise Cancelled()
        if n != expected:
            return Verdict(origin, expected - 1, previous, expected,
                           _("entry %(n)d is missing (the next one kept is %(next)d).") % {"n": expected, "next": n})
        if chain_hash(previous, body) != entry_hash:
            return Verdict(origin, n - 1, previous, n,
                           _("entry %(n)d is not the one the chain was built with: it was changed, put in, "
                             "or moved from another place.") % {"n": n})
        if f',"n":{n},"origin":{json.dumps(origin)},' not in body:
            return Verdict(origin, n - 1, previous, n,
                           _("entry %(n)d names another office or another place in the chain.") % {"n": n})
        if not values_match(body, values):
            return Verdict(origin, n - 1, previous, n,
                           _("the personal values kept for entry %(n)d are not the ones it recorded.") % {"n": n})
        previous = entry_hash
        expected += 1
    last = expected - 1
    if own:
        problem = _cut_short(conn, origin, last, previous)
        if problem:
            return Verdict(origin, last, previous, last + 1, problem)
    return Verdict(origin, last, previous)


def _cut_short(conn: sqlite3.Connection, origin: str, last: int, last_hash: str) -> str:
    (notes,) = conn.execute("SELECT count(*) FROM history_pending").fetchone()
    if notes:
        return _("%(count)d changes were written without their history entries (by another program "
                 "holding the file's key).") % {"count": notes}
    row = conn.execute("SELECT seq FROM history WHERE origin = ? AND n = ?", (origin, last)).fetchone()
    last_seq = int(row[0]) if row else 0
    # Each transaction's entries take the office's last change numbers: the counter is the last
    # entry's, unless entries after it were removed.
    counted = conn.execute("SELECT counter FROM origins WHERE origin = ?", (origin,)).fetchone()
    if last and counted and int(counted[0]) > last_seq:
        return _("the office's changes go on after the last entry of the history: its last entries were "
                 "removed.")
    for table in _COUNTED:
        found = conn.execute(f"SELECT id FROM {table} WHERE origin = ? AND seq > ? LIMIT 1",
                             (origin, last_seq)).fetchone()
        if found:
            return _("record %(id)s was changed after the last entry of the history: the last entries were "
                     "removed, or another program changed the record.") % {"id": found[0]}
    for n, expected_hash in conn.execute("SELECT history_n, history_hash FROM sync_bundles_out "
                                         "WHERE history_n > 0 ORDER BY history_n"):
        if n > last:
            return _("a bundle already sent carried entry %(n)d, which is no longer here: the history "
                     "was cut short.") % {"n": n}
        (kept,) = conn.execute("SELECT hash FROM history WHERE origin = ? AND n = ?", (origin, n)).fetchone()
        if kept != expected_hash:
            return _("entry %(n)d is not the one a bundle already sent carried: the history was "
                     "rewritten.") % {"n": n}
    return ""


def problems(conn: sqlite3.Connection, own: str, *, cancelled: Callable[[], bool] | None = None) -> list[str]:
    """Every chain here that does not verify, each in a sentence: this office's own (``own``), and
    at the upper level the communes' as they arrived."""
    with _one_snapshot(conn):
        if not has_history(conn):
            return []
        found = []
        for origin in sorted(set(origins(conn)) | {own}):
            verdict = verify(conn, origin, own=origin == own, cancelled=cancelled)
            if not verdict.ok:
                found.append(verdict.sentence())
        return found


def origins(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT origin FROM history ORDER BY origin")]


def pending_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM history_pending").fetchone()[0])


# ---- the beginning of the history of a file of an earlier version --------------------------------


def begin(conn: sqlite3.Connection) -> None:
    """Start the chain of a file that had records before it had a history (migration
    0010_history): first the follow-up changes its task history kept, as they were recorded, then
    one entry saying what the file held when its history began — per kind the number of the
    office's records and a digest of their ids and versions — so that everything after it is
    explained by the chain."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (UNIT_CODE.key,)).fetchone()
    if row is None:
        return  # an empty file: its history begins with its first change
    origin = str(row[0])
    # A file written by hand or by an old tool may hold a record numbered past the counter; the
    # history starts after every number used.
    used = max(int(conn.execute(f"SELECT coalesce(max(seq), 0) FROM {table} WHERE origin = ?", (origin,)).fetchone()[0])
               for table in (*_COUNTED_AT_BEGIN, "task_history"))
    conn.execute("INSERT OR IGNORE INTO origins (origin, counter) VALUES (?, 0)", (origin,))
    conn.execute("UPDATE origins SET counter = max(counter, ?) WHERE origin = ?", (used, origin))
    for (task_id, changed_at, changed_by, state_before, state, result, completed_on,
         reply_doc) in conn.execute("SELECT task_id, changed_at, changed_by, state_before, state, result, "
                                    "completed_on, reply_doc FROM task_history WHERE origin = ? "
                                    "ORDER BY changed_at, seq, id", (origin,)).fetchall():
        change = Change("tasks", task_id, UPDATE, {"state": state_before},
                        {"state": state, "result": result, "completed_on": completed_on, "reply_doc": reply_doc})
        _store(conn, origin, [change], Actor("", changed_by), "", changed_at)
    held: dict[str, Any] = {}
    for table in _COUNTED_AT_BEGIN:
        digest = hashlib.sha256()
        number = 0
        for record_id, version in conn.execute(f"SELECT id, version FROM {table} WHERE origin = ? ORDER BY id",
                                               (origin,)):
            digest.update(f"{record_id}:{version}\n".encode("utf-8"))
            number += 1
        held[table] = {"count": number, "digest": digest.hexdigest()}
    _store(conn, origin, [Change("history", "begin", EVENT, None, held)], Actor(), "", _utc_now())


def _store(conn: sqlite3.Connection, origin: str, changes: list[Change], actor: Actor, reason: str, at: str) -> None:
    head_n, head_hash = head(conn, origin)
    _write(conn, origin, seal_entries(changes, origin=origin, head_n=head_n, head_hash=head_hash, at=at,
                                      actor=actor, reason=reason))


def _write(conn: sqlite3.Connection, origin: str, sealed: list[Sealed], *, erased: bool = False) -> None:
    if not sealed:
        return
    first_seq = take_seq(conn, origin, len(sealed))
    conn.executemany("INSERT INTO history (origin, n, seq, body, hash) VALUES (?, ?, ?, ?, ?)",
                     [(origin, e.n, first_seq + i, e.body, e.hash) for i, e in enumerate(sealed)])
    conn.executemany("INSERT INTO history_values (origin, n, fields) VALUES (?, ?, ?)",
                     [(origin, e.n, ERASED if erased else e.values) for e in sealed if e.values])
