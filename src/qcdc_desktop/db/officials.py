"""Officials of the office (who chairs, who signs) and their titles."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..core.changes import Changes
from ..core.roles import Operation
from ..core.errors import NotFound, QcdcError
from ..core.ids import IdMaker
from ..core.model import Official
from ..core.officials import clean_official
from ..l10n import _
from .connection import Store
from .functions import utils_db
from .records import take_seq, utc_now
from .units import office_label


_COLUMNS = ("id", "origin", "version", "seq", "updated_at", "name", "title", "track", "active")


def insert_officials(conn: sqlite3.Connection, officials: list[Official], *, origin: str, make_id: IdMaker) -> Changes:
    """Insert officials inside the caller's transaction."""
    now = utc_now()
    seq = take_seq(conn, origin, len(officials))
    rows = []
    for offset, official in enumerate(officials):
        official.id = make_id()
        rows.append((official.id, origin, 1, seq + offset, now, official.name, official.title, official.track,
                     int(official.active)))
    utils_db(conn).table("officials").insert_all([_COLUMNS, *rows])
    changes = Changes()
    changes.note("added", "officials", [r[0] for r in rows])
    return changes


def list_officials(store: Store, *, active_only: bool = True) -> list[Official]:
    sql = "SELECT id, name, title, track, active FROM officials"
    if active_only:
        sql += " WHERE active = 1"
    return [Official(id=i, name=n, title=t, track=tr, active=bool(a))
            for i, n, t, tr, a in store.conn.execute(sql + " ORDER BY rowid")]


# ---- operations submitted to the database worker (Database.submit); each returns Changes


def add_official(store: Store, *, name: str, title: str, track: str = "state",
                 make_id: IdMaker | None = None) -> Changes:
    """Add one official of this office."""
    store.require(Operation.MANAGE_OFFICIALS)
    official = clean_official(name, title, track)
    origin = store.origin
    with store.transaction() as conn:
        return insert_officials(conn, [official], origin=origin, make_id=make_id or IdMaker(origin))


def _own_official(store: Store, official_id: str) -> None:
    row = store.conn.execute("SELECT origin FROM officials WHERE id = ?", (official_id,)).fetchone()
    if row is None:
        raise NotFound(_("There is no official with id %(id)s.") % {"id": official_id[:40]})
    if row[0] != store.origin:
        raise QcdcError(_("This official belongs to the records of %(office)s and cannot be changed here.")
                        % {"office": office_label(str(row[0]))})


def _touch(conn: sqlite3.Connection, store: Store, official_id: str, sets: str, values: tuple[Any, ...]) -> Changes:
    """Update one official and its bookkeeping: a new version and the next change counter."""
    seq = take_seq(conn, store.origin)
    conn.execute(f"UPDATE officials SET {sets}, version = version + 1, seq = ?, updated_at = ? WHERE id = ?",
                 (*values, seq, utc_now(), official_id))
    changes = Changes()
    changes.note("updated", "officials", [official_id])
    return changes


def update_official(store: Store, *, official_id: str, name: str, title: str, track: str = "state") -> Changes:
    """Change the name, title and track of one of this office's officials."""
    store.require(Operation.MANAGE_OFFICIALS)
    official = clean_official(name, title, track)
    with store.transaction() as conn:
        _own_official(store, official_id)
        return _touch(conn, store, official_id, "name = ?, title = ?, track = ?",
                      (official.name, official.title, official.track))


def set_official_active(store: Store, *, official_id: str, active: bool) -> Changes:
    """Mark an official inactive (left the office: kept for the documents that name them) or
    active again.  Officials are never deleted."""
    store.require(Operation.MANAGE_OFFICIALS)
    with store.transaction() as conn:
        _own_official(store, official_id)
        return _touch(conn, store, official_id, "active = ?", (int(active),))
