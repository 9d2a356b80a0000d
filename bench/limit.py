"""The limit baseline of a bulk write: the same rows written by the plainest code that gives the
same database.

A bulk path of the application (the demo, a register's import, the upper level's import of
bundles) is run on a data file; a copy of the file as it was before (``before``) is then given,
by plain code, every row the application's run added or changed (``after``), and that is timed:

* the rows are read from ``after`` beforehand (not timed), table by table, with their rowids;
* the full-text index's text is read as the parts the application folds (the columns of
  ``schema.SEARCH_TEXT``), and folded in Python in one pass as it is written, by the same function
  the application uses (``db.functions.fold_parts``), then inserted plainly: the issue that set the
  budget measured the limit so, folding then inserting (its 3.3 s + 2.1 s).  The folding's seconds
  are kept (``folding``), so that a bench can print the ratio without them too;
* the copy keeps every table and every index of the schema, and its full-text tables, but none of
  its triggers (the history's notes, the search's upkeep, the derived copies: their results are
  among the rows written);
* one transaction, plain ``executemany`` per table (``INSERT OR REPLACE``, for the rows the run
  changed rather than added: the office's counters, the records an erasure changed), WAL with
  ``synchronous=FULL``, on the encrypted file, as the application writes;
* a record whose searched text the run changed (an erasure) has its old text deleted from the
  full-text index with FTS5's secure-delete on, as the application erases, and its new text added;
  when the changed records are as many as make the application build the index afresh
  (db/search_index.py: a large share of the records), the limit empties the index and adds every
  record's text, folded beforehand.

The result is checked: every table of the copy then holds the rows of ``after``, and each
full-text index finds the same rows for a few words.  What this leaves out on purpose — making
the records, checking them, hashing the history's chain — is the application's work, which the
ratio application / limit shows.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from qcdc_desktop.db import cipher
from qcdc_desktop.db.functions import fold_parts, register_functions
from qcdc_desktop.db.schema import SEARCH_TEXT
from qcdc_desktop.db.search_index import AFRESH_FROM, AFRESH_SHARE

CHUNK = 20_000


def _tables(conn: Any) -> list[tuple[str, bool]]:
    """(name, has a rowid) of the data file's own tables, the full-text index's shadow tables left
    out (the full-text tables themselves are written through their own interface)."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "ORDER BY name").fetchall()
    fts = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    own = [(name, "WITHOUT ROWID" not in (sql or "").upper()) for name, sql in rows
           if name not in fts and not any(name.startswith(f"{f}_") for f in fts)]
    return own


def copy_file(before: Path, to: Path) -> None:
    """A copy of a data file and its key-slot file (the copy opens with the same key)."""
    for suffix in ("", ".keys"):
        if Path(f"{before}{suffix}").exists():
            shutil.copyfile(f"{before}{suffix}", f"{to}{suffix}")


def _connect(path: Path, key: bytes, *, readonly: bool) -> Any:
    conn: Any = cipher.connect(path, key, readonly=readonly)
    register_functions(conn)
    return conn


