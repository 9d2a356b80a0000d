"""Every signature of Decree 30 (TM., TM. KT., KT., TL., TUQ., the chairman in person) and of
Hướng dẫn 36 (T/M with the secretary or a deputy, K/T, the secretary in person) on every kind of
document that carries one (the notice, the invitation, the report), with the signer found among
the officials on file; and the report's "Kính gửi:" the upper level, read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from conftest import ADMIN, RECOVERY_CODE, add_to, full_meeting
from pdfcheck import layout_text, needs_poppler
from qcdc_desktop import l10n
from qcdc_desktop.core.notice import AUTHORITIES, INVITATION, NOTICE, NoticeSettings, authorities_for
from qcdc_desktop.core.signing import default_signer
from qcdc_desktop.db.officials import add_official, list_officials
from qcdc_desktop.db.register import draft_entry, notice_settings
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.db.units import get_unit
from qcdc_desktop.printing.documents import render_document
from qcdc_desktop.printing.fonts import document_fonts
from qcdc_desktop.printing.report import render_report
from report_stats import fixture_statistics

pytestmark = needs_poppler

OFFICIALS = (  # who signs in each capacity at Xã Hợp Thành (Lào Cai)
    ("Nguyễn Văn Chủ", "Chủ tịch UBND xã", "state"), ("Trần Thị Phó", "Phó Chủ tịch UBND xã", "state"),
    ("Lê Văn Chánh", "Chánh Văn phòng HĐND và UBND xã", "state"), ("Hà Thị Hội", "Chủ tịch HĐND xã", "state"),
    ("Phạm Văn Bí", "Bí thư Đảng ủy xã", "party"), ("Đỗ Thị Phó Bí", "Phó Bí thư Thường trực Đảng ủy xã", "party"),
)
SIGNER = {"tm": "Nguyễn Văn Chủ", "chairman": "Nguyễn Văn Chủ", "tm_kt": "Trần Thị Phó", "kt": "Trần Thị Phó",
          "tl": "Lê Văn Chánh", "tuq": "Lê Văn Chánh", "party_tm": "Phạm Văn Bí", "party_secretary": "Phạm Văn Bí",
          "party_tm_deputy": "Đỗ Thị Phó Bí", "party_kt": "Đỗ Thị Phó Bí"}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory):
    l10n.set_language("vi")
    path = tmp_path_factory.mktemp("signing") / "hop-thanh.db"
    with init_store(path, resolve_unit("02680", "commune"), ADMIN, RECOVERY_CODE) as store:
        for name, title, track in OFFICIALS:
            add_official(store, name=name, title=title, track=track)
        # Chaired by someone who is not an official on file: the signer comes from the officials.
        state, party = add_to(store, full_meeting(chair="Vũ Khách", chair_title="Trưởng ban"),
                              full_meeting(track="party", chair="Vũ Khách", chair_title="Trưởng ban"))
        yield store, {"state": state, "party": party}


def signature_block(pdf: bytes, tmp_path: Path, name: str) -> str:
    out = tmp_path / name
    out.write_bytes(pdf)
    return layout_text(out)


def cells(text: str) -> set[str]:
    """The pieces of the page's lines that stand apart (the footer's two columns are apart)."""
    return {" ".join(part.split()) for line in text.splitlines() for part in re.split(r"\s{3,}", line.strip())}


# A commune's capacities: the People's Committee's and the Party committee's (a board of the
# provincial Party committee signs only at the upper level: tests/printing/test_report_issuers.py).
COMMUNE = [code for code, a in AUTHORITIES.items() if a.track in ("state", "party")]


def test_every_code_has_a_usual_signer():
    assert set(SIGNER) == set(COMMUNE)


@pytest.mark.parametrize("doc_type", [NOTICE, INVITATION])
@pytest.mark.parametrize("code", COMMUNE)
def test_a_meeting_document_signed_in_each_capacity(office, tmp_path: Path, doc_type: str, code: str) -> None:
    store, meetings = office
    track = AUTHORITIES[code].track
    meeting_id = meetings[track]
    entry = draft_entry(store, meeting_id=meeting_id, doc_type=doc_type, issued_on=dt.date(2024, 3, 8), authority=code)
    assert entry.signer == SIGNER[code]
    from qcdc_desktop.db.meetings import get_meeting

    buffer = io.BytesIO()
    render_document(get_meeting(store, meeting_id), entry, unit=get_unit(store), settings=notice_settings(store),
                    out=buffer, fonts=document_fonts(prefer_system=False))
    text = signature_block(buffer.getvalue(), tmp_path, f"{code}.pdf")
    pieces = cells(text)
    for capital in AUTHORITIES[code].lines:  # each line of the capacity, standing on its own
        assert capital in pieces, (capital, text[-900:])
    assert SIGNER[code] in pieces
    others = {line for a in authorities_for(track) if a.code != code for line in a.lines} - set(AUTHORITIES[code].lines)
    assert not others & pieces, (others & pieces, code)


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory):
    return fixture_statistics(tmp_path_factory.mktemp("stats"))


@pytest.mark.parametrize("code", COMMUNE)
def test_the_report_in_each_capacity_is_addressed_to_the_upper_level(office, stats, tmp_path: Path,
                                                                     code: str) -> None:
    store, _meetings = office
    unit, settings = get_unit(store), NoticeSettings()
    signer = default_signer(code, list_officials(store), settings)
    assert signer == SIGNER[code]
    out = tmp_path / "report.pdf"
    render_report(stats, unit=unit, settings=settings, out=out, issued_on=dt.date(2024, 4, 5), signer=signer,
                  authority=code, fonts=document_fonts(prefer_system=False))
    text = layout_text(out)
    flat = [" ".join(line.split()) for line in text.splitlines()]
    party = AUTHORITIES[code].track == "party"
    addressee = "Ban Thường vụ Tỉnh ủy Lào Cai" if party else "Ủy ban nhân dân tỉnh Lào Cai"
    assert f"Kính gửi: {addressee}." in flat
    assert any(("-BC/ĐU" if party else "/BC-UBND") in line for line in flat[:8])
    pieces = cells(text)
    for capital in AUTHORITIES[code].lines:
        assert capital in pieces, (capital, text[-700:])
    assert signer in pieces
    assert "- Như trên" + ("," if party else ";") in text
    if party:
        assert "- Lưu Văn phòng Đảng ủy." in text
    else:
        assert "- Thường trực Đảng ủy xã;" in text and "- Lưu: VT, VP." in text


def test_the_report_in_english_says_to_whom(office, stats, tmp_path: Path) -> None:
    store, _meetings = office
    l10n.set_language("en")
    try:
        out = tmp_path / "report-en.pdf"
        render_report(stats, unit=get_unit(store), settings=NoticeSettings(), out=out, issued_on=dt.date(2024, 4, 5),
                      signer="A", fonts=document_fonts(prefer_system=False))
        text = " ".join(layout_text(out).split())
        assert "To: The People's Committee of Lào Cai Province." in text
        assert "- The standing members of the commune Party committee;" in text
    finally:
        l10n.set_language("vi")
