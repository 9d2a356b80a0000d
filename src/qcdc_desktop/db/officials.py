"""Officials of the office (who chairs, who signs) and their titles."""

from __future__ import annotations

import sqlite3

from ..core.changes import Changes
from ..core.ids import IdMaker
from ..core.model import Official
from .connection import Store
from .records import take_seq, utc_now


def insert_officials(conn: sqlite3.Connection, officials: list[Official], *, origin: str, make_id: IdMaker) -> Changes:
    """Insert officials inside the caller's transaction."""
    now = utc_now()
    seq = take_seq(conn, origin, len(officials))
    rows = []
    for offset, official in enumerate(officials):
        official.id = make_id()
        rows.append((official.id, origin, 1, seq + offset, now, official.name, official.title, official.track,
                     int(official.active)))
    conn.executemany(
        "INSERT INTO officials (id, origin, version, seq, updated_at, name, title, track, active) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    changes = Changes()
    changes.note("added", "officials", [r[0] for r in rows])
    return changes


def list_officials(store: Store, *, active_only: bool = True) -> list[Official]:
    sql = "SELECT id, name, title, track, active FROM officials"
    if active_only:
        sql += " WHERE active = 1"
    return [Official(id=i, name=n, title=t, track=tr, active=bool(a))
            for i, n, t, tr, a in store.conn.execute(sql + " ORDER BY rowid")]
