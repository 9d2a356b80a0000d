"""The results sheet ("KẾT QUẢ GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN") as a Decree 30 document:
the header of every document (without a number: the sheet is posted, not registered), the title
and the summary line, one sentence, the table of opinions, the counts, the signature and the
recipients.  Takes the values of ``core.results``; reads no data file.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..core.model import RegisterEntry, Unit, party_symbol
from ..core.notice import AUTHORITIES, NoticeSettings
from ..core.results import STATUSES, Results, counts_sentence
from .documents import issuing_body, letterhead
from .fonts import FontSet, document_fonts
from .layout import (
    PARTY,
    STATE,
    Alignment,
    Document,
    Styles,
    closing,
    footer,
    header,
    recipients_cell,
    signature_cell,
    text,
    title_block,
)
from .report import GRID, HEAD_FILL

TITLE = "Kết quả giải quyết ý kiến, kiến nghị của Nhân dân"
CELL_SIZE = 10.5  # points: six columns on the width of a portrait page
HEADINGS = ("STT", "Người nêu ý kiến", "Lĩnh vực", "Nội dung ý kiến, kiến nghị", "Kết quả giải quyết, trả lời",
            "Tình trạng")
WIDTHS_MM = (10, 29, 21, 44, 41, 20)  # 165 mm, the text width of the default margins


def _styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    def style(name: str, font: str, alignment: Alignment) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.2,
                              alignment=alignment, splitLongWords=1)

    return {"head": style("results_head", fonts.bold, TA_CENTER), "text": style("results_text", fonts.regular, TA_LEFT),
            "centre": style("results_centre", fonts.regular, TA_CENTER),
            "group": style("results_group", fonts.bold, TA_LEFT)}


def results_table(results: Results, fonts: FontSet, width: float) -> Table:
    """The opinions, numbered through the sheet; on a sheet of several meetings each meeting's
    opinions under a row naming it.  The headings repeat on every page."""
    styles = _styles(fonts)
    scale = width / (sum(WIDTHS_MM) * mm)
    widths = [w * mm * scale for w in WIDTHS_MM]
    rows: list[list[Flowable | str]] = [[Paragraph(text(h), styles["head"]) for h in HEADINGS]]
    spans = []
    for group in results.groups:
        if len(results.groups) > 1:
            spans.append(("SPAN", (0, len(rows)), (-1, len(rows))))
            rows.append([Paragraph(text(group.heading), styles["group"]), "", "", "", "", ""])
        for row in group.rows:
            rows.append([Paragraph(str(row.number), styles["centre"]), Paragraph(text(row.speaker), styles["text"]),
                         Paragraph(text(row.field), styles["text"]), Paragraph(text(row.content), styles["text"]),
                         Paragraph(text(row.result), styles["text"]),
                         Paragraph(text(STATUSES[row.status]), styles["text"])])
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),  # else Helvetica is named, and not embedded
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *spans,
    ]))
    return table


def render_results(results: Results, entry: RegisterEntry, *, unit: Unit, settings: NoticeSettings,
                   out: str | Path | BinaryIO, public: bool = True, fonts: FontSet | None = None) -> int:
    """Write the results sheet to ``out``; return its pages.  ``entry`` gives the issuer's track,
    the place and date, the signature and the recipients (its number is not printed); its summary
    is the sheet's summary line."""
    fonts = fonts or document_fonts()
    party = party_symbol(entry.issuer)
    styles = Styles(fonts, PARTY if party else STATE)
    doc = Document(str(out) if isinstance(out, Path) else out, margins=settings.margins, fonts=fonts,
                   title=TITLE + (" (bản công khai)" if public else ""), author=unit.name, subject=entry.summary)
    width = doc.width
    head = dataclasses.replace(letterhead(entry, unit, settings), number="")
    body = styles.body
    where = entry.summary[:1].lower() + entry.summary[1:]
    story: list[Flowable] = [
        header(head, styles, width), *title_block(TITLE, entry.summary, styles, width),
        Paragraph(text(f"{issuing_body(entry, unit)} công khai kết quả giải quyết các ý kiến, kiến nghị của Nhân "
                       f"dân {where} như sau:"), body),
    ]
    if results.total:
        story.append(results_table(results, fonts, width))
    counts = Paragraph(text(counts_sentence(results)), ParagraphStyle("counts", parent=body, spaceBefore=8))
    last = Paragraph(text(f"{issuing_body(entry, unit)} thông báo để Nhân dân biết, theo dõi và giám sát việc giải "
                          "quyết./."), body)
    authority = AUTHORITIES.get(entry.authority)
    foot = footer(recipients_cell(entry.recipients, styles),
                  signature_cell(authority.lines if authority else (), entry.signer, styles), width, styles)
    story.append(closing([counts, last], foot))
    doc.build(story)
    return doc.page
