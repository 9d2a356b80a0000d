"""Who signs: an official's title read as a role, the signer of each capacity among the officials,
the office's defaults, and the office's settings by key checked as the place checks them."""

from __future__ import annotations

import pytest

from qcdc_desktop.core.errors import NoticeError
from qcdc_desktop.core.model import Official
from qcdc_desktop.core.notice import NoticeSettings
from qcdc_desktop.core.office_settings import DOCUMENT_KEYS, document_key, put_value
from qcdc_desktop.core.signing import default_signer, sign_as, title_role, usual_authority


@pytest.mark.parametrize(("title", "role"), [
    ("Chủ tịch UBND xã", "chairman"), ("Phó Chủ tịch Ủy ban nhân dân phường", "vice_chairman"),
    ("Chánh Văn phòng HĐND và UBND xã", "chief_of_office"), ("Bí thư Đảng ủy xã", "secretary"),
    ("Phó Bí thư Thường trực Đảng ủy xã", "deputy_secretary"), ("Bí thư Đảng ủy, Chủ tịch UBND xã", "secretary"),
    ("Chủ tịch HĐND xã", ""), ("Chủ tịch Ủy ban MTTQ Việt Nam xã", ""), ("Bí thư Đoàn xã", ""),
    ("Bí thư Chi bộ thôn 3", ""), ("Công chức Văn phòng - Thống kê", ""), ("", ""),
])
def test_a_title_says_the_role(title: str, role: str) -> None:
    assert title_role(title) == role


OFFICIALS = [Official("Hà Hội", "Chủ tịch HĐND xã"), Official("An Chủ", "Chủ tịch UBND xã"),
             Official("Cũ Phó", "Phó Chủ tịch UBND xã", active=False), Official("Bình Phó", "Phó Chủ tịch UBND xã"),
             Official("Chánh", "Chánh Văn phòng HĐND và UBND xã"), Official("Bí", "Bí thư Đảng ủy xã", "party")]


def test_the_signer_of_each_capacity() -> None:
    none = NoticeSettings()
    assert default_signer("tm", OFFICIALS, none) == "An Chủ"
    assert default_signer("kt", OFFICIALS, none) == "Bình Phó"  # the inactive one never
    assert default_signer("tuq", OFFICIALS, none) == "Chánh"
    assert default_signer("party_tm", OFFICIALS, none) == "Bí"
    assert default_signer("party_kt", OFFICIALS, none) == ""  # nobody on file: left for the clerk
    # The chair signs when their title fits; else the capacity their title calls for falls back to them.
    assert default_signer("kt", OFFICIALS, none, chair="Khác", chair_title="Phó Chủ tịch UBND xã") == "Khác"
    assert default_signer("party_kt", OFFICIALS, none, chair="X", chair_title="Trưởng ban") == ""
    office = NoticeSettings(state_authority="tl", state_signer="Người Được Giao")
    assert usual_authority(office, "state", "Chủ tịch UBND xã") == "tl"
    assert default_signer("tl", OFFICIALS, office) == "Người Được Giao"
    assert default_signer("tm", OFFICIALS, office) == "An Chủ"


def test_a_code_is_checked_with_the_choices() -> None:
    assert sign_as(" kt ").code == "kt"
    with pytest.raises(NoticeError, match="party_secretary"):
        sign_as("kt", "party")


def test_settings_by_key() -> None:
    assert len({k.key for k in DOCUMENT_KEYS}) == len(DOCUMENT_KEYS)
    s = NoticeSettings()
    margins = document_key("notice.margins")
    assert margins is not None and margins.show(put_value(s, margins, "25; 22 35 20")) == "25,22,35,20"
    with pytest.raises(NoticeError):
        put_value(s, margins, "25,22")
    recipients = document_key("notice.party_recipients_gm")
    assert recipients is not None
    assert put_value(s, recipients, "- Như trên;\nLưu Văn phòng Đảng ủy.").party_recipients_gm == (
        "Như trên", "Lưu Văn phòng Đảng ủy")
    authority = document_key("notice.party_authority")
    assert authority is not None and put_value(s, authority, "party_kt").party_authority == "party_kt"
    with pytest.raises(NoticeError):
        put_value(s, authority, "tm")
