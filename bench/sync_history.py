"""Benchmark: what checking the communes' history costs the upper level's import of their bundles.

Run from the repository root:

    .venv/bin/python bench/sync_history.py                              # 10 communes, 20,000 opinions
    .venv/bin/python bench/sync_history.py --opinions 5000 --communes 5 # a quick look
    .venv/bin/python bench/sync_history.py --check                      # exit 1 when the budget is missed

What it measures (the budget: docs/performance.md):

* build: for each commune ``qcdc init`` + ``qcdc demo`` (the application's own write path: every
  record written has its history entry), its key card trusted by the upper level and the upper
  level's by it; one bundle each (``sync.export.export_bundle``, schema 2: the records, then the
  commune's history entries, its chain's head signed in the header).
* the same bundles without their history: decrypted with the upper level's key, the history lines
  left out, and signed again by each commune as schema 1 (what a commune of the earlier version
  sends).
* import: ``sync.importer.import_bundles`` of every bundle into a fresh copy of the upper level,
  in this process, with and without history, alternately, ``--repeat`` times each; the median is
  kept.  With history the upper level also checks every line of the commune's chain (the gate),
  checks that each entry continues the chain (its hash, its values against their digests), and
  writes the entries and their values.
* baseline: the rows the import wrote, read back from the upper level, inserted with bare
  ``executemany`` into an empty copy of the schema (same indexes and triggers), one transaction,
  only the inserts timed: the records alone, and the records with the history entries and values;
  as many times as the imports, the median kept.

Ratios printed: import with history / import without; import with history / bare insert of all it
wrote (budget <= 2); import without history / bare insert of the records (bench/sync.py's figure).
Figures that miss the budget are marked OVER BUDGET; with ``--check`` the script ends with the
budgets missed and exits 1 when there is one.  (The last ratio, without history / bare insert of
the records, is printed beside its budget for comparison, not judged.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyrage

from _common import Budgets, act_as_bench_account, add_check, module_cli, qcdc_init, sign_in_here  # noqa: E402

from qcdc_desktop.core.filekey import new_file_key
from qcdc_desktop.core.serialize import canonical_bytes, parse_plain
from qcdc_desktop.db.connection import create_store, open_store
from qcdc_desktop.db.sync_apply import KINDS
from qcdc_desktop.db.sync_keys import active_peer_key
from qcdc_desktop.db.units import admin_units
from qcdc_desktop.sync.cards import make_card, trust_card
from qcdc_desktop.sync.export import export_bundle
from qcdc_desktop.sync.format import SECRETARY_SCHEMA, build_head, read_head
from qcdc_desktop.sync.importer import import_bundles
from qcdc_desktop.sync.keys import ensure_office_keys, unlock_keys

PROVINCE = "38"
UNTIL = dt.date(2026, 6, 30)
OPINIONS_PER_MEETING = 19.1  # qcdc demo's mean
OUT = Path(__file__).resolve().parent / "out"
BUDGET_RATIO = 2.0


def build(folder: Path, communes: int, opinions: int) -> tuple[Path, list[Path]]:
    codes = [c for c, u in admin_units().items() if u.level == "commune" and u.province_code == PROVINCE][:communes]
    meetings = max(1, round(opinions / OPINIONS_PER_MEETING / len(codes)))
    upper = folder / "upper.db"
    qcdc_init(module_cli(), upper, "--unit-code", PROVINCE, "--role", "upper")
    paths = []
    started = time.perf_counter()
    for index, code in enumerate(codes):
        path = folder / f"commune-{code}.db"
        qcdc_init(module_cli(), path, "--unit-code", code)
        subprocess.run([*module_cli(), "demo", "--db", str(path), "--meetings", str(meetings), "--seed",
                        str(index + 1), "--until", UNTIL.isoformat()], check=True, stdout=subprocess.DEVNULL)
        paths.append(path)
    with open_store(upper) as top:
        for path in paths:
            with open_store(path) as commune:
                trust_card(top, make_card(commune).encode("utf-8"))
                trust_card(commune, make_card(top).encode("utf-8"))
    print(f"build: {len(codes)} communes x {meetings} meetings in {time.perf_counter() - started:.1f} s")
    return upper, paths


def export_all(paths: list[Path], stick: Path) -> list[Path]:
    bundles = []
    for path in paths:
        with open_store(path) as commune:
            bundles.append(export_bundle(commune, stick).path)
    return bundles


def _without_secretary(line: bytes) -> bytes:
    """A meeting's line without its last column, the secretary (which bundles of schema 4 only carry)."""
    if not line.startswith(b'["meetings",'):
        return line
    kind, row = parse_plain(line.decode("utf-8"))
    return canonical_bytes([kind, row[:-1]])


def without_history(bundles: list[Path], paths: list[Path], upper: Path, stick: Path) -> list[Path]:
    """Each bundle as a commune of the earlier version would have sent it: its records only, schema 1."""
    with open_store(upper) as top:
        identities = [k.identity for k in unlock_keys(top)]
    result = []
    for bundle, path in zip(bundles, paths):
        with bundle.open("rb") as fh:
            head = read_head(fh, bundle.stat().st_size, lambda signer: None)
            fh.seek(head.payload_offset)
            plain = pyrage.decrypt(fh.read(head.payload_length), identities)
        lines = plain.split(b"\n")[:-1]
        kept = [line for line in lines[1:-1] if not line.startswith(b'["history",')]
        if head.header["schema"] >= SECRETARY_SCHEMA:  # the demo's meetings have a minutes secretary
            kept = [_without_secretary(line) for line in kept]
        body = b"".join(line + b"\n" for line in [lines[0], *kept, b'{"end":%d}' % len(kept)])
        with open_store(path) as commune:
            keys = ensure_office_keys(commune)
            recipient = active_peer_key(commune, head.header["to"]).recv_public
        cipher = io.BytesIO()
        pyrage.encrypt_io(io.BytesIO(body), cipher, [pyrage.x25519.Recipient.from_str(recipient)])
        payload = cipher.getvalue()
        header = {k: v for k, v in head.header.items() if k != "history"}
        header.update(schema=1, records=len(kept), payload_length=len(payload),
                      payload_sha256=hashlib.sha256(payload).hexdigest())
        target = stick / f"bare-{bundle.name}"
        target.write_bytes(build_head(header, keys.sign_public, keys.sign) + payload)
        result.append(target)
    return result


