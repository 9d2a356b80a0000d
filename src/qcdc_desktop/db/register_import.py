"""Adding the meetings of a previewed register import: only once the clerk confirmed, all in
one transaction, leaving out meetings already in the data file (same date, kind, name, place and
chair), so that importing the same register twice adds nothing the second time.  The mapping
used is kept in the data file's settings under the layout's signature, and offered again when a
register of the same layout is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.changes import Changes
from ..core.roles import Operation
from ..core.errors import Cancelled, QcdcError
from ..core.ids import IdMaker
from ..core.register_import import ColumnMapping, RegisterPreview
from ..core.serialize import canonical_json, loads_strict
from ..core.settings import REGISTER_MAPPING
from ..core.text import nfc
from ..l10n import _, ngettext
from . import history
from .batch_seal import sealed_batch_by_batch
from .connection import Store
from .meetings import insert_meetings
from .settings import read_if_set, write_setting

BATCH = 200  # meetings inserted between two looks at the Cancel button...
BATCH_RECORDS = 400  # ...or fewer, once their opinions and tasks reach this (Cancel answers within a blink)


def saved_mapping(store: Store, signature: str) -> ColumnMapping | None:
    """The mapping last used for registers of this layout, or None (or when it no longer reads)."""
    text = read_if_set(store, REGISTER_MAPPING(layout=signature))
    if text is None:
        return None
    try:
        return ColumnMapping.from_json(loads_strict(text))
    except QcdcError:
        return None


@dataclass(frozen=True)
class RegisterImported:
    """What an import did: the changes, meetings and opinions added, meetings already there."""

    changes: Changes
    meetings: int
    opinions: int
    already_there: int
    tasks: int = 0


def import_register(store: Store, *, preview: RegisterPreview, confirmed: bool, skip_invalid: bool = False,
                    layout: tuple[str, ColumnMapping] | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> RegisterImported:
    """Add the previewed meetings in one transaction: all of them or, on any error or Cancel,
    none.  Refused unless ``confirmed``; refused while rows have problems unless
    ``skip_invalid`` (then the rows with problems are left out).  ``layout`` (signature, mapping)
    is remembered in the same transaction."""
    store.require(Operation.IMPORT_REGISTER)
    if not confirmed:
        raise QcdcError(_("The import was not confirmed; nothing was added."))
    if preview.problems and not skip_invalid:
        raise QcdcError(ngettext("%(n)d row of the register has a problem; correct it or leave the invalid rows "
                                 "out. Nothing was added.",
                                 "%(n)d rows of the register have problems; correct them or leave the invalid rows "
                                 "out. Nothing was added.", len({p.row for p in preview.problems}))
                        % {"n": len({p.row for p in preview.problems})})
    origin = store.origin
    make_id = IdMaker(origin)
    changes = Changes()
    added = opinions = tasks = already = 0
    total = len(preview.meetings)
    with store.transaction() as conn, sealed_batch_by_batch(store) as seal_batch:
        existing = {tuple(r) for r in conn.execute("SELECT held_on, kind, title, place, chair FROM meetings "
                                                   "WHERE origin = ?", (origin,))}
        batch = []
        records = 0
        for done, item in enumerate(preview.meetings, start=1):
            m = item.meeting
            key = (m.held_on.isoformat(), m.kind, nfc(m.title), nfc(m.place), nfc(m.chair))
            if key in existing:
                already += 1
            else:
                existing.add(key)
                batch.append(m)
                records += 1 + len(m.opinions) + len(m.conclusions)
            if len(batch) >= BATCH or records >= BATCH_RECORDS or done == total:
                if cancelled is not None and cancelled():
                    raise Cancelled()  # the transaction rolls back: nothing of this import stays
                changes.merge(insert_meetings(conn, batch, origin=origin, make_id=make_id))
                seal_batch()
                added += len(batch)
                opinions += sum(len(x.opinions) for x in batch)
                tasks += sum(len(x.conclusions) for x in batch)
                batch, records = [], 0
                if progress is not None:
                    progress(done, total)
        history.note_event(conn, "register_import", f"{added}-{opinions}-{tasks}", {
            "meetings": added, "opinions": opinions, "tasks": tasks, "already_there": already,
            "rows_read": preview.rows_read, "rows_left_out": len({p.row for p in preview.problems})})
        if layout is not None:
            signature, mapping = layout
            write_setting(conn, REGISTER_MAPPING(layout=signature), canonical_json(mapping.to_json()))
            changes.settings = True
    return RegisterImported(changes, added, opinions, already, tasks)
