"""db/backup.py: verified backups beside the data file, rotation, the daily backup, and restore."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from conftest import raw_connection, add_to, full_meeting, minimal_meeting
from qcdc_desktop.core.errors import DatabaseDamaged, NotAQcdcDatabase, StoreError
from qcdc_desktop.db.backup import backup_dir, backup_if_due, latest_backup, list_backups, make_backup, restore_backup
from qcdc_desktop.db.check import check_store
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.meetings import iter_meetings

T0 = dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.timezone.utc)


def _titles(store: Store) -> list[str]:
    return [m.title for m in iter_meetings(store)]


def test_a_backup_is_a_verified_copy_of_the_data(store: Store) -> None:
    add_to(store, full_meeting(), minimal_meeting(held_on="2024-04-01", title="Tiếp công dân"))
    path = make_backup(store, reason="manual", now=T0)
    assert path.parent == backup_dir(store.path) == store.path.parent / "backups"
    assert path.name == "commune-20260305-080000-manual.sqlite"
    assert not list(path.parent.glob("*.partial"))
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):  # encrypted like the data file
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert (path.parent / (path.name + ".keys")).read_bytes() == (store.path.parent / "commune.db.keys").read_bytes()
    conn = raw_connection(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    finally:
        conn.close()
    with open_store(path, readonly=True) as copy:
        assert _titles(copy) == _titles(store)
        assert copy.origin == "00004"


def test_a_copy_that_fails_its_check_is_not_kept(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                 english: None) -> None:
    from qcdc_desktop.db import backup_files

    good = make_backup(store, now=T0)
    monkeypatch.setattr(backup_files, "passes_integrity_check", lambda path, key, full=False: False)
    with pytest.raises(StoreError) as info:
        make_backup(store, now=T0 + dt.timedelta(hours=1))
    assert "integrity check" in info.value.message
    assert list_backups(store.path) == [good]
    assert sorted(p.name for p in backup_dir(store.path).iterdir()) == [good.name, good.name + ".keys"]


def test_the_backup_holds_what_was_committed_when_it_was_made(store: Store) -> None:
    add_to(store, full_meeting())
    first = make_backup(store, now=T0)
    add_to(store, minimal_meeting(held_on="2024-04-01"))
    with open_store(first, readonly=True) as copy:
        assert len(_titles(copy)) == 1
    assert len(_titles(store)) == 2


def test_rotation_keeps_the_newest(store: Store) -> None:
    made = [make_backup(store, now=T0 + dt.timedelta(hours=h), keep=3) for h in range(6)]
    assert list_backups(store.path) == made[-3:]
    assert latest_backup(store.path) == made[-1]
    assert [p.exists() for p in made] == [False, False, False, True, True, True]
    make_backup(store, now=T0 + dt.timedelta(hours=7), keep=1)
    assert len(list_backups(store.path)) == 1


def test_backups_of_other_files_in_the_folder_are_not_touched(store: Store, tmp_path: Path) -> None:
    folder = backup_dir(store.path)
    folder.mkdir()
    others = [folder / "commune-old-20200101-000000.sqlite", folder / "other-20200101-000000.sqlite",
              folder / "commune-notes.sqlite"]
    for other in others:
        other.write_bytes(b"x")
    for h in range(4):
        make_backup(store, now=T0 + dt.timedelta(hours=h), keep=2)
    assert all(p.exists() for p in others)
    assert len(list_backups(store.path)) == 2


def test_backup_if_due_respects_the_interval(store: Store) -> None:
    first = backup_if_due(store, now=T0)
    assert first is not None and list_backups(store.path) == [first]
    assert backup_if_due(store, now=T0 + dt.timedelta(hours=23, minutes=59)) is None
    assert backup_if_due(store, interval=dt.timedelta(hours=1), now=T0 + dt.timedelta(minutes=30)) is None
    second = backup_if_due(store, now=T0 + dt.timedelta(days=1))
    assert second is not None and list_backups(store.path) == [first, second]
    assert backup_if_due(store, interval=dt.timedelta(hours=1), now=T0 + dt.timedelta(days=1, hours=2)) is not None


def test_a_manual_backup_counts_for_the_interval(store: Store) -> None:
    make_backup(store, reason="manual", now=T0)
    assert backup_if_due(store, now=T0 + dt.timedelta(hours=2)) is None


def _damage(path: Path) -> bytes:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return data[: len(data) // 2]


def test_restore_replaces_a_damaged_file_and_keeps_it_aside(store: Store) -> None:
    add_to(store, *[full_meeting() for _ in range(20)])
    expected = _titles(store)
    backup = make_backup(store, now=T0)
    path = store.path
    store.close()
    damaged = _damage(path)
    with pytest.raises(DatabaseDamaged):
        open_store(path)

    aside = restore_backup(path, backup)
    assert aside is not None and aside.parent == path.parent and ".replaced-" in aside.name
    assert aside.read_bytes() == damaged
    assert not path.with_name(path.name + ".restoring").exists()
    with open_store(path) as restored:
        assert _titles(restored) == expected
        assert check_store(restored) == []
        assert restored.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        add_to(restored, minimal_meeting())  # and it takes new work
    assert backup.is_file()  # the backup itself stays


def test_restore_moves_the_write_ahead_log_aside_with_the_file(store: Store, tmp_path: Path) -> None:
    """After a crash the last commits may live only in the -wal file.  Left beside the restored file,
    it would be replayed into it; it must go aside with the file it belongs to."""
    backup = make_backup(store, now=T0)
    add_to(store, full_meeting())
    crashed = tmp_path / "crashed.db"
    for suffix in ("", "-wal", ".keys"):  # the files as a power cut leaves them, the log not yet checkpointed
        source = store.path.with_name(store.path.name + suffix)
        crashed.with_name(crashed.name + suffix).write_bytes(source.read_bytes())
    assert crashed.with_name("crashed.db-wal").stat().st_size > 0

    aside = restore_backup(crashed, backup)
    assert aside is not None and not crashed.with_name("crashed.db-wal").exists()
    with open_store(crashed) as restored:
        assert _titles(restored) == []
        assert check_store(restored) == []
    assert aside.with_name(aside.name + "-wal").exists()
    with open_store(aside, readonly=True) as old:  # nothing is lost: the old file and its log agree
        assert _titles(old) == [full_meeting()["title"]]


def test_restore_into_a_missing_file(store: Store, tmp_path: Path) -> None:
    add_to(store, full_meeting())
    backup = make_backup(store, now=T0)
    target = tmp_path / "elsewhere.db"
    assert restore_backup(target, backup) is None
    with open_store(target) as restored:
        assert _titles(restored) == [full_meeting()["title"]]


@pytest.mark.parametrize(("make", "error"), [
    (lambda p: p.write_text("không phải bản sao lưu", encoding="utf-8"), NotAQcdcDatabase),
    (lambda p: p.write_bytes(b""), NotAQcdcDatabase),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.close(), NotAQcdcDatabase),
    (lambda p: None, StoreError),  # no file at all
])
def test_restore_refuses_a_backup_that_is_not_a_qcdc_file(store: Store, tmp_path: Path, make, error: type) -> None:
    add_to(store, full_meeting())
    store.close()
    before = store.path.read_bytes()
    fake = tmp_path / "fake.sqlite"
    make(fake)
    with pytest.raises(error):
        restore_backup(store.path, fake)
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if "replaced" in p.name or "restoring" in p.name) == []


def test_restore_refuses_a_damaged_backup(store: Store, tmp_path: Path) -> None:
    add_to(store, *[full_meeting() for _ in range(20)])
    backup = make_backup(store, now=T0)
    store.close()
    before = store.path.read_bytes()
    _damage(backup)
    with pytest.raises(DatabaseDamaged):
        restore_backup(store.path, backup)
    assert store.path.read_bytes() == before


def test_a_backup_step_by_step_reports_progress_and_a_cancel_keeps_no_copy(store: Store, monkeypatch) -> None:
    import qcdc_desktop.db.backup as backup
    import qcdc_desktop.db.backup_files as backup_files
    from qcdc_desktop.core.errors import Cancelled
    from qcdc_desktop.core.validate import parse_meetings
    from qcdc_desktop.db.meetings import add_meetings

    from conftest import TODAY, full_meeting

    add_meetings(store, meetings=parse_meetings([full_meeting() for _ in range(30)], today=TODAY))
    monkeypatch.setattr(backup_files, "BACKUP_STEP_PAGES", 2)  # a small file still takes several steps
    seen: list[tuple[int, int]] = []
    made = backup.make_backup(store, reason="manual", progress=lambda done, total: seen.append((done, total)))
    assert len(seen) >= 3 and seen[-1][0] == seen[-1][1] and [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert made.exists()
    steps: list[int] = []

    def cancel_after_two() -> bool:
        steps.append(1)
        return len(steps) > 2

    before = sorted(p.name for p in backup.backup_dir(store.path).iterdir())
    with pytest.raises(Cancelled):
        backup.make_backup(store, reason="manual", cancelled=cancel_after_two)
    assert sorted(p.name for p in backup.backup_dir(store.path).iterdir()) == before  # nothing half made


def test_the_copy_a_restore_keeps_aside_is_encrypted_and_carries_its_keys(store: Store) -> None:
    """The file a restore replaces (with what was typed after the backup) is kept aside as it
    was: encrypted, unreadable by a plain SQLite tool, and openable with its own key file."""
    backup = make_backup(store, now=T0)
    add_to(store, minimal_meeting(held_on="2024-04-01", title="Sau bản sao lưu"))
    path = store.path
    store.close()
    aside = restore_backup(path, backup)
    assert aside is not None
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(aside).execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert aside.with_name(aside.name + ".keys").is_file()
    conn = raw_connection(aside, key_of=path)
    try:
        titles = [row[0] for row in conn.execute("SELECT title FROM meetings")]
    finally:
        conn.close()
    assert "Sau bản sao lưu" in titles
