"""Printing documents from the data file: a preview without a number, the PDF of an issued
document, and the whole "issue if needed, then print" step of ``qcdc notice``.

A number is taken and the PDF written in one transaction: when the PDF cannot be made, the number
is not taken.  The file is written beside its destination and moved into place, so a reader never
sees half a PDF.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Unpack

from ..core.errors import NoticeError, NotFound, OutputFileError
from ..core.model import Meeting, RegisterEntry
from ..core.notice import NOTICE, DocumentChoices, fingerprint
from ..core.wording import short_date
from ..db.connection import Store
from ..db.files import check_destination
from ..db.meetings import get_meeting
from ..db.register import correct_notice, draft_entry, get_entry, issue_notice, live_entry, notice_settings
from ..db.units import get_unit
from ..l10n import _
from .documents import render_document
from .fonts import FontSet


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
    entry = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on, **choices)
    return render_document(_meeting(store, meeting_id), entry, unit=get_unit(store), settings=notice_settings(store),
                           out=out, invitees=invitees, fonts=fonts)


def print_document(store: Store, *, meeting_id: str, out: Path, doc_type: str = NOTICE, issued_on: dt.date,
                   correct: bool = False, invitees: str = "", fonts: FontSet | None = None) -> Printed:
    """Write the meeting's document of ``doc_type`` to ``out``.

    Without a standing document one is issued (the next number, dated ``issued_on``).  A standing
    one is printed again as issued, unless the meeting changed since: then ``correct`` issues a
    corrected document under a new number, and without it the request is refused with a sentence.
    """
    out = Path(out)
    check_destination(out)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with store.transaction():
            meeting = _meeting(store, meeting_id)
            standing = live_entry(store, meeting_id, doc_type)
            issued = corrected = False
            if standing is None:
                if correct:
                    raise NoticeError(_("The meeting has no issued document of this kind to correct."))
                outcome = issue_notice(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=issued_on)
                entry, meeting, issued = outcome.entry, outcome.meeting, True
            elif correct:
                outcome = correct_notice(store, entry_id=standing.id or "", issued_on=issued_on)
                entry, meeting, issued, corrected = outcome.entry, outcome.meeting, True, True
            else:
                if standing.fingerprint and standing.fingerprint != fingerprint(meeting, doc_type):
                    raise NoticeError(_("The meeting was changed after %(symbol)s of %(date)s was issued; print a "
                                        "corrected document under a new number (qcdc notice --correct).")
                                      % {"symbol": standing.symbol, "date": short_date(standing.issued_on)})
                entry = standing
            try:
                pages = render_document(meeting, entry, unit=get_unit(store), settings=notice_settings(store),
                                        out=str(temporary), invitees=invitees, fonts=fonts)
            except OSError as exc:
                raise OutputFileError(_("Cannot write %(path)s: %(reason)s")
                                      % {"path": out, "reason": exc.strerror or exc}) from None
        try:
            os.replace(temporary, out)
        except OSError as exc:
            raise OutputFileError(_("Document %(symbol)s is issued, but %(path)s cannot be written (%(reason)s); "
                                    "close the file if it is open and print it again.")
                                  % {"symbol": entry.symbol, "path": out, "reason": exc.strerror or exc}) from None
    finally:
        temporary.unlink(missing_ok=True)
    return Printed(entry, issued, corrected, pages)
