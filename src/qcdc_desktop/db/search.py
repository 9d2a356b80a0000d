"""Full-text search over meetings, opinions and tasks, insensitive to diacritics, đ/d and NFC/NFD.

The FTS5 tables hold text folded by :func:`qcdc_desktop.core.text.fold` (through the SQL function
``qcdc_fold`` that the triggers call), and queries are folded by the same function, so "dat dai"
finds "Đất đai".  Every word must match; the last word also matches as a prefix, for search as
you type.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..core.office_search import query_tokens, words_expression
from .connection import Store

KINDS = ("meetings", "opinions", "tasks")


@dataclass(frozen=True)
class Hit:
    kind: str  # "meetings", "opinions" or "tasks"
    id: str
    meeting_id: str
    held_on: str
    text: str


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a person's query, or None when it has no words.

    Each word is quoted (so nothing the person types is read as FTS syntax); the last becomes a
    prefix query when it has at least two letters, and is left out while it is a single letter
    after other words.
    """
    return words_expression(query_tokens(query), True)


_SQL = {
    "meetings": """
        SELECT m.id, m.id, m.held_on, m.title FROM meetings_fts f JOIN meetings m ON m.rowid = f.rowid
        WHERE meetings_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?""",
    "opinions": """
        SELECT o.id, o.meeting_id, o.held_on, o.content FROM opinions_fts f JOIN opinions o ON o.rowid = f.rowid
        WHERE opinions_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?""",
    "tasks": """
        SELECT t.id, t.meeting_id, m.held_on, t.content FROM tasks_fts f JOIN tasks t ON t.rowid = f.rowid
        JOIN meetings m ON m.id = t.meeting_id
        WHERE tasks_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?""",
}


def search(store: Store | sqlite3.Connection, query: str, *, kinds: tuple[str, ...] = KINDS,
           limit: int = 50) -> list[Hit]:
    """Records matching ``query``, newest first, at most ``limit`` of each kind."""
    conn = store.conn if isinstance(store, Store) else store
    expression = match_expression(query)
    if expression is None:
        return []
    hits: list[Hit] = []
    for kind in kinds:
        for row in conn.execute(_SQL[kind], (expression, limit)):
            hits.append(Hit(kind, *row))
    return hits


def matching_rowids_sql(kind: str) -> str:
    """SQL selecting the rowids of ``kind`` that match a MATCH expression (for list filters)."""
    return f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ?"