class Replay:
    """What the application's run wrote, read from ``after`` against ``before`` (the same key)."""

    def __init__(self, before: Path, after: Path, key: bytes) -> None:
        self.before, self.key = before, key
        # (table, INSERT, rows, whether the rows are a record's rowid and the parts of its searched text)
        self.rows: list[tuple[str, str, list[tuple[Any, ...]], bool]] = []
        self.folding = 0.0  # of the last write: the seconds of folding the searched text
        self.forget: list[str] = []  # the searched tables whose index loses words (secure-delete on)
        self.count = 0
        conn = _connect(after, key, readonly=True)
        try:
            conn.execute("ATTACH DATABASE ? AS b KEY ?", (f"{cipher._uri(before, 'ro')}",  # noqa: SLF001 - read-only uri
                                                          f"x'{key.hex()}'"))
            for table, rowid in _tables(conn):
                if table == "history_pending":
                    continue  # notes of an open transaction: empty after every commit
                columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
                names = (["rowid"] if rowid else []) + columns
                listed = ", ".join(names)
                new = conn.execute(f"SELECT {listed} FROM main.{table} EXCEPT SELECT {listed} FROM b.{table}").fetchall()
                if new:
                    self.rows.append((table, f"INSERT OR REPLACE INTO {table} ({listed}) "
                                             f"VALUES ({', '.join('?' * len(names))})", new, False))
                    self.count += len(new)
            for table, text in SEARCH_TEXT.items():
                self._search_rows(conn, table, text)
        finally:
            conn.close()
        self.after = after

    def _search_rows(self, conn: Any, table: str, text: str) -> None:
        """What the full-text index of ``table`` takes: the text of the records the run added;
        and of those whose searched text it changed (an erasure), the old text taken out with its
        words (secure-delete, as the application erases) and the new put in — or, when they are as
        many as make the application build the index afresh (db/search_index.py), the index
        emptied and every record's text put in.  The text is read as its parts and folded when it
        is written (:meth:`write`, timed)."""
        (top,) = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM b.{table}").fetchone()
        new_text, old_text = text.format(r="a"), text.format(r="o")
        changed = conn.execute(
            f"SELECT a.rowid, {new_text}, {old_text} FROM main.{table} a JOIN b.{table} o ON o.rowid = a.rowid "
            f"WHERE qcdc_fold({new_text}) IS NOT qcdc_fold({old_text})").fetchall()
        fts, width = f"{table}_fts", text.count(",") + 1
        insert = f"INSERT INTO {fts} (rowid, body) VALUES (?, ?)"
        if changed:
            self.forget.append(table)
            self.count += len(changed)
            (records,) = conn.execute(f"SELECT count(*) FROM main.{table}").fetchone()
            if len(changed) >= AFRESH_FROM and len(changed) * AFRESH_SHARE >= records:
                every = conn.execute(f"SELECT rowid, {text.format(r=table)} FROM main.{table} ORDER BY rowid").fetchall()
                self.rows.append((fts, f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')", [()], False))
                self.rows.append((fts, insert, every, True))
                return
            self.rows.append((fts, f"INSERT INTO {fts} ({fts}, rowid, body) VALUES ('delete', ?, ?)",
                              [(r[0], *r[1 + width:]) for r in changed], True))
            self.rows.append((fts, insert, [r[:1 + width] for r in changed], True))
        bodies = conn.execute(f"SELECT rowid, {text.format(r=table)} FROM main.{table} WHERE rowid > ?",
                              (top,)).fetchall()
        if bodies:
            self.rows.append((fts, insert, bodies, True))

    def write(self, to: Path) -> float:
        """Write the rows into a copy of ``before`` at ``to`` without triggers; the seconds taken."""
        copy_file(self.before, to)
        conn = _connect(to, self.key, readonly=False)
        try:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                conn.execute(f"DROP TRIGGER {name}")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.folding = 0.0
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            for table in self.forget:
                conn.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('secure-delete', 1)")
            for _table, insert, rows, folded in self.rows:
                for start in range(0, len(rows), CHUNK):
                    chunk = rows[start:start + CHUNK]
                    if folded:
                        began = time.perf_counter()
                        chunk = [(row[0], fold_parts(*row[1:])) for row in chunk]
                        self.folding += time.perf_counter() - began
                    conn.executemany(insert, chunk)
            for table in self.forget:
                conn.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('secure-delete', 0)")
            conn.execute("COMMIT")
            elapsed = time.perf_counter() - started
        finally:
            conn.close()
        self._check(to)
        return elapsed

    def _check(self, to: Path) -> None:
        """The copy holds what the application wrote: the same rows in every table, and the same
        search results for a few words in each full-text index."""
        conn = _connect(to, self.key, readonly=True)
        try:
            conn.execute("ATTACH DATABASE ? AS a KEY ?", (f"{cipher._uri(self.after, 'ro')}",  # noqa: SLF001
                                                          f"x'{self.key.hex()}'"))
            for table, rowid in _tables(conn):
                if table == "history_pending":
                    continue
                listed = ", ".join((["rowid"] if rowid else []) + [r[1] for r in conn.execute(f"PRAGMA table_info({table})")])
                for one, other in (("main", "a"), ("a", "main")):
                    (differ,) = conn.execute(f"SELECT count(*) FROM (SELECT {listed} FROM {one}.{table} "
                                             f"EXCEPT SELECT {listed} FROM {other}.{table})").fetchone()
                    if differ:
                        raise SystemExit(f"limit baseline: {table} differs from the application's ({differ} rows)")
            for table in SEARCH_TEXT:
                for word in ("dat", "nguyen", "thon", "hoi"):
                    found = [conn.execute(f"SELECT count(*) FROM {s}.{table}_fts WHERE {table}_fts MATCH ?",
                                          (word,)).fetchone()[0] for s in ("main", "a")]
                    if found[0] != found[1]:
                        raise SystemExit(f"limit baseline: {table}_fts finds {found} for {word!r}")
        finally:
            conn.close()
