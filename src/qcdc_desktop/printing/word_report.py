"""The period's report as a Word file (.docx), in the layout of its PDF (``report.render_report``):
the same header with the number left blank, the same opening and closing paragraphs, the tables
of figures with their grid and shaded headings repeated on each page, the bar charts as pictures,
the signature and recipients.  Takes the values of ``core.statistics`` only; reads no data file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from docx.shared import Pt
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from ..core.errors import Cancelled
from ..core.model import Unit
from ..core.issuers import issued_and_signed
from ..core.notice import AUTHORITIES, NoticeSettings
from ..core.report_tables import ReportTable, report_closing, report_opening, report_tables
from ..core.statistics import Statistics
from ..core.wording import running
from .fonts import FontSet, document_fonts
from .layout import text
from .report import (
    addressee_line,
    cell_style,
    cell_styles,
    field_chart,
    heading_style,
    month_chart,
    report_head,
    report_styles,
    report_who,
    shown,
    table_heading,
    table_measures,
)
from .word import FOOTER_SPACE, add_footer, add_header, add_recipients, add_signature, add_title
from .word_charts import chart_png
from docx.document import Document as DocxDocument
from .word_parts import add_space, add_styled, add_table, new_page, repeat_heading, shade, valign

GRID = "595959"  # report.GRID, as Word writes a colour
HEAD_FILL = "E6E6E6"  # report.HEAD_FILL


def _width(doc: DocxDocument) -> float:
    section = doc.sections[0]
    page, left, right = section.page_width or 0, section.left_margin or 0, section.right_margin or 0
    return float((page - left - right) / 12700)  # EMU to points


def add_figures(doc: DocxDocument, table: ReportTable, fonts: FontSet, width: float) -> None:
    """One table of figures, as ``report.figures_table`` draws it."""
    size, widths = table_measures(table, width)
    styles = cell_styles(fonts, size)
    grid = add_table(doc, len(table.rows) + 1, widths, padding=(2, 3, 3, 3), grid=GRID)
    for column, heading in enumerate(table.headings):
        cell = grid.cell(0, column)
        add_styled(cell, text(heading), styles["head"], fonts)
        shade(cell, HEAD_FILL)
    for index, row in enumerate(table.rows):
        total = table.total_row and index == len(table.rows) - 1
        for column, (value, kind) in enumerate(zip(row, table.kinds)):
            add_styled(grid.cell(index + 1, column), text(shown(value, kind)), styles[cell_style(kind, total)], fonts)
    for row in grid.rows:
        for cell in row.cells:
            valign(cell, "middle")
    # The PDF keeps a heading with its whole table (keepWithNext): a table that fits on a page is
    # not split, it moves to the next page with its heading.
    repeat_heading(grid, kept=len(grid.rows) - 1)


def _add_chart(doc: DocxDocument, png: bytes, width: float) -> None:
    paragraph = add_space(doc, 0)
    paragraph.paragraph_format.line_spacing = None  # a picture's line is as high as the picture
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.add_run().add_picture(io.BytesIO(png), width=Pt(width))


def write_report_docx(stats: Statistics, *, unit: Unit, settings: NoticeSettings, out: str | Path | BinaryIO,
                      issued_on: dt.date, signer: str = "", authority: str = "tm", issuer: str = "",
                      recipients: list[str] | None = None, fonts: FontSet | None = None, progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> None:
    """Write the report of ``stats`` as a Word file to ``out``; the arguments are those of
    ``report.render_report``."""
    issuer, authority = issued_and_signed(unit, authority, issuer)
    fonts = fonts or document_fonts()
    styles = report_styles(fonts, issuer)
    doc_name, entry, head = report_head(stats, unit, settings, issued_on, authority, issuer)
    doc = new_page(settings.margins, title=f"{doc_name} - {entry.summary}", author=unit.name, subject=entry.summary)
    width = _width(doc)
    add_header(doc, head, styles)
    add_title(doc, doc_name, entry.summary, styles)
    add_styled(doc, text(addressee_line(unit, issuer)), ParagraphStyle(
        "addressee", parent=styles.body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=10), fonts)
    for part in report_opening(stats):
        add_styled(doc, text(running(part)), styles.body, fonts)
    heading = heading_style(styles)
    tables = report_tables(stats)
    for number, table in enumerate(tables, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        add_styled(doc, text(table_heading(number, table)), heading, fonts)
        add_figures(doc, table, fonts, width)
        if table.key == "fields" and stats.total.opinions:
            _add_chart(doc, chart_png(field_chart(table, fonts, width)), width)
        if table.key == "months" and len(stats.total.meetings_by_month) > 1 and stats.total.meetings:
            _add_chart(doc, chart_png(month_chart(stats.total.meetings_by_month, fonts, width)), width)
        if progress is not None:
            progress(number, len(tables) + 1)
    add_space(doc, 8)
    add_styled(doc, text(running(report_closing())), styles.body, fonts, keep_with_next=True)
    who = report_who(unit, settings, issuer, recipients)
    add_footer(doc, lambda cell: add_recipients(cell, who, styles, FOOTER_SPACE),
               lambda cell: add_signature(cell, AUTHORITIES[authority].lines, signer, styles, FOOTER_SPACE))
    doc.save(str(out) if isinstance(out, Path) else out)
    if progress is not None:
        progress(len(tables) + 1, len(tables) + 1)
