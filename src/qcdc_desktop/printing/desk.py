"""The documents of one meeting as the desktop works with them: what stands in the register, a
preview in memory, issuing a number together with its PDF, and saving a PDF to a file.

Every function here runs on the database worker or a job, never on the UI thread.  PDFs travel
as bytes so that what the preview shows, what is saved and what is printed are the same file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Unpack

from ..core.changes import Changes
from ..core.errors import NoticeError
from ..core.model import Official, RegisterEntry
from ..core.notice import NOTICE, DocumentChoices, authorities_for, fingerprint
from ..db.connection import Store
from ..db.officials import list_officials
from ..db.register import correct_notice, draft_entry, issue_notice, live_entry, notice_settings
from ..db.units import get_unit
from ..l10n import _
from .batch import file_name
from .documents import render_document
from ..db.edit import require_meeting
from ..db.files import replaced


@dataclass(frozen=True)
class DocumentState:
    """Where a meeting's document of one kind stands: the standing register entry (None before
    issuing), whether the meeting changed since it was issued (``stale``), the entry a new number
    would get with the office's defaults (``draft``), the track's signature choices and the
    officials who may sign."""

    meeting_id: str
    doc_type: str
    title: str
    track: str
    standing: RegisterEntry | None
    stale: bool
    draft: RegisterEntry
    authorities: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    officials: list[Official] = field(default_factory=list)


def document_state(store: Store, *, meeting_id: str, doc_type: str = NOTICE,
                   issued_on: dt.date | None = None) -> DocumentState:
    """What the document dialog shows when it opens (or the document kind changes)."""
    meeting = require_meeting(store, meeting_id)
    standing = live_entry(store, meeting_id, doc_type)
    stale = bool(standing and standing.fingerprint and standing.fingerprint != fingerprint(meeting, doc_type))
    day = issued_on or (meeting.held_on if doc_type == "BB" else dt.date.today())
    draft = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=day)
    officials = [o for o in list_officials(store) if o.track == meeting.track] or list_officials(store)
    return DocumentState(meeting_id, doc_type, meeting.title, meeting.track, standing, stale, draft,
                         [(a.code, a.label) for a in authorities_for(meeting.track)], officials)


def _render(store: Store, entry: RegisterEntry, meeting_id: str) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    pages = render_document(require_meeting(store, meeting_id), entry, unit=get_unit(store), settings=notice_settings(store),
                            out=buffer)
    return buffer.getvalue(), pages


@dataclass(frozen=True)
class RenderedDocument:
    """A PDF in memory and the register entry it shows (``number`` 0 for a draft)."""

    entry: RegisterEntry
    pdf: bytes
    pages: int
    changes: Changes = field(default_factory=Changes)


def preview_document(store: Store, *, meeting_id: str, doc_type: str = NOTICE, issued_on: dt.date,
                     **choices: Unpack[DocumentChoices]) -> RenderedDocument:
    """The standing document as it was issued; or, before issuing (or when the meeting changed
    after it was issued, so that a correction is due), a draft with the number left blank and the
    choices given (signer, authority, recipients, place, secretary).  Stores nothing."""
    standing = live_entry(store, meeting_id, doc_type)
    if standing is not None and not (standing.fingerprint and standing.fingerprint != fingerprint(
            require_meeting(store, meeting_id), doc_type)):
        entry = standing
    else:
        entry = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on,
                            **choices)
    pdf, pages = _render(store, entry, meeting_id)
    return RenderedDocument(entry, pdf, pages)


def issue_document(store: Store, *, meeting_id: str, doc_type: str = NOTICE, issued_on: dt.date,
                   correct: bool = False, **choices: Unpack[DocumentChoices]) -> RenderedDocument:
    """Take the next number (or, with ``correct``, a new number replacing the standing document
    of a meeting changed since) and render the issued PDF, in one transaction: when the PDF cannot
    be made, no number is taken."""
    with store.transaction():
        standing = live_entry(store, meeting_id, doc_type)
        if correct:
            if standing is None:
                raise NoticeError(_("The meeting has no issued document of this kind to correct."))
            issued = correct_notice(store, entry_id=standing.id or "", issued_on=issued_on,
                                    **choices)
        else:
            issued = issue_notice(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on,
                                  **choices)
        pdf, pages = _render(store, issued.entry, meeting_id)
    return RenderedDocument(issued.entry, pdf, pages, issued.changes)


def save_pdf(pdf: bytes, out: Path) -> Path:
    """Write ``pdf`` to ``out`` whole: a reader never sees half a PDF, and an old file is replaced
    only by a whole new one."""
    with replaced(Path(out)) as temporary:
        temporary.write_bytes(pdf)
    return Path(out)


def stale_notice(store: Store, *, meeting_id: str) -> RegisterEntry | None:
    """The issued notice of a meeting that changed after it was issued, or None: after a save,
    the editor asks whether to issue a corrected notice."""
    meeting = require_meeting(store, meeting_id)
    standing = live_entry(store, meeting_id, NOTICE)
    if standing and standing.fingerprint and standing.fingerprint != fingerprint(meeting, NOTICE):
        return standing
    return None


def notice_documents(store: Store, *, meeting_ids: list[str], issued_on: dt.date) -> Iterator[tuple[str, bytes, int]]:
    """The notice of each meeting, one at a time, for printing a batch: (its name in the print
    queue, its PDF, its pages).  Its issued notice, or a draft dated ``issued_on`` with the number
    left blank.  Stores nothing; only one notice is in memory at a time."""
    for meeting_id in meeting_ids:
        rendered = preview_document(store, meeting_id=meeting_id, doc_type=NOTICE, issued_on=issued_on)
        name = file_name(rendered.entry.symbol if rendered.entry.number else None, meeting_id).removesuffix(".pdf")
        yield name, rendered.pdf, rendered.pages
