"""Write briefcase.toml into pyproject.toml's [tool.briefcase] section.

briefcase.toml is the one edited source of the Briefcase configuration, but Briefcase reads only
pyproject.toml.  Everything below the marker line in pyproject.toml is regenerated from it.
Run with ``--check`` to exit non-zero when pyproject.toml is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "# ---- generated from briefcase.toml by scripts/sync_briefcase.py; do not edit below ----"
_HEADER = re.compile(r"^(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*$")


def render(briefcase_text: str) -> str:
    """Return the [tool.briefcase] block for pyproject.toml from briefcase.toml's text."""
    out = ["[tool.briefcase]"]
    for line in briefcase_text.splitlines():
        if line.startswith("#"):
            continue
        match = _HEADER.match(line)
        if match:
            open_, name, close = match.groups()
            line = f"{open_}tool.briefcase.{name}{close}"
        out.append(line)
    return "\n".join(out).rstrip() + "\n"


def expected_pyproject(pyproject_text: str, briefcase_text: str) -> str:
    head, sep, _ = pyproject_text.partition(MARKER)
    if not sep:
        raise SystemExit(f"pyproject.toml lacks the marker line:\n{MARKER}")
    return head + MARKER + "\n" + render(briefcase_text)


def main(argv: list[str]) -> int:
    pyproject = ROOT / "pyproject.toml"
    current = pyproject.read_text(encoding="utf-8")
    wanted = expected_pyproject(current, (ROOT / "briefcase.toml").read_text(encoding="utf-8"))
    if "--check" in argv:
        if current != wanted:
            sys.stderr.write("pyproject.toml is out of date: run python scripts/sync_briefcase.py\n")
            return 1
        return 0
    if current != wanted:
        pyproject.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
