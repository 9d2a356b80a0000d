"""The type check of docs/architecture.md ("Types"): mypy, configured in pyproject.toml, passes on
the package, and every ``# type: ignore`` left in it names its error code and says why."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

PACKAGE = Path("src") / "qcdc_desktop"
# "# type: ignore[code]" or "[code, code]", then a comment with the reason on the same line.
NARROW_IGNORE = re.compile(r"# type: ignore\[[a-z-]+(, [a-z-]+)*\]  # \S")


def _mypy(root: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """mypy over the package under ``root`` with the configuration in ``root``'s pyproject.toml."""
    command = [sys.executable, "-m", "mypy", "--config-file", str(root / "pyproject.toml"),
               "--cache-dir", str(cache), "--no-color-output", "--no-error-summary", str(PACKAGE)]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=900)


def test_the_package_type_checks() -> None:
    # The cache (.mypy_cache, ignored by git) makes a second run take a second or two.
    result = _mypy(ROOT, ROOT / ".mypy_cache")
    assert result.returncode == 0, "mypy found errors:\n" + result.stdout + result.stderr


def test_a_type_error_fails_the_check(tmp_path: Path) -> None:
    """The check is not vacuous: a copy of the package with a wrong return type in core and a
    wrong argument in a screen fails it, naming both."""
    shutil.copytree(ROOT / PACKAGE, tmp_path / PACKAGE,
                    ignore=shutil.ignore_patterns("__pycache__", "locale", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / PACKAGE / "core" / "text.py").open("a", encoding="utf-8") as fh:
        fh.write("\n\ndef _wrong() -> int:\n    return 'not a number'\n")
    with (tmp_path / PACKAGE / "ui" / "about.py").open("a", encoding="utf-8") as fh:
        fh.write("\n\ndef _wrong_too() -> int:\n    return len(3)\n")
    result = _mypy(tmp_path, tmp_path / "cache")
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.stdout
    assert errors[0].startswith(str(PACKAGE / "core" / "text.py")) and errors[0].endswith("[return-value]")
    assert errors[1].startswith(str(PACKAGE / "ui" / "about.py")) and errors[1].endswith("[arg-type]")


def test_no_module_skips_the_check() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    skipping = [o["module"] for o in config["tool"]["mypy"]["overrides"] if o.get("ignore_errors")]
    assert skipping == []


def test_every_type_ignore_names_its_code_and_reason() -> None:
    loose = []
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "type: ignore" in line and not NARROW_IGNORE.search(line):
                loose.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not loose, "each # type: ignore[code] needs its reason after it on the line:\n" + "\n".join(loose)
