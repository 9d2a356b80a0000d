"""Printing many notices at once (a year's notices for the archive, or to hand to the printer):
one meeting read, rendered and written at a time, so memory stays flat however many there are.

A plain function with progress and a cooperative cancel flag, as long work is in this program;
the desktop runs it as a job with a progress bar.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import OutputFileError, system_reason
from ..core.notice import NOTICE
from ..db.connection import Store
from ..db.meetings import iter_meetings
from ..db.register import draft_entry, live_entry, notice_settings
from ..db.units import get_unit
from ..l10n import _

if TYPE_CHECKING:  # reportlab is imported when a document is drawn, not at start-up
    from .fonts import FontSet


@dataclass
class Batch:
    """What a batch wrote: one file per meeting, in the order asked; how many were drafts
    (no number yet); whether it stopped early because it was cancelled."""

    files: list[Path] = field(default_factory=list)
    drafts: int = 0
    cancelled: bool = False


def file_name(symbol: str | None, meeting_id: str) -> str:
    """"05-TB-UBND.pdf" for an issued notice; "draft-<meeting id>.pdf" for one without a number."""
    if symbol:
        return re.sub(r"[^\w.-]+", "-", symbol) + ".pdf"
    return f"draft-{meeting_id}.pdf"


def render_batch(store: Store, *, meeting_ids: Iterable[str], out_dir: Path, issued_on: dt.date,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None, fonts: FontSet | None = None) -> Batch:
    """Write the notice of each meeting into ``out_dir``: its issued notice, or a draft dated
    ``issued_on`` with the number left blank.  Nothing is stored in the data file."""
    from .documents import render_document
    from .fonts import document_fonts

    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise OutputFileError(_("The folder %(path)s does not exist.") % {"path": out_dir})
    ids = list(meeting_ids)
    unit, settings, fonts = get_unit(store), notice_settings(store), fonts or document_fonts()
    batch = Batch()
    for done, meeting in enumerate(iter_meetings(store, ids), start=1):
        if cancelled is not None and cancelled():
            batch.cancelled = True
            break
        entry = live_entry(store, meeting.id or "", NOTICE)
        if entry is None:
            entry = draft_entry(store, meeting_id=meeting.id or "", issued_on=issued_on)
            batch.drafts += 1
        path = out_dir / file_name(entry.symbol if entry.number else None, meeting.id or "")
        try:
            render_document(meeting, entry, unit=unit, settings=settings, out=path, fonts=fonts)
        except OSError as exc:
            raise OutputFileError(_("Cannot write %(path)s: %(reason)s")
                                  % {"path": path, "reason": system_reason(exc)}) from None
        batch.files.append(path)
        if progress is not None:
            progress(done, len(ids))
    return batch
