"""docs/record-format.md is the shape `qcdc add` takes: its example is accepted as written, every key
the validator knows is documented, and every code of every list is named."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import ROOT, run_qcdc
from qcdc_desktop.core import catalog
from qcdc_desktop.core.model import Meeting, Opinion, Person, Publication, Task

DOC = (ROOT / "docs" / "record-format.md").read_text(encoding="utf-8")


def _example() -> str:
    return re.search(r"```json\n(.*?)```", DOC, re.S).group(1)


def test_the_example_is_accepted_by_qcdc_add_and_comes_back_in_the_dump(commune_db: Path, tmp_path: Path) -> None:
    given = tmp_path / "meeting.json"
    given.write_text(_example(), encoding="utf-8")
    added = run_qcdc("add", "--db", str(commune_db), "--json", str(given))
    assert added.returncode == 0, added.stderr
    dumped = run_qcdc("dump", "--db", str(commune_db))
    assert dumped.returncode == 0, dumped.stderr
    example = json.loads(_example())
    assert example["title"] in dumped.stdout
    assert example["opinions"][1]["content"] in dumped.stdout


def test_every_key_of_every_record_is_documented() -> None:
    for cls in (Meeting, Opinion, Task, Publication, Person):
        for key in cls.__dataclass_fields__:
            if key in ("id",):
                continue
            assert f"`{key}`" in DOC, f"{cls.__name__}.{key} is not in docs/record-format.md"


def test_every_code_is_documented() -> None:
    for name in ("MEETING_KINDS", "TRACKS", "MODES", "MEETING_STATUSES", "FIELDS", "OUTCOMES", "TASK_STATES",
                 "PUBLICATION_METHODS"):
        for code in getattr(catalog, name).codes():
            assert f"`{code}`" in DOC, f"{name}: {code}"


def test_nothing_in_the_repository_sends_the_reader_outside_it() -> None:
    outside = re.compile(r"\.\./shared|shared/spec|shared/seeds|shared/vendor")
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    # The one exception: build-installer checks for a copy of Briefcase's template kept beside the
    # repository by machines that cannot reach GitHub, and builds without it elsewhere.
    optional = {"scripts/build-installer": "template=$root/../shared/vendor/briefcase-linux-system-template\n"}
    offenders = []
    for name in listed:
        path = ROOT / name
        if path == Path(__file__) or path.suffix not in (".py", ".md", ".toml", ".txt", ".sh", ".cfg", ".ini"):
            if not (name.startswith("scripts/") or name.startswith(".ci/")):
                continue
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if name in optional:
            assert text.count(optional[name]) == 1 and '[ -d "$template" ]' in text
            text = text.replace(optional[name], "")
        if outside.search(text):
            offenders.append(name)
    assert listed and offenders == []


def test_every_file_the_readme_names_is_in_the_repository() -> None:
    """The README stands alone: what it links to or names under docs/, scripts/, tests/, src/, i18n/,
    bench/ or resources/ is there in a clone."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\]\(([^)#\s]+)\)", readme))
    named |= set(re.findall(r"`((?:docs|scripts|tests|src|i18n|bench|resources)/[^`\s]*)`", readme))
    named = {name for name in named if not name.startswith(("http://", "https://"))}
    assert {"docs/record-format.md", "docs/keys.md", "tests/test_readme_walkthrough.py"} <= named
    missing = sorted(name for name in named if not (ROOT / name.split("…")[0].rstrip("-")).exists())
    assert missing == []
