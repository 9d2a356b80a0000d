"""The history for an inspection as printed (printing/history.py): the Decree 30 header with
"BÁO CÁO" and a blank BC number, the paragraphs given, one row per entry with the values in full,
text and embedded fonts (no pictures), within the margins, page numbers from page two, the
signature at the end; Cancel stops it."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from pdfcheck import fonts, line_with, lines, needs_poppler, outside_text_area, page_count, page_numbers
from qcdc_desktop import l10n
from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.core.history import INSERT, UPDATE, Entry
from qcdc_desktop.core.history_subjects import Subjects
from qcdc_desktop.core.history_words import Described, described
from qcdc_desktop.core.notice import NoticeSettings
from qcdc_desktop.printing.fonts import document_fonts
from qcdc_desktop.printing.history import render_history
from print_samples import AN_BINH

pytestmark = needs_poppler
ISSUED = dt.date(2030, 3, 5)
LONG = "Đề nghị xã sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân Thôn 3 đã nộp hồ sơ từ năm 2022. " * 2


def _entries(count: int) -> list[Described]:
    subjects = Subjects()
    result = []
    for i in range(count):
        n = i + 1
        if i % 2 == 0:
            fields = {"position": (None, n), "speaker": (None, f"Người dân {n}"), "content": (None, LONG),
                      "field": (None, "land")}
            entry = Entry("05425", n, f"2030-01-{1 + i % 28:02d}T03:00:00+00:00", "lan.nt", "Nguyễn Thị Lan", INSERT,
                          "opinions", f"O{n}", "M1", "", n, fields)
        else:
            entry = Entry("05425", n, f"2030-01-{1 + i % 28:02d}T04:00:00+00:00", "binh.nv", "Nguyễn Văn Bình", UPDATE,
                          "opinions", f"O{n - 1}", "M1", "", n, {"content": (LONG, LONG + " Bổ sung."),
                                                                  "field": ("land", "transport")})
        subjects.learn(entry)
        result.append(described(entry, subjects))
    return result


def _render(out: Path, count: int, **kwargs: object) -> Path:
    render_history(_entries(count), paragraphs=["Trích xuất từ tệp dữ liệu của Xã An Bình.", "Chuỗi lịch sử nguyên vẹn."],
                   unit=AN_BINH, settings=NoticeSettings(), issued_on=ISSUED, out=out, signer="Nguyễn Văn An",
                   fonts=document_fonts(prefer_system=False), **kwargs)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    l10n.set_language("vi")
    return _render(tmp_path_factory.mktemp("history") / "lich-su.pdf", 40)


def test_the_header_is_a_report_with_a_blank_number(pdf: Path) -> None:
    assert line_with(pdf, "/BC-UBND") == "Số: /BC-UBND An Bình, ngày 05 tháng 3 năm 2030"
    assert line_with(pdf, "BÁO CÁO") == "BÁO CÁO"
    first = " ".join(lines(pdf, 1))
    assert "Lịch sử thay đổi dữ liệu phục vụ công tác thanh tra, kiểm tra" in first
    assert "Trích xuất từ tệp dữ liệu của Xã An Bình." in first and "Chuỗi lịch sử nguyên vẹn." in first
    assert "STT Thời điểm Người thay đổi Thay đổi" in first


def test_each_entry_is_a_row_with_its_values_in_full(pdf: Path) -> None:
    raw = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert raw.count("Nguyễn Thị Lan thêm ý kiến số") == 20
    assert "Nguyễn Văn Bình sửa ý kiến số 1 của Người dân 1: Lĩnh vực từ «Đất đai» thành «Giao thông»" in raw
    assert "Bổ sung.»" in raw  # the changed text whole under the shortened sentence
    assert "lan.nt" in raw and "binh.nv" in raw


def test_text_not_pictures_fonts_embedded_margins_kept_pages_numbered(pdf: Path) -> None:
    used = fonts(pdf)
    assert used and all(f["emb"] == "yes" for f in used) and not any("Helvetica" in f["name"] for f in used)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) == 2  # the heading lines only: no picture
    assert outside_text_area(pdf) == []
    pages = page_count(pdf)
    assert pages >= 3
    shown = page_numbers(pdf)
    assert shown.get(1, []) == [] and all(shown[p] == [str(p)] for p in range(2, pages + 1))
    last = " ".join(lines(pdf, pages))
    assert "TM. ỦY BAN NHÂN DÂN" in last and "Nguyễn Văn An" in last and "Đoàn thanh tra, kiểm tra" in last


def test_nothing_selected_is_said_and_cancel_stops(tmp_path: Path) -> None:
    empty = _render(tmp_path / "empty.pdf", 0)
    assert "Không có mục lịch sử nào được chọn." in " ".join(lines(empty))
    with pytest.raises(Cancelled):
        _render(tmp_path / "cancelled.pdf", 5, cancelled=lambda: True)
