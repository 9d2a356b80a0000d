"""Render the sample documents in docs/samples/ from demo data, with the ``qcdc`` command only.

    .venv/bin/python scripts/make_samples.py

Xã An Bình (05425, Phú Thọ) with ``qcdc demo --seed 4 --until 2026-11-20`` (its last three years):
the invitation to the meeting still planned; the minutes of a thematic dialogue (State track) and
of the Party secretary's contact meeting (Party track); the notices of the latest yearly dialogue
(State track, its opinions summarised by field), of the Party secretary's contact meeting (Party
track) and of a thematic dialogue signed by a deputy for the committee ("TM. ỦY BAN NHÂN DÂN /
KT. CHỦ TỊCH"); the public version of the State notice, the public sheet of its results and the
personal-data sheet of one of its speakers; the reports of the whole year 2025 (the commune's,
and the province's from three communes' bundles), dated early in January 2026, signed by the
chairman on file.  The State notice and the commune's report are also written as Word files.
Each PDF is also rendered to PNG at 80 dpi (``pdftoppm``, then 16 greys) to look at.

The script runs as its own administrator in a temporary folder: it needs no account of yours.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image  # comes with reportlab

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "samples"
CLI = [sys.executable, "-m", "qcdc_desktop.cli"]


ENV = {**os.environ, "QCDC_USER": "quantri", "QCDC_PASSWORD": "Mau-van-ban-2026!"}


def qcdc(*args: str, lang: str = "en") -> str:
    result = subprocess.run([*CLI, "--lang", lang, *args], capture_output=True, text=True, env=ENV)
    if result.returncode != 0:
        raise SystemExit(result.stderr.strip())
    return result.stdout


def province_report(folder: Path) -> None:
    """The province's year report, from three communes' bundles imported as an upper level does:
    report-province.pdf (and its pages) and report-province.xlsx."""
    upper = str(folder / "tinh-phu-tho.db")
    qcdc("init", "--db", upper, "--role", "upper", "--unit-code", "25")
    qcdc("keys", "export", "--db", upper, "--out", str(folder / "tinh.card"))
    stick = folder / "stick"
    stick.mkdir()
    for seed, code in enumerate(("05425", "05128", "04831"), start=5):
        db = str(folder / f"{code}.db")
        qcdc("init", "--db", db, "--unit-code", code)
        qcdc("demo", "--db", db, "--seed", str(seed), "--until", "2026-11-20")
        qcdc("keys", "export", "--db", db, "--out", str(folder / f"{code}.card"))
        for card, office in ((folder / "tinh.card", db), (folder / f"{code}.card", upper)):
            # the fingerprint a clerk reads from the stamped paper: the card file's own
            fingerprint = json.loads(card.read_text(encoding="utf-8"))["fingerprint"]
            qcdc("keys", "trust", str(card), "--db", office, "--fingerprint", fingerprint)
        qcdc("export", "--db", db, "--out", str(stick))
    qcdc("import", "--db", upper, *map(str, sorted(stick.glob("*.qcdcb"))))
    for suffix in ("pdf", "xlsx"):
        out = OUT / f"report-province.{suffix}"
        print(qcdc("report", "--db", upper, "--period", "2025", "--as-of", "2025-12-31", "--date", "2026-01-08",
                   "--out", str(out), lang="vi").strip())
    pages(OUT / "report-province.pdf")


def pages(pdf: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pdf.with_suffix(""))], check=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in [*OUT.glob("*.p[dn][fg]"), *OUT.glob("*.xlsx"), *OUT.glob("*.docx")]:
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        ENV["XDG_DATA_HOME"] = str(Path(folder) / "data")  # the backups and settings of these files
        db = str(Path(folder) / "an-binh.db")
        qcdc("init", "--db", db, "--unit-code", "05425")
        qcdc("demo", "--db", db, "--seed", "4", "--until", "2026-11-20")
        meetings = json.loads(qcdc("dump", "--db", db))["meetings"]
        concluded = [m for m in meetings if m["conclusions"] and m["status"] == "published"]
        state = [m for m in concluded if m["kind"] == "dialogue"][-1]
        party = [m for m in concluded if m["track"] == "party"][-1]
        thematic = [m for m in concluded if m["kind"] == "thematic"]
        minutes, deputy = thematic[-1], thematic[-2]
        planned = next(m for m in meetings if m["status"] == "planned")
        after = {m["id"]: (dt.date.fromisoformat(m["held_on"]) + dt.timedelta(days=2)).isoformat()
                 for m in (state, party, deputy)}
        jobs = [  # (file, meeting, kind, date, more arguments)
            ("invitation", planned, "invitation", "2026-11-20", []),
            ("minutes", minutes, "minutes", minutes["held_on"], []),
            ("minutes-party", party, "minutes", party["held_on"], []),
            ("notice-state", state, "notice", after[state["id"]], []),
            ("notice-party", party, "notice", after[party["id"]], []),
            ("notice-deputy", deputy, "notice", after[deputy["id"]], ["--sign-as", "tm_kt"]),
        ]
        jobs.sort(key=lambda job: job[3])  # the register takes numbers in date order
        for name, meeting, kind, day, more in jobs:
            pdf = OUT / f"{name}.pdf"
            print(qcdc("notice", "--db", db, "--meeting", meeting["id"], "--kind", kind, "--date", day,
                       "--out", str(pdf), *more).strip())
            pages(pdf)
        # The issued State notice again: its public version and its Word file, under the same number.
        for name in ("public-notice.pdf", "notice-state.docx"):
            print(qcdc("notice", "--db", db, "--meeting", state["id"], "--out", str(OUT / name),
                       *(["--public"] if name.startswith("public") else [])).strip())
        pages(OUT / "public-notice.pdf")
        print(qcdc("results", "--db", db, "--meeting", state["id"], "--public", "--date", "2026-11-20",
                   "--out", str(OUT / "results.pdf")).strip())
        pages(OUT / "results.pdf")
        speaker = next(o["speaker"] for o in state["opinions"] if o["speaker"])
        print(qcdc("person", "export", speaker, "--db", db, "--out", str(OUT / "citizen-sheet.pdf")).strip())
        pages(OUT / "citizen-sheet.pdf")
        for suffix in ("pdf", "docx"):
            report = OUT / f"report.{suffix}"
            print(qcdc("report", "--db", db, "--period", "2025", "--as-of", "2025-12-31", "--date", "2026-01-08",
                       "--out", str(report), lang="vi").strip())
        pages(OUT / "report.pdf")
        province_report(Path(folder))
    for png in OUT.glob("*.png"):
        # Sixteen greys are all a black-on-white page needs: a third of the size, the same look.
        Image.open(png).convert("L").quantize(colors=16).save(png, optimize=True, bits=4)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
