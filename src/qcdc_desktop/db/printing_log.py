"""Every printing kept in the office's history: which document, how many pages (and the range
asked), on which printer, the print system's job, and what became of it — an event entry, naming
the signed-in account, like a backup's (the application's log has the same line)."""

from __future__ import annotations

from ..core.roles import Operation
from . import history
from .connection import Store

#: What a printing's entry holds, in that order.
PRINT_FIELDS = ("document", "pages", "ranges", "printer", "job", "state")


def record_printing(store: Store, *, document: str, pages: int, printer: str, ranges: str = "", job: str = "",
                    state: str = "sent") -> None:
    """One history entry for a printing (``state``: "sent", then "printed", "failed" or
    "cancelled" when the print system says so); nothing on a file opened read-only."""
    store.require(Operation.PRINT)
    if store.readonly or not store.keeps_history:
        return
    values = {"document": document, "pages": int(pages), "ranges": ranges, "printer": printer, "job": job,
              "state": state}
    with store.transaction() as conn:
        history.note_event(conn, "print", document, {k: v for k, v in values.items() if v != ""})
