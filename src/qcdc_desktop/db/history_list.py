"""The History place's list (docs/history.md): the entries a filter selects, newest first, read
the way the record lists are (db/lists.py) so that a million entries scroll as fast as ten.

The first page is read at once, within a budget of work (a rare kind of record among a million
entries would otherwise have SQLite walk the whole index on the UI thread); then the keys of every
entry the filter selects, (office, number), are read in the background into a compact array; the
entries on screen are read by their keys, a page at a time.  The order walks the ``history_at``
index backwards: newest first, and among entries of the same second the later one first.

Reading the whole history is for the administrator and the leader (``read_history``); a record's
own history for whoever reads the record.  A viewer sees phone numbers masked.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Cancelled
from ..core.history import Entry, read_entry
from ..core.roles import Operation
from . import cipher
from .connection import Store, open_store
from .history import origins
from .history_entries import Filter
from .history_read import _shown as shown  # the masking a reader of the history gets, kept in one place

FIRST_PAGE = 200
BATCH = 20_000
FIRST_PAGE_BUDGET = 200
"""Progress-handler calls (each 1,000 SQLite steps) the first page may take on the UI thread."""
ORDER = "h.at DESC, h.origin DESC, h.n DESC"
_SHIFT = 40  # a key is (index of the office << 40) | the entry's number


@dataclass
class HistoryKeys:
    """The keys of the entries a filter selects, in list order: ``origins`` names the offices,
    each key packs an office's index and an entry's number."""

    origins: list[str] = field(default_factory=list)
    keys: array[int] = field(default_factory=lambda: array("q"))
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.keys)

    def key(self, row: int) -> tuple[str, int]:
        packed = self.keys[row]
        return self.origins[packed >> _SHIFT], packed & ((1 << _SHIFT) - 1)

    def pack(self, origin: str, n: int) -> int:
        if origin not in self._index:
            self._index[origin] = len(self.origins)
            self.origins.append(origin)
        return (self._index[origin] << _SHIFT) | n

    def __post_init__(self) -> None:
        self._index = {origin: i for i, origin in enumerate(self.origins)}

    def packed(self, pairs: Iterable[tuple[str, int]]) -> array[int]:
        return array("q", (self.pack(origin, n) for origin, n in pairs))

    def same_entries(self, other: "HistoryKeys") -> bool:
        return self.origins == other.origins and self.keys == other.keys


def _require(store: Store, where: Filter) -> None:
    store.require(Operation.READ if where.record else Operation.READ_HISTORY)


def _select(where: Filter) -> tuple[str, list[object]]:
    clause, args = where.where()
    return f"SELECT h.origin, h.n FROM history h{clause} ORDER BY {ORDER}", args


def first_keys(store: Store, where: Filter, limit: int = FIRST_PAGE,
               budget: int = FIRST_PAGE_BUDGET) -> list[tuple[str, int]] | None:
    """The keys of the first ``limit`` entries, or None when finding them would take more than
    ``budget`` (the background load then finds them)."""
    _require(store, where)
    sql, args = _select(where)
    spent = [0]

    def tick() -> int:
        spent[0] += 1
        return 1 if spent[0] > budget else 0

    store.conn.set_progress_handler(tick, 1000)
    try:
        return [(str(o), int(n)) for o, n in store.conn.execute(sql + " LIMIT ?", [*args, limit])]
    except cipher.OperationalError as exc:
        if spent[0] > budget and "interrupt" in str(exc):
            return None
        raise
    finally:
        store.conn.set_progress_handler(None, 0)


def all_keys(store: Store, where: Filter, *, cancelled: Callable[[], bool] | None = None,
             progress: Callable[[int, int], None] | None = None) -> HistoryKeys:
    """Every key the filter selects, in list order.  ``cancelled`` is asked between batches and
    while SQLite works; :class:`~qcdc_desktop.core.errors.Cancelled` then."""
    _require(store, where)
    sql, args = _select(where)
    found = HistoryKeys()
    if cancelled is not None:
        store.conn.set_progress_handler(lambda: 1 if cancelled() else 0, 10_000)
    try:
        cursor = store.conn.execute(sql, args)
        while rows := cursor.fetchmany(BATCH):
            found.keys.extend(found.packed(rows))
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(len(found.keys), 0)
    except cipher.OperationalError as exc:
        if cancelled is not None and cancelled() and "interrupt" in str(exc):
            raise Cancelled() from None
        raise
    finally:
        if cancelled is not None:
            store.conn.set_progress_handler(None, 0)
    return found


def load_keys(path: Path, where: Filter, *, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> HistoryKeys:
    """:func:`all_keys` on a read-only connection of its own: the background load of the list."""
    with open_store(path, readonly=True, check=False, upgrade=False) as store:
        return all_keys(store, where, cancelled=cancelled, progress=progress)


def entries_by_keys(store: Store, keys: Sequence[tuple[str, int]], *, record: str | None = None
                    ) -> dict[tuple[str, int], Entry]:
    """The entries of ``keys`` with their kept values (a page of the list).  Keys no longer
    there are absent.  ``record``: the keys are of that record's history (its own panel)."""
    _require(store, Filter(record=record))
    by_origin: dict[str, list[int]] = {}
    for origin, n in keys:
        by_origin.setdefault(origin, []).append(n)
    found: dict[tuple[str, int], Entry] = {}
    for origin, numbers in by_origin.items():
        for start in range(0, len(numbers), 500):
            chunk = numbers[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = store.conn.execute(
                f"SELECT h.n, h.body, v.fields FROM history h LEFT JOIN history_values v "
                f"ON v.origin = h.origin AND v.n = h.n WHERE h.origin = ? AND h.n IN ({marks})", [origin, *chunk])
            for n, body, values in rows:
                found[(origin, int(n))] = shown(store, read_entry(body, values))
    return found


def history_users(store: Store) -> list[tuple[str, str]]:
    """The accounts that appear in the history, (login, the full name of their latest entry), by
    name (a filter's choices).  One step along the ``(by, at)`` index per account, not a reading
    of every entry: a million entries by five people take five steps."""
    store.require(Operation.READ_HISTORY)
    found: list[tuple[str, str]] = []
    login = ""
    while True:
        row = store.conn.execute("SELECT by FROM history WHERE by > ? ORDER BY by LIMIT 1", (login,)).fetchone()
        if row is None:
            break
        login = str(row[0])
        (name,) = store.conn.execute("SELECT json_extract(body, '$.by_name') FROM history WHERE by = ? "
                                     "ORDER BY at DESC LIMIT 1", (login,)).fetchone()
        found.append((login, str(name or "")))
    return sorted(found, key=lambda r: (r[1], r[0]))


def history_origins(store: Store) -> list[str]:
    """The offices whose entries are kept here: this office, and at the upper level its communes."""
    store.require(Operation.READ_HISTORY)
    return origins(store.conn)
