"""The documents of one meeting as the register desk works with them, for the desktop and for
``qcdc notice``: what stands in the register, a preview, issuing a number together with its PDF,
correcting an issued document, and writing a PDF to a file.

One rule for every caller: a standing document is printed again as issued unless the meeting
changed after it was issued; then a corrected document is due, under a new number.  A number is
taken and the PDF made in one transaction: when the PDF cannot be made, no number is taken.  A
file is written beside its destination and moved into place, so a reader never sees half a PDF.

Every function here runs on the database worker, a job or the command line, never on the UI
thread.  PDFs travel as bytes so that what the preview shows, what is saved and what is printed
are the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Unpack

from ..core.changes import Changes
from ..core.errors import NoticeError, NotFound, OutputFileError, system_reason
from ..core.model import Meeting, Official, RegisterEntry
from ..core.notice import NOTICE, DocumentChoices, authorities_for, fingerprint
from ..core.wording import short_date
from ..db.connection import Store
from ..db.edit import require_meeting
from ..db.files import check_destination, replaced
from ..db.meetings import get_meeting
from ..db.officials import list_officials
from ..db.register import (
    Issued,
    correct_notice,
    draft_entry,
    get_entry,
    issue_notice,
    live_entry,
    meeting_signer,
    notice_settings,
)
from ..db.units import get_unit
from ..l10n import _
from .batch import file_name

if TYPE_CHECKING:  # reportlab is imported when a document is drawn, not at start-up
    from .fonts import FontSet


def _standing(store: Store, meeting: Meeting, doc_type: str) -> tuple[RegisterEntry | None, bool]:
    """The meeting's standing document of ``doc_type`` (None before issuing) and whether the
    meeting changed after it was issued, so that a correction is due."""
    standing = live_entry(store, meeting.id or "", doc_type)
    return standing, bool(standing and standing.fingerprint
                          and standing.fingerprint != fingerprint(meeting, doc_type, standing.opinions))


def _take_number(store: Store, *, meeting_id: str, doc_type: str, issued_on: dt.date, correct: bool,
                 standing: RegisterEntry | None, **choices: Unpack[DocumentChoices]) -> Issued:
    """Issue the next number, or with ``correct`` a new number replacing ``standing``; inside the
    caller's transaction."""
    if not correct:
        return issue_notice(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on,
                            **choices)
    if standing is None:
        raise NoticeError(_("The meeting has no issued document of this kind to correct."))
    return correct_notice(store, entry_id=standing.id or "", issued_on=issued_on, **choices)


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
    signers: dict[str, str] = field(default_factory=dict)  # who signs in each capacity unless told otherwise


def document_state(store: Store, *, meeting_id: str, doc_type: str = NOTICE,
                   issued_on: dt.date | None = None) -> DocumentState:
    """What the document dialog shows when it opens (or the document kind changes)."""
    meeting = require_meeting(store, meeting_id)
    standing, stale = _standing(store, meeting, doc_type)
    day = issued_on or dt.date.today()  # a number is dated the day it is taken, whatever the document
    draft = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=day)
    officials = [o for o in list_officials(store) if o.track == meeting.track] or list_officials(store)
    settings = notice_settings(store)
    choices = authorities_for(meeting.track)
    return DocumentState(meeting_id, doc_type, meeting.title, meeting.track, standing, stale, draft,
                         [(a.code, a.label) for a in choices], officials,
                         {a.code: meeting_signer(store, meeting, a.code, settings) for a in choices})


def _render(store: Store, entry: RegisterEntry, meeting_id: str, public: bool = False) -> tuple[bytes, int]:
    from .documents import render_document

    buffer = io.BytesIO()
    pages = render_document(require_meeting(store, meeting_id), entry, unit=get_unit(store), settings=notice_settings(store),
                            out=buffer, public=public)
    return buffer.getvalue(), pages


@dataclass(frozen=True)
class RenderedDocument:
    """A PDF in memory and the register entry it shows (``number`` 0 for a draft)."""

    entry: RegisterEntry
    pdf: bytes
    pages: int
    changes: Changes = field(default_factory=Changes)


