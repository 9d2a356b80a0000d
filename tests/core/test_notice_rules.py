"""core/notice.py and core/wording.py: the rules and the Vietnamese wording of printed documents."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc_desktop import l10n
from qcdc_desktop.core.errors import NoticeError
from qcdc_desktop.core.signing import sign_as
from qcdc_desktop.core.notice import (
    AUTHORITIES,
    Margins,
    NoticeSettings,
    authorities_for,
    clean_recipients,
    default_authority,
    default_recipients,
    fingerprint,
)
from qcdc_desktop.core.unit_words import place_of, unit_word
from qcdc_desktop.core.wording import (
    clock,
    expand,
    field_in_sentence,
    field_label,
    long_date,
    meeting_phrase,
    summary_line,
    weekday,
)
from print_samples import meeting, party_meeting


@pytest.mark.parametrize(("unit", "word", "place"), [
    ("Xã An Bình", "xã", "An Bình"),
    ("Phường Ba Đình", "phường", "Ba Đình"),
    ("Phường 3", "phường", "Phường 3"),
    ("Đặc khu Côn Đảo", "đặc khu", "Côn Đảo"),
    ("Xã Cư M'gar", "xã", "Cư M'gar"),
    # A province's own documents: "Tuyên Quang, ngày …", "Ủy ban nhân dân tỉnh".
    ("Tỉnh Tuyên Quang", "tỉnh", "Tuyên Quang"),
    ("Thành phố Hà Nội", "thành phố", "Hà Nội"),
    ("Huyện Mê Linh", "huyện", "Mê Linh"),
])
def test_unit_word_and_place(unit: str, word: str, place: str) -> None:
    assert unit_word(unit) == word
    assert place_of(unit) == place


@pytest.mark.parametrize(("day", "written"), [
    (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"), (dt.date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"),
    (dt.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"), (dt.date(2026, 11, 22), "ngày 22 tháng 11 năm 2026"),
])
def test_long_date_agrees_with_the_nd30_date_line(day: dt.date, written: str) -> None:
    assert long_date(day) == written
    assert l10n.nd30_date(day, "An Bình") == f"An Bình, {written}"


def test_summary_lines_are_built_from_kind_chair_and_year() -> None:
    assert summary_line(meeting()) == ("Kết luận của Chủ tịch Ủy ban nhân dân xã tại Hội nghị đối thoại với Nhân dân "
                                       "năm 2026")
    assert summary_line(party_meeting()) == ("Kết luận của đồng chí Bí thư Đảng ủy xã tại Hội nghị tiếp xúc, đối "
                                             "thoại trực tiếp với Nhân dân năm 2026")
    reception = meeting(kind="reception", chair_title="Phó Chủ tịch UBND xã")
    assert summary_line(reception) == ("Kết luận của Phó Chủ tịch Ủy ban nhân dân xã tại buổi tiếp công dân định kỳ "
                                       "ngày 02/03/2026")
    assert summary_line(meeting(kind="on_request", scope=["Thôn Đông"]), "GM") == (
        "Dự Hội nghị đối thoại với Nhân dân theo yêu cầu của cử tri Thôn Đông")  # the day has its own line
    assert summary_line(meeting(), "BB") == "Hội nghị đối thoại với Nhân dân năm 2026"
    assert meeting_phrase(meeting(kind="ad_hoc"), dated=False) == "buổi đối thoại đột xuất với Nhân dân"


def test_phrases_and_labels() -> None:
    assert expand("Chủ tịch UBND xã, Thường trực HĐND, Ủy ban MTTQ Việt Nam") == (
        "Chủ tịch Ủy ban nhân dân xã, Thường trực Hội đồng nhân dân, Ủy ban Mặt trận Tổ quốc Việt Nam")
    assert expand("UBNDX") == "UBNDX"
    assert expand("UBND và HĐND xã, UBND các cấp") == (
        "Ủy ban nhân dân và Hội đồng nhân dân xã, Ủy ban nhân dân các cấp")


HAMLET_UNITS = ["thôn", "Thôn", "tổ dân phố", "Tổ dân phố", "khu phố", "ấp", "bản", "xóm", "tổ", "khu dân cư",
                "làng", "buôn"]
STATE_LEVELS = ["xã", "Xã", "phường", "Phường", "thị trấn", "thị xã", "tỉnh", "thành phố", "Thành phố", "TP",
                "huyện", "quận", "đặc khu"]
NAMES = st.sampled_from(["Đông", "3", "Tân Lập", "An Bình", "5A", "Bắc Sơn"])


@given(st.sampled_from(["UBND", "HĐND"]), st.sampled_from(HAMLET_UNITS), NAMES,
       st.sampled_from(["", "Giao ", "phối hợp với ", "Chủ tịch "]))
def test_a_hamlet_is_never_spelled_out_as_a_body(short: str, unit: str, name: str, before: str) -> None:
    typed = f"{before}{short} {unit} {name}"
    assert expand(typed) == typed  # "Ủy ban nhân dân thôn" is no body: printed as typed
    assert "nhân dân" not in expand(f"{typed}, {short} {unit} khác")


@given(st.sampled_from([("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân")]),
       st.sampled_from(STATE_LEVELS), NAMES)
def test_a_state_level_body_is_spelled_out(short: tuple[str, str], level: str, name: str) -> None:
    assert expand(f"Chủ tịch {short[0]} {level} {name}") == f"Chủ tịch {short[1]} {level} {name}"
    assert expand(f"Trưởng thôn và {short[0]} thôn {name}, {short[0]} {level}") == (
        f"Trưởng thôn và {short[0]} thôn {name}, {short[1]} {level}")
    assert clock("8:00") == "08 giờ 00" and clock("14h30") == "14 giờ 30" and clock("") == ""
    assert weekday(dt.date(2026, 3, 5)) == "thứ Năm" and weekday(dt.date(2026, 3, 8)) == "Chủ nhật"


def test_field_labels_are_vietnamese_whatever_the_screen_language() -> None:
    l10n.set_language("en")
    assert field_label("land") == "Đất đai"
    assert field_label("compensation") == "Bồi thường, giải phóng mặt bằng"
    assert field_in_sentence("party_government") == "xây dựng Đảng, chính quyền"  # "Đảng" keeps its capital


def test_authorities() -> None:
    assert AUTHORITIES["tm"].lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert AUTHORITIES["party_tm"].lines == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    assert [a.code for a in authorities_for("state")] == ["tm", "tm_kt", "kt", "tl", "tuq", "chairman"]
    assert [a.code for a in authorities_for("party")] == ["party_tm", "party_tm_deputy", "party_kt", "party_secretary"]
    assert AUTHORITIES["party_kt"].lines == ("K/T BÍ THƯ", "PHÓ BÍ THƯ")
    assert AUTHORITIES["tuq"].lines == ("TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")
    assert default_authority("state", "Chủ tịch UBND xã") == "tm"
    assert default_authority("state", "Phó Chủ tịch UBND xã") == "kt"
    assert default_authority("party", "Bí thư Đảng ủy xã") == "party_tm"
    assert default_authority("party", "Phó Bí thư Thường trực Đảng ủy xã") == "party_tm_deputy"
    assert sign_as("tl", "state").lines[0] == "TL. CHỦ TỊCH"
    with pytest.raises(NoticeError):
        sign_as("party_tm", "state")
    assert all(a.label for a in AUTHORITIES.values())


def test_margins_within_the_decree() -> None:
    assert Margins().checked() == Margins(20, 20, 30, 15)
    assert Margins(25, 25, 35, 20).checked()
    for wrong in (Margins(top=19.9), Margins(bottom=25.1), Margins(left=36), Margins(right=14)):
        with pytest.raises(NoticeError):
            wrong.checked()


def test_settings_are_cleaned() -> None:
    settings = NoticeSettings(state_recipients=("- Thường trực HĐND xã;", "  ", "- Lưu: VT, VP."),
                              place="  An Bình ").checked()
    assert settings.state_recipients == ("Thường trực HĐND xã", "Lưu: VT, VP")
    assert settings.place == "An Bình"
    with pytest.raises(NoticeError):
        NoticeSettings(numbering="weekly").checked()


def test_default_recipients() -> None:
    state = default_recipients("state", "TB", "Phường Ba Đình")
    assert state[0] == "Thường trực Đảng ủy phường (để báo cáo)" and state[-1] == "Lưu: VT, VP"
    party = default_recipients("party", "TB", "Xã An Bình", "Thành phố Hà Nội")
    assert party[0] == "Ban Thường vụ Thành ủy (để báo cáo)" and party[-1] == "Lưu Văn phòng Đảng ủy"
    assert default_recipients("state", "GM", "Xã An Bình") == ["Như trên", "Lưu: VT, VP"]
    # Mẫu 1.9: the minutes go to the leaders and are kept with the meeting's file.
    assert default_recipients("state", "BB", "Xã An Bình") == [
        "Thường trực Đảng ủy xã (để báo cáo)", "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân xã", "Lưu: VT, hồ sơ"]
    assert default_recipients("party", "BB", "Phường 3")[-1] == "Lưu Văn phòng Đảng ủy, hồ sơ"
    assert clean_recipients(["- a;\n- b.", "• c,"]) == ["a", "b", "c"]


def test_a_province_s_own_documents_go_to_its_bodies_and_its_communes() -> None:
    assert default_recipients("state", "TB", "Tỉnh Tuyên Quang") == [
        "Thường trực Tỉnh ủy (để báo cáo)", "Thường trực Hội đồng nhân dân tỉnh",
        "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Các cơ quan, đơn vị liên quan", "Ủy ban nhân dân các xã, phường liên quan", "Lưu: VT"]
    assert default_recipients("party", "TB", "Thành phố Hà Nội", "Thành phố Hà Nội") == [
        "Văn phòng Trung ương Đảng (để báo cáo)", "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ thành phố",
        "Hội đồng nhân dân, Ủy ban nhân dân thành phố", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố",
        "Các đảng bộ trực thuộc Thành ủy", "Lưu Văn phòng Thành ủy"]
    assert default_recipients("party", "BB", "Tỉnh Tuyên Quang") == ["Thường trực Tỉnh ủy", "Lưu Văn phòng Tỉnh ủy, hồ sơ"]
    assert default_recipients("state", "GM", "Tỉnh Tuyên Quang") == ["Như trên", "Lưu: VT"]
    # Where the upper level is still a district, its Party committee reports to the province's.
    assert default_recipients("party", "TB", "Huyện Mê Linh", "Thành phố Hà Nội")[0] == "Ban Thường vụ Thành ủy (để báo cáo)"
    # Nothing of a commune's is left in a province's defaults.
    for track in ("state", "party"):
        for doc_type in ("TB", "BB", "GM"):
            text = " ".join(default_recipients(track, doc_type, "Tỉnh Tuyên Quang", "Tỉnh Tuyên Quang"))
            assert "xã" not in text.replace("các xã, phường", "") and "Đảng ủy" not in text and "chi bộ" not in text


def test_fingerprint_follows_what_is_printed_not_the_follow_up() -> None:
    m = meeting()
    same = meeting()
    same.status = "published"
    same.conclusions = [dataclasses.replace(t, state="done", result="Đã xong.", completed_on=dt.date(2026, 4, 1))
                        for t in m.conclusions]
    assert fingerprint(m, "TB") == fingerprint(same, "TB")
    changed = meeting()
    changed.conclusions[0].deadline = dt.date(2026, 5, 30)
    assert fingerprint(m, "TB") != fingerprint(changed, "TB")
    assert fingerprint(m, "GM") == fingerprint(changed, "GM")  # the invitation does not print conclusions
    assert fingerprint(m, "BB") != fingerprint(meeting(minutes="Khác."), "BB")
    # The secretary signs the minutes only; minutes issued before meetings had one keep their fingerprint.
    assert fingerprint(m, "BB") != fingerprint(meeting(secretary="Lý Văn Hùng"), "BB")
    assert fingerprint(m, "TB") == fingerprint(meeting(secretary="Lý Văn Hùng"), "TB")
    assert fingerprint(dataclasses.replace(m, secretary=""), "BB") == fingerprint(meeting(secretary=""), "BB")
