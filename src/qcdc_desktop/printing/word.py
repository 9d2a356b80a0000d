"""The documents as Word files (.docx), for an office that adjusts the wording before the
chairman signs: the conclusion notice (state and Party tracks), the minutes, the invitation and
the period's report, in the layout of their PDF (Decree 30/2020; Hướng dẫn 36 on the Party track).

Nothing is worded here: the texts come from the functions the PDF is made from
(``notice.notice_parts``, ``papers.minutes_parts`` and ``invitation_parts``, ``core.report_tables``),
and so do the header's and tables' measures and the paragraph styles (``layout.Styles``).  The
PDF stays the document of record; the number and date are the register's, as on the PDF.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from docx.document import Document as DocxDocument
from reportlab.lib.units import mm

from ..core.model import Meeting, RegisterEntry, Unit, party_symbol
from ..core.notice import AUTHORITIES, MINUTES, NOTICE, NoticeSettings
from ..core.unit_words import unit_word
from ..core.public import public_meeting
from .documents import DOC_NAMES, issuing_body, letterhead
from .fonts import FontSet, document_fonts
from .layout import (
    PARTY,
    STATE,
    Letterhead,
    Styles,
    balanced,
    header_plan,
    summary_rule,
    text,
)
from .notice import notice_parts, signature_lines
from .papers import invitation_parts, minutes_parts, minutes_signatures
from .word_parts import (
    Container,
    add_rule,
    add_space,
    add_styled,
    add_table,
    keep_rows,
    new_page,
    valign,
)

FIRST_LINE = 4.0  # points: the header's first lines lowered to where the PDF has them (word_parts.TOP_SHIFT)
FOOTER_SPACE = 10  # the PDF's padding over the footer


def _width(doc: DocxDocument) -> float:
    section = doc.sections[0]
    page, left, right = section.page_width or 0, section.left_margin or 0, section.right_margin or 0
    return float((page - left - right) / 12700)  # EMU to points


def add_header(doc: DocxDocument, head: Letterhead, styles: Styles) -> None:
    """The two-column header: issuing body and its rule (or the Party's star) over the number on
    the left; the national title, motto and rule over the place and date on the right."""
    plan = header_plan(head, styles.fonts, styles.profile, _width(doc))
    fonts = styles.fonts
    table = add_table(doc, 2, [plan.left_width, plan.right_width])
    left, right = table.cell(0, 0), table.cell(0, 1)
    if head.parent:
        add_styled(left, text(head.parent.upper()), styles.parent, fonts, space_before=FIRST_LINE)
    for index, line in enumerate(head.body):
        add_styled(left, text(line.upper()), styles.body_name, fonts,
                   space_before=FIRST_LINE if index == 0 and not head.parent else None)
    if head.party:
        add_styled(left, "*", styles.body_name, fonts)
    else:
        add_rule(left, plan.left_rule, plan.left_width)
    add_styled(right, text(plan.title), styles.national(plan.title_size), fonts, space_before=FIRST_LINE)
    if plan.motto:
        add_styled(right, text(plan.motto), styles.motto, fonts)
    add_rule(right, plan.right_rule, plan.right_width)
    number, date = table.cell(1, 0), table.cell(1, 1)
    add_styled(number, text(head.number), styles.number, fonts, space_before=8)
    add_styled(date, text(head.date_line), styles.date, fonts, space_before=8)
    for cell in (number, date):
        valign(cell, "bottom")


def add_title(doc: DocxDocument, doc_name: str, summary: str, styles: Styles) -> None:
    """The document's name, its summary line broken as in the PDF, and the short rule."""
    width = _width(doc)
    add_styled(doc, text(doc_name.upper()), styles.doc_name, styles.fonts, space_before=16)
    if summary:
        add_styled(doc, balanced(summary, styles.fonts.bold, styles.summary.fontSize, width), styles.summary,
                   styles.fonts)
        add_rule(doc, summary_rule(summary, styles, width), width)
    add_space(doc, 14)


def add_recipients(cell: Container, recipients: list[str], styles: Styles, first_space: float) -> None:
    """"Nơi nhận:" and one line per recipient, as ``layout.recipients_cell`` sets them."""
    if not recipients:
        return
    head = "Nơi nhận:" if styles.profile.name == "state" else "<u>Nơi nhận:</u>"
    add_styled(cell, head, styles.recipients_head, styles.fonts, space_before=first_space)
    for index, recipient in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else styles.profile.recipients_end
        add_styled(cell, text(f"- {recipient}{end}"), styles.recipients, styles.fonts)


def add_signature(cell: Container, lines: tuple[str, ...], signer: str, styles: Styles, first_space: float) -> None:
    """The capacity in capitals, room for the signature and the seal, the signer's name."""
    for index, line in enumerate(lines):
        add_styled(cell, text(line.upper()), styles.signature, styles.fonts,
                   space_before=first_space if index == 0 else None)
    add_styled(cell, text(signer), styles.signature, styles.fonts,
               space_before=26 * mm + (0 if lines else first_space))


def add_footer(doc: DocxDocument, left: Callable[[Container], None], right: Callable[[Container], None],
               left_share: float = 0.45, keep: bool = True) -> None:
    """Two top-aligned columns (``layout.footer``) filled by ``left`` and ``right``; with
    ``keep``, moved to the next page whole with the paragraph before it."""
    width = _width(doc)
    table = add_table(doc, 1, [width * left_share, width * (1 - left_share)])
    left(table.cell(0, 0))
    right(table.cell(0, 1))
    if keep:
        keep_rows(table)


def _body(doc: DocxDocument, parts: list[tuple[str, str]], styles: Styles) -> None:
    """The body's paragraphs; the last (the closing sentence) kept with the footer."""
    for index, (style, markup) in enumerate(parts):
        add_styled(doc, markup, getattr(styles, style), styles.fonts, keep_with_next=index == len(parts) - 1)


def _signed(doc: DocxDocument, entry: RegisterEntry, lines: tuple[str, ...], styles: Styles) -> None:
    """Recipients on the left, the signature on the right, 10 pt below the body (the PDF's padding)."""
    add_footer(doc, lambda cell: add_recipients(cell, entry.recipients, styles, FOOTER_SPACE),
               lambda cell: add_signature(cell, lines, entry.signer, styles, FOOTER_SPACE))


def write_document(meeting: Meeting, entry: RegisterEntry, *, unit: Unit, settings: NoticeSettings,
                   out: str | Path | BinaryIO, invitees: str = "", fonts: FontSet | None = None,
                   public: bool = False) -> None:
    """Write the Word file of ``entry`` (a notice, minutes or invitation of ``meeting``) to
    ``out``, as ``documents.render_document`` writes its PDF: same records, same words."""
    if public:
        meeting = public_meeting(meeting)
    fonts = fonts or document_fonts()
    styles = Styles(fonts, PARTY if party_symbol(entry.issuer) else STATE)
    doc_name = DOC_NAMES[entry.doc_type]
    title = f"{doc_name} {entry.symbol}" if entry.number else doc_name
    doc = new_page(settings.margins, title=title + (" (bản công khai)" if public else ""), author=unit.name,
                   subject=entry.summary)
    add_header(doc, letterhead(entry, unit, settings), styles)
    add_title(doc, doc_name, entry.summary, styles)
    word = unit_word(unit.name)
    if entry.doc_type == NOTICE:
        _body(doc, [("body", part) for part in notice_parts(meeting, entry, word)], styles)
        _signed(doc, entry, signature_lines(entry), styles)
    elif entry.doc_type == MINUTES:
        _body(doc, [("body", part) for part in minutes_parts(meeting, entry, word)], styles)
        (left, left_name), (right, right_name) = minutes_signatures(meeting, entry)
        add_footer(doc, lambda cell: add_signature(cell, (left,), left_name, styles, FOOTER_SPACE),
                   lambda cell: add_signature(cell, (right,), right_name, styles, FOOTER_SPACE), left_share=0.5)
        if entry.recipients:
            add_space(doc, 6 * mm)
            add_footer(doc, lambda cell: add_recipients(cell, entry.recipients, styles, FOOTER_SPACE), lambda cell: None,
                       keep=False)
    else:
        _body(doc, invitation_parts(meeting, issuing_body(entry, unit), invitees), styles)
        authority = AUTHORITIES.get(entry.authority)
        _signed(doc, entry, authority.lines if authority else (), styles)
    doc.save(str(out) if isinstance(out, Path) else out)


def document_bytes(meeting: Meeting, entry: RegisterEntry, *, unit: Unit, settings: NoticeSettings,
                   public: bool = False) -> bytes:
    """The Word file of ``entry`` in memory."""
    out = io.BytesIO()
    write_document(meeting, entry, unit=unit, settings=settings, out=out, public=public)
    return out.getvalue()
