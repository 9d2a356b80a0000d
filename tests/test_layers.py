"""The layers of docs/architecture.md, enforced by import-linter contracts in pyproject.toml."""

from __future__ import annotations

import ast
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


def _qt_modules(source: str) -> set[str]:
    """The PySide6 modules a module's source imports, wherever in the module the import is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "PySide6"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "PySide6":
            found |= ({node.module} if node.module != "PySide6" else {f"PySide6.{a.name}" for a in node.names})
    return found


def test_jobs_use_qtcore_only() -> None:
    """Jobs run work off the UI thread and talk to the window by signals: no widgets, no painting
    (import-linter cannot tell one module of PySide6 from another, so this reads the imports)."""
    jobs = sorted((ROOT / "src" / "qcdc_desktop" / "jobs").glob("*.py"))
    assert jobs
    used = {path.name: _qt_modules(path.read_text(encoding="utf-8")) for path in jobs}
    assert {name: qt - {"PySide6.QtCore"} for name, qt in used.items() if qt - {"PySide6.QtCore"}} == {}
    assert any(used.values())  # the reading sees the imports that are there


def test_the_qt_reading_sees_every_form_of_import() -> None:
    source = ("import PySide6.QtGui\nfrom PySide6 import QtWidgets\nfrom PySide6.QtCore import QObject\n"
              "def later():\n    from PySide6.QtPrintSupport import QPrinter\n")
    assert _qt_modules(source) == {"PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtCore", "PySide6.QtPrintSupport"}
