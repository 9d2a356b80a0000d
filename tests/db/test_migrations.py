"""db/migrations.py: every earlier version of the schema upgrades to the latest, data intact.

For each k in 0..LATEST-1 a file is built at version k with data in every table that exists then,
opened (which backs it up and upgrades it), and compared with a file created at the latest version.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import raw_connection, TODAY, full_meeting, minimal_meeting
from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.backup import list_backups
from qcdc_desktop.db.check import check_store
from qcdc_desktop.db.connection import Store, create_store, open_store
from qcdc_desktop.db import meetings as meetings_module, records
from qcdc_desktop.db.meetings import insert_meetings, iter_meetings
from qcdc_desktop.db import migrations
from qcdc_desktop.db.migrations import LATEST, MIGRATIONS, Migration
from qcdc_desktop.db.search import search
from qcdc_desktop.db.setup import resolve_unit
from qcdc_desktop.db.records import take_seq
from qcdc_desktop.db.units import set_unit
from qcdc_desktop.core.filekey import new_file_key


def _schema(conn: sqlite3.Connection) -> list[tuple]:
    return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


def _tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables (not the search index and its shadow tables, which hold no data of their own)."""
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%' ORDER BY name")]


def _rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    order = ", ".join(columns) if "WITHOUT ROWID" in sql.upper() else "rowid"
    return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}").fetchall()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


@contextlib.contextmanager
def _columns_of_the_time(conn: sqlite3.Connection) -> Iterator[None]:
    """Meetings written with the columns their table has at this version: a meeting's secretary
    came with migration 0012."""
    kept = [c for c in records.MEETING_COLUMNS if c in _columns(conn, "meetings")]
    writer = records.meeting_row

    def row(*args: Any) -> tuple[Any, ...]:
        return tuple(v for c, v in zip(records.MEETING_COLUMNS, writer(*args)) if c in kept)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(meetings_module, "MEETING_COLUMNS", tuple(kept))
        patch.setattr(meetings_module, "meeting_row", row)
        yield


def _fill(store: Store) -> dict[str, int]:
    """Put data in every table the schema has at this version; return rows per table."""
    tables = set(_tables(store.conn))
    with store.transaction() as conn:
        if "settings" in tables:
            set_unit(store, resolve_unit("00004", "commune"))
        if "meetings" in tables:
            later = minimal_meeting(title="Tiếp công dân định kỳ", held_on="2024-04-01")
            meetings = parse_meetings([full_meeting(), later], today=TODAY)
            with _columns_of_the_time(store.conn):
                insert_meetings(conn, meetings, origin="00004", make_id=IdMaker("00004"))
        if "officials" in tables:
            # A file with a history numbers its records from its counter, as the program does.
            seq = take_seq(conn, "00004") if "history" in tables else 99
            conn.execute("INSERT INTO officials (id, origin, seq, updated_at, name, title) VALUES"
                         " ('00004-OFFICIAL', '00004', ?, '2024-01-01T00:00:00+00:00', 'Nguyễn Văn An',"
                         " 'Chủ tịch UBND xã')", (seq,))
        if "drafts" in tables:
            conn.execute("INSERT INTO drafts (key, meeting_id, payload, updated_at) VALUES"
                         " ('new', NULL, '{\"title\": \"Hội nghị đang soạn\"}', '2024-01-01T00:00:00+00:00')")
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _tables(store.conn)}


