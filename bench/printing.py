"""Benchmark: printing a two-page notice and a batch of notices, on the vector path (the PDF
itself through CUPS) and on the drawing fallback (pages rendered at the printer's resolution),
against a bare ``lp`` of the same PDF.  Budget (issue "printing the way an office expects"): the
two-page notice in ≤ 1 s and ≤ 250 MB on the vector path.

Run from the repository root, as root (it starts a CUPS scheduler of its own, as the tests do):

    .venv/bin/python bench/printing.py                 # 2-page notice + 50-notice batch
    .venv/bin/python bench/printing.py --raster-notices 5   # the drawn batch shorter (~20 s a notice)
    .venv/bin/python bench/printing.py --check         # exit 1 when a budget is missed

Every case runs in its own process, so that its peak memory is its own: the process starts Qt
(QApplication, offscreen) and imports the application's printing code as the desktop does, reads
the notice(s) from a data file made with ``qcdc init`` + ``qcdc demo``, then runs the same work
function the desktop's print job runs (``ui.printout.print_job.print_work``) on a QPrinter set to the
queue.  Reported per case: the time of the work (until the print system holds the jobs), the time
until the print system says every job is printed, the process's resident memory before printing
and its peak.  The scheduler's "printer" is cups-filters' generic PDF printer writing to a file;
the bytes it received are reported too.  Figures over budget are marked OVER BUDGET; with
``--check`` the script ends with the budgets missed and exits 1 when there is one (where CUPS cannot
run, nothing is measured and it exits 0 after saying so).

The data file is encrypted (SQLCipher); the bench and each case's process act as the bench's own
administrator (bench/_common.py).  Nothing timed here reads the data file (the notices are rendered
before printing starts), so there is no ratio encrypted / unencrypted: the notices' rendering from
the file is compared so in bench/notices.py.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Budgets, add_check, qcdc_init, sign_in_here  # noqa: E402
UNIT = "05425"
BUDGET_S, BUDGET_MB = 1.0, 250.0


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(db: Path, meetings: int) -> None:
    cli = [sys.executable, "-m", "qcdc_desktop.cli", "--lang", "en"]
    qcdc_init(cli, db, "--unit-code", UNIT)
    subprocess.run([*cli, "demo", "--db", str(db), "--meetings", str(meetings), "--seed", "7", "--until",
                    "2026-11-20"], check=True, capture_output=True)


def choose(db: Path, count: int) -> tuple[str, list[str]]:
    """The meeting with the longest notice (two pages or more), and ``count`` meetings for a batch."""
    import datetime as dt

    from qcdc_desktop.db.connection import open_store
    from qcdc_desktop.db.meetings import iter_meetings
    from qcdc_desktop.printing.desk import preview_document

    with open_store(db, readonly=True, check=False, upgrade=False) as store:
        ids = [m.id or "" for m in iter_meetings(store, None) if m.conclusions]
        pages = {i: preview_document(store, meeting_id=i, issued_on=dt.date(2026, 11, 20)).pages for i in ids[:80]}
    longest = max(pages, key=pages.get)
    return longest, ids[:count]


def case(kind: str, db: Path, ids: list[str], queue: str) -> dict:
    """One case, in this (child) process."""
    import datetime as dt

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from qcdc_desktop.printing.spool import CupsQueues, Spooled
    from qcdc_desktop.work.documents import batch_documents
    from qcdc_desktop.ui.printout.print_job import print_work
    from qcdc_desktop.ui.printout.print_settings import prepared_printer

    app = QApplication.instance() or QApplication(["bench"])
    sign_in_here(db)  # this process reads the notices from the data file as the bench's account
    documents = batch_documents(db, ids, dt.date(2026, 11, 20))
    made = list(documents())  # the notices rendered before printing: printing alone is timed
    queues = CupsQueues()
    dpi = 0
    before, start = rss_mb(), time.perf_counter()
    if kind == "bare":
        folder = Path(tempfile.mkdtemp())
        for n, (_name, pdf, _pages) in enumerate(made):
            (folder / f"{n}.pdf").write_bytes(pdf)
            subprocess.run(["lp", "-d", queue, "-o", "media=A4", str(folder / f"{n}.pdf")], check=True,
                           capture_output=True)
        jobs, pages = [], sum(p for _n, _pdf, p in made)
    else:
        settings = QSettings(str(db.with_suffix(".ini")), QSettings.Format.IniFormat)
        printer = prepared_printer(settings, "bench", "bench")
        printer.setPrinterName(queue)
        if kind == "raster":
            queues.available = lambda: False  # as where no print system takes PDF
            dpi = printer.resolution()
        outcome = print_work(printer, lambda: iter(made), len(made), queues, Spooled())(
            progress=lambda d, t: None, cancelled=lambda: False)
        jobs, pages = outcome.jobs, outcome.pages
    work = time.perf_counter() - start
    while jobs and not all(queues.job_state(job).finished for job in jobs):
        time.sleep(0.05)
    if not jobs:  # bare lp and the drawn job: wait for the queue to empty
        while subprocess.run(["lpstat", "-o", queue], capture_output=True, text=True).stdout.strip():
            time.sleep(0.05)
    printed = time.perf_counter() - start
    del app
    return {"work_s": work, "printed_s": printed, "before_mb": before, "peak_mb": peak_mb(), "pages": pages,
            "dpi": dpi}


def run_case(kind: str, db: Path, ids: list[str], queue: str, output: Path) -> dict:
    child = subprocess.run([sys.executable, __file__, "--case", kind, "--db", str(db), "--queue", queue,
                            "--ids", ",".join(ids)], capture_output=True, text=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if child.returncode != 0:
        raise SystemExit(f"case {kind} failed:\n{child.stderr[-3000:]}")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result["received_kb"] = output.stat().st_size / 1024 if output.exists() else float("nan")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notices", type=int, default=50)
    parser.add_argument("--raster-notices", type=int, default=None,
                        help="notices in the drawn batch (default: --notices; at 1,200 dpi a notice takes ~20 s)")
    parser.add_argument("--case")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--ids", default="")
    parser.add_argument("--queue", default="VanPhong")
    add_check(parser)
    args = parser.parse_args()
    budgets = Budgets()
    if args.case:
        print(json.dumps(case(args.case, args.db, args.ids.split(","), args.queue)))
        return 0

    sys.path.insert(0, str(ROOT / "tests"))
    from cupsd import CupsUnavailable, private_cups  # the tests' own scheduler

    with tempfile.TemporaryDirectory(prefix="qcdc-bench-print-") as folder:
        db = Path(folder) / "bench.db"
        build(db, max(args.notices + 10, 60))
        notice, batch = choose(db, args.notices)
        try:
            scheduler = private_cups()
            server = scheduler.__enter__()
        except CupsUnavailable as reason:
            print(f"CUPS cannot run here: {reason}")
            return 0
        try:
            rows = []
            drawn = batch[:args.raster_notices or len(batch)]
            cases = [("notice", "bare", [notice]), ("notice", "vector", [notice]), ("notice", "raster", [notice]),
                     (f"batch of {len(batch)}", "bare", batch), (f"batch of {len(batch)}", "vector", batch),
                     (f"batch of {len(drawn)}", "raster", drawn)]
            for what, kind, ids in cases:
                server.reset()
                rows.append((what, kind, run_case(kind, db, ids, "VanPhong", server.output("VanPhong"))))
        finally:
            scheduler.__exit__(None, None, None)
    print(f"{'case':<16}{'path':<8}{'dpi':>6}{'pages':>6}{'work s':>9}{'printed s':>11}{'before MB':>11}{'peak MB':>9}"
          f"{'last job KB':>13}")
    for what, kind, r in rows:
        print(f"{what:<16}{kind:<8}{r['dpi'] or '—':>6}{r['pages']:>6}{r['work_s']:>9.2f}{r['printed_s']:>11.2f}{r['before_mb']:>11.0f}"
              f"{r['peak_mb']:>9.0f}{r['received_kb']:>13.0f}")
    by = {(what.split()[0], kind): r for what, kind, r in rows}
    vector, raster, bare = by[("notice", "vector")], by[("notice", "raster")], by[("notice", "bare")]
    work = budgets.over("notice, vector: work", vector["work_s"], BUDGET_S, unit=" s")
    peak = budgets.over("notice, vector: peak", vector["peak_mb"], BUDGET_MB, unit=" MB")
    print(f"\nnotice, vector: work {vector['work_s']:.2f} s (budget {BUDGET_S:.0f} s)"
          f"{work}, until printed {vector['printed_s']:.2f} s; "
          f"peak {vector['peak_mb']:.0f} MB (budget {BUDGET_MB:.0f} MB){peak}")
    print(f"ratios, notice: vector/bare lp until printed {vector['printed_s'] / bare['printed_s']:.2f}; "
          f"raster/vector time {raster['work_s'] / vector['work_s']:.1f}, "
          f"peak memory over the start {raster['peak_mb'] - raster['before_mb']:.0f} MB drawn vs "
          f"{vector['peak_mb'] - vector['before_mb']:.0f} MB sent as PDF")
    print("encrypted / unencrypted: not measured here (the timed printing reads no data file; "
          "see bench/notices.py for the notices rendered from the encrypted file and from a plain copy)")
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    sys.exit(main())
