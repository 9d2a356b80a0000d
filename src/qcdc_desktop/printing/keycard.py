"""The key card on paper: the office's key fingerprint, signed and stamped for enrolment.

The other office compares the fingerprint printed here with the one its computer shows for the
card file before trusting it.  Plain data in, a one-page PDF out; the same data gives the same bytes.
Official paper is always in Vietnamese, whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer

from ..core.notice import Margins
from .fonts import document_fonts
from .layout import Alignment, Document, text

ROLE_WORDS = {"commune": "Cấp xã", "upper": "Cấp trên (tỉnh)"}


def write_key_card(out: Path, *, unit_name: str, unit_code: str, role: str, fingerprint: str, made_on: dt.date,
                   prefer_system_fonts: bool = True) -> None:
    """Write the printable key card of an office to ``out``."""
    fonts = document_fonts(prefer_system_fonts)

    def style(name: str, font: str, size: float, align: Alignment = TA_LEFT, after: float = 6) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align,
                              spaceAfter=after)

    head = style("head", fonts.bold, 13, TA_CENTER, 0)
    title = style("title", fonts.bold, 16, TA_CENTER, 18)
    body = style("body", fonts.regular, 14)
    key = style("key", fonts.bold, 24, TA_CENTER, 18)
    sign = style("sign", fonts.bold, 14, TA_CENTER, 0)
    note = style("note", fonts.italic, 13, TA_CENTER, 0)
    story = [
        Paragraph("ỦY BAN NHÂN DÂN", head),
        Paragraph(text(unit_name.upper()), head),
        Spacer(1, 24),
        Paragraph("PHIẾU KHÓA ĐỒNG BỘ DỮ LIỆU", title),
        Paragraph(f"<b>Đơn vị:</b> {text(unit_name)}", body),
        Paragraph(f"<b>Mã đơn vị:</b> {text(unit_code)}", body),
        Paragraph(f"<b>Cấp:</b> {text(ROLE_WORDS.get(role, role))}", body),
        Paragraph(f"<b>Ngày lập:</b> {made_on.strftime('%d/%m/%Y')}", body),
        Spacer(1, 12),
        Paragraph("<b>Dấu vân tay của khóa:</b>", body),
        Paragraph(text(fingerprint), key),
        Paragraph("Trước khi tin cậy tệp khóa của đơn vị, cơ quan nhận đối chiếu dấu vân tay hiển thị trên "
                  "máy tính với dấu vân tay in trên phiếu này (hoặc đọc qua điện thoại). Chỉ tin cậy khi hai dấu "
                  "vân tay trùng khớp hoàn toàn. Phiếu này không chứa khóa bí mật.", body),
        Spacer(1, 36),
        Paragraph("THỦ TRƯỞNG CƠ QUAN", sign),
        Paragraph("(Ký, ghi rõ họ tên và đóng dấu)", note),
    ]
    doc = Document(str(out), margins=Margins(), fonts=fonts, title=f"Phiếu khóa đồng bộ – {unit_name}",
                   author=unit_name, subject=fingerprint)
    doc.build(story)
