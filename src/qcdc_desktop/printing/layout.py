"""The page and the parts every document shares (Decree 30/2020 Appendix I; Hướng dẫn
36-HD/VPTW for the Party profile): A4 with the decree's margins, the two-column header, the
centred name and summary line, the signature and recipients footer, page numbers from page 2.

Everything is Platypus: tables without borders, paragraphs and rules; nothing is placed by hand
except the page number, which sits in the top margin outside the text frame.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..core.notice import Margins
from ..core.running import unbreakable
from .fonts import FontSet

# A paragraph's alignment: TA_LEFT, TA_CENTER, TA_RIGHT or TA_JUSTIFY (reportlab.lib.enums).
Alignment = Literal[0, 1, 2, 4]

PAGE_WIDTH, PAGE_HEIGHT = A4
RULE = 0.6  # points: a solid thin rule, as Word draws the decree's lines
LEFT_SHARE = 0.40  # of the text width, for the issuing body and the number
PAGE_NUMBER_SIZE = 14


def text(value: str) -> str:
    """Data as paragraph markup: NFC, with &, < and > escaped and line breaks kept."""
    return escape(unicodedata.normalize("NFC", value)).replace("\n", "<br/>")


@dataclass(frozen=True)
class Profile:
    """Type sizes of one template: Decree 30 (state) or Hướng dẫn 36 (party)."""

    name: str
    body_name: float  # the issuing body, and its parent
    number: float
    national: float  # "CỘNG HÒA ..." or "ĐẢNG CỘNG SẢN VIỆT NAM"
    doc_name: float  # "THÔNG BÁO"
    recipients_head: float
    recipients: float
    recipients_end: str  # ";" after each recipient but the last (Decree 30); "," on the Party track


STATE = Profile("state", body_name=13, number=13, national=13, doc_name=14, recipients_head=12, recipients=11,
                recipients_end=";")
PARTY = Profile("party", body_name=14, number=14, national=15, doc_name=15, recipients_head=14, recipients=12,
                recipients_end=",")


class Styles:
    """Paragraph styles for one font family and profile."""

    def __init__(self, fonts: FontSet, profile: Profile) -> None:
        self.fonts, self.profile = fonts, profile

        def style(name: str, font: str, size: float, align: Alignment = TA_CENTER, leading: float | None = None,
                  **extra: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.2,
                                  alignment=align, splitLongWords=1, **extra)

        f, p = fonts, profile
        self.parent = style("parent", f.regular, p.body_name)
        self.body_name = style("body_name", f.bold, p.body_name)
        self.number = style("number", f.regular, p.number)
        self.motto = style("motto", f.bold, 14)
        self.date = style("date", f.italic, 14)
        self.doc_name = style("doc_name", f.bold, p.doc_name, leading=p.doc_name * 1.25)
        self.summary = style("summary", f.bold, 14, leading=17)
        # Body: 14 pt justified, first line indented 1.27 cm, 6 pt between paragraphs, lines at
        # 18 pt (about 1.1 of Word's "single" for Times New Roman 14; the decree allows single to 1.5).
        self.body = style("body", f.regular, 14, TA_JUSTIFY, leading=18, firstLineIndent=1.27 * cm, spaceAfter=6)
        self.body_left = style("body_left", f.regular, 14, TA_LEFT, leading=18, firstLineIndent=1.27 * cm,
                               spaceAfter=6)
        self.signature = style("signature", f.bold, 14, leading=17)
        self.signature_note = style("signature_note", f.italic, 14, leading=17)
        head_font = f.bold_italic if p.name == "state" else f.regular
        self.recipients_head = style("recipients_head", head_font, p.recipients_head, TA_LEFT,
                                     leading=p.recipients_head * 1.2)
        # A recipient that wraps continues under its text, not under its dash.
        dash = stringWidth("- ", f.regular, p.recipients)
        self.recipients = style("recipients", f.regular, p.recipients, TA_LEFT, leading=p.recipients * 1.2,
                                leftIndent=dash, firstLineIndent=-dash)

    def national(self, size: float) -> ParagraphStyle:
        return ParagraphStyle("national", fontName=self.fonts.bold, fontSize=size, leading=size * 1.2,
                              alignment=TA_CENTER)


def rule(width: float, space_before: float = 4, space_after: float = 0) -> HRFlowable:
    return HRFlowable(width=width, thickness=RULE, color="black", hAlign="CENTER", spaceBefore=space_before,
                      spaceAfter=space_after)


def text_width(value: str, font: str, size: float) -> float:
    return stringWidth(unicodedata.normalize("NFC", value), font, size)


def _cells(*rows: Sequence[Flowable | list[Flowable]], font: str, widths: list[float],
           extra: Sequence[tuple[Any, ...]] = ()) -> Table:
    # FONTNAME: a table sets its cells' font on the canvas even when they hold only paragraphs;
    # left to its default, Helvetica would be named (and not embedded) in the PDF.
    table = Table([list(r) for r in rows], colWidths=widths, hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        *extra,
    ]))
    return table


@dataclass(frozen=True)
class Letterhead:
    """What the header says: the issuing body (parent line may be empty), the number line and the
    place-and-date line."""

    parent: str
    body: tuple[str, ...]
    number: str  # "Số: 05/TB-UBND", "Số 12-TB/ĐU", or a blank to fill in by hand
    date_line: str
    party: bool = False


@dataclass(frozen=True)
class HeaderPlan:
    """The measures of the two-column header, for the PDF and the Word document alike: the
    national title and its size, the motto (None on the Party track), the two column widths and
    the widths of the short rules under the issuing body and under the motto (or title)."""

    title: str
    title_size: float
    motto: str | None
    left_width: float
    right_width: float
    left_rule: float
    right_rule: float


def header_plan(head: Letterhead, fonts: FontSet, profile: Profile, width: float) -> HeaderPlan:
    if head.party:
        title, title_size = "ĐẢNG CỘNG SẢN VIỆT NAM", profile.national
        motto: str | None = None
    else:
        title, motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
        # On one line: 13 pt if it fits the right column, else 12 (the decree allows 12-13).
        title_size = 13 if text_width(title, fonts.bold, 13) <= width * (1 - LEFT_SHARE) - 2 else 12
    right_width = max(width * (1 - LEFT_SHARE), text_width(title, fonts.bold, title_size) + 2)
    left_width = width - right_width
    longest = max(min(text_width(line.upper(), fonts.bold, profile.body_name), left_width)
                  for line in head.body)
    right_rule = text_width(motto, fonts.bold, 14) if motto else text_width(title, fonts.bold, title_size)
    return HeaderPlan(title, title_size, motto, left_width, right_width, longest * 0.4, right_rule)


def header(head: Letterhead, styles: Styles, width: float) -> Table:
    """The two-column header: issuing body and number on the left, the national title (or the
    Party's) and the place and date on the right, the number level with the date."""
    fonts = styles.fonts
    plan = header_plan(head, fonts, styles.profile, width)
    left: list[Flowable] = []
    if head.parent:
        left.append(Paragraph(text(head.parent.upper()), styles.parent))
    # A long name ("BAN TUYÊN GIÁO VÀ DÂN VẬN") breaks near its middle, not before its last word.
    left += [Paragraph(balanced(line.upper(), fonts.bold, styles.profile.body_name, plan.left_width), styles.body_name)
             for line in head.body]
    if head.party:
        left.append(Paragraph("*", styles.body_name))
    else:
        left.append(rule(plan.left_rule))
    right: list[Flowable] = [Paragraph(text(plan.title), styles.national(plan.title_size))]
    if plan.motto:
        right.append(Paragraph(text(plan.motto), styles.motto))
    right.append(rule(plan.right_rule))
    return _cells([left, right],
                  [Paragraph(text(head.number), styles.number), Paragraph(text(head.date_line), styles.date)],
                  font=fonts.regular, widths=[plan.left_width, plan.right_width],
                  extra=[("TOPPADDING", (0, 1), (-1, 1), 8), ("VALIGN", (0, 1), (-1, 1), "BOTTOM")])


def balanced(value: str, font: str, size: float, width: float) -> str:
    """Markup for a centred line that needs two lines: broken near the middle, so the two lines
    have about the same length instead of a full line over a stub."""
    value = unicodedata.normalize("NFC", value)
    if text_width(value, font, size) <= width:
        return text(value)
    words = value.split(" ")
    best: tuple[float, int] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        longer = max(text_width(first, font, size), text_width(second, font, size))
        if longer <= width and (best is None or longer < best[0]):
            best = (longer, cut)
    if best is None:  # more than two lines: let the paragraph wrap
        return text(value)
    return text(" ".join(words[:best[1]])) + "<br/>" + text(" ".join(words[best[1]:]))


def summary_rule(summary: str, styles: Styles, width: float) -> float:
    """The width of the short rule under the summary line: 0.4 of its longest line."""
    font, size = styles.fonts.bold, styles.summary.fontSize
    lines = balanced(summary, font, size, width).split("<br/>")
    longest = max(text_width(line.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"), font, size)
                  for line in lines)
    return min(longest, width) * 0.4


def title_block(doc_name: str, summary: str, styles: Styles, width: float) -> list[Flowable]:
    """The document's name in capitals, its summary line and a short rule, centred."""
    parts: list[Flowable] = [Spacer(1, 16), Paragraph(text(doc_name.upper()), styles.doc_name)]
    if summary:
        summary = unbreakable(summary)  # a name, a unit's name or a date is not cut in two
        font, size = styles.fonts.bold, styles.summary.fontSize
        parts.append(Paragraph(balanced(summary, font, size, width), styles.summary))
        parts.append(rule(summary_rule(summary, styles, width)))
    parts.append(Spacer(1, 14))
    return parts


def recipients_cell(recipients: list[str], styles: Styles) -> list[Flowable]:
    """"Nơi nhận:" and one line per recipient, "- …;" and the last "- …."."""
    if not recipients:
        return []
    # Decree 30: bold italic; Hướng dẫn 36 (Party): upright and underlined.
    head = "Nơi nhận:" if styles.profile.name == "state" else "<u>Nơi nhận:</u>"
    cell: list[Flowable] = [Paragraph(head, styles.recipients_head)]
    for index, recipient in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else styles.profile.recipients_end
        cell.append(Paragraph(text(f"- {recipient}{end}"), styles.recipients))
    return cell


def signature_cell(lines: tuple[str, ...], signer: str, styles: Styles) -> list[Flowable]:
    """The capacity in capitals, room for the signature and the seal, the signer's name."""
    cell: list[Flowable] = [Paragraph(text(line.upper()), styles.signature) for line in lines]
    cell.append(Spacer(1, 26 * mm))
    cell.append(Paragraph(text(signer), styles.signature))
    return cell


def footer(left: list[Flowable], right: list[Flowable], width: float, styles: Styles,
           left_share: float = 0.45) -> Table:
    """Two columns side by side, top-aligned: the first line of each is on the same level."""
    return _cells([left or [Spacer(1, 1)], right or [Spacer(1, 1)]], font=styles.fonts.regular,
                  widths=[width * left_share, width * (1 - left_share)],
                  extra=[("TOPPADDING", (0, 0), (-1, -1), 10)])


def closing(last: list[Flowable], foot: Flowable) -> KeepTogether:
    """The end of the body kept on the page of the signature: a signature never stands alone."""
    return KeepTogether([*last, foot])


class Document(BaseDocTemplate):
    """A4, the office's margins, one text frame without padding, page numbers from page 2
    centred in the top margin; deterministic output (``invariant``) for golden comparisons."""

    def __init__(self, out: str | BinaryIO, *, margins: Margins, fonts: FontSet, title: str, author: str,
                 subject: str = "") -> None:
        m = margins.checked()
        super().__init__(
            out, pagesize=A4, leftMargin=m.left * mm, rightMargin=m.right * mm, topMargin=m.top * mm,
            bottomMargin=m.bottom * mm, title=unicodedata.normalize("NFC", title),
            author=unicodedata.normalize("NFC", author), subject=unicodedata.normalize("NFC", subject),
            creator="QCDC Desktop", producer="QCDC Desktop (ReportLab)", invariant=1, lang="vi-VN",
            printScaling="None", displayDocTitle=1, initialFontName=fonts.regular, initialFontSize=14,
            initialLeading=18)
        self.fonts = fonts
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page_number)])

    def _page_number(self, canvas: Any, doc: "Document") -> None:
        if doc.page < 2:
            return
        canvas.saveState()
        canvas.setFont(self.fonts.regular, PAGE_NUMBER_SIZE)
        baseline = PAGE_HEIGHT - self.topMargin / 2 - PAGE_NUMBER_SIZE * 0.35  # optically centred
        canvas.drawCentredString(self.leftMargin + self.width / 2, baseline, str(doc.page))
        canvas.restoreState()
