"""The province's report issued by each of its issuers (core.issuers): the People's Committee
(Decree 30), the provincial Party committee and its two boards (Hướng dẫn 36): the header, the
number's symbol, the addressee, the signature with its signer found among the officials, and the
recipients, read back from the PDF; and what a commune may not issue as."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import ADMIN, RECOVERY_CODE
from pdfcheck import layout_text, needs_poppler
from qcdc_desktop import l10n
from qcdc_desktop.core.errors import NoticeError
from qcdc_desktop.core.issuers import authorities_of, issuers_for
from qcdc_desktop.core.model import Unit
from qcdc_desktop.core.notice import AUTHORITIES, NoticeSettings
from qcdc_desktop.db.officials import add_official
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.printing.fonts import document_fonts
from qcdc_desktop.printing.report import render_report
from qcdc_desktop.work.report import build_report
from qcdc_desktop.core.statistics import quarter
from report_stats import fixture_statistics

pytestmark = needs_poppler
ISSUED = dt.date(2026, 4, 5)
PHU_THO = Unit("25", "Tỉnh Phú Thọ", "upper", "25", "Tỉnh Phú Thọ")
HA_NOI = Unit("01", "Thành phố Hà Nội", "upper", "01", "Thành phố Hà Nội")

#: issuer → (header lines on the left, symbol, addressee, recipients' last line)
EXPECTED = {
    "ubnd": (["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ"], "Số: /BC-UBND",
             "Ban Chỉ đạo thực hiện dân chủ ở cơ sở Trung ương", "- Lưu: VT, VP."),
    "party": (["TỈNH ỦY PHÚ THỌ", "*"], "Số -BC/TU",
              "Ban Chỉ đạo thực hiện dân chủ ở cơ sở Trung ương", "- Lưu Văn phòng Tỉnh ủy."),
    "board_mass": (["TỈNH ỦY PHÚ THỌ", "BAN TUYÊN GIÁO", "VÀ DÂN VẬN", "*"], "Số -BC/BTGDVTU",
                   "Ban Thường vụ Tỉnh ủy Phú Thọ", "- Lưu Văn phòng Ban."),
    "board_internal": (["TỈNH ỦY PHÚ THỌ", "BAN NỘI CHÍNH", "*"], "Số -BC/BNCTU",
                       "Ban Thường vụ Tỉnh ủy Phú Thọ", "- Lưu Văn phòng Ban."),
}
CENTRAL = {"board_mass": "- Ban Tuyên giáo và Dân vận Trung ương,", "board_internal": "- Ban Nội chính Trung ương,"}


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory):
    l10n.set_language("vi")
    return fixture_statistics(tmp_path_factory.mktemp("stats"), second_office=True)


def _left(text: str) -> list[str]:
    """The left column of the header: what stands before a wide gap on the page's first lines."""
    out = []
    for line in text.splitlines()[:6]:
        left = re.split(r"\s{3,}", line.strip())[0]
        if left:
            out.append(" ".join(left.split()))
    return out


@pytest.mark.parametrize("issuer", list(EXPECTED))
def test_each_issuer_of_the_province_prints_its_own_header_number_addressee_and_recipients(
        stats, tmp_path: Path, issuer: str) -> None:
    assert issuer in issuers_for(PHU_THO)
    header, number, addressee, filed = EXPECTED[issuer]
    for authority in authorities_of(issuer):
        out = tmp_path / f"{issuer}-{authority}.pdf"
        render_report(stats, unit=PHU_THO, settings=NoticeSettings(), out=out, issued_on=ISSUED, signer="Người Ký",
                      authority=authority, issuer=issuer, fonts=document_fonts(prefer_system=False))
        text = layout_text(out)
        flat = [" ".join(line.split()) for line in text.splitlines()]
        left = _left(text)
        assert left[:len(header)] == header, (issuer, left)
        assert any(line.startswith(number) for line in flat[:8]), (number, flat[:8])
        party = issuer != "ubnd"
        assert ("ĐẢNG CỘNG SẢN VIỆT NAM" in text) == party
        assert ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text) != party
        assert f"Kính gửi: {addressee}." in flat
        for capital in AUTHORITIES[authority].lines:
            assert capital in text, (capital, authority)
        assert "Người Ký" in text
        assert filed in text
        if issuer in CENTRAL:
            assert CENTRAL[issuer] in text


