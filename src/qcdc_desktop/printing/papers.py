"""The minutes (biên bản, Decree 30 Mẫu 1.9) and the invitation (giấy mời, Mẫu 1.7) of a meeting,
from the same data as its notice."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.lib.units import mm

from ..core.catalog import OUTCOMES
from ..core.model import Meeting, RegisterEntry
from ..core.notice import AUTHORITIES
from ..core.text import nfc
from ..core.unit_words import is_upper_word
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
    venue,
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


def minutes_parts(meeting: Meeting, entry: RegisterEntry, unit_word: str) -> list[str]:
    """The body of the minutes as paragraph markup, the closing sentence last; the PDF and the
    Word document are both made from it."""
    day = long_date(meeting.held_on)
    start = clock(meeting.starts_at) or BLANK + " giờ " + BLANK
    parts = [_labelled("Thời gian bắt đầu:", f"{start}, {day}."), _labelled("Địa điểm:", _end(meeting.place))]
    who = attendance(meeting, unit_word)
    parts.append(_labelled("Thành phần tham dự:", _end(who) if who else BLANK))
    parts.append(_labelled("Chủ trì:", _end(capitalised(chair_phrase(meeting)))))
    secretary = nfc(entry.secretary).strip()
    parts.append(_labelled("Thư ký:", f"Đồng chí {_end(secretary)}" if secretary else BLANK))
    parts.append("<b>Nội dung:</b>")
    for part in nfc(meeting.minutes).split("\n"):
        if part.strip():
            parts.append(text(running(_end(part.strip()))))
    if meeting.opinions:
        parts.append(f"Ý kiến phát biểu, kiến nghị của cử tri và Nhân dân ({len(meeting.opinions)} ý kiến):")
    for number, o in enumerate(meeting.opinions, start=1):
        speaker = nfc(o.speaker)
        details = [x for x in (nfc(o.address), f"đại diện {nfc(o.on_behalf_of)}" if o.on_behalf_of else "") if x]
        if details:
            speaker += f" ({', '.join(details)})"
        parts.append(f"{number}. <b>{text(running(speaker))}</b>, lĩnh vực {text(field_in_sentence(o.field))}: "
                     f"{text(running(_end(o.content)))}")
        if o.answered and o.answer.strip():
            parts.append(f"<i>Trả lời:</i> {text(running(_end(o.answer)))}")
        elif o.outcome and o.outcome in OUTCOMES:
            outcome = gettext_in("vi", OUTCOMES.get(o.outcome).msgid)
            if o.outcome == "commune_task" and is_upper_word(unit_word):  # the meeting's own level resolves it
                outcome = f"Giao giải quyết theo thẩm quyền của {unit_word}"
            parts.append(f"<i>Hướng xử lý:</i> {text(_end(outcome))}")
    if meeting.conclusion.strip() or meeting.conclusions:
        parts.append("<b>Kết luận của chủ trì:</b>")
        for part in nfc(meeting.conclusion).split("\n"):
            if part.strip():
                parts.append(text(running(_end(part.strip()))))
        for number, task in enumerate(meeting.conclusions, start=1):
            due = f"; thời hạn trước ngày {short_date(task.deadline)}" if task.deadline else ""
            parts.append(text(running(f"{number}. {_end(task.content)} Giao {task.assignee} chủ trì "
                                      f"thực hiện{due}.")))
    parts.append(text(running(minutes_closing(meeting))))
    return parts


def minutes_closing(meeting: Meeting) -> str:
    """When the meeting ended and how the minutes were approved, as a conference's minutes say
    it: read out to the conference (or to those present at a smaller meeting) and approved there."""
    end = clock(meeting.ends_at) or BLANK + " giờ " + BLANK
    where = venue(meeting)
    conference = where == "Hội nghị"
    said = f"{capitalised(where)} kết thúc vào hồi {end} cùng ngày. "
    if meeting.track == "party":
        approved = "được Hội nghị" if conference else "được những người tham dự"
        return said + f"Biên bản đã được đọc lại trước {where} và {approved} nhất trí thông qua./."
    return said + f"Biên bản đã được đọc lại cho {where if conference else 'những người tham dự'} nghe và thông qua./."


def minutes_signatures(meeting: Meeting, entry: RegisterEntry) -> tuple[tuple[str, str], tuple[str, str]]:
    """The minutes' two signatures, (capacity, name): the secretary's left, the chair's right."""
    return ("THƯ KÝ", nfc(entry.secretary).strip()), ("CHỦ TỌA", nfc(meeting.chair))


def minutes_story(meeting: Meeting, entry: RegisterEntry, unit_word: str, styles: Styles, width: float
                  ) -> list[Flowable]:
    """Decree 30/2020 Mẫu 1.9: time started, place, attendance, chair and secretary, the course of
    the meeting with each opinion and its answer, the conclusion, the closing time and how the
    minutes were approved, the secretary's and the chair's signatures, the recipients."""
    body = styles.body
    *parts, closing_part = minutes_parts(meeting, entry, unit_word)
    story: list[Flowable] = [Paragraph(part, body) for part in parts]
    last = Paragraph(closing_part, body)
    (left, left_name), (right, right_name) = minutes_signatures(meeting, entry)
    secretary = signature_cell((left,), left_name, styles)
    chair = signature_cell((right,), right_name, styles)
    story.append(closing([last], footer(secretary, chair, width, styles, left_share=0.5)))
    if entry.recipients:  # Mẫu 1.9: under the signatures, on the left
        story += [Spacer(1, 6 * mm), footer(recipients_cell(entry.recipients, styles), [], width, styles)]
    return story


def invitation_parts(meeting: Meeting, issuer: str, invitees: str = "") -> list[tuple[str, str]]:
    """The body of the invitation as (style, markup) paragraphs, the style "body" or "body_left",
    the closing sentence last; the PDF and the Word document are both made from it."""
    when = f"{clock(meeting.starts_at)}, " if meeting.starts_at else ""
    when += f"{weekday(meeting.held_on)}, {long_date(meeting.held_on)}"
    online = " (trực tuyến)" if meeting.mode == "online" else ""
    return [
        ("body", text(running(f"{issuer} trân trọng kính mời:"))),
        ("body_left", text(nfc(invitees) or INVITEE_BLANK)),
        ("body", text(running(f"Tới dự {meeting_phrase(meeting, dated=False)}{online}."))),
        ("body", _labelled("Chủ trì:", _end(capitalised(chair_phrase(meeting))))),
        ("body", _labelled("Thời gian:", _end(when))),
        ("body", _labelled("Địa điểm:", _end(meeting.place))),
        ("body", text("Rất mong Ông (Bà) dành thời gian đến dự đúng giờ./.")),
    ]


def invitation_story(meeting: Meeting, entry: RegisterEntry, issuer: str, styles: Styles, width: float,
                     invitees: str = "") -> list[Flowable]:
    """Who invites whom to what, chaired by whom, when and where; signature and recipients."""
    *parts, (_style, closing_part) = invitation_parts(meeting, issuer, invitees)
    story: list[Flowable] = [Paragraph(markup, getattr(styles, style)) for style, markup in parts]
    last = Paragraph(closing_part, styles.body)
    authority = AUTHORITIES.get(entry.authority)
    foot = footer(recipients_cell(entry.recipients, styles),
                  signature_cell(authority.lines if authority else (), entry.signer, styles), width, styles)
    story.append(closing([last], foot))
    return story
