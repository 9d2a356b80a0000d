"""The statistics report (báo cáo) as a Decree 30 document: the header of every document with
"Số:      /BC-UBND", "BÁO CÁO" and the period in the summary line, a few paragraphs, the tables
of figures with bar charts (reportlab's own graphics), the signature and recipients.

The number is left blank: a report is printed many times while it is drafted, and a number from
the outgoing register, once taken, is never reused; the clerk writes the number given when the
signed report is registered.  Takes the values of ``core.statistics`` only; reads no data file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..core.errors import Cancelled
from ..core.model import RegisterEntry, Unit
from ..core.issuers import (BOARDS, addressee, board_recipients, issued_and_signed, issuer_of, issuer_symbol,
                            issuer_track, party_format)
from ..core.model import party_symbol
from ..core.notice import AUTHORITIES, NoticeSettings
from ..core.unit_words import place_of, unit_word
from ..core.report_tables import (
    COUNT,
    DATE,
    SHARE,
    ReportTable,
    month_label,
    province_short,
    report_closing,
    report_opening,
    report_addressee,
    report_recipients,
    report_summary,
    report_tables,
)
from ..core.statistics import Statistics, share_text
from ..core.wording import running
from ..l10n import _, format_date, format_number
from .documents import NBSP, letterhead
from .fonts import FontSet, document_fonts
from .layout import (PARTY, STATE, Alignment, Document, Letterhead, Styles, closing, footer, header, recipients_cell,
                     signature_cell, text, title_block)

TABLE_SIZE = 11  # points: figures need room; the decree's 13-14 is for running text
GRID = colors.Color(0.35, 0.35, 0.35)
HEAD_FILL = colors.Color(0.9, 0.9, 0.9)
BAR_FILL = colors.Color(0.3, 0.3, 0.3)  # grey prints the same on every office printer


def cell_styles(fonts: FontSet, size: float) -> dict[str, ParagraphStyle]:
    def style(name: str, font: str, alignment: Alignment) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.2, alignment=alignment)

    return {
        "head": style("cell_head", fonts.bold, TA_CENTER),
        "text": style("cell_text", fonts.regular, TA_LEFT),
        "number": style("cell_number", fonts.regular, TA_RIGHT),
        "total_text": style("cell_total", fonts.bold, TA_LEFT),
        "total_number": style("cell_total_n", fonts.bold, TA_RIGHT),
    }


def shown(value: object, kind: str) -> str:
    if value is None:  # a share of nothing, in whichever column it sits
        return "" if kind == "text" else share_text(None)
    # a share column, or a share in the summary's figure column
    if isinstance(value, float) or (kind == SHARE and isinstance(value, int)):
        return share_text(value)
    if kind == COUNT and isinstance(value, int):
        return format_number(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return "" if value is None else str(value)


def table_measures(table: ReportTable, width: float) -> tuple[float, list[float]]:
    """The type size of a table of figures and its column widths: the text columns take what the
    figure columns leave."""
    columns = len(table.headings)
    size = TABLE_SIZE if columns <= 4 else 9.5
    figure_width = (22 if columns <= 4 else 15.5) * mm
    # A date never wraps: «28/12/2026» is 4.6 ems of the serif (eight digits and two slashes), and
    # the cell's padding (3 pt each side) and a little air come on top.
    date_width = max(figure_width, 4.6 * size + 9)
    texts = [i for i, kind in enumerate(table.kinds) if kind == "text"]
    fixed = {i: date_width if kind == DATE else figure_width for i, kind in enumerate(table.kinds) if kind != "text"}
    left = width - sum(fixed.values())
    # Text columns share what the figures leave; the one with the longest texts takes a double share.
    length = {i: sum(len(str(r[i])) for r in table.rows) for i in texts}
    longest = max(texts, key=lambda i: length[i])
    weights = {i: 2 if i == longest and len(texts) > 1 else 1 for i in texts}
    widths = [left * weights[i] / sum(weights.values()) if i in weights else fixed[i] for i in range(columns)]
    return size, widths


def cell_style(kind: str, total: bool) -> str:
    """The key of a cell's style in ``cell_styles``: bold in the total row, numbers right-aligned."""
    return ("total_" if total else "") + ("text" if kind == "text" else "number")


