"""What sync keeps in the data file: the offices enrolled, per-peer bundle numbers and
checkpoints, the bundles seen both ways, and the status the upper level shows (the keys, this
office's and the trusted offices', are db/sync_keys.py).

The cryptography lives in ``sync/``; this module only stores and reads, each change after asking
the store's account for its operation (docs/roles.md).  Two checkpoints per peer carry the protocol
(docs/bundle-format.md): ``confirmed`` is how far the peer has confirmed this office's change
counter by a signed receipt, ``applied_through`` how far this office has applied the peer's.  A
bundle number is reserved for a peer before the bundle is built, so a file that reached a stick
before a crash never shares its number with a later, different bundle."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..core.errors import BundleError, DatabaseBusy, StoreError
from ..core.roles import Operation
from ..l10n import _
from . import cipher, history
from .connection import Store
from .sync_history import HistoryCheck, history_checks
from .records import utc_now
from .sync_keys import active_peer_key


@dataclass(frozen=True)
class Peer:
    unit_code: str
    name: str
    role: str
    sent_number: int
    confirmed: int
    receipt_number: int
    applied_through: int
    receipt_due: bool
    forked_at: str | None


@dataclass(frozen=True)
class PeerStatus:
    """One enrolled office as the upper level's sync screen shows it."""

    unit_code: str
    name: str
    last_bundle_at: str | None
    last_received_at: str | None
    bundles: int
    counts: dict[str, int]
    silent_days: int | None
    silent: bool
    forked: bool
    conflicts: int
    role: str = "commune"
    history: HistoryCheck | None = None  # at the upper level, how far the commune's history was checked

    @property
    def history_broken(self) -> bool:
        return self.history is not None and self.history.broken_at is not None


def _peer(row: tuple[Any, ...]) -> Peer:
    values = list(row)
    values[7] = bool(values[7])
    return Peer(*values)


_PEER_COLUMNS = ("unit_code, name, role, sent_number, confirmed, receipt_number, applied_through, receipt_due, "
                 "forked_at")


def get_peer(store: Store, unit_code: str) -> Peer | None:
    """An enrolled office with its checkpoints, or None."""
    row = store.conn.execute(f"SELECT {_PEER_COLUMNS} FROM sync_peers WHERE unit_code = ?", (unit_code,)).fetchone()
    return _peer(row) if row else None


def list_peers(store: Store, role: str | None = None) -> list[Peer]:
    """Every enrolled office (of ``role`` when given), in unit-code order."""
    sql = f"SELECT {_PEER_COLUMNS} FROM sync_peers"
    rows = store.conn.execute(sql + (" WHERE role = ? ORDER BY unit_code" if role else " ORDER BY unit_code"),
                              (role,) if role else ()).fetchall()
    return [_peer(r) for r in rows]


# ---- bundles out ----

def reserve_bundle_number(store: Store, destination: str) -> int:
    """Take the next bundle number for ``destination``, committed at once (see the module note)."""
    store.require(Operation.EXPORT_BUNDLES)
    with store.transaction() as conn:
        (number,) = conn.execute("UPDATE sync_peers SET sent_number = sent_number + 1 WHERE unit_code = ? "
                                 "RETURNING sent_number", (destination,)).fetchone()
    return int(number)


def counter(conn: sqlite3.Connection, origin: str) -> int:
    """The change counter of ``origin``: the ``seq`` of its latest write."""
    row = conn.execute("SELECT counter FROM origins WHERE origin = ?", (origin,)).fetchone()
    return row[0] if row else 0


def record_export(store: Store, *, bundle_id: str, destination: str, number: int, base: int, upto: int,
                  created_at: str, file_name: str, counts: dict[str, int], digest: str,
                  history_head: tuple[int, str] | None = None) -> None:
    """Note a bundle that was written, read back and verified at its destination, with the head of
    this office's history its header signed (``history.verify`` holds the chain to it)."""
    store.require(Operation.EXPORT_BUNDLES)
    head_n, head_hash = history_head or (0, "")
    with store.transaction() as conn:
        conn.execute("INSERT INTO sync_bundles_out (bundle_id, destination, number, base, upto, created_at, "
                     "file_name, counts, digest, history_n, history_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (bundle_id, destination, number, base, upto, created_at, file_name,
                      json.dumps(counts, sort_keys=True), digest, head_n, head_hash))
        conn.execute("UPDATE sync_peers SET receipt_due = 0 WHERE unit_code = ?", (destination,))


