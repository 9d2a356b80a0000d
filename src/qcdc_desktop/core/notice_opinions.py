"""What citizens raised, field by field, as a conclusion notice summarises it: each opinion's
content condensed, and what was done with it — the answer given at the meeting, the task of the
conclusions it became, or where it was sent.

A notice is sent to every body and posted for the public: it names none of the citizens who
spoke.  The contents and answers lose the names of the speakers and of those they spoke for, and
every phone number (``core.public.Redactor``: a name becomes its initials).  Pure functions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .catalog import FIELDS
from .model import Meeting, Opinion, as_one_fact
from .public import Redactor
from .text import nfc

CONTENT_WORDS = 40  # an opinion's content is condensed to its first sentences, at most about this long
ANSWER_WORDS = 60
_SENTENCE = re.compile(r"(?<=[.!?…;])\s+")
_END = ".!?…"


def condensed(value: str, words: int) -> str:
    """The first sentences of ``value`` up to about ``words`` words, on one line, ending with a
    full stop; a first sentence longer than that is cut, with "…"."""
    text = re.sub(r"\s+", " ", nfc(value)).strip()
    if not text:
        return ""
    taken: list[str] = []
    count = 0
    for sentence in _SENTENCE.split(text):
        n = len(sentence.split())
        if taken and count + n > words:
            break
        taken.append(sentence)
        count += n
    result = " ".join(taken)
    if count > words:  # one sentence, too long
        result = " ".join(result.split()[:words]).rstrip(",;:-–") + "…"
    result = result.rstrip(";,:")
    if result[-1:] not in _END:
        result += "."
    return result[:1].upper() + result[1:]


def field_order(meeting: Meeting) -> list[tuple[str, int]]:
    """The fields raised, most raised first (ties in the catalog's order), with their counts."""
    order = {code: i for i, code in enumerate(FIELDS.codes())}
    counts = Counter(o.field for o in meeting.opinions)
    return sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))


def task_numbers(meeting: Meeting, opinion_number: int) -> list[int]:
    """The numbers of the conclusions (1-based, as the notice numbers them) an opinion led to."""
    return [n for n, task in enumerate(meeting.conclusions, start=1) if opinion_number in task.opinions]


def _pointer(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers)
    return f"điểm {listed} phần kết luận dưới đây" if len(numbers) == 1 else f"các điểm {listed} phần kết luận dưới đây"


def outcome_sentence(meeting: Meeting, opinion: Opinion, number: int, where: str, unit_word: str,
                     clean: Redactor) -> str:
    """What became of one opinion, in a sentence: the answer given at the meeting, or the task."""
    answered, outcome = as_one_fact(opinion.answered, opinion.outcome)
    tasks = task_numbers(meeting, number)
    parts = []
    if answered:
        answer = condensed(clean.text(opinion.answer), ANSWER_WORDS)
        parts.append(f"Trả lời tại {where}: {answer}" if answer else f"Đã được trả lời trực tiếp tại {where}.")
    elif outcome == "commune_task":
        parts.append(f"Giao giải quyết tại {_pointer(tasks)}." if tasks
                     else f"Được giao giải quyết theo thẩm quyền của {unit_word}.")
        tasks = []
    elif outcome == "forwarded":
        parts.append("Thuộc thẩm quyền của cấp trên, được tổng hợp, chuyển cơ quan có thẩm quyền xem xét, giải quyết.")
    elif outcome == "not_state_business":
        parts.append("Không thuộc trách nhiệm giải quyết của Nhà nước, đã được giải thích, hướng dẫn.")
    if tasks:
        parts.append(f"Nội dung này được giao tại {_pointer(tasks)}.")
    return " ".join(parts)


def _same_matter(meeting: Meeting, number: int, opinion: Opinion, clean: Redactor) -> tuple[str, str] | None:
    """What makes opinions one matter in the summary: the same answer given at the meeting (the
    chair answered them together), or the same content sent on or explained; None: on its own
    (an opinion that became a task keeps its pointer to the task)."""
    answered, outcome = as_one_fact(opinion.answered, opinion.outcome)
    if answered and opinion.answer.strip():
        return "answer", condensed(clean.text(opinion.answer), ANSWER_WORDS)
    if outcome in ("forwarded", "not_state_business") and not task_numbers(meeting, number):
        return outcome, condensed(clean.text(opinion.content), CONTENT_WORDS)
    return None


def per_field(meeting: Meeting, where: str, unit_word: str, field_name: dict[str, str]) -> list[str]:
    """The paragraphs of the summary: "Về lĩnh vực đất đai (2 ý kiến):", then one "- …" line per
    matter with what became of it.  ``field_name`` gives each field as a sentence names it.
    Opinions given one answer (or sent on with one content) are one line that says how many
    raised it, as a clerk writes "(3 ý kiến có nội dung tương tự)" instead of the same answer three times."""
    clean = Redactor.of([meeting])
    numbered = list(enumerate(meeting.opinions, start=1))
    paragraphs = []
    for code, count in field_order(meeting):
        paragraphs.append(f"Về lĩnh vực {field_name[code]} ({count} ý kiến):")
        lines: list[_Line] = []
        seen: dict[tuple[str, str], _Line] = {}
        for number, opinion in numbered:
            if opinion.field != code:
                continue
            key = _same_matter(meeting, number, opinion, clean)
            if key is not None and key in seen:
                seen[key].many += 1
                continue
            content = condensed(clean.text(opinion.content), CONTENT_WORDS) or "(Không ghi nội dung.)"
            line = _Line(content, outcome_sentence(meeting, opinion, number, where, unit_word, clean))
            lines.append(line)
            if key is not None:
                seen[key] = line
        paragraphs += [line.paragraph() for line in lines]
    return paragraphs


@dataclass
class _Line:
    """One line of a field's summary: a matter, what became of it, and how many raised it."""

    content: str
    outcome: str
    many: int = 1

    def paragraph(self) -> str:
        content = self.content
        if self.many > 1:
            content = f"{content.removesuffix('.')} ({self.many} ý kiến có nội dung tương tự)."
        return f"- {content} {self.outcome}".rstrip()
