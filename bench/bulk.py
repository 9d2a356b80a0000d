"""Benchmark: the bulk writes — the demo's build and a register moved in from Excel — against
their limit baseline.

Run from the repository root:

    .venv/bin/python bench/bulk.py                    # demo 2,000 meetings, register 20,000 rows, 3 runs
    .venv/bin/python bench/bulk.py --rows 100000      # the register of issue 19's figure
    .venv/bin/python bench/bulk.py --only demo --demo-meetings 500 --repeat 1   # a quick look
    .venv/bin/python bench/bulk.py --check            # exit 1 when a budget is missed
    .venv/bin/python bench/bulk.py --only retention --retention-meetings 5000 --repeat 1
    .venv/bin/python bench/bulk.py --only retention --retention-db xa.db --repeat 1   # on a copy of xa.db

What it measures:

* **the demo's build** (``db.demo.fill_demo``, what ``qcdc demo`` runs), into a fresh commune file
  (every record with its history entry) and a fresh upper-level file (20 communes, whose history
  would come with their bundles), against its **limit baseline** (bench/limit.py): the rows the
  application wrote, written again into a copy of the file as it was before, by plain
  ``executemany`` with the text of the search index folded in Python in one pass as it is written
  (timed: the issue that set the budget measured its limit as folding then inserting; the ratio
  against the limit without the folding is printed too), no triggers, the same indexes and search
  tables, one transaction with ``synchronous=FULL``, encrypted.  Budget: application <= 2x the
  limit (docs/performance.md).
* **the retention** (``db.retention.apply_retention``, what Settings → retention and ``qcdc
  retention`` run): on a commune's demo of ``--retention-meetings`` meetings, the personal data
  of every opinion closed before the cut-off erased in one transaction (the records changed, their
  history entries, the erasure records, the search index's words taken out with secure-delete),
  against its limit baseline (the same rows written again, the changed records' old text deleted
  from the search index with secure-delete on).  Budget: <= 2x.
* **the register**, built here the way communes lay theirs out (title rows, a two-row merged
  heading, the column numbers' row, one row per opinion, a meeting's cells merged down its rows,
  abbreviations, text dates, the task columns, a blank row and a "Cộng" row after each meeting):
  ``reports.register_read.read_register`` (python-calamine) + ``guess_mapping`` +
  ``preview_register`` (every meeting validated by ``core.validate``) + ``db.register_import``
  (one transaction into a fresh data file made by ``qcdc init``).  Its import stage, the one that
  writes, against its limit baseline as above (budget: <= 2x); the whole against openpyxl's
  read-only reading of the same file and a bare ``executemany`` of its rows into a one-table file;
  openpyxl read-only alone against python-calamine alone (the choice of reader); and Cancel: how
  long each stage (reading, checking, importing) takes to stop once Cancel is pressed 0.2 s in.

The data file is encrypted (SQLCipher); the bench acts as its own administrator (bench/_common.py).
The register's import also runs into an unencrypted copy of the same fresh file, and the bare
``executemany`` into an unencrypted one-table file beside the encrypted one (both through the same
SQLite library), and the ratios encrypted / unencrypted are printed.  Reading, mapping and
previewing touch no data file: they have no such ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

from _common import (Budgets, add_check, file_key, module_cli, plain_copy, plain_store, qcdc_init,  # noqa: E402
                     ratio, sign_in_here)
from limit import Replay, copy_file  # noqa: E402

from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.core.filekey import new_file_key
from qcdc_desktop.db import cipher
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.demo import fill_demo
from qcdc_desktop.db.register_import import import_register
from qcdc_desktop.db.retention import apply_retention, due
from qcdc_desktop.reports.register import guess_mapping, preview_register
from qcdc_desktop.reports.register_read import read_register

HEADING = [("STT", None), ("Hội nghị", "Ngày"), (None, "Hình thức"), (None, "Địa điểm"), (None, "Chủ trì"),
           ("Ý kiến, kiến nghị", "Họ và tên"), (None, "Thôn, xóm"), (None, "Lĩnh vực"), (None, "Nội dung"),
           ("Trả lời tại hội nghị", None), ("Nội dung trả lời", None), ("Đơn vị chịu trách nhiệm", None),
           ("Thời hạn", None), ("Kết quả", None)]
FIELDS = ["GPMB", "ANTT", "CSXH", "Đất đai", "Giao thông", "Nông nghiệp", "Y tế", "Môi trường"]
KINDS = ["Đối thoại định kỳ", "Tiếp công dân", "Tiếp xúc cử tri"]
PER_MEETING = 20
CANCEL_AFTER = 0.2


def build_register(path: Path, rows: int) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "Sổ tổng hợp"
    width = len(HEADING)
    for r, text in enumerate(("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "SỔ TỔNG HỢP Ý KIẾN, KIẾN NGHỊ"), start=1):
        ws.cell(r, 1, text)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    for c, (upper, lower) in enumerate(HEADING, start=1):
        if lower is None:
            ws.cell(4, c, upper)
            ws.merge_cells(start_row=4, start_column=c, end_row=5, end_column=c)
        else:
            if upper:
                ws.cell(4, c, upper)
            ws.cell(5, c, lower)
        ws.cell(6, c, f"({c})")
    ws.merge_cells("B4:E4")
    ws.merge_cells("F4:I4")
    row = 7
    start, span = dt.date(2015, 1, 5), (dt.date(2026, 12, 1) - dt.date(2015, 1, 5)).days
    meetings = -(-rows // PER_MEETING)
    for n in range(rows):
        i = n % PER_MEETING
        if i == 0:
            first = row
            # spread over the years up to the import's day: a register holds no meeting still to come
            day = start + dt.timedelta(days=(n // PER_MEETING) * span // meetings)
        answered = n % 2 == 0
        task = not answered and n % 3 == 0
        values = [n + 1, dt.datetime(day.year, day.month, day.day) if n % 40 else day.strftime("%d/%m/%Y"),
                  KINDS[(n // PER_MEETING) % 3], "Hội trường UBND xã", "Đ/c Nguyễn Văn An, Chủ tịch UBND xã",
                  f"Người dân {n}", f"Thôn {n % 9 + 1}", FIELDS[n % len(FIELDS)],
                  f"Đề nghị xem xét, giải quyết kiến nghị số {n} của bà con trong thôn.",
                  "x" if answered else None, f"UBND xã đã trả lời kiến nghị {n}." if answered else None,
                  "Công chức Địa chính" if task else None,
                  (day + dt.timedelta(days=30)).strftime("%d/%m/%Y") if task else None, None]
        for c, v in enumerate(values, start=1):
            if v is not None and (i == 0 or c not in (2, 3, 4, 5)):
                ws.cell(row, c, v)
        row += 1
        if i == PER_MEETING - 1 or n == rows - 1:
            for c in (2, 3, 4, 5):  # the meeting's cells merged down its rows
                ws.merge_cells(start_row=first, start_column=c, end_row=row - 1, end_column=c)
            ws.cell(row, 1, "Cộng")
            ws.cell(row, 9, i + 1)
            row += 2
    book.save(path)


LIMIT_RATIO = 2.0  # docs/performance.md: a bulk path within twice its limit baseline
DEMO_UNTIL = dt.date(2026, 6, 30)
DEMO_COMMUNES = 20


def fresh_db(folder: Path, name: str) -> Path:
    path = folder / name
    qcdc_init(module_cli(), path, "--unit-code", "00004")
    return path


def application(register: Path, db: Path, today: dt.date) -> tuple[float, dict[str, float], dict[str, int]]:
    stages: dict[str, float] = {}
    start = time.perf_counter()
    sheet = read_register(register)
    stages["read"] = time.perf_counter() - start
    t = time.perf_counter()
    mapping = guess_mapping(sheet).mapping
    stages["guess"] = time.perf_counter() - t
    t = time.perf_counter()
    preview = preview_register(sheet, mapping, today=today)
    stages["preview"] = time.perf_counter() - t
    t = time.perf_counter()
    with open_store(db) as store:
        import_register(store, preview=preview, confirmed=True, skip_invalid=True, layout=(sheet.signature, mapping))
    stages["import"] = time.perf_counter() - t
    return time.perf_counter() - start, stages, preview.counts()


def plain_import(register: Path, db: Path, plain: Path, today: dt.date) -> float:
    """The import stage of :func:`application` into ``plain`` (the unencrypted copy of the fresh
    ``db``), acting as the account signed in to ``db``: seconds."""
    sheet = read_register(register)
    mapping = guess_mapping(sheet).mapping
    preview = preview_register(sheet, mapping, today=today)
    t = time.perf_counter()
    with plain_store(plain, readonly=False, like=db) as store:
        import_register(store, preview=preview, confirmed=True, skip_invalid=True, layout=(sheet.signature, mapping))
    return time.perf_counter() - t


def baseline(register: Path, db: Path, *, encrypted: bool) -> tuple[float, float]:
    """Seconds of the whole baseline and of its ``executemany`` into a new one-table file
    (encrypted with a new key, or plain; the same SQLite library either way)."""
    start = time.perf_counter()
    book = load_workbook(register, read_only=True, data_only=True)
    rows = [tuple(None if v is None else str(v) for v in r[:14]) for r in book.active.iter_rows(values_only=True)]
    book.close()
    t = time.perf_counter()
    conn = (cipher.connect(db, new_file_key(), create=True) if encrypted
            else cipher._raw_connect(db, "rwc", False))  # noqa: SLF001 - a plain file, as the bench's baseline
    conn.execute("CREATE TABLE rows (" + ", ".join(f"c{i} TEXT" for i in range(14)) + ")")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO rows VALUES (" + ", ".join("?" * 14) + ")",
                     [r + (None,) * (14 - len(r)) for r in rows])
    conn.execute("COMMIT")
    conn.close()
    end = time.perf_counter()
    return end - start, end - t


def demo_build(folder: Path, run: int, meetings: int, level: str) -> tuple[float, float, float, int]:
    """``meetings`` of the demo written into a fresh data file of a commune or of the upper level
    (20 communes), then the same rows by the limit baseline (bench/limit.py): the seconds of each
    and the rows written."""
    db = folder / f"demo-{level}-{run}.db"
    qcdc_init(module_cli(), db, *(("--unit-code", "25", "--role", "upper") if level == "upper"
                                  else ("--unit-code", "00004")))
    before = folder / f"demo-{level}-{run}-before.db"
    copy_file(db, before)
    started = time.perf_counter()
    with open_store(db) as store:
        fill_demo(store, seed=7 + run, until=DEMO_UNTIL, meetings=meetings,
                  communes=DEMO_COMMUNES if level == "upper" else None)
    app = time.perf_counter() - started
    replay = Replay(before, db, file_key(db))
    return app, replay.write(folder / f"demo-{level}-{run}-limit.db"), replay.folding, replay.count


def retention_run(folder: Path, run: int, meetings: int,
                  given: Path | None = None) -> tuple[float, float, float, int]:
    """A commune's demo of ``meetings`` meetings (or a copy of the commune's file ``given``, which
    the bench's account signs in to), then the retention of one year applied at the end of 2099
    (every opinion closed by then is due): the seconds of the retention (the preview it checks
    against not counted), of its limit baseline, and the opinions erased."""
    db = folder / f"retention-{run}.db"
    if given is not None:
        copy_file(given, db)
        sign_in_here(db)
    else:
        qcdc_init(module_cli(), db, "--unit-code", "00004")
        with open_store(db) as store:
            fill_demo(store, seed=11 + run, until=DEMO_UNTIL, meetings=meetings)
    before = folder / f"retention-{run}-before.db"
    copy_file(db, before)
    today = dt.date(2099, 12, 31)
    with open_store(db) as store:
        previewed = [d.opinion_id for d in due(store, years=1, today=today)]
        started = time.perf_counter()
        apply_retention(store, years=1, today=today, previewed=previewed)
        app = time.perf_counter() - started
    replay = Replay(before, db, file_key(db))
    return app, replay.write(folder / f"retention-{run}-limit.db"), replay.folding, len(previewed)


def reader_only(register: Path) -> tuple[float, float]:
    t = time.perf_counter()
    book = load_workbook(register, read_only=True, data_only=True)
    for _row in book.active.iter_rows(values_only=True):
        pass
    book.close()
    openpyxl_s = time.perf_counter() - t
    import python_calamine

    t = time.perf_counter()
    sheet = python_calamine.CalamineWorkbook.from_path(str(register)).get_sheet_by_index(0)
    for _row in sheet.iter_rows():
        pass
    return openpyxl_s, time.perf_counter() - t


def cancel_latency(stage: Callable[[Callable[[], bool]], object]) -> float | None:
    """Seconds from Cancel (pressed CANCEL_AFTER into the stage) to the stage stopping, or None
    when the stage ended before Cancel was pressed."""
    start = time.perf_counter()
    try:
        stage(lambda: time.perf_counter() - start >= CANCEL_AFTER)
    except Cancelled:
        return time.perf_counter() - start - CANCEL_AFTER
    return None


def _limit(seconds: float, folding: float) -> str:
    return f"{seconds:.2f} s (of which folding the searched text {folding:.2f} s)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--demo-meetings", type=int, default=2_000, help="meetings of each demo build (0: none)")
    parser.add_argument("--retention-meetings", type=int, default=1_000,
                        help="meetings of the demo the retention runs on (0: none)")
    parser.add_argument("--retention-db", type=Path, help="a commune's data file to run the retention on (a copy)")
    parser.add_argument("--only", choices=("demo", "retention", "register"), help="run one part only")
    parser.add_argument("--folder", type=Path, help="where the files are made (a temporary folder in it)")
    add_check(parser)
    args = parser.parse_args()
    budgets = Budgets()
    today = dt.date(2026, 12, 31)
    with tempfile.TemporaryDirectory(dir=args.folder) as folder_name:
        folder = Path(folder_name)
        if args.demo_meetings and args.only in (None, "demo"):
            for level in ("commune", "upper"):
                apps, limits, bare = [], [], []
                for run in range(args.repeat):
                    app, limit, folding, rows = demo_build(folder, run, args.demo_meetings, level)
                    apps.append(app)
                    limits.append(limit)
                    bare.append(limit - folding)
                    print(f"demo build, {level}, run {run + 1}: {args.demo_meetings:,} meetings, {rows:,} rows: "
                          f"application {app:.2f} s, limit {_limit(limit, folding)} ({app / limit:.2f}x)")
                app, limit = statistics.median(apps), statistics.median(limits)
                flag = budgets.over(f"demo build ({level}) / limit", app / limit, LIMIT_RATIO, unit="x")
                print(f"demo build, {level}: application median {app:.2f} s, limit median {limit:.2f} s: "
                      f"{app / limit:.2f}x (budget <= {LIMIT_RATIO}x){flag}; "
                      f"against the limit without its folding: {app / statistics.median(bare):.2f}x")
        if args.retention_meetings and args.only in (None, "retention"):
            apps, limits, bare = [], [], []
            for run in range(args.repeat):
                app, limit, folding, erased = retention_run(folder, run, args.retention_meetings, args.retention_db)
                apps.append(app)
                limits.append(limit)
                bare.append(limit - folding)
                where = args.retention_db.name if args.retention_db else f"{args.retention_meetings:,} meetings"
                print(f"retention, run {run + 1}: {where}, {erased:,} opinions erased: "
                      f"application {app:.2f} s ({app / max(erased, 1) * 1000:.2f} ms an opinion), "
                      f"limit {_limit(limit, folding)} ({app / limit:.2f}x)")
            app, limit = statistics.median(apps), statistics.median(limits)
            flag = budgets.over("retention / limit", app / limit, LIMIT_RATIO, unit="x")
            print(f"retention: application median {app:.2f} s, limit median {limit:.2f} s: {app / limit:.2f}x "
                  f"(budget <= {LIMIT_RATIO}x){flag}; against the limit without its folding: "
                  f"{app / statistics.median(bare):.2f}x")
        if args.only in ("demo", "retention"):
            return budgets.exit_code(args.check)
        register = folder / "so-tong-hop.xlsx"
        t = time.perf_counter()
        build_register(register, args.rows)
        print(f"register of {args.rows:,} rows built in {time.perf_counter() - t:.1f} s "
              f"({register.stat().st_size / 1e6:.1f} MB)")
        apps, bases, readers = [], [], []
        imports, plain_imports, inserts, plain_inserts, limits, bare_limits = [], [], [], [], [], []
        for run in range(args.repeat):
            db = fresh_db(folder, f"app{run}.db")
            plain = plain_copy(db, folder / f"app{run}-plain.db")
            before = folder / f"app{run}-before.db"
            copy_file(db, before)
            total, stages, counts = application(register, db, today)
            apps.append(total)
            imports.append(stages["import"])
            replay = Replay(before, db, file_key(db))
            limits.append(replay.write(folder / f"app{run}-limit.db"))
            bare_limits.append(limits[-1] - replay.folding)
            print(f"run {run + 1}: import stage {stages['import']:.2f} s, its limit ({replay.count:,} rows) "
                  f"{_limit(limits[-1], replay.folding)} ({stages['import'] / limits[-1]:.2f}x)")
            plain_imports.append(plain_import(register, db, plain, today))
            whole, insert = baseline(register, folder / f"bare{run}.db", encrypted=True)
            bases.append(whole)
            inserts.append(insert)
            plain_inserts.append(baseline(register, folder / f"bare{run}-plain.db", encrypted=False)[1])
            readers.append(reader_only(register))
            print(f"run {run + 1}: application {total:.2f} s ("
                  + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()) + f"), baseline {bases[-1]:.2f} s; "
                  f"unencrypted: import {plain_imports[-1]:.2f} s, executemany {plain_inserts[-1]:.2f} s")
        print(f"counts: {counts}")
        app, base = statistics.median(apps), statistics.median(bases)
        print(f"application median {app:.2f} s; baseline (openpyxl read-only + executemany) median {base:.2f} s; "
              f"ratio {app / base:.2f}  (both into encrypted files)")
        imp, plain_imp = statistics.median(imports), statistics.median(plain_imports)
        limit = statistics.median(limits)
        flag = budgets.over("register import stage / limit", imp / limit, LIMIT_RATIO, unit="x")
        print(f"import stage median {imp:.2f} s, limit median {limit:.2f} s: {imp / limit:.2f}x "
              f"(budget <= {LIMIT_RATIO}x){flag}; against the limit without its folding: "
              f"{imp / statistics.median(bare_limits):.2f}x")
        ins, plain_ins = statistics.median(inserts), statistics.median(plain_inserts)
        print(f"encrypted / unencrypted: import stage {imp:.2f} / {plain_imp:.2f} s = {ratio(imp, plain_imp)}; "
              f"baseline executemany {ins:.3f} / {plain_ins:.3f} s = {ratio(ins, plain_ins)}; whole application "
              f"{app:.2f} / {app - imp + plain_imp:.2f} s = {ratio(app, app - imp + plain_imp)} "
              f"(reading and previewing touch no data file)")
        op, cal = (statistics.median(x) for x in zip(*readers))
        print(f"reading alone: openpyxl read-only {op:.2f} s, python-calamine {cal:.2f} s (ratio {op / cal:.1f})")
        sheet = read_register(register)
        mapping = guess_mapping(sheet).mapping
        preview = preview_register(sheet, mapping, today=today)
        db = fresh_db(folder, "cancel.db")
        with open_store(db) as store:
            latencies = {
                "read": cancel_latency(lambda c: read_register(register, cancelled=c)),
                "preview": cancel_latency(lambda c: preview_register(sheet, mapping, today=today, cancelled=c)),
                "import": cancel_latency(lambda c: import_register(store, preview=preview, confirmed=True,
                                                                   skip_invalid=True, cancelled=c)),
            }
            left = store.conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
        print("Cancel, pressed 0.2 s in, stops: " + ", ".join(
            f"{k} after {v * 1000:.0f} ms" if v is not None else f"{k} (finished before Cancel)"
            for k, v in latencies.items()) + (f"; meetings left by the cancelled import: {left}"
                                               if latencies["import"] is not None else ""))
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    sys.exit(main())
