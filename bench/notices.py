"""Benchmark: rendering conclusion notices (docs/performance.md: one notice < 100 ms; a batch of 500
streams with a progress bar), against a bare reportlab page of the same text.

Run from the repository root:

    .venv/bin/python bench/notices.py                    # 520 demo meetings, 500 notices
    .venv/bin/python bench/notices.py --notices 100 --repeat 10   # a quick look
    .venv/bin/python bench/notices.py --check            # exit 1 when the budget is missed

It builds a data file with the application's own commands (``qcdc init`` + ``qcdc demo``), takes a
number for every meeting with conclusions through ``db.register.issue_notice`` (the register's
own write path, timed), then measures in this process:

* one notice: ``printing.desk.render_entry`` to memory (read the meeting, entry, unit and
  settings, build the Decree 30 page, write the PDF), p50/p95 over ``--repeat`` notices, against
  a bare reportlab document of the same text (the notice's own words as ``pdftotext`` reads them
  back, one paragraph per line, same embedded font, no header table, no rules, no footer),
  interleaved call by call.  Budget p95 < 100 ms; the ratio says what the official layout costs.
* batch: ``printing.batch.render_batch`` of ``--notices`` notices into a temporary folder
  (streamed: one meeting in memory at a time), total and per notice, and the process's resident
  memory after 10 %, 50 % and 100 % of the batch (flat = bounded); then the bare documents of
  the same texts, for the ratio.
* peak RSS of the process.

The data file is encrypted (SQLCipher); the bench acts as its own administrator (bench/_common.py).
The numbers, the single notices and the batch also run on an unencrypted copy of the same data
(made before the numbers are issued), in the same run, and the ratios encrypted / unencrypted are
printed; the budget is judged on the encrypted file.

Shipped Liberation Serif is used on every machine, so runs compare.  Figures over budget are
marked OVER BUDGET; with ``--check`` the script ends with the budgets missed and exits 1 when there
is one (the batch's budget, that it streams, is read from its memory figures, not judged here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from _common import Budgets, add_check, ms, percentile, plain_copy, plain_store, qcdc_init, ratio
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.register import issue_notice
from qcdc_desktop.printing.batch import render_batch
from qcdc_desktop.printing.fonts import FontSet, document_fonts
from qcdc_desktop.printing.desk import render_entry

BUDGET_MS = 100.0
UNTIL = dt.date(2026, 11, 20)
UNIT = "05425"  # Xã An Bình, Phú Thọ


def rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(path: Path, meetings: int, seed: int) -> None:
    cli = [sys.executable, "-m", "qcdc_desktop.cli", "--lang", "en"]
    qcdc_init(cli, path, "--unit-code", UNIT)
    subprocess.run([*cli, "demo", "--db", str(path), "--meetings", str(meetings), "--seed", str(seed),
                    "--until", UNTIL.isoformat()], check=True, capture_output=True)


def issue_all(store: Store, limit: int) -> list[str]:
    """A number for each meeting with conclusions, in date order (as a clerk would); entry ids."""
    rows = store.conn.execute("SELECT id, held_on FROM meetings WHERE (conclusion != '' OR id IN "
                              "(SELECT meeting_id FROM tasks)) AND status != 'planned' ORDER BY held_on, id").fetchall()
    entries = []
    for meeting_id, held_on in rows[:limit]:
        issued_on = dt.date.fromisoformat(held_on) + dt.timedelta(days=2)
        entries.append(issue_notice(store, meeting_id=meeting_id, issued_on=issued_on).entry.id or "")
    return entries


def bare_document(lines: list[str], fonts: FontSet) -> bytes:
    """A bare reportlab document with the same words: one paragraph per line, same font."""
    style = ParagraphStyle("bare", fontName=fonts.regular, fontSize=14, leading=18)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, invariant=1)
    doc.build([Paragraph(escape(line), style) for line in lines])
    return out.getvalue()


def text_of(pdf: bytes) -> list[str]:
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return [line.strip() for line in result.stdout.decode("utf-8").splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=620, help="demo meetings to build (default 620)")
    parser.add_argument("--notices", type=int, default=500, help="notices in the batch (default 500)")
    parser.add_argument("--repeat", type=int, default=40, help="single-notice renders to time (default 40)")
    parser.add_argument("--seed", type=int, default=4)
    add_check(parser)
    args = parser.parse_args()
    budgets = Budgets()
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is needed for the bare baseline; run scripts/setup.sh")
        return 0

    folder = Path(tempfile.mkdtemp(prefix="qcdc-bench-notices-"))
    try:
        db = folder / "an-binh.db"
        started = time.perf_counter()
        build(db, args.meetings, args.seed)
        print(f"build: qcdc init + demo, {args.meetings} meetings: {time.perf_counter() - started:.1f} s")
        fonts = document_fonts(prefer_system=False)
        plain = plain_copy(db, folder / "an-binh-plain.db")
        with open_store(db) as store, plain_store(plain, readonly=False, like=db) as unencrypted:
            started = time.perf_counter()
            entries = issue_all(store, args.notices)
            took = time.perf_counter() - started
            started = time.perf_counter()
            plain_entries = issue_all(unencrypted, args.notices)
            plain_took = time.perf_counter() - started
            print(f"register: {len(entries)} numbers issued in {took:.2f} s "
                  f"({ms(took) / max(1, len(entries)):.1f} ms each, one transaction each); unencrypted copy "
                  f"{plain_took:.2f} s, encrypted / unencrypted {ratio(took, plain_took)}")

            # ---- one notice, interleaved with its bare twin ----
            render_entry(store, entry_id=entries[0], out=io.BytesIO(), fonts=fonts)  # warm the font caches
            render_entry(unencrypted, entry_id=plain_entries[0], out=io.BytesIO(), fonts=fonts)
            ours, bare, pages, plain_ms = [], [], [], []
            for entry_id, plain_id in zip(entries[:args.repeat], plain_entries):
                t0 = time.perf_counter()
                render_entry(unencrypted, entry_id=plain_id, out=io.BytesIO(), fonts=fonts)
                plain_ms.append(ms(time.perf_counter() - t0))
                buffer = io.BytesIO()
                t0 = time.perf_counter()
                pages.append(render_entry(store, entry_id=entry_id, out=buffer, fonts=fonts))
                t1 = time.perf_counter()
                lines = text_of(buffer.getvalue())
                t2 = time.perf_counter()
                bare_document(lines, fonts)
                t3 = time.perf_counter()
                ours.append(ms(t1 - t0))
                bare.append(ms(t3 - t2))
            p50, p95, b50 = statistics.median(ours), percentile(ours, 95), statistics.median(bare)
            mark = budgets.over("one notice p95", p95, BUDGET_MS, below=True, unit=" ms")
            print(f"one notice ({len(ours)} notices, {min(pages)}-{max(pages)} pages): p50 {p50:.1f} ms, "
                  f"p95 {p95:.1f} ms{mark}; bare reportlab, same text: p50 {b50:.1f} ms; "
                  f"ratio {p50 / b50:.2f}")
            u50 = statistics.median(plain_ms)
            print(f"one notice from the unencrypted copy: p50 {u50:.1f} ms, p95 {percentile(plain_ms, 95):.1f} ms; "
                  f"encrypted / unencrypted {ratio(p50, u50)} (p50)")

            # ---- the batch, streamed ----
            ids = [r[0] for r in store.conn.execute(
                "SELECT meeting_id FROM register_entries ORDER BY issued_on, number LIMIT ?", (args.notices,))]
            out_dir = folder / "batch"
            out_dir.mkdir()
            marks = {max(1, len(ids) // 10): "10 %", max(1, len(ids) // 2): "50 %", len(ids): "100 %"}
            memory: list[str] = []
            before = rss_mb()

            def progress(done: int, total: int) -> None:
                if done in marks:
                    memory.append(f"{marks[done]} {rss_mb():.0f} MB")

            t0 = time.perf_counter()
            batch = render_batch(store, meeting_ids=ids, out_dir=out_dir, issued_on=UNTIL, progress=progress,
                                 fonts=fonts)
            took = time.perf_counter() - t0
            size = sum(p.stat().st_size for p in batch.files)
            print(f"batch: {len(batch.files)} notices in {took:.2f} s ({ms(took) / len(batch.files):.1f} ms each), "
                  f"{size / 2**20:.1f} MB of PDF; resident memory {before:.0f} MB before, " + ", ".join(memory))
            texts = [text_of(p.read_bytes()) for p in batch.files]
            t0 = time.perf_counter()
            for lines in texts:
                bare_document(lines, fonts)
            bare_took = time.perf_counter() - t0
            print(f"batch, bare reportlab of the same texts: {bare_took:.2f} s; ratio {took / bare_took:.2f}")
            plain_ids = [r[0] for r in unencrypted.conn.execute(
                "SELECT meeting_id FROM register_entries ORDER BY issued_on, number LIMIT ?", (args.notices,))]
            (folder / "batch-plain").mkdir()
            t0 = time.perf_counter()
            render_batch(unencrypted, meeting_ids=plain_ids, out_dir=folder / "batch-plain", issued_on=UNTIL,
                         fonts=fonts)
            plain_took = time.perf_counter() - t0
            print(f"batch from the unencrypted copy: {plain_took:.2f} s; encrypted / unencrypted {ratio(took, plain_took)}")
        print(f"peak RSS: {peak_mb():.0f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    raise SystemExit(main())
