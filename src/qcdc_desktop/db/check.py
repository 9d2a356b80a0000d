"""Integrity check of a data file: SQLite's own check, the schema's tables, columns and indexes,
foreign keys, the search index, and the domain's invariants that SQL constraints do not express."""

from __future__ import annotations

import contextlib
import itertools

from ..core import catalog
from ..l10n import _
from . import cipher, history
from .connection import Store
from .functions import schema_database, utils_db
from .damaged import damaged_records

SHOWN = 20  # damaged records named one by one


def _missing_from_schema(store: Store) -> tuple[list[str], list[str]]:
    """The tables and columns (first list) and the indexes (second) of the latest schema that the
    file lacks: a file another tool has changed.  (The indexes SQLite makes for a UNIQUE or
    PRIMARY KEY constraint cannot be dropped; only those the schema creates are looked for.)"""
    tables: list[str] = []
    indexes: list[str] = []
    found = utils_db(store.conn)
    found_tables = set(found.table_names())
    with contextlib.closing(schema_database()) as schema:
        expected = utils_db(schema)
        for table in expected.table_names():
            if table not in found_tables:
                tables.append(_("The data file has no table %(table)s.") % {"table": table})
                continue
            have = {c.name for c in found.table(table).columns}
            tables.extend(_("The table %(table)s has no column %(column)s.") % {"table": table, "column": c.name}
                          for c in expected.table(table).columns if c.name not in have)
            have = {i.name for i in found.table(table).indexes}
            indexes.extend(_("The table %(table)s has no index %(index)s.") % {"table": table, "index": i.name}
                           for i in expected.table(table).indexes if i.origin == "c" and i.name not in have)
    return tables, indexes


def check_store(store: Store) -> list[str]:
    """Every problem found, as sentences; an empty list means the file is sound.  Needs a
    read-write connection (FTS5's integrity check is a write statement that changes nothing)."""
    problems: list[str] = []
    try:
        result = [row[0] for row in store.conn.execute("PRAGMA integrity_check")]
    except cipher.DatabaseError as exc:  # a page the check itself needs does not read
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        result = [f"{exc} (error code {code})"]
    if result != ["ok"]:
        problems.extend(_("SQLite integrity: %(detail)s") % {"detail": line} for line in result[:20])
        return problems  # nothing else can be trusted
    missing, missing_index = _missing_from_schema(store)
    problems.extend(missing + missing_index)
    if missing:
        return problems  # the checks below would stop at the missing table or column
    for table, rowid, parent, _fk in store.conn.execute("PRAGMA foreign_key_check"):
        problems.append(_("%(table)s row %(rowid)s points to a missing %(parent)s record")
                        % {"table": table, "rowid": rowid, "parent": parent})
    db = utils_db(store.conn)
    (waiting,) = store.conn.execute("SELECT count(*) FROM search_pending").fetchone()
    if waiting:
        problems.append(_("%(n)d changes of records wait to be taken into the search index (the file was written "
                          "by another program); the next save takes them in.") % {"n": waiting})
    for table in ("meetings", "opinions", "tasks"):
        try:
            store.conn.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('integrity-check')")
        except cipher.DatabaseError:
            problems.append(_("The search index of %(table)s is damaged.") % {"table": table})
        if db.table(table).count != db.table(f"{table}_fts").count:
            problems.append(_("The search index of %(table)s is out of step with the records.") % {"table": table})
    checks = [
        ("meetings", "kind", catalog.MEETING_KINDS), ("meetings", "status", catalog.MEETING_STATUSES),
        ("meetings", "track", catalog.TRACKS), ("opinions", "field", catalog.FIELDS),
        ("tasks", "state", catalog.TASK_STATES),
    ]
    for table, column, cat in checks:
        marks = ",".join("?" * len(cat.codes()))
        bad = store.conn.execute(
            f"SELECT count(*) FROM {table} WHERE {column} NOT IN ({marks})", cat.codes()).fetchone()[0]
        if bad:
            problems.append(_("%(n)d %(table)s records have an unknown %(column)s code.")
                            % {"n": bad, "table": table, "column": column})
    stale = store.conn.execute(
        "SELECT count(*) FROM opinions o JOIN meetings m ON m.id = o.meeting_id WHERE o.held_on != m.held_on"
    ).fetchone()[0]
    if stale:
        problems.append(_("%(n)d opinions carry a date different from their meeting's.") % {"n": stale})
    problems.extend(history.problems(store.conn, store.origin))
    damaged = list(itertools.islice(damaged_records(store), SHOWN + 1))
    problems.extend(d.sentence() for d in damaged[:SHOWN])
    if len(damaged) > SHOWN:
        problems.append(_("and more damaged records"))
    if damaged:
        problems.append(_("remove damaged records with: qcdc repair --remove ID, or ask their office for everything "
                          "again with: qcdc repair --resend CODE"))
    return problems
