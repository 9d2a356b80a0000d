"""The README's USB round trip, run as written: every `$` line of the block under the marker
``<!-- walkthrough: usb-round-trip`` in an empty folder, in order, each command's output checked
against the lines the README shows under it.

How the block is read, as a person reads it:

* ``$ export NAME=VALUE …`` sets the environment of the commands after it (the suite's own
  account and password are taken away first: the README must give them);
* ``$ mkdir FOLDER`` makes the folder;
* ``$ qcdc …`` runs the command; ``# exit status N`` at the end of its line is the status it must
  end with (0 otherwise);
* the lines under a command are what it prints, in that order among its lines (standard output,
  then standard error); ``…`` stands for anything, and a fingerprint stands for the one an earlier
  command printed in its place (the first time one is seen, it is learnt from the output; a
  command's argument that is a fingerprint is replaced by the one learnt);
* ``# …`` lines are comments.  Any other command fails the test: the README shows nothing that is
  not run here.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

MARKER = "<!-- walkthrough: usb-round-trip"
FINGERPRINT = re.compile(r"[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){3}")


@dataclass
class Step:
    line: str
    words: list[str]
    status: int = 0
    shown: list[str] = field(default_factory=list)


def walkthrough(readme: str) -> list[Step]:
    """The steps of the indented block that follows the marker."""
    lines = readme[readme.index(MARKER):].splitlines()[1:]
    while lines and not lines[0].strip():
        lines.pop(0)
    steps: list[Step] = []
    for raw in lines:
        if raw.strip() and not raw.startswith("    "):
            break  # the block ends at the first line of text
        text = raw[4:]
        if not text.strip() or text.startswith("#"):
            continue
        if text.startswith("$ "):
            status = re.search(r"#\s*exit status (\d+)\s*$", text)
            steps.append(Step(text, shlex.split(text[2:], comments=True), int(status.group(1)) if status else 0))
        else:
            assert steps, f"output before any command: {text!r}"
            steps[-1].shown.append(text)
    return steps


def _pattern(shown: str, learnt: dict[str, str]) -> tuple[re.Pattern[str], list[str]]:
    """A regular expression for a line shown in the README, and the fingerprints it will learn."""
    parts, new = [], []
    for piece in re.split(f"({FINGERPRINT.pattern}|…)", shown):
        if piece == "…":
            parts.append(".*")
        elif FINGERPRINT.fullmatch(piece):
            if piece in learnt:
                parts.append(re.escape(learnt[piece]))
            else:
                parts.append(f"({FINGERPRINT.pattern})")
                new.append(piece)
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts)), new


def _check_output(step: Step, printed: list[str], learnt: dict[str, str]) -> None:
    at = 0
    for shown in step.shown:
        pattern, new = _pattern(shown, learnt)
        for index in range(at, len(printed)):
            found = pattern.fullmatch(printed[index])
            if found:
                learnt.update(zip(new, found.groups()))
                at = index + 1
                break
        else:
            raise AssertionError(f"{step.line}\nshould print: {shown}\nprinted:\n" + "\n".join(printed))


def run_walkthrough(steps: list[Step], folder: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QCDC_")}
    learnt: dict[str, str] = {}
    for step in steps:
        name, *args = step.words
        if name == "export":
            env.update(arg.split("=", 1) for arg in args)
            continue
        if name == "mkdir":
            for arg in args:
                (folder / arg).mkdir()
            continue
        assert name == "qcdc", f"the walkthrough shows a command this test does not run: {step.line}"
        given = []
        for arg in args:
            if FINGERPRINT.fullmatch(arg):
                assert arg in learnt, f"{step.line}: no earlier command printed the fingerprint {arg}"
                arg = learnt[arg]
            given.append(arg)
        result = subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", *given], cwd=folder, env=env,
                                capture_output=True, text=True, timeout=300)
        printed = result.stdout.splitlines() + result.stderr.splitlines()
        assert result.returncode == step.status, (step.line, result.returncode, "\n".join(printed))
        assert "Traceback" not in result.stderr, result.stderr
        _check_output(step, printed, learnt)


README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_walkthrough_runs_as_written(tmp_path: Path) -> None:
    steps = walkthrough(README)
    run_walkthrough(steps, tmp_path)
    # What a test of the round trip must see happen, whatever the README's wording.
    made = sorted(p.name for p in (tmp_path / "usb").iterdir())
    assert made == ["qcdc-05425-25-000001.qcdcb", "qcdc-25-05425-000001.qcdcb"]
    assert (tmp_path / "tinh.db.sync" / "quarantine").is_dir()  # the refused copy was kept aside


def test_the_walkthrough_is_the_whole_round_trip_with_the_refusal() -> None:
    steps = walkthrough(README)
    commands = [" ".join(s.words[:2]) for s in steps if s.words[0] == "qcdc"]
    for needed in ("qcdc init", "qcdc keys", "qcdc export", "qcdc import", "qcdc status"):
        assert needed in commands, needed
    inits = [s.words for s in steps if s.words[:2] == ["qcdc", "init"]]
    assert any("--role" in w and w[w.index("--role") + 1] == "upper" for w in inits)  # the province's file
    trusts = [s for s in steps if s.words[:3] == ["qcdc", "keys", "trust"]]
    assert len(trusts) == 2 and all("--fingerprint" in s.words for s in trusts)  # both enrolments
    refused = [s for s in steps if s.words[:2] == ["qcdc", "import"] and s.status == 1]
    assert len(refused) == 1 and "Xã An Bình (05425)" in refused[0].shown[0]
    assert "enrol its key card" in refused[0].shown[0] and "import the bundle again" in refused[0].shown[0]
    assert steps.index(refused[0]) < steps.index(trusts[1])  # before the province enrolled the commune
    imports = [s.words for s in steps if s.words[:2] == ["qcdc", "import"]]
    assert any("xa.db" in w for w in imports) and any("tinh.db" in w for w in imports)  # both ways


def test_a_wrong_readme_line_fails_the_walkthrough(tmp_path: Path) -> None:
    """The reading is not vacuous: an output the command does not print, or a fingerprint no
    command printed, stops it."""
    wrong = README.replace("Created xa.db for Xã An Bình (05425).", "Created xa.db for Xã An Bình (05426).")
    (tmp_path / "a").mkdir()
    with pytest.raises(AssertionError, match="should print"):
        run_walkthrough(walkthrough(wrong)[:6], tmp_path / "a")
    unknown = README.replace("--db xa.db --fingerprint Z848S-SPCNZ-G95ZV-YYJQM",
                             "--db xa.db --fingerprint AAAAA-AAAAA-AAAAA-AAAAA")
    steps = walkthrough(unknown)
    trust = next(i for i, s in enumerate(steps) if s.words[:3] == ["qcdc", "keys", "trust"])
    (tmp_path / "b").mkdir()
    with pytest.raises(AssertionError, match="no earlier command printed the fingerprint"):
        run_walkthrough(steps[:trust + 1], tmp_path / "b")
