"""Benchmark: what the office's history costs (docs/history.md, docs/performance.md).

Run from the repository root with the project's virtualenv:

    .venv/bin/python bench/history.py                     # the budgets, a 1,000,000-entry chain
    .venv/bin/python bench/history.py --entries 200000    # a shorter chain, for a quick look
    .venv/bin/python bench/history.py --check             # exit 1 when a budget is missed

What it measures:

* save: ``db.edit.save_meeting`` of a new meeting with 20 opinions and 3 tasks, then of the same
  meeting with every opinion reworded (an edit), then with one opinion reworded (the clerk's usual
  correction, "edit one"), on a data file whose history is written as the
  program writes it; baseline, interleaved run by run, the same saves on a copy of the same file
  whose history triggers were dropped (the records written exactly the same way, no note, no
  entry).  Budget: median ratio <= 1.20 for each.
* verify: ``db.history.verify`` of a chain of ``--entries`` entries (opinions added, as the
  triggers note them: 11 fields each, every value kept apart under its salted digest), median of
  ``--repeat`` runs; baseline, the same rows read by the same query without any hashing, so the
  ratio says what the hashing and the value checks cost over reading.  Budget: < 10 s at
  1,000,000 entries.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import Budgets, add_check, qcdc_init, module_cli, ratio  # noqa: E402

from qcdc_desktop.core.history import Actor, Change, seal
from qcdc_desktop.core.model import Meeting, Opinion, Task
from qcdc_desktop.db import history
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.edit import save_meeting
from qcdc_desktop.db.records import take_seq

SAVE_BUDGET = 1.20
VERIFY_BUDGET_S = 10.0
BATCH = 20_000


def _meeting(i: int) -> Meeting:
    opinions = [Opinion(speaker=f"Công dân {i}-{j}", address=f"Thôn {j % 9 + 1}", phone="0912 345 678",
                        field="land", content=f"Kiến nghị số {j + 1}: đề nghị sớm cấp giấy chứng nhận quyền "
                                              "sử dụng đất và sửa đường liên thôn bị xuống cấp.")
                for j in range(20)]
    tasks = [Task(content=f"Giao công chức địa chính xử lý kiến nghị {k + 1}.", assignee="Công chức Địa chính",
                  deadline=dt.date(2024, 6, 30), opinions=[k + 1]) for k in range(3)]
    return Meeting(kind="dialogue", held_on=dt.date(2024, 3, 5), title=f"Hội nghị đối thoại số {i}",
                   place="Hội trường UBND xã", chair="Nguyễn Văn An", chair_title="Chủ tịch UBND xã",
                   status="concluded", opinions=opinions, conclusions=tasks)


def _without_history(path: Path) -> None:
    with open_store(path) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                  "AND name LIKE '%\\_history\\_%' ESCAPE '\\'")]
        with store.transaction() as conn:
            for name in names:
                conn.execute(f"DROP TRIGGER {name}")


def bench_save(folder: Path, repeat: int) -> list[tuple[str, float]]:
    with_path, bare_path = folder / "with.db", folder / "bare.db"
    for path in (with_path, bare_path):
        qcdc_init(module_cli(), path, "--unit-code", "00004")
    _without_history(bare_path)
    times: dict[tuple[str, str], list[float]] = {}
    with open_store(with_path) as with_store, open_store(bare_path) as bare_store:
        for i in range(repeat + 1):
            for label, store in (("history", with_store), ("bare", bare_store)):
                meeting = _meeting(i)
                start = time.perf_counter()
                saved = save_meeting(store, meeting=meeting)
                added = time.perf_counter() - start
                edited = dataclasses.replace(saved.meeting, opinions=[
                    dataclasses.replace(o, content=o.content + " Bổ sung.") for o in saved.meeting.opinions])
                start = time.perf_counter()
                saved = save_meeting(store, meeting=edited)
                changed = time.perf_counter() - start
                opinions = list(saved.meeting.opinions)
                opinions[7] = dataclasses.replace(opinions[7], content=opinions[7].content + " Đã rà soát.")
                one = dataclasses.replace(saved.meeting, opinions=opinions)
                start = time.perf_counter()
                save_meeting(store, meeting=one)
                changed_one = time.perf_counter() - start
                if i:  # the first of each is a warm-up
                    times.setdefault(("add", label), []).append(added)
                    times.setdefault(("edit", label), []).append(changed)
                    times.setdefault(("edit one", label), []).append(changed_one)
        assert history.verify(with_store.conn, with_store.origin).ok
    results = []
    for what in ("add", "edit", "edit one"):
        with_history = statistics.median(times[(what, "history")])
        bare = statistics.median(times[(what, "bare")])
        print(f"save ({what}, 20 opinions, 3 tasks): with history {with_history * 1000:.1f} ms, "
              f"without {bare * 1000:.1f} ms, ratio {ratio(with_history, bare)} (budget <= {SAVE_BUDGET:.2f})")
        results.append((what, with_history / bare))
    return results


def _build_chain(path: Path, entries: int) -> None:
    """``entries`` entries of opinions added, sealed as the program seals them, in batches."""
    qcdc_init(module_cli(), path, "--unit-code", "00004")
    with open_store(path) as store:
        origin = store.origin
        done = history.head(store.conn, origin)[0]
        actor = Actor("quantri", "Nguyễn Thị Quản")
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        while done < entries:
            count = min(BATCH, entries - done)
            changes = [Change("opinions", f"{origin}-B{done + k}", "insert", None, {
                "meeting_id": f"{origin}-M{(done + k) // 20}", "position": (done + k) % 20 + 1,
                "speaker": f"Công dân số {done + k}", "address": f"Thôn {k % 9 + 1}", "phone": "0912 345 678",
                "on_behalf_of": "", "field": "land", "answered": 0, "answer": "", "outcome": None,
                "content": "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân thôn."})
                for k in range(count)]
            with store.transaction() as conn:
                n, head_hash = history.head(conn, origin)
                sealed = seal(changes, origin=origin, head_n=n, head_hash=head_hash, at=at, actor=actor, reason="")
                first = take_seq(conn, origin, len(sealed))
                conn.executemany("INSERT INTO history (origin, n, seq, body, hash) VALUES (?, ?, ?, ?, ?)",
                                 [(origin, e.n, first + i, e.body, e.hash) for i, e in enumerate(sealed)])
                conn.executemany("INSERT INTO history_values (origin, n, fields) VALUES (?, ?, ?)",
                                 [(origin, e.n, e.values) for e in sealed])
            done += count
            print(f"  built {done:,} entries", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def bench_verify(folder: Path, entries: int, repeat: int) -> float:
    path = folder / "chain.db"
    start = time.perf_counter()
    _build_chain(path, entries)
    print(f"chain of {entries:,} entries built in {time.perf_counter() - start:.1f} s")
    verify_times, read_times = [], []
    with open_store(path, readonly=True) as store:
        for _ in range(repeat):
            start = time.perf_counter()
            for _row in store.conn.execute("SELECT h.n, h.body, h.hash, v.fields FROM history h LEFT JOIN "
                                           "history_values v ON v.origin = h.origin AND v.n = h.n "
                                           "WHERE h.origin = ? ORDER BY h.n", (store.origin,)):
                pass
            read_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            verdict = history.verify(store.conn, store.origin)
            verify_times.append(time.perf_counter() - start)
            assert verdict.ok and verdict.entries >= entries, verdict
    verify_s, read_s = statistics.median(verify_times), statistics.median(read_times)
    scaled = verify_s * 1_000_000 / entries
    print(f"verify {entries:,} entries: {verify_s:.2f} s (reading the same rows: {read_s:.2f} s, ratio "
          f"{ratio(verify_s, read_s)}); at 1,000,000 entries {scaled:.2f} s (budget < {VERIFY_BUDGET_S:.0f} s)")
    return scaled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--saves", type=int, default=15)
    add_check(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        saves = bench_save(folder, args.saves)
        verify_1m = bench_verify(folder, args.entries, args.repeat)
    budgets = Budgets()
    for what, r in saves:
        budgets.over(f"save ({what}) ratio", r, SAVE_BUDGET, unit="x")
    budgets.over("verify at 1,000,000 entries", verify_1m, VERIFY_BUDGET_S, below=True, unit=" s")
    if not args.check:  # the verdict is always printed here; exit_code prints it under --check
        print(budgets.verdict())
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    sys.exit(main())
