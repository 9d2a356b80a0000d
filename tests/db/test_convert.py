"""A data file of the previous version (plain SQLite, no accounts) converted to an encrypted one
(db/convert.py, `qcdc convert`): every record kept, the plain file kept aside until an
administrator removes it, and a conversion killed at any moment leaves a file that opens."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ADMIN, PASSWORD, RECOVERY_CODE, card_fingerprint, raw_connection, run_qcdc, sign_in_here
from earlier_version import plain_dump, write_previous_version
from qcdc_desktop.core.errors import DatabaseNotEncrypted, NotAllowed
from qcdc_desktop.db import access, keyslots
from qcdc_desktop.db.accounts import add_account, sign_in
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.convert import convert_plain, forget_plain_copies, plain_copies
from qcdc_desktop.db.dump import write_dump


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A file of the previous version with meetings, tasks, an issued notice (the register) and
    the sync state of a bundle exported to its enrolled upper level."""
    folder = tmp_path_factory.mktemp("previous")
    made = folder / "made.db"
    for args in (["init", "--db", str(made), "--unit-code", "00004"],
                 ["demo", "--db", str(made), "--meetings", "10", "--seed", "5", "--until", "2026-06-30"],
                 ["init", "--db", str(folder / "upper.db"), "--unit-code", "01", "--role", "upper"],
                 ["keys", "export", "--db", str(folder / "upper.db"), "--out", str(folder / "upper.card")]):
        result = run_qcdc(*args)
        assert result.returncode == 0, result.stderr
    card = folder / "upper.card"
    trusted = run_qcdc("keys", "trust", str(card), "--db", str(made), "--fingerprint", card_fingerprint(card))
    assert trusted.returncode == 0, trusted.stderr
    conn = raw_connection(made)
    meeting = conn.execute("SELECT id FROM meetings WHERE status = 'published' ORDER BY held_on").fetchone()[0]
    conn.close()
    (folder / "bundles").mkdir()
    for args in (["notice", "--db", str(made), "--meeting", meeting, "--out", str(folder / "tb.pdf"),
                  "--date", "2026-06-30"],
                 ["export", "--db", str(made), "--out", str(folder / "bundles")]):
        result = run_qcdc(*args)
        assert result.returncode == 0, result.stderr
    return write_previous_version(made, folder / "previous.db")


def _copy(previous: Path, folder: Path) -> Path:
    path = folder / "xa.db"
    shutil.copy(previous, path)
    return path


def _dump(path: Path) -> str:
    import io

    out = io.StringIO()
    with open_store(path, readonly=True) as store:
        write_dump(store, out)
    return out.getvalue()


def _sync_state(conn) -> list[list[tuple]]:
    # The columns the previous version had (the history added two to sync_bundles_out).
    return [conn.execute(f"SELECT {'bundle_id, destination, number, base, upto, created_at, file_name, counts, digest' if table == 'sync_bundles_out' else '*'} FROM {table} ORDER BY 1").fetchall()
            for table in ("sync_bundles_out", "sync_keys", "sync_peers", "sync_peer_keys", "register_entries")]


def test_a_file_of_the_previous_version_is_refused_until_converted(previous: Path, tmp_path: Path) -> None:
    path = _copy(previous, tmp_path)
    with pytest.raises(DatabaseNotEncrypted) as refused:
        open_store(path)
    assert "qcdc convert" in refused.value.message
    result = run_qcdc("--lang", "en", "dump", "--db", str(path))
    assert result.returncode != 0 and "converted first" in result.stderr and "Traceback" not in result.stderr


def test_conversion_keeps_every_record_and_the_sync_state(previous: Path, tmp_path: Path) -> None:
    path = _copy(previous, tmp_path)
    before = plain_dump(path)
    plain = sqlite3.connect(path)
    state = _sync_state(plain)
    plain.close()
    assert all(state), "the file has bundles, keys, a peer and an issued notice"

    admin = convert_plain(path, ADMIN, RECOVERY_CODE)
    assert admin.login == "quantri" and access.signed_in(path) == admin
    assert _dump(path) == before
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn = raw_connection(path)
    assert _sync_state(conn) == state
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # The plain file is kept aside, as it was, until an administrator removes it.
    [kept] = plain_copies(path)
    assert plain_dump(kept) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == sorted(
        ["xa.db", "xa.db.keys", kept.name])
    # The file opens elsewhere with the administrator's password, and with the recovery code.
    access.sign_out(path)
    assert sign_in(path, "quantri", PASSWORD).role.value == "admin"
    assert keyslots.unlock(path, "recovery", __import__("qcdc_desktop.core.filekey", fromlist=["x"])
                           .recovery_secret(RECOVERY_CODE)) == access.unlocked(path).file_key


