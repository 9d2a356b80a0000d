"""Two programs and one data file: nothing committed is ever lost, and a second writer is told who
holds the file.

The office's program holds the file open for writing with a reading connection beside it, as the
application does (``office_process.py``).  While it runs, another program touches the file — a
plain SQLite reader, a reading ``qcdc`` command, a writing ``qcdc`` command, a second copy of the
application — and closes it; then the office's program writes again.  SQLite keeps every commit as
long as no descriptor of the data file is closed behind its back: closing any descriptor of a file
drops all of the process's POSIX locks on it, the other program then believes it is the last user,
removes the write-ahead log, and the office's later commits vanish ("database disk image is
malformed", then gone after closing).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, raw_connection, run_qcdc

pytestmark = pytest.mark.slow

OFFICE = ROOT / "tests" / "db" / "office_process.py"
# A SQLite tool without the key: it opens the file (taking and dropping SQLite's locks) but reads
# nothing from it.
SQLITE_READER = ("import sqlite3, sys\n"
                 "c = sqlite3.connect(sys.argv[1])\n"
                 "try:\n"
                 "    c.execute('SELECT count(*) FROM settings').fetchall()\n"
                 "    print('read')\n"
                 "except sqlite3.DatabaseError as exc:\n"
                 "    print('refused:', exc)\n"
                 "c.close()\n")
# A program that has the key (signed in as the office's administrator), reading through SQLite.
KEYED_READER = ("import os, sys, time\n"
                "from qcdc_desktop.db import access, cipher\n"
                "from qcdc_desktop.db.accounts import sign_in\n"
                "sign_in(sys.argv[1], os.environ['QCDC_USER'], os.environ['QCDC_PASSWORD'], record=False)\n"
                "c = cipher.connect(sys.argv[1], access.unlocked(sys.argv[1]).file_key)\n"
                "c.execute('BEGIN')\n"
                "c.execute('SELECT count(*) FROM settings').fetchall()\n"
                "print('reading', flush=True)\n"
                "time.sleep(60)\n")
SECOND_APPLICATION = (
    "import sys\n"
    "from PySide6.QtWidgets import QMessageBox\n"
    "QMessageBox.warning = staticmethod(lambda *a, **k: sys.stderr.write('shown: ' + a[2] + '\\n'))\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication\n"
    "app = QApplication([])\n"
    "import os\n"
    "from qcdc_desktop.db.accounts import sign_in  # signed in already, as at the sign-in window\n"
    "sign_in(sys.argv[1], os.environ['QCDC_USER'], os.environ['QCDC_PASSWORD'], record=False)\n"
    "QTimer.singleShot(8000, app.quit)  # a person who opened it, looked, and closed it\n"
    "from qcdc_desktop.app import main\n"
    "sys.exit(main(['--db', sys.argv[1], '--lang', 'en']))\n")


class Office:
    """The office's program, driven line by line."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, str(OFFICE), str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.answer() == "ready"

    def answer(self) -> str:
        line = self.proc.stdout.readline().strip()
        assert line, self.proc.stderr.read()
        return line

    def order(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.answer()

    def close(self) -> None:
        assert self.order("close") == "closed"
        self.proc.wait(timeout=30)

    def end(self) -> None:
        """After the test, whatever happened: no process or pipe left behind."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            pipe.close()


def _keys(path: Path) -> set[str]:
    conn = raw_connection(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return {r[0] for r in conn.execute("SELECT key FROM settings WHERE key LIKE 'probe.%'")}
    finally:
        conn.close()


@pytest.fixture
def start_office():
    started: list[Office] = []

    def start(path: Path) -> Office:
        started.append(Office(path))
        return started[-1]

    yield start
    for office in started:
        office.end()


def _plain_sqlite_reader(path: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-c", SQLITE_READER, str(path)], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.startswith("refused: file is not a database"), result.stdout + result.stderr
    return result


def _reading_command(path: Path) -> subprocess.CompletedProcess:
    return run_qcdc("--lang", "en", "dump", "--db", str(path))


def _writing_command(path: Path) -> subprocess.CompletedProcess:
    return run_qcdc("--lang", "en", "backup", "--db", str(path))


def _second_application(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SECOND_APPLICATION, str(path)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


@pytest.mark.parametrize("other", [_plain_sqlite_reader, _reading_command, _writing_command, _second_application],
                         ids=["sqlite3-reader", "qcdc-dump", "qcdc-backup", "second-application"])
def test_every_committed_write_survives_another_program_on_the_file(start_office, commune_db: Path, other) -> None:
    office = start_office(commune_db)
    assert office.order("write probe.before") == "written"
    other(commune_db)
    assert office.order("write probe.after") == "written"
    assert office.order("fresh probe.exported") == "written"
    assert office.order("read") == "read 4"
    office.close()
    assert _keys(commune_db) == {"probe.opened", "probe.before", "probe.after", "probe.exported"}


@pytest.mark.parametrize("other", [_writing_command, _second_application], ids=["qcdc-backup", "second-application"])
def test_a_second_writer_is_told_who_holds_the_file(start_office, commune_db: Path, other) -> None:
    office = start_office(commune_db)
    try:
        result = other(commune_db)
    finally:
        office.close()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    said = result.stderr
    assert "is open in QCDC Desktop" in said, said
    assert f"process {office.proc.pid}" in said
    assert "on this computer" in said
    assert "damaged" not in said


def test_reading_commands_go_through_while_the_file_is_held(start_office, commune_db: Path) -> None:
    office = start_office(commune_db)
    try:
        assert office.order("write probe.listed") == "written"
        dump = _reading_command(commune_db)
        search = run_qcdc("search", "--db", str(commune_db), "dat dai")
        check = run_qcdc("--lang", "en", "check", "--db", str(commune_db))
    finally:
        office.close()
    assert dump.returncode == 0, dump.stderr
    assert search.returncode == 0, search.stderr
    assert check.returncode == 0, check.stderr


def test_a_lock_left_by_a_killed_program_is_recognised_as_stale(start_office, commune_db: Path) -> None:
    office = start_office(commune_db)
    assert office.order("write probe.before") == "written"
    office.proc.send_signal(signal.SIGKILL)
    office.proc.wait(timeout=30)
    result = _writing_command(commune_db)
    assert result.returncode == 0, result.stderr
    assert "probe.before" in _keys(commune_db)


def test_a_reader_killed_mid_read_costs_the_office_nothing(start_office, commune_db: Path) -> None:
    office = start_office(commune_db)
    reader = subprocess.Popen([sys.executable, "-c", KEYED_READER, str(commune_db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"
        assert office.order("write probe.during") == "written"
        reader.send_signal(signal.SIGKILL)
        reader.wait(timeout=30)
    finally:
        reader.stdout.close()
    assert office.order("write probe.after") == "written"
    assert office.order("fresh probe.exported") == "written"
    office.close()
    assert _keys(commune_db) == {"probe.opened", "probe.during", "probe.after", "probe.exported"}
