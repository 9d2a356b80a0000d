"""The conclusion notice (thông báo kết luận): what the meeting was, what citizens raised, what
the chair concluded and who does what by when."""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import Flowable, Paragraph

from ..core.model import Meeting, RegisterEntry
from ..core.notice import AUTHORITIES, COUNTS, SUMMARY
from ..core.notice_opinions import field_order, per_field
from ..core.text import nfc
from ..core.unit_words import party_committee, party_units_told, state_office
from ..core.wording import (
    attendance,
    capitalised,
    chair_phrase,
    chair_role,
    field_in_sentence,
    long_date,
    meeting_phrase,
    running,
    short_date,
    venue,
)
from .layout import Styles, closing, footer, recipients_cell, signature_cell, text


def _sentence(value: str) -> str:
    value = nfc(value)
    return value if value[-1:] in ".!?…:;" else value + "."


def opening(meeting: Meeting) -> str:
    """When, where, who chaired, in one sentence (running text: ``core.wording.running``)."""
    mode = " theo hình thức trực tuyến" if meeting.mode == "online" else ""
    return running(f"{capitalised(long_date(meeting.held_on))}, tại {nfc(meeting.place)}, {chair_phrase(meeting)} "
                   f"chủ trì {meeting_phrase(meeting, dated=False)}{mode}.")


def opinions_summary(meeting: Meeting, unit_word: str, form: str = COUNTS) -> list[str]:
    """What citizens raised and what became of it: with ``form`` COUNTS the fields with their
    counts; with SUMMARY, field by field, each opinion condensed with the answer given or the
    task it became (no citizen named: ``core.notice_opinions``)."""
    return [running(p) for p in _opinions(meeting, unit_word, form)]


def _opinions(meeting: Meeting, unit_word: str, form: str) -> list[str]:
    total = len(meeting.opinions)
    where = venue(meeting)
    if not total:
        return [f"Tại {where}, không có ý kiến phát biểu, kiến nghị, phản ánh."]
    groups = field_order(meeting)
    if form == SUMMARY:
        names = {code: field_in_sentence(code) for code, _n in groups}
        head = (f"Tại {where}, có {total} ý kiến phát biểu, kiến nghị, phản ánh của cử tri và Nhân dân, "
                f"tập trung vào {'lĩnh vực' if len(groups) == 1 else 'các lĩnh vực'} sau:")
        return [head, *per_field(meeting, where, unit_word, names)]
    fields = [f"{field_in_sentence(code)} ({n} ý kiến)" for code, n in groups]
    listed = "; ".join(fields)  # semicolons: labels such as "xây dựng, đô thị" hold commas themselves
    paragraphs = [f"Tại {where}, có {total} ý kiến phát biểu, kiến nghị, phản ánh của cử tri và Nhân dân, "
                  f"tập trung vào {'lĩnh vực' if len(fields) == 1 else 'các lĩnh vực'}: {listed}."]
    answered = sum(o.answered for o in meeting.opinions)
    outcomes = Counter(o.outcome for o in meeting.opinions)
    parts = []
    if answered:
        parts.append(f"đã trả lời trực tiếp tại {where} {answered} ý kiến")
    if outcomes["commune_task"]:
        parts.append(f"{outcomes['commune_task']} ý kiến được giao giải quyết theo thẩm quyền của {unit_word}")
    if outcomes["forwarded"]:
        parts.append(f"{outcomes['forwarded']} ý kiến thuộc thẩm quyền của cấp trên được tổng hợp, chuyển cơ quan "
                     "có thẩm quyền xem xét, giải quyết")
    if outcomes["not_state_business"]:
        parts.append(f"{outcomes['not_state_business']} ý kiến không thuộc trách nhiệm giải quyết của Nhà nước, "
                     "đã được giải thích, hướng dẫn")
    if parts:
        who = (f"Lãnh đạo {party_committee(unit_word)}" if meeting.track == "party"
               else f"Lãnh đạo Ủy ban nhân dân {unit_word}")
        paragraphs.append(f"{who} và các cơ quan, đơn vị liên quan " + "; ".join(parts) + ".")
    return paragraphs


def task_markup(number: int, task_content: str, assignee: str, coordinating: str, deadline: str) -> str:
    """One numbered conclusion: what, who leads, with whom, by when (dd/MM/yyyy)."""
    who = f"Giao {assignee} chủ trì"
    if coordinating.strip():
        who += f", phối hợp với {coordinating}"
    who += " thực hiện"
    if deadline:
        who += f"; thời hạn hoàn thành trước ngày {deadline}"
    return text(running(f"{number}. {_sentence(task_content)} {who}."))


def closing_sentence(meeting: Meeting, authority: str, unit_word: str) -> str:
    """Who makes the conclusion known, and to whom; the body ends with "./."."""
    phrase = meeting_phrase(meeting)
    if meeting.track == "party":
        return running(f"Trên đây là kết luận của {chair_role(meeting)} tại {phrase}. Ban Thường vụ "
                       f"{party_committee(unit_word)} thông báo để {party_units_told(unit_word)}, cơ quan, đơn vị, "
                       "cá nhân liên quan và Nhân dân biết, thực hiện./.")
    office = state_office(unit_word) if authority in ("tl", "tuq") else f"Ủy ban nhân dân {unit_word}"
    return running(f"Trên đây là kết luận của {chair_role(meeting)} tại {phrase}. {office} thông báo để các cơ quan, "
                   "đơn vị, cá nhân liên quan và Nhân dân biết, thực hiện./.")


def notice_parts(meeting: Meeting, entry: RegisterEntry, unit_word: str) -> list[str]:
    """The body of the notice as paragraph markup, the closing sentence last; the PDF and the
    Word document are both made from it."""
    parts = [text(opening(meeting))]
    who = attendance(meeting, unit_word)
    if who:
        parts.append(text(running(f"Tham dự {venue(meeting)} có {who}.")))
    parts += [text(p) for p in opinions_summary(meeting, unit_word, entry.opinions)]
    concluded_by = chair_role(meeting)
    parts.append(text(running(f"Sau khi nghe ý kiến của cử tri, Nhân dân và giải trình của các cơ quan, đơn vị, "
                              f"{concluded_by} kết luận như sau:")))
    for part in nfc(meeting.conclusion).split("\n"):
        if part.strip():
            parts.append(text(running(_sentence(part.strip()))))
    if meeting.conclusions:
        if meeting.conclusion.strip():
            parts.append("Giao nhiệm vụ cụ thể như sau:")
        for number, task in enumerate(meeting.conclusions, start=1):
            deadline = short_date(task.deadline) if task.deadline else ""
            parts.append(task_markup(number, task.content, task.assignee, task.coordinating, deadline))
    parts.append(text(closing_sentence(meeting, entry.authority, unit_word)))
    return parts


def signature_lines(entry: RegisterEntry) -> tuple[str, ...]:
    """The capacity lines above the signature ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")."""
    authority = AUTHORITIES[entry.authority] if entry.authority in AUTHORITIES else None
    return authority.lines if authority else ()


def notice_story(meeting: Meeting, entry: RegisterEntry, unit_word: str, styles: Styles, width: float
                 ) -> list[Flowable]:
    """The body and the footer of the notice (the header and title come from the caller)."""
    *parts, closing_part = notice_parts(meeting, entry, unit_word)
    story: list[Flowable] = [Paragraph(part, styles.body) for part in parts]
    last = Paragraph(closing_part, styles.body)
    foot = footer(recipients_cell(entry.recipients, styles), signature_cell(signature_lines(entry), entry.signer,
                                                                            styles), width, styles)
    story.append(closing([last], foot))
    return story
