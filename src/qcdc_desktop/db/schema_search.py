"""The statements of migration 0017_search_staging (db/migrations.py).  Released statements are
never changed.

The search indexes (FTS5) were kept by triggers that wrote to them row by row.  A full-text table
written from inside a trigger costs SQLite five times what the same rows cost written to it
directly (measured 2026-12-07: 50,000 rows in 5.3–6.8 s through a trigger, 1.2 s by one
``executemany``, the folding apart; docs/performance.md, "Bulk writes"): at the upper level it
was most of an import's time.  The triggers now note what the indexes must take — the record's
rowid and its folded text, to insert or to delete — in ``search_pending``, a plain table (which a
trigger writes at the cost of any other row), and db/search_index.py hands the notes to the
indexes in batches before every commit (``Store.seal_history``, which every write transaction
calls), in the order they were made.  A note left behind (a file written by another program with
the key) is handed over by the next write, and ``qcdc check`` names it.  Derived data: no
history, no sync.
"""

from __future__ import annotations

from .schema import SEARCH_TEXT, _columns

STAGED_KINDS = tuple(SEARCH_TEXT)


def _staging_triggers(table: str, text: str) -> str:
    new, old = text.format(r="new"), text.format(r="old")

    def note(op: str, row: str, body: str) -> str:
        return (f"    INSERT INTO search_pending (kind, op, target, body) "
                f"VALUES ('{table}', '{op}', {row}.rowid, qcdc_fold({body}));\n")

    return (f"DROP TRIGGER {table}_fts_insert;\nDROP TRIGGER {table}_fts_delete;\nDROP TRIGGER {table}_fts_update;\n"
            f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN\n{note('insert', 'new', new)}END;\n"
            f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN\n{note('delete', 'old', old)}END;\n"
            f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {_columns(text)} ON {table} BEGIN\n"
            f"{note('delete', 'old', old)}{note('insert', 'new', new)}END;\n")


SEARCH_STAGING_SCHEMA = """
CREATE TABLE search_pending (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,  -- meetings, opinions or tasks: the index is <kind>_fts
    op TEXT NOT NULL,  -- insert or delete
    target INTEGER NOT NULL,  -- the record's rowid
    body TEXT NOT NULL  -- its text as the index takes it (qcdc_fold)
);
""" + "".join(_staging_triggers(table, text) for table, text in SEARCH_TEXT.items())
