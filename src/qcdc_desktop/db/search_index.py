"""The search indexes brought up to date: the notes the triggers left in ``search_pending``
(db/schema_search.py) handed to the full-text tables in batches, in the order they were made, each
index's deletions before its insertions where that changes nothing: over the whole transaction when
no record of it was deleted after it was inserted (an erasure, a retention), otherwise in phases
within each batch (:func:`_phases`).  FTS5 then writes the insertions together instead of flushing
them to disk at every deletion between them.

Called before every commit (``Store.seal_history``), by a bulk write after each batch so that the
notes never pile up, and before anything reads the indexes inside a write transaction (a search
for a person to erase).  A connection without the table (a file being migrated) has nothing to do.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from .schema_search import STAGED_KINDS

log = logging.getLogger(__name__)

#: Notes read and handed over at a time: memory stays bounded for a transaction of any size.
CHUNK = 20_000

_INSERT = {kind: f"INSERT INTO {kind}_fts (rowid, body) VALUES (?, ?)" for kind in STAGED_KINDS}
_DELETE = {kind: f"INSERT INTO {kind}_fts ({kind}_fts, rowid, body) VALUES ('delete', ?, ?)" for kind in STAGED_KINDS}


def has_staging(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_pending'"
                        ).fetchone() is not None


Phase = dict[str, tuple[list[tuple[int, str]], list[tuple[int, str]]]]


def _phases(notes: list[tuple[Any, ...]]) -> list[Phase]:
    """The notes, in their order, as phases in each of which every index takes its deletions first
    and then its insertions: in a phase a row is deleted, inserted, or deleted then inserted (its
    text changed), so taking the deletions first changes nothing of what the indexes hold; a row
    deleted after it was inserted starts the next phase.  FTS5 then writes a phase's insertions as
    one batch, instead of flushing them to disk at every deletion between them (an erasure changes
    thousands of rows, each a deletion and an insertion, with secure-delete on)."""
    phases: list[Phase] = []
    phase: Phase = {}
    inserted: set[tuple[str, int]] = set()
    for _id, kind, op, target, body in notes:
        if kind not in _INSERT or op not in ("insert", "delete"):
            log.warning("search note of an unknown kind or operation dropped: %r %r", kind, op)
            continue
        if not isinstance(target, int) or not isinstance(body, str):
            continue
        if op == "delete" and (kind, target) in inserted:
            phases.append(phase)
            phase, inserted = {}, set()
        deletes, inserts = phase.setdefault(kind, ([], []))
        if op == "delete":
            deletes.append((target, body))
        else:
            inserts.append((target, body))
            inserted.add((kind, target))
    phases.append(phase)
    return phases


def _in_phases(conn: sqlite3.Connection) -> int:
    done, after = 0, 0
    while True:
        notes = conn.execute("SELECT id, kind, op, target, body FROM search_pending WHERE id > ? ORDER BY id LIMIT ?",
                             (after, CHUNK)).fetchall()
        if not notes:
            return done
        after = notes[-1][0]
        for phase in _phases(notes):
            for kind, (deletes, inserts) in phase.items():
                conn.executemany(_DELETE[kind], deletes)
                conn.executemany(_INSERT[kind], inserts)
        done += len(notes)


def _deletions_may_come_first(conn: sqlite3.Connection) -> bool:
    """Whether no record of the notes was deleted after it was inserted: then every deletion of the
    whole transaction may go before every insertion (an erasure of a million opinions: one phase,
    however many batches of notes it takes)."""
    return conn.execute(
        "SELECT 1 FROM search_pending GROUP BY kind, target HAVING max(CASE WHEN op = 'delete' THEN id END) "
        "> min(CASE WHEN op = 'insert' THEN id END) LIMIT 1").fetchone() is None


def _in_two_passes(conn: sqlite3.Connection) -> None:
    """Every deletion, then every insertion, each in the notes' order and in batches."""
    for kind, op in conn.execute("SELECT DISTINCT kind, op FROM search_pending").fetchall():
        if kind not in _INSERT or op not in ("insert", "delete"):
            log.warning("search note of an unknown kind or operation dropped: %r %r", kind, op)
    for op, statements in (("delete", _DELETE), ("insert", _INSERT)):
        after = 0
        while True:
            notes = conn.execute(
                "SELECT id, kind, target, body FROM search_pending WHERE op = ? AND id > ? "
                "AND typeof(target) = 'integer' AND typeof(body) = 'text' ORDER BY id LIMIT ?",
                (op, after, CHUNK)).fetchall()
            if not notes:
                break
            after = notes[-1][0]
            for kind in {note[1] for note in notes} & set(statements):
                conn.executemany(statements[kind], [(t, b) for _id, k, t, b in notes if k == kind])


def flush_search(conn: sqlite3.Connection) -> int:
    """Hand the pending notes to the indexes and forget them; how many there were.  Inside the
    caller's write transaction.  A note that is not one the triggers write (an unknown index or
    operation, put there by hand) is dropped with a line in the log: it cannot be applied, and
    keeping it would stop every later write.  A file of a version before the table (written by a
    migration's tests, or read during an upgrade) has nothing to hand over."""
    if not has_staging(conn) or conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
        return 0
    count: int = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    if count > CHUNK and _deletions_may_come_first(conn):
        _in_two_passes(conn)
        done = count
    else:
        done = _in_phases(conn)
    conn.execute("DELETE FROM search_pending")
    return done