def fresh_upper(upper: Path, folder: Path, name: str) -> Path:
    copy = folder / f"{name}.db"
    for p in folder.glob(f"{name}.db*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    shutil.copy(upper, copy)
    shutil.copy(f"{upper}.keys", f"{copy}.keys")  # the copy opens with the upper level's passwords
    sign_in_here(copy)
    return copy


def timed_import(upper: Path, folder: Path, name: str, bundles: list[Path]) -> tuple[float, Path]:
    copy = fresh_upper(upper, folder, name)
    with open_store(copy) as top:
        started = time.perf_counter()
        reports = import_bundles(top, bundles)
        elapsed = time.perf_counter() - started
    bad = [r for r in reports if r.outcome != "applied" or (r.history is not None and not r.history.ok)]
    if bad:
        raise SystemExit(f"an import did not apply cleanly: {bad[0].path}: {bad[0].message}")
    return elapsed, copy


def baseline(imported: Path, folder: Path, *, history: bool) -> tuple[float, int]:
    """Bare executemany of the rows the import wrote into an empty copy of the schema; inserts timed only."""
    target_path = folder / f"baseline-{int(history)}.db"
    for p in folder.glob(f"{target_path.name}*"):
        p.unlink()
    target = create_store(target_path, new_file_key())
    tables: dict[str, str] = {kind: ", ".join(c for c, _t in columns) for kind, columns in KINDS.items()}
    if history:
        tables.update(history="origin, n, seq, body, hash", history_values="origin, n, fields")
    rows_total, elapsed = 0, 0.0
    with open_store(imported, readonly=True) as source:
        (origin,) = source.conn.execute("SELECT value FROM settings WHERE key = 'unit_code'").fetchone()
        target.conn.execute("BEGIN IMMEDIATE")
        for table, names in tables.items():
            insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * (names.count(',') + 1))})"
            cursor = source.conn.execute(f"SELECT {names} FROM {table} WHERE origin != ?", (origin,))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=20_000)
    parser.add_argument("--communes", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the files in bench/out/")
    add_check(parser)
    args = parser.parse_args()
    budgets = Budgets()
    folder = OUT / f"sync-history-{args.opinions}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    act_as_bench_account()
    try:
        upper, paths = build(folder, args.communes, args.opinions)
        stick = folder / "stick"
        stick.mkdir()
        full = export_all(paths, stick)
        bare = without_history(full, paths, upper, stick)
        with_times, without_times = [], []
        for _round in range(args.repeat):  # alternately, so that a busy moment of the machine hits both
            seconds, without_copy = timed_import(upper, folder, "upper-without", bare)
            without_times.append(seconds)
            seconds, with_copy = timed_import(upper, folder, "upper-with", full)
            with_times.append(seconds)
        with open_store(with_copy, readonly=True) as top:
            (opinions,) = top.conn.execute("SELECT count(*) FROM opinions").fetchone()
            (entries,) = top.conn.execute("SELECT count(*) FROM history WHERE origin != ?", (top.origin,)).fetchone()
        size = sum(p.stat().st_size for p in full) / 1e6
        size_bare = sum(p.stat().st_size for p in bare) / 1e6
        with_s, without_s = statistics.median(with_times), statistics.median(without_times)
        print(f"bundles: {len(full)}, {opinions} opinions, {entries} history entries; {size:.1f} MB with history, "
              f"{size_bare:.1f} MB without")
        print(f"import without history (schema 1): median {without_s:.2f} s of {len(without_times)} "
              f"({', '.join(f'{t:.2f}' for t in without_times)})")
        print(f"import with history (schema 2):    median {with_s:.2f} s of {len(with_times)} "
              f"({', '.join(f'{t:.2f}' for t in with_times)})")
        print(f"ratio import with history / without: {with_s / without_s:.2f}")
        # The baselines as many times as the imports, their medians kept: one run is as noisy as one import.
        records_runs = [baseline(without_copy, folder, history=False) for _round in range(args.repeat)]
        all_runs = [baseline(with_copy, folder, history=True) for _round in range(args.repeat)]
        bare_records, record_rows = statistics.median(t for t, _n in records_runs), records_runs[0][1]
        bare_all, all_rows = statistics.median(t for t, _n in all_runs), all_runs[0][1]
        print(f"baseline: bare executemany of the {record_rows} records: {bare_records:.2f} s; of the {all_rows} rows "
              f"the import with history wrote (records, entries, values): {bare_all:.2f} s")
        ratio = with_s / bare_all
        flag = budgets.over("ratio import with history / bare insert", ratio, BUDGET_RATIO, unit="x")
        print(f"ratio import with history / bare insert of all it wrote: {ratio:.2f} (budget <= {BUDGET_RATIO}){flag}")
        print(f"ratio import without history / bare insert of the records: {without_s / bare_records:.2f} "
              f"(bench/sync.py's figure, budget <= {BUDGET_RATIO})")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    sys.exit(main())
