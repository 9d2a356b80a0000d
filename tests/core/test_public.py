"""The public version of a meeting's records: citizens by their initials and hamlet, no phone
numbers, free texts without the names and numbers they hold; officials keep their names.  And the
rows of the results sheet built from it."""

from __future__ import annotations

import datetime as dt

from qcdc_desktop.core.model import Meeting, Opinion, Person, Publication, Task
from qcdc_desktop.core.public import (
    HIDDEN,
    Redactor,
    bare_name,
    public_behalf,
    public_meeting,
    public_speaker,
    speaker_initials,
)
from qcdc_desktop.core.results import counts_sentence, gather, meeting_summary, period_phrase
from qcdc_desktop.core.statistics import parse_period


def _meeting(**changes: object) -> Meeting:
    opinions = [
        Opinion(speaker="Ông Nguyễn Văn An (trưởng thôn)", address="thôn Đông", phone="0912 345 678",
                field="land", on_behalf_of="hộ bà Lê Thị Hoa và 5 hộ liền kề",
                content="Gia đình ông Nguyễn Văn An (SĐT 0912.345.678) và bà Le Thi Hoa đề nghị cấp giấy; "
                        "kinh phí 1.500.000.000 đồng giai đoạn 2020 - 2025.",
                answered=True, answer="Đã trả lời ông Nguyễn Văn An tại Hội nghị.", outcome="answered"),
        Opinion(speaker="Trần Thị Bình", address="Thôn 3", field="transport", on_behalf_of="Thôn 3",
                content="Đường hỏng; liên hệ +84 987 654 321 hoặc 0243 812 3456.", outcome="commune_task"),
        Opinion(speaker="Phạm Văn Cường", address="", field="other", content="Ý kiến khác.", outcome="forwarded"),
    ]
    task = Task(content="Sửa đường theo kiến nghị của bà Trần Thị Bình.", assignee="Công chức Địa chính",
                deadline=dt.date(2024, 4, 30), opinions=[2], state="done", completed_on=dt.date(2024, 4, 20),
                result="Đã sửa xong, báo bà Trần Thị Bình.", reply_doc="15/UBND-VP")
    values: dict[str, object] = dict(
        kind="dialogue", held_on=dt.date(2024, 3, 5), title="Hội nghị đối thoại năm 2024", place="Hội trường",
        chair="Phạm Văn Cường", chair_title="Chủ tịch UBND xã", co_chairs=[Person("Lê Văn Tám", "Chủ tịch MTTQ")],
        minutes="Ông Nguyễn Văn An phát biểu; đồng chí Lê Văn Tám ghi nhận.",
        conclusion="Chủ tịch Phạm Văn Cường kết luận; trả lời bà Trần Thị Bình.", status="published",
        opinions=opinions, conclusions=[task],
        publications=[Publication("posted_hq", dt.date(2024, 3, 10), note="Gửi ông Nguyễn Văn An")])
    values.update(changes)
    return Meeting(**values)  # type: ignore[arg-type]  # the test's keyword values are the dataclass's fields


def test_a_speaker_is_named_by_initials_and_hamlet_and_for_whom_they_spoke() -> None:
    meeting = _meeting()
    assert bare_name("Ông Nguyễn Văn An (trưởng thôn)") == "Nguyễn Văn An"
    assert speaker_initials("Ông Nguyễn Văn An (trưởng thôn)") == "Ông N.V.A."
    assert public_speaker(meeting.opinions[0]) == "Ông N.V.A., thôn Đông (đại diện hộ bà L.T.H. và 5 hộ liền kề)"
    assert public_speaker(meeting.opinions[1]) == "T.T.B., Thôn 3 (đại diện Thôn 3)"  # a hamlet is nobody's name
    assert public_behalf("12 hộ dân Thôn Đông") == "12 hộ dân Thôn Đông"
    assert public_behalf("Lê Thị Hoa") == "L.T.H."


