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
BLOCK_START = "# ---- Modules being rewritten: their errors are fixed with the rewrite ----"
BLOCK_END = "# ---- end ----"
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


def _rewritten_modules() -> list[str]:
    """The modules whose errors are left for their rewrite: the one delimited block of pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert text.count(BLOCK_START) == 1 and text.count(BLOCK_END) == 1
    block = tomllib.loads(text[text.index(BLOCK_START):text.index(BLOCK_END)])
    [override] = block["tool"]["mypy"]["overrides"]
    assert override["ignore_errors"] is True and set(override) == {"module", "ignore_errors"}
    return list(override["module"])


def _matches(module: str, pattern: str) -> bool:
    """mypy's reading of a module pattern: ``a.b.*`` is ``a.b`` and everything under it."""
    if pattern.endswith(".*"):
        return module == pattern[:-2] or module.startswith(pattern[:-1])
    return module == pattern


def test_only_the_modules_being_rewritten_skip_the_check() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    skipping = [m for o in config["tool"]["mypy"]["overrides"] if o.get("ignore_errors")
                for m in ([o["module"]] if isinstance(o["module"], str) else o["module"])]
    assert sorted(skipping) == sorted(_rewritten_modules())


def test_every_type_ignore_names_its_code_and_reason() -> None:
    rewritten = _rewritten_modules()
    loose = []
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        relative = path.relative_to(ROOT / "src").with_suffix("")
        module = ".".join(relative.parts[:-1] if relative.name == "__init__" else relative.parts)
        if any(_matches(module, pattern) for pattern in rewritten):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "type: ignore" in line and not NARROW_IGNORE.search(line):
                loose.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not loose, "each # type: ignore[code] needs its reason after it on the line:\n" + "\n".join(loose)
