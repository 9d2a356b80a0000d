"""The minutes (Mẫu 1.9) and the invitation (Mẫu 1.7) from the same meeting data, on the same
page rules as the notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pdfcheck import fonts, line_with, lines, needs_poppler, outside_text_area
from qcdc_desktop.core.model import Opinion, Unit
from print_samples import entry, meeting, party_meeting, render

pytestmark = needs_poppler


CLOSINGS = {
    "state": "Hội nghị kết thúc vào hồi 11 giờ 30 cùng ngày. Biên bản đã được đọc lại cho Hội nghị nghe và thông "
             "qua./.",
    "party": "Hội nghị kết thúc vào hồi 11 giờ 30 cùng ngày. Biên bản đã được đọc lại trước Hội nghị và được Hội "
             "nghị nhất trí thông qua./.",
}


@pytest.mark.parametrize("track", ["state", "party"])
def test_minutes_follow_form_1_9(tmp_path: Path, track: str) -> None:
    """Decree 30/2020 Mẫu 1.9 on both tracks: no place and date in the header (the body says when
    and where), the time started and ended, the chair and the secretary named in the body and
    under CHỦ TỌA and THƯ KÝ, a conference's closing sentence, then "Nơi nhận" with the file copy."""
    m = meeting() if track == "state" else party_meeting()
    pdf = render(tmp_path, m, entry(m, doc_type="BB", number=7, issued_on=dt.date(2026, 3, 25)))
    text = " ".join(lines(pdf))
    number = "Số: 07/BB-UBND" if track == "state" else "Số 07-BB/ĐU"
    assert line_with(pdf, "Số") == number  # nothing beside the number: Mẫu 1.9 has no date line
    assert "ngày 25 tháng 3" not in text and "An Bình, ngày" not in text
    assert "BIÊN BẢN" in line_with(pdf, "BIÊN BẢN")
    chair = ("Đồng chí Nguyễn Văn An, Chủ tịch Ủy ban nhân dân xã." if track == "state" else
             "Đồng chí Đỗ Minh Quân, Bí thư Đảng ủy xã.")
    for label in ("Thời gian bắt đầu: 08 giờ 00, ngày 02 tháng 3 năm 2026.", "Địa điểm: Hội trường Ủy ban nhân dân xã.",
                  "Thành phần tham dự: đồng chí Lê Thị Hòa", f"Chủ trì: {chair}", "Thư ký: Đồng chí Vũ Thị Lan.",
                  "Nội dung:", "1. Trần Thị Bình (thôn Đông), lĩnh vực đất đai: Đề nghị sớm cấp",
                  "Trả lời: Ủy ban nhân dân xã sẽ hoàn thiện hồ sơ trong quý II.", "Kết luận của chủ trì:", CLOSINGS[track]):
        assert label in text, label
    assert "thành viên dự họp" not in text and "cùng ký vào biên bản" not in text  # 120 people sign nothing
    assert text.index(CLOSINGS[track]) < text.index("THƯ KÝ")
    assert line_with(pdf, "THƯ KÝ") == "THƯ KÝ CHỦ TỌA"
    signers = lines(pdf)[lines(pdf).index("THƯ KÝ CHỦ TỌA") + 1]
    assert signers == f"Vũ Thị Lan {m.chair}"  # the secretary under THƯ KÝ, the chair under CHỦ TỌA
    after = lines(pdf)[lines(pdf).index(signers) + 1:]
    assert after[0] == "Nơi nhận:"
    assert after[-1] == ("- Lưu: VT, hồ sơ." if track == "state" else "- Lưu Văn phòng Đảng ủy, hồ sơ.")
    assert outside_text_area(pdf) == []
    assert all(f["emb"] == "yes" for f in fonts(pdf))


@pytest.mark.parametrize("kind, closing", [
    ("reception", "Buổi tiếp công dân kết thúc vào hồi 11 giờ 30 cùng ngày. Biên bản đã được đọc lại cho những "
                  "người tham dự nghe và thông qua./."),
    ("ad_hoc", "Buổi đối thoại kết thúc vào hồi 11 giờ 30 cùng ngày. Biên bản đã được đọc lại cho những người "
               "tham dự nghe và thông qua./."),
])
def test_minutes_of_a_smaller_meeting_close_as_such(tmp_path: Path, kind: str, closing: str) -> None:
    m = meeting(kind=kind)
    text = " ".join(lines(render(tmp_path, m, entry(m, doc_type="BB", number=7))))
    assert closing in text


def test_minutes_without_times_or_secretary_leave_room_to_write(tmp_path: Path) -> None:
    m = meeting(starts_at="", ends_at="", secretary="",
                opinions=[Opinion("A", "other", "Ý kiến.", outcome="forwarded")])
    pdf = render(tmp_path, m, entry(m, doc_type="BB", number=0))
    text = " ".join(lines(pdf))
    assert "Thời gian bắt đầu: ………… giờ …………" in text and "Thư ký: …………" in text
    assert "kết thúc vào hồi ………… giờ ………… cùng ngày" in text
    assert "Hướng xử lý:" in text
    assert line_with(pdf, "Số:").startswith("Số: /BB-UBND")


def test_a_province_s_minutes_give_its_own_tasks_to_the_province(tmp_path: Path) -> None:
    province = Unit("08", "Tỉnh Tuyên Quang", "upper", "08", "Tỉnh Tuyên Quang")
    m = meeting(chair="Trần Văn Tỉnh", chair_title="Chủ tịch UBND tỉnh", place="Hội trường tỉnh")
    pdf = render(tmp_path, m, entry(m, province, doc_type="BB", number=3, place="Tuyên Quang"), unit=province)
    text = " ".join(lines(pdf))
    assert "Hướng xử lý: Giao giải quyết theo thẩm quyền của tỉnh." in text  # the commune's task, at a province
    assert "Giao cấp xã giải quyết" not in text
    assert "- Thường trực Tỉnh ủy (để báo cáo);" in text and "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân tỉnh" in text


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
