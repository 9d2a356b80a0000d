"""The building blocks of the Word (.docx) documents, with python-docx: an A4 page with the
office's margins and the page number from page 2, paragraphs set like the PDF's (the same
reportlab paragraph styles of :mod:`.layout` are read for size, face, alignment, indents and
spacing), the small markup of the shared texts (<b>, <i>, <u>, <br/>) as runs, tables without
borders, and the decree's short rules.

python-docx covers most of it; what it lacks is written as small OOXML touches, each marked
"OOXML:" below: a paragraph's bottom border (the rules), a table's cell margins and borders, a
cell's shading, a heading row repeated on each page, the page-number field and the language.

The text is named "Times New Roman": Word uses it, LibreOffice substitutes the metric-compatible
Liberation Serif the PDF embeds when the system lacks it, so lines break at the same words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any, TypeAlias

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ..core.notice import Margins
from ..core.text import nfc
from .fonts import FontSet
from .layout import PAGE_NUMBER_SIZE, RULE

FONT = "Times New Roman"
ASCENT = 0.891  # Times New Roman's (and Liberation Serif's) ascent, of the type size
# Word and LibreOffice set a line of exact height a few points higher in it than reportlab does:
# the page number and the header's first lines are lowered by about that much.
TOP_SHIFT = 3.0
# reportlab sets the first line of a page's frame about 3 points lower than Word and LibreOffice
# set the first line of a page's body (measured: 1.1 mm on page 2 of every kind); the page
# number's paragraph (NUMBER_LINE high) pushes the body down by that much on the pages it is on.
BODY_SHIFT = 3.2
GRID_LINE = 0.5  # points: a table's grid lines
NUMBER_LINE = 16.0
Container: TypeAlias = DocxDocument | _Cell

_ALIGN: dict[object, WD_ALIGN_PARAGRAPH] = {TA_LEFT: WD_ALIGN_PARAGRAPH.LEFT, TA_CENTER: WD_ALIGN_PARAGRAPH.CENTER,
          TA_RIGHT: WD_ALIGN_PARAGRAPH.RIGHT, TA_JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY}
_TAG = re.compile(r"<(/?)([biu])>|<br/>")


def _set(parent: Any, tag: str, successors: Sequence[str] = (), **attributes: str) -> Any:
    """OOXML: the child ``tag`` of ``parent`` (made, before ``successors`` as the schema orders
    them, when missing) with ``attributes`` (w: names) set."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        later = [c for c in parent if c.tag in {qn(name) for name in successors}]
        if later:
            later[0].addprevious(child)
        else:
            parent.append(child)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


def new_page(margins: Margins, *, title: str, author: str, subject: str = "") -> DocxDocument:
    """An empty A4 document with the office's margins, Times New Roman 14 in Vietnamese, and
    the page number centred in the top margin from page 2 on."""
    doc = new_document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    r_pr = normal.element.get_or_add_rPr()
    _set(r_pr, "w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)  # OOXML: every script in one font
    _set(r_pr, "w:lang", val="vi-VN")  # OOXML: the spelling language
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    m = margins.checked()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(m.left), Mm(m.right)
    section.top_margin, section.bottom_margin = Mm(m.top), Mm(m.bottom)
    section.footer_distance = Mm(min(m.bottom / 2, 10))
    # The number's baseline where the PDF draws it: half the top margin and a third of its size down.
    baseline = m.top * mm / 2 + PAGE_NUMBER_SIZE * 0.35
    section.header_distance = Pt(max(baseline - PAGE_NUMBER_SIZE * ASCENT + TOP_SHIFT, 0))
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # page 1: no number
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)
    # The number's line exactly NUMBER_LINE high, and spaced below so that the header ends BODY_SHIFT
    # under the top margin: from page 2 on the body starts there (Word and LibreOffice start a
    # page's text below a header that reaches past the margin), as the PDF's first line does.
    fmt = number.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(NUMBER_LINE)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(max(m.top * mm + BODY_SHIFT - section.header_distance.pt - NUMBER_LINE, 0))
    properties = doc.core_properties
    properties.title, properties.author, properties.subject = nfc(title), nfc(author), nfc(subject)
    properties.language = "vi-VN"
    return doc


def _page_field(paragraph: Paragraph) -> None:
    """OOXML: a PAGE field (python-docx has no fields), 14 pt."""
    run = paragraph.add_run()
    run.font.size = Pt(PAGE_NUMBER_SIZE)
    for kind in ("begin", None, "end"):
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = " PAGE "
            run._r.append(code)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def paragraph_in(container: Container) -> Paragraph:
    """A new paragraph at the end of ``container``; in a table cell, first its own empty one."""
    if isinstance(container, _Cell):
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs and paragraphs[0].style.name == "Normal" \
                and paragraphs[0]._p.pPr is None:
            first: Paragraph = paragraphs[0]
            return first
    paragraph: Paragraph = container.add_paragraph()
    return paragraph


def _faces(style: ParagraphStyle, fonts: FontSet) -> tuple[bool, bool]:
    """Whether a reportlab style's face is bold, italic."""
    name = style.fontName
    return name in (fonts.bold, fonts.bold_italic), name in (fonts.italic, fonts.bold_italic)


