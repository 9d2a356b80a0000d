"""The search indexes brought up to date: the notes the triggers left in ``search_pending``
(db/schema_search.py) handed to the full-text tables in batches, in the order they were made.

Called before every commit (``Store.seal_history``), by a bulk write after each batch so that the
notes never pile up, and before anything reads the indexes inside a write transaction (a search
for a person to erase).  A connection without the table (a file being migrated) has nothing to do.
"""

from __future__ import annotations

import logging
import sqlite3
from itertools import groupby

from .schema_search import STAGED_KINDS

log = logging.getLogger(__name__)

#: Notes read and handed over at a time: memory stays bounded for a transaction of any size.
CHUNK = 20_000

_INSERT = {kind: f"INSERT INTO {kind}_fts (rowid, body) VALUES (?, ?)" for kind in STAGED_KINDS}
_DELETE = {kind: f"INSERT INTO {kind}_fts ({kind}_fts, rowid, body) VALUES ('delete', ?, ?)" for kind in STAGED_KINDS}


def has_staging(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_pending'"
                        ).fetchone() is not None


def flush_search(conn: sqlite3.Connection) -> int:
    """Hand the pending notes to the indexes and forget them; how many there were.  Inside the
    caller's write transaction.  A note that is not one the triggers write (an unknown index or
    operation, put there by hand) is dropped with a line in the log: it cannot be applied, and
    keeping it would stop every later write.  A file of a version before the table (written by a
    migration's tests, or read during an upgrade) has nothing to hand over."""
    if not has_staging(conn) or conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
        return 0
    done, after = 0, 0
    while True:
        notes = conn.execute("SELECT id, kind, op, target, body FROM search_pending WHERE id > ? ORDER BY id LIMIT ?",
                             (after, CHUNK)).fetchall()
        if not notes:
            break
        after = notes[-1][0]
        for (kind, op), run in groupby(notes, key=lambda note: (note[1], note[2])):
            rows = [(target, body) for _id, _kind, _op, target, body in run
                    if isinstance(target, int) and isinstance(body, str)]
            statement = (_INSERT if op == "insert" else _DELETE if op == "delete" else {}).get(kind)
            if statement is None:
                log.warning("search note of an unknown kind or operation dropped: %r %r", kind, op)
                continue
            conn.executemany(statement, rows)
        done += len(notes)
    conn.execute("DELETE FROM search_pending")
    return done