def exported_bundles(store: Store, destination: str) -> list[dict[str, Any]]:
    """The bundles written for ``destination``, in number order."""
    cur = store.conn.execute("SELECT bundle_id, number, base, upto, created_at, file_name FROM sync_bundles_out "
                             "WHERE destination = ? ORDER BY number", (destination,))
    return [dict(zip(("bundle_id", "number", "base", "upto", "created_at", "file_name"), r)) for r in cur]


# ---- bundles in ----

def seen_bundle(store: Store, bundle_id: str) -> str | None:
    """The outcome recorded for a bundle already imported, or None."""
    row = store.conn.execute("SELECT outcome FROM sync_bundles_in WHERE bundle_id = ?", (bundle_id,)).fetchone()
    return row[0] if row else None


def number_taken(conn: sqlite3.Connection, origin: str, number: int, bundle_id: str) -> bool:
    """Whether another bundle of ``origin`` already came with ``number``: the sender's history forked."""
    return conn.execute("SELECT 1 FROM sync_bundles_in WHERE origin = ? AND number = ? AND bundle_id != ?",
                        (origin, number, bundle_id)).fetchone() is not None


def record_import(conn: sqlite3.Connection, *, bundle_id: str, origin: str, number: int, base: int, upto: int,
                  created_at: str, outcome: str, counts: dict[str, int], digest: str, forked: bool) -> None:
    """Inside the apply transaction: note the bundle, move the peer's checkpoint, owe it a receipt."""
    now = utc_now()
    conn.execute("INSERT INTO sync_bundles_in (bundle_id, origin, number, base, upto, created_at, received_at, "
                 "outcome, counts, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (bundle_id, origin, number, base, upto, created_at, now, outcome,
                  json.dumps(counts, sort_keys=True), digest))
    conn.execute("UPDATE sync_peers SET applied_through = max(applied_through, ?), receipt_due = 1 "
                 "WHERE unit_code = ?", (upto, origin))
    history.note_event(conn, "bundle_in", bundle_id, {"from": origin, "number": number, "base": base, "upto": upto,
                                                      "created_at": created_at, "outcome": outcome,
                                                      "counts": counts})
    if forked:
        conn.execute("UPDATE sync_peers SET forked_at = coalesce(forked_at, ?) WHERE unit_code = ?", (now, origin))


def owe_receipt(store: Store, peer: str) -> None:
    """Send ``peer`` a receipt with the next bundle to it, even when nothing new came."""
    store.require(Operation.IMPORT_BUNDLES)
    with store.transaction() as conn:
        conn.execute("UPDATE sync_peers SET receipt_due = 1 WHERE unit_code = ?", (peer,))


def last_number_from(store: Store, origin: str) -> int:
    """The highest bundle number received from ``origin`` (0: none yet)."""
    row = store.conn.execute("SELECT max(number) FROM sync_bundles_in WHERE origin = ?", (origin,)).fetchone()
    return row[0] or 0


def apply_receipt(conn: sqlite3.Connection, *, peer: str, own_origin: str, number: int, applied_through: int,
                  last_number: int = 0, bounded: bool = False) -> bool:
    """A verified receipt from ``peer`` in its bundle ``number``: it holds this office's changes
    through ``applied_through``.  Only a bundle newer than the last one used moves the checkpoint
    (an old bundle imported late never rolls it back).  The checkpoint follows the receipt down as
    well as up: a peer restored from a backup asks for a resend.

    ``bounded`` (the upper level reading a commune's receipt): the receipt counts only up to what
    this office actually sent to that commune — the highest ``upto`` of its bundles to it, and its
    last bundle number — so no commune can move this office's counter or numbering.  Otherwise
    (a commune reading its upper level's receipt), when the upper level has seen more of this
    office's counter than this office has (this office was restored from a backup), the counter
    jumps past it so new changes never reuse numbers it already holds; likewise the bundle numbers
    jump past ``last_number``, the highest it has received.  Returns whether it was used."""
    row = conn.execute("SELECT receipt_number, sent_number FROM sync_peers WHERE unit_code = ?", (peer,)).fetchone()
    if row is None or number <= row[0]:
        return False
    if bounded:
        (sent_upto,) = conn.execute("SELECT coalesce(max(upto), 0) FROM sync_bundles_out WHERE destination = ?",
                                    (peer,)).fetchone()
        applied_through, last_number = min(applied_through, sent_upto), min(last_number, row[1])
    conn.execute("UPDATE sync_peers SET confirmed = ?, receipt_number = ?, sent_number = max(sent_number, ?) "
                 "WHERE unit_code = ?", (applied_through, number, last_number, peer))
    if applied_through > counter(conn, own_origin):
        conn.execute("UPDATE origins SET counter = ? WHERE origin = ?", (applied_through, own_origin))
    return True


