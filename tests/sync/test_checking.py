"""The bundle's lines checked in a process of their own beside the writing (sync/checking.py).

The checks are those of one process (the rest of tests/sync runs them there); here: that the
checking process is really used, that it gives the very same database and the very same refusals,
that a Cancel, a checker that dies and a checker that cannot start each leave the data file whole
and say so, and that the program started with the checker's flag is a checker and nothing else.
"""

from __future__ import annotations

import logging
import marshal
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.sync import checking
from qcdc_desktop.sync.importer import import_bundles
from qcdc_desktop.sync.keys import ensure_office_keys
from qcdc_desktop.db.sync_keys import active_peer_key
from sync_offices import add, copy_of, craft, enrol, export, header_of, imported, office, outcomes, pair, records

from conftest import ROOT


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """A commune of 12 meetings (enough lines for several batches when a batch is small), its upper
    level, and the commune's bundle."""
    tmp = tmp_path_factory.mktemp("checking")
    commune, upper = pair(tmp)
    for i in range(12):
        add(commune, 6, title=f"Hội nghị đối thoại lần {i + 1}")
    bundle = export(commune, tmp / "stick")
    yield commune, upper, bundle, tmp
    commune.close()
    upper.close()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen]:
    """The checking processes the import starts (kept to be looked at), the checks beside the writing."""
    monkeypatch.setattr(checking, "BESIDE", True)
    monkeypatch.setattr(checking, "BESIDE_FROM", 1)  # the tests' bundles are small
    processes: list[subprocess.Popen] = []
    real = subprocess.Popen

    def popen(*args, **kwargs):
        process = real(*args, **kwargs)
        processes.append(process)
        return process

    monkeypatch.setattr(checking.subprocess, "Popen", popen)
    return processes


def _fresh_upper(world, tmp_path: Path, name: str = "upper-copy.db"):
    _commune, upper, _bundle, _tmp = world
    copy_of(upper, tmp_path / name).close()
    return open_store(tmp_path / name)


