"""How a văn thư checks the running text of the printed documents: names, units' names and counts
never cut at a line's end, the generic word of a unit in lower case inside a sentence, the issuer
spelled out one way, a thematic meeting's topic in the summary line, and the opinions summarised
field by field (or counted) as chosen for the notice."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pdfcheck import lines, needs_poppler
from qcdc_desktop.core.notice import COUNTS, SUMMARY, fingerprint, opinions_form
from qcdc_desktop.core.running import NBSP, unbreakable
from qcdc_desktop.core.wording import running
from print_samples import entry, meeting, render


def test_spaces_that_do_not_break() -> None:
    text = unbreakable("Tham dự có đồng chí Hoàng Đức Nam, Chủ tịch UBND xã Bát Xát và 127 người (1 ý kiến).")
    assert f"Hoàng{NBSP}Đức{NBSP}Nam," in text
    assert f"UBND{NBSP}xã{NBSP}Bát{NBSP}Xát" in text
    assert f"127{NBSP}người" in text and f"(1{NBSP}ý{NBSP}kiến)" in text
    assert f"15{NBSP}ngày" in unbreakable("trong 15 ngày") and f"ngày{NBSP}30/04/2026" in unbreakable("trước ngày 30/04/2026")
    assert unbreakable("đề nghị sửa chữa đường") == "đề nghị sửa chữa đường"  # nothing else changes


def test_generic_words_lowered_inside_a_sentence_only() -> None:
    lowered = running("Cử tri Thôn Tây và Tổ dân phố Hòa Bình, Xã An Bình đề nghị")
    assert lowered.replace(NBSP, " ") == "Cử tri thôn Tây và tổ dân phố Hòa Bình, xã An Bình đề nghị"
    assert running("Thôn Tây đề nghị.").replace(NBSP, " ") == "Thôn Tây đề nghị."  # the first word keeps its capital
    assert running("tại Phường 3 và Thôn 5").replace(NBSP, " ") == "tại Phường 3 và Thôn 5"  # named by a number
    assert running("Ngân hàng Chính sách Xã hội").replace(NBSP, " ") == "Ngân hàng Chính sách Xã hội"
    assert running("Giao UBND thôn Đông").replace(NBSP, " ") == "Giao UBND thôn Đông"  # no body: not expanded


def _text(pdf: Path) -> str:
    return " ".join(lines(pdf))


@needs_poppler
def test_a_long_name_near_the_line_end_stays_on_one_line(tmp_path: Path) -> None:
    edges = 0
    for n in range(14):  # the place grows a letter at a time: the name moves across the line's end
        m = meeting(place="Nhà văn hóa thôn " + "Đông" + " Tây" * (n // 4) + "ABCD"[: n % 4],
                    chair="Hoàng Đức Nam")
        pdf = render(tmp_path, m, entry(m, signer="Hoàng Đức Nam"), f"n{n}.pdf")
        body = [line for line in lines(pdf) if "chủ trì" in line or "Hoàng" in line or "Nam," in line][:3]
        assert any("Hoàng Đức Nam" in line for line in body), body
        assert not any(line.endswith(("Hoàng", "Hoàng Đức")) for line in body), body
        edges += any(line.startswith("Hoàng Đức Nam") or line.endswith("Hoàng Đức Nam,") for line in body)
    assert edges, "no case put the name at a line's end"


@needs_poppler
def test_generic_word_issuer_and_topic(tmp_path: Path) -> None:
    m = meeting(kind="thematic", place="Nhà văn hóa Thôn Tây",
                title="Đối thoại chuyên đề về bồi thường, giải phóng mặt bằng dự án đường tỉnh 151")
    pdf = render(tmp_path, m, entry(m, opinions=COUNTS))
    text = _text(pdf)
    assert "tại Nhà văn hóa thôn Tây," in text and "Thôn Tây" not in text
    assert "tại Hội nghị đối thoại chuyên đề về bồi thường, giải phóng mặt bằng dự án đường tỉnh 151" in text
    title = " ".join(lines(pdf)[lines(pdf).index("THÔNG BÁO") + 1:][:3])
    assert "Kết luận của Chủ tịch Ủy ban nhân dân xã tại Hội nghị đối thoại chuyên đề về bồi thường" in title
    body = text[text.index("THÔNG BÁO"):text.index("Nơi nhận:")]
    assert "UBND" not in body and "HĐND" not in body and "Ủy ban nhân dân xã" in body
    assert "Số: 05/TB-UBND" in text and "Lưu: VT, VP." in text  # abbreviations where the decree has them


def _summary_meeting():
    m = meeting()
    m.opinions[1] = dataclasses.replace(m.opinions[1], content="Ông Phạm Văn Đức, số 0912 345 678, đề nghị công "
                                        "khai quy hoạch sử dụng đất của Thôn Tây.")
    m.conclusions[1].opinions = [2]
    return m


@needs_poppler
def test_the_notice_summarises_the_opinions_by_field_with_the_answers(tmp_path: Path) -> None:
    m = _summary_meeting()
    text = _text(render(tmp_path, m, entry(m, opinions=SUMMARY)))
    assert "Về lĩnh vực đất đai (2 ý kiến):" in text and "Về lĩnh vực giao thông (1 ý kiến):" in text
    assert ("- Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ. Trả lời tại Hội nghị: Ủy ban nhân dân "
            "xã sẽ hoàn thiện hồ sơ trong quý II.") in text
    assert "đề nghị công khai quy hoạch sử dụng đất của thôn Tây. Giao giải quyết tại điểm 2 phần kết luận" in text
    assert "Thuộc thẩm quyền của cấp trên" in text
    for name in ("Trần Thị Bình", "Phạm Văn Đức", "Hoàng Văn Nam", "0912"):
        assert name not in text, name


@needs_poppler
def test_counts_when_the_summary_is_off(tmp_path: Path) -> None:
    m = _summary_meeting()
    text = _text(render(tmp_path, m, entry(m, opinions=COUNTS)))
    assert "các lĩnh vực: đất đai (2 ý kiến); giao thông (1 ý kiến)." in text
    assert "Về lĩnh vực" not in text and "quy hoạch" not in text


def test_the_fingerprint_covers_what_the_summary_prints() -> None:
    m = _summary_meeting()
    changed = dataclasses.replace(m, opinions=[dataclasses.replace(m.opinions[0], answer="Khác."), *m.opinions[1:]])
    assert fingerprint(m, "TB", SUMMARY) != fingerprint(changed, "TB", SUMMARY)
    assert fingerprint(m, "TB", COUNTS) == fingerprint(changed, "TB", COUNTS)  # the counts print no answer
    assert opinions_form(fingerprint(m, "TB", SUMMARY)) == SUMMARY
    assert opinions_form(fingerprint(m, "TB", COUNTS)) == COUNTS


def test_opinions_given_one_answer_are_one_line_that_says_how_many() -> None:
    """Three citizens asked about their hamlets' land certificates and the chair answered them
    together: the summary gives the matter once with "(3 ý kiến có nội dung tương tự)", not the same
    answer three times; an opinion with another answer, or one that became a task, stays its own line."""
    from qcdc_desktop.core.notice_opinions import per_field

    m = meeting()
    land = m.opinions[0]
    same = "Hồ sơ còn thiếu trích đo; phường đề nghị đo bổ sung."
    m.opinions = [dataclasses.replace(land, content=f"Đề nghị sớm cấp giấy chứng nhận cho các hộ {hamlet}.",
                                      answered=True, outcome="answered", answer=same)
                  for hamlet in ("Tổ 1", "Tổ 4", "Tổ 6")]
    m.opinions.append(dataclasses.replace(land, content="Đề nghị đo lại ranh giới thửa đất.", answered=True,
                                          outcome="answered", answer="Công chức Địa chính sẽ đo lại."))
    m.opinions.append(dataclasses.replace(land, content="Đề nghị sớm cấp giấy chứng nhận cho các hộ Tổ 9.",
                                          answered=False, outcome="commune_task", answer=""))
    m.conclusions[0].opinions = [5]
    lines_ = per_field(m, "Hội nghị", "xã", {land.field: "đất đai"})
    assert lines_ == [
        "Về lĩnh vực đất đai (5 ý kiến):",
        "- Đề nghị sớm cấp giấy chứng nhận cho các hộ Tổ 1 (3 ý kiến có nội dung tương tự). Trả lời tại Hội nghị: "
        + same,
        "- Đề nghị đo lại ranh giới thửa đất. Trả lời tại Hội nghị: Công chức Địa chính sẽ đo lại.",
        "- Đề nghị sớm cấp giấy chứng nhận cho các hộ Tổ 9. Giao giải quyết tại điểm 1 phần kết luận dưới đây.",
    ]