def figures_table(table: ReportTable, fonts: FontSet, width: float) -> Table:
    """One table of figures: bold headings repeated on each page, numbers right-aligned, the total
    row bold; the first column takes what the figure columns leave."""
    size, widths = table_measures(table, width)
    styles = cell_styles(fonts, size)
    rows = [[Paragraph(text(h), styles["head"]) for h in table.headings]]
    for index, row in enumerate(table.rows):
        total = table.total_row and index == len(table.rows) - 1
        cells = []
        for value, kind in zip(row, table.kinds):
            cells.append(Paragraph(text(shown(value, kind)), styles[cell_style(kind, total)]))
        rows.append(cells)
    result = Table(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
    result.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),  # else Helvetica is named, and not embedded
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return result


def _axis_fonts(chart: HorizontalBarChart | VerticalBarChart, fonts: FontSet, size: float) -> None:
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels):
        labels.fontName, labels.fontSize = fonts.regular, size


def field_chart(table: ReportTable, fonts: FontSet, width: float) -> Drawing:
    """Opinions by field as horizontal bars, most raised on top, with the count at each bar's end."""
    rows = sorted(((r[0], r[1]) for r in table.rows[:-1] if isinstance(r[1], int) and r[1] > 0), key=lambda r: r[1])
    bar = 11
    height = max(len(rows), 1) * bar * 1.5 + 24
    drawing = Drawing(width, height, initialFontName=fonts.regular)  # not Helvetica, which is not embedded
    chart = HorizontalBarChart()
    label_width = 62 * mm
    chart.x, chart.y = label_width, 14  # type: ignore[assignment]  # stubs: whole points; reportlab takes any number
    chart.width, chart.height = width - label_width - 30, height - 20  # type: ignore[assignment]  # stubs: whole points; reportlab takes any number
    chart.data = [[r[1] for r in rows] or [0]]
    chart.categoryAxis.categoryNames = [str(r[0]) for r in rows] or [""]
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = 1
    chart.bars[0].fillColor = BAR_FILL
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    _axis_fonts(chart, fonts, 9)
    drawing.add(chart)
    return drawing


