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


LONG_PREFIX = 5  # letters: a last word this long has no prefix index of its own (schema.py: 2, 3, 4)
MAX_TERMS = 64  # words a long prefix is spelled out into, at most


def match_expression(query: str, conn: sqlite3.Connection | None = None, kind: str = "opinions") -> str | None:
    """The FTS5 MATCH expression for a person's query, or None when it has no words.

    Each word is quoted (so nothing the person types is read as FTS syntax); the last becomes a
    prefix query when it has at least two letters, and is left out while it is a single letter
    after other words.  Given ``conn``, a last word of :data:`LONG_PREFIX` letters or more is
    spelled out (:func:`words_match`).
    """
    words = query_tokens(query)
    return words_match(conn, kind, words, True) if conn is not None else words_expression(words, True)


def words_match(conn: sqlite3.Connection, kind: str, words: tuple[str, ...] | list[str],
                last_is_prefix: bool) -> str | None:
    """:func:`~..core.office_search.words_expression`, with a long last prefix ("phong", "thuon")
    spelled out into the words of ``kind``'s text index that begin with it ("phong", or "thuong"):
    FTS5 has no prefix index that long and would merge every such word's list of rows in memory
    on each query (60 ms and hundreds of megabytes for a common word at ten million opinions),
    where a few whole words are read only as far as the rows wanted.  The same rows match."""
    expression = words_expression(words, last_is_prefix)
    if expression is None or not last_is_prefix or len(words[-1]) < LONG_PREFIX:
        return expression
    last = words[-1]
    terms = [row[0] for row in conn.execute(
        f"SELECT term FROM {_vocabulary(conn, kind)} WHERE term >= ? AND term < ? LIMIT ?",
        (last, last + "\U0010ffff", MAX_TERMS + 1))]
    if len(terms) > MAX_TERMS:
        return expression
    spelled = " OR ".join(f'"{t}"' for t in terms) if terms else f'"{last}"'  # none: a word no row has
    before = " AND ".join(f'"{w}"' for w in words[:-1])
    return f"{before} AND ({spelled})" if before else f"({spelled})"


def _vocabulary(conn: sqlite3.Connection, kind: str) -> str:
    """The words of ``kind``'s text index, as a table of this connection (made on first use)."""
    if kind not in KINDS:
        raise ValueError(f"no text index for {kind!r}")
    name = f"temp.{kind}_fts_words"
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5vocab(main, {kind}_fts, 'row')")
    return name


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
    if match_expression(query) is None:
        return []
    hits: list[Hit] = []
    for kind in kinds:
        for row in conn.execute(_SQL[kind], (match_expression(query, conn, kind), limit)):
            hits.append(Hit(kind, *row))
    return hits


def matching_rowids_sql(kind: str) -> str:
    """SQL selecting the rowids of ``kind`` that match a MATCH expression (for list filters)."""
    return f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ?"
