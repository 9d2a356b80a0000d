"""Reading the office's history as a signed-in account (docs/history.md, docs/roles.md): the
history of one record (its History panel) is read by anyone who reads the record; the whole
history, filtered by person, period and kind (the History place, its exports, ``qcdc history``)
by an administrator or a leader.  A viewer sees phone numbers masked, here as in the lists."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.history import ERASED, Entry
from ..core.roles import Operation, allowed, mask_phone
from .connection import Store
from .history import Verdict, verify
from .history_entries import Filter, count, entries, iter_entries


def _may_read(store: Store, where: Filter) -> None:
    store.require(Operation.READ if where.record else Operation.READ_HISTORY)


def _shown(store: Store, entry: Entry) -> Entry:
    if "phone" in entry.fields and (store.user is None or not allowed(store.user.role, Operation.SEE_PHONE_NUMBERS)):
        before, after = entry.fields["phone"]
        entry.fields["phone"] = (_masked(before), _masked(after))
    return entry


def _masked(value: object) -> object:
    return value if value is None or value == ERASED else mask_phone(str(value))


def history_count(store: Store, where: Filter) -> int:
    _may_read(store, where)
    return count(store.conn, where)


def history_page(store: Store, where: Filter, *, offset: int, limit: int) -> list[Entry]:
    """One page of the entries ``where`` selects, newest first."""
    _may_read(store, where)
    return [_shown(store, e) for e in entries(store.conn, where, offset=offset, limit=limit)]


def history_of(store: Store, record_id: str) -> list[Entry]:
    """Every entry of a record (for a meeting, also of everything under it), oldest first."""
    where = Filter(record=record_id)
    _may_read(store, where)
    return [_shown(store, e) for e in iter_entries(store.conn, where)]


def iter_history(store: Store, where: Filter) -> Iterator[Entry]:
    """Every entry ``where`` selects, oldest first, one at a time (exports)."""
    _may_read(store, where)
    for entry in iter_entries(store.conn, where):
        yield _shown(store, entry)


def verify_history(store: Store, origin: str | None = None) -> Verdict:
    """The check of this office's chain (or, at the upper level, of a commune's as it arrived)."""
    store.require(Operation.CHECK_FILE)
    own = store.origin
    return verify(store.conn, origin or own, own=(origin or own) == own)