def preview_document(store: Store, *, meeting_id: str, doc_type: str = NOTICE, issued_on: dt.date,
                     public: bool = False, **choices: Unpack[DocumentChoices]) -> RenderedDocument:
    """The standing document as it was issued; or, before issuing (or when the meeting changed
    after it was issued, so that a correction is due), a draft with the number left blank and the
    choices given (signer, authority, recipients, place, secretary).  ``public``: its version for
    the notice board (``core.public``).  Stores nothing."""
    standing, stale = _standing(store, require_meeting(store, meeting_id), doc_type)
    if standing is not None and not stale:
        entry = standing
    else:
        entry = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on,
                            **choices)
    pdf, pages = _render(store, entry, meeting_id, public)
    return RenderedDocument(entry, pdf, pages)


def issue_document(store: Store, *, meeting_id: str, doc_type: str = NOTICE, issued_on: dt.date,
                   correct: bool = False, **choices: Unpack[DocumentChoices]) -> RenderedDocument:
    """Take the next number (or, with ``correct``, a new number replacing the standing document
    of a meeting changed since) and render the issued PDF, in one transaction: when the PDF cannot
    be made, no number is taken."""
    with store.transaction():
        issued = _take_number(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on, correct=correct,
                              standing=live_entry(store, meeting_id, doc_type), **choices)
        pdf, pages = _render(store, issued.entry, meeting_id)
    return RenderedDocument(issued.entry, pdf, pages, issued.changes)


def word_document(store: Store, *, meeting_id: str, doc_type: str = NOTICE, issued_on: dt.date,
                  public: bool = False, **choices: Unpack[DocumentChoices]) -> bytes:
    """The Word file of the document the preview shows (``preview_document``): the standing
    document with its number and date, or a draft with the number left blank.  Stores nothing."""
    from .word import document_bytes  # python-docx when a Word file is made

    standing, stale = _standing(store, require_meeting(store, meeting_id), doc_type)
    if standing is not None and not stale:
        entry = standing
    else:
        entry = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on, **choices)
    return document_bytes(require_meeting(store, meeting_id), entry, unit=get_unit(store),
                          settings=notice_settings(store), public=public)


def save_pdf(pdf: bytes, out: Path) -> Path:
    """Write ``pdf`` to ``out`` whole: a reader never sees half a PDF, and an old file is replaced
    only by a whole new one."""
    with replaced(Path(out)) as temporary:
        temporary.write_bytes(pdf)
    return Path(out)


def stale_notice(store: Store, *, meeting_id: str) -> RegisterEntry | None:
    """The issued notice of a meeting that changed after it was issued, or None: after a save,
    the editor asks whether to issue a corrected notice."""
    standing, stale = _standing(store, require_meeting(store, meeting_id), NOTICE)
    return standing if stale else None


def notice_documents(store: Store, *, meeting_ids: list[str], issued_on: dt.date) -> Iterator[tuple[str, bytes, int]]:
    """The notice of each meeting, one at a time, for printing a batch: (its name in the print
    queue, its PDF, its pages).  Its issued notice, or a draft dated ``issued_on`` with the number
    left blank.  Stores nothing; only one notice is in memory at a time."""
    for meeting_id in meeting_ids:
        rendered = preview_document(store, meeting_id=meeting_id, doc_type=NOTICE, issued_on=issued_on)
        name = file_name(rendered.entry.symbol if rendered.entry.number else None, meeting_id).removesuffix(".pdf")
        yield name, rendered.pdf, rendered.pages


# ----- the command line's documents: named by id, written to a file

@dataclass(frozen=True)
class Printed:
    """What ``print_document`` did: the entry printed, whether its number was taken just now
    (``issued``) and whether it replaced an earlier document (``corrected``), and the pages."""

    entry: RegisterEntry
    issued: bool
    corrected: bool
    pages: int


def _meeting(store: Store, meeting_id: str) -> Meeting:
    meeting = get_meeting(store, meeting_id)
    if meeting is None:
        raise NotFound(_("There is no meeting with id %(id)s.") % {"id": meeting_id[:60]})
    return meeting


