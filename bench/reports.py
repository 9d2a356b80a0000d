"""Benchmark: a year's statistics report at the upper level on a 1,000,000-opinion database.

Run from the repository root:

    .venv/bin/python bench/reports.py                          # build bench/out/reports-1000000.db, measure, delete it
    .venv/bin/python bench/reports.py --keep                   # ... and keep the file for the next run
    .venv/bin/python bench/reports.py --db bench/out/r.db      # reuse r.db if it exists, else build it there
    .venv/bin/python bench/reports.py --opinions 100000 --repeat 3   # a quick look
    .venv/bin/python bench/reports.py --check                  # exit 1 when a budget is missed

What it measures (budget in docs/performance.md, "statistics report for a year at the upper level":
< 2 s, compared with the bare aggregate SQL):

* build: ``qcdc init --role upper`` + ``qcdc demo`` (the application's own write path) to about
  ``--opinions`` opinions over the demo's ten years, so a year holds about a tenth of them.
* figures: ``db.statistics.build_statistics`` for the reporting year before the demo's reference
  date, against the bare SQL it issues (its four ``QUERIES`` and the overdue list, fetched, on the
  same connection),
  interleaved run by run; ratio = application median / bare median.  Budget: < 2 s, ratio <= 1.5.
* outputs, for information: the report PDF (``printing.report.render_report``) and the workbook
  (``reports.excel.write_workbook``) of those figures.

The demo writes every record under the upper level's own code, so the figures have one office;
the grouping by office is in the same queries whatever the number of offices.  Figures that miss
a budget are marked OVER BUDGET (the whole report, figures + PDF, is held to the 2 s too); with
``--check`` the script ends with the budgets missed and exits 1 when there is one.

The data file is encrypted (SQLCipher); the bench acts as its own administrator (bench/_common.py).
``build_statistics`` and the bare SQL also run on an unencrypted copy of the same data, interleaved
in the same run, and the ratios encrypted / unencrypted are printed; the budget is judged on the
encrypted file.  (The PDF and the workbook are made from the figures in memory: no file is read.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from qcdc_desktop.core.statistics import year_period
from qcdc_desktop.db import cipher
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.register import notice_settings
from qcdc_desktop.db.statistics import OVERDUE_SQL, QUERIES, build_statistics
from qcdc_desktop.db.units import get_unit
from qcdc_desktop.printing.report import render_report
from qcdc_desktop.reports.excel import write_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (Budgets, act_as_bench_account, add_check, plain_copy, plain_store, qcdc_init,  # noqa: E402
                     ratio, remove_db, sign_in_here)
from search import OPINIONS_PER_MEETING, count_opinions, peak_rss_mb, qcdc_command, timed, upgrade  # noqa: E402

BUDGET_MS = 2000.0
BUDGET_RATIO = 1.5
UPPER_CODE = "01"  # Thành phố Hà Nội, in upper-level mode
SEED = 11
UNTIL = dt.date(2026, 6, 30)
YEAR = 2025  # the last whole year before UNTIL
OUT = Path(__file__).resolve().parent / "out"


def build(path: Path, opinions: int) -> dict:
    """Create ``path`` as an upper-level file with about ``opinions`` opinions (qcdc init + demo)."""
    meetings = math.ceil(opinions / OPINIONS_PER_MEETING)
    qcdc = qcdc_command()
    path.parent.mkdir(parents=True, exist_ok=True)
    qcdc_init(qcdc, path, "--unit-code", UPPER_CODE, "--role", "upper")
    print(f"building {path}: qcdc demo --meetings {meetings:,} --seed {SEED} --until {UNTIL} ...", flush=True)
    start = time.perf_counter()
    subprocess.run(qcdc + ["demo", "--db", str(path), "--meetings", str(meetings), "--seed", str(SEED),
                           "--until", UNTIL.isoformat()], check=True, stdout=subprocess.DEVNULL)
    return {"meetings": meetings, "seconds": time.perf_counter() - start, "opinions": count_opinions(path)}


def bare(conn: object, params: dict) -> int:
    """The aggregate SQL alone: every query of the report, every row fetched."""
    return sum(len(conn.execute(sql, params).fetchall()) for sql in (*QUERIES, OVERDUE_SQL))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opinions", type=int, default=1_000_000, help="target number of opinions")
    parser.add_argument("--db", type=Path, help="data file to reuse (built there when missing; kept)")
    parser.add_argument("--keep", action="store_true", help="keep the data file this run builds")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each")
    add_check(parser)
    args = parser.parse_args(argv)
    budgets = Budgets()

    path = args.db or OUT / f"reports-{args.opinions}.db"
    built = None
    act_as_bench_account()
    if path.exists():
        sign_in_here(path)
        print(f"reusing {path} ({count_opinions(path):,} opinions; build not timed)")
    else:
        built = build(path, args.opinions)
    upgrade(path)
    plain = path.with_name(f"{path.stem}-plain.db")
    plain_copy(path, plain)
    print(f"SQLCipher {cipher.sqlcipher_version()}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    if built:
        print(f"build: {built['meetings']:,} meetings, {built['opinions']:,} opinions in {built['seconds']:.1f} s")

    period = year_period(YEAR)
    params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "as_of": UNTIL.isoformat()}
    with open_store(path, readonly=True, check=False) as store, plain_store(plain, like=path) as unencrypted:
        in_year = store.conn.execute("SELECT count(*) FROM opinions WHERE held_on BETWEEN ? AND ?",
                                     (params["start"], params["end"])).fetchone()[0]
        print(f"year {YEAR}: {in_year:,} opinions")
        runs = {"app": lambda: build_statistics(store, period, as_of=UNTIL),
                "bare": lambda: bare(store.conn, params),
                "plain app": lambda: build_statistics(unencrypted, period, as_of=UNTIL),
                "plain bare": lambda: bare(unencrypted.conn, params)}
        samples: dict[str, list[float]] = {name: [] for name in runs}
        stats = build_statistics(store, period, as_of=UNTIL)  # warm-up, all alike
        for name in list(runs)[1:]:
            runs[name]()
        names = list(runs)
        for i in range(args.repeat):  # rotated, so that none always runs on a cache another warmed
            for k in range(len(names)):
                name = names[(i + k) % len(names)]
                samples[name].append(timed(runs[name])[0])
        app_ms, bare_ms = samples["app"], samples["bare"]
        unit, settings = get_unit(store), notice_settings(store)
    app, base = statistics.median(app_ms), statistics.median(bare_ms)
    mark = budgets.over("figures median", app, BUDGET_MS, below=True, unit=" ms")
    print(f"figures (build_statistics), median    {app:8.1f} ms   max {max(app_ms):8.1f} ms{mark}")
    print(f"bare aggregate SQL, median            {base:8.1f} ms   max {max(bare_ms):8.1f} ms")
    mark = budgets.over("ratio figures / bare SQL", app / base, BUDGET_RATIO, unit="x")
    print(f"ratio application / bare              {app / base:8.2f}{mark}")
    plain_app, plain_base = statistics.median(samples["plain app"]), statistics.median(samples["plain bare"])
    print(f"unencrypted copy: figures, median     {plain_app:8.1f} ms   bare SQL {plain_base:.1f} ms")
    print(f"ratio encrypted / unencrypted         {ratio(app, plain_app):>8} (figures)   {ratio(base, plain_base)} (bare SQL)")
    pdf_ms, pages = timed(lambda: render_report(stats, unit=unit, settings=settings, out=io.BytesIO(),
                                                issued_on=UNTIL))
    xlsx_ms, sheets = timed(lambda: write_workbook(stats, io.BytesIO()))
    print(f"report PDF ({pages} pages)                 {pdf_ms:8.1f} ms")
    print(f"workbook ({sheets} sheets)                 {xlsx_ms:8.1f} ms")
    mark = budgets.over("whole report (figures + PDF)", app + pdf_ms, BUDGET_MS, below=True, unit=" ms")
    print(f"whole report (figures + PDF)          {app + pdf_ms:8.1f} ms{mark}")
    rss = peak_rss_mb()
    print(f"peak RSS of this benchmark            {rss:8.0f} MB" if rss is not None else "peak RSS: not measured")
    remove_db(plain)
    if not (args.keep or args.db is not None):
        remove_db(path)
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    sys.exit(main())
