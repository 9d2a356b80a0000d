"""The citizen's sheet "Phiếu cung cấp thông tin dữ liệu cá nhân" (Law 91/2025/QH15, the right to
know what is held) in the format of Decree 30/2020: the header of every document with a number to
fill in by hand, the sheet's name, "Kính gửi" the person, what is held (each own opinion in a
table: the meeting, what they said, the phone in full — it is their own —, the answer and the
outcome; each record that names them; the history's changes with their days), why it is held, who
sees it, where it goes, how long it is kept and how to ask for a correction or an erasure, then
the signature and the recipients.  Reads no data file; the words are Vietnamese whatever the
language of the interface, as the office signs them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..core.model import RegisterEntry, Unit
from ..core.notice import AUTHORITIES, NoticeSettings
from ..core.person_sheet import HeldMention, HeldOpinion, Sheet, field_label_vi, outcome_label_vi, where_vi
from ..core.person_sheet_texts import HEADINGS, paragraphs
from .documents import NBSP, letterhead
from .fonts import FontSet, document_fonts
from .layout import STATE, Alignment, Document, Styles, closing, footer, header, recipients_cell, signature_cell, text, title_block
from .report import report_place

DOC_NAME = "Phiếu cung cấp thông tin dữ liệu cá nhân"
SIZE = 11
GRID = colors.Color(0.35, 0.35, 0.35)
HEAD_FILL = colors.Color(0.9, 0.9, 0.9)


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _office(unit: Unit) -> str:
    return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"


def _cell_styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    def style(name: str, font: str, align: Alignment = TA_LEFT) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=SIZE, leading=SIZE * 1.25, alignment=align,
                              splitLongWords=1)

    return {"head": style("ps_head", fonts.bold, TA_CENTER), "cell": style("ps_cell", fonts.regular),
            "centre": style("ps_centre", fonts.regular, TA_CENTER), "said": style("ps_said", fonts.italic)}


def _meeting(title: str, held_on: dt.date | None) -> str:
    if not title:
        return ""
    return f"{title} (ngày {_date(held_on)})" if held_on else title


def _opinion_row(number: int, o: HeldOpinion, own_code: str, cells: dict[str, ParagraphStyle]) -> list[object]:
    who = [f"Người phát biểu: {o.speaker}"]
    if o.on_behalf_of:
        who.append(f"Đại diện cho: {o.on_behalf_of}")
    if o.phone:
        who.append(f"Số điện thoại: {o.phone}")
    if o.hamlet:
        who.append(f"Nơi ở: {o.hamlet}")
    who.append(f"Lĩnh vực: {field_label_vi(o.field)}")
    meeting = _meeting(o.meeting_title, o.held_on) + ("" if o.origin == own_code else f" — hồ sơ của đơn vị mã {o.origin}")
    answer = [Paragraph(text(o.answer or "Chưa có nội dung trả lời."), cells["cell"]),
              Paragraph(text(f"Kết quả: {outcome_label_vi(o.outcome)}"), cells["said"])]
    return [Paragraph(str(number), cells["centre"]), Paragraph(text(meeting), cells["cell"]),
            [Paragraph("<br/>".join(text(line) for line in who), cells["cell"]),
             Paragraph(text(f"Nội dung: {o.content}"), cells["said"])],
            answer]


def _opinions_table(sheet: Sheet, cells: dict[str, ParagraphStyle], fonts: FontSet, width: float) -> Table:
    widths = [10 * mm, 38 * mm]
    rest = width - sum(widths)
    widths += [rest * 0.55, rest * 0.45]
    rows: list[list[object]] = [[Paragraph(text(h), cells["head"]) for h in
                                 ("TT", "Hội nghị", "Ý kiến, kiến nghị của Ông/Bà", "Trả lời, kết quả giải quyết")]]
    rows += [_opinion_row(n, o, sheet.unit_code, cells) for n, o in enumerate(sheet.opinions, start=1)]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),  # else Helvetica is named, and not embedded
        ("GRID", (0, 0), (-1, -1), 0.5, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _mention(m: HeldMention, own_code: str) -> str:
    where = where_vi(m.kind, m.fields)
    where = where[:1].upper() + where[1:]
    meeting = f" tại {_meeting(m.meeting_title, m.held_on)}" if m.meeting_title else ""
    office = "" if m.origin == own_code else f" (hồ sơ của đơn vị mã {m.origin})"
    return f"- {where}{meeting}{office}."


def _history(sheet: Sheet) -> list[str]:
    lines = []
    days = sorted(set(sheet.history_days))
    if days:
        lines.append(f"Nhật ký thay đổi của phần mềm lưu {len(sheet.history_days)} lần thay đổi có ghi dữ liệu của "
                     f"Ông/Bà (giá trị trước và sau khi thay đổi), vào các ngày: "
                     + ", ".join(_date(d) for d in days) + ".")
    else:
        lines.append("Nhật ký thay đổi của phần mềm không lưu giá trị nào có tên hoặc số điện thoại của Ông/Bà.")
    if sheet.drafts:
        lines.append(f"Có {sheet.drafts} bản nháp chưa lưu (nội dung đang nhập dở) có tên Ông/Bà.")
    if sheet.conflicts:
        lines.append(f"Có {sheet.conflicts} bản ghi nhận từ cấp trên đang chờ đối chiếu có tên Ông/Bà.")
    return lines


def sheet_story(sheet: Sheet, unit: Unit, styles: Styles, fonts: FontSet, width: float) -> list[Flowable]:
    """The body of the sheet, from "Kính gửi" to the last explanation."""
    cells = _cell_styles(fonts)
    bold = ParagraphStyle("ps_heading", parent=styles.body_left, fontName=fonts.bold, firstLineIndent=0,
                          keepWithNext=1)  # a heading never ends a page
    phone = f" (số điện thoại {sheet.phone})" if sheet.phone else ""
    whom = f"{sheet.name}{phone}" if sheet.name else f"có số điện thoại {sheet.phone}"
    story: list[Flowable] = [
        Paragraph(text(f"Kính gửi: Ông/Bà {whom}."), bold),
        Paragraph(text(f"Căn cứ Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, {_office(unit)} cung cấp cho Ông/Bà "
                       f"thông tin về dữ liệu cá nhân của Ông/Bà đang được lưu giữ trong phần mềm quản lý hội nghị "
                       f"đối thoại tại thời điểm ngày {_date(sheet.made_on)}, như sau:"), styles.body)]
    story.append(Paragraph(text("1. Ý kiến, kiến nghị của Ông/Bà"), bold))
    if sheet.opinions:
        story += [_opinions_table(sheet, cells, fonts, width), Spacer(1, 6)]
    else:
        story.append(Paragraph(text("Phần mềm không lưu ý kiến, kiến nghị nào do Ông/Bà phát biểu."), styles.body))
    story.append(Paragraph(text("2. Hồ sơ khác có nêu tên Ông/Bà"), bold))
    if sheet.mentions:
        story += [Paragraph(text(_mention(m, sheet.unit_code)), styles.body_left) for m in sheet.mentions]
    else:
        story.append(Paragraph(text("Không có hồ sơ nào khác nêu tên hoặc số điện thoại của Ông/Bà."), styles.body))
    story.append(Paragraph(text("3. Lịch sử thay đổi dữ liệu"), bold))
    story += [Paragraph(text(line), styles.body) for line in _history(sheet)]
    for number, (key, heading) in enumerate(HEADINGS.items(), start=4):
        story.append(Paragraph(text(f"{number}. {heading}"), bold))
        story += [Paragraph(text(p), styles.body) for p in paragraphs(unit.name, sheet.backups_kept, sheet.retention_years,
                                                                     sheet.phones_sent)[key]]
    return story


def render_sheet(sheet: Sheet, *, unit: Unit, settings: NoticeSettings, out: str | Path | BinaryIO,
                 signer: str = "", fonts: FontSet | None = None) -> int:
    """Write the sheet's PDF to ``out``; return its pages."""
    fonts = fonts or document_fonts()
    styles = Styles(fonts, STATE)
    summary = f"Về dữ liệu cá nhân do {_office(unit)} lưu giữ"
    draft = RegisterEntry(year=sheet.made_on.year, number=0, doc_type="PCC", issuer="UBND", issued_on=sheet.made_on,
                          summary=summary, authority="tm", place=report_place(unit, settings))
    doc = Document(str(out) if isinstance(out, Path) else out, margins=settings.margins, fonts=fonts,
                   title=DOC_NAME, author=unit.name, subject=summary)
    width = doc.width
    head = dataclasses.replace(letterhead(draft, unit, settings), number=f"Số:{NBSP * 10}/UBND")
    story: list[Flowable] = [header(head, styles, width), *title_block(DOC_NAME, summary, styles, width)]
    body = sheet_story(sheet, unit, styles, fonts, width)
    story += body[:-1]
    last = [body[-1], Paragraph(text("Trân trọng./."), styles.body)]  # the signature never stands alone
    recipients = [f"Ông/Bà {sheet.name or sheet.phone}", "Lưu: VT"]
    foot = footer(recipients_cell(recipients, styles), signature_cell(AUTHORITIES["tm"].lines, signer, styles),
                  width, styles)
    story.append(closing(last, foot))
    doc.build(story)
    return doc.page
