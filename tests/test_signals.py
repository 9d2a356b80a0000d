"""Every signal the application emits survives a long job on the Qt binding and Python we ship.

PySide6 6.12.0 on Python 3.11 drops a reference to ``True`` on every emit to a Python callable;
after a few hundred progress steps the interpreter aborts ("Fatal Python error: bool_dealloc"), so
an import, a batch of notices or a sync could close the window.  ``tests/signal_probe.py`` emits each
signature 10,000 times in a process of its own (an abort must not take the test run with it); here
we check that the process lives and, before Python 3.12 (where ``True``, ``False`` and ``None``
became immortal), that their reference counts did not move.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

EMITS = 10_000


@pytest.fixture(scope="module")
def probe_run() -> tuple[subprocess.CompletedProcess, list[dict]]:
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "signal_probe.py"), str(EMITS)],
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result, lines


def test_the_probe_finds_the_signals_the_application_emits(probe_run) -> None:
    _, lines = probe_run
    found = {tuple(line["types"]) for line in lines}
    # The progress of every long job, the database worker's answer, a model's change, a plain notice,
    # the window's word that it made a place.
    for types in [("int", "int"), ("int", "PyObject", "PyObject"), ("PyObject",), (), ("QString",),
                  ("QModelIndex", "QModelIndex", "QList<int>"), ("QString", "QWidget*")]:
        assert types in found, (types, sorted(found))


def test_every_signal_signature_survives_ten_thousand_emits(probe_run) -> None:
    result, lines = probe_run
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.rstrip().endswith("done")
    probed = [line for line in lines if "skipped" not in line]
    assert len(probed) >= 8
    for line in probed:
        assert line["calls"] == EMITS and line["slot_calls"] == EMITS, line


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True, False and None are immortal from Python 3.12 on")
def test_no_emit_changes_the_reference_counts_of_true_false_none(probe_run) -> None:
    _, lines = probe_run
    assert lines, "the probe printed nothing: it died before its first signature"
    leaks = [line for line in lines if "skipped" not in line and line["delta"] != [0, 0, 0]]
    assert not leaks, leaks