def test_only_an_administrator_removes_the_kept_plain_copy(previous: Path, tmp_path: Path) -> None:
    path = _copy(previous, tmp_path)
    convert_plain(path, ADMIN, RECOVERY_CODE)
    with open_store(path) as store:
        add_account(store, login="vanthu", full_name="Lê Văn Bảy", title="", role="clerk", password="Ghi-chep-2026!")
    sign_in(path, "vanthu", "Ghi-chep-2026!")
    with pytest.raises(NotAllowed):
        forget_plain_copies(path)
    assert len(plain_copies(path)) == 1
    sign_in(path, "quantri", PASSWORD)
    assert [p.name for p in forget_plain_copies(path)] and plain_copies(path) == []


def test_the_command_converts_and_says_the_recovery_code_once(previous: Path, tmp_path: Path) -> None:
    path = _copy(previous, tmp_path)
    before = plain_dump(path)
    result = run_qcdc("--lang", "en", "convert", "--db", str(path), "--full-name", "Nguyễn Thị Quản")
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip().splitlines()[-1]
    assert len(code.replace("-", "")) == 28
    sign_in_here(path)
    assert _dump(path) == before
    again = run_qcdc("--lang", "en", "convert", "--db", str(path))
    assert again.returncode != 0 and "nothing to convert" in again.stderr
    removed = run_qcdc("--lang", "en", "convert", "--db", str(path), "--forget-plain")
    assert removed.returncode == 0, removed.stderr
    assert plain_copies(path) == []


CONVERT = ("import sys\n"
           "from pathlib import Path\n"
           "from qcdc_desktop.db.convert import convert_plain\n"
           "from qcdc_desktop.db.setup import FirstAdmin\n"
           "print('started', flush=True)\n"
           "convert_plain(Path(sys.argv[1]), FirstAdmin('quantri', 'Nguyễn Thị Quản', sys.argv[2]), sys.argv[3])\n"
           "print('converted', flush=True)\n")


@pytest.mark.slow
def test_a_conversion_killed_at_any_moment_leaves_a_file_that_opens(previous: Path, tmp_path: Path) -> None:
    before = plain_dump(previous)
    # How long one conversion takes here and now (a loaded machine is several times slower): the
    # kills are spread over that time, so some land before the switch and some after.
    timed = tmp_path / "timed"
    timed.mkdir()
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", CONVERT, str(_copy(previous, timed)), PASSWORD, RECOVERY_CODE],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    took = time.monotonic() - started
    rng = random.Random(12)
    outcomes = {"plain": 0, "encrypted": 0}
    window = took
    attempt = 0
    while attempt < 12 or (not all(outcomes.values()) and attempt < 30):
        if attempt >= 6 and not outcomes["encrypted"]:  # the machine slowed down since it was timed
            window *= 1.5
        elif attempt >= 6 and not outcomes["plain"]:
            window *= 0.6
        attempt += 1
        folder = tmp_path / f"try{attempt}"
        folder.mkdir()
        path = _copy(previous, folder)
        proc = subprocess.Popen([sys.executable, "-c", CONVERT, str(path), PASSWORD, RECOVERY_CODE],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "started"
        time.sleep(rng.uniform(0.0, window))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        access.sign_out(path)
        if keyslots.keys_path(path).exists() and not _is_plain(path):
            outcomes["encrypted"] += 1
            sign_in(path, "quantri", PASSWORD)
            assert _dump(path) == before
            assert [plain_dump(kept) for kept in plain_copies(path)] == [before]
        else:
            outcomes["plain"] += 1
            # Killed while it read the plain file, it may leave that file's write-ahead log to be
            # recovered: the next open (of either version) does so; a read-only one cannot.
            sqlite3.connect(path, isolation_level=None).execute("SELECT count(*) FROM sqlite_master").connection.close()
            assert plain_dump(path) == before
            convert_plain(path, ADMIN, RECOVERY_CODE)  # the next try goes through, leftovers and all
            assert _dump(path) == before
    assert outcomes["plain"] and outcomes["encrypted"], outcomes


def _is_plain(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _hot_journal(at: Path) -> None:
    """What a conversion killed while it wrote the encrypted copy leaves at ``at``: the rollback
    journal of a write that never finished (of a file since removed)."""
    scratch = at.with_name("scratch.db")
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 2")  # the write spills: its journal is synced, whole, hot
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (randomblob(200000))")
    conn.execute("BEGIN")
    conn.execute("UPDATE t SET x = randomblob(300000)")
    shutil.copy(Path(f"{scratch}-journal"), at)  # the journal as the killed process left it
    conn.execute("ROLLBACK")
    conn.close()
    scratch.unlink()


def test_a_conversion_killed_while_writing_leaves_nothing_that_spoils_the_next(previous: Path,
                                                                               tmp_path: Path) -> None:
    path = _copy(previous, tmp_path)
    before = plain_dump(path)
    _hot_journal(path.with_name(path.name + ".encrypting-journal"))
    stray = path.with_name(f".{path.name}.encrypting.0a1b2c3d.part")
    stray.write_bytes(b"half an encrypted copy")
    convert_plain(path, ADMIN, RECOVERY_CODE)
    sign_in(path, "quantri", PASSWORD)
    assert _dump(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "encrypting" in p.name) == []
