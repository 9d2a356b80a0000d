"""The minutes (Mẫu 1.9) and the invitation (Mẫu 1.7) from the same meeting data, on the same
page rules as the notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pdfcheck import fonts, line_with, lines, needs_poppler, outside_text_area
from qcdc_desktop.core.model import Opinion
from print_samples import entry, meeting, party_meeting, render

pytestmark = needs_poppler


def test_minutes(tmp_path: Path) -> None:
    m = meeting()
    pdf = render(tmp_path, m, entry(m, doc_type="BB", number=7, issued_on=m.held_on, secretary="Vũ Thị Lan"))
    text = " ".join(lines(pdf))
    assert line_with(pdf, "Số:") == "Số: 07/BB-UBND An Bình, ngày 02 tháng 3 năm 2026"
    assert "BIÊN BẢN" in line_with(pdf, "BIÊN BẢN")
    assert "Hội nghị đối thoại với Nhân dân năm 2026" in line_with(pdf, "Hội nghị đối thoại với Nhân dân năm")
    for label in ("Thời gian bắt đầu: 08 giờ 00, ngày 02 tháng 3 năm 2026.", "Địa điểm: Hội trường Ủy ban nhân dân xã.",
                  "Thành phần tham dự: đồng chí Lê Thị Hòa", "Chủ trì: Đồng chí Nguyễn Văn An, Chủ tịch Ủy ban nhân dân xã.",
                  "Thư ký: Vũ Thị Lan.", "Nội dung:", "1. Trần Thị Bình (thôn Đông), lĩnh vực đất đai: Đề nghị sớm cấp",
                  "Trả lời: Ủy ban nhân dân xã sẽ hoàn thiện hồ sơ trong quý II.", "Kết luận của chủ trì:",
                  "Cuộc họp kết thúc vào 11 giờ 30 cùng ngày"):
        assert label in text, label
    assert text.index("./.") < text.index("THƯ KÝ")
    assert line_with(pdf, "THƯ KÝ") == "THƯ KÝ CHỦ TỌA"
    assert lines(pdf)[-1] == "Vũ Thị Lan Nguyễn Văn An"
    assert outside_text_area(pdf) == []
    assert all(f["emb"] == "yes" for f in fonts(pdf))


def test_minutes_without_times_or_secretary_leave_room_to_write(tmp_path: Path) -> None:
    m = meeting(starts_at="", ends_at="", opinions=[Opinion("A", "other", "Ý kiến.", outcome="forwarded")])
    pdf = render(tmp_path, m, entry(m, doc_type="BB", number=0))
    text = " ".join(lines(pdf))
    assert "Thời gian bắt đầu: ………… giờ …………" in text and "Thư ký: …………" in text
    assert "Hướng xử lý:" in text
    assert line_with(pdf, "Số:").startswith("Số: /BB-UBND")


def test_invitation(tmp_path: Path) -> None:
    m = meeting(held_on=dt.date(2026, 3, 12), status="planned")
    pdf = render(tmp_path, m, entry(m, doc_type="GM", number=3, issued_on=dt.date(2026, 3, 2)))
    text = " ".join(lines(pdf))
    assert line_with(pdf, "Số:") == "Số: 03/GM-UBND An Bình, ngày 02 tháng 3 năm 2026"
    assert "GIẤY MỜI" in line_with(pdf, "GIẤY MỜI")
    assert "Dự Hội nghị đối thoại với Nhân dân năm 2026" in text
    assert "Ủy ban nhân dân xã An Bình trân trọng kính mời:" in text
    assert "Ông (Bà): ……" in text
    assert "Tới dự Hội nghị đối thoại với Nhân dân năm 2026." in text
    assert "Chủ trì: Đồng chí Nguyễn Văn An, Chủ tịch Ủy ban nhân dân xã." in text
    assert "Thời gian: 08 giờ 00, thứ Năm, ngày 12 tháng 3 năm 2026." in text
    assert "Địa điểm: Hội trường Ủy ban nhân dân xã." in text
    assert line_with(pdf, "Nơi nhận:") == "Nơi nhận: TM. ỦY BAN NHÂN DÂN"
    assert "- Như trên;" in text and "- Lưu: VT, VP." in text
    assert outside_text_area(pdf) == []


def test_invitation_names_its_guests_when_told(tmp_path: Path) -> None:
    m = meeting()
    pdf = render(tmp_path, m, entry(m, doc_type="GM"), invitees="Đại diện các hộ gia đình Thôn Đông")
    assert "Đại diện các hộ gia đình Thôn Đông" in " ".join(lines(pdf))


@pytest.mark.parametrize("doc_type", ["BB", "GM"])
def test_party_track_papers_use_the_party_header(tmp_path: Path, doc_type: str) -> None:
    m = party_meeting()
    pdf = render(tmp_path, m, entry(m, doc_type=doc_type))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in line_with(pdf, "CỘNG SẢN")
    assert line_with(pdf, "Số 12").startswith(f"Số 12-{doc_type}/ĐU")
    assert outside_text_area(pdf) == []
