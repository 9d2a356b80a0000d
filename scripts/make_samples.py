"""Render the sample documents in docs/samples/ from demo data, with the ``qcdc`` command only.

    .venv/bin/python scripts/make_samples.py

Xã An Bình (05425, Phú Thọ) with ``qcdc demo --seed 4 --until 2026-11-20`` (its last three years);
the notice of the latest annual dialogue (State track), the notice of the Party secretary's contact
meeting (Party track), the minutes of a thematic dialogue, the invitation to the meeting still
planned, and the reports of the whole year 2025 (the commune's, and the province's from three
communes' bundles), dated early in January 2026.  Each PDF is also rendered to PNG at 80 dpi
(``pdftoppm``, then 16 greys) to look at.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image  # comes with reportlab

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "samples"
CLI = [sys.executable, "-m", "qcdc_desktop.cli"]


def qcdc(*args: str, lang: str = "en") -> str:
    result = subprocess.run([*CLI, "--lang", lang, *args], capture_output=True, text=True)
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
        qcdc("keys", "trust", str(folder / "tinh.card"), "--db", db)
        qcdc("keys", "trust", str(folder / f"{code}.card"), "--db", upper)
        qcdc("export", "--db", db, "--out", str(stick))
    qcdc("import", "--db", upper, *map(str, sorted(stick.glob("*.qcdcb"))))
    for suffix in ("pdf", "xlsx"):
        out = OUT / f"report-province.{suffix}"
        print(qcdc("report", "--db", upper, "--period", "2025", "--as-of", "2025-12-31", "--date", "2026-01-08",
                   "--signer", "Trần Văn Bình", "--out", str(out), lang="vi").strip())
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(OUT / "report-province.pdf"), str(OUT / "report-province")],
                   check=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in [*OUT.glob("*.p[dn][fg]"), *OUT.glob("*.xlsx")]:
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "an-binh.db")
        qcdc("init", "--db", db, "--unit-code", "05425")
        qcdc("demo", "--db", db, "--seed", "4", "--until", "2026-11-20")
        meetings = json.loads(qcdc("dump", "--db", db))["meetings"]
        concluded = [m for m in meetings if m["conclusions"] and m["status"] == "published"]
        state = [m for m in concluded if m["kind"] == "dialogue"][-1]
        party = [m for m in concluded if m["track"] == "party"][-1]
        minutes = [m for m in concluded if m["kind"] == "thematic"][-1]
        planned = next(m for m in meetings if m["status"] == "planned")
        jobs = [
            ("invitation", planned, "invitation", "2026-11-20"),
            ("minutes", minutes, "minutes", minutes["held_on"]),
            ("notice-state", state, "notice", None),
            ("notice-party", party, "notice", None),
        ]
        # The register takes numbers in date order.
        jobs.sort(key=lambda job: job[3] or str(dt.date.fromisoformat(job[1]["held_on"]) + dt.timedelta(days=2)))
        for name, meeting, kind, day in jobs:
            if day is None:
                day = (dt.date.fromisoformat(meeting["held_on"]) + dt.timedelta(days=2)).isoformat()
            pdf = OUT / f"{name}.pdf"
            print(qcdc("notice", "--db", db, "--meeting", meeting["id"], "--kind", kind, "--date", day,
                       "--out", str(pdf)).strip())
            subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(OUT / name)], check=True)
        report = OUT / "report.pdf"
        print(qcdc("report", "--db", db, "--period", "2025", "--as-of", "2025-12-31", "--date", "2026-01-08",
                   "--signer", "Nguyễn Văn An", "--out", str(report), lang="vi").strip())
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(report), str(OUT / "report")], check=True)
        province_report(Path(folder))
    for png in OUT.glob("*.png"):
        # Sixteen greys are all a black-on-white page needs: a third of the size, the same look.
        Image.open(png).convert("L").quantize(colors=16).save(png, optimize=True, bits=4)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
