"""db/connection.py: creating and opening data files, the pragmas every connection runs with,
and the files that are refused."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import raw_connection, add_to, full_meeting
from qcdc_desktop.core.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseUnsettled,
    DatabaseExists,
    DatabaseMissing,
    NotAQcdcDatabase,
    SchemaTooNew,
    StoreError,
)
from qcdc_desktop.db import cipher
from qcdc_desktop.db.connection import APPLICATION_ID, Store, create_store, open_store
from qcdc_desktop.db.file_errors import explain
from qcdc_desktop.db.meetings import iter_meetings
from qcdc_desktop.db.migrations import LATEST
from qcdc_desktop.core.filekey import new_file_key


def _pragma(store: Store, name: str) -> object:
    return store.conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_a_new_file_is_marked_as_ours_at_the_latest_version(tmp_path: Path) -> None:
    with create_store(tmp_path / "new.db", new_file_key()) as store:
        assert _pragma(store, "application_id") == APPLICATION_ID
        assert store.schema_version() == LATEST
        assert _pragma(store, "journal_mode") == "wal"
        names = [r[0] for r in store.conn.execute("SELECT name FROM _migrations ORDER BY name")]
        assert len(names) == LATEST


def test_write_connections_use_wal_full_sync_and_foreign_keys(store: Store) -> None:
    path = store.path
    store.close()
    with open_store(path) as opened:
        assert _pragma(opened, "journal_mode") == "wal"
        assert _pragma(opened, "synchronous") == 2  # FULL: a commit survives a power cut
        assert _pragma(opened, "foreign_keys") == 1
        assert _pragma(opened, "busy_timeout") > 0


def test_read_only_connections_cannot_write_and_still_check_foreign_keys(store: Store) -> None:
    path = store.path
    store.close()
    with open_store(path, readonly=True) as reader:
        assert _pragma(reader, "foreign_keys") == 1
        assert _pragma(reader, "journal_mode") == "wal"
        with pytest.raises(cipher.OperationalError, match="readonly"):
            reader.conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(cipher.IntegrityError):
        with store.transaction() as conn:
            conn.execute("INSERT INTO opinions (id, origin, seq, updated_at, meeting_id, position, held_on, speaker,"
                         " field, content) VALUES ('o', '00004', 1, 'now', 'no-such-meeting', 1, '2024-01-01',"
                         " 'A', 'land', 'x')")


def test_a_transaction_commits_everything_or_nothing(store: Store) -> None:
    [meeting_id] = add_to(store, full_meeting())
    before = store.conn.execute("SELECT count(*), (SELECT counter FROM origins) FROM opinions").fetchone()
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            conn.execute("DELETE FROM opinions")
            conn.execute("UPDATE origins SET counter = counter + 100")
            raise RuntimeError("stop half-way")
    assert store.conn.execute("SELECT count(*), (SELECT counter FROM origins) FROM opinions").fetchone() == before
    assert not store.conn.in_transaction
    assert [m.id for m in iter_meetings(store)] == [meeting_id]


def test_create_refuses_an_existing_file_and_a_missing_folder(tmp_path: Path) -> None:
    existing = tmp_path / "there.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(DatabaseExists):
        create_store(existing, new_file_key())
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(StoreError):
        create_store(tmp_path / "no-folder" / "x.db", new_file_key())
    assert not (tmp_path / "no-folder").exists()
    with pytest.raises(StoreError, match="là thư mục") as folder:  # not "already exists"
        create_store(tmp_path, new_file_key())
    assert not isinstance(folder.value, DatabaseExists)


def test_opening_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        open_store(tmp_path / "missing.db")
    with pytest.raises(DatabaseMissing):
        open_store(tmp_path / "missing.db", readonly=True)
    assert list(tmp_path.iterdir()) == []


def _foreign_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('not ours')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(("make", "error"), [
    (lambda p: p.write_text("Biên bản hội nghị\n", encoding="utf-8"), NotAQcdcDatabase),
    (lambda p: p.write_bytes(os.urandom(8192)), NotAQcdcDatabase),
    (lambda p: p.write_bytes(b""), NotAQcdcDatabase),
    (lambda p: _foreign_sqlite(p), NotAQcdcDatabase),
    (lambda p: p.mkdir(), NotAQcdcDatabase),
])
@pytest.mark.parametrize("readonly", [False, True])
def test_files_that_are_not_ours_are_refused_and_left_alone(tmp_path: Path, make, error: type, readonly: bool) -> None:
    path = tmp_path / "given.db"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(error):
        open_store(path, readonly=readonly)
    if before is not None:
        assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_a_file_from_a_newer_version_is_refused_untouched(store: Store, tmp_path: Path) -> None:
    add_to(store, full_meeting())
    store.close()
    newer = tmp_path / "newer.db"
    shutil.copy(store.path, newer)
    shutil.copy(store.path.with_name("commune.db.keys"), tmp_path / "newer.db.keys")
    conn = raw_connection(newer)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = newer.read_bytes()
    for readonly in (False, True):
        with pytest.raises(SchemaTooNew):
            open_store(newer, readonly=readonly)
    assert newer.read_bytes() == before


def test_a_truncated_file_is_damaged(store: Store, tmp_path: Path) -> None:
    add_to(store, *[full_meeting() for _ in range(30)])
    store.close()
    data = store.path.read_bytes()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(data[: len(data) // 2])
    shutil.copy(store.path.with_name("commune.db.keys"), tmp_path / "truncated.db.keys")
    with pytest.raises(DatabaseDamaged):
        open_store(truncated)
    assert truncated.read_bytes() == data[: len(data) // 2]


def test_the_damage_message_names_the_latest_backup(store: Store, english: None) -> None:
    from qcdc_desktop.db.backup import make_backup

    add_to(store, *[full_meeting() for _ in range(30)])
    backup = make_backup(store)
    store.close()
    data = store.path.read_bytes()
    store.path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseDamaged) as info:
        open_store(store.path)
    assert "qcdc restore" in info.value.message and str(backup) in info.value.message


def test_an_older_file_cannot_be_upgraded_read_only(tmp_path: Path) -> None:
    create_store(tmp_path / "old.db", new_file_key(), upto=LATEST - 1).close()
    with pytest.raises(StoreError):
        open_store(tmp_path / "old.db", readonly=True)
    with open_store(tmp_path / "old.db", readonly=True, upgrade=False) as store:
        assert store.schema_version() == LATEST - 1


def _malformed() -> sqlite3.DatabaseError:
    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    return error


def test_damage_reported_by_sqlite_on_a_sound_file_is_not_called_damage(store: Store, english) -> None:
    """A lost write-ahead log or another program's interference reads as "malformed" for a moment,
    but the file passes its check: no advice to restore a backup (that would throw work away)."""
    path = store.path
    store.close()
    with pytest.raises(DatabaseUnsettled) as caught:
        with open_store(path):
            raise _malformed()
    assert "not damaged" in caught.value.message
    assert "restore" not in caught.value.message.replace("Do not restore", "")
    assert isinstance(explain(path, _malformed()), DatabaseUnsettled)


def test_damage_on_a_file_that_fails_its_check_is_damage(store: Store, english) -> None:
    add_to(store, *[full_meeting() for _ in range(10)])
    store.close()
    data = bytearray(store.path.read_bytes())
    data[3 * 4096 + 100: 3 * 4096 + 200] = b"\xff" * 100  # a page no longer matches its HMAC
    store.path.write_bytes(bytes(data))
    assert isinstance(explain(store.path, _malformed()), DatabaseDamaged)


def test_a_busy_file_is_busy_not_damaged(store: Store) -> None:
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY
    assert isinstance(explain(store.path, busy), DatabaseBusy)


def test_other_errors_pass_through_unchanged(store: Store) -> None:
    error = ValueError("not ours to explain")
    assert explain(store.path, error) is error


_PRAGMAS = ("recursive_triggers", "foreign_keys", "synchronous", "journal_mode", "busy_timeout", "defer_foreign_keys",
            "reverse_unordered_selects", "cache_size", "query_only")


def test_the_sqlite_utils_view_leaves_the_connection_as_it_was(store: Store) -> None:
    from qcdc_desktop.db.functions import utils_db

    def pragmas() -> dict[str, object]:
        return {name: store.conn.execute(f"PRAGMA {name}").fetchone()[0] for name in _PRAGMAS}

    before = pragmas()
    assert before["recursive_triggers"] == 0 and before["foreign_keys"] == 1
    db = utils_db(store.conn)
    with store.transaction():
        db.table("settings").insert_all([("key", "value"), ("probe", "1")])
    assert pragmas() == before
    assert store.setting("probe") == "1" and not store.conn.in_transaction
    assert store.conn.isolation_level is None and store.conn.row_factory is None


def test_a_page_cache_held_smaller_for_a_while_comes_back_as_it_was(store: Store) -> None:
    from qcdc_desktop.db.connection import PAGE_CACHE_KIB

    assert _pragma(store, "cache_size") == PAGE_CACHE_KIB
    with store.page_cache(8192):
        assert _pragma(store, "cache_size") == -8192
    assert _pragma(store, "cache_size") == PAGE_CACHE_KIB
    with pytest.raises(RuntimeError), store.page_cache(4096):
        assert _pragma(store, "cache_size") == -4096
        raise RuntimeError("a job that failed")
    assert _pragma(store, "cache_size") == PAGE_CACHE_KIB
