"""The public versions on paper: the notice and the results sheet of every meeting of a demo data
file, and of a meeting whose texts name citizens and give phone numbers, hold in their extracted
text no full name of a citizen who spoke or was spoken for, and no phone number of an opinion."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from conftest import full_meeting, run_qcdc
from pdfcheck import line_with, needs_poppler
from qcdc_desktop.core.errors import NoticeError
from qcdc_desktop.core.model import Meeting
from qcdc_desktop.core.personal import mentions, name_words, phone_digits
from qcdc_desktop.core.public import bare_name
from qcdc_desktop.core.statistics import parse_period
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.connection import Store, open_store
from qcdc_desktop.db.meetings import add_meetings, iter_meetings
from qcdc_desktop.printing.desk import preview_document
from qcdc_desktop.printing.results_desk import period_results, preview_results, write_results

pytestmark = needs_poppler
DAY = dt.date(2026, 1, 15)

# A meeting whose free texts name its citizens and give their numbers, as a clerk may type them.
TALKATIVE = full_meeting(
    held_on="2025-11-05", minutes="Ông Trần Thị Bình nhầm; bà Trần Thị Bình (0912 345 678) và ông Phạm Văn Đức phát biểu.",
    conclusion="Trả lời bà Trần Thị Bình và hộ ông Hoàng Văn Thụ; gọi lại số +84 988 777 666.",
    publications=[], status="concluded",
    opinions=[
        {**full_meeting()["opinions"][0], "speaker": "Bà Trần Thị Bình", "on_behalf_of": "hộ ông Hoàng Văn Thụ",
         "content": "Bà Trần Thị Bình, ĐT 0912.345.678, đề nghị cấp giấy cho hộ ông Hoàng Văn Thụ.",
         "answer": "Đã trả lời bà Tran Thi Binh tại Hội nghị."},
        {**full_meeting()["opinions"][1], "speaker": "Ông Phạm Văn Đức", "phone": "0988777666",
         "content": "Đường hỏng, liên hệ ông Phạm Văn Đức 0988 777 666."},
    ],
    conclusions=[{**full_meeting()["conclusions"][0], "completed_on": "2025-11-20", "deadline": "2025-12-30",
                  "result": "Đã trả lời bà Trần Thị Bình bằng văn bản."}],
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("public") / "demo.db"
    for args in (("init", "--db", str(path), "--unit-code", "00004"),
                 ("demo", "--db", str(path), "--meetings", "8", "--seed", "11", "--until", "2025-12-31")):
        result = run_qcdc(*args)
        assert result.returncode == 0, result.stderr
    with open_store(path) as store:
        add_meetings(store, meetings=parse_meetings([TALKATIVE], today=DAY))
    return path


def _text(pdf: bytes, tmp_path: Path) -> str:
    """The text in the order it is drawn, every run of spaces and line breaks one space: a name
    broken over two lines of a cell is found whole."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", raw)


def _leaks(text: str, meetings: list[Meeting]) -> list[str]:
    """The citizens' names and phone numbers found in ``text``; an official's name is theirs to print."""
    officials = {name_words(n) for m in meetings for n in (m.chair, *(p.name for p in m.co_chairs))}
    digits = re.sub(r"[\s.\-]", "", text)
    found = []
    for meeting in meetings:
        for opinion in meeting.opinions:
            people = [bare_name(opinion.speaker)]
            if "ông " in opinion.on_behalf_of:
                people.append(opinion.on_behalf_of.split("ông ", 1)[1])
            found += [p for p in people if name_words(p) not in officials and mentions(text, name_words(p))]
            found += [n for n in phone_digits(opinion.phone) + phone_digits(opinion.content) if n in digits]
    return found


def _meetings(store: Store) -> list[Meeting]:
    return list(iter_meetings(store))


def test_no_citizen_is_named_in_the_public_notice_or_results_sheet_of_any_meeting(demo_file: Path,
                                                                                   tmp_path: Path) -> None:
    with open_store(demo_file, readonly=True, check=False) as store:
        meetings = _meetings(store)
        assert len(meetings) == 9 and any(m.status == "planned" for m in meetings)
        checked = 0
        for meeting in meetings:
            notice = preview_document(store, meeting_id=meeting.id, issued_on=DAY, public=True)
            assert _leaks(_text(notice.pdf, tmp_path), [meeting]) == [], meeting.id
            if meeting.status == "planned":
                with pytest.raises(NoticeError):
                    preview_results(store, meeting_id=meeting.id, issued_on=DAY)
                continue
            sheet = _text(preview_results(store, meeting_id=meeting.id, issued_on=DAY).pdf, tmp_path)
            assert _leaks(sheet, [meeting]) == [], meeting.id
            assert "KẾT QUẢ GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN" in sheet
            assert f"Tổng số {len(meeting.opinions)} ý kiến" in sheet or not meeting.opinions
            checked += 1
        assert checked == 8


def test_the_check_finds_names_and_numbers_in_the_documents_that_print_them(demo_file: Path, tmp_path: Path) -> None:
    """The minutes print speakers in full: what the public versions must not show is there to find."""
    with open_store(demo_file, readonly=True, check=False) as store:
        talkative = next(m for m in _meetings(store) if "Hoàng Văn Thụ" in m.conclusion)
        minutes = preview_document(store, meeting_id=talkative.id, doc_type="BB", issued_on=DAY)
        assert set(_leaks(_text(minutes.pdf, tmp_path), [talkative])) >= {"Trần Thị Bình", "Phạm Văn Đức",
                                                                           "Hoàng Văn Thụ", "0912345678"}
        public = preview_document(store, meeting_id=talkative.id, doc_type="BB", issued_on=DAY, public=True)
        text = _text(public.pdf, tmp_path)
        assert _leaks(text, [talkative]) == []
        assert "Bà T.T.B." in text and "[đã ẩn]" in text and "H.V.T." in text


def test_the_sheet_of_a_period_numbers_every_opinion_of_its_meetings(demo_file: Path, tmp_path: Path) -> None:
    with open_store(demo_file, readonly=True, check=False) as store:
        results, entry = period_results(store, period=parse_period("2025"), issued_on=DAY)
        out = tmp_path / "results.pdf"
        pages = write_results(store, results, entry, out)
        meetings = [m for m in _meetings(store) if m.held_on.year == 2025 and m.status != "planned"]
    assert len(results.groups) == len(meetings) >= 2
    text = _text(out.read_bytes(), tmp_path)
    assert _leaks(text, meetings) == []
    opinions = sum(len(m.opinions) for m in meetings)
    assert f"Tổng số {opinions} ý kiến, kiến nghị của Nhân dân" in text
    assert f" {opinions} " in text  # the last row's number: numbered through the sheet
    assert pages > 1 and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert line_with(out, "CỘNG HÒA").startswith("ỦY BAN NHÂN DÂN")
    assert "Tại các hội nghị, buổi đối thoại với Nhân dân năm 2025" in text
    with open_store(demo_file, readonly=True, check=False) as store, pytest.raises(NoticeError):
        period_results(store, period=parse_period("2019"), issued_on=DAY)
