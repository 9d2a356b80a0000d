"""The history in bundles (docs/bundle-format.md, "History entries"): a commune's entries read out
for its bundle, and at the upper level the check that each commune's chain continues what the
upper level already holds.

The upper level appends the entries that continue the commune's chain as it holds it — the next
number, a hash over the previous hash and the body, values that are the ones committed to — and
keeps every other entry as evidence in ``history_forks``, naming the bundle.  The first entry that
does not continue (rewritten, forked, missing, not chained, values that do not match), or a signed
head that is not the entry held, flags the commune's history as broken in ``history_checks``: the
facts are kept (a code, the entry, the bundle), the sentence is made when it is shown, in the
language of whoever reads it.  A flag is never cleared by a later bundle.  Nothing here refuses a
bundle: its records are applied all the same (the province keeps evidence, not silence).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..core.history import ERASED, GENESIS, HOME, chain_hash, values_match
from ..core.serialize import canonical_text
from . import history
from .records import utc_now
from .sync_phones import values_sent

#: A history line's values, in order, with their JSON types (docs/bundle-format.md).
HISTORY_COLUMNS: tuple[tuple[str, str], ...] = (("origin", "str"), ("n", "int"), ("seq", "int"), ("body", "str"),
                                                ("hash", "str"), ("values", "str"))
HISTORY_KIND = "history"
#: What the office keeps for itself — its accounts, settings, keys and enrolments (core.history.HOME)
#: — is in its history like everything else and its entries travel (the chain has no gap), but not
#: the text their values are kept in: they leave as erased, their digests still committing to them.
STAYS_HOME = tuple(sorted(HOME))

# What broke a commune's chain (``history_checks.problem`` holds {"code": …, "n": …, …} as JSON):
DIFFERS = "differs"  # an entry already held came again with another content: rewritten, or a fork
GAP = "gap"  # the entries after the last one held did not come
CHAIN = "chain"  # the next entry's hash is not over the last one held and its body
VALUES = "values"  # the personal values kept with the entry are not the ones its digest commits to
HEAD = "head"  # the head the bundle's signed header names is not the entry held here
PROBLEMS = (DIFFERS, GAP, CHAIN, VALUES, HEAD)


def outgoing_history(conn: sqlite3.Connection, *, origin: str, since: int, upto: int,
                     phones_after: int | None = None) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``origin``'s entries with a change number in (since, upto], in the order of the chain, as
    history lines: each with the text its personal values are kept in ("" for none), or "erased"
    for what stays home (:data:`STAYS_HOME`) and for values holding a phone number, unless the
    entry's change number is after ``phones_after`` (None: no phone leaves; db/sync_phones.py)."""
    home = ", ".join(f"'{kind}'" for kind in STAYS_HOME)
    cursor = conn.execute(f"SELECT h.origin, h.n, h.seq, h.body, h.hash, CASE WHEN v.fields IS NULL THEN '' "
                          f"WHEN h.kind IN ({home}) THEN '{ERASED}' ELSE v.fields END FROM history h "
                          f"LEFT JOIN history_values v ON v.origin = h.origin AND v.n = h.n "
                          f"WHERE h.origin = ? AND h.seq > ? AND h.seq <= ? ORDER BY h.n", (origin, since, upto))
    for row in cursor:
        yield HISTORY_KIND, row[:5] + (values_sent(row[5], row[2], phones_after),)


def count_outgoing_history(conn: sqlite3.Connection, *, origin: str, since: int, upto: int) -> int:
    return int(conn.execute("SELECT count(*) FROM history WHERE origin = ? AND seq > ? AND seq <= ?",
                            (origin, since, upto)).fetchone()[0])


