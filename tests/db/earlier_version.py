"""Data files as the previous version of the program wrote them: plain SQLite, schema version 8 (no
accounts), for the tests of converting them.  Made from a file of this version (encrypted, with the
test process signed in to it) by exporting it to a plain file and taking the accounts away, as the
previous version never had them."""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from qcdc_desktop.db import access, cipher
from qcdc_desktop.db.connection import Store
from qcdc_desktop.db.functions import register_functions
from qcdc_desktop.db.dump import write_dump
from qcdc_desktop.db.schema import SEARCH_TEXT, _columns

PREVIOUS_VERSION = 8


def write_previous_version(encrypted: Path, plain: Path) -> Path:
    """A plain copy of ``encrypted`` at ``plain``, as the previous version had it."""
    found = access.unlocked(encrypted)
    assert found is not None, "the test process must be signed in to the file"
    conn = cipher.connect(encrypted, found.file_key, readonly=True)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchone()
        for pragma in ("user_version", "application_id"):
            conn.execute(f"PRAGMA plain.{pragma} = {int(conn.execute(f'PRAGMA main.{pragma}').fetchone()[0])}")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    old = sqlite3.connect(plain, isolation_level=None)
    try:
        # What migrations 0009_users to 0017_search_staging added, taken away again.
        for (trigger,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                      "AND (name LIKE '%history%' OR name LIKE 'publication_watch%')").fetchall():
            old.execute(f"DROP TRIGGER {trigger}")
        for table, text in SEARCH_TEXT.items():  # the search indexes' triggers as they were before 0017
            new, gone = text.format(r="new"), text.format(r="old")
            for what in ("insert", "delete", "update"):
                old.execute(f"DROP TRIGGER {table}_fts_{what}")
            old.execute(f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN "
                        f"INSERT INTO {table}_fts (rowid, body) VALUES (new.rowid, qcdc_fold({new})); END")
            old.execute(f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
                        f"INSERT INTO {table}_fts ({table}_fts, rowid, body) VALUES ('delete', old.rowid, "
                        f"qcdc_fold({gone})); END")
            old.execute(f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {_columns(text)} ON {table} BEGIN "
                        f"INSERT INTO {table}_fts ({table}_fts, rowid, body) VALUES ('delete', old.rowid, "
                        f"qcdc_fold({gone})); INSERT INTO {table}_fts (rowid, body) VALUES (new.rowid, "
                        f"qcdc_fold({new})); END")
        for table in ("history", "history_values", "history_forks", "history_checks", "history_pending", "users",
                      "erasures", "person_requests", "sync_refusals", "publication_watch", "search_pending"):
            old.execute(f"DROP TABLE {table}")
        for column in ("history_n", "history_hash"):
            old.execute(f"ALTER TABLE sync_bundles_out DROP COLUMN {column}")
        old.execute("ALTER TABLE meetings DROP COLUMN secretary")
        for index in ("meetings_status_held_on", "publications_meeting_published", "meetings_origin_held_on",
                      "opinions_origin_held_on", "tasks_origin_deadline",
                      "opinions_undecided_origin", "opinions_origin_address", "tasks_origin_assignee"):
            old.execute(f"DROP INDEX {index}")
        old.execute("DELETE FROM _migrations WHERE name IN ('0009_users', '0010_history', '0011_personal_data', "
                    "'0012_meeting_secretary', '0013_followup_indexes', '0014_commune_lists', "
                    "'0015_communes_board', '0016_publication_watch', '0017_search_staging')")
        old.execute(f"PRAGMA user_version = {PREVIOUS_VERSION}")
        old.execute("PRAGMA journal_mode = WAL")  # as the previous version left its files
    finally:
        old.close()
    return plain


@contextlib.contextmanager
def plain_store(plain: Path) -> Iterator[Store]:
    """A plain file opened read-only as the previous version opened it."""
    conn = sqlite3.connect(f"{plain.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    register_functions(conn)
    try:
        yield Store(plain, conn, readonly=True)
    finally:
        conn.close()


def plain_dump(plain: Path) -> str:
    """The canonical dump of a plain file, read as the previous version read it, with the fields
    this version has and it had not (a meeting's secretary) as an upgrade gives them: empty."""
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / plain.name
        shutil.copyfile(plain, copy)
        conn = sqlite3.connect(copy, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            if "secretary" not in [r[1] for r in conn.execute("PRAGMA table_info(meetings)")]:
                conn.execute("ALTER TABLE meetings ADD COLUMN secretary TEXT NOT NULL DEFAULT ''")
        finally:
            conn.close()
        with plain_store(copy) as store:
            write_dump(store, out)
    return out.getvalue()
