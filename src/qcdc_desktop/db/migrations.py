"""Schema as named, numbered migrations.  ``PRAGMA user_version`` holds how many are applied.

A released migration's statements (db/schema.py) are never changed; a change is a new migration.  Every earlier version
upgrades to the latest (tests/db/test_migrations.py builds each one and upgrades it).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from typing import Callable

from .history import begin
from .schema_board import BOARD_SCHEMA
from .schema_followup import PUBLICATION_WATCH_SCHEMA
from .schema_search import SEARCH_STAGING_SCHEMA
from .schema_history import HISTORY_SCHEMA
from .schema_minutes import MINUTES_SCHEMA
from .schema_personal import PERSONAL_SCHEMA
from .schema import (
    COMMUNE_LISTS_SCHEMA,
    CORE_SCHEMA,
    DRAFTS_SCHEMA,
    FOLLOWUP_INDEXES_SCHEMA,
    FIELD_SEARCH_WORDS,
    LIST_INDEXES_SCHEMA,
    REGISTER_DETAILS_SCHEMA,
    SEARCH_PREFIX_4_SCHEMA,
    SEARCH_SCHEMA,
    SYNC_SCHEMA,
    TASK_HISTORY_SCHEMA,
    USERS_SCHEMA,
)

__all__ = ["FIELD_SEARCH_WORDS", "LATEST", "MIGRATIONS", "Migration", "apply_migrations"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        # executescript would COMMIT the open transaction; run statement by statement instead.
        for statement in _split(sql):
            conn.execute(statement)

    return run


def _split(sql: str) -> list[str]:
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _history(conn: sqlite3.Connection) -> None:
    _script(HISTORY_SCHEMA)(conn)
    begin(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_core", _script(CORE_SCHEMA)),
    Migration("0002_search", _script(SEARCH_SCHEMA)),
    Migration("0003_drafts", _script(DRAFTS_SCHEMA)),
    Migration("0004_list_indexes", _script(LIST_INDEXES_SCHEMA)),
    Migration("0005_search_prefix_4", _script(SEARCH_PREFIX_4_SCHEMA)),
    Migration("0006_register_details", _script(REGISTER_DETAILS_SCHEMA)),
    Migration("0007_task_history", _script(TASK_HISTORY_SCHEMA)),
    Migration("0008_sync", _script(SYNC_SCHEMA)),
    Migration("0009_users", _script(USERS_SCHEMA)),
    Migration("0010_history", _history),
    Migration("0011_personal_data", _script(PERSONAL_SCHEMA)),
    Migration("0012_meeting_secretary", _script(MINUTES_SCHEMA)),
    Migration("0013_followup_indexes", _script(FOLLOWUP_INDEXES_SCHEMA)),
    Migration("0014_commune_lists", _script(COMMUNE_LISTS_SCHEMA)),
    Migration("0015_communes_board", _script(BOARD_SCHEMA)),
    Migration("0016_publication_watch", _script(PUBLICATION_WATCH_SCHEMA)),
    Migration("0017_search_staging", _script(SEARCH_STAGING_SCHEMA)),
)
LATEST = len(MIGRATIONS)


def apply_migrations(conn: sqlite3.Connection, current: int, target: int | None = None) -> None:
    """Apply migrations ``current+1 .. target`` (the latest when ``target`` is None), each in its own
    transaction."""
    for number, migration in enumerate(MIGRATIONS[current:target], start=current + 1):
        log.info("applying migration %s", migration.name)
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration.apply(conn)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (migration.name, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
            )
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
