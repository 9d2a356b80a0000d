"""Test set-up shared by the whole suite.

Qt runs offscreen; the user folders (data, logs) point into a temporary folder so that tests never
touch the real ones; every test starts in Vietnamese, the default language.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
_HOME = Path(tempfile.mkdtemp(prefix="qcdc-test-home-"))
for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(_HOME / var.lower())
os.environ.pop("QCDC_LANG", None)
# Every command of the suite runs as the office's administrator (cli/acting.py); a test that is
# someone else says so itself.
PASSWORD = "Sen-hong-2026!"
os.environ["QCDC_USER"] = "quantri"
os.environ["QCDC_PASSWORD"] = PASSWORD
os.environ.pop("QCDC_NEW_PASSWORD", None)
RECOVERY_CODE = "7KQ2-M9XD-0A1B-WWMM-J1T7-HHKQ-3P3F"

from qcdc_desktop import l10n  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

from qcdc_desktop.db.setup import FirstAdmin  # noqa: E402

ADMIN = FirstAdmin(login="quantri", full_name="Nguyễn Thị Quản", password=PASSWORD, title="Văn thư")
# argon2id at its real cost (64 MiB, three passes) for every wrapping made in this process would
# take most of the suite's time; files made by `qcdc` in a subprocess keep the real cost.
CHEAP_COST = (1, 8, 1)


@pytest.fixture(autouse=True)
def _cheap_wrappings(monkeypatch):
    from qcdc_desktop.db import accounts

    monkeypatch.setattr(accounts, "COST", CHEAP_COST)
    yield


@pytest.fixture(autouse=True)
def _nobody_at_the_window():
    """The person at the window (ui/session.py) is a program-wide value: each test starts and ends
    with nobody there, so no test passes only because an earlier one left an account behind."""
    yield
    if "qcdc_desktop.ui.session" in sys.modules:
        sys.modules["qcdc_desktop.ui.session"].begin(None)


@pytest.fixture(autouse=True)
def _cycles_on_the_main_thread(request):
    """As in the application: once Qt is up, reference cycles are collected on the main thread
    only (jobs/collector.py), here after each test as well as on the event loop's timer."""
    found = None
    if {"qapp", "qtbot"} & set(request.fixturenames):
        from qcdc_desktop.jobs import collector

        found = collector.install(request.getfixturevalue("qapp"))
    yield
    if found is not None:
        found.collect()


@pytest.fixture(autouse=True)
def _no_unexpected_message_box(monkeypatch):
    """A message box nobody expected fails the test instead of waiting, forever and unseen, for a
    click on the offscreen screen.  A test that expects one patches it itself (after this)."""
    if "PySide6.QtWidgets" not in sys.modules:
        yield
        return
    from PySide6.QtWidgets import QMessageBox

    def unexpected(kind: str):
        def box(*args, **kwargs):
            texts = [str(a) for a in args if isinstance(a, str)]
            raise AssertionError(f"an unexpected {kind} message box: {' / '.join(texts)}")
        return staticmethod(box)

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind))
    yield


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    l10n.set_language("vi")
    yield
    l10n.set_language("vi")


@pytest.fixture
def english() -> None:
    l10n.set_language("en")


def run_qcdc(*args: str, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the ``qcdc`` command in a fresh interpreter, as a script or a clerk would.  After a
    ``qcdc init`` that made a file, the test's own process signs in to it too (as the office's
    administrator), so the test can open the file itself."""
    result = subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", *args], capture_output=True, text=True,
                            input=input, timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "error"})
    if result.returncode == 0 and "init" in args and "--db" in args:
        sign_in_here(Path(args[args.index("--db") + 1]))
    return result


def raw_connection(path: Path, key_of: Path | None = None):
    """A connection of its own to the encrypted data file (or a backup of it) at ``path``, with the
    key the test process holds for it (or for the file ``key_of``): for a test that reads or
    changes the file behind the program's back, as another program with the key would."""
    from qcdc_desktop.db import access, cipher

    found = access.unlocked(key_of or path)
    assert found is not None, f"nobody signed in to {path} in this process"
    return cipher.connect(path, found.file_key, check_same_thread=False)


def copy_data_file(source: Path, target: Path) -> Path:
    """Copy a data file with its key-slot file (without it, the copy opens for nobody)."""
    import shutil

    shutil.copy(source, target)
    shutil.copy(source.with_name(source.name + ".keys"), target.with_name(target.name + ".keys"))
    return target


def at_the_window(path: Path) -> None:
    """The person signed in to ``path`` in this process is the one at the window (ui/session.py),
    as the main window makes them when it opens: for a test of one page without the window."""
    from qcdc_desktop.db import access
    from qcdc_desktop.ui import session

    found = access.unlocked(path)
    assert found is not None and found.user is not None, f"nobody signed in to {path} in this process"
    session.begin(found.user)


def sign_in_here(path: Path, login: str = "quantri", password: str = PASSWORD) -> None:
    """Sign in to the data file at ``path`` in the test's own process, as ``login``."""
    from qcdc_desktop.db.accounts import sign_in

    sign_in(path, login, password, record=False)


def card_fingerprint(card: Path) -> str:
    """The fingerprint of a key card file made by ``qcdc keys export``: the one printed on its stamped
    paper, which ``qcdc keys trust --fingerprint`` asks for."""
    import json

    return json.loads(card.read_text(encoding="utf-8"))["fingerprint"]