def test_a_centrally_run_city_is_a_thanh_uy(stats, tmp_path: Path) -> None:
    out = tmp_path / "ha-noi.pdf"
    render_report(stats, unit=HA_NOI, settings=NoticeSettings(), out=out, issued_on=ISSUED, authority="board_head",
                  issuer="board_internal", fonts=document_fonts(prefer_system=False))
    text = layout_text(out)
    assert _left(text)[:2] == ["THÀNH ỦY HÀ NỘI", "BAN NỘI CHÍNH"]
    assert "Kính gửi: Ban Thường vụ Thành ủy Hà Nội." in [" ".join(line.split()) for line in text.splitlines()]


def test_a_board_signs_only_as_a_board_and_a_commune_has_no_boards(stats, tmp_path: Path) -> None:
    with pytest.raises(NoticeError, match="board_head"):
        render_report(stats, unit=PHU_THO, settings=NoticeSettings(), out=tmp_path / "x.pdf", issued_on=ISSUED,
                      authority="tm", issuer="board_mass")
    commune = Unit("00004", "Phường Ba Đình", "commune", "01", "Thành phố Hà Nội")
    assert issuers_for(commune) == ("ubnd", "party")
    with pytest.raises(NoticeError, match="ubnd"):
        render_report(stats, unit=commune, settings=NoticeSettings(), out=tmp_path / "y.pdf", issued_on=ISSUED,
                      authority="board_head", issuer="board_internal")
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_the_board_head_and_deputy_are_found_among_the_officials(tmp_path: Path) -> None:
    """The name under a board's signature is the official whose title is that board's head or deputy
    head, not the other board's and not the Party committee's secretary."""
    path = tmp_path / "tinh.db"
    with init_store(path, resolve_unit("25", "upper"), ADMIN, RECOVERY_CODE) as store:
        for name, title in (("Hà Văn Bí", "Bí thư Tỉnh ủy"), ("Lý Thị Nội", "Trưởng Ban Nội chính Tỉnh ủy"),
                            ("Cao Văn Phó", "Phó Trưởng Ban Nội chính Tỉnh ủy"),
                            ("Tạ Thị Dân", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
                            ("Vi Văn Vận", "Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy")):
            add_official(store, name=name, title=title, track="party")
    signed = {}
    for issuer, authority in (("board_internal", "board_head"), ("board_internal", "board_kt"),
                              ("board_mass", "board_head"), ("board_mass", "board_kt"), ("party", "party_tm")):
        report = build_report(path, quarter(2026, 1), as_of=ISSUED, issued_on=ISSUED, authority=authority,
                              issuer=issuer, progress=lambda d, t: None, cancelled=lambda: False)
        out = tmp_path / f"{issuer}-{authority}.pdf"
        out.write_bytes(report.pdf or b"")
        signed[issuer, authority] = layout_text(out)
    assert "Lý Thị Nội" in signed["board_internal", "board_head"]
    assert "Cao Văn Phó" in signed["board_internal", "board_kt"]
    assert "Tạ Thị Dân" in signed["board_mass", "board_head"]
    assert "Vi Văn Vận" in signed["board_mass", "board_kt"]
    assert "Hà Văn Bí" in signed["party", "party_tm"]
    assert "Lý Thị Nội" not in signed["board_mass", "board_head"]


def test_the_province_s_own_party_notice_is_the_tinh_uy_s(tmp_path: Path) -> None:
    """A dialogue the provincial Party committee held: its notice is numbered in the register as
    "-TB/TU" under "TỈNH ỦY PHÚ THỌ", not as a commune's Party committee ("ĐẢNG ỦY TỈNH …", "/ĐU")."""
    import io

    from conftest import add_to, full_meeting
    from qcdc_desktop.db.meetings import get_meeting
    from qcdc_desktop.db.register import get_entry, issue_notice, notice_settings
    from qcdc_desktop.db.units import get_unit
    from qcdc_desktop.printing.documents import render_document

    path = tmp_path / "tinh.db"
    with init_store(path, resolve_unit("25", "upper"), ADMIN, RECOVERY_CODE) as store:
        (meeting_id,) = add_to(store, full_meeting(track="party", chair="Hà Văn Bí", chair_title="Bí thư Tỉnh ủy"))
        issued = issue_notice(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8))
        entry = get_entry(store, issued.entry.id or "")
        assert entry is not None and entry.issuer == "TU" and entry.symbol == "01-TB/TU"
        buffer = io.BytesIO()
        render_document(get_meeting(store, meeting_id), entry, unit=get_unit(store), settings=notice_settings(store),
                        out=buffer, fonts=document_fonts(prefer_system=False))
    out = tmp_path / "tb.pdf"
    out.write_bytes(buffer.getvalue())
    text = layout_text(out)
    assert _left(text)[:2] == ["TỈNH ỦY PHÚ THỌ", "*"]
    assert "Số 01-TB/TU" in " ".join(text.split()) and "ĐẢNG ỦY TỈNH" not in text
