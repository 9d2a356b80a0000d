"""The statistics report as printed: the Decree 30 header with "BÁO CÁO" and a blank BC number,
the period in the summary line, the figures in their tables, charts, fonts and margins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pdfcheck import fonts, layout_text, line_with, lines, needs_poppler, outside_text_area, page_count, page_numbers
from qcdc_desktop import l10n
from qcdc_desktop.core.errors import Cancelled
from qcdc_desktop.core.notice import NoticeSettings
from qcdc_desktop.printing.fonts import document_fonts
from qcdc_desktop.printing.report import render_report
from print_samples import AN_BINH
from report_stats import fixture_statistics

pytestmark = needs_poppler
ISSUED = dt.date(2024, 4, 5)


def _render(stats, out: Path, **kwargs: object) -> Path:
    render_report(stats, unit=AN_BINH, settings=NoticeSettings(), out=out, issued_on=ISSUED,
                  fonts=document_fonts(prefer_system=False), **kwargs)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory):
    return fixture_statistics(tmp_path_factory.mktemp("stats"))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, stats) -> Path:
    l10n.set_language("vi")
    return _render(stats, tmp_path_factory.mktemp("report") / "report.pdf", signer="Nguyễn Văn An")


def test_header_names_the_report_with_a_number_left_blank_level_with_the_date(report: Path) -> None:
    assert "ỦY BAN NHÂN DÂN" in line_with(report, "ỦY BAN NHÂN DÂN")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line_with(report, "CỘNG HÒA")
    assert line_with(report, "/BC-UBND") == "Số: /BC-UBND An Bình, ngày 05 tháng 4 năm 2024"
    raw = layout_text(report, 1)
    assert "Số:        " in raw  # room to write the number by hand
    assert line_with(report, "BÁO CÁO") == "BÁO CÁO"
    summary = " ".join(lines(report, 1))
    assert "Kết quả tổ chức hội nghị tiếp xúc, đối thoại trực tiếp với Nhân dân quý I năm 2024" in summary


def test_the_opening_gives_the_hand_counted_figures(report: Path) -> None:
    text = " ".join(lines(report))
    assert "từ ngày 01/01/2024 đến ngày 31/03/2024, đã tổ chức 3 hội nghị" in text
    assert "với 230 lượt người tham dự" in text
    assert "Nhân dân đã nêu 6 ý kiến, kiến nghị, phản ánh; trong đó 3 ý kiến (50,0%)" in text
    assert "Trong số 5 nhiệm vụ được kết luận tại các hội nghị, đã hoàn thành 2 nhiệm vụ (40,0%)" in text
    assert "tính đến ngày 01/06/2024 còn 1 nhiệm vụ quá hạn" in text


def test_tables_hold_the_figures(report: Path) -> None:
    assert line_with(report, "Số hội nghị đã tổ chức") == "Số hội nghị đã tổ chức 3"
    assert line_with(report, "Tỷ lệ trả lời tại hội nghị") == "Tỷ lệ trả lời tại hội nghị 50,0%"
    assert line_with(report, "Đối thoại định kỳ của Chủ tịch UBND") == "Đối thoại định kỳ của Chủ tịch UBND 2 66,7%"
    assert "Đất đai 3 50,0%" in lines(report)
    assert "Hoàn thành quá hạn 1 20,0%" in lines(report)
    assert "Thôn 1 3 2 66,7%" in lines(report)
    assert "Tổng cộng 6 100,0%" in lines(report)
    assert "Giải quyết kiến nghị. Công chức Địa chính 01/03/2024 92" in lines(report)


def test_charts_are_drawn_in_the_documents_font(report: Path) -> None:
    # "Đất đai" is in the field table and again as the label of its bar.
    assert layout_text(report).count("Đất đai") == 2
    assert line_with(report, "01/2024 02/2024") == "01/2024 02/2024 03/2024"  # the month chart's axis


def test_every_font_is_embedded_and_nothing_crosses_the_margins(report: Path) -> None:
    used = fonts(report)
    assert used and all(f["emb"] == "yes" for f in used)
    assert not any("Helvetica" in f["name"] for f in used)
    assert outside_text_area(report) == []


def test_page_numbers_from_page_two_and_the_signature_at_the_end(report: Path) -> None:
    pages = page_count(report)
    assert pages >= 2
    shown = page_numbers(report)
    assert shown.get(1, []) == [] and all(shown[p] == [str(p)] for p in range(2, pages + 1))
    last = lines(report, pages)
    assert "TM. ỦY BAN NHÂN DÂN" in " ".join(last) and last[-1] == "Nguyễn Văn An"
    assert any(line.startswith("- Lưu: VT, VP.") for line in last)


def test_in_english_the_labels_are_english(stats, tmp_path: Path) -> None:
    l10n.set_language("en")
    out = _render(stats, tmp_path / "en.pdf")
    assert line_with(out, "REPORT") == "REPORT"
    assert "Land 3 50.0%" in lines(out)
    assert "quarter I of 2024" in " ".join(lines(out, 1))


def test_the_upper_level_report_has_a_table_per_office(tmp_path: Path) -> None:
    stats = fixture_statistics(tmp_path, second_office=True)
    out = _render(stats, tmp_path / "upper.pdf")
    assert "Phường Ba Đình 3 230 6 3 50,0% 5 2 1" in lines(out)
    assert "Phường Ngọc Hà 1 7 0 0 — 0 0 0" in lines(out)
    assert any(line.startswith("Tổng cộng 4 237 6 3 50,0% 5 2 1") for line in lines(out))
    assert "Thôn 1 3 2 66,7%" not in lines(out)  # hamlets are per commune, not summed across them
    assert outside_text_area(out) == []  # the nine columns of the office table fit the text width


def test_the_province_dates_its_report_with_its_name_alone(stats, tmp_path: Path) -> None:
    from qcdc_desktop.core.model import Unit

    out = tmp_path / "province.pdf"
    render_report(stats, unit=Unit("25", "Tỉnh Phú Thọ", "upper", "25", "Tỉnh Phú Thọ"), settings=NoticeSettings(),
                  out=out, issued_on=ISSUED, fonts=document_fonts(prefer_system=False))
    assert line_with(out, "/BC-UBND").endswith(" Phú Thọ, ngày 05 tháng 4 năm 2024")
    assert "Tỉnh Phú Thọ, ngày" not in layout_text(out)
    assert line_with(out, "TỈNH PHÚ THỌ") == "TỈNH PHÚ THỌ Độc lập - Tự do - Hạnh phúc"


def test_an_empty_period_still_prints_with_zeros(tmp_path: Path) -> None:
    from qcdc_desktop.core.statistics import month

    out = _render(fixture_statistics(tmp_path, month(2024, 5)), tmp_path / "empty.pdf")
    assert line_with(out, "Số hội nghị đã tổ chức") == "Số hội nghị đã tổ chức 0"
    assert line_with(out, "Tỷ lệ trả lời tại hội nghị") == "Tỷ lệ trả lời tại hội nghị —"


def test_progress_and_cancel(stats, tmp_path: Path) -> None:
    steps: list[tuple[int, int]] = []
    _render(stats, tmp_path / "p.pdf", progress=lambda d, t: steps.append((d, t)))
    assert steps[-1][0] == steps[-1][1] and [d for d, _t in steps] == list(range(1, len(steps) + 1))
    with pytest.raises(Cancelled):
        _render(stats, tmp_path / "c.pdf", cancelled=lambda: True)


@needs_poppler
def test_the_deadlines_of_the_overdue_table_never_wrap(tmp_path: Path) -> None:
    """At the upper level the overdue table has five columns in small type; each deadline stays
    whole on its line («30/04/2024», not «30/04/» over «2024»)."""
    from qcdc_desktop.core.report_tables import DATE, report_tables
    from qcdc_desktop.printing.report import table_measures

    stats = fixture_statistics(tmp_path, second_office=True)
    (overdue,) = [t for t in report_tables(stats) if t.key == "overdue"]
    column = overdue.kinds.index(DATE)
    deadlines = {l10n.format_date(row[column]) for row in overdue.rows}
    assert deadlines and len(overdue.headings) == 5
    out = _render(stats, tmp_path / "upper.pdf")
    text = lines(out)
    for deadline in deadlines:
        assert any(deadline in line for line in text), deadline
    size, widths = table_measures(overdue, 160 * 2.8346)
    from reportlab.pdfbase.pdfmetrics import stringWidth
    assert widths[column] >= stringWidth("28/12/2026", document_fonts(prefer_system=False).regular, size) + 6