def qcdc_in_process(*args: str) -> tuple[int, str, str]:
    """Run ``qcdc`` in this process: its exit status, standard output and standard error."""
    import contextlib
    import io

    from qcdc_desktop import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def qcdc():
    return run_qcdc


@pytest.fixture
def store(tmp_path: Path):
    """A fresh data file of Phường Ba Đình (00004), created and open for writing in this process."""
    from qcdc_desktop.db.setup import init_store, resolve_unit

    with init_store(tmp_path / "commune.db", resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as opened:
        yield opened


def add_to(store, *meetings: dict) -> list[str]:
    """Validate meetings in the JSON shape (``today`` is TODAY), add them to ``store``; return their ids."""
    from qcdc_desktop.core.validate import parse_meetings
    from qcdc_desktop.db.meetings import add_meetings

    parsed = parse_meetings(list(meetings), today=TODAY)
    add_meetings(store, meetings=parsed)
    return [m.id for m in parsed]


@pytest.fixture
def commune_db(tmp_path: Path) -> Path:
    """A fresh commune data file (Phường Ba Đình, 00004) created through `qcdc init`."""
    path = tmp_path / "commune.db"
    result = run_qcdc("init", "--db", str(path), "--unit-code", "00004")
    assert result.returncode == 0, result.stderr
    return path


# ---- meetings in the JSON shape of docs/record-format.md, shared by the core, db and command-line tests ----

TODAY = dt.date(2024, 6, 1)  # "today" for in-process validation; every date below is before it


def minimal_meeting(**changes: object) -> dict:
    """A meeting with only the required keys (a fresh dict each call)."""
    meeting = {
        "kind": "dialogue", "held_on": "2024-03-05", "title": "Hội nghị đối thoại năm 2024",
        "place": "Hội trường UBND xã", "chair": "Nguyễn Văn An", "chair_title": "Chủ tịch UBND xã",
    }
    meeting.update(changes)
    return meeting


def full_meeting(**changes: object) -> dict:
    """A published meeting that uses every key of every level of the JSON shape (a fresh dict)."""
    return {**{
        "kind": "dialogue", "track": "state", "held_on": "2024-03-05", "starts_at": "08:00", "ends_at": "11:30",
        "title": "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2024",
        "place": "Hội trường UBND xã", "scope": ["Thôn Đông", "Tổ dân phố 3"], "mode": "in_person",
        "chair": "Nguyễn Văn An", "chair_title": "Chủ tịch UBND xã",
        "co_chairs": [{"name": "Lê Thị Hoà", "title": "Chủ tịch Ủy ban MTTQ Việt Nam xã"}],
        "coordinating": "Ủy ban MTTQ Việt Nam xã", "participants": 120, "announced_on": "2024-02-20",
        "minutes": "Hội nghị có 120 đại biểu tham dự.\nCó 2 ý kiến phát biểu.",
        "secretary": "Vũ Thị Lan",
        "conclusion": "Giao các cơ quan liên quan giải quyết theo thẩm quyền.", "status": "published",
        "opinions": [
            {"speaker": "Trần Thị Bình", "address": "Thôn 3", "phone": "0912 345 678",
             "on_behalf_of": "12 hộ dân Thôn 3", "field": "land",
             "content": "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ.",
             "answered": True, "answer": "UBND xã sẽ hoàn thiện hồ sơ trong quý II.", "outcome": "answered"},
            {"speaker": "Phạm Văn Đức", "address": "Thôn Đông", "phone": "", "on_behalf_of": "",
             "field": "transport", "content": "Đường liên thôn xuống cấp, đề nghị sửa chữa.",
             "answered": False, "answer": "", "outcome": "commune_task"},
        ],
        "conclusions": [
            {"content": "Giao công chức Địa chính hoàn thiện hồ sơ cấp giấy chứng nhận.",
             "assignee": "Công chức Địa chính - Xây dựng", "coordinating": "Trưởng thôn",
             "deadline": "2024-04-30", "opinions": [1, 2], "state": "done",
             "result": "Đã cấp giấy chứng nhận cho 12 hộ.", "completed_on": "2024-04-20",
             "reply_doc": "15/UBND-VP"},
        ],
        "publications": [
            {"method": "posted_hq", "published_on": "2024-03-10", "ends_on": "2024-04-10",
             "note": "Niêm yết tại trụ sở"},
        ],
    }, **changes}


def damage_the_freelist(path: Path) -> None:
    """Damage that the lists, the overview and the cheap checks at opening never read, but the
    whole-file check finds: a table's pages freed, then those free pages overwritten (each page of
    the encrypted file carries an HMAC: a page changed by hand no longer reads)."""
    from qcdc_desktop.db.connection import open_store

    with open_store(path) as store:
        before = store.conn.execute("PRAGMA page_count").fetchone()[0]
        assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        with store.transaction() as conn:
            conn.execute("CREATE TABLE scratch (x BLOB)")
            conn.executemany("INSERT INTO scratch VALUES (?)", [(b"x" * 3000,) for _ in range(200)])
        # With no free page before, the scratch table's pages are the ones added at the end.
        pages = range(before + 1, store.conn.execute("PRAGMA page_count").fetchone()[0] + 1)
        page_size = int(store.conn.execute("PRAGMA page_size").fetchone()[0])
        with store.transaction() as conn:
            conn.execute("DROP TABLE scratch")
        assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] > 0, "the scratch table's pages are free"
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * page_size
        data[start:start + page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))