@dataclass(frozen=True)
class HistoryCheck:
    """How far the upper level has checked one commune's chain: through entry ``checked_through``
    (hash ``head_hash``), last on ``checked_at``; ``broken_at`` the first entry found not to
    continue it (None while it holds), ``problem`` the facts of what was found (``code`` one of
    PROBLEMS, ``n``, ``bundle``, ``found_at``, and for a gap ``next``, for a head ``held``)."""

    origin: str
    checked_through: int
    head_hash: str
    checked_at: str | None
    broken_at: int | None = None
    problem: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _problem(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return {"code": "", "text": text}  # written by hand: shown as it is
    return value if isinstance(value, dict) else None


def history_checks(conn: sqlite3.Connection) -> dict[str, HistoryCheck]:
    """Every office whose chain this office has checked, by unit code."""
    rows = conn.execute("SELECT origin, checked_through, head_hash, checked_at, broken_at, problem FROM history_checks")
    return {str(r[0]): HistoryCheck(str(r[0]), int(r[1]), str(r[2]), r[3], r[4], _problem(str(r[5]))) for r in rows}


class ChainCheck:
    """The check of one bundle's entries of ``origin``'s chain, inside the apply transaction:
    :meth:`add` the entries in the bundle's order (numbers increasing), then :meth:`finish` with
    the head the bundle's signed header names."""

    def __init__(self, conn: sqlite3.Connection, *, origin: str, bundle_id: str) -> None:
        self.conn, self.origin, self.bundle_id = conn, origin, bundle_id
        self.held_n, self.held_hash = history.head(conn, origin)
        row = conn.execute("SELECT broken_at FROM history_checks WHERE origin = ?", (origin,)).fetchone()
        self.was_broken = row is not None and row[0] is not None
        self.found: tuple[int, dict[str, Any]] | None = None  # the first problem in this bundle
        self.appended = 0
        self.kept_aside = 0
        self.now = utc_now()

    def _flag(self, n: int, code: str, **facts: Any) -> None:
        if self.found is None:
            self.found = (n, {"code": code, "n": n, "bundle": self.bundle_id, "found_at": self.now, **facts})

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        """Entries (origin, n, seq, body, hash, values kept) of the bundle, already checked as lines."""
        if not rows:
            return
        held = {}
        first, last = rows[0][1], min(rows[-1][1], self.held_n)
        if first <= last:
            held = {n: (h, b) for n, h, b in self.conn.execute(
                "SELECT n, hash, body FROM history WHERE origin = ? AND n >= ? AND n <= ?", (self.origin, first, last))}
        entries, values, forks = [], [], []
        for origin, n, seq, body, entry_hash, kept_text in rows:
            if n <= self.held_n:
                kept = held.get(n)
                if kept is None:  # appended from this very bundle (the numbers increase: not possible)
                    continue
                if kept != (entry_hash, body):
                    self._flag(n, DIFFERS)
                    forks.append((origin, n, entry_hash, body, kept_text))
                continue
            if n != self.held_n + 1:
                self._flag(self.held_n + 1, GAP, next=n)
            elif chain_hash(self.held_hash, body) != entry_hash:
                self._flag(n, CHAIN)
            elif values_match(body, kept_text):
                entries.append((origin, n, seq, body, entry_hash))
                if kept_text:  # an entry without personal values has no row there
                    values.append((origin, n, kept_text))
                self.held_n, self.held_hash = n, entry_hash
                continue
            else:
                self._flag(n, VALUES)
            forks.append((origin, n, entry_hash, body, kept_text))
        if entries:
            self.conn.executemany("INSERT INTO history (origin, n, seq, body, hash) VALUES (?, ?, ?, ?, ?)", entries)
            self.conn.executemany("INSERT INTO history_values (origin, n, fields) VALUES (?, ?, ?)", values)
            self.appended += len(entries)
        if forks:
            self.conn.executemany(
                "INSERT OR IGNORE INTO history_forks (origin, n, hash, body, fields, bundle_id, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", [(*f, self.bundle_id, self.now) for f in forks])
            self.kept_aside += len(forks)

    def finish(self, head_n: int, head_hash: str) -> HistoryCheck:
        """Check the signed head against the chain as held now, and note how far the chain was
        checked (and, the first time, where it broke)."""
        row = (self.conn.execute("SELECT hash FROM history WHERE origin = ? AND n = ?",
                                 (self.origin, head_n)).fetchone() if head_n else (GENESIS,))
        if row is None or row[0] != head_hash:
            self._flag(head_n, HEAD, held=self.held_n)
        broken_at, problem = (self.found[0], canonical_text(self.found[1])) if self.found else (None, "")
        self.conn.execute(
            "INSERT INTO history_checks (origin, checked_through, head_hash, checked_at, broken_at, problem) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET checked_through = excluded.checked_through, "
            "head_hash = excluded.head_hash, checked_at = excluded.checked_at, "
            "problem = CASE WHEN history_checks.broken_at IS NULL THEN excluded.problem ELSE history_checks.problem END, "
            "broken_at = coalesce(history_checks.broken_at, excluded.broken_at)",
            (self.origin, self.held_n, self.held_hash, self.now, broken_at, problem))
        return history_checks_of(self.conn, self.origin)

    @property
    def newly_broken(self) -> bool:
        """Whether this bundle is the one that found the chain broken."""
        return self.found is not None and not self.was_broken


def history_checks_of(conn: sqlite3.Connection, origin: str) -> HistoryCheck:
    row = conn.execute("SELECT origin, checked_through, head_hash, checked_at, broken_at, problem FROM history_checks "
                       "WHERE origin = ?", (origin,)).fetchone()
    if row is None:
        return HistoryCheck(origin, 0, GENESIS, None)
    return HistoryCheck(str(row[0]), int(row[1]), str(row[2]), row[3], row[4], _problem(str(row[5])))
