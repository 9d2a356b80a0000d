"""The minutes (biên bản, Decree 30 Mẫu 1.9) and the invitation (giấy mời, Mẫu 1.7) of a meeting,
from the same data as its notice."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.lib.units import mm

from ..core.catalog import OUTCOMES
from ..core.model import Meeting, RegisterEntry
from ..core.notice import AUTHORITIES
from ..core.text import nfc
from ..core.wording import (
    attendance,
    capitalised,
    chair_phrase,
    clock,
    field_in_sentence,
    long_date,
    meeting_phrase,
    running,
    short_date,
    weekday,
)
from ..l10n import gettext_in
from .layout import Styles, closing, footer, recipients_cell, signature_cell, text

BLANK = "…………"  # where the clerk writes by hand what the data does not say
INVITEE_BLANK = "Ông (Bà): ………………………………………………………"


def _labelled(label: str, value: str) -> str:
    return f"<b>{text(label)}</b> {text(running(value))}"


def _end(value: str) -> str:
    value = nfc(value)
    return value if value[-1:] in ".!?…:;" else value + "."


def minutes_story(meeting: Meeting, entry: RegisterEntry, unit_word: str, styles: Styles, width: float
                  ) -> list[Flowable]:
    """Time, place, attendance, chair and secretary, the course of the meeting with each opinion
    and its answer, the conclusion, the closing time, and the two signatures."""
    body = styles.body
    day = long_date(meeting.held_on)
    start = clock(meeting.starts_at) or BLANK + " giờ " + BLANK
    story: list[Flowable] = [
        Paragraph(_labelled("Thời gian bắt đầu:", f"{start}, {day}."), body),
        Paragraph(_labelled("Địa điểm:", _end(meeting.place)), body),
    ]
    who = attendance(meeting, unit_word)
    story.append(Paragraph(_labelled("Thành phần tham dự:", _end(who) if who else BLANK), body))
    story.append(Paragraph(_labelled("Chủ trì:", _end(capitalised(chair_phrase(meeting)))), body))
    story.append(Paragraph(_labelled("Thư ký:", _end(entry.secretary) if entry.secretary else BLANK), body))
    story.append(Paragraph("<b>Nội dung:</b>", body))
    for part in nfc(meeting.minutes).split("\n"):
        if part.strip():
            story.append(Paragraph(text(running(_end(part.strip()))), body))
    if meeting.opinions:
        story.append(Paragraph(f"Ý kiến phát biểu, kiến nghị của cử tri và Nhân dân ({len(meeting.opinions)} ý kiến):",
                               body))
    for number, o in enumerate(meeting.opinions, start=1):
        speaker = nfc(o.speaker)
        details = [x for x in (nfc(o.address), f"đại diện {nfc(o.on_behalf_of)}" if o.on_behalf_of else "") if x]
        if details:
            speaker += f" ({', '.join(details)})"
        story.append(Paragraph(f"{number}. <b>{text(running(speaker))}</b>, lĩnh vực "
                               f"{text(field_in_sentence(o.field))}: {text(running(_end(o.content)))}", body))
        if o.answered and o.answer.strip():
            story.append(Paragraph(f"<i>Trả lời:</i> {text(running(_end(o.answer)))}", body))
        elif o.outcome and o.outcome in OUTCOMES:
            outcome = gettext_in("vi", OUTCOMES.get(o.outcome).msgid)
            story.append(Paragraph(f"<i>Hướng xử lý:</i> {text(_end(outcome))}", body))
    if meeting.conclusion.strip() or meeting.conclusions:
        story.append(Paragraph("<b>Kết luận của chủ trì:</b>", body))
        for part in nfc(meeting.conclusion).split("\n"):
            if part.strip():
                story.append(Paragraph(text(running(_end(part.strip()))), body))
        for number, task in enumerate(meeting.conclusions, start=1):
            due = f"; thời hạn trước ngày {short_date(task.deadline)}" if task.deadline else ""
            story.append(Paragraph(text(running(f"{number}. {_end(task.content)} Giao {task.assignee} chủ trì "
                                                f"thực hiện{due}.")), body))
    end = clock(meeting.ends_at) or BLANK + " giờ " + BLANK
    last = Paragraph(text(f"Cuộc họp kết thúc vào {end} cùng ngày, nội dung cuộc họp đã được các thành viên dự "
                          "họp thông qua và cùng ký vào biên bản./."), body)
    secretary = signature_cell(("THƯ KÝ",), nfc(entry.secretary), styles)
    chair = signature_cell(("CHỦ TỌA",), nfc(meeting.chair), styles)
    story.append(closing([last], footer(secretary, chair, width, styles, left_share=0.5)))
    if entry.recipients:
        story += [Spacer(1, 6 * mm), footer(recipients_cell(entry.recipients, styles), [], width, styles)]
    return story


def invitation_story(meeting: Meeting, entry: RegisterEntry, issuer: str, styles: Styles, width: float,
                     invitees: str = "") -> list[Flowable]:
    """Who invites whom to what, chaired by whom, when and where; signature and recipients."""
    body = styles.body
    when = f"{clock(meeting.starts_at)}, " if meeting.starts_at else ""
    when += f"{weekday(meeting.held_on)}, {long_date(meeting.held_on)}"
    online = " (trực tuyến)" if meeting.mode == "online" else ""
    story: list[Flowable] = [
        Paragraph(text(running(f"{issuer} trân trọng kính mời:")), body),
        Paragraph(text(nfc(invitees) or INVITEE_BLANK), styles.body_left),
        Paragraph(text(running(f"Tới dự {meeting_phrase(meeting, dated=False)}{online}.")), body),
        Paragraph(_labelled("Chủ trì:", _end(capitalised(chair_phrase(meeting)))), body),
        Paragraph(_labelled("Thời gian:", _end(when)), body),
        Paragraph(_labelled("Địa điểm:", _end(meeting.place)), body),
    ]
    last = Paragraph(text("Rất mong Ông (Bà) dành thời gian đến dự đúng giờ./."), body)
    authority = AUTHORITIES.get(entry.authority)
    foot = footer(recipients_cell(entry.recipients, styles),
                  signature_cell(authority.lines if authority else (), entry.signer, styles), width, styles)
    story.append(closing([last], foot))
    return story
