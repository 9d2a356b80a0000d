"""Adding the meetings of a previewed register import: only once the clerk confirmed, all in
one transaction, leaving out meetings already in the data file (same date, name and place), so
that importing the same register twice adds nothing the second time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.changes import Changes
from ..core.errors import Cancelled, QcdcError
from ..core.ids import IdMaker
from ..core.register_import import RegisterPreview
from ..core.text import nfc
from ..l10n import _, ngettext
from .connection import Store
from .meetings import insert_meetings

BATCH = 200  # meetings inserted between two looks at the Cancel button


@dataclass(frozen=True)
class RegisterImported:
    """What an import did: the changes, meetings and opinions added, meetings already there."""

    changes: Changes
    meetings: int
    opinions: int
    already_there: int


def import_register(store: Store, *, preview: RegisterPreview, confirmed: bool, skip_invalid: bool = False,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> RegisterImported:
    """Add the previewed meetings in one transaction: all of them or, on any error or Cancel,
    none.  Refused unless ``confirmed``; refused while rows have problems unless
    ``skip_invalid`` (then only the valid meetings are added)."""
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
    added = opinions = already = 0
    total = len(preview.meetings)
    with store.transaction() as conn:
        existing = {tuple(r) for r in conn.execute("SELECT held_on, title, place FROM meetings WHERE origin = ?",
                                                   (origin,))}
        batch = []
        for done, item in enumerate(preview.meetings, start=1):
            m = item.meeting
            key = (m.held_on.isoformat(), nfc(m.title), nfc(m.place))
            if key in existing:
                already += 1
            else:
                existing.add(key)
                batch.append(m)
            if len(batch) >= BATCH or done == total:
                if cancelled is not None and cancelled():
                    raise Cancelled()  # the transaction rolls back: nothing of this import stays
                changes.merge(insert_meetings(conn, batch, origin=origin, make_id=make_id))
                added += len(batch)
                opinions += sum(len(x.opinions) for x in batch)
                batch = []
                if progress is not None:
                    progress(done, total)
    return RegisterImported(changes, added, opinions, already)