def month_chart(months: tuple[tuple[str, int], ...], fonts: FontSet, width: float) -> Drawing:
    """Meetings held per month of the period, as columns."""
    height = 62 * mm
    drawing = Drawing(width, height, initialFontName=fonts.regular)
    chart = VerticalBarChart()
    chart.x, chart.y = 24, 28
    chart.width, chart.height = width - 34, height - 40  # type: ignore[assignment]  # stubs: whole points; reportlab takes any number
    chart.data = [[n for _m, n in months]]
    chart.categoryAxis.categoryNames = [month_label(m) for m, _n in months]
    if len(months) > 8:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = 1
    top = max((n for _m, n in months), default=0)
    chart.valueAxis.valueStep = max(1, (top + 4) // 5)
    chart.bars[0].fillColor = BAR_FILL
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    _axis_fonts(chart, fonts, 9)
    drawing.add(chart)
    return drawing


def report_place(unit: Unit, settings: NoticeSettings) -> str:
    """The place of the date line: the office's setting, else the commune's name without its
    generic word ("An Bình"), or the province's without "Tỉnh" / "Thành phố" ("Phú Thọ")."""
    if settings.place.strip():
        return settings.place.strip()
    return province_short(unit.name) if unit.role == "upper" else place_of(unit.name)


def _draft_entry(stats: Statistics, unit: Unit, settings: NoticeSettings, issued_on: dt.date,
                 authority: str, issuer: str) -> RegisterEntry:
    # A register entry without a number: the letterhead then prints "Số:      /BC-UBND".
    return RegisterEntry(year=issued_on.year, number=0, doc_type="BC", issuer=issuer_symbol(issuer, unit),
                         issued_on=issued_on, summary=report_summary(stats), authority=authority,
                         place=report_place(unit, settings))


def heading_style(styles: Styles) -> ParagraphStyle:
    """The style of a table's heading: bold, flush left, kept with its table."""
    return ParagraphStyle("table_heading", parent=styles.body_left, fontName=styles.fonts.bold, firstLineIndent=0,
                          spaceBefore=8, keepWithNext=1)


def report_head(stats: Statistics, unit: Unit, settings: NoticeSettings, issued_on: dt.date, authority: str = "tm",
                issuer: str = "") -> tuple[str, RegisterEntry, Letterhead]:
    """The report's name, its register entry without a number and its letterhead, for the PDF
    and the Word document alike."""
    entry = _draft_entry(stats, unit, settings, issued_on, authority, issuer or issuer_of(authority))
    # The number's room is kept with no-break spaces: plain ones collapse to one in a paragraph.
    party = party_symbol(entry.issuer)
    blank = f"Số{NBSP * 10}-BC/{entry.issuer}" if party else f"Số:{NBSP * 10}/BC-{entry.issuer}"
    head = dataclasses.replace(letterhead(entry, unit, settings), number=blank)
    return _("Report"), entry, head


def report_styles(fonts: FontSet, issuer: str) -> Styles:
    """Decree 30's type sizes, or Hướng dẫn 36's for a report of the Party committee or a board."""
    return Styles(fonts, PARTY if party_format(issuer) else STATE)


def addressee_line(unit: Unit, issuer: str) -> str:
    """"Kính gửi: Ủy ban nhân dân tỉnh …." under the summary line."""
    to = addressee(issuer, unit) or report_addressee(unit.role, unit.province_name, issuer_track(issuer))
    return _("To: %(addressee)s.") % {"addressee": to}


def report_who(unit: Unit, settings: NoticeSettings, issuer: str, recipients: list[str] | None) -> list[str]:
    """The report's recipients: those given, else the office's saved ones (for the People's
    Committee or the Party committee), else the usual ones."""
    if recipients is not None:
        return recipients
    if issuer in BOARDS:
        return board_recipients(issuer)
    track = issuer_track(issuer)
    saved = list(settings.recipients_for(track, "BC"))
    return saved or report_recipients(unit.role, unit_word(unit.name), track)


def table_heading(number: int, table: ReportTable) -> str:
    """The heading over a table of figures: "1. Tổng hợp chung"."""
    return f"{number}. {table.title}"


def render_report(stats: Statistics, *, unit: Unit, settings: NoticeSettings, out: str | Path | BinaryIO,
                  issued_on: dt.date, signer: str = "", authority: str = "tm", issuer: str = "",
                  recipients: list[str] | None = None, fonts: FontSet | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> int:
    """Write the report PDF of ``stats`` to ``out`` (a path or a binary file); return its pages.

    ``authority`` is the capacity of the signature (``core.notice.AUTHORITIES``) and ``issuer``
    who issues it (``core.issuers``: the People's Committee, Decree 30; the Party committee or one
    of the provincial Party committee's boards, Hướng dẫn 36), by default the one the capacity
    belongs to.  The report is addressed ("Kính gửi:") to the upper level; ``recipients`` default to the office's,
    else the usual ones.  Long work: ``progress`` once per table, :class:`Cancelled` when
    ``cancelled()`` turns true."""
    issuer, authority = issued_and_signed(unit, authority, issuer)
    fonts = fonts or document_fonts()
    styles = report_styles(fonts, issuer)
    doc_name, entry, head = report_head(stats, unit, settings, issued_on, authority, issuer)
    doc = Document(str(out) if isinstance(out, Path) else out, margins=settings.margins, fonts=fonts,
                   title=f"{doc_name} - {entry.summary}", author=unit.name, subject=entry.summary)
    width = doc.width
    to = ParagraphStyle("addressee", parent=styles.body, alignment=TA_CENTER, firstLineIndent=0)
    story: list[Flowable] = [header(head, styles, width),
                             *title_block(doc_name, entry.summary, styles, width),
                             Paragraph(text(addressee_line(unit, issuer)), to),
                             Spacer(1, 10)]
    story += [Paragraph(text(running(p)), styles.body) for p in report_opening(stats)]
    heading = heading_style(styles)
    tables = report_tables(stats)
    for number, table in enumerate(tables, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        story.append(CondPageBreak(40 * mm))  # a heading and its first rows stay together
        story.append(Paragraph(text(table_heading(number, table)), heading))
        story.append(figures_table(table, fonts, width))
        if table.key == "fields" and stats.total.opinions:
            story += [Spacer(1, 6), KeepTogether([field_chart(table, fonts, width)])]
        if table.key == "months" and len(stats.total.meetings_by_month) > 1 and stats.total.meetings:
            story += [Spacer(1, 6), KeepTogether([month_chart(stats.total.meetings_by_month, fonts, width)])]
        if progress is not None:
            progress(number, len(tables) + 1)
    story.append(Spacer(1, 8))
    last = Paragraph(text(running(report_closing())), styles.body)
    who = report_who(unit, settings, issuer, recipients)
    foot = footer(recipients_cell(who, styles), signature_cell(AUTHORITIES[authority].lines, signer, styles), width,
                  styles)
    story.append(closing([last], foot))
    doc.build(story)
    if progress is not None:
        progress(len(tables) + 1, len(tables) + 1)
    return doc.page
