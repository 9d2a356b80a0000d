"""A ``qcdc add`` killed with SIGKILL in the middle of a large write (a power cut, a killed task)
leaves a data file that passes ``qcdc check`` (its history's chain included) and holds either none
or all of the meetings, each record with its history entry or neither."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_data_file, run_qcdc
from qcdc_desktop.db.connection import open_store

MEETINGS, OPINIONS = 1500, 40
FIELDS = ["land", "compensation", "transport", "environment", "social_policy", "health"]


@pytest.fixture(scope="module")
def big_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    meetings = []
    for i in range(MEETINGS):
        meetings.append({
            "kind": "reception", "held_on": f"20{15 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "title": f"Tiếp công dân định kỳ số {i + 1}", "place": "Trụ sở UBND xã",
            "chair": "Nguyễn Văn An", "chair_title": "Chủ tịch UBND xã",
            "opinions": [{"speaker": f"Công dân {i}-{j}", "address": f"Thôn {j % 9 + 1}",
                          "field": FIELDS[(i + j) % len(FIELDS)],
                          "content": f"Kiến nghị số {j + 1} của hội nghị {i + 1}: đề nghị xem xét giải quyết sớm "
                                     "việc cấp giấy chứng nhận quyền sử dụng đất và sửa đường liên thôn.",
                          "answered": j % 2 == 0, "answer": "Đã trả lời tại hội nghị." if j % 2 == 0 else ""}
                         for j in range(OPINIONS)],
        })
    path = tmp_path_factory.mktemp("kill") / "big.json"
    path.write_text(json.dumps(meetings, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fresh_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill-template") / "commune.db"
    assert run_qcdc("init", "--db", str(path), "--unit-code", "00004").returncode == 0
    return path


def _wal_size(db: Path) -> int:
    try:
        return db.with_name(db.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def _kill_add(db: Path, json_file: Path, *, wal_bytes: int | None) -> bool:
    """Start ``qcdc add`` and SIGKILL it once the write-ahead log holds ``wal_bytes`` (None: as
    soon as it runs, before it writes).  Returns whether it was still running when killed."""
    process = subprocess.Popen([sys.executable, "-m", "qcdc_desktop.cli", "add", "--db", str(db),
                                "--json", str(json_file)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if wal_bytes is None:
            time.sleep(0.3)  # started and reading the file
        else:
            while process.poll() is None and _wal_size(db) < wal_bytes:
                time.sleep(0.005)
        running = process.poll() is None
        if running:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=120)
        assert process.returncode in (0, -signal.SIGKILL)
        return running and process.returncode == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_a_killed_add_leaves_none_or_all(tmp_path: Path, big_json: Path, fresh_db: Path) -> None:
    killed_while_writing = 0
    # The whole transaction puts about 40 MB in the log before it commits.
    for n, wal_bytes in enumerate([None, 256 * 1024, 8 * 1024 * 1024, 32 * 1024 * 1024]):
        db = tmp_path / f"attempt-{n}.db"
        copy_data_file(fresh_db, db)
        killed = _kill_add(db, big_json, wal_bytes=wal_bytes)
        killed_while_writing += killed and wal_bytes is not None

        check = run_qcdc("--lang", "en", "check", "--db", str(db))
        assert (check.returncode, check.stderr) == (0, ""), wal_bytes
        with open_store(db, readonly=True) as store:
            meetings, opinions = store.conn.execute(
                "SELECT (SELECT count(*) FROM meetings), (SELECT count(*) FROM opinions)").fetchone()
            noted = store.conn.execute(
                "SELECT (SELECT count(*) FROM history WHERE kind = 'meetings' AND action = 'insert'), "
                "(SELECT count(*) FROM history WHERE kind = 'opinions' AND action = 'insert'), "
                "(SELECT count(*) FROM history_pending)").fetchone()
        assert (meetings, opinions) in ((0, 0), (MEETINGS, MEETINGS * OPINIONS)), (wal_bytes, meetings, opinions)
        assert noted == (meetings, opinions, 0), (wal_bytes, noted)
        if wal_bytes is None or (killed and wal_bytes <= 256 * 1024):
            assert meetings == 0, "killed long before its transaction could commit"

        # The file takes new work after the crash.
        small = tmp_path / "small.json"
        small.write_text(json.dumps({"kind": "dialogue", "held_on": "2024-01-05", "title": "Sau sự cố",
                                     "place": "Hội trường", "chair": "A", "chair_title": "B"}), encoding="utf-8")
        assert run_qcdc("add", "--db", str(db), "--json", str(small)).returncode == 0
    assert killed_while_writing >= 2, "the kills must land while the transaction is being written"