# ---- status ----

def sync_status(store: Store, *, silent_after_days: int = 30, today: dt.date | None = None) -> list[PeerStatus]:
    """Per enrolled office: its last bundle (when made, when received), how many bundles and
    records came, how long it has been silent (flagged past ``silent_after_days``), forks and
    conflicts, and how far its history was checked.  One row per office, in unit-code order."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    result = []
    checks = history_checks(store.conn)
    for peer in list_peers(store):
        last = store.conn.execute("SELECT created_at, received_at FROM sync_bundles_in WHERE origin = ? "
                                  "ORDER BY received_at DESC, number DESC LIMIT 1", (peer.unit_code,)).fetchone()
        totals: dict[str, int] = {}
        bundles = 0
        for (counts,) in store.conn.execute("SELECT counts FROM sync_bundles_in WHERE origin = ?", (peer.unit_code,)):
            bundles += 1
            for kind, n in json.loads(counts).items():
                totals[kind] = totals.get(kind, 0) + n
        silent_days = None
        if last:
            silent_days = (today - dt.datetime.fromisoformat(last[1]).date()).days
        (conflict_count,) = store.conn.execute("SELECT count(*) FROM sync_conflicts WHERE origin = ?",
                                               (peer.unit_code,)).fetchone()
        result.append(PeerStatus(
            unit_code=peer.unit_code, name=peer.name, last_bundle_at=last[0] if last else None,
            last_received_at=last[1] if last else None, bundles=bundles, counts=totals, silent_days=silent_days,
            silent=silent_days is None or silent_days > silent_after_days, forked=peer.forked_at is not None,
            conflicts=conflict_count, role=peer.role, history=checks.get(peer.unit_code)))
    return result


# ---- transactions of sync ----

@contextlib.contextmanager
def snapshot(store: Store) -> Iterator[sqlite3.Connection]:
    """A read transaction: what an export reads is one consistent state, while the office goes on
    writing (WAL readers do not block writers)."""
    conn = store.conn
    conn.execute("BEGIN DEFERRED")
    try:
        conn.execute("SELECT count(*) FROM origins").fetchone()  # the snapshot starts at the first read
        yield conn
    finally:
        conn.execute("COMMIT")


@contextlib.contextmanager
def apply_transaction(store: Store) -> Iterator[sqlite3.Connection]:
    """The one transaction of a bundle's apply; SQLite's failures become sentences (a full disk,
    a busy file, records that break the schema's rules) and the transaction is rolled back, also
    when SQLite already rolled it back itself (as it does on a full disk).  Only an account that may
    import bundles gets it: the writes of an import (``record_import``, ``apply_receipt``,
    and ``sync_apply``'s) take its connection."""
    store.require(Operation.IMPORT_BUNDLES)
    conn = store.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            store.seal_history()
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except cipher.IntegrityError as exc:
        raise BundleError(_("The records of the bundle do not fit this data file (%(detail)s).")
                          % {"detail": str(exc)[:80]}, "integrity") from None
    except cipher.OperationalError as exc:
        text = str(exc)
        if "full" in text:
            raise StoreError(_("The disk is full; nothing of the bundle was applied. Free some space and import "
                               "it again.")) from None
        if "locked" in text or "busy" in text:
            raise DatabaseBusy(_("The data file is busy with another task; try again in a moment.")) from None
        raise


def has_news_for(store: Store, peer: Peer, *, again: bool = False) -> bool:
    """Whether a bundle for ``peer`` would tell it something new: a receipt this office owes it, or
    something it has not confirmed that was written after the last bundle made for it (a commune's
    records and history entries; at the upper level, its messages for that commune).  With
    ``again``, anything it has not confirmed, sent before or not: the last bundle was lost."""
    if active_peer_key(store, peer.unit_code) is None:
        return False
    if peer.receipt_due:
        return True
    since = peer.confirmed if again else max(peer.confirmed, last_sent_upto(store, peer.unit_code))
    if peer.role == "commune":  # this office is its upper level
        return store.conn.execute("SELECT 1 FROM messages WHERE origin = ? AND commune = ? AND seq > ? LIMIT 1",
                                  (store.origin, peer.unit_code, since)).fetchone() is not None
    return counter(store.conn, store.origin) > since


def last_sent_upto(store: Store, destination: str) -> int:
    """How far this office's changes went in the bundles made for ``destination`` (0: none yet)."""
    row = store.conn.execute("SELECT max(upto) FROM sync_bundles_out WHERE destination = ?", (destination,)).fetchone()
    return int(row[0] or 0)
