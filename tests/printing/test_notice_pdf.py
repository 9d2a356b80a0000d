"""The conclusion notice as printed: every element Decree 30/2020 requires, read back from the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from pdfcheck import (
    MM,
    PAGE_WIDTH,
    fonts,
    layout_text,
    line_with,
    lines,
    needs_poppler,
    outside_text_area,
    page_count,
    page_numbers,
    words,
)
from qcdc_desktop.core.errors import NoticeError
from qcdc_desktop.core.model import Task, Unit
from qcdc_desktop.core.notice import Margins, NoticeSettings
from print_samples import AN_BINH, entry, meeting, party_meeting, render

pytestmark = needs_poppler


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    m = meeting()
    return render(tmp_path_factory.mktemp("notice"), m, entry(m))


def test_header_left_issuing_body_rule_and_number(notice: Path) -> None:
    assert "ỦY BAN NHÂN DÂN" in line_with(notice, "ỦY BAN NHÂN DÂN")
    assert "XÃ AN BÌNH" in line_with(notice, "XÃ AN BÌNH")
    assert "Số: 05/TB-UBND" in line_with(notice, "Số:")


def test_header_right_national_title_on_one_line_motto_and_date_level_with_the_number(notice: Path) -> None:
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line_with(notice, "CỘNG HÒA")
    assert "Độc lập - Tự do - Hạnh phúc" in line_with(notice, "Độc lập")
    assert line_with(notice, "Số:") == "Số: 05/TB-UBND An Bình, ngày 05 tháng 3 năm 2026"


def test_the_left_column_is_about_two_fifths_and_the_right_three_fifths(notice: Path) -> None:
    page = [w for w in words(notice) if w.page == 1]
    number = next(w for w in page if w.text == "05/TB-UBND")
    title = [w for w in page if w.text in ("CỘNG", "NAM")][:2]
    left_edge, text_width = 30 * MM, 165 * MM
    assert number.x_max < left_edge + 0.40 * text_width  # the number is centred in the left 40 %
    assert title[0].x_min > left_edge + 0.40 * text_width - 2  # the national title in the right 60 %


def test_title_summary_line_body_and_end(notice: Path) -> None:
    text = " ".join(lines(notice))
    assert "THÔNG BÁO" in line_with(notice, "THÔNG BÁO")
    assert ("Kết luận của Chủ tịch Ủy ban nhân dân xã tại Hội nghị đối thoại với Nhân dân năm 2026"
            in text), text
    assert "Ngày 02 tháng 3 năm 2026, tại Hội trường Ủy ban nhân dân xã, đồng chí Nguyễn Văn An" in text
    assert "đồng chí Lê Thị Hòa, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã" in text
    assert "có 3 ý kiến" in text and "các lĩnh vực: đất đai (2 ý kiến); giao thông (1 ý kiến)." in text
    assert "1. Hoàn thiện hồ sơ" in text and "2. Khảo sát" in text
    assert "trước ngày 30/04/2026" in text and "trước ngày 15/06/2026" in text
    assert "Giao Công chức Địa chính - Xây dựng chủ trì, phối hợp với Trưởng thôn thực hiện" in text
    assert "Nhân dân" in text and "nhân dân biết" not in text
    body_end = text.index("./.")
    assert text.index("Nơi nhận:") > body_end


def test_footer_recipients_level_with_the_signature_block(notice: Path) -> None:
    assert line_with(notice, "Nơi nhận:") == "Nơi nhận: TM. ỦY BAN NHÂN DÂN"
    assert "CHỦ TỊCH" in line_with(notice, "CHỦ TỊCH")
    assert "Nguyễn Văn An" in lines(notice)[-1] or any(line.endswith("Nguyễn Văn An") for line in lines(notice))
    recipients = [line for line in lines(notice) if line.startswith("- ")]
    assert recipients[0].startswith("- Thường trực Đảng ủy xã (để báo cáo);")
    assert all(r.split(" TM.")[0].split(" CHỦ")[0].endswith(";") for r in recipients[:-1]
               if "Phó Chủ tịch" not in r), recipients  # that one wraps
    assert "- Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân xã;" in " ".join(lines(notice))
    assert recipients[-1].removesuffix(" Nguyễn Văn An") == "- Lưu: VT, VP."  # level with the name, or above it


def test_only_the_document_family_is_used(notice: Path) -> None:
    used = {f["name"].split("+")[-1] for f in fonts(notice)}
    assert used == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                    "LiberationSerif-BoldItalic"}


def test_every_font_is_embedded(notice: Path) -> None:
    rows = fonts(notice)
    assert rows and all(r["emb"] == "yes" and r["uni"] == "yes" for r in rows), rows


def test_nothing_crosses_the_margins(notice: Path) -> None:
    assert outside_text_area(notice) == []


@pytest.mark.parametrize(("day", "written"), [
    (dt.date(2026, 1, 5), "An Bình, ngày 05 tháng 01 năm 2026"),
    (dt.date(2026, 2, 9), "An Bình, ngày 09 tháng 02 năm 2026"),
    (dt.date(2026, 3, 5), "An Bình, ngày 05 tháng 3 năm 2026"),
    (dt.date(2026, 11, 22), "An Bình, ngày 22 tháng 11 năm 2026"),
])
def test_the_date_line(tmp_path: Path, day: dt.date, written: str) -> None:
    m = meeting(held_on=day)
    pdf = render(tmp_path, m, entry(m, issued_on=day))
    assert line_with(pdf, "Số:").endswith(written)


@pytest.mark.parametrize(("authority", "signature"), [
    ("tm", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ("kt", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("tl", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
    ("chairman", ["CHỦ TỊCH"]),
])
def test_the_signature_block_of_each_authority(tmp_path: Path, authority: str, signature: list[str]) -> None:
    m = meeting()
    pdf = render(tmp_path, m, entry(m, authority=authority, signer="Trần Thị Mai"))
    assert line_with(pdf, "Nơi nhận:") == f"Nơi nhận: {signature[0]}"
    for part in signature[1:]:
        assert part in line_with(pdf, part)
    assert "Trần Thị Mai" in layout_text(pdf)
    if authority == "tl":
        assert "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã thông báo" in " ".join(lines(pdf))


def test_the_party_profile(tmp_path: Path) -> None:
    m = party_meeting()
    pdf = render(tmp_path, m, entry(m))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in line_with(pdf, "CỘNG SẢN")
    assert "ĐẢNG BỘ TỈNH PHÚ THỌ" in line_with(pdf, "ĐẢNG BỘ")
    assert "ĐẢNG ỦY XÃ AN BÌNH" in line_with(pdf, "ĐẢNG ỦY")
    assert "*" in lines(pdf)[3] or any(line.strip() == "*" or line.startswith("* ") for line in lines(pdf))
    assert line_with(pdf, "Số 12-TB/ĐU") == "Số 12-TB/ĐU An Bình, ngày 05 tháng 3 năm 2026"
    assert "CỘNG HÒA" not in layout_text(pdf)
    text = " ".join(lines(pdf))
    assert "Kết luận của đồng chí Bí thư Đảng ủy xã tại Hội nghị tiếp xúc, đối thoại trực tiếp với Nhân dân năm 2026" \
        in text
    assert line_with(pdf, "Nơi nhận") == "Nơi nhận: T/M BAN THƯỜNG VỤ"
    assert "BÍ THƯ" in line_with(pdf, "BÍ THƯ")
    assert "- Các chi bộ trực thuộc," in text and "- Lưu Văn phòng Đảng ủy." in text  # commas on the Party track
    assert outside_text_area(pdf) == []


TUYEN_QUANG = Unit("08", "Tỉnh Tuyên Quang", "upper", "08", "Tỉnh Tuyên Quang")


@pytest.mark.parametrize("track", ["state", "party"])
def test_a_province_s_own_notice_speaks_as_the_province(tmp_path: Path, track: str) -> None:
    chair = {"state": ("Trần Văn Tỉnh", "Chủ tịch UBND tỉnh"), "party": ("Nguyễn Văn Bí", "Bí thư Tỉnh ủy")}[track]
    m = meeting(track=track, kind="dialogue" if track == "state" else "contact", chair=chair[0], chair_title=chair[1],
                title="Hội nghị đối thoại với Nhân dân năm 2026", place="Hội trường tỉnh", co_chairs=[],
                coordinating="Ủy ban MTTQ Việt Nam tỉnh")
    e = entry(m, TUYEN_QUANG, issuer="TU" if track == "party" else "UBND", place="Tuyên Quang",
              authority="party_tm" if track == "party" else "tm")
    pdf = render(tmp_path, m, e, unit=TUYEN_QUANG)
    text = " ".join(lines(pdf))
    assert "Tuyên Quang, ngày 05 tháng 3 năm 2026" in text
    if track == "state":
        assert "Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị" in text
        assert "Lãnh đạo Ủy ban nhân dân tỉnh và các cơ quan" in text
        assert "- Thường trực Tỉnh ủy (để báo cáo);" in text and "- Lưu: VT." in text
        assert "- Ủy ban nhân dân các xã, phường liên quan;" in text
    else:
        assert "Ban Thường vụ Tỉnh ủy thông báo để các tổ chức đảng, cơ quan" in text
        assert "Lãnh đạo Tỉnh ủy và các cơ quan" in text
        assert "- Các đảng bộ trực thuộc Tỉnh ủy," in text and "- Lưu Văn phòng Tỉnh ủy." in text
    # Nothing of a commune's own bodies (the sample's citizens still speak of their commune).
    for commune_words in ("Đảng ủy xã", "Ủy ban nhân dân xã thông báo", "Trưởng thôn, tổ trưởng", "chi bộ",
                          "thẩm quyền của xã", "Lưu: VT, VP"):
        assert commune_words not in text, commune_words
    assert outside_text_area(pdf) == []


def test_a_draft_leaves_the_number_blank(tmp_path: Path) -> None:
    m = meeting()
    pdf = render(tmp_path, m, entry(m, number=0))
    number = line_with(pdf, "Số:")
    assert number.startswith("Số: /TB-UBND"), number


def test_sixty_conclusions_paginate_with_numbers_from_page_two(tmp_path: Path) -> None:
    tasks = [Task(f"Nhiệm vụ số {i}: rà soát, xử lý kiến nghị của cử tri về hạ tầng giao thông nông thôn tại thôn.",
                  f"Đơn vị {i}", deadline=dt.date(2026, 5, 1) + dt.timedelta(days=i)) for i in range(1, 61)]
    m = meeting(conclusions=tasks)
    pdf = render(tmp_path, m, entry(m))
    pages = page_count(pdf)
    assert pages >= 4
    shown = page_numbers(pdf)
    assert shown[1] == []
    for page in range(2, pages + 1):
        assert shown[page] == [str(page)], (page, shown[page])
    number_two = next(w for w in words(pdf) if w.page == 2 and w.text == "2")
    assert abs((number_two.x_min + number_two.x_max) / 2 - (30 * MM + 165 * MM / 2)) < 2  # centred on the text
    assert 5 * MM < number_two.y_min < 15 * MM  # inside the top margin
    assert "60. Nhiệm vụ số 60" in " ".join(lines(pdf))
    assert outside_text_area(pdf) == []
    last = lines(pdf, pages)
    assert any("Nơi nhận:" in line for line in last) and "./." in " ".join(last)  # body ends with the signature


def test_long_names_titles_and_places_wrap_inside_the_margins(tmp_path: Path) -> None:
    long_unit = Unit("05425", "Xã Thượng Phúc Lộc Điền Thịnh Vượng Bình An Hòa Hợp Đoàn Kết Phát Triển Toàn Diện",
                     "commune", "25", "Tỉnh Phú Thọ")
    m = meeting(chair="Nguyễn Thị Hoàng Phương Thảo Nguyên Minh Khai", place="Nhà văn hóa " + "thôn Đồng Tâm " * 12,
                chair_title="Phó Chủ tịch Ủy ban nhân dân xã phụ trách khối kinh tế, hạ tầng, đô thị và môi trường",
                conclusions=[Task("Rà soát " + "và xử lý " * 60 + "theo quy định.",
                                  "Trung tâm Phục vụ hành chính công xã " * 4)])
    e = entry(m, unit=long_unit, place="Thượng Phúc Lộc Điền Thịnh Vượng Bình An Hòa Hợp Đoàn Kết Phát Triển",
              signer="Nguyễn Thị Hoàng Phương Thảo Nguyên Minh Khai Ánh Dương Rạng Rỡ", authority="kt",
              recipients=["Thường trực Hội đồng nhân dân và Ủy ban nhân dân " * 4 + "xã", "Lưu: VT, VP"])
    pdf = render(tmp_path, m, e, unit=long_unit)
    assert outside_text_area(pdf) == []
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line_with(pdf, "CỘNG HÒA")  # still on one line
    text = " ".join(lines(pdf))
    assert "ngày 05 tháng 3 năm 2026" in text and "Thượng Phúc Lộc" in text


def test_unbroken_text_wraps_too(tmp_path: Path) -> None:
    m = meeting(place="HộitrườngỦybannhândânxãAnBình" * 8)
    pdf = render(tmp_path, m, entry(m))
    assert outside_text_area(pdf) == []


@pytest.mark.parametrize("margins", [Margins(25, 25, 35, 20), Margins(20, 20, 30, 15), Margins(22.5, 21, 32, 17)])
def test_the_office_margins_within_the_decree(tmp_path: Path, margins: Margins) -> None:
    m = meeting()
    pdf = render(tmp_path, m, entry(m), settings=NoticeSettings(margins=margins))
    assert outside_text_area(pdf, top=margins.top, bottom=margins.bottom, left=margins.left,
                             right=margins.right) == []
    body = [w for w in words(pdf) if w.page == 1 and w.text == "Ngày"][0]
    assert body.x_min == pytest.approx(margins.left * MM + 1.27 / 2.54 * 72, abs=1)  # first-line indent 1.27 cm
    right_edge = max(w.x_max for w in words(pdf) if w.page == 1)
    assert right_edge == pytest.approx(PAGE_WIDTH - margins.right * MM, abs=1.5)  # justified to the margin


@pytest.mark.parametrize("margins", [Margins(top=19), Margins(bottom=26), Margins(left=29.9), Margins(right=21)])
def test_margins_outside_the_decree_are_refused(tmp_path: Path, margins: Margins) -> None:
    m = meeting()
    with pytest.raises(NoticeError):
        render(tmp_path, m, entry(m), settings=NoticeSettings(margins=margins))
    assert not (tmp_path / "document.pdf").exists()


def test_text_is_nfc_even_when_typed_in_nfd(tmp_path: Path) -> None:
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    m = meeting(chair=nfd("Nguyễn Văn An"), place=nfd("Hội trường UBND xã"),
                conclusions=[Task(nfd("Hoàn thiện hồ sơ đất đai."), nfd("Công chức Địa chính"))])
    unit = dataclasses.replace(AN_BINH, name=nfd("Xã An Bình"))
    e = entry(m, unit=unit, place=nfd("An Bình"), signer=nfd("Nguyễn Văn An"))
    text = layout_text(render(tmp_path, m, e, unit=unit))
    assert text == unicodedata.normalize("NFC", text)
    assert "XÃ AN BÌNH" in text and "Hội trường Ủy ban nhân dân xã" in text and "Hoàn thiện hồ sơ đất đai." in text


def test_a_hamlet_is_printed_as_typed_and_a_commune_body_spelled_out(tmp_path: Path) -> None:
    m = meeting(conclusions=[Task("Sửa đường liên thôn.", "UBND thôn Đông", coordinating="UBND xã, Trưởng thôn")])
    text = " ".join(lines(render(tmp_path, m, entry(m))))
    assert "Ủy ban nhân dân thôn" not in text
    assert "Giao UBND thôn Đông chủ trì, phối hợp với Ủy ban nhân dân xã, Trưởng thôn" in text, text


def test_two_renders_are_byte_identical(tmp_path: Path) -> None:
    m = meeting()
    first = render(tmp_path, m, entry(m), "first.pdf").read_bytes()
    second = render(tmp_path, m, entry(m), "second.pdf").read_bytes()
    assert first == second


@pytest.mark.slow
def test_a_render_in_another_process_is_byte_identical(tmp_path: Path) -> None:
    m = meeting()
    here = render(tmp_path, m, entry(m), "here.pdf").read_bytes()
    script = ("import sys; sys.path[:0] = [sys.argv[2]]; from pathlib import Path; "
              "from print_samples import entry, meeting, render; m = meeting(); "
              "render(Path(sys.argv[1]), m, entry(m), 'there.pdf')")
    subprocess.run([sys.executable, "-c", script, str(tmp_path), str(Path(__file__).parent.parent)], check=True)
    assert (tmp_path / "there.pdf").read_bytes() == here


def test_body_line_and_paragraph_spacing(notice: Path) -> None:
    """Lines 18 pt apart (14 pt type: between single and 1.5 lines), 6 pt more between paragraphs."""
    page = [w for w in words(notice) if w.page == 1]
    top = next(w.y_max for w in page if w.text == "Ngày")
    footer = [w.y_min for w in page if w.text == "Nơi"]  # the body ends where the footer starts
    bottom = min(footer) if footer else float("inf")
    rows = sorted({round(w.y_max, 1) for w in page if top - 0.1 <= w.y_max < bottom})
    gaps = {round(b - a) for a, b in zip(rows, rows[1:])}
    assert gaps <= {18, 24}, gaps
    assert 24 in gaps and 18 in gaps
