"""Rows ↔ domain records, and the bookkeeping every write does: ids, versions, change counter.

Each record has one writer, its origin office.  Every write by this office takes the next value of
the office's change counter (``seq``) and bumps the record's ``version``; sync ships what changed
since a confirmed ``seq``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from ..core.model import Meeting, Opinion, Person, Publication, Task, as_one_fact


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def take_seq(conn: sqlite3.Connection, origin: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive change-counter values for ``origin``; return the first."""
    conn.execute("INSERT OR IGNORE INTO origins (origin, counter) VALUES (?, 0)", (origin,))
    last: int
    (last,) = conn.execute(
        "UPDATE origins SET counter = counter + ? WHERE origin = ? RETURNING counter", (count, origin)
    ).fetchone()
    return last - count + 1


#: Bound values per statement of :func:`insert_rows` (SQLite's limit is 32,766 since 3.32).
_VALUES_PER_STATEMENT = 4_000


def insert_rows(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples of plain values in the order of ``columns``) in statements of many
    rows each: one statement per row costs SQLite a step and Python a binding call per row, which a
    bulk write of a million records notices."""
    if not rows:
        return
    width = len(columns)
    per = max(1, _VALUES_PER_STATEMENT // width)
    one = "(" + ", ".join("?" * width) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    full = head + ", ".join([one] * per)
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        sql = full if len(chunk) == per else head + ", ".join([one] * len(chunk))
        conn.execute(sql, [value for row in chunk for value in row])


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


MEETING_COLUMNS = (
    "id", "origin", "version", "seq", "updated_at", "kind", "track", "held_on", "starts_at", "ends_at",
    "title", "place", "scope", "mode", "chair", "chair_title", "co_chairs", "coordinating",
    "participants", "announced_on", "minutes", "conclusion", "status", "secretary",
)
OPINION_COLUMNS = (
    "id", "origin", "version", "seq", "updated_at", "meeting_id", "position", "held_on", "speaker",
    "address", "phone", "on_behalf_of", "field", "content", "answered", "answer", "outcome",
)
TASK_COLUMNS = (
    "id", "origin", "version", "seq", "updated_at", "meeting_id", "position", "content", "assignee",
    "deadline", "coordinating", "opinions", "state", "result", "completed_on", "reply_doc",
)
PUBLICATION_COLUMNS = (
    "id", "origin", "version", "seq", "updated_at", "meeting_id", "position", "method", "published_on",
    "ends_on", "note",
)


def meeting_row(m: Meeting, origin: str, seq: int, now: str) -> tuple[Any, ...]:
    co_chairs = json.dumps([{"name": p.name, "title": p.title} for p in m.co_chairs], ensure_ascii=False)
    return (
        m.id, origin, 1, seq, now, m.kind, m.track, m.held_on.isoformat(), m.starts_at, m.ends_at,
        m.title, m.place, json.dumps(m.scope, ensure_ascii=False), m.mode, m.chair, m.chair_title,
        co_chairs, m.coordinating, m.participants, _iso(m.announced_on), m.minutes, m.conclusion, m.status,
        m.secretary,
    )


def opinion_row(o: Opinion, meeting: Meeting, position: int, origin: str, seq: int, now: str) -> tuple[Any, ...]:
    return (
        o.id, origin, 1, seq, now, meeting.id, position, meeting.held_on.isoformat(), o.speaker,
        o.address, o.phone, o.on_behalf_of, o.field, o.content, int(o.answered), o.answer, o.outcome,
    )


def task_row(t: Task, meeting: Meeting, position: int, origin: str, seq: int, now: str) -> tuple[Any, ...]:
    return (
        t.id, origin, 1, seq, now, meeting.id, position, t.content, t.assignee, _iso(t.deadline),
        t.coordinating, json.dumps(t.opinions), t.state, t.result, _iso(t.completed_on), t.reply_doc,
    )


def publication_row(p: Publication, meeting: Meeting, position: int, origin: str, seq: int, now: str) -> tuple[Any, ...]:
    return (
        p.id, origin, 1, seq, now, meeting.id, position, p.method, p.published_on.isoformat(),
        _iso(p.ends_on), p.note,
    )


def meeting_from_row(row: sqlite3.Row) -> Meeting:
    return Meeting(
        id=row["id"], kind=row["kind"], track=row["track"], held_on=dt.date.fromisoformat(row["held_on"]),
        starts_at=row["starts_at"], ends_at=row["ends_at"], title=row["title"], place=row["place"],
        scope=json.loads(row["scope"]), mode=row["mode"], chair=row["chair"], chair_title=row["chair_title"],
        co_chairs=[Person(**p) for p in json.loads(row["co_chairs"])], coordinating=row["coordinating"],
        participants=row["participants"], announced_on=_date(row["announced_on"]), minutes=row["minutes"],
        conclusion=row["conclusion"], status=row["status"], secretary=row["secretary"],
    )


def opinion_from_row(row: sqlite3.Row) -> Opinion:
    answered, outcome = as_one_fact(bool(row["answered"]), row["outcome"])
    return Opinion(
        id=row["id"], speaker=row["speaker"], address=row["address"], phone=row["phone"],
        on_behalf_of=row["on_behalf_of"], field=row["field"], content=row["content"],
        answered=answered, answer=row["answer"], outcome=outcome,
    )


def outcome_sql(table: str) -> str:
    """SQL of an opinion's outcome as :func:`core.model.as_one_fact` reads it (NULL: not decided);
    ``table`` is the name or alias of the opinions table in the query."""
    return f"coalesce({table}.outcome, CASE WHEN {table}.answered = 1 THEN 'answered' END)"


def answered_sql(table: str) -> str:
    """SQL, 1 or 0: whether an opinion was answered at the meeting, as :func:`outcome_sql` reads it."""
    return f"({outcome_sql(table)} IS 'answered')"


def task_from_row(row: sqlite3.Row) -> Task:
    return Task(
        id=row["id"], content=row["content"], assignee=row["assignee"], deadline=_date(row["deadline"]),
        coordinating=row["coordinating"], opinions=json.loads(row["opinions"]), state=row["state"],
        result=row["result"], completed_on=_date(row["completed_on"]), reply_doc=row["reply_doc"],
    )


def publication_from_row(row: sqlite3.Row) -> Publication:
    return Publication(
        id=row["id"], method=row["method"], published_on=dt.date.fromisoformat(row["published_on"]),
        ends_on=_date(row["ends_on"]), note=row["note"],
    )
