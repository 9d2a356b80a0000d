"""Values typed before, offered again as the clerk types (hamlets, places, units, officials)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .connection import Store
from .register import notice_settings
from .units import get_unit

LIMIT = 300


@dataclass
class Suggestions:
    hamlets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    assignees: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    chairs: list[tuple[str, str]] = field(default_factory=list)  # (name, title)
    speakers: list[str] = field(default_factory=list)
    secretary: str = ""  # who usually keeps the minutes (the office's printing defaults)
    secretaries: list[str] = field(default_factory=list)
    unit_name: str = ""  # the office ("Xã An Bình", "Tỉnh Phú Thọ"): the form's hints speak as it
    upper: bool = False  # the office is an upper level (its own meetings concern its communes)


def _most_used(store: Store, table: str, column: str, where: str = "") -> list[str]:
    """The values of ``column`` most used in this office's own records (at the upper level, the
    communes' records it holds are theirs, not what its own meetings are typed with)."""
    sql = (f"SELECT {column} FROM {table} WHERE {column} != '' AND origin = ? {where} "
           f"GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT {LIMIT}")
    return [row[0] for row in store.conn.execute(sql, (store.origin,))]


def read_suggestions(store: Store) -> Suggestions:
    """The most used values of each kind, from the most recent records of this office (bounded reads)."""
    recent_opinions = "AND rowid > (SELECT coalesce(max(rowid), 0) - 20000 FROM opinions)"
    hamlets = _most_used(store, "opinions", "address", recent_opinions)
    for (scope,) in store.conn.execute("SELECT scope FROM meetings WHERE scope != '[]' AND origin = ? "
                                       "ORDER BY rowid DESC LIMIT 500", (store.origin,)):
        hamlets.extend(h for h in json.loads(scope) if h not in hamlets)
    unit = get_unit(store)
    chairs = [(n, t) for n, t in store.conn.execute(
        "SELECT name, title FROM officials WHERE active = 1 AND origin = ? ORDER BY rowid", (store.origin,))]
    for name, title in store.conn.execute(
            "SELECT chair, chair_title FROM meetings WHERE origin = ? GROUP BY chair, chair_title "
            "ORDER BY max(held_on) DESC LIMIT 50", (store.origin,)):
        if (name, title) not in chairs:
            chairs.append((name, title))
    return Suggestions(
        hamlets=hamlets[:LIMIT],
        places=_most_used(store, "meetings", "place"),
        assignees=_most_used(store, "tasks", "assignee"),
        coordinating=_most_used(store, "tasks", "coordinating") + [
            c for c in _most_used(store, "meetings", "coordinating")],
        chairs=chairs,
        speakers=_most_used(store, "opinions", "speaker", recent_opinions),
        secretary=notice_settings(store).secretary,
        secretaries=_most_used(store, "meetings", "secretary"),
        unit_name=unit.name,
        upper=unit.role == "upper",
    )