def test_free_texts_lose_the_citizens_names_and_every_phone_number_but_keep_other_figures() -> None:
    public = public_meeting(_meeting())
    first, second = public.opinions[0], public.opinions[1]
    assert first.content == (f"Gia đình ông N.V.A. (SĐT {HIDDEN}) và bà L.T.H. đề nghị cấp giấy; kinh phí "
                             "1.500.000.000 đồng giai đoạn 2020 - 2025.")
    assert first.answer == "Đã trả lời ông N.V.A. tại Hội nghị."  # no doubled full stop
    assert second.content == f"Đường hỏng; liên hệ {HIDDEN} hoặc {HIDDEN}."
    assert (first.phone, first.speaker, first.address) == ("", "Ông N.V.A.", "thôn Đông")
    assert public.conclusions[0].content == "Sửa đường theo kiến nghị của bà T.T.B.."[:-1]
    assert public.conclusions[0].result == "Đã sửa xong, báo bà T.T.B.."[:-1]
    assert public.publications[0].note == "Gửi ông N.V.A."
    # Officials act in their office: the chair and the co-chair keep their names, even where a
    # citizen has the chair's name.
    assert public.minutes == "Ông N.V.A. phát biểu; đồng chí Lê Văn Tám ghi nhận."
    assert public.conclusion == "Chủ tịch Phạm Văn Cường kết luận; trả lời bà T.T.B.."[:-1]
    assert public.chair == "Phạm Văn Cường" and public.conclusions[0].assignee == "Công chức Địa chính"


def test_the_names_of_every_meeting_of_a_period_are_taken_out_of_each() -> None:
    one, other = _meeting(), _meeting(opinions=[Opinion(speaker="Đỗ Minh Khang", field="other", content="x")])
    other.conclusion = "Trả lời ông Nguyễn Văn An và ông Đỗ Minh Khang."
    clean = Redactor.of([one, other])
    assert clean.text(other.conclusion) == "Trả lời ông N.V.A. và ông Đ.M.K."
    assert clean.text("Gọi 0912345678, số nhà 12, năm 2024.") == f"Gọi {HIDDEN}, số nhà 12, năm 2024."
    assert Redactor.of([other]).text("ông Nguyễn Văn An") == "ông Nguyễn Văn An"  # not a speaker there


def test_the_results_rows_say_what_became_of_each_opinion() -> None:
    results = gather([_meeting()], dt.date(2024, 6, 1))
    [group] = results.groups
    rows = group.rows
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[0].speaker.startswith("Ông N.V.A., thôn Đông")
    assert rows[0].result == "Trả lời tại Hội nghị: Đã trả lời ông N.V.A. tại Hội nghị."
    assert rows[0].status == "answered" and "Nguyễn" not in rows[0].content and HIDDEN in rows[0].content
    assert rows[1].status == "done"
    assert rows[1].result == ("Giao Công chức Địa chính chủ trì giải quyết, thời hạn trước ngày 30/04/2024. Kết quả "
                              "(hoàn thành ngày 20/04/2024): Đã sửa xong, báo bà T.T.B. Văn bản trả lời số "
                              "15/UBND-VP.")
    assert rows[2].status == "forwarded" and rows[2].speaker == "P.V.C."
    assert counts_sentence(results) == ("Tổng số 3 ý kiến, kiến nghị của Nhân dân; trong đó: đã trả lời trực tiếp 1 ý "
                                        "kiến; đã giải quyết xong 1 ý kiến; đã chuyển cơ quan có thẩm quyền giải "
                                        "quyết 1 ý kiến. Kết quả tính đến ngày 01/06/2024.")
    assert meeting_summary(_meeting()) == "Tại Hội nghị đối thoại với Nhân dân năm 2024 ngày 05/03/2024"


def test_an_open_task_past_its_deadline_is_overdue_and_a_planned_meeting_has_no_rows() -> None:
    meeting = _meeting()
    meeting.conclusions[0].state, meeting.conclusions[0].completed_on = "open", None
    assert [r.status for r in gather([meeting], dt.date(2024, 4, 1)).groups[0].rows][1] == "in_progress"
    assert [r.status for r in gather([meeting], dt.date(2024, 5, 1)).groups[0].rows][1] == "overdue"
    assert gather([_meeting(status="planned")], dt.date(2024, 5, 1)).total == 0
    assert counts_sentence(gather([], dt.date(2024, 5, 1))) == "Không có ý kiến, kiến nghị nào của Nhân dân."


def test_a_period_is_named_as_the_summary_line_says_it() -> None:
    assert period_phrase(parse_period("2026")) == "năm 2026"
    assert period_phrase(parse_period("2026-Q3")) == "quý III năm 2026"
    assert period_phrase(parse_period("2026-H1")) == "6 tháng đầu năm 2026"
    assert period_phrase(parse_period("2026-03")) == "tháng 3 năm 2026"
