"""The recovery sheet on paper: the data file's recovery code, printed once, signed, stamped and
sealed in the office safe.

When every administrator has forgotten their password, the code on this sheet opens the data file
and makes a new administrator.  The code is shown nowhere else and cannot be shown again, so this
page is its only copy.  Plain data in, a one-page PDF out; the same data gives the same bytes.
Official paper is always in Vietnamese, whatever the interface language.

The code is drawn one character per fixed cell, like a typewriter: groups line up column by column
on the two lines, and a narrow ``1`` cannot be read as a gap.  The drawn characters carry the code
as their text (a PDF ``/ActualText`` span per line), so copying from the file, or ``pdftotext``,
gives back the code exactly, each line its groups joined by ``-``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from ..core.errors import RecoveryCodeInvalid
from ..core.filekey import RECOVERY_GROUP, format_recovery_code, normalize_recovery_code
from ..core.notice import Margins
from .fonts import document_fonts
from .layout import STATE, Alignment, Document, Styles, footer, text, text_width

CODE_SIZE = 26  # points: two lines of 4 and 3 groups fit the text width of the decree's margins
CELL = 0.78  # of the size: one character's cell; only M and W are wider, and are narrowed into it
GROUP_GAP = 1.4  # of the size: between two groups, where the "-" stands
GROUPS_PER_LINE = 4
BOX_PADDING = 10  # points between the frame and the code

INSTRUCTIONS = (
    "Phiếu này được niêm phong trong phong bì và cất giữ trong két sắt của cơ quan.",
    "Người nào có mã này đều mở được toàn bộ dữ liệu của cơ quan: không sao chép, không chụp ảnh, "
    "không gửi mã qua điện thoại, tin nhắn hay thư điện tử.",
    "Mã chỉ dùng khi tất cả quản trị viên đều quên mật khẩu: mã mở tệp dữ liệu và tạo một quản trị "
    "viên mới.",
    "Sau khi dùng mã, quản trị viên tạo mã khôi phục mới, in phiếu mới và hủy phiếu này.",
    "Phần mềm không lưu mã này ở bất kỳ nơi nào khác và không thể hiển thị lại mã. Nếu phiếu bị mất "
    "hoặc mã bị lộ, quản trị viên tạo ngay mã mới (mã cũ hết hiệu lực).",
)


def _pdf_string(value: str) -> str:
    """``value`` (ASCII) as a PDF literal string."""
    return "(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


class CodeGrid(Flowable):
    """The code in fixed cells, in lines of four groups, framed and centred on the text width."""

    def __init__(self, groups: list[str], font: str, size: float = CODE_SIZE) -> None:
        super().__init__()
        self.lines = [groups[i:i + GROUPS_PER_LINE] for i in range(0, len(groups), GROUPS_PER_LINE)]
        self.font, self.size = font, size
        self.cell, self.gap = CELL * size, GROUP_GAP * size
        self.leading = size * 1.45
        widest = max(len(line) for line in self.lines)
        self.grid_width = widest * RECOVERY_GROUP * self.cell + (widest - 1) * self.gap
        self.box_width = self.grid_width + 2 * BOX_PADDING
        self.box_height = len(self.lines) * self.leading + 2 * BOX_PADDING
        self.avail = self.box_width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.box_height

    def draw(self) -> None:
        canvas: Any = self.canv
        left = (self.avail - self.box_width) / 2
        canvas.saveState()
        canvas.setLineWidth(1.2)
        canvas.rect(left, 0, self.box_width, self.box_height)
        canvas.setFont(self.font, self.size)
        for row, groups in enumerate(self.lines):
            # The baseline sits so that capitals look centred in their line of the frame.
            y = self.box_height - BOX_PADDING - (row + 1) * self.leading + (self.leading - self.size * 0.66) / 2
            x = left + BOX_PADDING
            canvas.addLiteral(f"/Span <</ActualText {_pdf_string('-'.join(groups))}>> BDC")
            for index, group in enumerate(groups):
                if index:
                    canvas.drawCentredString(x + self.gap / 2, y, "-")
                    x += self.gap
                for char in group:
                    self._draw_char(canvas, char, x, y)
                    x += self.cell
            canvas.addLiteral("EMC")
        canvas.restoreState()

    def _draw_char(self, canvas: Any, char: str, x: float, y: float) -> None:
        # M and W are narrowed to their cell by the text's horizontal scaling, not by the page's
        # transformation: text extraction places the characters by the text state.
        width = text_width(char, self.font, self.size)
        scale = min(1.0, self.cell * 0.96 / width)
        line = canvas.beginText(x + (self.cell - width * scale) / 2, y)
        line.setFont(self.font, self.size)
        if scale < 1:
            line.setHorizScale(scale * 100)
        line.textOut(char)
        canvas.drawText(line)


def write_recovery_sheet(out: Path, *, unit_name: str, unit_code: str, file_name: str, code: str, made_on: dt.date,
                         made_by: str, prefer_system_fonts: bool = True) -> None:
    """Write the printable recovery sheet of the data file ``file_name`` to ``out``.

    ``code`` is checked first (as :func:`normalize_recovery_code` reads it) and printed in its
    canonical groups; a text that cannot be a recovery code raises :class:`ValueError` and nothing
    is written.
    """
    try:
        canonical = normalize_recovery_code(code)
    except RecoveryCodeInvalid as exc:
        raise ValueError(exc.message) from None
    groups = format_recovery_code(canonical).split("-")
    fonts = document_fonts(prefer_system_fonts)
    # The code is on the page only: never in the file's title, subject or keywords.
    doc = Document(str(out), margins=Margins(), fonts=fonts, title=f"Phiếu mã khôi phục – {unit_name}",
                   author=unit_name)

    def style(name: str, font: str, size: float, align: Alignment = TA_LEFT, after: float = 6,
              **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align,
                              spaceAfter=after, **extra)

    head = style("head", fonts.bold, 13, TA_CENTER, 0)
    title = style("title", fonts.bold, 16, TA_CENTER, 16)
    body = style("body", fonts.regular, 14, after=4)
    hint = style("hint", fonts.italic, 12, TA_CENTER, 10)
    number = text_width("5. ", fonts.regular, 13)
    step = style("step", fonts.regular, 13, after=3, leftIndent=number, firstLineIndent=-number)
    sign = style("sign", fonts.bold, 14, TA_CENTER, 0)
    note = style("note", fonts.italic, 13, TA_CENTER, 0)
    story: list[Flowable] = [
        Paragraph("ỦY BAN NHÂN DÂN", head),
        Paragraph(text(unit_name.upper()), head),
        Spacer(1, 20),
        Paragraph("PHIẾU MÃ KHÔI PHỤC DỮ LIỆU", title),
        Paragraph(f"<b>Đơn vị:</b> {text(unit_name)}", body),
        Paragraph(f"<b>Mã đơn vị:</b> {text(unit_code)}", body),
        Paragraph(f"<b>Tệp dữ liệu:</b> {text(file_name)}", body),
        Paragraph(f"<b>Ngày lập:</b> {made_on.strftime('%d/%m/%Y')}", body),
        Paragraph(f"<b>Người lập:</b> {text(made_by)}", body),
        Spacer(1, 8),
        Paragraph("<b>Mã khôi phục:</b>", body),
        CodeGrid(groups, fonts.bold),
        Spacer(1, 4),
        Paragraph("28 ký tự: chữ số và chữ cái in hoa, không có chữ I, L, O, U (0 là số không, 1 là số một)",
                  hint),
        Paragraph("<b>Bảo quản và sử dụng:</b>", body),
        *(Paragraph(f"{index}. {line}", step) for index, line in enumerate(INSTRUCTIONS, 1)),
        Spacer(1, 10),
        Paragraph("Niêm phong ngày ..../..../........", body),
        footer([Paragraph("NGƯỜI LẬP PHIẾU", sign), Paragraph("(Ký, ghi rõ họ tên)", note), Spacer(1, 58),
                Paragraph(text(made_by), sign)],
               [Paragraph("THỦ TRƯỞNG CƠ QUAN", sign), Paragraph("(Ký, ghi rõ họ tên và đóng dấu)", note)],
               doc.width, Styles(fonts, STATE), left_share=0.42),
    ]
    doc.build(story)
