"""Test set-up shared by the whole suite.

Qt runs offscreen; the user folders (data, logs) point into a temporary folder so that tests never
touch the real ones; every test starts in Vietnamese, the default language.
"""

from __future__ import annotations

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

from qcdc_desktop import l10n  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    l10n.set_language("vi")
    yield
    l10n.set_language("vi")


@pytest.fixture
def english() -> None:
    l10n.set_language("en")


def run_qcdc(*args: str, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the ``qcdc`` command in a fresh interpreter, as a script or a clerk would."""
    return subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", *args], capture_output=True, text=True,
                          input=input, timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "error"})


@pytest.fixture
def qcdc():
    return run_qcdc


@pytest.fixture
def commune_db(tmp_path: Path) -> Path:
    """A fresh commune data file (Phường Ba Đình, 00004) created through `qcdc init`."""
    path = tmp_path / "commune.db"
    result = run_qcdc("init", "--db", str(path), "--unit-code", "00004")
    assert result.returncode == 0, result.stderr
    return path
