"""Editing meetings: save (add, change or put back), delete, and what undo needs to reverse them.

Each record has one writer, its origin office, so only this office's records can be edited here.
A change bumps the record's version and takes a new change-counter value; a record that did not
change is left alone (sync ships only what changed).  Deleting leaves tombstones; putting a deleted
record back (undo) gives it a version above its tombstone's, so the deletion cannot win later.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable

from ..core.changes import Changes
from ..core.roles import Operation
from ..core.errors import NotFound, QcdcError, ReasonRequired
from ..core.history import clean_reason
from ..core.ids import IdMaker, origin_of
from ..core.model import Meeting, Opinion, Publication, Task
from ..l10n import _
from .connection import Store
from .meetings import get_meeting
from .units import office_label, office_name
from .records import (
    MEETING_COLUMNS,
    OPINION_COLUMNS,
    PUBLICATION_COLUMNS,
    TASK_COLUMNS,
    meeting_row,
    opinion_row,
    publication_row,
    take_seq,
    task_row,
    utc_now,
)

# kind of record -> (table, columns, row builder, list attribute on Meeting)
_CHILDREN: dict[str, tuple[str, tuple[str, ...], Callable[..., tuple[Any, ...]], str]] = {
    "opinions": ("opinions", OPINION_COLUMNS, opinion_row, "opinions"),
    "tasks": ("tasks", TASK_COLUMNS, task_row, "conclusions"),
    "publications": ("publications", PUBLICATION_COLUMNS, publication_row, "publications"),
}
_POSITION_SHIFT = 1_000_000  # moves positions out of the way while a list is renumbered


@dataclass
class Saved:
    """The outcome of a save: what changed, the meeting as stored (with ids), and the meeting as
    it was before (None when it did not exist) — the two states undo and redo move between."""

    changes: Changes
    meeting: Meeting
    before: Meeting | None
    reason: str = ""  # why opinions were deleted, when some were


@dataclass
class Deleted:
    changes: Changes
    meetings: list[Meeting]
    reason: str = ""


def _plain(record: Any) -> dict[str, Any]:
    data = dataclasses.asdict(record)
    data.pop("id", None)
    return data


def _tombstone_version(conn: sqlite3.Connection, record_id: str) -> int:
    row = conn.execute("SELECT version FROM tombstones WHERE id = ?", (record_id,)).fetchone()
    return row[0] if row else 0


def refusal(origin: str) -> str:
    """Why this office does not change a meeting that the office ``origin`` recorded, naming it."""
    return _("This meeting was recorded by %(office)s; only %(name)s can change it.") % {
        "office": office_label(origin), "name": office_name(origin)}


def _check_writer(store: Store, meeting_id: str) -> None:
    if origin_of(meeting_id) != store.origin:
        raise QcdcError(refusal(origin_of(meeting_id)))


def _write(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], row: tuple[Any, ...], *, exists: bool,
           version: int) -> None:
    values = dict(zip(columns, row))
    values["version"] = version
    if exists:
        assignments = ", ".join(f"{c} = :{c}" for c in columns if c != "id")
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = :id", values)
    else:
        conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
                     values)
        conn.execute("DELETE FROM tombstones WHERE id = ?", (values["id"],))


def _bury(conn: sqlite3.Connection, kind: str, table: str, record_id: str, origin: str, now: str) -> None:
    (version,) = conn.execute(f"SELECT version FROM {table} WHERE id = ?", (record_id,)).fetchone()
    seq = take_seq(conn, origin)
    conn.execute("INSERT OR REPLACE INTO tombstones (id, kind, origin, version, seq, deleted_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (record_id, kind, origin, version + 1, seq, now))
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))


def _stored(conn: sqlite3.Connection, table: str, meeting_id: str) -> dict[str, tuple[int, int]]:
    """The stored children of a meeting: id -> (version, position)."""
    return {rid: (version, position) for rid, version, position in conn.execute(
        f"SELECT id, version, position FROM {table} WHERE meeting_id = ?", (meeting_id,))}


def _require_reason(reason: str, question: str) -> str:
    """``reason``, cleaned; refused with ``question`` when there is none (a deletion of what
    citizens said, or of a meeting, says why in the history)."""
    cleaned = clean_reason(reason)
    if not cleaned:
        raise ReasonRequired(question)
    return cleaned


def save_meeting(store: Store, *, meeting: Meeting, make_id: IdMaker | None = None, reason: str = "") -> Saved:
    """Store a validated meeting in one transaction.

    Without an id it is added; with the id of a stored meeting, the stored one becomes this one
    (children matched by id: changed ones updated, new ones added, missing ones deleted); with the
    id of a deleted meeting (undo), it is put back under the same ids.  Every change is an entry
    of the history naming the signed-in account, never a name the caller says; deleting a stored
    opinion needs a ``reason`` (:class:`ReasonRequired` before anything is written), which the
    history keeps with the save's entries.
    """
    store.require(Operation.RECORD_MEETINGS)
    origin = store.origin
    make_id = make_id or IdMaker(origin)
    if meeting.id is not None:
        _check_writer(store, meeting.id)
    reason = clean_reason(reason)
    with store.transaction(reason=reason) as conn:
        before = get_meeting(store, meeting.id) if meeting.id else None
        if before is not None and not reason:
            kept = {o.id for o in meeting.opinions if o.id}
            if any(o.id not in kept for o in before.opinions):
                raise ReasonRequired(_("Say why the opinions taken out of the meeting are deleted: the history "
                                       "keeps the reason with what they said."))
        changes = Changes()
        now = utc_now()
        target = dataclasses.replace(meeting)  # the caller's object keeps its state until commit
        target.opinions = [dataclasses.replace(o) for o in meeting.opinions]
        target.conclusions = [dataclasses.replace(t) for t in meeting.conclusions]
        target.publications = [dataclasses.replace(p) for p in meeting.publications]
        if target.id is None:
            target.id = make_id()
        current = conn.execute("SELECT version FROM meetings WHERE id = ?", (target.id,)).fetchone()
        meeting_changed = before is None or _plain(dataclasses.replace(before, opinions=[], conclusions=[],
                                                                        publications=[])) != _plain(
            dataclasses.replace(target, opinions=[], conclusions=[], publications=[]))
        if meeting_changed:
            version = current[0] + 1 if current else _tombstone_version(conn, target.id) + 1
            _write(conn, "meetings", MEETING_COLUMNS, meeting_row(target, origin, take_seq(conn, origin), now),
                   exists=current is not None, version=version)
            changes.note("updated" if current else "added", "meetings", [target.id])
        for kind, (table, columns, build, attribute) in _CHILDREN.items():
            _save_children(conn, kind, table, columns, build, getattr(target, attribute),
                           getattr(before, attribute) if before else [], target, origin, now, make_id, changes)
    meeting.id = target.id
    pairs: list[tuple[Sequence[Opinion | Task | Publication], Sequence[Opinion | Task | Publication]]] = [
        (meeting.opinions, target.opinions), (meeting.conclusions, target.conclusions),
        (meeting.publications, target.publications)]
    for mine, stored in pairs:
        for a, b in zip(mine, stored):
            a.id = b.id
    return Saved(changes, target, before, reason)


def _save_children(conn: sqlite3.Connection, kind: str, table: str, columns: tuple[str, ...],
                   build: Callable[..., tuple[Any, ...]], records: list[Any], old_records: list[Any], meeting: Meeting,
                   origin: str, now: str, make_id: IdMaker, changes: Changes) -> None:
    assert meeting.id is not None  # save_meeting gives a new meeting its id first
    stored = _stored(conn, table, meeting.id)
    old_by_id = {r.id: (i, r) for i, r in enumerate(old_records, start=1)}
    keep = {r.id for r in records if r.id}
    gone = [rid for rid in stored if rid not in keep]
    for rid in gone:
        _bury(conn, kind, table, rid, origin, now)
    changes.note("deleted", kind, gone)
    # Only the rows that change place are moved out of the way of the renumbering: a row left where
    # it is is not written at all, so its history notes nothing (not even a move there and back).
    conn.executemany(f"UPDATE {table} SET position = position + ? WHERE id = ?",
                     [(_POSITION_SHIFT, r.id) for position, r in enumerate(records, start=1)
                      if r.id in stored and stored[r.id][1] != position])
    for position, record in enumerate(records, start=1):
        if record.id is None:
            record.id = make_id()
        previous = old_by_id.get(record.id)
        exists = record.id in stored
        # An opinion's copy of the meeting date is kept right by a trigger; it is not an edit.
        unchanged = exists and previous is not None and previous[0] == position and _plain(previous[1]) == _plain(record)
        if unchanged:
            if stored[record.id][1] != position:
                conn.execute(f"UPDATE {table} SET position = ? WHERE id = ?", (position, record.id))
            continue
        version = stored[record.id][0] + 1 if exists else _tombstone_version(conn, record.id) + 1
        row = build(record, meeting, position, origin, take_seq(conn, origin), now)
        _write(conn, table, columns, row, exists=exists, version=version)
        changes.note("updated" if exists else "added", kind, [record.id])


def delete_meetings(store: Store, *, ids: list[str], reason: str) -> Deleted:
    """Delete meetings with everything under them, leaving tombstones; one transaction, whose
    history entries keep ``reason`` (required) and what every record held.

    Returns the meetings as they were, so undo can put them back.
    """
    store.require(Operation.DELETE_MEETINGS)
    origin = store.origin
    for meeting_id in ids:
        _check_writer(store, meeting_id)
    reason = _require_reason(reason, _("Say why the meeting is deleted: the history keeps the reason with "
                                       "what it held."))
    with store.transaction(reason=reason) as conn:
        snapshots = []
        changes = Changes()
        now = utc_now()
        for meeting_id in ids:
            meeting = get_meeting(store, meeting_id)
            if meeting is None:
                raise NotFound(_("The meeting no longer exists; it may have been deleted."))
            if conn.execute("SELECT 1 FROM register_entries WHERE meeting_id = ?", (meeting_id,)).fetchone():
                raise QcdcError(_("A notice with a number was issued for this meeting, so it cannot be deleted; "
                                  "cancel the notice instead."))
            snapshots.append(meeting)
            for kind, (table, _columns, _build, attribute) in _CHILDREN.items():
                child_ids = [r.id for r in getattr(meeting, attribute)]
                for rid in child_ids:
                    _bury(conn, kind, table, rid, origin, now)
                changes.note("deleted", kind, child_ids)
            _bury(conn, "meetings", "meetings", meeting_id, origin, now)
            changes.note("deleted", "meetings", [meeting_id])
    return Deleted(changes, snapshots, reason)


def restore_meetings(store: Store, *, meetings: list[Meeting], reason: str = "") -> Changes:
    """Put deleted meetings back under their ids (undo of a delete); one transaction."""
    store.require(Operation.DELETE_MEETINGS)
    changes = Changes()
    with store.transaction(reason=clean_reason(reason) or _("The deletion was undone.")):
        for meeting in meetings:
            changes.merge(save_meeting(store, meeting=meeting).changes)
    return changes


def require_meeting(store: Store, meeting_id: str) -> Meeting:
    meeting = get_meeting(store, meeting_id)
    if meeting is None:
        raise NotFound(_("The meeting no longer exists; it may have been deleted."))
    return meeting