def add_styled(container: Container, markup: str, style: ParagraphStyle, fonts: FontSet, *,
               space_before: float | None = None, keep_with_next: bool = False) -> Paragraph:
    """A paragraph with the shared texts' markup, set as the reportlab ``style`` sets it."""
    paragraph = paragraph_in(container)
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN.get(style.alignment, WD_ALIGN_PARAGRAPH.LEFT)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(style.leading)
    fmt.space_before = Pt(style.spaceBefore if space_before is None else space_before)
    fmt.space_after = Pt(style.spaceAfter)
    if style.leftIndent:
        fmt.left_indent = Pt(style.leftIndent)
    if style.firstLineIndent:
        fmt.first_line_indent = Pt(style.firstLineIndent)
    if keep_with_next or getattr(style, "keepWithNext", False):
        fmt.keep_with_next = True
    bold, italic = _faces(style, fonts)
    add_runs(paragraph, markup, size=style.fontSize, bold=bold, italic=italic)
    return paragraph


def add_runs(paragraph: Paragraph, markup: str, *, size: float, bold: bool = False, italic: bool = False) -> None:
    """The runs of paragraph markup: <b>, <i> and <u> switch the face, <br/> breaks the line,
    the entities of ``layout.text`` are read back."""
    base = {"b": bold, "i": italic, "u": False}
    state = dict(base)
    position = 0

    def run(value: str) -> None:
        if value:
            r = paragraph.add_run(html.unescape(value))
            r.font.size = Pt(size)
            r.font.bold, r.font.italic = state["b"] or None, state["i"] or None
            if state["u"]:
                r.font.underline = True

    for found in _TAG.finditer(markup):
        run(markup[position:found.start()])
        if found.group(0) == "<br/>":
            paragraph.add_run().add_break()
        else:
            state[found.group(2)] = not found.group(1) or base[found.group(2)]
        position = found.end()
    run(markup[position:])


def add_space(container: Container, height: float) -> Paragraph:
    """An empty paragraph exactly ``height`` points high (the PDF's Spacer)."""
    paragraph = paragraph_in(container)
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(height)
    fmt.space_before = fmt.space_after = Pt(0)
    return paragraph


def add_rule(container: Container, width: float, room: float, *, space_before: float = 4) -> Paragraph:
    """The decree's short centred rule, ``width`` points long in a column ``room`` points wide:
    an empty paragraph ``space_before`` high with a bottom border, indented to the rule's width."""
    paragraph = add_space(container, space_before)
    fmt = paragraph.paragraph_format
    side = max((room - width) / 2, 0)
    fmt.left_indent = fmt.right_indent = Pt(side)
    p_pr = paragraph._p.get_or_add_pPr()
    # OOXML: python-docx has no paragraph borders; w:pBdr comes before w:shd .. w:jc in w:pPr.
    borders = _set(p_pr, "w:pBdr", ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                                    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                                    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                                    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                                    "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                                    "w:pPrChange"))
    _set(borders, "w:bottom", val="single", sz=str(round(RULE * 8)), space="0", color="000000")
    return paragraph


def add_table(container: Container, rows: int, widths: Sequence[float], *, padding: tuple[float, float, float, float]
              = (0, 0, 0, 0), grid: str | None = None) -> Table:
    """A centred table of fixed column ``widths`` (points), cell margins ``padding`` (top, left,
    bottom, right, in points), without borders, or with thin ``grid`` lines of that colour."""
    table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)
    tbl_pr = table._tbl.tblPr
    # OOXML: python-docx sets no table-wide cell margins nor borders.
    margins = _set(tbl_pr, "w:tblCellMar", ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"))
    top, left, bottom, right = padding
    if grid:  # a grid line takes room in Word's row, none in reportlab's: the rows stay as high as the PDF's
        bottom = max(bottom - GRID_LINE, 0)
    for side, value in zip(("top", "left", "bottom", "right"), (top, left, bottom, right)):
        _set(margins, f"w:{side}", w=str(round(value * 20)), type="dxa")
    borders = _set(tbl_pr, "w:tblBorders", ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                            "w:tblCaption", "w:tblDescription", "w:tblPrChange"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if grid:
            _set(borders, f"w:{side}", val="single", sz=str(round(GRID_LINE * 8)), space="0", color=grid)
        else:
            _set(borders, f"w:{side}", val="nil")
    return table


def shade(cell: _Cell, fill: str) -> None:
    """OOXML: a cell's background (python-docx has no shading)."""
    _set(cell._tc.get_or_add_tcPr(), "w:shd", ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                                               "w:vAlign", "w:hideMark"), val="clear", color="auto", fill=fill)


def repeat_heading(table: Table, kept: int = 0) -> None:
    """OOXML: the first row repeated at the top of each page, and no row split across pages;
    the first ``kept`` rows stay on the page of the row after them (the PDF's CondPageBreak)."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        _set(tr_pr, "w:cantSplit")
        if index == 0:
            _set(tr_pr, "w:tblHeader")
        if index < kept:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def keep_rows(table: Table) -> None:
    """Every paragraph of the table kept with the next and no row split: a signature block moves
    to the next page whole, with the paragraph before it (the PDF's KeepTogether)."""
    for row in table.rows:
        _set(row._tr.get_or_add_trPr(), "w:cantSplit")
    for index, row in enumerate(table.rows):
        if index == len(table.rows) - 1:
            break
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def valign(cell: _Cell, where: str) -> None:
    cell.vertical_alignment = {"top": WD_CELL_VERTICAL_ALIGNMENT.TOP, "middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
                               "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}[where]
