"""A bulk write's history sealed batch by batch, inside its one transaction.

The triggers note every change in ``history_pending`` (db/schema_history.py) and the notes are
sealed into entries before the commit.  A write of 150,000 records piled up 40 MB of notes that
were written to pages, freed and overwritten in the same transaction, and left the file 40 MB
larger; the demo of 2,000 meetings built in 7.9 s, and in 5.3 s with its notes sealed after
each batch (docs/performance.md, "Bulk writes at a million").

Inside :func:`sealed_batch_by_batch`, ``seal_batch()`` seals the notes so far; on leaving, the
rest is sealed.  Every entry takes the group and the time of the first, as the entries of one
transaction do.  The search notes are handed to the indexes at the same moments.  A batch that
deleted a record or cancelled a document keeps its notes for the end, where the reason goes with
those entries only.  For writes that touch each record once (the demo, a register's import, the
retention): a record changed again after its batch was sealed would get a second entry in the
same group, its net change since.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from . import history
from .connection import Store
from .search_index import flush_search


@contextmanager
def sealed_batch_by_batch(store: Store, reason: str = "", *,
                          values_erased: bool = False) -> Iterator[Callable[[], None]]:
    """Inside ``store``'s open transaction: a function sealing the notes written so far (call it
    after each batch); the rest sealed on leaving, with ``reason`` (else the transaction's).
    ``values_erased``: the entries' personal values stored erased from the start (an erasure's
    own entries, whose values before are what it erases: they never reach the file's pages)."""
    group: tuple[int, str] | None = None

    def seal(*, last: bool) -> None:
        nonlocal group
        if not store.keeps_history or (not last and history.reason_asked(store.conn)):
            flush_search(store.conn)  # the search indexes follow every batch all the same
            return
        if group is None:
            group = history.next_group(store.conn)
        store.seal_history(reason, at=group[1], group=group[0], values_erased=values_erased)

    yield lambda: seal(last=False)
    seal(last=True)
