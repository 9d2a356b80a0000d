"""Benchmark: the opinion list of the desktop on a 1,000,000-opinion database.

Run from the repository root:

    .venv/bin/python bench/ui_list.py                      # build bench/out/ui-list-1m.db (a few minutes) and measure
    .venv/bin/python bench/ui_list.py --db bench/out/x.db  # reuse x.db if it exists (upgraded in place if older)
    .venv/bin/python bench/ui_list.py --meetings 2000      # a quick look on a small file
    .venv/bin/python bench/ui_list.py --check              # exit 1 when a budget is missed

It builds the file with the application's own commands (``qcdc init`` + ``qcdc demo``), then
measures in this process, with an offscreen QApplication, what a clerk waits for:

* open: from creating the opinion ListPage to the first rows answered by ``data()`` (model), and
  to the table painted offscreen (view); budget 300 ms.  "cold" is the first page of the process
  (Qt fonts, babel and SQLite caches cold); "warm" the median of later pages, as in the running
  application, where the main window is already up.
* background load of every rowid (the count in the status line), and jumping to the last row
  (``scrollToBottom`` and ``data()`` for it).
* filter as you type: ``set_filter`` plus ``data()`` for the visible rows, for each keystroke of a
  few searches and for the combos; p50/p95 against the bare SQL those calls issued (captured with
  a trace callback and replayed on the same connection, interleaved); budget p95 < 50 ms, ratio
  <= 1.5.
* sort by each sortable column, against its bare SQL; budget 300 ms.
* peak RSS of the process from the list's first page on (on Linux the peak is reset then, so the
  copy made for the baseline and the file's preparation are not counted; elsewhere
  ``resource.getrusage`` since the start); budget 300 MB.

The data file is encrypted (SQLCipher); the bench acts as its own administrator (bench/_common.py).
The list page refuses an unencrypted file, so the page itself is measured on the encrypted file
only; the database work under it (the bare SQL of the background load, of every filter and of every
sort, as captured above) is also replayed on an unencrypted copy of the same data, interleaved, and
reported as "encrypted / unencrypted" rows (ratio of the bare SQL on each file).

Figures over budget are marked OVER BUDGET (the jump to the last row is held to the open's 300 ms,
the first use of each filter to the filters' 50 ms); with ``--check`` the script ends with the
budgets missed and exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from _common import (Budgets, add_check, ms, percentile, plain_copy, plain_store, qcdc_init,  # noqa: E402
                     remove_db, sign_in_here)
from qcdc_desktop.db.connection import open_store  # noqa: E402
from qcdc_desktop.db.lists import ListFilter, hamlets  # noqa: E402
from qcdc_desktop.db.migrations import LATEST  # noqa: E402
from qcdc_desktop.ui.meetings.list_page import ListPage  # noqa: E402
from qcdc_desktop.ui.widgets.models import background_loads  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
VISIBLE = 30  # rows a 768-pixel-high screen shows
BUDGET = {"open": 300.0, "filter_p95": 50.0, "ratio": 1.5, "sort": 300.0, "rss": 300.0}
SEARCHES = ["dat dai", "Đất đai", "giai phong mat bang", "nguyen van", "thon dong", "sot xuat huyet",
            "camera an ninh", "kubernetes"]


def build(path: Path, meetings: int, seed: int) -> None:
    cli = [sys.executable, "-m", "qcdc_desktop.cli"]
    started = time.perf_counter()
    qcdc_init(cli, path, "--unit-code", "00004")
    subprocess.run([*cli, "demo", "--db", str(path), "--meetings", str(meetings), "--seed", str(seed)], check=True)
    print(f"built {path} in {time.perf_counter() - started:.0f} s")


def prepare(path: Path) -> None:
    """Bring a reused file to the current schema (as the application does on opening), and fold
    the write-ahead log into the file so that read-only connections start clean."""
    with open_store(path, check=False) as store:
        version = store.schema_version()
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if version != LATEST:
        raise SystemExit(f"{path} is at schema {version}, expected {LATEST}")


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def drain(cursor) -> None:
    """Read every row of ``cursor`` without keeping them: the baseline's ten million rowids as a
    Python list would be the bench's own gigabyte in the peak memory, not the application's."""
    while cursor.fetchmany(20_000):
        pass


def reset_peak_rss() -> None:
    """From here on the peak counts (Linux: /proc/self/clear_refs); elsewhere nothing is reset."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_rss_mb() -> float:
    """The process's peak resident memory in MB: since :func:`reset_peak_rss` on Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def wait_idle(app: QApplication) -> None:
    while background_loads().running():
        app.processEvents()
        time.sleep(0.002)


def first_rows(page: ListPage) -> None:
    model = page.model
    for row in range(min(VISIBLE, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))


def open_page(app: QApplication, path: Path, settings: QSettings) -> tuple[ListPage, float, float, float]:
    """A new opinion page: (page, ms to the first rows answered, ms to the table painted, start)."""
    started = time.perf_counter()
    page = ListPage("opinions", path, settings)
    page.start()
    first_rows(page)
    answered = time.perf_counter()
    watch = PaintWatch()
    page.table.viewport().installEventFilter(watch)
    page.resize(1166, 700)
    page.show()
    while not watch.painted:
        app.processEvents()
    painted = time.perf_counter()
    page.table.viewport().removeEventFilter(watch)
    return page, ms(answered - started), ms(painted - started), started


def close(page: ListPage) -> None:
    page.model.close()
    page.hide()
    page.deleteLater()


class Traced:
    """Captures the SQL a model issues on its UI-thread connection, to replay it bare."""

    def __init__(self, page: ListPage) -> None:
        self.conn = page.model.reader().conn
        self.statements: list[str] = []

    def __enter__(self) -> "Traced":
        self.conn.set_trace_callback(self.statements.append)
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.set_trace_callback(None)


def timed_change(app: QApplication, page: ListPage, change, statements: list[str] | None = None,
                 bare_first: bool = False) -> tuple[float, float, list[str]]:
    """(ms for the change and the visible rows, ms for the same SQL bare, the SQL).

    The bare SQL is the one captured the first time (``statements``); it runs before the
    application on alternate calls, so that neither side always finds the caches warmed by the
    other.
    """
    wait_idle(app)
    conn = page.model.reader().conn
    bare = _replay(conn, statements) if bare_first and statements else None
    page.model._pages.clear()
    with Traced(page) as traced:
        started = time.perf_counter()
        change()
        first_rows(page)
        took = ms(time.perf_counter() - started)
    page.model._cancel_load()  # the next keystroke would have cancelled it
    wait_idle(app)
    statements = statements or list(traced.statements)
    if bare is None:
        bare = _replay(conn, statements)
    return took, bare, statements


def _replay(conn, statements: list[str]) -> float:
    started = time.perf_counter()
    for sql in statements:
        conn.execute(sql).fetchall()
    return ms(time.perf_counter() - started)


def filter_cases(conn, latest: dt.date) -> list[tuple[str, ListFilter]]:
    hamlet = hamlets(conn)[0]
    month = (latest - dt.timedelta(days=30), latest)
    year = (dt.date(latest.year - 2, 1, 1), dt.date(latest.year - 2, 12, 31))
    cases: list[tuple[str, ListFilter]] = []
    for words in SEARCHES:  # keystroke by keystroke, as the debounce would let through at worst
        for end in range(1, len(words) + 1):
            if words[end - 1] != " ":
                cases.append((f"search {words[:end]!r}", ListFilter(search=words[:end])))
    cases += [
        ("field=land", ListFilter(field="land")),
        ("field=party_government", ListFilter(field="party_government")),
        ("last 30 days", ListFilter(date_from=month[0], date_to=month[1])),
        (f"year {year[0].year}", ListFilter(date_from=year[0], date_to=year[1])),
        (f"hamlet={hamlet}", ListFilter(hamlet=hamlet)),
        ("track=party", ListFilter(track="party")),
        ("kind=on_request", ListFilter(kind="on_request")),
        ("outcome=forwarded", ListFilter(outcome="forwarded")),
        ("field=land + year", ListFilter(field="land", date_from=year[0], date_to=year[1])),
        ("hamlet + 'dat dai'", ListFilter(hamlet=hamlet, search="dat dai")),
        ("field=health + 'sot'", ListFilter(field="health", search="sot")),
    ]
    return cases


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []
        self.budgets = Budgets()

    def add(self, name: str, value: float, unit: str, budget: float | None = None, base: float | None = None,
            ratio_budget: float | None = None) -> None:
        ratio = value / base if base else None
        over = self.budgets.over(name, value, budget, below=True, unit=f" {unit}") if budget is not None else ""
        if ratio is not None and ratio_budget is not None:
            over = self.budgets.over(f"{name}, ratio to bare", ratio, ratio_budget, unit="x") or over
        self.rows.append((name, f"{value:,.1f} {unit}", f"< {budget:g} {unit}" if budget else "",
                          f"{ratio:.2f}x of {base:.1f}" if ratio is not None else "", over.strip()))

    def print(self) -> None:
        widths = [max(len(r[i]) for r in self.rows) for i in range(5)]
        for row in self.rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


def _quiet(_kind: object, _context: object, message: str) -> None:
    if "propagateSizeHints" not in message:  # the offscreen platform's, about nothing
        print(f"Qt: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=None, help="reuse this file if it exists, else build it there")
    parser.add_argument("--meetings", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each filter and sort")
    add_check(parser)
    args = parser.parse_args(argv)
    path = args.db or OUT / ("ui-list-1m.db" if args.meetings == 50_000 else f"ui-list-{args.meetings}.db")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build(path, args.meetings, args.seed)
    else:
        sign_in_here(path)
    prepare(path)
    plain_path = plain_copy(path, path.with_name(f"{path.stem}-plain.db"))
    unencrypted = plain_store(plain_path)
    plain = unencrypted.__enter__().conn
    qInstallMessageHandler(_quiet)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(str(OUT / "ui-list-settings.ini"), QSettings.Format.IniFormat)
    settings.clear()
    report = Report()
    with open_store(path, readonly=True, check=False) as store:
        opinions = store.conn.execute("SELECT count(*) FROM opinions").fetchone()[0]
        latest = dt.date.fromisoformat(store.conn.execute("SELECT max(held_on) FROM opinions").fetchone()[0])
        cases = filter_cases(store.conn, latest)
    print(f"{path}: {opinions:,} opinions; Python {sys.version.split()[0]}, Qt offscreen, {os.cpu_count()} CPUs")
    reset_peak_rss()  # the plain copy's export and the file's preparation are not the list's memory

    # --- open the list: cold (first in the process), then warm
    page, cold_model, cold_view, _started = open_page(app, path, settings)
    close(page)
    wait_idle(app)
    warmer = QLabel("QCDC")  # the main window is up in the application: fonts are loaded
    warmer.show()
    app.processEvents()
    warm_model, warm_view = [], []
    for _run in range(5):
        page, answered, painted, opened = open_page(app, path, settings)
        warm_model.append(answered)
        warm_view.append(painted)
        if _run < 4:
            close(page)
            wait_idle(app)
    report.add("open: first rows answered, cold process", cold_model, "ms", BUDGET["open"])
    report.add("open: first rows painted, cold process", cold_view, "ms", BUDGET["open"])
    report.add("open: first rows answered (median of 5)", statistics.median(warm_model), "ms", BUDGET["open"])
    report.add("open: first rows painted (median of 5)", statistics.median(warm_view), "ms", BUDGET["open"])

    # --- the background load of every rowid (from the page's creation), and the last row
    while not page.model.is_complete():
        app.processEvents()
        time.sleep(0.001)
    loaded = ms(time.perf_counter() - opened)
    rows = page.model.rowCount()
    conn = page.model.reader().conn
    bare_started = time.perf_counter()
    drain(conn.execute("SELECT rowid FROM opinions ORDER BY held_on DESC, rowid DESC"))
    bare_all = ms(time.perf_counter() - bare_started)
    report.add(f"load all {rows:,} rowids in the background", loaded, "ms", None, bare_all)
    bare_started = time.perf_counter()
    drain(plain.execute("SELECT rowid FROM opinions ORDER BY held_on DESC, rowid DESC"))
    report.add("  its bare SQL, encrypted / unencrypted", bare_all, "ms", None, ms(time.perf_counter() - bare_started))
    started = time.perf_counter()
    page.table.scrollToBottom()
    last = page.model.data(page.model.index(rows - 1, page.spec.column_index("content")))
    app.processEvents()
    report.add("jump to the last row (scrollToBottom + data)", ms(time.perf_counter() - started), "ms", BUDGET["open"])
    assert last, "the last row has no content"

    # --- filters as you type
    # A first pass captures the SQL of each filter and warms the caches (reported on its own:
    # the first use of a filter after opening); then app and bare SQL alternate which goes first.
    captured: dict[str, list[str]] = {}
    first_use = []
    for name, list_filter in cases:
        took, _bare, captured[name] = timed_change(app, page, lambda f=list_filter: page.model.set_filter(f))
        first_use.append(took)
    app_times, bare_times, plain_times, worst = [], [], [], []
    for run in range(args.repeat):
        for name, list_filter in cases:
            took, bare, _sql = timed_change(app, page, lambda f=list_filter: page.model.set_filter(f),
                                            captured[name], bare_first=run % 2 == 1)
            app_times.append(took)
            bare_times.append(bare)
            plain_times.append(_replay(plain, captured[name]))
            worst.append((took, name, bare))
    report.add(f"filter p95, first use of each ({len(cases)} filters)", percentile(first_use, 95), "ms", BUDGET["filter_p95"])
    report.add(f"filter p50 ({len(cases)} filters x {args.repeat})", statistics.median(app_times), "ms", None,
               statistics.median(bare_times))
    report.add("filter p95", percentile(app_times, 95), "ms", BUDGET["filter_p95"], percentile(bare_times, 95), BUDGET["ratio"])
    report.add("  filters' bare SQL p50, encrypted / unencrypted", statistics.median(bare_times), "ms", None,
               statistics.median(plain_times))
    report.add("  filters' bare SQL p95, encrypted / unencrypted", percentile(bare_times, 95), "ms", None,
               percentile(plain_times, 95))

    # --- sorting
    page.model.set_filter(ListFilter())
    wait_idle(app)
    for key in ("held_on", "hamlet", "field"):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            column = page.spec.column_index(key)
            runs, sql = [], timed_change(app, page, lambda c=column, o=order: page.model.sort(c, o))[2]
            for run in range(args.repeat):
                took, bare, sql = timed_change(app, page, lambda c=column, o=order: page.model.sort(c, o), sql,
                                               bare_first=run % 2 == 1)
                runs.append((took, bare, _replay(plain, sql)))
            way = "asc" if order == Qt.SortOrder.AscendingOrder else "desc"
            report.add(f"sort by {key} {way}", statistics.median(r[0] for r in runs), "ms", BUDGET["sort"],
                       statistics.median(r[1] for r in runs))
            report.add("  its bare SQL, encrypted / unencrypted", statistics.median(r[1] for r in runs), "ms", None,
                       statistics.median(r[2] for r in runs))
    close(page)
    wait_idle(app)
    unencrypted.__exit__(None, None, None)
    remove_db(plain_path)
    report.add("peak RSS", peak_rss_mb(), "MB", BUDGET["rss"])
    report.print()
    print("\nslowest filters (app ms, bare ms):")
    for took, name, bare in sorted(worst, reverse=True)[:8]:
        print(f"  {took:7.1f} {bare:7.1f}  {name}")
    warmer.close()
    return report.budgets.exit_code(args.check)


if __name__ == "__main__":
    raise SystemExit(main())
