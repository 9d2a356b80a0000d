"""The search indexes brought up to date: the notes the triggers left in ``search_pending``
(db/schema_search.py) handed to the full-text tables in batches, in the order they were made, each
index's deletions before its insertions where that changes nothing: over the whole transaction when
no record of it was deleted after it was inserted (an erasure, a retention), otherwise in phases
within each batch (:func:`_phases`).  FTS5 then writes the insertions together instead of flushing
them to disk at every deletion between them.

An erasure under way (FTS5's secure-delete on for an index) that deletes a large share of an
index's records — a retention over years of opinions — makes that index afresh from the records
instead (:func:`_made_afresh`): each secure deletion rewrites the index's pages that hold the
record's words, and costs more the larger the index is (on a million opinions, ten thousand of
them took over a minute), while making it afresh costs one insertion per record.  The old words
go with the old index, whose freed pages are overwritten (``PRAGMA secure_delete``,
db/connection.py).

Called before every commit (``Store.seal_history``), by a bulk write after each batch so that the
notes never pile up, and before anything reads the indexes inside a write transaction (a search
for a person to erase).  A connection without the table (a file being migrated) has nothing to do.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .schema import SEARCH_TEXT
from .schema_search import STAGED_KINDS

log = logging.getLogger(__name__)

#: Notes read and handed over at a time: memory stays bounded for a transaction of any size.
CHUNK = 20_000
#: An index taking at least this many secure deletions in one transaction, and at least one for
#: every ``AFRESH_SHARE`` of its records, is made afresh (docs/performance.md, "Bulk writes at a
#: million").  Measured on a million opinions: ten thousand secure deletions took over a minute,
#: making the whole index afresh 59–69 s; one in fifty is where the two meet.
AFRESH_FROM = 2_000
AFRESH_SHARE = 50

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


def _secure_deletes(conn: sqlite3.Connection, kind: str) -> bool:
    row = conn.execute(f"SELECT v FROM {kind}_fts_config WHERE k = 'secure-delete'").fetchone()
    return bool(row and row[0])


def _rebuild(conn: sqlite3.Connection, kind: str) -> int:
    """``kind``'s index made afresh from its records, in batches, and its notes forgotten; how
    many notes that was."""
    conn.execute(f"INSERT INTO {kind}_fts ({kind}_fts) VALUES ('delete-all')")
    text, after = SEARCH_TEXT[kind].format(r=kind), 0
    while True:
        rows = conn.execute(f"SELECT rowid, qcdc_fold({text}) FROM {kind} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                            (after, CHUNK)).fetchall()
        if not rows:
            break
        after = rows[-1][0]
        conn.executemany(_INSERT[kind], rows)
    dropped: int = conn.execute("DELETE FROM search_pending WHERE kind = ?", (kind,)).rowcount
    return dropped


def worth_making_afresh(conn: sqlite3.Connection, kind: str, deletions: int) -> bool:
    """Whether ``deletions`` secure deletions from ``kind``'s index cost more than making it afresh."""
    if deletions < AFRESH_FROM:
        return False
    (records,) = conn.execute(f"SELECT count(*) FROM {kind}").fetchone()
    return bool(deletions * AFRESH_SHARE >= records)


def _made_afresh(conn: sqlite3.Connection) -> int:
    """The indexes whose notes are secure deletions of a large share of their records made afresh
    from the records, and their notes forgotten; how many notes that was.  The result is what the
    notes would have left: the index of the records as they now are."""
    done = 0
    secure = [kind for kind in STAGED_KINDS if _secure_deletes(conn, kind)]
    if not secure:
        return 0
    counts = conn.execute("SELECT kind, count(*) FROM search_pending WHERE op = 'delete' GROUP BY kind").fetchall()
    for kind, deletions in counts:
        if kind in secure and worth_making_afresh(conn, kind, deletions):
            log.info("the %s search index made afresh: %d secure deletions", kind, deletions)
            done += _rebuild(conn, kind)
    return done


@contextmanager
def made_afresh_at_the_end(conn: sqlite3.Connection, kind: str) -> Iterator[None]:
    """Inside the caller's write transaction, for a write that changes most of ``kind``'s records
    (a retention over years): the triggers that note those records' text for the index are taken
    away, so that nothing is folded and noted only to be undone, and on leaving they are put back
    as they were and the index is made afresh from the records.  In between, a search of ``kind``
    inside the transaction does not see its changes.  Both are changes of the schema inside the
    transaction: a rollback (an error, Cancel, a power cut) puts the triggers back as they were."""
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                            "AND name IN (?, ?, ?) ORDER BY name",
                            (kind, *(f"{kind}_fts_{event}" for event in ("delete", "insert", "update")))).fetchall()
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    yield
    for _name, sql in triggers:
        conn.execute(sql)
    log.info("the %s search index made afresh at the end of a large change", kind)
    _rebuild(conn, kind)


def flush_search(conn: sqlite3.Connection) -> int:
    """Hand the pending notes to the indexes and forget them; how many there were.  Inside the
    caller's write transaction.  A note that is not one the triggers write (an unknown index or
    operation, put there by hand) is dropped with a line in the log: it cannot be applied, and
    keeping it would stop every later write.  A file of a version before the table (written by a
    migration's tests, or read during an upgrade) has nothing to hand over."""
    if not has_staging(conn) or conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
        return 0
    afresh = _made_afresh(conn)
    count: int = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    if count > CHUNK and _deletions_may_come_first(conn):
        _in_two_passes(conn)
        done = count
    else:
        done = _in_phases(conn)
    conn.execute("DELETE FROM search_pending")
    return afresh + done
