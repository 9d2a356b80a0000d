"""Vietnamese wording of the printed documents, built from the meeting's data.

The documents are official papers in Vietnamese whatever the language of the screen, so nothing
here goes through gettext (field labels are looked up with ``gettext_in("vi", …)``).  "Nhân dân"
and "Nhà nước" are capitalised in every sentence built here; what the clerk typed is printed as
typed, because "ủy ban nhân dân" and "cơ quan nhà nước" are rightly written in lower case.
"""

from __future__ import annotations

import datetime as dt
import re

from ..l10n import gettext_in
from .catalog import FIELDS
from .model import Meeting
from .notice import INVITATION, MINUTES, NOTICE
from .running import unbreakable
from .text import nfc

# People's Committees and Councils exist at the levels of the State only: the province, the
# district and the commune (and "các cấp", every level).  A thôn, tổ dân phố, khu phố or ấp has no
# "Ủy ban nhân dân": "UBND thôn" is what the clerk typed, not a body's name, and is left as typed.
# An abbreviation alone ("Chủ tịch UBND", "Thường trực HĐND,") names the office's own committee.
_STATE_LEVEL = (r"(?=\s*(?:$|[,;:.)/]|\s(?i:xã|phường|thị\s+trấn|thị\s+xã|tỉnh|thành\s+phố|tp|tx|huyện|quận"
                r"|đặc\s+khu|các\s+cấp|cấp|và\s+(?:UBND|HĐND))\b))")
