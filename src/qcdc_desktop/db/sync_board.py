"""What the upper level's communes board reads besides the sync status (db/sync_store.py): the
files an import refused, and per office how far its data goes, its overdue tasks and the opinions
nobody has decided on yet.  Each reading is one statement grouped by office, so the board of a
province's hundred communes costs a few index walks, not a query per commune."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.roles import Operation
from ..core.text import printable
from . import history
from .connection import Store
from .records import utc_now

KEEP_REFUSALS = 500  # the latest refusals kept; older ones go as new ones come


@dataclass(frozen=True)
class Refusal:
    """A file an import refused.  ``origin``, ``bundle_id``, ``number`` and ``created_at`` are what
    the file's header said, unverified (None when it could not be read)."""

    refused_at: str
    reason: str
    file_name: str
    origin: str | None
    bundle_id: str | None
    number: int | None
    created_at: str | None


@dataclass(frozen=True)
class OfficeFigures:
    """One office's records at the upper level, as the board shows them."""

    data_until: dt.date | None  # the last meeting held in its data
    overdue: int  # open tasks past their deadline
    undecided: int  # opinions neither answered, assigned, forwarded nor set aside


def record_refusal(store: Store, refusal: Refusal) -> None:
    """Keep a refused file in its own transaction (the import's was rolled back), with an event in
    the history saying who imported it; keep the latest :data:`KEEP_REFUSALS` only."""
    store.require(Operation.IMPORT_BUNDLES)
    name = printable(refusal.file_name)[:200]
    with store.transaction() as conn:
        conn.execute("INSERT INTO sync_refusals (refused_at, reason, file_name, origin, bundle_id, number, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (refusal.refused_at or utc_now(), refusal.reason, name, refusal.origin, refusal.bundle_id,
                      refusal.number, refusal.created_at))
        conn.execute("DELETE FROM sync_refusals WHERE id <= (SELECT max(id) FROM sync_refusals) - ?",
                     (KEEP_REFUSALS,))
        values: dict[str, object] = {"file": name, "reason": refusal.reason}
        if refusal.origin:
            values["claimed_from"] = refusal.origin
        history.note_event(conn, "bundle_refused", refusal.bundle_id or name, values)


def refusals(store: Store, *, since: str = "") -> list[Refusal]:
    """The refusals kept (those at or after ``since``, a UTC stamp), oldest first."""
    rows = store.conn.execute("SELECT refused_at, reason, file_name, origin, bundle_id, number, created_at "
                              "FROM sync_refusals WHERE refused_at >= ? ORDER BY id", (since,)).fetchall()
    return [Refusal(*row) for row in rows]


def received_bundles(store: Store, ids: set[str]) -> dict[str, str]:
    """Of the bundle ids ``ids``, those applied here, with when they were received."""
    found: dict[str, str] = {}
    for bundle_id in ids:
        row = store.conn.execute("SELECT received_at FROM sync_bundles_in WHERE bundle_id = ?", (bundle_id,)).fetchone()
        if row is not None:
            found[bundle_id] = row[0]
    return found


def office_figures(store: Store, *, today: dt.date) -> dict[str, OfficeFigures]:
    """Per office with records here: the last meeting held, the overdue tasks and the undecided
    opinions (each from an index: meetings and tasks by office and date, opinions nobody decided)."""
    conn = store.conn
    until = last_meetings(store, until=today)
    overdue = dict(conn.execute("SELECT origin, count(*) FROM tasks WHERE state = 'open' AND deadline < ? "
                                "GROUP BY origin", (today.isoformat(),)).fetchall())
    undecided = dict(conn.execute("SELECT origin, count(*) FROM opinions WHERE outcome IS NULL AND answered = 0 "
                                  "GROUP BY origin").fetchall())
    return {origin: OfficeFigures(until.get(origin), int(overdue.get(origin, 0)), int(undecided.get(origin, 0)))
            for origin in set(until) | set(overdue) | set(undecided)}


def last_meetings(store: Store, *, until: dt.date | None = None) -> dict[str, dt.date]:
    """Per office with meetings here, the day of its last meeting (held on or before ``until``
    when given): one seek of the (origin, held_on) index per office."""
    found = {}
    for origin, held in store.conn.execute(
            "SELECT origin, (SELECT max(held_on) FROM meetings m WHERE m.origin = o.origin AND m.held_on <= ?) "
            "FROM (SELECT DISTINCT origin FROM meetings) o", ((until or dt.date.max).isoformat(),)):
        try:
            found[origin] = dt.date.fromisoformat(held)
        except (TypeError, ValueError):  # none on or before ``until``, or a date damaged (qcdc check names it)
            continue
    return found


@dataclass(frozen=True)
class Outbox:
    """What waits to go down to one enrolled commune: replies and directives it has not confirmed
    (``new``: of those, written since the last bundle made for it), and whether a receipt is owed."""

    code: str
    name: str
    replies: int
    directives: int
    new: int
    receipt_due: bool

    @property
    def empty(self) -> bool:
        return not (self.replies or self.directives or self.receipt_due)


def outboxes(store: Store) -> list[Outbox]:
    """Per enrolled commune, in code order, what its next bundle would carry down."""
    counts: dict[str, dict[str, int]] = {}
    for commune, kind, n, new in store.conn.execute(
            "SELECT m.commune, m.kind, count(*), "
            "sum(m.seq > coalesce((SELECT max(upto) FROM sync_bundles_out b WHERE b.destination = m.commune), 0)) "
            "FROM messages m JOIN sync_peers p ON p.unit_code = m.commune "
            "WHERE m.origin = ? AND m.seq > p.confirmed GROUP BY m.commune, m.kind", (store.origin,)):
        found = counts.setdefault(commune, {})
        found[kind] = int(n)
        found["new"] = found.get("new", 0) + int(new or 0)
    return [Outbox(code, name, counts.get(code, {}).get("reply", 0), counts.get(code, {}).get("directive", 0),
                   counts.get(code, {}).get("new", 0), bool(due))
            for code, name, due in store.conn.execute(
                "SELECT unit_code, name, receipt_due FROM sync_peers WHERE role = 'commune' ORDER BY unit_code")]
