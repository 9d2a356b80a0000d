"""The office's history, filtered, as a Decree 30 document for an inspection: the header of every
document with "Số:      /BC-UBND" and "BÁO CÁO", the paragraphs that say what was selected and what
the check of the history chain found, then one row per entry (its number, when, who, the sentence
and the values before and after in full), the signature and recipients.

Text, never pictures: every word can be searched and copied.  Takes the entries already told in
words (core/history_words); reads no data file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..core.errors import Cancelled
from ..core.history_words import Described, detail_lines
from ..core.model import RegisterEntry, Unit
from ..core.notice import AUTHORITIES, NoticeSettings
from ..l10n import _
from .documents import NBSP, letterhead
from .fonts import FontSet, document_fonts
from .layout import STATE, Alignment, Document, Styles, closing, footer, header, recipients_cell, signature_cell, text, title_block
from .report import report_place

ROWS_PER_TABLE = 100  # each table repeats its headings; smaller tables keep reportlab's splitting cheap
SIZE = 10
GRID = colors.Color(0.35, 0.35, 0.35)
HEAD_FILL = colors.Color(0.9, 0.9, 0.9)


def history_summary() -> str:
    return _("History of the changes of the data, for an inspection")


def _styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    def style(name: str, font: str, size: float = SIZE, align: Alignment = TA_LEFT) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.22, alignment=align,
                              splitLongWords=1)

    return {"head": style("h_head", fonts.bold, align=TA_CENTER), "cell": style("h_cell", fonts.regular),
            "centre": style("h_centre", fonts.regular, align=TA_CENTER),
            "detail": style("h_detail", fonts.italic, SIZE - 1)}


def _table(rows: list[list[Flowable | list[Flowable]]], widths: list[float], fonts: FontSet) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),  # else Helvetica is named, and not embedded
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def entry_cells(entry: Described, number: int, styles: dict[str, ParagraphStyle]) -> list[Flowable | list[Flowable]]:
    """One row: its order number, when, who, and the sentence with the values in full under it."""
    change: list[Flowable] = [Paragraph(text(entry.sentence), styles["cell"])]
    lines = detail_lines(entry, shortened_only=True)
    if lines:
        change.append(Paragraph("<br/>".join(text(line) for line in lines), styles["detail"]))
    who = entry.who + (f" ({entry.login})" if entry.login and entry.login != entry.who else "")
    return [Paragraph(str(number), styles["centre"]), Paragraph(text(entry.when), styles["cell"]),
            Paragraph(text(who), styles["cell"]), change]


def render_history(entries: Iterable[Described], *, paragraphs: list[str], unit: Unit, settings: NoticeSettings,
                   issued_on: dt.date, out: str | Path | BinaryIO, signer: str = "",
                   recipients: list[str] | None = None, fonts: FontSet | None = None,
                   cancelled: Callable[[], bool] | None = None) -> int:
    """Write the history PDF to ``out``; return its pages.  ``paragraphs`` open the body (what
    was selected, the check of the chain); ``entries`` are read once, in the order given."""
    fonts = fonts or document_fonts()
    styles = Styles(fonts, STATE)
    cells = _styles(fonts)
    summary = history_summary()
    draft = RegisterEntry(year=issued_on.year, number=0, doc_type="BC", issuer="UBND", issued_on=issued_on,
                          summary=summary, authority="tm", place=report_place(unit, settings))
    doc_name = _("Report")
    doc = Document(str(out) if isinstance(out, Path) else out, margins=settings.margins, fonts=fonts,
                   title=f"{doc_name} - {summary}", author=unit.name, subject=summary)
    width = doc.width
    head = dataclasses.replace(letterhead(draft, unit, settings), number=f"Số:{NBSP * 10}/BC-UBND")
    story: list[Flowable] = [header(head, styles, width), *title_block(doc_name, summary, styles, width)]
    story += [Paragraph(text(p), styles.body) for p in paragraphs]
    story.append(Spacer(1, 6))
    widths = [11 * mm, 25 * mm, 33 * mm]
    widths.append(width - sum(widths))
    headings = [Paragraph(text(h), cells["head"]) for h in (_("No."), _("When"), _("Who"), _("Change"))]
    rows: list[list[Flowable | list[Flowable]]] = [list(headings)]
    count = 0
    for count, entry in enumerate(entries, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        rows.append(entry_cells(entry, count, cells))
        if len(rows) > ROWS_PER_TABLE:
            story.append(_table(rows, widths, fonts))
            rows = [list(headings)]
    if len(rows) > 1:
        story.append(_table(rows, widths, fonts))
    if count == 0:
        story.append(Paragraph(text(_("No entry of the history is selected.")), styles.body))
    story.append(Spacer(1, 8))
    who = recipients if recipients is not None else [_("The inspection team"), _("File: VT, VP")]
    foot = footer(recipients_cell(who, styles), signature_cell(AUTHORITIES["tm"].lines, signer, styles), width,
                  styles)
    story.append(closing([], foot))
    doc.build(story)
    return doc.page