_ABBREVIATIONS = [
    (re.compile(r"\bUBND\b" + _STATE_LEVEL), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b" + _STATE_LEVEL), "Hội đồng nhân dân"),
    (re.compile(r"\bMTTQ\b"), "Mặt trận Tổ quốc"),
]
_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def expand(text: str) -> str:
    """Abbreviations of a body spelled out, as a title or summary line wants them: "Chủ tịch UBND
    xã" → "Chủ tịch Ủy ban nhân dân xã"; "UBND thôn 3" names no body and stays as typed."""
    text = nfc(text)
    for pattern, words in _ABBREVIATIONS:
        text = pattern.sub(words, text)
    return text


def running(text: str) -> str:
    """A paragraph of a document's body as it is printed: the bodies spelled out, the generic
    words of units in lower case inside a sentence, no line break inside a name, a unit's name or
    a count (``core.running``).  Every document applies it to its running text."""
    return unbreakable(expand(text))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def long_date(value: dt.date) -> str:
    """"ngày 05 tháng 3 năm 2026": day below 10, January and February with a leading zero."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def short_date(value: dt.date) -> str:
    """dd/MM/yyyy: "30/04/2026"."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def weekday(value: dt.date) -> str:
    return _WEEKDAYS[value.weekday()]


def clock(hhmm: str) -> str:
    """"08:00" → "08 giờ 00"; empty stays empty."""
    match = re.fullmatch(r"\s*(\d{1,2})[:hg.](\d{2})\s*", hhmm or "")
    if not match:
        return nfc(hhmm or "")
    return f"{int(match[1]):02d} giờ {match[2]}"


def field_label(code: str) -> str:
    """The Vietnamese label of a field of the catalog, whatever the screen's language."""
    return gettext_in("vi", FIELDS.get(code).msgid) if code in FIELDS else nfc(code)


def field_in_sentence(code: str) -> str:
    """The label inside a sentence: only its first letter lowered, so "Xây dựng Đảng, chính
    quyền" becomes "xây dựng Đảng, chính quyền" ("Đảng" keeps its capital)."""
    label = field_label(code)
    return label[:1].lower() + label[1:]


def _scope(meeting: Meeting) -> str:
    return ", ".join(nfc(s) for s in meeting.scope)


def meeting_phrase(meeting: Meeting, *, dated: bool = True) -> str:
    """The meeting as a sentence names it: "Hội nghị đối thoại với Nhân dân năm 2026".  Without
    ``dated``, meetings named by their day leave it out (the sentence gives it already)."""
    year, day = meeting.held_on.year, short_date(meeting.held_on)
    scope = _scope(meeting)
    if not dated and meeting.kind not in ("dialogue", "contact"):
        return re.sub(r" ngày \d\d/\d\d/\d{4}$", "", meeting_phrase(meeting))
    if meeting.kind == "dialogue":
        return f"Hội nghị đối thoại với Nhân dân năm {year}"
    if meeting.kind == "contact":
        return f"Hội nghị tiếp xúc, đối thoại trực tiếp với Nhân dân năm {year}"
    if meeting.kind == "on_request":
        voters = f"cử tri {scope}" if scope else "cử tri"
        return f"Hội nghị đối thoại với Nhân dân theo yêu cầu của {voters} ngày {day}"
    if meeting.kind == "ad_hoc":
        where = f" {scope}" if scope else ""
        return f"buổi đối thoại đột xuất với Nhân dân{where} ngày {day}"
    if meeting.kind == "thematic":
        return f"{topic(meeting)} ngày {day}"
    if meeting.kind == "reception":
        return f"buổi tiếp công dân định kỳ ngày {day}"
    return f"{nfc(meeting.title)} ngày {day}"


def topic(meeting: Meeting) -> str:
    """A thematic meeting named by its topic, the meeting's title: "Đối thoại chuyên đề về bồi
    thường, giải phóng mặt bằng dự án …" → "Hội nghị đối thoại chuyên đề về bồi thường, …"."""
    title = re.sub(r"\s+", " ", expand(meeting.title)).strip().rstrip(".")
    folded = title.casefold()
    if folded in ("", "đối thoại chuyên đề", "hội nghị đối thoại chuyên đề"):
        return "Hội nghị đối thoại chuyên đề với Nhân dân"
    if folded.startswith(("hội nghị", "buổi ")):
        return title
    lowered = title[:1].lower() + title[1:] if title[1:2].islower() else title
    if folded.startswith("đối thoại"):
        return f"Hội nghị {lowered}"
    return f"Hội nghị đối thoại chuyên đề về {lowered}"


def venue(meeting: Meeting) -> str:
    """How a sentence refers back to the meeting: "Hội nghị", "buổi đối thoại", "buổi tiếp công dân"."""
    phrase = meeting_phrase(meeting)
    if phrase.startswith("Hội nghị"):
        return "Hội nghị"
    return "buổi tiếp công dân" if meeting.kind == "reception" else "buổi đối thoại"


def chair_role(meeting: Meeting) -> str:
    """Who concluded, as the summary line names them: "Chủ tịch Ủy ban nhân dân xã", and on the
    Party track "đồng chí Bí thư Đảng ủy xã"."""
    title = expand(meeting.chair_title) or "Chủ tịch Ủy ban nhân dân"
    return f"đồng chí {title}" if meeting.track == "party" else title


def summary_line(meeting: Meeting, doc_type: str = NOTICE) -> str:
    """The summary line (trích yếu) under the document's name."""
    phrase = meeting_phrase(meeting)
    if doc_type == NOTICE:
        return f"Kết luận của {chair_role(meeting)} tại {phrase}"
    if doc_type == INVITATION:  # the day is in the invitation's "Thời gian" line
        return f"Dự {meeting_phrase(meeting, dated=False)}"
    if doc_type == MINUTES:
        return capitalised(phrase)
    return capitalised(phrase)


def chair_phrase(meeting: Meeting) -> str:
    """"đồng chí Nguyễn Văn An, Chủ tịch Ủy ban nhân dân xã"."""
    title = expand(meeting.chair_title)
    return f"đồng chí {nfc(meeting.chair)}, {title}" if title else f"đồng chí {nfc(meeting.chair)}"


def people(meeting: Meeting) -> str:
    """Co-chairs, "đồng chí X, title; đồng chí Y, title"."""
    return "; ".join(f"đồng chí {nfc(p.name)}, {expand(p.title)}" if p.title else f"đồng chí {nfc(p.name)}"
                     for p in meeting.co_chairs)


def attendance(meeting: Meeting, unit_word: str) -> str:
    """Who took part ("đồng chí …; đại diện …; 120 đại biểu, cử tri và Nhân dân …"), or "" when
    nothing is known beyond the chair."""
    parts = []
    if meeting.co_chairs:
        parts.append(people(meeting))
    if meeting.coordinating:
        parts.append(f"đại diện {expand(meeting.coordinating)}")
    scope = _scope(meeting)
    where = f"{scope}" if scope else f"trên địa bàn {unit_word}"
    if meeting.participants:
        parts.append(f"{meeting.participants} đại biểu, cử tri và Nhân dân {where}")
    elif meeting.kind != "reception":
        parts.append(f"cử tri và Nhân dân {where}")
    return "; ".join(parts)
