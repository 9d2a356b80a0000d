"""What every connection to the schema needs besides the file: the SQL functions its triggers
call (the search folding, the words of a field), a database with the latest schema in memory for
code that reads the schema itself, and the sqlite-utils view of a connection."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from ..core.text import fold
from .migrations import FIELD_SEARCH_WORDS, MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils


def fold_parts(*parts: object) -> str:
    """The text a search index takes of a record's parts (``qcdc_fold`` in SQL)."""
    return fold(" ".join(str(p) for p in parts if p))


def _field_words(code: object) -> str:
    return FIELD_SEARCH_WORDS.get(str(code), "")


def register_functions(conn: sqlite3.Connection) -> None:  # either binding's connection
    conn.create_function("qcdc_fold", -1, fold_parts, deterministic=True)
    conn.create_function("qcdc_field_words", 1, _field_words, deterministic=True)


def utils_db(conn: sqlite3.Connection) -> "sqlite_utils.Database":
    """The sqlite-utils view of ``conn``, for the bulk inserts, row reading and introspection it
    does well (docs/architecture.md, "SQLite and sqlite-utils").

    The connection stays as it was: sqlite-utils would turn recursive triggers on (then an
    ``INSERT OR REPLACE`` fires the delete triggers of the row it replaces, which the search
    index's triggers are not written for) and run its plugins' set-up on it; both are refused
    here.  Imported on first use: it costs a noticeable part of a second at start-up, which the
    window does not need."""
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def schema_database() -> sqlite3.Connection:
    """A new in-memory database with the latest schema (and the SQL functions its triggers call),
    for code that reads the schema itself; never a data file."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    register_functions(conn)
    for migration in MIGRATIONS:
        migration.apply(conn)
    return conn
