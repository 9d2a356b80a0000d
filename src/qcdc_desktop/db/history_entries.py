"""The office's history read back (docs/history.md): which entries (:class:`Filter`: an office, a
record or a meeting with everything under it, a person, a period, kinds of record and of change),
how many, a page of them newest first, or all of them in order.  Who may read what is
db/history_read.py's; writing and verifying the chain is db/history.py's."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..core.history import Entry, read_entry


@dataclass(frozen=True)
class Filter:
    """Which entries: all of them by default."""

    origin: str | None = None
    record: str | None = None  # a record, or a meeting with everything under it
    by: str | None = None
    since: str | None = None  # a moment or a date (inclusive)
    until: str | None = None  # a date (inclusive) or a moment (exclusive)
    kinds: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()

    def where(self) -> tuple[str, list[Any]]:
        parts, args = [], []
        if self.origin is not None:
            parts.append("h.origin = ?")
            args.append(self.origin)
        if self.record:
            parts.append("(h.record = ? OR h.meeting = ?)")
            args += [self.record, self.record]
        if self.by:
            parts.append("h.by = ?")
            args.append(self.by)
        if self.since:
            parts.append("h.at >= ?")
            args.append(self.since)
        if self.until:
            parts.append("h.at < ?")
            args.append(_end_of(self.until))
        if self.kinds:
            parts.append(f"h.kind IN ({', '.join('?' * len(self.kinds))})")
            args += list(self.kinds)
        if self.actions:
            parts.append(f"h.action IN ({', '.join('?' * len(self.actions))})")
            args += list(self.actions)
        return (" WHERE " + " AND ".join(parts)) if parts else "", args


def _end_of(day_or_moment: str) -> str:
    if len(day_or_moment) == 10:  # a date: up to its end
        return (dt.date.fromisoformat(day_or_moment) + dt.timedelta(days=1)).isoformat()
    return day_or_moment


def count(conn: sqlite3.Connection, where: Filter) -> int:
    clause, args = where.where()
    return int(conn.execute(f"SELECT count(*) FROM history h{clause}", args).fetchone()[0])


def entries(conn: sqlite3.Connection, where: Filter, *, offset: int = 0, limit: int | None = None,
            newest_first: bool = True) -> list[Entry]:
    """The entries ``where`` selects, with their kept values, a page at a time."""
    clause, args = where.where()
    order = "DESC" if newest_first else "ASC"
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = conn.execute(f"SELECT h.body, v.fields FROM history h LEFT JOIN history_values v "
                        f"ON v.origin = h.origin AND v.n = h.n{clause} ORDER BY h.at {order}, h.origin {order}, h.n {order}"
                        f"{page}", args)
    return [read_entry(body, values) for body, values in rows]


def iter_entries(conn: sqlite3.Connection, where: Filter, *, newest_first: bool = False) -> Iterator[Entry]:
    clause, args = where.where()
    order = "DESC" if newest_first else "ASC"
    cursor = conn.execute(f"SELECT h.body, v.fields FROM history h LEFT JOIN history_values v "
                          f"ON v.origin = h.origin AND v.n = h.n{clause} ORDER BY h.at {order}, h.origin {order}, h.n {order}",
                          args)
    for body, values in cursor:
        yield read_entry(body, values)
