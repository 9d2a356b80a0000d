"""Benchmark: unlocking the data file's key (argon2id from the password, then the AES-256-GCM unwrap).

Run from the repository root with the project's virtualenv:

    .venv/bin/python bench/unlock.py                  # the parameters new wrappings get
    .venv/bin/python bench/unlock.py --repeat 20      # more samples
    .venv/bin/python bench/unlock.py --memory-kib 131072 --time-cost 3   # try other parameters
    .venv/bin/python bench/unlock.py --check          # exit 1 when the budget is missed

What it measures (docs/keys.md, "The data file encrypted at rest"):

* unlock: ``core.filekey.unwrap_file_key`` of a key wrapped for a password with the given argon2id
  parameters (default: those of ``core.filekey``), median and worst of ``--repeat`` runs.
  Budget: worst <= 0.5 s.
* baseline, interleaved run by run: PBKDF2-HMAC-SHA256 of the same password with 600,000 iterations
  (OWASP's 2023 figure for PBKDF2-SHA256), through ``hashlib``; ratio = unlock median / baseline
  median.  It says how much slower or faster this machine is than another for the same work.
* open: ``db.cipher.connect`` of a small encrypted file with the unwrapped key (the key checked by
  reading the schema), median — what follows the unlock before the first query; beside it, the
  same open and schema read of an unencrypted copy of that file (same SQLite library, no key),
  interleaved, and the ratio encrypted / unencrypted.  (The unlock itself has no unencrypted
  counterpart: a plain file has no key to unwrap.)
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import Budgets, add_check, ms, plain_copy, ratio  # noqa: E402

from qcdc_desktop.core import filekey
from qcdc_desktop.core.filekey import new_file_key, new_params, password_secret, unwrap_file_key, wrap_file_key
from qcdc_desktop.db import cipher

BUDGET_S = 0.5
PBKDF2_ITERATIONS = 600_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--time-cost", type=int, default=filekey.DEFAULT_TIME_COST)
    parser.add_argument("--memory-kib", type=int, default=filekey.DEFAULT_MEMORY_KIB)
    parser.add_argument("--parallelism", type=int, default=filekey.DEFAULT_PARALLELISM)
    add_check(parser)
    args = parser.parse_args()

    password = "Ủy ban nhân dân xã 2026"
    key = new_file_key()
    params = new_params(args.time_cost, args.memory_kib, args.parallelism)
    wrapped = wrap_file_key(key, password_secret(password), "user:bench", params)
    print(f"argon2id t={params.time_cost}, m={params.memory_kib} KiB ({params.memory_kib // 1024} MiB), "
          f"p={params.parallelism}; baseline PBKDF2-HMAC-SHA256 x {PBKDF2_ITERATIONS:,}")

    unlocks: list[float] = []
    baselines: list[float] = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        assert unwrap_file_key(wrapped, password_secret(password)) == key
        unlocks.append(time.perf_counter() - t)
        t = time.perf_counter()
        hashlib.pbkdf2_hmac("sha256", password_secret(password), params.salt, PBKDF2_ITERATIONS)
        baselines.append(time.perf_counter() - t)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        conn = cipher.connect(path, key, create=True)
        conn.execute("CREATE TABLE t (x)")
        conn.close()
        plain = plain_copy(path, Path(folder) / "plain.db", key)
        opens: list[float] = []
        plain_opens: list[float] = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            cipher.connect(path, key, readonly=True).close()
            opens.append(time.perf_counter() - t)
            t = time.perf_counter()
            conn = cipher.plain_connect(plain)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # what connect's key check reads
            conn.close()
            plain_opens.append(time.perf_counter() - t)

    unlock, worst, base = statistics.median(unlocks), max(unlocks), statistics.median(baselines)
    budgets = Budgets()
    print(f"unlock (argon2id + unwrap): median {ms(unlock):.0f} ms, worst {ms(worst):.0f} ms "
          f"(budget <= {ms(BUDGET_S):.0f} ms){budgets.over('unlock, worst', ms(worst), ms(BUDGET_S), unit=' ms')}")
    print(f"baseline PBKDF2: median {ms(base):.0f} ms; ratio unlock / baseline {unlock / base:.2f}")
    enc, pl = statistics.median(opens), statistics.median(plain_opens)
    print(f"open the encrypted file with the key: median {ms(enc):.2f} ms "
          f"(SQLCipher {cipher.sqlcipher_version()}); unencrypted copy {ms(pl):.2f} ms; "
          f"encrypted / unencrypted {ratio(enc, pl)}")
    return budgets.exit_code(args.check)


if __name__ == "__main__":
    sys.exit(main())
