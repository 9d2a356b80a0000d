"""The results sheet from the data file, for the document dialog and ``qcdc results``: of one
meeting (signed as its notice would be) or of the meetings held in a period.

The sheet takes no number from the register: it is posted beside the notice, not registered.
Stores nothing.  Runs on the database worker or the command line, never on the UI thread; a file
is written whole or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from ..core.errors import NoticeError
from ..core.model import Meeting, RegisterEntry
from ..core.notice import NOTICE, DocumentChoices, clean_recipients
from ..core.unit_words import (is_upper_word, party_committee, party_office, party_units, posting_places, state_filing,
                               unit_word)
from ..core.results import Results, gather, meeting_summary, period_summary
from ..core.statistics import Period
from ..core.wording import short_date
from ..db.connection import Store
from ..db.edit import require_meeting
from ..db.files import check_destination, replaced
from ..db.meetings import meetings_held
from ..db.register import draft_entry, notice_settings
from ..db.units import get_unit
from ..l10n import _
from .desk import DocumentState, RenderedDocument, document_state

if TYPE_CHECKING:  # reportlab is imported when a document is drawn, not at start-up
    from .fonts import FontSet


def results_recipients(unit_name: str, track: str = "state") -> list[str]:
    """Whom the sheet goes to: those who watch over the answers, the hamlets that post it."""
    word = unit_word(unit_name)
    if track == "party":
        return [f"Các đồng chí Ủy viên Ban Chấp hành Đảng bộ {word}", f"Ủy ban Mặt trận Tổ quốc Việt Nam {word}",
                f"{party_units(word)} (để niêm yết)", f"Lưu {party_office(word)}"]
    committee = party_committee(word) if is_upper_word(word) else "Đảng ủy"  # "Đảng ủy, … Hội đồng nhân dân xã"
    return [f"Thường trực {committee}, Thường trực Hội đồng nhân dân {word} (để báo cáo)",
            f"Ủy ban Mặt trận Tổ quốc Việt Nam {word}",
            f"{posting_places(word)} (để niêm yết)", state_filing(word)]


def _entry(store: Store, meeting: Meeting, summary: str, issued_on: dt.date,
           **choices: Unpack[DocumentChoices]) -> RegisterEntry:
    """Who signs the sheet and where it is dated: as the meeting's notice would be."""
    recipients = choices.pop("recipients", None)
    entry = draft_entry(store, meeting_id=meeting.id or "", doc_type=NOTICE, issued_on=issued_on, **choices)
    unit = get_unit(store)
    return dataclasses.replace(entry, summary=summary, recipients=clean_recipients(
        recipients if recipients is not None else results_recipients(unit.name, meeting.track)))


def _render(store: Store, results: Results, entry: RegisterEntry, out: str | io.BytesIO,
            fonts: FontSet | None = None) -> int:
    from .results import render_results

    return render_results(results, entry, unit=get_unit(store), settings=notice_settings(store), out=out,
                          fonts=fonts)


def meeting_results(store: Store, *, meeting_id: str, issued_on: dt.date,
                    **choices: Unpack[DocumentChoices]) -> tuple[Results, RegisterEntry]:
    """The public sheet of one meeting, judged on ``issued_on``, and how it is signed."""
    meeting = require_meeting(store, meeting_id)
    if meeting.status == "planned":
        raise NoticeError(_("The meeting of %(date)s is only planned; it has no results yet.")
                          % {"date": short_date(meeting.held_on)})
    return gather([meeting], issued_on), _entry(store, meeting, meeting_summary(meeting), issued_on, **choices)


def period_results(store: Store, *, period: Period, issued_on: dt.date,
                   **choices: Unpack[DocumentChoices]) -> tuple[Results, RegisterEntry]:
    """The public sheet of the meetings held in ``period``, judged on ``issued_on``; signed as the
    notice of the last meeting of the People's Committee among them would be (of the last meeting
    when the Party committee held them all)."""
    meetings = meetings_held(store, period.start, period.end)
    if not meetings:
        raise NoticeError(_("No meeting was held from %(start)s to %(end)s.")
                          % {"start": short_date(period.start), "end": short_date(period.end)})
    signing = next((m for m in reversed(meetings) if m.track == "state"), meetings[-1])
    return gather(meetings, issued_on), _entry(store, signing, period_summary(period), issued_on, **choices)


def results_state(store: Store, *, meeting_id: str, issued_on: dt.date | None = None) -> DocumentState:
    """What the document dialog shows for the results sheet of a meeting: the signature choices of
    its notice, and a draft dated ``issued_on`` (default today) with the sheet's recipients."""
    state = document_state(store, meeting_id=meeting_id, doc_type=NOTICE)
    meeting = require_meeting(store, meeting_id)
    entry = _entry(store, meeting, meeting_summary(meeting), issued_on or dt.date.today())
    return dataclasses.replace(state, standing=None, stale=False, draft=entry)


def preview_results(store: Store, *, meeting_id: str, issued_on: dt.date,
                    **choices: Unpack[DocumentChoices]) -> RenderedDocument:
    """The public results sheet of one meeting as a PDF in memory, for the document dialog."""
    results, entry = meeting_results(store, meeting_id=meeting_id, issued_on=issued_on, **choices)
    buffer = io.BytesIO()
    pages = _render(store, results, entry, buffer)
    return RenderedDocument(entry, buffer.getvalue(), pages)


def write_results(store: Store, results: Results, entry: RegisterEntry, out: Path,
                  fonts: FontSet | None = None) -> int:
    """Write a sheet to ``out`` whole; return its pages."""
    check_destination(out)
    with replaced(Path(out)) as temporary:
        return _render(store, results, entry, str(temporary), fonts)
