"""What the results sheet says ("Kết quả giải quyết ý kiến, kiến nghị của Nhân dân"): each opinion
of one meeting or of the meetings of a period, who raised it (in the public form of
:mod:`core.public`), its field, what it asked, what was answered or done, and where it stands.

Vietnamese wording, like :mod:`core.wording`: the sheet is an office document whatever the
language of the screen.  No I/O.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .followup import task_progress
from .model import Meeting, Opinion, Task
from .public import Redactor, public_speaker
from .statistics import Period
from .text import nfc
from .wording import capitalised, expand, field_label, meeting_phrase, short_date, venue

# Where an opinion stands, in the order the counts are given, and how the sheet says it.
STATUSES: dict[str, str] = {
    "answered": "Đã trả lời trực tiếp",
    "done": "Đã giải quyết xong",
    "in_progress": "Đang giải quyết",
    "overdue": "Đang giải quyết, đã quá hạn",
    "forwarded": "Đã chuyển cơ quan có thẩm quyền",
    "explained": "Đã giải thích, hướng dẫn",
    "dropped": "Dừng giải quyết",
    "pending": "Đang xem xét",
}
# The same, inside the sentence of the counts.
_COUNTED = {
    "answered": "đã trả lời trực tiếp", "done": "đã giải quyết xong", "in_progress": "đang giải quyết",
    "overdue": "đang giải quyết nhưng đã quá hạn", "forwarded": "đã chuyển cơ quan có thẩm quyền giải quyết",
    "explained": "không thuộc trách nhiệm của Nhà nước, đã giải thích, hướng dẫn", "dropped": "dừng giải quyết",
    "pending": "đang xem xét",
}
_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class ResultRow:
    number: int
    speaker: str
    field: str
    content: str
    result: str
    status: str  # a key of STATUSES


@dataclass(frozen=True)
class MeetingResults:
    meeting: Meeting
    heading: str  # the meeting as a row of the table names it, for a sheet of many meetings
    rows: tuple[ResultRow, ...]


@dataclass(frozen=True)
class Results:
    groups: tuple[MeetingResults, ...]
    counts: Counter[str]
    as_of: dt.date

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _end(value: str) -> str:
    value = nfc(value).strip()
    return value if not value or value[-1:] in ".!?…:;)" else value + "."


def _task_text(task: Task, clean: Redactor) -> str:
    lead = f"Giao {expand(task.assignee)} chủ trì giải quyết"
    if task.deadline:
        lead += f", thời hạn trước ngày {short_date(task.deadline)}"
    parts = [lead + "."]
    if task.state == "done":
        when = f" (hoàn thành ngày {short_date(task.completed_on)})" if task.completed_on else ""
        done = f"Kết quả{when}: {_end(clean.text(task.result))}" if task.result.strip() else f"Đã thực hiện xong{when}."
        if task.reply_doc.strip():
            done += f" Văn bản trả lời số {nfc(task.reply_doc).strip()}."
        parts.append(done)
    elif task.state == "dropped" and task.result.strip():
        parts.append(_end(clean.text(task.result)))
    return " ".join(parts)


def _task_status(tasks: list[Task], as_of: dt.date) -> str:
    progress = {task_progress(t, as_of) for t in tasks}
    if "overdue" in progress:
        return "overdue"
    if "in_progress" in progress:
        return "in_progress"
    if progress <= {"dropped"}:
        return "dropped"
    return "done"


def opinion_result(meeting: Meeting, opinion: Opinion, tasks: list[Task], as_of: dt.date,
                   clean: Redactor) -> tuple[str, str]:
    """What was answered or done about an opinion, and where it stands (a key of STATUSES)."""
    said = [f"Trả lời tại {venue(meeting)}: {_end(clean.text(opinion.answer))}"] if opinion.answered and \
        opinion.answer.strip() else []
    if tasks:
        return " ".join(said + [_task_text(t, clean) for t in tasks]), _task_status(tasks, as_of)
    if opinion.outcome == "commune_task":
        return " ".join(said + ["Giao giải quyết theo thẩm quyền của Ủy ban nhân dân."]), "in_progress"
    if opinion.outcome == "forwarded":
        return " ".join(said + ["Đã tổng hợp, chuyển cơ quan có thẩm quyền xem xét, giải quyết."]), "forwarded"
    if opinion.outcome == "not_state_business":
        return " ".join(said or ["Không thuộc trách nhiệm giải quyết của Nhà nước; đã giải thích, hướng dẫn."]), \
            "explained"
    if said:
        return said[0], "answered"
    return "", "pending"


def meeting_heading(meeting: Meeting) -> str:
    """"Hội nghị đối thoại với Nhân dân năm 2026 (ngày 05/03/2026, Hội trường UBND xã)"."""
    return (f"{capitalised(meeting_phrase(meeting, dated=False))} (ngày {short_date(meeting.held_on)}, "
            f"{nfc(meeting.place)})")


def gather(meetings: list[Meeting], as_of: dt.date) -> Results:
    """The rows of the public sheet for ``meetings`` (held ones, by date), judged on ``as_of``:
    each citizen named by initials and hamlet, the names and phone numbers of the citizens of all
    these meetings taken out of the texts."""
    held = sorted((m for m in meetings if m.status != "planned"), key=lambda m: (m.held_on, m.id or ""))
    clean = Redactor.of(held)
    groups, counts, number = [], Counter[str](), 0
    for meeting in held:
        rows = []
        for index, opinion in enumerate(meeting.opinions, start=1):
            tasks = [t for t in meeting.conclusions if index in t.opinions]
            result, status = opinion_result(meeting, opinion, tasks, as_of, clean)
            number += 1
            rows.append(ResultRow(number, public_speaker(opinion), field_label(opinion.field), _end(clean.text(opinion.content)),
                                  result, status))
            counts[status] += 1
        groups.append(MeetingResults(meeting, meeting_heading(meeting), tuple(rows)))
    return Results(tuple(groups), counts, as_of)


def counts_sentence(results: Results) -> str:
    """"Tổng số 20 ý kiến, kiến nghị; trong đó: đã trả lời trực tiếp 12 ý kiến; …"."""
    if not results.total:
        return "Không có ý kiến, kiến nghị nào của Nhân dân."
    parts = [f"{_COUNTED[key]} {results.counts[key]} ý kiến" for key in STATUSES if results.counts[key]]
    return (f"Tổng số {results.total} ý kiến, kiến nghị của Nhân dân; trong đó: " + "; ".join(parts)
            + f". Kết quả tính đến ngày {short_date(results.as_of)}.")


def period_phrase(period: Period) -> str:
    """The period as the sheet's summary line names it: "năm 2026", "quý I năm 2026",
    "6 tháng đầu năm 2026", "tháng 3 năm 2026", "từ ngày 01/01/2026 đến ngày 15/06/2026"."""
    if period.kind == "year":
        return f"năm {period.year}"
    if period.kind == "quarter":
        return f"quý {_ROMAN[period.index - 1]} năm {period.year}"
    if period.kind == "half":
        return f"6 tháng đầu năm {period.year}"
    if period.kind == "nine_months":
        return f"9 tháng đầu năm {period.year}"
    if period.kind == "month":
        return f"tháng {period.index} năm {period.year}"
    return f"từ ngày {short_date(period.start)} đến ngày {short_date(period.end)}"


def meeting_summary(meeting: Meeting) -> str:
    """The summary line of the sheet of one meeting."""
    return f"Tại {meeting_phrase(meeting, dated=False)} ngày {short_date(meeting.held_on)}"


def period_summary(period: Period) -> str:
    """The summary line of the sheet of a period."""
    return f"Tại các hội nghị, buổi đối thoại với Nhân dân {period_phrase(period)}"
