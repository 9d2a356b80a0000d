"""Benchmark: 150 communes send their bundles to the upper level, which imports them all.

Run from the repository root:

    .venv/bin/python bench/sync.py                                  # 150 communes, 1,000,000 opinions
    .venv/bin/python bench/sync.py --opinions 100000 --communes 30  # a quick look
    .venv/bin/python bench/sync.py --keep                           # keep bench/out/sync-N/ for a look
    .venv/bin/python bench/sync.py --check                          # exit 1 when a budget is missed

What it measures (budgets in docs/performance.md):

* build: for each commune ``qcdc init`` + ``qcdc demo`` (the application's own write path), its
  key card trusted by the upper level and the upper level's by it.
* export: ``sync.export.export_bundle`` for each commune (signed, encrypted, written to the "stick"
  folder under a temporary name, flushed, renamed, read back and verified); the slowest one, and
  a commune holding a year of data on its own.  Budget: a year of one commune < 1 s.
* import: ``qcdc import`` of every bundle into the upper level in one run (each verified, then in
  one transaction its lines decrypted and checked — by the bundle checker beside the import on a
  PC of two cores or more, sync/checking.py — and applied under the version guard); wall time,
  peak RSS of the import and of the import with its checker together.  Then the same import on a
  copy of the same file with the lines checked in the importing process (what a one-core PC does,
  ``QCDC_CHECK_BESIDE=0``), for the record.
* limit baseline (bench/limit.py): every row the import wrote — the records, the communes' history
  entries and their values that the bundles (schema 2) carry, the bookkeeping — written again by
  plain ``executemany`` into a copy of the upper level's file as it was before the import, the
  search text folded in one pass as it is written (timed, as the issue that set the budget timed
  it; the ratio without it is printed too), no triggers, the same indexes and search tables, one transaction;
  checked to give the same tables.  Budget: import <= 2x the limit.  For the record, the earlier
  baseline too: the records and entries inserted with bare ``executemany`` into an empty copy of the
  schema with its triggers (the search text folded row by row).  (bench/sync_history.py compares
  the same import with and without the history lines.)  Peak RSS must stay bounded (the bundles are
  streamed): under 100 MB, both ways, whatever the number of bundles (the kernel's figure, the
  larger of the importing process and its checker); printed beside the total size of the bundles,
  the two processes' sum sampled, and the peak of ``qcdc status`` on the same file.

Figures that miss a budget are marked OVER BUDGET; with ``--check`` the script ends with the
budgets missed and exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import Budgets, add_check, file_key
from limit import Replay, copy_file

from qcdc_desktop.core.record_rules import record_problems
from qcdc_desktop.db.accounts import sign_in
from qcdc_desktop.db.connection import create_store, open_store
from qcdc_desktop.db.sync_apply import KINDS
from qcdc_desktop.db.units import admin_units
from qcdc_desktop.sync.cards import make_card, trust_card
from qcdc_desktop.sync.export import export_bundle
from qcdc_desktop.core.filekey import new_file_key

PROVINCE = "38"  # Thanh Hoá: 166 communes, enough for 150
UNTIL = dt.date(2026, 6, 30)
OPINIONS_PER_MEETING = 19.1  # qcdc demo's mean
YEAR_MEETINGS = 150  # a busy commune's year: about 3,000 opinions
OUT = Path(__file__).resolve().parent / "out"
IMPORT_BUDGET_RATIO = 2.0
IMPORT_PEAK_MB = 100  # the import's peak RSS, whatever the number of bundles (the kernel's figure: the
# larger of the importing process and its bundle checker)
EXPORT_BUDGET_S = 1.0


def qcdc(*args: str) -> None:
    """A ``qcdc`` command as the bench's administrator; after an init the bench signs in to the new
    file too, so that it can open it itself."""
    subprocess.run([sys.executable, "-m", "qcdc_desktop.cli", *args], check=True, stdout=subprocess.DEVNULL)
    if args[0] == "init":
        sign_in(Path(args[args.index("--db") + 1]), os.environ["QCDC_USER"], os.environ["QCDC_PASSWORD"],
                record=False)


def _rss_kib(pid: int, *, itself: bool = True) -> int:
    """The resident memory of a process (unless not ``itself``) and of its children now (Linux
    /proc), 0 once gone."""
    total = 0
    try:
        if itself:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, ValueError):
        return total
    return total + sum(_rss_kib(int(child)) for child in children)


# The command is started by a small interpreter of its own, which reports the kernel's peak for it.
# The kernel counts in a child's peak the memory of the process it was forked from, as it was at the
# fork: started straight from this bench, which holds a few hundred MB by then, every command would
# "peak" at the bench's size (a `qcdc status` read 150 MB that way, 94 MB measured alone).
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)
_pid, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w", encoding="ascii") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def timed_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Wall time and peak RSS (KiB) of a child process (the kernel's figure: the largest of it and
    the processes it started), and the peak of it and its children together (sampled every 20 ms:
    the import's bundle checker runs beside it)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "peak"
        started = time.perf_counter()
        launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(report), *args], env=env)
        together = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                together[0] = max(together[0], _rss_kib(launcher.pid, itself=False))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = launcher.wait()
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
        if code != 0:
            raise SystemExit(f"{' '.join(args[:5])}… failed")
        peak = int(report.read_text(encoding="ascii"))
    return elapsed, peak, max(together[0], peak)


def build(folder: Path, communes: int, opinions: int) -> tuple[Path, list[Path]]:
    codes = [c for c, u in admin_units().items() if u.level == "commune" and u.province_code == PROVINCE][:communes]
    meetings = max(1, round(opinions / OPINIONS_PER_MEETING / len(codes)))
    upper = folder / "upper.db"
    qcdc("init", "--db", str(upper), "--unit-code", PROVINCE, "--role", "upper")
    paths = []
    started = time.perf_counter()
    for index, code in enumerate(codes):
        path = folder / f"commune-{code}.db"
        qcdc("init", "--db", str(path), "--unit-code", code)
        qcdc("demo", "--db", str(path), "--meetings", str(meetings), "--seed", str(index + 1),
             "--until", UNTIL.isoformat())
        paths.append(path)
    with open_store(upper) as top:
        for path in paths:
            with open_store(path) as commune:
                trust_card(top, make_card(commune).encode("utf-8"))
                trust_card(commune, make_card(top).encode("utf-8"))
    print(f"build: {len(codes)} communes x {meetings} meetings in {time.perf_counter() - started:.1f} s")
    return upper, paths


def export_all(paths: list[Path], stick: Path) -> list[Path]:
    bundles, times = [], []
    for path in paths:
        with open_store(path) as commune:
            started = time.perf_counter()
            bundles.append(export_bundle(commune, stick).path)
            times.append(time.perf_counter() - started)
    size = sum(p.stat().st_size for p in bundles)
    print(f"export: {len(bundles)} bundles, {size / 1e6:.1f} MB; per commune mean {sum(times) / len(times):.3f} s, "
          f"slowest {max(times):.3f} s")
    return bundles


def export_year(folder: Path, upper: Path, budgets: Budgets) -> float:
    """A commune holding a busy year's worth of meetings (about 3,000 opinions), exported once."""
    path = folder / "year.db"
    code = next(c for c, u in admin_units().items() if u.level == "commune" and u.province_code == PROVINCE)
    qcdc("init", "--db", str(path), "--unit-code", code)
    qcdc("demo", "--db", str(path), "--meetings", str(YEAR_MEETINGS), "--seed", "99", "--until", UNTIL.isoformat())
    copy = folder / "upper-for-year.db"
    shutil.copy(upper, copy)
    shutil.copy(f"{upper}.keys", f"{copy}.keys")  # the copy opens with the upper level's passwords
    with open_store(path) as commune, open_store(copy) as top:
        trust_card(commune, make_card(top).encode("utf-8"))
        (count,) = commune.conn.execute("SELECT count(*) FROM opinions").fetchone()
        stick = folder / "stick-year"
        stick.mkdir()
        started = time.perf_counter()
        export_bundle(commune, stick)
        elapsed = time.perf_counter() - started
    flag = budgets.over("export of a year of one commune", elapsed, EXPORT_BUDGET_S, below=True, unit=" s")
    print(f"export of a year's worth of one commune ({YEAR_MEETINGS} meetings, {count} opinions): "
          f"{elapsed:.3f} s (budget < {EXPORT_BUDGET_S} s){flag}")
    return elapsed