def test_the_lines_checked_beside_give_the_same_data_file_as_checked_here(world, tmp_path: Path, started,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    commune, _upper, bundle, _tmp = world
    monkeypatch.setattr(checking, "BATCH", 7)  # many batches through the pipe, kinds cut in the middle
    with _fresh_upper(world, tmp_path, "beside.db") as beside:
        (report,) = imported(beside, bundle)
        assert report.outcome == "applied", report.message
        assert len(started) == 1 and started[0].poll() is not None  # used, and ended with the run
        assert started[0].args[-1] == checking.FLAG
        beside_records = records(beside)
        beside_counts = report.counts
    monkeypatch.setattr(checking, "BESIDE", False)
    with _fresh_upper(world, tmp_path, "here.db") as here:
        (report,) = imported(here, bundle)
        assert len(started) == 1  # no second process: checked here
        assert report.counts == beside_counts
        assert records(here) == beside_records == records(commune)


def _bad_bundle(world, tmp: Path) -> Path:
    """A bundle whose second record breaks a rule of the entry form (an official without a name)."""
    commune, _upper, _bundle, _tmp = world
    keys = ensure_office_keys(commune)
    recipient = active_peer_key(commune, "01").recv_public

    def official(n: int, name: str) -> list:
        return ["officials", [f"{commune.origin}-01H{'Z' * 22}{n}", commune.origin, 1, 1,
                              "2024-06-01T00:00:00+00:00", name, "Chủ tịch UBND", "state", 1]]

    return craft(tmp / "bad.qcdcb", keys=keys, recipient=recipient,
                 header=header_of(commune, "01", upto=10, records=2),
                 records=[official(1, "Nguyễn Văn An"), official(2, "")])


def test_a_line_refused_beside_is_refused_in_the_same_words_and_the_run_goes_on(world, tmp_path: Path, started,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    bad = _bad_bundle(world, tmp_path)
    with _fresh_upper(world, tmp_path, "beside.db") as beside:
        before = records(beside)
        first, second = imported(beside, bad, world[2])
        assert (first.outcome, first.reason) == ("rejected", "invalid_record")
        assert second.outcome == "applied"  # the same checker went on with the next bundle
        assert len(started) == 1
    monkeypatch.setattr(checking, "BESIDE", False)
    with _fresh_upper(world, tmp_path, "here.db") as here:
        (alone,) = imported(here, bad)
        assert (alone.outcome, alone.reason, alone.message) == (first.outcome, first.reason, first.message)
        assert records(here) == before


def test_a_cancel_while_the_checker_sends_rolls_back_and_ends_the_checker(world, tmp_path: Path, started,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "BATCH", 5)
    with _fresh_upper(world, tmp_path) as upper:
        before = records(upper)
        asked = [0]

        def cancelled() -> bool:
            asked[0] += 1
            return asked[0] > 3  # after the first batches were written

        with pytest.raises(Cancelled):
            import_bundles(upper, [world[2]], cancelled=cancelled)
        assert records(upper) == before
        assert len(started) == 1 and started[0].poll() is not None


def test_a_checker_that_dies_leaves_nothing_applied_and_the_bundle_not_blamed(world, tmp_path: Path, started,
                                                                             monkeypatch: pytest.MonkeyPatch,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(checking, "BATCH", 5)
    real_check = checking.Checker.check

    def dying(self, path, head, identities, role, on_rows, *rest):
        def on_rows_then_die(kind, rows):
            on_rows(kind, rows)
            if self._process is not None and self._process.poll() is None:
                self._process.kill()  # as the system would end it (out of memory, a crash)
                self._process.wait()
        return real_check(self, path, head, identities, role, on_rows_then_die, *rest)

    monkeypatch.setattr(checking.Checker, "check", dying)
    with _fresh_upper(world, tmp_path) as upper, caplog.at_level(logging.ERROR):
        before = records(upper)
        (report,) = imported(upper, world[2])
        assert (report.outcome, report.reason, report.quarantined) == ("failed", "store", None)
        assert "-9" in report.message  # the checker's end, in the sentence
        assert records(upper) == before
        assert "the bundle checker stopped" in caplog.text
        monkeypatch.setattr(checking.Checker, "check", real_check)
        (again,) = imported(upper, world[2])
        assert again.outcome == "applied"


def test_a_checker_that_cannot_start_leaves_the_checks_here(world, tmp_path: Path, started,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(checking, "checker_command", lambda: [sys.executable, "-c", "raise SystemExit(3)"])
    with _fresh_upper(world, tmp_path) as upper, caplog.at_level(logging.WARNING):
        (report,) = imported(upper, world[2])
        assert report.outcome == "applied"
        assert records(upper) == records(world[0])
        assert len(started) == 1 and "the checker did not start" in caplog.text


def test_the_program_started_as_checker_is_only_a_checker(tmp_path: Path) -> None:
    """Started with the flag it says it is ready, then reads jobs until its input ends; a job that
    is not readable ends it with code 2 and a sentence, never a window or the command line."""
    command = [sys.executable, "-m", "qcdc_desktop", checking.FLAG]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, input=b"", capture_output=True, timeout=60, env=env, cwd=ROOT)
    (length,) = struct.unpack("<I", done.stdout[:4])
    assert marshal.loads(done.stdout[4:4 + length]) == ("ready",) and len(done.stdout) == 4 + length
    assert done.returncode == 0
    garbage = subprocess.run(command, input=b"\x05\x00\x00\x00junk!", capture_output=True, timeout=60, env=env,
                             cwd=ROOT)
    assert garbage.returncode == 2 and b"not readable" in garbage.stderr and b"Traceback" not in garbage.stderr


def test_the_checker_is_started_by_the_interpreter_or_by_the_installed_launcher(monkeypatch) -> None:
    monkeypatch.setattr(checking.sys, "executable", "/opt/venv/bin/python3.11")
    assert checking.checker_command() == ["/opt/venv/bin/python3.11", "-m", "qcdc_desktop", checking.FLAG]
    monkeypatch.setattr(checking.sys, "executable", "/usr/bin/qcdc-desktop")
    assert checking.checker_command() == ["/usr/bin/qcdc-desktop", checking.FLAG]
    monkeypatch.setattr(checking.sys, "executable", r"C:\Program Files\QCDC Desktop\QCDC Desktop.exe")
    assert checking.checker_command()[-1] == checking.FLAG and "-m" not in checking.checker_command()


def test_one_core_checks_here_and_two_beside(monkeypatch) -> None:
    monkeypatch.setattr(checking, "BESIDE", None)
    monkeypatch.delenv("QCDC_CHECK_BESIDE", raising=False)
    monkeypatch.setattr(checking, "cores", lambda: 1)
    assert not checking.Checker().beside
    monkeypatch.setattr(checking, "cores", lambda: 2)
    assert checking.Checker().beside
    monkeypatch.setenv("QCDC_CHECK_BESIDE", "0")
    assert not checking.Checker().beside


def test_a_bundle_refused_while_being_written_does_not_leave_its_lines_to_the_next(world, tmp_path: Path, started,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The first bundle fails in the writing (its rows do not fit the data file) while the checker
    still sends its lines: the checker is ended, and the next bundle is checked from its own start."""
    from qcdc_desktop.core.errors import BundleError
    from qcdc_desktop.sync import importer

    monkeypatch.setattr(checking, "BATCH", 5)
    real_apply = importer.apply_rows
    calls = [0]

    def failing_once(*args, **kwargs):
        calls[0] += 1
        if calls[0] == 2:
            raise BundleError("The records of the bundle do not fit this data file.", "constraint")
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(importer, "apply_rows", failing_once)
    with _fresh_upper(world, tmp_path) as upper:
        first, second = imported(upper, world[2], world[2])
        assert outcomes([first, second]) == ["rejected", "applied"]
        assert records(upper) == records(world[0])
        assert len(started) == 2  # a new checker for the second


def test_a_checker_saying_what_it_should_not_is_ended_not_waited_for(world, tmp_path: Path, started,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fake = ("import marshal, struct, sys, time\n"
            "def send(v):\n"
            "    d = marshal.dumps(v); sys.stdout.buffer.write(struct.pack('<I', len(d)) + d); sys.stdout.buffer.flush()\n"
            "send(('ready',)); sys.stdin.buffer.read(4); send(('what',)); time.sleep(60)\n")
    monkeypatch.setattr(checking, "checker_command", lambda: [sys.executable, "-c", fake])
    with _fresh_upper(world, tmp_path) as upper:
        before = records(upper)
        started_at = time.monotonic()
        (report,) = imported(upper, world[2])
        assert time.monotonic() - started_at < 30
        assert report.outcome == "failed" and records(upper) == before


@pytest.fixture(scope="module")
def two_communes(tmp_path_factory: pytest.TempPathFactory):
    """Two communes of one upper level, and their bundles: a and b, then c continuing a and d
    continuing b (each given ahead only once the bundle it continues is applied)."""
    tmp = tmp_path_factory.mktemp("two")
    first, upper = pair(tmp)
    second = office(tmp / "second", "00008")
    enrol(second, upper)
    add(first, 4)
    add(second, 5)
    a = export(first, tmp / "stick-a")
    b = export(second, tmp / "stick-b")
    add(first, 3, title="Hội nghị tiếp theo")
    c = export(first, tmp / "stick-c")
    add(second, 2, title="Hội nghị tiếp theo")
    d = export(second, tmp / "stick-d")
    yield upper, (a, b, c, d), tmp
    for store in (first, second, upper):
        store.close()


def test_the_next_bundle_is_given_to_the_checker_while_one_is_written(two_communes, tmp_path: Path, started,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    upper, (a, b, c, d), _tmp = two_communes
    offered: list[str] = []
    real_offer = checking.Checker.offer

    def offer(self, path, head, *rest):
        offered.append(head.header["bundle_id"])
        return real_offer(self, path, head, *rest)

    monkeypatch.setattr(checking.Checker, "offer", offer)
    copy_of(upper, tmp_path / "beside.db").close()
    copy_of(upper, tmp_path / "here.db").close()
    with open_store(tmp_path / "beside.db") as beside:
        reports = imported(beside, a, a, b, c, d)
        # a given ahead while a was written (applied, then "already": its rows went with that
        # checker, a second one checked b); c given ahead while b was written, once a was
        # applied; d while c was written.
        assert outcomes(reports) == ["applied", "already", "applied", "applied", "applied"]
        assert offered == [reports[0].bundle_id, reports[3].bundle_id, reports[4].bundle_id]
        assert len(started) == 2
        beside_records = records(beside)
    monkeypatch.setattr(checking, "BESIDE", False)
    with open_store(tmp_path / "here.db") as here:
        assert outcomes(imported(here, a, a, b, c, d)) == ["applied", "already", "applied", "applied", "applied"]
        assert records(here) == beside_records


def test_a_small_bundle_is_checked_here_even_with_cores_to_spare(world, tmp_path: Path, started,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _commune, _upper, bundle, _tmp = world
    monkeypatch.setattr(checking, "BESIDE_FROM", 10_000)  # this bundle holds about a hundred lines
    with _fresh_upper(world, tmp_path) as upper:
        (report,) = imported(upper, bundle)
        assert report.outcome == "applied" and records(upper) == records(world[0])
        assert started == []