def render_entry(store: Store, *, entry_id: str, out: str | Path | BinaryIO, invitees: str = "",
                 fonts: FontSet | None = None) -> int:
    """Write the PDF of an issued document (as it was issued: number, date, signer, recipients)
    with the meeting's current data; return the number of pages."""
    from .documents import render_document

    entry = get_entry(store, entry_id)
    if entry is None or entry.meeting_id is None:
        raise NotFound(_("There is no register entry with id %(id)s.") % {"id": entry_id[:60]})
    return render_document(_meeting(store, entry.meeting_id), entry, unit=get_unit(store),
                           settings=notice_settings(store), out=out, invitees=invitees, fonts=fonts)


def render_draft(store: Store, *, meeting_id: str, doc_type: str = NOTICE, issued_on: dt.date,
                 out: str | Path | BinaryIO, invitees: str = "", fonts: FontSet | None = None,
                 **choices: Unpack[DocumentChoices]) -> int:
    """Preview: the PDF a document would have, its number left blank; nothing is stored.
    ``choices`` are those of ``db.register.draft_entry`` (signer, authority, recipients, place,
    secretary)."""
    from .documents import render_document

    entry = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on, **choices)
    return render_document(_meeting(store, meeting_id), entry, unit=get_unit(store), settings=notice_settings(store),
                           out=out, invitees=invitees, fonts=fonts)


def print_document(store: Store, *, meeting_id: str, out: Path, doc_type: str = NOTICE, issued_on: dt.date,
                   correct: bool = False, invitees: str = "", fonts: FontSet | None = None,
                   public: bool = False, word: bool = False, **choices: Unpack[DocumentChoices]) -> Printed:
    """Write the meeting's document of ``doc_type`` to ``out`` (``public``: its version for the
    notice board, under the same number; ``word``: as a Word file, its pages then counted as 0).

    Without a standing document one is issued (the next number, dated ``issued_on``).  A standing
    one is printed again as issued, unless the meeting changed since: then ``correct`` issues a
    corrected document under a new number, and without it the request is refused with a sentence.
    ``opinions``: how a new notice gives the opinions (core.notice.SUMMARY or COUNTS; None: the
    usual one); a standing notice prints as it was issued.
    """
    from .documents import render_document

    out = Path(out)
    check_destination(out)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with store.transaction():
            meeting = _meeting(store, meeting_id)
            standing, stale = _standing(store, meeting, doc_type)
            if standing is None or correct:
                outcome = _take_number(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on,
                                       correct=correct, standing=standing, **choices)
                entry, meeting, issued = outcome.entry, outcome.meeting, True
            elif stale:
                raise NoticeError(_("The meeting was changed after %(symbol)s of %(date)s was issued; print a "
                                    "corrected document under a new number (qcdc notice --correct).")
                                  % {"symbol": standing.symbol, "date": short_date(standing.issued_on)})
            else:
                entry, issued = standing, False
            try:
                if word:
                    from .word import write_document

                    write_document(meeting, entry, unit=get_unit(store), settings=notice_settings(store),
                                   out=str(temporary), invitees=invitees, fonts=fonts, public=public)
                    pages = 0
                else:
                    pages = render_document(meeting, entry, unit=get_unit(store), settings=notice_settings(store),
                                            out=str(temporary), invitees=invitees, fonts=fonts, public=public)
            except OSError as exc:
                raise OutputFileError(_("Cannot write %(path)s: %(reason)s")
                                      % {"path": out, "reason": system_reason(exc)}) from None
        try:
            os.replace(temporary, out)
        except OSError as exc:
            raise OutputFileError(_("Document %(symbol)s is issued, but %(path)s cannot be written (%(reason)s); "
                                    "close the file if it is open and print it again.")
                                  % {"symbol": entry.symbol, "path": out, "reason": system_reason(exc)}) from None
    finally:
        temporary.unlink(missing_ok=True)
    return Printed(entry, issued, issued and correct, pages)