def baseline(upper: Path, folder: Path) -> tuple[float, int]:
    """Bare executemany of the imported rows into an empty copy of the schema; inserts timed only."""
    target = create_store(folder / "baseline.db", new_file_key())
    rows_total, elapsed = 0, 0.0
    with open_store(upper, readonly=True) as source:
        (origin,) = source.conn.execute("SELECT value FROM settings WHERE key = 'unit_code'").fetchone()
        target.conn.execute("BEGIN IMMEDIATE")
        tables = {kind: [c for c, _t in columns] for kind, columns in KINDS.items()}
        tables.update(history=["origin", "n", "seq", "body", "hash"], history_values=["origin", "n", "fields"])
        for kind, columns in tables.items():
            names = ", ".join(columns)
            insert = f"INSERT INTO {kind} ({names}) VALUES ({', '.join('?' * len(columns))})"
            cursor = source.conn.execute(f"SELECT {names} FROM {kind} WHERE origin != ?", (origin,))
            while chunk := cursor.fetchmany(20_000):
                started = time.perf_counter()
                target.conn.executemany(insert, chunk)
                elapsed += time.perf_counter() - started
                rows_total += len(chunk)
        started = time.perf_counter()
        target.conn.execute("COMMIT")
        elapsed += time.perf_counter() - started
    target.close()
    return elapsed, rows_total


