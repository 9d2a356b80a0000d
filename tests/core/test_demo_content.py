"""The demo reads like a real commune: who is assigned fits the field, the answer speaks of what was
asked, the calendar has a commune's rhythm, old tasks were dealt with, the hamlets are one commune's.

The expectations are written here, independently of the demo's own table of scenarios: keyword
rules per field, as a reader would check them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from qcdc_desktop.core.demo import DemoMaker
from qcdc_desktop.core.followup import task_progress
from qcdc_desktop.core.model import Meeting

UNTIL = dt.date(2026, 6, 30)

# Who may carry out a task of each field (words of the assignee's name).
ASSIGNEES = {
    "land": ("Địa chính", "Kinh tế"),
    "compensation": ("bồi thường", "Địa chính", "Kinh tế"),
    "construction": ("Địa chính - Xây dựng", "Kinh tế"),
    "transport": ("Kinh tế", "Địa chính"),
    "environment": ("Kinh tế", "Địa chính"),
    "security": ("Công an",),
    "social_policy": ("Văn hóa - Xã hội",),
    "health": ("Trạm Y tế",),
    "education": ("Trường",),
    "economy": ("Kinh tế", "Ngân hàng Chính sách", "Tổ tiết kiệm và vay vốn"),
    "admin_procedures": ("Phục vụ hành chính công", "Tư pháp"),
    "party_government": ("Văn phòng",),
    "other": ("Văn hóa - Xã hội", "Đoàn Thanh niên"),
}

# Words that say what a text is about, by field: a question, its answer, its task and the task's
# result must each speak of their field.
FIELD_WORDS = {
    "land": ("đất", "giấy chứng nhận", "thửa", "ranh giới"),
    "compensation": ("bồi thường", "mặt bằng", "tái định cư"),
    "construction": ("lấn chiếm", "giấy phép xây dựng", "nhà văn hóa"),
    "transport": ("đường", "biển báo", "giảm tốc", "ổ gà", "chiếu sáng"),
    "environment": ("rác", "thải", "môi trường", "ô nhiễm", "rơm rạ"),
    "security": ("tuần tra", "trộm", "đua xe", "camera", "an ninh", "lãi nặng"),
    "social_policy": ("hộ nghèo", "cận nghèo", "trợ cấp", "người có công"),
    "health": ("y tế", "thuốc", "khám sức khỏe", "sốt xuất huyết", "muỗi", "bác sĩ"),
    "education": ("trường", "học sinh", "phòng học", "năm học"),
    "economy": ("kênh mương", "nước tưới", "vay vốn", "vốn vay", "giống", "lợn", "trạm bơm", "lúa"),
    "admin_procedures": ("hồ sơ", "chứng thực", "trực tuyến", "khai sinh", "hộ tịch"),
    "party_government": ("cán bộ", "thu, chi", "đảng viên", "tác phong"),
    "other": ("loa", "truyền thanh", "văn hóa, thể thao", "trả nợ"),
}

# The particular matter: an answer (or a task, or its result) speaks of the same one as the question.
MATTERS = ("giấy chứng nhận", "ranh giới", "chuyển mục đích", "phương án bồi thường", "chi trả", "tái định cư",
           "lấn chiếm", "giấy phép xây dựng", "nhà văn hóa", "ổ gà", "biển báo", "xi măng", "chiếu sáng", "rác",
           "chăn nuôi", "rơm rạ", "đua xe", "trộm", "camera", "lãi nặng", "hộ nghèo", "trợ cấp", "người có công",
           "thuốc", "khám sức khỏe", "muỗi", "phòng học", "học sinh", "khoản thu", "kênh mương", "vay vốn",
           "giống lúa", "dịch tả", "chứng thực", "trực tuyến", "khai sinh", "tác phong", "thu, chi", "đảng viên",
           "loa truyền thanh", "thể thao")


def _matters(text: str) -> set[str]:
    return {m for m in MATTERS if m in text.lower()}


def _speaks_of(field: str, text: str) -> bool:
    return any(w in text.lower() for w in FIELD_WORDS[field])


def _demo(seed: int = 3, until: dt.date = UNTIL, unit: str = "Xã An Bình", province: str = "Tỉnh Phú Thọ"
          ) -> list[Meeting]:
    return list(DemoMaker(seed, until, unit, province).meetings())


@pytest.fixture(scope="module")
def demos() -> list[list[Meeting]]:
    return [_demo(seed) for seed in range(1, 9)] + [_demo(4, unit="Phường Ba Đình", province="Thành phố Hà Nội"),
                                                    _demo(5, unit="Xã Sa Pa", province="Tỉnh Lào Cai")]


def test_every_task_goes_to_an_office_of_its_field(demos: list[list[Meeting]]) -> None:
    checked = 0
    for meetings in demos:
        for m in meetings:
            for task in m.conclusions:
                fields = {m.opinions[n - 1].field for n in task.opinions}
                assert len(fields) == 1, task.content
                field = fields.pop()
                assert any(w in task.assignee for w in ASSIGNEES[field]), (field, task.assignee, task.content)
                checked += 1
    assert checked > 200


def test_every_answer_task_and_result_speaks_of_what_was_asked(demos: list[list[Meeting]]) -> None:
    answers = 0
    for meetings in demos:
        for m in meetings:
            for o in m.opinions:
                assert _speaks_of(o.field, o.content), (o.field, o.content)
                if o.answered:
                    assert _speaks_of(o.field, o.answer), (o.field, o.content, o.answer)
                    assert _matters(o.content) & _matters(o.answer), (o.content, o.answer)
                    answers += 1
                else:
                    assert o.answer == ""
            for task in m.conclusions:
                asked = set().union(*(_matters(m.opinions[n - 1].content) for n in task.opinions))
                field = m.opinions[task.opinions[0] - 1].field
                assert _speaks_of(field, task.content) and asked & _matters(task.content), task.content
                if task.result:
                    assert _speaks_of(field, task.result) or asked & _matters(task.result), task.result
    assert answers > 500


def test_no_task_is_overdue_by_more_than_a_year_and_old_ones_have_a_result(demos: list[list[Meeting]]) -> None:
    progress: Counter[str] = Counter()
    for meetings in demos:
        for m in meetings:
            for task in m.conclusions:
                state = task_progress(task, UNTIL)
                progress[state] += 1
                if state == "overdue":
                    assert task.deadline is not None and (UNTIL - task.deadline).days <= 365, task
                if task.state == "done":
                    assert task.result and task.reply_doc and task.completed_on is not None
                    assert m.held_on <= task.completed_on <= UNTIL
    done = progress["done_on_time"] + progress["done_late"]
    assert progress["done_on_time"] > 3 * progress["done_late"] > 0
    assert 0 < progress["overdue"] < done / 10


@pytest.mark.parametrize("seed", range(1, 21))
def test_a_commune_holds_12_to_20_meetings_a_year_of_the_kinds_it_holds(seed: int) -> None:
    meetings = _demo(seed)
    for year in range(3):
        end = UNTIL - dt.timedelta(days=365 * year)
        held = [m for m in meetings if end - dt.timedelta(days=365) < m.held_on <= end]
        assert 12 <= len(held) <= 20, (year, len(held))
        kinds = Counter(m.kind for m in held)
        assert kinds["reception"] in (12, 13) and kinds["dialogue"] <= 2 and kinds["contact"] <= 2
    assert min(m.held_on for m in meetings) > UNTIL - dt.timedelta(days=3 * 366)
    ahead = [m for m in meetings if m.held_on > UNTIL]
    assert len(ahead) == 1 and ahead[0].status == "planned"
    kinds = Counter(m.kind for m in meetings if m.held_on <= UNTIL)
    assert kinds["dialogue"] == kinds["contact"] == 3 and kinds["thematic"] >= 3
    assert all(m.track == "party" for m in meetings if m.kind == "contact")


def test_thematic_dialogues_have_a_real_topic_and_their_opinions_are_about_it() -> None:
    thematic = [m for seed in range(1, 6) for m in _demo(seed) if m.kind == "thematic" and m.opinions]
    assert thematic
    for m in thematic:
        assert m.title.startswith("Đối thoại chuyên đề về ") and len(m.title) > 35
    clearance = [m for m in thematic if "giải phóng mặt bằng dự án" in m.title]
    assert clearance
    for m in clearance:
        assert sum(o.field == "compensation" for o in m.opinions) * 2 > len(m.opinions)


_HAMLET = re.compile(r"(Thôn|Bản|Ấp|Tổ dân phố|Khu dân cư số) [\wÀ-ỹ ]+?(?=[,.;:]|$| (?:có|bị|mỗi|đã|xây|thiếu|"
                     r"hỏng|không|chưa|được|với|qua|về|lên|nộp|theo|xuống|gây|để|trong|tại|thật|là|sẵn|bà))")


@pytest.mark.parametrize(("unit", "province", "kind"), [("Xã An Bình", "Tỉnh Phú Thọ", "Thôn"),
                                                        ("Xã Sa Pa", "Tỉnh Lào Cai", "Bản"),
                                                        ("Xã Tân Thạnh", "Tỉnh Đồng Tháp", "Ấp"),
                                                        ("Phường Ba Đình", "Thành phố Hà Nội", "Tổ dân phố")])
def test_every_hamlet_named_is_one_of_the_communes_few(unit: str, province: str, kind: str) -> None:
    meetings = _demo(2, unit=unit, province=province)
    addresses = {o.address for m in meetings for o in m.opinions}
    assert 6 <= len(addresses) <= 9
    assert all(a.startswith(kind + " ") for a in addresses), addresses
    texts = [t for m in meetings for t in (m.title, m.place, *m.scope,
                                             *(x for o in m.opinions for x in (o.content, o.answer, o.on_behalf_of)),
                                             *(x for t in m.conclusions for x in (t.content, t.result)))]
    named = {found.group(0) for t in texts for found in _HAMLET.finditer(t)}
    assert named and all(any(n.startswith(a) for a in addresses) for n in named), named - addresses


def test_a_ward_hears_nothing_of_fields_and_farms() -> None:
    texts = [o.content for m in _demo(6, unit="Phường Ba Đình", province="Thành phố Hà Nội") for o in m.opinions]
    assert texts and not [t for t in texts if re.search(r"rơm rạ|lợn|kênh mương|giống lúa|trạm bơm|thương lái", t)]


def test_forwarded_and_not_state_business_opinions_in_plausible_proportions(demos: list[list[Meeting]]) -> None:
    outcomes = Counter(o.outcome for meetings in demos for m in meetings for o in m.opinions)
    total = sum(outcomes.values())
    assert 0.5 < outcomes["answered"] / total < 0.7
    assert 0.2 < outcomes["commune_task"] / total < 0.4
    assert 0.04 < outcomes["forwarded"] / total < 0.15
    assert 0 < outcomes["not_state_business"] / total < 0.04


def test_the_same_seed_and_date_give_the_same_demo_and_the_date_moves_it() -> None:
    assert _demo(9) == _demo(9)
    assert _demo(9) != _demo(10)
    later = _demo(9, until=UNTIL + dt.timedelta(days=400))
    assert min(m.held_on for m in later) > UNTIL - dt.timedelta(days=3 * 366) + dt.timedelta(days=400)


def test_a_large_count_keeps_the_rules_older_tasks_done_and_ten_years() -> None:
    meetings = list(DemoMaker(7, UNTIL, "Xã An Bình").meetings(1500))
    assert len(meetings) == 1500
    assert min(m.held_on for m in meetings) >= UNTIL - dt.timedelta(days=3653)
    late = [t for m in meetings for t in m.conclusions if task_progress(t, UNTIL) == "overdue"]
    assert late and all((UNTIL - t.deadline).days <= 365 for t in late if t.deadline)
