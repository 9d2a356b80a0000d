"""What the benches share: milliseconds and the one percentile every bench reports, the bench's own
account of the office, and a plain copy of an encrypted data file to compare with.

The data file is always encrypted and every open needs a signed-in account.  A bench acts as one
fixed administrator (:data:`BENCH_LOGIN`): :func:`act_as_bench_account` gives the ``qcdc``
commands it runs that account (``QCDC_USER`` / ``QCDC_PASSWORD``), :func:`sign_in_here` signs the
bench process itself in to a file a ``qcdc init`` made.

To say what the encryption costs, a bench runs the same work on :func:`plain_copy` of the same
data: an unencrypted SQLite file written by ``sqlcipher_export``, opened by :func:`plain_store`
through the same SQLite library (SQLCipher's, without a key), so that the ratio encrypted /
unencrypted measures the encryption alone and not two SQLite versions.

Every budget a bench judges goes through one :class:`Budgets` of its run: :meth:`Budgets.over`
gives the ``  OVER BUDGET`` mark the bench prints beside a figure and keeps the miss, and with
``--check`` (:func:`add_check`) :meth:`Budgets.exit_code` prints the budgets missed and makes the
bench exit 1, for a look before a release (not in CI: timings there are noise).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BENCH_LOGIN = "quantri"
BENCH_PASSWORD = "Ghe-bang-Sen-hong-7!"  # passes core/passwords.py's rules with that login


def ms(seconds: float) -> float:
    return seconds * 1000.0


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile of ``samples`` (p in 0..100): the smallest sample that at least
    ``p`` % of the samples are not above."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def ratio(encrypted: float, plain: float) -> str:
    """``encrypted / plain`` as the benches print it (``n/a`` when the plain figure is nil)."""
    return f"{encrypted / plain:.2f}" if plain > 0 else "n/a"


OVER_BUDGET = "  OVER BUDGET"


def _figure(value: float) -> str:
    return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}"


class Budgets:
    """The budgets one run of a bench judged, and those it missed."""

    def __init__(self) -> None:
        self.judged = 0
        self.missed: list[str] = []

    def over(self, label: str, value: float, limit: float, *, below: bool = False, unit: str = "",
             mark: str = OVER_BUDGET) -> str:
        """``mark`` when ``value`` misses its ``limit``, kept as missed under ``label``; "" when it
        holds.  The budget is ``value <= limit``, or ``value < limit`` when ``below`` (a budget
        written "< 1 s": the limit itself misses it).  A figure that is not a number (NaN: no
        baseline to divide by) is not judged."""
        if math.isnan(value):
            return ""
        self.judged += 1
        if value < limit or (value == limit and not below):
            return ""
        self.missed.append(f"{label} {_figure(value)}{unit} (budget {'<' if below else '<='} {limit:g}{unit})")
        return mark

    def verdict(self) -> str:
        if self.missed:
            return "budgets: missed: " + "; ".join(self.missed)
        return "budgets: all held" if self.judged else "budgets: none judged"

    def exit_code(self, check: bool) -> int:
        """With ``check``, print the verdict last and give 1 when a budget was missed; else 0."""
        if not check:
            return 0
        print(self.verdict())
        return 1 if self.missed else 0


def add_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")


def act_as_bench_account() -> None:
    """Every ``qcdc`` command this process starts acts as the bench's administrator (kept when the
    caller set ``QCDC_USER`` / ``QCDC_PASSWORD`` itself)."""
    os.environ.setdefault("QCDC_USER", BENCH_LOGIN)
    os.environ.setdefault("QCDC_PASSWORD", BENCH_PASSWORD)


def sign_in_here(path: Path) -> None:
    """Sign this process in to ``path`` as the acting account, without recording the sign-in (the
    bench's reads leave the file as it was)."""
    from qcdc_desktop.db.accounts import sign_in

    act_as_bench_account()
    sign_in(Path(path), os.environ["QCDC_USER"], os.environ["QCDC_PASSWORD"], record=False)


def qcdc_init(cli: list[str], path: Path, *args: str, quiet: bool = True) -> None:
    """``qcdc init --db path *args`` as the bench's administrator, then sign this process in."""
    act_as_bench_account()
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([*cli, "init", "--db", str(path), *args], check=True, stdout=out)
    sign_in_here(path)


def module_cli() -> list[str]:
    return [sys.executable, "-m", "qcdc_desktop.cli"]


def file_key(path: Path) -> bytes:
    from qcdc_desktop.db import access

    found = access.unlocked(Path(path))
    if found is None:
        raise RuntimeError(f"not signed in to {path}")
    return found.file_key


def keyed_connect(path: Path, *, readonly: bool = True):  # noqa: ANN201 - the binding's connection
    """A raw connection to the encrypted data file with the key this process unlocked, where a
    bench read the file with ``sqlite3`` before."""
    from qcdc_desktop.db import cipher

    return cipher.connect(Path(path), file_key(path), readonly=readonly)


def plain_copy(encrypted: Path, plain: Path, key: bytes | None = None) -> Path:
    """An unencrypted copy of ``encrypted`` at ``plain`` (replaced if there): the same pages of
    data, schema version and application id, and its journal mode; ``key`` when this process is
    not signed in to the file."""
    from qcdc_desktop.db import cipher

    for p in (plain, Path(f"{plain}-wal"), Path(f"{plain}-shm")):
        p.unlink(missing_ok=True)
    conn = cipher.connect(Path(encrypted), key or file_key(encrypted), readonly=True)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchone()
        for pragma in ("user_version", "application_id"):
            value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            conn.execute(f"PRAGMA plain.{pragma} = {value}")
        conn.execute("DETACH DATABASE plain")
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()
    conn = cipher.plain_connect(plain)
    try:
        conn.execute(f"PRAGMA journal_mode = {mode}")
    finally:
        conn.close()
    return plain


@contextmanager
def plain_store(plain: Path, *, readonly: bool = True, like: Path | None = None) -> Iterator:
    """A ``Store`` on the plain copy, set up as ``open_store`` sets up the encrypted file's
    connection (the SQL functions of the schema's triggers, foreign keys, busy timeout, synchronous
    FULL when writing); acting as the account signed in to ``like`` (the encrypted original) so
    that the database layer's role checks pass as they do there."""
    from qcdc_desktop.db import access, cipher
    from qcdc_desktop.db.connection import BUSY_TIMEOUT_MS, Store
    from qcdc_desktop.db.functions import register_functions

    conn = cipher.plain_connect(Path(plain))
    register_functions(conn)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        # The search's table of words (db/search.py) is made before the copy is made read-only,
        # as the application makes it on its own read-only connections (mode=ro allows it).
        from qcdc_desktop.db.search import KINDS, _vocabulary

        for kind in KINDS:
            _vocabulary(conn, kind)
        conn.execute("PRAGMA query_only = ON")
    else:
        conn.execute("PRAGMA synchronous = FULL")
    found = access.unlocked(Path(like)) if like is not None else None
    store = Store(Path(plain), conn, readonly, user=found.user if found else None)
    try:
        yield store
    finally:
        conn.close()


def remove_db(path: Path) -> None:
    """A data file and what lies beside it (journal, key-slot file, sign-in counts)."""
    folder = Path(path).parent
    for p in folder.glob(f"{Path(path).name}*"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
