"""The citizen's sheet filled from the data file: what ``find_person`` found, with the meeting of
each record (its title and date), the day of each history entry that keeps the person's values,
and the office that holds it (core/person_sheet.py says what the sheet is)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..core.person_sheet import HeldMention, HeldOpinion, Sheet
from ..core.personal import Person
from .retention import retention_years
from .sync_phones import sends_phones
from .backup_files import KEEP
from .connection import Store
from .personal_find import Findings, find_person
from .units import get_unit

_CHUNK = 500


def _meetings(store: Store, ids: set[str]) -> dict[str, tuple[str, dt.date | None]]:
    """The title and date of each meeting named, read a chunk at a time."""
    found: dict[str, tuple[str, dt.date | None]] = {}
    listed = sorted(ids)
    for start in range(0, len(listed), _CHUNK):
        chunk = listed[start:start + _CHUNK]
        for meeting_id, title, held_on in store.conn.execute(
                f"SELECT id, title, held_on FROM meetings WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            found[meeting_id] = (title, dt.date.fromisoformat(held_on) if held_on else None)
    return found


def _history_days(store: Store, findings: Findings) -> tuple[dt.date, ...]:
    """The local day of each history entry found, oldest first."""
    days = []
    for entry in findings.entries:
        row = store.conn.execute("SELECT at FROM history WHERE origin = ? AND n = ?", (entry.origin, entry.n)).fetchone()
        if row is not None:
            days.append(dt.datetime.fromisoformat(row[0]).astimezone().date())
    return tuple(sorted(days))


def _text(values: dict[str, Any], key: str) -> str:
    value = values.get(key)
    return "" if value is None else str(value)


def sheet_of(store: Store, findings: Findings, today: dt.date) -> Sheet:
    """The sheet of what was found (in the same read as the finding)."""
    meetings = _meetings(store, {f.meeting_id for f in findings.records if f.meeting_id})
    opinions, mentions = [], []
    for found in findings.records:
        title, held_on = meetings.get(found.meeting_id or "", ("", None))
        v = found.values
        if found.own:
            opinions.append(HeldOpinion(
                id=found.id, origin=found.origin, meeting_id=found.meeting_id or "", meeting_title=title,
                held_on=held_on, speaker=_text(v, "speaker"), on_behalf_of=_text(v, "on_behalf_of"),
                phone=_text(v, "phone"), hamlet=_text(v, "address"), field=_text(v, "field"),
                content=_text(v, "content"), answer=_text(v, "answer"), outcome=_text(v, "outcome")))
        else:
            mentions.append(HeldMention(found.kind, found.id, found.origin, found.fields, title, held_on))
    opinions.sort(key=lambda o: (o.held_on or dt.date.min, o.meeting_id, o.id))
    mentions.sort(key=lambda m: (m.held_on or dt.date.min, m.kind, m.id))
    unit = get_unit(store)
    person = findings.person
    return Sheet(name=person.name.strip(), phone=person.phone.strip(), made_on=today, unit_name=unit.name,
                 unit_code=unit.code, opinions=tuple(opinions), mentions=tuple(mentions),
                 history_days=_history_days(store, findings), drafts=len(findings.drafts),
                 conflicts=len(findings.conflicts), backups_kept=KEEP, retention_years=retention_years(store),
                 phones_sent=sends_phones(store))


def read_sheet(store: Store, person: Person, *, today: dt.date, cancelled: Callable[[], bool] = lambda: False,
               progress: Callable[[int, int], None] = lambda done, total: None) -> tuple[Findings, Sheet]:
    """Find everything held about ``person`` (``find_person``: administrator and leader) and the
    sheet that tells it."""
    findings = find_person(store, person, cancelled=cancelled, progress=progress)
    return findings, sheet_of(store, findings, today)
