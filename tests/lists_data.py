"""A small data file for the list tests, written through the application's own code, and what each
list holds in it, worked out by hand (not by the queries under test).

Four meetings, six opinions (O1…O6, told apart by their speaker), six tasks (T1…T6, by their
content).  Lists are judged on TODAY.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import run_qcdc

TODAY = dt.date(2026, 6, 30)

O1, O2, O3, O4, O5, O6 = ("Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Nguyễn Thị Hoa", "Đỗ Văn Giang",
                          "Hoàng Văn Hải")
T1, T2, T3, T4, T5, T6 = ("Sửa đường liên thôn", "Thu gom rác thải", "Kiểm tra hồ sơ đất", "Tuyên truyền pháp luật",
                          "Việc không làm nữa", "Lắp đèn đường")
M1, M2, M3, M4 = "Đối thoại đầu năm 2026", "Tiếp xúc cử tri quý I", "Tiếp công dân tháng 11", "Đối thoại chuyên đề"

MEETINGS = [
    {"kind": "dialogue", "held_on": "2026-01-10", "title": M1, "place": "Hội trường UBND xã",
     "chair": "Nguyễn Văn An", "chair_title": "Chủ tịch UBND xã", "participants": 1234,
     "opinions": [
         {"speaker": O1, "address": "Thôn Đông", "field": "land",
          "content": "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ.", "answered": True,
          "answer": "Xã hoàn thiện hồ sơ trong quý II.", "outcome": "answered"},
         {"speaker": O2, "address": "Thôn Tây", "field": "transport",
          "content": "Đường liên thôn xuống cấp", "outcome": "commune_task"},
         {"speaker": O3, "address": "Thôn Đông", "field": "environment",
          "content": "Rác thải ở kênh Đồng Tâm gây ô nhiễm", "outcome": "forwarded"},
     ],
     "conclusions": [
         {"content": T1, "assignee": "Phòng Kinh tế", "deadline": "2026-03-01", "state": "done",
          "completed_on": "2026-02-20"},
         {"content": T2, "assignee": "Trạm Y tế", "deadline": "2026-02-01", "state": "done",
          "completed_on": "2026-02-15"},
         {"content": T3, "assignee": "Công chức Địa chính", "deadline": "2026-06-01"},
         {"content": T4, "assignee": "Phòng Kinh tế", "deadline": "2026-06-30"},
         {"content": T5, "assignee": "Trạm Y tế", "deadline": "2026-04-01", "state": "dropped"},
     ]},
    {"kind": "contact", "held_on": "2026-03-05", "title": M2, "place": "Nhà văn hóa Thôn Tây",
     "chair": "Trần Văn Bảo", "chair_title": "Bí thư Đảng ủy xã", "participants": 80,
     "opinions": [
         {"speaker": O4, "address": "Thôn Tây", "field": "land",
          "content": "Tranh chấp đất đai giữa hai hộ", "outcome": "commune_task"},
         {"speaker": O5, "field": "security", "content": "Trộm cắp tài sản ban đêm", "answered": True,
          "answer": "Công an xã tăng tuần tra.", "outcome": "answered"},
     ],
     "conclusions": [{"content": T6, "assignee": "Phòng Kinh tế"}]},
    {"kind": "reception", "held_on": "2025-11-20", "title": M3, "place": "Phòng tiếp công dân",
     "chair": "Nguyễn Văn An", "chair_title": "Chủ tịch UBND xã",
     "opinions": [{"speaker": O6, "address": "Thôn Nam", "field": "social_policy",
                   "content": "Chế độ cho người có công", "outcome": "forwarded"}]},
    {"kind": "thematic", "held_on": "2026-08-01", "title": M4, "place": "Hội trường UBND xã",
     "chair": "Nguyễn Văn An", "chair_title": "Chủ tịch UBND xã"},
]


def build(path: Path) -> Path:
    """Create the data file with ``qcdc init`` and add :data:`MEETINGS` with the application's
    validation and write operation."""
    from qcdc_desktop.core.validate import parse_meetings
    from qcdc_desktop.db.connection import open_store
    from qcdc_desktop.db.meetings import add_meetings

    result = run_qcdc("init", "--db", str(path), "--unit-code", "00004")
    assert result.returncode == 0, result.stderr
    with open_store(path) as store:
        add_meetings(store, meetings=parse_meetings(MEETINGS, today=TODAY))
    return path


def build_demo(path: Path) -> Path:
    """A bigger file from ``qcdc demo`` (a ward's three years, about 380 opinions): several pages per list."""
    result = run_qcdc("init", "--db", str(path), "--unit-code", "00004")
    assert result.returncode == 0, result.stderr
    result = run_qcdc("demo", "--db", str(path), "--seed", "3", "--until", "2026-06-30")
    assert result.returncode == 0, result.stderr
    return path
