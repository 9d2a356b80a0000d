"""Benchmark: a 20,000-row register moved in from Excel, read, mapped, previewed and imported.

Run from the repository root:

    .venv/bin/python bench/bulk.py                    # 20,000 rows, 3 runs
    .venv/bin/python bench/bulk.py --rows 5000 --repeat 1   # a quick look
    .venv/bin/python bench/bulk.py --check            # as the other benches take it; nothing to judge yet

What it measures, on one register built here the way communes lay theirs out (title rows, a
two-row merged heading, the column numbers' row, one row per opinion, a meeting's cells merged
down its rows, abbreviations, text dates, the task columns, a blank row and a "Cộng" row after each
meeting):

* the application: ``reports.register_read.read_register`` (python-calamine) + ``guess_mapping``
  + ``preview_register`` (every meeting validated by ``core.validate``) + ``db.register_import``
  (one transaction into a fresh data file made by ``qcdc init``);
* the baseline, in the same run: openpyxl's read-only reading of the same file, row by row, and a
  bare ``executemany`` of the same rows into a one-table SQLite file;
  ratio = application median / baseline median;
* for the choice of reader: openpyxl read-only alone against python-calamine alone;
* Cancel: how long each stage (reading, checking, importing) takes to stop once Cancel is
  pressed 0.2 s into it.

The data file is encrypted (SQLCipher); the bench acts as its own administrator (bench/_common.py).
The import, the one stage that writes the data file, also runs into an unencrypted copy of the same
fresh file, and the baseline's ``executemany`` into an unencrypted one-table file beside the
encrypted one (both through the same SQLite library), and the ratios encrypted / unencrypted are
printed.  Reading, mapping and previewing touch no data file: they have no such ratio.

No budget is set for this yet in docs/performance.md's table (issue 19 asks the bulk paths within
2x of a limit baseline that is still to be written: pre-folded text, plain ``executemany``, the
same indexes and FTS5 table); the figures are printed for the lead to judge.  ``--check`` is taken
as by every bench, but there is no budget to miss: it prints "budgets: none judged" and the
script exits 0 either way.
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

from _common import Budgets, add_check, module_cli, plain_copy, plain_store, qcdc_init, ratio  # noqa: E402

from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.core.filekey import new_file_key
from qcdc_desktop.db import cipher
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.register_import import import_register
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
    day = dt.date(2015, 1, 5)
    for n in range(rows):
        i = n % PER_MEETING
        if i == 0:
            first = row
            day += dt.timedelta(days=3)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    add_check(parser)
    args = parser.parse_args()
    budgets = Budgets()  # none judged yet (see above)
    today = dt.date(2026, 12, 31)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        register = folder / "so-tong-hop.xlsx"
        t = time.perf_counter()
        build_register(register, args.rows)
        print(f"register of {args.rows:,} rows built in {time.perf_counter() - t:.1f} s "
              f"({register.stat().st_size / 1e6:.1f} MB)")
        apps, bases, readers = [], [], []
        imports, plain_imports, inserts, plain_inserts = [], [], [], []
        for run in range(args.repeat):
            db = fresh_db(folder, f"app{run}.db")
            plain = plain_copy(db, folder / f"app{run}-plain.db")
            total, stages, counts = application(register, db, today)
            apps.append(total)
            imports.append(stages["import"])
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
