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
    assert f"is open in QCDC Desktop by" in caught.value.message
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
