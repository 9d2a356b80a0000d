"""Rendering one document of a meeting to PDF: the notice, the minutes or the invitation.

These functions take plain records and write a PDF; they neither read nor change the data file
(see :mod:`qcdc_desktop.printing.desk` for that).  The output is deterministic: the same records
give the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ..core.issuers import issuer_header, issuer_of_symbol, party_format, provincial_committee
from ..core.model import Meeting, RegisterEntry, Unit
from ..core.notice import INVITATION, MINUTES, NOTICE, NoticeSettings
from ..core.unit_words import unit_word
from ..core.public import public_meeting
from ..l10n import nd30_date
from .fonts import FontSet, document_fonts
from .layout import PARTY, STATE, Document, Letterhead, Styles, header, title_block
from .notice import notice_story
from .papers import invitation_story, minutes_story

DOC_NAMES = {NOTICE: "Thông báo", MINUTES: "Biên bản", INVITATION: "Giấy mời"}
NBSP = "\u00a0"
_BLANK_NUMBER = "      "  # a draft's number: room to write it by hand


def letterhead(entry: RegisterEntry, unit: Unit, settings: NoticeSettings) -> Letterhead:
    """The header's words for the entry's track: "ỦY BAN NHÂN DÂN / XÃ AN BÌNH", "Số: 05/TB-UBND",
    or on the Party track "ĐẢNG BỘ TỈNH PHÚ THỌ / ĐẢNG ỦY XÃ AN BÌNH / *", "Số 12-TB/ĐU" (at the
    province "TỈNH ỦY PHÚ THỌ / *", "Số 12-TB/TU"; a board of it "TỈNH ỦY PHÚ THỌ / BAN NỘI CHÍNH / *"); the place
    and date, but for the minutes."""
    place, _comma, day = nd30_date(entry.issued_on, entry.place.strip()).rpartition(", ")
    day = day.replace(" ", NBSP)  # a long place wraps; the date stays whole
    date_line = f"{place}, {day}" if place else day[:1].upper() + day[1:]
    if entry.doc_type == MINUTES:  # Mẫu 1.9 has no date line: the minutes say when and where in the body
        date_line = ""
    parent, body = issuer_header(issuer_of_symbol(entry.issuer), unit, settings)
    if party_format(issuer_of_symbol(entry.issuer)):
        number = f"Số {entry.symbol}" if entry.number else f"Số {_BLANK_NUMBER}-{entry.doc_type}/{entry.issuer}"
        return Letterhead(parent.upper(), tuple(line.upper() for line in body), number, date_line, party=True)
    number = f"Số: {entry.symbol}" if entry.number else f"Số: {_BLANK_NUMBER}/{entry.doc_type}-{entry.issuer}"
    return Letterhead(parent.upper(), tuple(line.upper() for line in body), number, date_line)


def issuing_body(entry: RegisterEntry, unit: Unit) -> str:
    """The issuer as a sentence names it: "Ủy ban nhân dân xã An Bình"."""
    if entry.issuer == "TU":
        return f"Ban Thường vụ {provincial_committee(unit)}"
    if entry.issuer == "ĐU":
        return f"Ban Thường vụ Đảng ủy {unit.name[:1].lower()}{unit.name[1:]}"
    return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"


def render_document(meeting: Meeting, entry: RegisterEntry, *, unit: Unit, settings: NoticeSettings,
                    out: str | Path | BinaryIO, invitees: str = "", fonts: FontSet | None = None,
                    public: bool = False) -> int:
    """Write the PDF of ``entry`` (a notice, minutes or invitation of ``meeting``) to ``out``, a
    path or a binary file; return the number of pages.

    ``entry`` may be a draft (``number`` 0, from ``db.register.draft_entry``): the number is then
    left blank.  ``fonts`` defaults to Times New Roman when the system has it, else the shipped
    Liberation Serif.  ``public``: the version posted for the public (``core.public``): citizens by
    their initials and hamlet, no phone numbers, no names in the free texts.
    """
    if public:
        meeting = public_meeting(meeting)
    fonts = fonts or document_fonts()
    party = party_format(issuer_of_symbol(entry.issuer))
    styles = Styles(fonts, PARTY if party else STATE)
    doc_name = DOC_NAMES[entry.doc_type]
    symbol = entry.symbol if entry.number else doc_name
    title = f"{doc_name} {symbol}" if entry.number else doc_name
    doc = Document(str(out) if isinstance(out, Path) else out, margins=settings.margins, fonts=fonts,
                   title=title + (" (bản công khai)" if public else ""), author=unit.name, subject=entry.summary)
    width = doc.width
    story = [header(letterhead(entry, unit, settings), styles, width),
             *title_block(doc_name, entry.summary, styles, width)]
    word = unit_word(unit.name)
    if entry.doc_type == NOTICE:
        story += notice_story(meeting, entry, word, styles, width)
    elif entry.doc_type == MINUTES:
        story += minutes_story(meeting, entry, word, styles, width)
    else:
        story += invitation_story(meeting, entry, issuing_body(entry, unit), styles, width, invitees)
    doc.build(story)
    return doc.page
