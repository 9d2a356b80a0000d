"""Produce the command line's outputs on the demo data, for the before-and-after comparison.

``python tests/golden/produce.py OUT_DIR`` writes every file listed in ``OUTPUTS`` into OUT_DIR.
The files kept beside this script were produced by the code before it was reorganised (and again when the demo data became a real commune's three years:
the outputs were read then); the test ``tests/test_golden_outputs.py`` runs this again and compares.  A change that is meant to alter an
output regenerates the kept files in the same commit and says why.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = "2"
UNTIL = "2026-06-30"

#: output file -> the qcdc arguments that write it ("{db}" and "{out}" are filled in); None: stdout.
OUTPUTS: dict[str, list[str]] = {
    "dump.json": ["dump", "--db", "{db}"],
    "search.txt": ["search", "--db", "{db}", "duong"],
    "report-h1.pdf": ["report", "--db", "{db}", "--period", "2026-H1", "--as-of", UNTIL,
                      "--date", "2026-07-01", "--out", "{out}"],
    "report-h1-en.pdf": ["--lang", "en", "report", "--db", "{db}", "--period", "2026-H1", "--as-of", UNTIL,
                         "--date", "2026-07-01", "--out", "{out}"],
    "report-h1.csv": ["report", "--db", "{db}", "--period", "2026-H1", "--as-of", UNTIL,
                      "--date", "2026-07-01", "--out", "{out}"],
    "report-h1.xlsx": ["report", "--db", "{db}", "--period", "2026-H1", "--as-of", UNTIL,
                       "--date", "2026-07-01", "--out", "{out}"],
    "invitation.pdf": ["notice", "--db", "{db}", "--meeting", "{published}", "--kind", "invitation",
                       "--date", "2025-08-08", "--out", "{out}"],
    "minutes.pdf": ["notice", "--db", "{db}", "--meeting", "{published}", "--kind", "minutes", "--date", "2025-08-22",
                    "--out", "{out}"],
    "notice-published.pdf": ["notice", "--db", "{db}", "--meeting", "{published}", "--date", "2025-08-26",
                             "--out", "{out}"],
    "notice-concluded.pdf": ["notice", "--db", "{db}", "--meeting", "{concluded}", "--date", UNTIL,
                             "--out", "{out}"],
    "dump-after-notices.json": ["dump", "--db", "{db}"],
}


def qcdc(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", *args], capture_output=True,
                          env=env, timeout=300)


def _meetings(db: str) -> dict[str, str]:
    """The meetings the documents are printed for, found as a clerk would: "{published}" the 2025
    yearly dialogue, "{concluded}" the latest thematic dialogue with conclusions (June 2026 with
    this seed); the demo issues no numbers, so both take theirs here."""
    meetings = json.loads(qcdc("dump", "--db", db).stdout)["meetings"]
    published = next(m for m in meetings if m["kind"] == "dialogue" and m["held_on"].startswith("2025"))
    concluded = [m for m in meetings if m["kind"] == "thematic" and m["conclusions"]][-1]
    return {"{published}": published["id"], "{concluded}": concluded["id"]}


def produce(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        db = str(Path(scratch) / "commune.db")
        for step in (["init", "--db", db, "--unit-code", "00004"],
                     ["demo", "--db", db, "--seed", SEED, "--until", UNTIL]):
            done = qcdc(*step)
            if done.returncode:
                raise SystemExit(f"{step[0]} failed: {done.stderr.decode()}")
        picked = _meetings(db)
        for name, template in OUTPUTS.items():
            target = out_dir / name
            args = [db if a == "{db}" else str(target) if a == "{out}" else picked.get(a, a) for a in template]
            done = qcdc(*args)
            if done.returncode:
                raise SystemExit(f"{name} failed: {done.stderr.decode()}")
            if "{out}" not in template:
                target.write_bytes(done.stdout)


if __name__ == "__main__":
    produce(Path(sys.argv[1]))
