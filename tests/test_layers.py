"""The layers of docs/architecture.md, enforced by import-linter contracts in pyproject.toml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())", "--no-cache"]


def _lint(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(LINT, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_every_layer_contract_is_kept() -> None:
    result = _lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_core_module_importing_the_ui_breaks_the_contracts(tmp_path: Path) -> None:
    """The contracts are not vacuous: a copy of the package with one wrong import fails."""
    shutil.copytree(ROOT / "src" / "qcdc_desktop", tmp_path / "src" / "qcdc_desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "locale"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "src" / "qcdc_desktop" / "core" / "wrong.py").write_text(
        "from qcdc_desktop.ui import main_window  # a core module must never do this\n", encoding="utf-8")
    (tmp_path / "src" / "qcdc_desktop" / "db" / "wrong_qt.py").write_text(
        "import PySide6.QtCore  # nor may the store touch Qt\n", encoding="utf-8")
    result = _lint(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "qcdc_desktop.core.wrong -> qcdc_desktop.ui.main_window" in result.stdout
    assert "qcdc_desktop.db.wrong_qt -> PySide6" in result.stdout
