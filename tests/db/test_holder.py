"""db/holder.py: the lock file beside a data file, shared within a process, refused to another."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qcdc_desktop.core.errors import DatabaseInUse
from qcdc_desktop.db import holder
from qcdc_desktop.db.connection import Store, open_store

HOLD_IN_ANOTHER_PROCESS = (
    "import sys, time\n"
    "from qcdc_desktop.db import holder\n"
    "holder.set_program('QCDC Desktop')\n"
    "holder.acquire(sys.argv[1])\n"
    "print('held', flush=True)\n"
    "sys.stdin.readline()\n")


@pytest.fixture
def held_elsewhere(tmp_path: Path):
    path = tmp_path / "xa.db"
    proc = subprocess.Popen([sys.executable, "-c", HOLD_IN_ANOTHER_PROCESS, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield path, proc
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()


def test_the_lock_file_names_the_holder(held_elsewhere) -> None:
    path, proc = held_elsewhere
    words = json.loads(holder.lock_path(path).read_text(encoding="utf-8"))
    assert words["program"] == "QCDC Desktop"
    assert words["pid"] == proc.pid
    assert words["since"]


def test_another_process_is_refused_in_the_users_language(held_elsewhere, english) -> None:
    path, proc = held_elsewhere
    with pytest.raises(DatabaseInUse) as caught:
        holder.acquire(path)
    assert "is open in QCDC Desktop by" in caught.value.message
    assert f"(process {proc.pid}) on this computer since" in caught.value.message
    assert not holder.holds(path)


def test_the_lock_is_free_once_its_holder_has_gone(held_elsewhere) -> None:
    path, proc = held_elsewhere
    proc.stdin.close()
    proc.wait(timeout=30)
    holder.acquire(path)
    try:
        assert json.loads(holder.lock_path(path).read_text(encoding="utf-8"))["pid"] != proc.pid
    finally:
        holder.release(path)
    assert holder.lock_path(path).read_text(encoding="utf-8") == ""  # emptied, never removed


def test_a_job_beside_the_worker_shares_the_hold_and_the_last_one_releases(store: Store) -> None:
    path = store.path
    assert holder.holds(path)
    with open_store(path, check=False, upgrade=False) as beside:  # an export's own connection
        assert beside.setting("unit_code") == store.setting("unit_code")
    assert holder.holds(path), "the worker still has the file"
    store.close()
    assert not holder.holds(path)


def test_readers_do_not_hold_the_file(store: Store) -> None:
    path = store.path
    store.close()
    with open_store(path, readonly=True, check=False):
        assert not holder.holds(path)


LOCK_THEN_SAY_LATER = (
    "import fcntl, json, os, sys, time\n"
    "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)\n"
    "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
    "print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "if float(sys.argv[2]) < 5:\n"
    "    os.write(fd, json.dumps({'program': 'qcdc import', 'user': 'van.thu', 'pid': os.getpid(),"
    " 'since': '2026-12-05T09:00:00+07:00'}).encode())\n"
    "sys.stdin.readline()\n")


def _locked_by(tmp_path: Path, say_after: float):
    path = tmp_path / "xa.db"
    proc = subprocess.Popen([sys.executable, "-c", LOCK_THEN_SAY_LATER, str(holder.lock_path(path)),
                             str(say_after)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return path, proc


@pytest.mark.skipif(sys.platform == "win32", reason="the race is shown with flock")
def test_a_holder_caught_before_it_wrote_its_name_is_still_named(tmp_path: Path) -> None:
    """Between taking the lock and writing who it is, a holder leaves the file empty for a moment;
    a second program trying just then waits for the words instead of saying "by ? (process ?)"."""
    path, proc = _locked_by(tmp_path, 0.15)
    try:
        with pytest.raises(DatabaseInUse) as refused:
            holder.acquire(path)
        assert "qcdc import" in refused.value.message and "van.thu" in refused.value.message
        assert "?" not in refused.value.message
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        proc.stdout.close()


@pytest.mark.skipif(sys.platform == "win32", reason="the race is shown with flock")
def test_a_holder_that_never_says_who_it_is_is_not_shown_as_question_marks(tmp_path: Path) -> None:
    path, proc = _locked_by(tmp_path, 60)
    try:
        with pytest.raises(DatabaseInUse) as refused:
            holder.acquire(path)
        assert str(path) in refused.value.message and "?" not in refused.value.message
        assert "chương trình khác" in refused.value.message
    finally:
        proc.stdin.close()
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