@pytest.fixture(scope="module")
def latest_schema(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    with create_store(tmp_path_factory.mktemp("latest") / "fresh.db", new_file_key()) as fresh:
        return _schema(fresh.conn)


def test_there_is_something_to_upgrade() -> None:
    assert LATEST == len(MIGRATIONS) >= 2
    assert len({m.name for m in MIGRATIONS}) == LATEST
    assert [m.name[:4] for m in MIGRATIONS] == [f"{i:04d}" for i in range(1, LATEST + 1)]


@pytest.mark.parametrize("version", range(LATEST))
def test_every_version_upgrades_to_the_latest_schema_with_its_data(tmp_path: Path, version: int,
                                                                   latest_schema: list[tuple]) -> None:
    path = tmp_path / "old.db"
    with create_store(path, new_file_key(), upto=version) as old:
        assert old.schema_version() == version
        counts = _fill(old)
        before = {t: (_columns(old.conn, t), _rows(old.conn, t, _columns(old.conn, t))) for t in _tables(old.conn)}
        if version > 0:
            assert sum(counts.values()) > 0, "data was put in at this version"

    with open_store(path) as upgraded:
        assert upgraded.schema_version() == LATEST
        assert _schema(upgraded.conn) == latest_schema
        applied = [r[0] for r in upgraded.conn.execute("SELECT name FROM _migrations ORDER BY name")]
        assert applied == [m.name for m in MIGRATIONS]
        for table, (columns, rows) in before.items():
            if table == "_migrations":
                assert _rows(upgraded.conn, table, columns)[:version] == rows
            elif table == "origins" and "history" not in before:  # its first entries take the next numbers
                (entries, last) = upgraded.conn.execute("SELECT count(*), max(seq) FROM history").fetchone()
                after = dict(_rows(upgraded.conn, table, columns))
                assert all(after[o] >= c + entries and after[o] == last for o, c in rows), (rows, after)
            else:
                assert _rows(upgraded.conn, table, columns) == rows, table
        if "meetings" in before:
            assert [m.title for m in iter_meetings(upgraded)] == [full_meeting()["title"], "Tiếp công dân định kỳ"]
            hits = search(upgraded, "dat dai")
            assert {h.kind for h in hits} == {"opinions"} and len(hits) == 1
            assert [h.kind for h in search(upgraded, "tiep cong dan dinh ky")] == ["meetings"]
            assert check_store(upgraded) == []

    # The upgrade was preceded by a backup of the file as it was.
    [backup] = list_backups(path)
    assert f"before-upgrade-v{version}" in backup.name
    conn = raw_connection(backup, key_of=path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        for table, (columns, rows) in before.items():
            assert _rows(conn, table, columns) == rows
    finally:
        conn.close()


def test_an_upgraded_file_is_not_upgraded_or_backed_up_again(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    create_store(path, new_file_key(), upto=LATEST - 1).close()
    open_store(path).close()
    open_store(path).close()
    assert len(list_backups(path)) == 1


def test_a_failing_migration_leaves_the_file_at_its_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each migration is one transaction: half a migration is never left behind."""
    path = tmp_path / "old.db"
    with create_store(path, new_file_key(), upto=LATEST - 1) as old:
        counts = _fill(old)
        schema = _schema(old.conn)

    last = MIGRATIONS[-1]

    def half_then_fail(conn: sqlite3.Connection) -> None:
        last.apply(conn)
        raise RuntimeError("power cut in the middle of an upgrade")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS[:-1], Migration(last.name, half_then_fail)))
    with pytest.raises(RuntimeError):
        open_store(path)
    monkeypatch.undo()

    with open_store(path, readonly=True, upgrade=False) as still_old:
        assert still_old.schema_version() == LATEST - 1
        assert _schema(still_old.conn) == schema
        assert {t: still_old.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in _tables(still_old.conn)} == counts
    with open_store(path) as upgraded:  # and the upgrade works the next time
        assert upgraded.schema_version() == LATEST


def test_a_file_of_version_11_gets_the_meetings_secretary_and_its_history_notes_it(tmp_path: Path) -> None:
    """Migration 0012: the meetings of an earlier file have no secretary; one written afterwards is
    noted in the history with the meeting's other fields, and the chain still verifies."""
    import json

    path = tmp_path / "old.db"
    with create_store(path, new_file_key(), upto=11) as old:
        _fill(old)
        assert "secretary" not in _columns(old.conn, "meetings")
    with open_store(path) as upgraded:
        assert upgraded.schema_version() == LATEST
        meeting = next(iter_meetings(upgraded))
        assert meeting.secretary == ""
        with upgraded.transaction() as conn:
            conn.execute("UPDATE meetings SET secretary = 'Vũ Thị Lan', version = version + 1 WHERE id = ?",
                         (meeting.id,))
        bodies = [json.loads(b) for (b,) in upgraded.conn.execute(
            "SELECT body FROM history WHERE record = ? AND action = 'update' ORDER BY n", (meeting.id,))]
        assert bodies and "Vũ Thị Lan" in json.dumps(bodies[-1], ensure_ascii=False)
        assert "secretary" in json.dumps(bodies[-1]) and "title" not in json.dumps(bodies[-1])
        assert check_store(upgraded) == []
