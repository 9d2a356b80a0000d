"""Meetings with their opinions, conclusions and publications: write operations and reads."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from ..core.changes import Changes
from ..core.roles import Operation
from ..core.ids import IdMaker
from ..core.model import Meeting
from . import cipher
from .connection import Store
from .search_index import flush_search
from .records import (
    MEETING_COLUMNS,
    OPINION_COLUMNS,
    PUBLICATION_COLUMNS,
    TASK_COLUMNS,
    meeting_from_row,
    meeting_row,
    opinion_from_row,
    opinion_row,
    publication_from_row,
    publication_row,
    insert_rows,
    take_seq,
    task_from_row,
    task_row,
    utc_now,
)

T = TypeVar("T")


def _records_in(meetings: list[Meeting]) -> int:
    return sum(1 + len(m.opinions) + len(m.conclusions) + len(m.publications) for m in meetings)


def insert_meetings(conn: sqlite3.Connection, meetings: list[Meeting], *, origin: str,
                    make_id: IdMaker, now: str | None = None) -> Changes:
    """Insert validated meetings and everything under them, inside the caller's transaction.

    Ids are assigned to the records in place.
    """
    now = now or utc_now()
    seq = take_seq(conn, origin, _records_in(meetings))
    rows_m, rows_o, rows_t, rows_p = [], [], [], []
    for m in meetings:
        m.id = make_id()
        rows_m.append(meeting_row(m, origin, seq, now))
        seq += 1
        for position, o in enumerate(m.opinions, start=1):
            o.id = make_id()
            rows_o.append(opinion_row(o, m, position, origin, seq, now))
            seq += 1
        for position, t in enumerate(m.conclusions, start=1):
            t.id = make_id()
            rows_t.append(task_row(t, m, position, origin, seq, now))
            seq += 1
        for position, p in enumerate(m.publications, start=1):
            p.id = make_id()
            rows_p.append(publication_row(p, m, position, origin, seq, now))
            seq += 1
    # Many rows a statement: the demo and a register's import, which come through here, write in
    # about two thirds of the time executemany took (row by row).
    for table, columns, rows in (("meetings", MEETING_COLUMNS, rows_m), ("opinions", OPINION_COLUMNS, rows_o),
                                 ("tasks", TASK_COLUMNS, rows_t), ("publications", PUBLICATION_COLUMNS, rows_p)):
        insert_rows(conn, table, columns, rows)
    flush_search(conn)  # a bulk write's batches leave nothing piling up for the commit
    changes = Changes()
    changes.note("added", "meetings", [r[0] for r in rows_m])
    changes.note("added", "opinions", [r[0] for r in rows_o])
    changes.note("added", "tasks", [r[0] for r in rows_t])
    changes.note("added", "publications", [r[0] for r in rows_p])
    return changes


def add_meetings(store: Store, *, meetings: list[Meeting], make_id: IdMaker | None = None) -> Changes:
    """Add meetings in one transaction: all of them or none."""
    store.require(Operation.RECORD_MEETINGS)
    origin = store.origin
    with store.transaction() as conn:
        return insert_meetings(conn, meetings, origin=origin, make_id=make_id or IdMaker(origin))


def _children(cursor: sqlite3.Cursor, table: str, meeting_id: str) -> list[sqlite3.Row]:
    return cursor.execute(f"SELECT * FROM {table} WHERE meeting_id = ? ORDER BY position", (meeting_id,)).fetchall()


def _readable(rows: Iterable[sqlite3.Row], convert: Callable[[sqlite3.Row], T], skipped: list[str] | None) -> list[T]:
    """The records of ``rows``; one whose stored values cannot be read (a date that is not one, a
    list that is not JSON) raises, or with ``skipped`` is left out and its id noted there."""
    result = []
    for row in rows:
        try:
            result.append(convert(row))
        except (ValueError, TypeError, KeyError, AttributeError):
            if skipped is None:
                raise
            skipped.append(str(row["id"]))
    return result


def iter_meetings(store: Store, ids: Iterable[str] | None = None, *, skipped: list[str] | None = None
                  ) -> Iterator[Meeting]:
    """Every meeting (or the given ones) with its opinions, conclusions and publications, in date
    order.  Streams: one meeting in memory at a time.  ``skipped``: see :func:`_readable` (a
    meeting that cannot be read is left out with everything under it)."""
    read = store.conn.cursor()
    read.row_factory = cipher.row_factory_for(store.conn)
    child = store.conn.cursor()
    child.row_factory = cipher.row_factory_for(store.conn)
    if ids is None:
        rows: Iterable[sqlite3.Row] = read.execute("SELECT * FROM meetings ORDER BY held_on, id")
    else:
        rows = (r for i in ids for r in read.execute("SELECT * FROM meetings WHERE id = ?", (i,)).fetchall())
    for row in rows:
        found = _readable([row], meeting_from_row, skipped)
        if not found:
            continue
        m = found[0]
        assert m.id is not None  # read from the file: a stored meeting has its id
        m.opinions = _readable(_children(child, "opinions", m.id), opinion_from_row, skipped)
        m.conclusions = _readable(_children(child, "tasks", m.id), task_from_row, skipped)
        m.publications = _readable(_children(child, "publications", m.id), publication_from_row, skipped)
        yield m


def get_meeting(store: Store, meeting_id: str) -> Meeting | None:
    return next(iter_meetings(store, [meeting_id]), None)


def meetings_held(store: Store, start: dt.date, end: dt.date) -> list[Meeting]:
    """The meetings held from ``start`` to ``end`` (inclusive, planned ones left out), in date
    order, each with everything under it."""
    ids = [row[0] for row in store.conn.execute(
        "SELECT id FROM meetings WHERE held_on BETWEEN ? AND ? AND status != 'planned' ORDER BY held_on, id",
        (start.isoformat(), end.isoformat()))]
    return list(iter_meetings(store, ids))
