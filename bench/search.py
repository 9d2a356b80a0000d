"""Benchmark: search and list filters as you type on a 1,000,000-opinion database.

Run from the repository root:

    .venv/bin/python bench/search.py                       # build bench/out/search-1000000.db, measure, delete it
    .venv/bin/python bench/search.py --keep                # ... and keep the file for the next run
    .venv/bin/python bench/search.py --db bench/out/s.db   # reuse s.db if it exists (quick), else build it there
    .venv/bin/python bench/search.py --opinions 50000 --repeat 10   # a quick look
    .venv/bin/python bench/search.py --check               # exit 1 when a budget is missed

What it measures (budgets in docs/performance.md, "search or filter as you type"):

* build: ``qcdc init`` + ``qcdc demo`` (the application's own write path) to about ``--opinions``
  opinions; time and opinions per second.
* open: ``open_store`` as the program's start calls it (no ``quick_check``: that runs after the
  window is up), cold and cached; ``quick_check`` alone, timed and not judged; file size.
* search: for each as-you-type query, p50/p95 of ``qcdc_desktop.db.search.search`` (default kinds
  and limit) and of the bare SQL it issues (its ``_SQL`` statements with its ``match_expression``,
  run on the same connection), interleaved call by call; ratio = application p50 / bare p50.
  Budget: application p95 < 50 ms, ratio <= 1.5.
* filter: the first page of the opinion list (newest first, 100 rows) when the clerk filters by
  field, period, hamlet, search words and combinations: the application's ``db.lists.first_page``
  + ``rows_for``, and beside it the naive single query (:func:`opinion_list_sql`: filters in WHERE,
  words as ``rowid IN (FTS match)``, ``ORDER BY held_on DESC LIMIT 100``) and its ``count(*)``.
  Budget: p95 < 50 ms.
* peak RSS of this process (and of the ``qcdc demo`` child when it built the file).

The data file is encrypted (SQLCipher); the bench acts as its own administrator (bench/_common.py).
Beside every figure of the application on the encrypted file it measures the same call on an
unencrypted copy of the same data (``sqlcipher_export``, read through the same SQLite library
without a key) in the same run, interleaved, and prints the ratio encrypted / unencrypted
("enc/pl", of the p50s).  The budgets are judged on the encrypted file.

Figures that miss a budget are marked OVER BUDGET (the open of a file not in the OS cache too,
against the start-up's 1.5 s); with ``--check`` the script ends with the budgets missed and exits 1
when there is one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _common import (Budgets, act_as_bench_account, add_check, keyed_connect, ms, percentile,  # noqa: E402
                     plain_copy, plain_store, qcdc_init, ratio, remove_db, sign_in_here)
from oscache import drop_from_os_cache  # noqa: E402

from qcdc_desktop.db import cipher
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.lists import OPINIONS, ListFilter, ListQuery, first_page, rows_for
from qcdc_desktop.db.migrations import LATEST
from qcdc_desktop.db.search import _SQL, KINDS, match_expression, matching_rowids_sql, search

BUDGET_MS = 50.0
PAGE = 100  # rows of the first page of a list
BUDGET_RATIO = 1.5
UNIT_CODE = "00004"
SEED = 7
UNTIL = dt.date(2026, 6, 30)  # fixed reference date: the same file, and the same periods, every run
OPINIONS_PER_MEETING = 19.1  # qcdc demo: 6..34 opinions (mean 20) per meeting; 1 in 25 is planned, empty
OUT = Path(__file__).resolve().parent / "out"

# What a clerk types, keystroke by keystroke and whole: folded and unfolded, common and rare.
SEARCH_QUERIES = [
    "d", "da", "dat", "dat d", "dat da", "dat dai", "Đất đai", "đất", "Đ",
    "giai", "giai phong", "giai phong mat bang", "Giải phóng mặt bằng",
    "th", "thon", "thon dong", "Thôn Đông",
    "ng", "ngu", "nguy", "nguyen", "nguyen van", "Nguyễn Văn", "nguyen van d",
    "sot xuat huyet",   # a rarer topic (health, about 2 % of opinions)
    "camera an ninh",
    "loa truyen thanh",
    "hoa giai tranh chap",
    "tac phong",        # the rarest words of the demo data (about 0.6 % of opinions)
    "Giàng Thị Oanh",   # one citizen's full name: a few hundred opinions among a million
    "kubernetes",       # matches nothing
    "a", "x",           # single letters: matched as whole words only
]


# ---------------------------------------------------------------------------------------------
# The opinion list as one naive query per page: the baseline the application's db/lists.py (which
# splits the work: first page, window, background rowids) is compared with.

LIST_COLUMNS = "o.rowid, o.id, o.held_on, o.speaker, o.address, o.field, o.content, o.answered, o.outcome"


def opinion_list_sql(*, field: str | None = None, period: tuple[str, str] | None = None,
                     hamlet: str | None = None, words: str | None = None, count: bool = False,
                     limit: int = 100, offset: int = 0) -> tuple[str, list[object]]:
    """The SQL and parameters of one page of the opinion list (or its row count when ``count``).

    Filters combine with AND: ``field`` (a field code), ``period`` (held_on from, to; ISO dates,
    inclusive), ``hamlet`` (the address exactly as stored), ``words`` (what the clerk typed in the
    search box, matched through opinions_fts like :func:`search`).  Newest meeting date first;
    rowid breaks ties so that pages are stable.
    """
    where: list[str] = []
    params: list[object] = []
    if field is not None:
        where.append("o.field = ?")
        params.append(field)
    if period is not None:
        where.append("o.held_on BETWEEN ? AND ?")
        params.extend(period)
    if hamlet is not None:
        where.append("o.address = ?")
        params.append(hamlet)
    if words is not None:
        expression = match_expression(words)
        if expression is not None:
            where.append(f"o.rowid IN ({matching_rowids_sql('opinions')})")
            params.append(expression)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    if count:
        return f"SELECT count(*) FROM opinions o{clause}", params
    return (f"SELECT {LIST_COLUMNS} FROM opinions o{clause} "
            f"ORDER BY o.held_on DESC, o.rowid DESC LIMIT ? OFFSET ?", params + [limit, offset])


def filter_cases(conn) -> list[tuple[str, dict]]:
    """Named filters a clerk applies, with values taken from the data (hamlets depend on the seed)."""
    hamlets = [r[0] for r in conn.execute("SELECT DISTINCT address FROM opinions ORDER BY address")]
    hamlet = hamlets[0]
    newest = dt.date.fromisoformat(conn.execute("SELECT max(held_on) FROM opinions").fetchone()[0])
    last_month = ((newest - dt.timedelta(days=30)).isoformat(), newest.isoformat())
    year = (f"{UNTIL.year - 2}-01-01", f"{UNTIL.year - 2}-12-31")
    return [
        ("no filter (open the list)", {}),
        ("field=land", {"field": "land"}),
        ("field=party_government", {"field": "party_government"}),
        ("period=30 days up to the newest", {"period": last_month}),
        (f"period=year {UNTIL.year - 2}", {"period": year}),
        (f"hamlet={hamlet}", {"hamlet": hamlet}),
        ("field=land + year", {"field": "land", "period": year}),
        ("hamlet + year", {"hamlet": hamlet, "period": year}),
        ("field=land + hamlet", {"field": "land", "hamlet": hamlet}),
        ("words='dat dai'", {"words": "dat dai"}),
        ("words='thon'", {"words": "thon"}),
        ("words='Giàng Thị Oanh'", {"words": "Giàng Thị Oanh"}),
        ("words='nguyen van'", {"words": "nguyen van"}),
        ("words='camera'", {"words": "camera"}),
        ("words='dat' + field=land", {"words": "dat", "field": "land"}),
        ("words='nguyen' + year", {"words": "nguyen", "period": year}),
        ("words='camera' + hamlet", {"words": "camera", "hamlet": hamlet}),
        ("words='camera' + field=land (none)", {"words": "camera", "field": "land"}),
        ("words='dat dai' + field + hamlet + year",
         {"words": "dat dai", "field": "land", "hamlet": hamlet, "period": year}),
    ]


# ---------------------------------------------------------------------------------------------
# Building the data file


def qcdc_command() -> list[str]:
    """The qcdc command installed next to this Python (the venv's), else on PATH."""
    here = Path(sys.executable).parent
    for name in ("qcdc", "qcdc.exe"):
        if (here / name).exists():
            return [str(here / name)]
    found = shutil.which("qcdc")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from qcdc_desktop.cli import main; sys.exit(main())"]


def count_opinions(path: Path) -> int:
    conn = keyed_connect(path)
    try:
        return conn.execute("SELECT count(*) FROM opinions").fetchone()[0]
    finally:
        conn.close()


def upgrade(path: Path) -> None:
    """Open once, untimed, so that a file from an older schema is upgraded (backup + migrations)
    before anything is measured; say so when it happens."""
    conn = keyed_connect(path)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    if version < LATEST:
        seconds, store = timed(lambda: open_store(path, check=False))  # as the program upgrades at its start
        store.close()
        print(f"upgraded schema {version} -> {LATEST} (backup + migrations) in {seconds / 1000:.1f} s")


def build(path: Path, opinions: int) -> dict:
    """Create ``path`` with about ``opinions`` opinions through ``qcdc init`` and ``qcdc demo``."""
    meetings = math.ceil(opinions / OPINIONS_PER_MEETING)
    qcdc = qcdc_command()
    path.parent.mkdir(parents=True, exist_ok=True)
    qcdc_init(qcdc, path, "--unit-code", UNIT_CODE)
    print(f"building {path}: qcdc demo --meetings {meetings:,} --seed {SEED} --until {UNTIL} ...", flush=True)
    start = time.perf_counter()
    subprocess.run(qcdc + ["demo", "--db", str(path), "--meetings", str(meetings), "--seed", str(SEED),
                           "--until", UNTIL.isoformat()], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    return {"meetings": meetings, "seconds": seconds, "opinions": count_opinions(path)}


# ---------------------------------------------------------------------------------------------
# Timing


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return ms(time.perf_counter() - start), result


def compare(*fns: Callable[[], object], repeat: int, warmup: int = 3) -> tuple[list[list[float]], object]:
    """Time ``fns`` in turn (so that noise hits all alike) after a warm-up: their samples, and
    what the first returned."""
    result = None
    for _ in range(warmup):
        result = fns[0]()
        for fn in fns[1:]:
            fn()
    samples: list[list[float]] = [[] for _ in fns]
    for i in range(repeat):
        # rotate which goes first, so none always runs on a cache another warmed
        for k in range(len(fns)):
            j = (i + k) % len(fns)
            samples[j].append(timed(fns[j])[0])
    return samples, result


def repeat_timing(fn: Callable[[], object], repeat: int, warmup: int = 3) -> tuple[list[float], object]:
    result = None
    for _ in range(warmup):
        result = fn()
    return [timed(fn)[0] for _ in range(repeat)], result


def peak_rss_mb(who: str = "self") -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_SELF if who == "self" else resource.RUSAGE_CHILDREN)
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return usage.ru_maxrss * scale / 1e6


def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


# ---------------------------------------------------------------------------------------------
# The measurements


def open_plain(plain: Path) -> None:
    """What the start's ``open_store(check=False)`` does on the unencrypted copy: connect and read
    the header's pragmas."""
    with plain_store(plain) as store:
        store.conn.execute("PRAGMA user_version").fetchone()


def measure_open(path: Path, plain: Path, budgets: Budgets, repeat: int = 3) -> None:
    """Opening the file as the program's start does (``open_store(check=False)``: header, schema
    version; the full ``quick_check`` runs after the window is up, so it is timed on its own and
    judged by no start-up budget)."""
    if drop_from_os_cache(path) and drop_from_os_cache(plain):
        t, store = timed(lambda: open_store(path, check=False))
        store.close()
        tp, _r = timed(lambda: open_plain(plain))
        mark = budgets.over("open_store, file not in OS cache", t, 2500, below=True, unit=" ms")
        print(f"open_store, file not in OS cache      {t:8.0f} ms{mark}  (part of the cold start-up, budget "
              f"< 2.5 s); unencrypted {tp:.0f} ms, enc/pl {ratio(t, tp)}")
    opens, checks, plain_opens, plain_checks = [], [], [], []
    for _ in range(repeat):
        t, store = timed(lambda: open_store(path, check=False))
        opens.append(t)
        t, result = timed(store.quick_check)
        checks.append(t)
        store.close()
        plain_opens.append(timed(lambda: open_plain(plain))[0])
        with plain_store(plain) as pstore:
            plain_checks.append(timed(pstore.quick_check)[0])
    if not opens:
        return
    print(f"open_store, cached                    {statistics.median(opens):8.1f} ms   "
          f"(runs: {', '.join(f'{t:.1f}' for t in opens)}); unencrypted {statistics.median(plain_opens):.1f} ms, "
          f"enc/pl {ratio(statistics.median(opens), statistics.median(plain_opens))}")
    print(f"PRAGMA quick_check alone, cached      {statistics.median(checks):8.0f} ms   "
          f"(runs: {', '.join(f'{t:.0f}' for t in checks)}); unencrypted {statistics.median(plain_checks):.0f} ms, "
          f"enc/pl {ratio(statistics.median(checks), statistics.median(plain_checks))}")


def bare_search(conn, expression: str, limit: int = 50) -> list[tuple]:
    """The SQL that search() issues, without anything around it."""
    rows: list[tuple] = []
    for kind in KINDS:
        rows.extend(conn.execute(_SQL[kind], (expression, limit)).fetchall())
    return rows


def measure_search(store: Store, plain: Store, repeat: int, budgets: Budgets) -> list[float]:
    conn = store.conn
    print()
    print(f"SEARCH  app = search(store, q) (meetings+opinions+tasks, limit 50 each); bare = its _SQL; "
          f"plain = search() on the unencrypted copy; enc/pl = app p50 / plain p50; {repeat} runs each")
    print(f"{'query':<24}{'hits':>5}{'app p50':>9}{'app p95':>9}{'bare p50':>10}{'bare p95':>10}{'ratio':>7}"
          f"{'pl p50':>8}{'pl p95':>8}{'enc/pl':>7}")
    pooled: list[float] = []
    pooled_plain: list[float] = []
    for query in SEARCH_QUERIES:
        expression = match_expression(query)
        if expression is None:
            print(f"{query!r:<24} (no words)")
            continue
        (app_ms, bare_ms, plain_ms), hits = compare(
            lambda: search(store, query), lambda: bare_search(conn, expression), lambda: search(plain, query),
            repeat=repeat)
        pooled.extend(app_ms)
        pooled_plain.extend(plain_ms)
        a50, a95, b50, b95 = (percentile(app_ms, 50), percentile(app_ms, 95),
                              percentile(bare_ms, 50), percentile(bare_ms, 95))
        p50, p95 = percentile(plain_ms, 50), percentile(plain_ms, 95)
        rate = a50 / b50 if b50 > 0 else float("nan")
        marks = budgets.over(f"search {query!r} p95", a95, BUDGET_MS, below=True, unit=" ms")
        if a50 > 1.0:
            marks += budgets.over(f"search {query!r} ratio to bare", rate, BUDGET_RATIO, unit="x",
                                  mark="  OVER BUDGET (ratio)")
        print(f"{query!r:<24}{len(hits):>5}{a50:>9.1f}{a95:>9.1f}{b50:>10.1f}{b95:>10.1f}{rate:>7.2f}"
              f"{p50:>8.1f}{p95:>8.1f}{ratio(a50, p50):>7}{marks}")
    e50, e95 = percentile(pooled, 50), percentile(pooled, 95)
    p50, p95 = percentile(pooled_plain, 50), percentile(pooled_plain, 95)
    mark = budgets.over("search pooled p95", e95, BUDGET_MS, below=True, unit=" ms")
    print(f"{'all queries pooled':<29}{e50:>9.1f}{e95:>9.1f}{'':>27}{p50:>8.1f}{p95:>8.1f}{ratio(e50, p50):>7}"
          f"{mark}   (enc/pl of the p95s {ratio(e95, p95)})")
    print("(a ratio is judged only where the application's p50 is over 1 ms: below that it is the fixed cost "
          "of folding the query and building Hit objects)")
    return pooled


def list_query(args: dict) -> ListQuery:
    """The application's opinion list query (db/lists.py) for the same filter as :func:`opinion_list_sql`."""
    period = args.get("period")
    return ListQuery(OPINIONS, ListFilter(
        field=args.get("field"), hamlet=args.get("hamlet"), search=args.get("words") or "",
        date_from=dt.date.fromisoformat(period[0]) if period else None,
        date_to=dt.date.fromisoformat(period[1]) if period else None))


def app_first_page(conn, query: ListQuery) -> list[tuple]:
    """What the desktop list does before it paints: the first page's rowids, then their rows."""
    rowids = first_page(conn, query, PAGE)
    found = rows_for(conn, OPINIONS, rowids)
    return [found[r] for r in rowids if r in found]


def measure_filters(store: Store, plain: Store, repeat: int, plans: bool, budgets: Budgets) -> None:
    conn = store.conn
    print()
    print(f"FILTER  opinion list, first {PAGE} rows newest first; {repeat} runs each.  list = db.lists.first_page + "
          f"rows_for (the application); naive = opinion_list_sql (ORDER BY held_on DESC LIMIT {PAGE}); "
          f"count = its count(*); plain = list on the unencrypted copy; enc/pl = list p50 / plain p50; "
          f"* = over {BUDGET_MS:.0f} ms")
    print(f"{'filter':<40}{'rows':>5}{'list p50':>9}{'list p95':>9}{'naive p50':>10}{'naive p95':>10}"
          f"{'matches':>9}{'count p95':>10}{'pl p50':>8}{'pl p95':>8}{'enc/pl':>7}")

    def cell(value: float, width: int) -> str:
        return f"{value:>{width - 1}.1f}{'*' if value > BUDGET_MS else ' '}"

    all_list: list[float] = []
    all_plain: list[float] = []
    for name, args in filter_cases(conn):
        sql, params = opinion_list_sql(**args)
        csql, cparams = opinion_list_sql(**args, count=True)
        query = list_query(args)
        (app_ms, naive_ms, plain_ms), rows = compare(
            lambda: app_first_page(conn, query), lambda: conn.execute(sql, params).fetchall(),
            lambda: app_first_page(plain.conn, query), repeat=repeat)
        count_ms, total = repeat_timing(lambda: conn.execute(csql, cparams).fetchone()[0], max(3, repeat // 3))
        all_list.extend(app_ms)
        all_plain.extend(plain_ms)
        a50, a95, p50 = percentile(app_ms, 50), percentile(app_ms, 95), percentile(plain_ms, 50)
        mark = budgets.over(f"filter {name} p95", a95, BUDGET_MS, below=True, unit=" ms")
        print(f"{name[:39]:<40}{len(rows):>5}{cell(a50, 9)}{cell(a95, 9)}"
              f"{cell(percentile(naive_ms, 50), 10)}{cell(percentile(naive_ms, 95), 10)}{total:>9,}"
              f"{cell(percentile(count_ms, 95), 10)}{p50:>8.1f}{percentile(plain_ms, 95):>8.1f}"
              f"{ratio(a50, p50):>7}{mark}")
        if plans:
            for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params):
                print(f"{'':<6}naive plan: {row[3]}")
    e50, e95 = percentile(all_list, 50), percentile(all_list, 95)
    p50, p95 = percentile(all_plain, 50), percentile(all_plain, 95)
    mark = budgets.over("filters pooled p95", e95, BUDGET_MS, below=True, unit=" ms")
    print(f"{'all filters pooled (list)':<45}{e50:>9.1f}{e95:>9.1f}   unencrypted p50 {p50:.1f}, p95 {p95:.1f}; "
          f"enc/pl p50 {ratio(e50, p50)}, p95 {ratio(e95, p95)}{mark}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opinions", type=int, default=1_000_000, help="target number of opinions")
    parser.add_argument("--db", type=Path, help="data file to reuse (built there when missing; kept)")
    parser.add_argument("--keep", action="store_true", help="keep the data file this run builds")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each query")
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN QUERY PLAN of the filters")
    parser.add_argument("--open-runs", type=int, default=3,
                        help="cached opens and quick_checks timed (each check reads the whole file; 0: none)")
    add_check(parser)
    args = parser.parse_args(argv)
    budgets = Budgets()

    path = args.db or OUT / f"search-{args.opinions}.db"
    built = None
    act_as_bench_account()
    if path.exists():
        sign_in_here(path)
        print(f"reusing {path} ({count_opinions(path):,} opinions; build not timed)")
    else:
        built = build(path, args.opinions)
    keep = args.keep or args.db is not None

    upgrade(path)
    plain = path.with_name(f"{path.stem}-plain.db")
    seconds, _r = timed(lambda: plain_copy(path, plain))
    print(f"SQLCipher {cipher.sqlcipher_version()}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    if built:
        print(f"build: qcdc demo, {built['meetings']:,} meetings, {built['opinions']:,} opinions in "
              f"{built['seconds']:.1f} s = {built['opinions'] / built['seconds']:,.0f} opinions/s; "
              f"peak RSS of qcdc demo {peak_rss_mb('children') or 0:.0f} MB")
    print(f"file size                             {file_size(path) / 1e6:8.0f} MB; unencrypted copy "
          f"{file_size(plain) / 1e6:.0f} MB (sqlcipher_export in {seconds / 1000:.1f} s)")
    measure_open(path, plain, budgets, args.open_runs)

    with open_store(path, check=False) as store, plain_store(plain, like=path) as unencrypted:
        measure_search(store, unencrypted, args.repeat, budgets)
        measure_filters(store, unencrypted, args.repeat, args.plans, budgets)

    rss = peak_rss_mb()
    print()
    print(f"peak RSS of this benchmark            {rss:8.0f} MB" if rss is not None else "peak RSS: not measured here")
    remove_db(plain)
    if not keep:
        remove_db(path)
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    sys.exit(main())
