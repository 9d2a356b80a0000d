"""Erasing a person's data (Law 91/2025): on their request, by a decision of the office, or when
the retention period has passed (docs/privacy.md).

In one transaction: the person's own opinions keep their hamlet, field, outcome and place in the
meeting, and every other personal value becomes the marker "[đã xóa theo yêu cầu ngày …]"; the
other records of this office that name the person have the name replaced by the marker; the
values the history kept apart for those records' entries are erased (the entries and their
digests stay, so the chain still verifies); drafts and conflicts kept aside are cleaned; the
full-text index forgets the old words (FTS5 secure-delete) and the freed space of the file is
overwritten (every connection runs with ``PRAGMA secure_delete``, db/connection.py), and the
write-ahead log is emptied into the file after the commit.  An erasure record says which records and entries were
erased — never whom — and travels to the upper level, which erases the same entries' values and
its replies to the opinions named (:func:`take_effect`).

What stays, and is said so: documents already issued (the register keeps them as issued, as the
archives rules require), records of another office (erased by the office that wrote them, when
its own erasure comes), evidence of a rewritten history kept by the upper level, and backups until
the rotation removes them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from pathlib import Path
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import QcdcError
from ..core.history import ERASED, clean_reason
from ..core.ids import IdMaker
from ..core.model import RegisterEntry
from ..core.personal import CONTACT, FREE_TEXT, NAME, Person, erasure_marker, fields_of
from ..core.record_rules import MAX_ERASED_ENTRIES, MAX_ERASED_RECORDS
from ..core.roles import Operation
from ..core.settings import UNIT_CODE
from ..l10n import _
from . import cipher
from .backup_files import KEEP, BackupInfo, backup_infos
from .connection import Store
from .personal_find import Found, Findings, find_person
from .register import entries_for_meeting
from .records import take_seq, utc_now
from .search_index import flush_search

log = logging.getLogger(__name__)

#: Why an erasure was made: the person asked, the office decided, the retention period passed.
CAUSES = ("request", "decision", "retention")
_SEARCHED = ("meetings", "opinions", "tasks")  # the tables with a full-text index


class ErasureRefused(QcdcError):
    """An erasure that cannot be made as asked (a sentence says why); nothing was changed."""


@dataclass(frozen=True)
class BackupLeft:
    """A backup that still holds the values erased, and when the rotation removes it: after
    ``after`` more backups, around ``around`` at the rhythm the office backs up (None when it
    cannot be told)."""

    info: BackupInfo
    after: int
    around: dt.date | None


@dataclass
class ErasureReport:
    erasure_ids: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)  # ids of the records changed
    entries: list[tuple[str, int]] = field(default_factory=list)  # history entries whose values were erased
    drafts: int = 0
    conflicts: int = 0
    kept: list[Found] = field(default_factory=list)  # records that name the person and stay
    documents: list[RegisterEntry] = field(default_factory=list)  # issued documents of the meetings concerned
    evidence: int = 0  # entries kept as evidence of a rewritten history that may hold the values
    backups: list[BackupLeft] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.records or self.entries or self.drafts or self.conflicts)


def _own_changes(found: Found, person: Person, marker: str) -> dict[str, str]:
    """The new values of one record of this office that holds the person."""
    values = found.values
    if found.kind == "opinions" and found.own:
        changes = {name: (marker if str(values.get(name) or "") else "")
                   for name in fields_of("opinions", NAME, FREE_TEXT)}
        changes.update({name: "" for name in fields_of("opinions", CONTACT)})
        changes["speaker"] = changes["content"] = marker  # never empty: the record stays whole
        return changes
    return {name: person.scrubbed(str(values[name]), marker) for name in found.fields}


def update_record(conn: sqlite3.Connection, kind: str, record_id: str, changes: dict[str, str], origin: str,
            now: str) -> None:
    sets = ", ".join(f"{name} = ?" for name in changes)
    conn.execute(f"UPDATE {kind} SET {sets}, version = version + 1, seq = ?, updated_at = ? WHERE id = ?",
                 (*changes.values(), take_seq(conn, origin), now, record_id))


def search_forgets(conn: sqlite3.Connection, on: bool) -> None:
    """Whether the full-text index removes the words of what is deleted from it at once (FTS5
    secure-delete, kept in the index's settings: set back off when the erasure is done, inside its
    transaction, as it slows every save).  What the transaction changed before is handed to the
    indexes first, under the setting it was changed under."""
    flush_search(conn)
    for table in _SEARCHED:
        conn.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('secure-delete', ?)", (int(on),))


def forget_from_now_on(conn: sqlite3.Connection) -> None:
    """For the rest of the open transaction (an import that brought an erasure), what is deleted
    from the full-text index loses its words at once; :func:`forget_done` puts it back before the
    transaction ends.  (The file's freed space is always overwritten: every connection runs with
    ``PRAGMA secure_delete``, db/connection.py.)"""
    search_forgets(conn, True)


def forget_done(conn: sqlite3.Connection) -> None:
    search_forgets(conn, False)


def erase_values(conn: sqlite3.Connection, entries: Iterable[tuple[str, int]]) -> None:
    conn.executemany("UPDATE history_values SET fields = ? WHERE origin = ? AND n = ?",
                     [(ERASED, origin, n) for origin, n in entries])


def _rewrite_json(text: str, person: Person, marker: str) -> str:
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return person.scrubbed(value, marker)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    try:
        return json.dumps(walk(json.loads(text)), ensure_ascii=False, sort_keys=True)
    except ValueError:
        return person.scrubbed(text, marker)


def erase_person(store: Store, person: Person, *, cause: str, reason: str, today: dt.date,
                 request_id: str | None = None, cancelled: Callable[[], bool] = lambda: False,
                 progress: Callable[[int, int], None] = lambda done, total: None) -> ErasureReport:
    """Erase what this office holds of ``person``, in one transaction; the report says what was
    erased and what stays.  Refused with a sentence (nothing changed) when the person is not
    named well enough, the cause is unknown, or the reason is missing or names the person (the
    reason stays in the history, which is never erased)."""
    store.require(Operation.ERASE_PERSON)
    problem = person.problem()
    if problem:
        raise ErasureRefused(_(problem))
    if cause not in CAUSES:
        raise ErasureRefused(_("Unknown cause of erasure %(cause)r.") % {"cause": cause})
    reason = clean_reason(reason)
    if not reason:
        raise ErasureRefused(_("Give the reason for the erasure (the request or the decision it follows)."))
    if person.mentioned_in(reason):
        raise ErasureRefused(_("Do not write the person's name or phone number in the reason: the reason stays "
                               "in the history, which is never erased."))
    report = ErasureReport()
    marker = erasure_marker(today, cause)
    with store.transaction(reason) as conn:
        search_forgets(conn, True)
        findings = find_person(store, person, cancelled=cancelled, progress=progress)
        origin = str(conn.execute("SELECT value FROM settings WHERE key = ?", (UNIT_CODE.key,)).fetchone()[0])
        _erase_records(conn, findings, person, marker, origin, report)
        store.seal_history(reason)  # the changes' own entries, whose kept values hold the old ones
        report.entries = entries_to_erase(conn, findings, report.records)
        erase_values(conn, report.entries)
        report.drafts = _clean(conn, "drafts", "key", "payload", findings.drafts, person, marker)
        report.conflicts = _clean(conn, "sync_conflicts", "id", "incoming", findings.conflicts, person, marker)
        report.evidence = int(conn.execute("SELECT count(*) FROM history_forks").fetchone()[0])
        meetings = sorted({f.meeting_id for f in findings.records if f.meeting_id})
        report.documents = [e for m in meetings for e in entries_for_meeting(store, m) if not e.cancelled]
        if not report.nothing:
            report.erasure_ids = record_erasures(conn, origin, cause, today, report.records, report.entries)
        if request_id is not None and conn.execute(
                "UPDATE person_requests SET erasure_id = ? WHERE id = ?",
                (report.erasure_ids[0] if report.erasure_ids else None, request_id)).rowcount != 1:
            raise ErasureRefused(_("There is no request %(id)s in the register.") % {"id": request_id})
        search_forgets(conn, False)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the old pages leave the write-ahead log
    report.backups = backups_left(store, today)
    return report


def _erase_records(conn: sqlite3.Connection, findings: Findings, person: Person, marker: str, origin: str,
                   report: ErasureReport) -> None:
    now = utc_now()
    for found in findings.records:
        if found.origin != origin or found.kind == "register_entries":
            report.kept.append(found)  # another office's, or a document already issued
            continue
        changes = {k: v for k, v in _own_changes(found, person, marker).items() if v != found.values.get(k)}
        if changes:
            update_record(conn, found.kind, found.id, changes, origin, now)
            report.records.append(found.id)


def entries_to_erase(conn: sqlite3.Connection, findings: Findings | None, changed: Iterable[str]) -> list[tuple[str, int]]:
    """Every entry whose kept values name the person (``findings``), and every entry of the
    records changed — their own opinions' and those this erasure just wrote, whose values before
    are the old ones — that still keeps values."""
    wanted = {(e.origin, e.n) for e in findings.entries} if findings is not None else set()
    for record in changed:
        wanted |= {(str(o), int(n)) for o, n in conn.execute(
            "SELECT v.origin, v.n FROM history h JOIN history_values v ON v.origin = h.origin AND v.n = h.n "
            "WHERE h.record = ? AND v.fields != ?", (record, ERASED))}
    return sorted(wanted)


def _clean(conn: sqlite3.Connection, table: str, key: str, column: str, keys: list[str], person: Person,
           marker: str) -> int:
    for one in keys:
        (text,) = conn.execute(f"SELECT {column} FROM {table} WHERE {key} = ?", (one,)).fetchone()
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (_rewrite_json(text, person, marker), one))
    return len(keys)


def record_erasures(conn: sqlite3.Connection, origin: str, cause: str, today: dt.date, records: Iterable[str],
                    entries: Iterable[tuple[str, int]]) -> list[str]:
    """The erasure records of what was erased (several when it is large: each must fit a
    bundle's line); their ids."""
    make_id, now, ids = IdMaker(origin), utc_now(), []
    named, numbered = sorted(records), [[o, n] for o, n in sorted(entries)]
    parts = max(1, -(-len(named) // MAX_ERASED_RECORDS), -(-len(numbered) // MAX_ERASED_ENTRIES))
    for part in range(parts):
        some_records = named[part * MAX_ERASED_RECORDS:(part + 1) * MAX_ERASED_RECORDS]
        some_entries = numbered[part * MAX_ERASED_ENTRIES:(part + 1) * MAX_ERASED_ENTRIES]
        erasure_id = make_id()
        conn.execute("INSERT INTO erasures (id, origin, version, seq, updated_at, erased_on, cause, records, entries) "
                     "VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
                     (erasure_id, origin, take_seq(conn, origin), now, today.isoformat(), cause,
                      json.dumps(some_records), json.dumps(some_entries)))
        ids.append(erasure_id)
    return ids


def backups_left(store: Store, today: dt.date) -> list[BackupLeft]:
    """The backups that still hold what was erased today (taken before now), each with when the
    rotation removes it: the office keeps the last KEEP backups."""
    infos = backup_infos(store.path)  # newest first
    taken = [i.taken_at.date() for i in infos]
    gaps = sorted((a - b).days for a, b in zip(taken, taken[1:]) if a >= b)
    rhythm = gaps[len(gaps) // 2] if gaps else None
    left = []
    for index, info in enumerate(infos):
        after = KEEP - index
        around = today + dt.timedelta(days=max(rhythm, 1) * after) if rhythm is not None else None
        left.append(BackupLeft(info, after, around))
    return left


def take_effect(conn: sqlite3.Connection, rows: list[dict[str, Any]], own: str) -> int:
    """At the office that receives erasures (the upper level): erase the values of the entries
    each names of its sender's chain — of no other office's — and put the marker in this office's
    replies to the opinions it names.  Returns how many entries were erased."""
    erased = 0
    now = utc_now()
    for row in rows:
        sender = row["origin"]
        mine = [(o, n) for o, n in json.loads(row["entries"]) if o == sender]
        erase_values(conn, mine)
        erased += len(mine)
        marker = erasure_marker(dt.date.fromisoformat(row["erased_on"]))
        opinions = [r for r in json.loads(row["records"]) if r.startswith(sender + "-")]
        for start in range(0, len(opinions), 500):
            chunk = opinions[start:start + 500]
            for (message_id,) in conn.execute(
                    f"SELECT id FROM messages WHERE origin = ? AND content != ? AND opinion_id IN "
                    f"({', '.join('?' * len(chunk))})", (own, marker, *chunk)).fetchall():
                update_record(conn, "messages", message_id, {"content": marker}, own, now)
    return erased


# ---- after a restore ------------------------------------------------------------------------------

#: The tables an erasure may have changed, whose personal fields a restore could bring back.
_ERASABLE = ("opinions", "meetings", "tasks", "publications", "messages", "task_history")


def erase_again_after_restore(store: Store, aside: Path, file_key: bytes, reason: str) -> int:
    """A backup taken before an erasure brings the erased values back: the file it replaced, kept
    aside, still holds the erasures made since and the records as they erased them.  Each such
    erasure is made again in the restored ``store``, in one transaction: its records take the
    personal fields they had in the file kept aside (a new version, noted in the history with
    ``reason``), the history entries it named lose their kept values, and the erasure is recorded
    again (a new version: it travels to the upper level again, where it changes nothing more).
    Returns how many erasures were made again (0 when the file kept aside cannot be read)."""
    # Reading leaves side files (-wal, -shm) where the file kept aside had none: they go again.
    absent = [side for side in (aside.with_name(aside.name + extra) for extra in ("-wal", "-shm"))
              if not side.exists()]
    try:
        old: Any = cipher.connect(aside, file_key, readonly=True, check_same_thread=True)
    except (cipher.DatabaseError, QcdcError) as exc:  # a damaged file is why one restores
        log.warning("the erasures of %s could not be read after the restore: %s", aside, exc)
        for side in absent:
            side.unlink(missing_ok=True)
        return 0
    try:
        try:
            if old.execute("SELECT 1 FROM sqlite_master WHERE name = 'erasures'").fetchone() is None:
                return 0
            erasures = old.execute("SELECT id, origin, version, erased_on, cause, records, entries FROM erasures "
                                   "ORDER BY seq").fetchall()
        except cipher.DatabaseError as exc:
            log.warning("the erasures of %s could not be read after the restore: %s", aside, exc)
            return 0
        here = {str(r[0]) for r in store.conn.execute("SELECT id FROM erasures")}
        lost = [e for e in erasures if str(e[0]) not in here]
        if not lost:
            return 0
        origin = store.origin
        now = utc_now()
        with store.transaction(reason) as conn:
            search_forgets(conn, True)
            changed: list[str] = []
            for erasure_id, erasure_origin, version, erased_on, cause, records, entries in lost:
                changed += [str(r) for r in json.loads(records) if _put_back_erased(conn, old, str(r), origin, now)]
                erase_values(conn, [(str(o), int(n)) for o, n in json.loads(entries)])
                conn.execute("INSERT INTO erasures (id, origin, version, seq, updated_at, erased_on, cause, records, "
                             "entries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (erasure_id, erasure_origin, int(version) + 1, take_seq(conn, origin), now, erased_on,
                              cause, records, entries))
            store.seal_history(reason)  # the entries of the changes just made hold the values again
            erase_values(conn, entries_to_erase(conn, None, changed))
            search_forgets(conn, False)
    finally:
        old.close()
        for side in absent:
            side.unlink(missing_ok=True)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return len(lost)


def _put_back_erased(conn: sqlite3.Connection, old: Any, record: str, origin: str, now: str) -> bool:
    """The record's personal fields as the file kept aside has them; whether it changed."""
    for kind in _ERASABLE:
        names = [n for n in fields_of(kind, NAME, CONTACT, FREE_TEXT)
                 if n in {r[1] for r in conn.execute(f"PRAGMA table_info({kind})")}]
        if not names:
            continue
        columns = ", ".join(names)
        then = old.execute(f"SELECT {columns} FROM {kind} WHERE id = ?", (record,)).fetchone()
        if then is None:
            continue
        now_row = conn.execute(f"SELECT origin, {columns} FROM {kind} WHERE id = ?", (record,)).fetchone()
        if now_row is None:
            return False  # not in the restored file: nothing came back
        changes = {name: value for name, value, current in zip(names, then, now_row[1:]) if value != current}
        if changes and now_row[0] == origin:
            update_record(conn, kind, record, changes, origin, now)
        elif changes:  # another office's record: its office writes its versions; the values go all the same
            sets = ", ".join(f"{name} = ?" for name in changes)
            conn.execute(f"UPDATE {kind} SET {sets} WHERE id = ?", (*changes.values(), record))
        return bool(changes)
    return False