def checks(upper: Path) -> tuple[float, int]:
    """The domain checks every record of a bundle passes before it is written (core.record_rules,
    run in the import's first pass), timed alone on the same rows read back from the upper level."""
    elapsed, count = 0.0, 0
    with open_store(upper, readonly=True) as source:
        (origin,) = source.conn.execute("SELECT value FROM settings WHERE key = 'unit_code'").fetchone()
        for kind, columns in KINDS.items():
            names = [c for c, _t in columns]
            cursor = source.conn.execute(f"SELECT {', '.join(names)} FROM {kind} WHERE origin != ?", (origin,))
            while chunk := cursor.fetchmany(20_000):
                rows = [dict(zip(names, row)) for row in chunk]
                started = time.perf_counter()
                for row in rows:
                    if record_problems(kind, row):
                        raise SystemExit(f"a record the import took fails the checks: {kind} {row['id']}")
                elapsed += time.perf_counter() - started
                count += len(rows)
    return elapsed, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=150)
    parser.add_argument("--keep", action="store_true", help="keep the files in bench/out/")
    add_check(parser)
    args = parser.parse_args()
    budgets = Budgets()
    folder = OUT / f"sync-{args.opinions}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ.setdefault("QCDC_USER", "quantri")  # every qcdc command acts as an account of the office
    os.environ.setdefault("QCDC_PASSWORD", "Bench-sync-2026!")
    try:
        upper, paths = build(folder, args.communes, args.opinions)
        stick = folder / "stick"
        stick.mkdir()
        bundles = export_all(paths, stick)
        export_year(folder, upper, budgets)
        before = folder / "upper-before-import.db"
        copy_file(upper, before)
        here_copy = folder / "upper-checked-here.db"
        copy_file(before, here_copy)
        command = [sys.executable, "-m", "qcdc_desktop.cli", "import", "--db"]
        seconds, rss, together = timed_child([*command, str(upper), *map(str, bundles)])
        with open_store(upper, readonly=True) as top:
            (opinions,) = top.conn.execute("SELECT count(*) FROM opinions").fetchone()
        size = sum(p.stat().st_size for p in bundles)
        flag = budgets.over("import peak RSS", rss / 1024, IMPORT_PEAK_MB, below=True, unit=" MB")
        print(f"import: {len(bundles)} bundles, {opinions} opinions in {seconds:.1f} s "
              f"({opinions / seconds:,.0f} opinions/s); peak RSS {rss / 1024:.0f} MB (budget < {IMPORT_PEAK_MB} MB)"
              f"{flag}, the importing process and its bundle checker together {together / 1024:.0f} MB, "
              f"for {size / 1e6:.0f} MB of bundles")
        _seconds, floor, _together = timed_child([sys.executable, "-m", "qcdc_desktop.cli", "status", "--db", str(upper)])
        print(f"  the same sign-in and open alone (qcdc status): peak RSS {floor / 1024:.0f} MB (argon2id derives "
              f"the file key with 64 MiB, before the database layer is loaded)")
        here, here_rss, _together = timed_child([*command, str(here_copy), *map(str, bundles)],
                                                env={**os.environ, "QCDC_CHECK_BESIDE": "0"})
        flag = budgets.over("import peak RSS, checked in one process", here_rss / 1024, IMPORT_PEAK_MB, below=True,
                            unit=" MB")
        print(f"  the same import with the lines checked in the importing process (a one-core PC's way): "
              f"{here:.1f} s, peak RSS {here_rss / 1024:.0f} MB{flag}")
        replay = Replay(before, upper, file_key(upper))
        limit = replay.write(folder / "upper-limit.db")
        ratio = seconds / limit
        flag = budgets.over("ratio import / limit", ratio, IMPORT_BUDGET_RATIO, unit="x")
        print(f"limit baseline: the {replay.count:,} rows the import wrote (and their search text, folded in one "
              f"pass) written again by plain executemany into the upper level's file as it was, "
              f"without triggers, one transaction: {limit:.1f} s, of which folding {replay.folding:.1f} s")
        print(f"  the import against the limit without its folding: {seconds / (limit - replay.folding):.2f}x")
        print(f"ratio import / limit: {ratio:.2f} (budget <= {IMPORT_BUDGET_RATIO}){flag}; checked in one process: "
              f"{here / limit:.2f}")
        bare, rows = baseline(upper, folder)
        print(f"for the record, the earlier baseline: bare executemany of the same {rows} rows into an empty schema "
              f"with its triggers (the search text folded row by row): {bare:.1f} s; import / it {seconds / bare:.2f}")
        checked, count = checks(upper)
        print(f"of which the domain checks of every record (the same gate as qcdc add): {checked:.1f} s for {count} "
              f"records, {checked / seconds:.0%} of the import, {checked / bare:.2f}x the bare insert")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    sys.exit(main())
