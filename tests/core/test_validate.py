"""core/validate.py: every rule, each checked to point its Problem at the field that is wrong."""

from __future__ import annotations

import copy
import datetime as dt
import json
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, full_meeting, minimal_meeting
from qcdc_desktop.core.errors import InputFileError, Problem, ValidationError
from qcdc_desktop.core.model import Meeting
from qcdc_desktop.core.serialize import loads_strict
from qcdc_desktop.core.validate import LONG, MAX_ITEMS, SHORT, parse_meeting, parse_meetings

DELETE = object()


def changed(base: dict, path: tuple, value: Any) -> dict:
    """A deep copy of ``base`` with the value at ``path`` replaced (or removed with DELETE)."""
    data = copy.deepcopy(base)
    target = data
    for step in path[:-1]:
        target = target[step]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def problems_of(data: Any, today: dt.date = TODAY) -> list[Problem]:
    with pytest.raises(ValidationError) as info:
        parse_meetings(data, today=today)
    assert info.value.problems, "a ValidationError always says what is wrong"
    return info.value.problems


def test_the_fixtures_are_valid() -> None:
    """The bases every case below changes in exactly one place are themselves accepted."""
    [full] = parse_meetings(full_meeting(), today=TODAY)
    [minimal] = parse_meetings(minimal_meeting(), today=TODAY)
    assert isinstance(full, Meeting) and isinstance(minimal, Meeting)
    assert len(full.opinions) == 2 and len(full.conclusions) == 1 and len(full.publications) == 1


# (what is changed, the new value, words of the English message) → the problem is at exactly that path.
# Paths are relative to the meeting; the changed meeting is the second of a list whose first is good,
# so every problem must start with 1 (the good meeting is never blamed).
CASES: list[tuple[str, tuple, Any, str]] = [
    # dates
    ("impossible date", ("held_on",), "2026-02-30", "not a real date"),
    ("month 13", ("held_on",), "2024-13-01", "not a real date"),
    ("Vietnamese date order", ("held_on",), "05/03/2024", "YYYY-MM-DD"),
    ("date as a number", ("held_on",), 20240305, "YYYY-MM-DD"),
    ("date with a time", ("held_on",), "2024-03-05T08:00", "YYYY-MM-DD"),
    ("date with a line break", ("held_on",), "2024-03-05\n", "YYYY-MM-DD"),
    ("date in other digits", ("held_on",), "٢٠٢٤-03-05", "YYYY-MM-DD"),
    ("year too old", ("held_on",), "1989-12-31", "year"),
    ("year too far", ("held_on",), "2101-01-01", "year"),
    ("impossible announce date", ("announced_on",), "2024-02-31", "not a real date"),
    ("impossible deadline", ("conclusions", 0, "deadline"), "2024-04-31", "not a real date"),
    ("impossible publication date", ("publications", 0, "published_on"), "2024-02-30", "not a real date"),
    # required fields
    *[(f"missing {key}", (key,), DELETE, "required")
      for key in ("kind", "held_on", "title", "place", "chair", "chair_title")],
    ("null title", ("title",), None, "required"),
    ("blank title", ("title",), " \n\t ", "empty"),
    ("title not text", ("title",), 5, "text"),
    ("title as a list", ("place",), ["Hội trường"], "text"),
    ("missing speaker", ("opinions", 1, "speaker"), DELETE, "required"),
    ("missing field", ("opinions", 0, "field"), DELETE, "required"),
    ("empty content", ("opinions", 0, "content"), "", "empty"),
    ("missing task content", ("conclusions", 0, "content"), DELETE, "required"),
    ("missing assignee", ("conclusions", 0, "assignee"), DELETE, "required"),
    ("missing publication method", ("publications", 0, "method"), DELETE, "required"),
    ("null publication date", ("publications", 0, "published_on"), None, "required"),
    ("co-chair without name", ("co_chairs", 0, "name"), DELETE, "required"),
    ("empty hamlet", ("scope", 1), "  ", "empty"),
    # numbers
    ("negative participants", ("participants",), -1, "negative"),
    ("fractional participants", ("participants",), 1.5, "whole number"),
    ("participants as text", ("participants",), "120", "whole number"),
    ("participants as a flag", ("participants",), True, "whole number"),
    ("too many participants", ("participants",), 1_000_001, "too large"),
    # codes
    ("unknown kind", ("kind",), "meeting", "unknown code"),
    ("kind as a list", ("kind",), ["dialogue"], "unknown code"),
    ("unknown track", ("track",), "army", "unknown code"),
    ("unknown mode", ("mode",), "hybrid", "unknown code"),
    ("unknown status", ("status",), "done", "unknown code"),
    ("unknown field code", ("opinions", 1, "field"), "farming", "unknown code"),
    ("field label instead of code", ("opinions", 0, "field"), "Đất đai", "unknown code"),
    ("unknown outcome", ("opinions", 0, "outcome"), "lost", "unknown code"),
    ("unknown task state", ("conclusions", 0, "state"), "finished", "unknown code"),
    ("unknown publication method", ("publications", 0, "method"), "tv", "unknown code"),
    # flags, times and lists
    ("answered as text", ("opinions", 0, "answered"), "yes", "true or false"),
    ("time without leading zero", ("starts_at",), "8:00", "HH:MM"),
    ("hour 24", ("starts_at",), "24:00", "HH:MM"),
    ("minute 60", ("ends_at",), "11:60", "HH:MM"),
    ("time with a line break", ("starts_at",), "08:00\n", "HH:MM"),
    ("opinions not a list", ("opinions",), {"speaker": "A"}, "list"),
    ("opinion not an object", ("opinions", 1), "Đề nghị sửa đường", "object"),
    ("scope as text", ("scope",), "Thôn Đông", "list"),
    ("opinion number zero", ("conclusions", 0, "opinions", 1), 0, "number of an opinion"),
    ("opinion number as text", ("conclusions", 0, "opinions", 0), "1", "number of an opinion"),
    ("too many hamlets", ("scope",), ["Thôn"] * (MAX_ITEMS + 1), "too many"),
    # unknown keys at every level
    ("unknown meeting key", ("note",), "x", "unknown field"),
    ("unknown opinion key", ("opinions", 1, "mood"), "angry", "unknown field"),
    ("unknown conclusion key", ("conclusions", 0, "priority"), 1, "unknown field"),
    ("unknown publication key", ("publications", 0, "channel"), "VTV", "unknown field"),
    ("unknown co-chair key", ("co_chairs", 0, "age"), 50, "unknown field"),
    ("misspelt key", ("partcipants",), 120, "unknown field"),
    # text that cannot be stored
    ("NUL in title", ("title",), "Hội\x00nghị", "control characters"),
    ("escape in content", ("opinions", 0, "content"), "Đề nghị \x1b[31m", "control characters"),
    ("lone surrogate", ("place",), "Hội trường \ud800", "control characters"),
    ("title too long", ("title",), "x" * (SHORT + 1), "too long"),
    ("secretary too long", ("secretary",), "x" * (SHORT + 1), "too long"),
    ("secretary not text", ("secretary",), 7, "text"),
    ("content too long", ("opinions", 1, "content"), "đ" * (LONG + 1), "too long"),
    ("phone too long", ("opinions", 0, "phone"), "0" * 41, "too long"),
    # rules that tie fields together
    ("meeting ends before it starts", ("ends_at",), "07:00", "end after it starts"),
    ("meeting ends when it starts", ("ends_at",), "08:00", "end after it starts"),
    ("notice after the meeting", ("announced_on",), "2024-03-06", "public notice"),
    ("deadline before the meeting", ("conclusions", 0, "deadline"), "2024-03-04", "deadline is before"),
    ("planned with opinions", ("status",), "planned", "planned meeting"),
    ("answered without answer", ("opinions", 0, "answer"), "", "write the answer"),
    ("blank answer", ("opinions", 0, "answer"), "  \n ", "write the answer"),
    ("outcome answered but not answered", ("opinions", 1, "outcome"), "answered", "not answered"),
    ("answered but another outcome", ("opinions", 0, "outcome"), "forwarded", "so its outcome is"),
    ("done without completion date", ("conclusions", 0, "completed_on"), DELETE, "needs its completion date"),
    ("completion date but not done", ("conclusions", 0, "state"), "open", "must be done"),
    ("completed before the meeting", ("conclusions", 0, "completed_on"), "2024-03-01", "before the meeting"),
    ("completed in the future", ("conclusions", 0, "completed_on"), "2024-06-02", "in the future"),
    ("opinion reference out of range", ("conclusions", 0, "opinions", 1), 3, "no opinion 3"),
    ("publication before the meeting", ("publications", 0, "published_on"), "2024-03-04", "before the meeting"),
    ("publication ends before it starts", ("publications", 0, "ends_on"), "2024-03-09", "end of publication"),
    ("phone with letters", ("opinions", 0, "phone"), "gọi anh Bình", "phone number"),
    ("phone too short", ("opinions", 0, "phone"), "12345", "phone number"),
    ("phone too many digits", ("opinions", 0, "phone"), "0912 345 678 901", "phone number"),
    ("phone in Arabic-Indic digits", ("opinions", 0, "phone"), "٠٩١٢٣٤٥٦٧٨", "phone number"),
    ("phone in fullwidth digits", ("opinions", 0, "phone"), "０９１２３４５６７８", "phone number"),
    ("concluded without conclusion", ("conclusion",), "", "needs its conclusion"),
]


@pytest.mark.parametrize(("path", "value", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_wrong_value_gives_one_problem_at_its_path(english: None, path: tuple, value: Any, words: str) -> None:
    base = full_meeting()
    if path == ("conclusion",):
        base["conclusions"] = []  # otherwise the tasks count as the conclusion
    problems = problems_of([minimal_meeting(), changed(base, path, value)])
    assert [p.path for p in problems] == [(1, *path)]
    assert words in problems[0].message


def test_the_secretary_of_the_meeting_is_read_as_typed() -> None:
    [meeting] = parse_meetings([minimal_meeting(secretary=unicodedata.normalize("NFD", "Vũ Thị Lan"))], today=TODAY)
    assert meeting.secretary == "Vũ Thị Lan"  # NFC where it enters
    [without] = parse_meetings([minimal_meeting()], today=TODAY)
    assert without.secretary == ""


def test_duplicate_opinion_reference_points_at_the_list(english: None) -> None:
    problems = problems_of(changed(full_meeting(), ("conclusions", 0, "opinions"), [2, 2]))
    assert [p.path for p in problems] == [(0, "conclusions", 0, "opinions")]
    assert "twice" in problems[0].message


def test_a_future_meeting_can_only_be_planned(english: None) -> None:
    problems = problems_of(minimal_meeting(held_on="2024-06-02", status="held"))
    assert [p.path for p in problems] == [(0, "status")]
    assert "future" in problems[0].message
    [meeting] = parse_meetings(minimal_meeting(held_on="2024-06-02"), today=TODAY)
    assert meeting.status == "planned"
    [meeting] = parse_meetings(minimal_meeting(held_on="2024-06-01", status="held"), today=TODAY)
    assert meeting.status == "held"  # today itself is not the future


@pytest.mark.parametrize("key", ["opinions", "conclusions", "publications"])
def test_a_planned_meeting_has_nothing_under_it_yet(english: None, key: str) -> None:
    extra = full_meeting()[key]
    if key == "conclusions":
        extra = [dict(extra[0], opinions=[], state="open", completed_on=None)]
    problems = problems_of(minimal_meeting(status="planned", **{key: extra}))
    assert [p.path for p in problems] == [(0, "status")]


@pytest.mark.parametrize("status", ["concluded", "notice_issued", "published"])
def test_concluded_statuses_need_a_conclusion_text_or_tasks(english: None, status: str) -> None:
    assert [p.path for p in problems_of(minimal_meeting(status=status))] == [(0, "conclusion")]
    parse_meetings(minimal_meeting(status=status, conclusion="Giao các cơ quan giải quyết."), today=TODAY)


def test_every_problem_of_every_meeting_is_reported(english: None) -> None:
    bad = [
        minimal_meeting(),
        minimal_meeting(kind="x", participants=-5),
        changed(full_meeting(), ("opinions", 1, "field"), "x"),
    ]
    problems = problems_of(bad)
    assert [p.path for p in problems] == [(1, "kind"), (1, "participants"), (2, "opinions", 1, "field")]
    message = ValidationError(problems).message
    assert message.startswith("Invalid data: meeting 2, «kind»: unknown code")
    assert message.endswith("(and 2 more problems)")


def test_problem_where_names_the_place_for_a_person(english: None) -> None:
    assert str(Problem((0, "opinions", 2, "field"), "x")) == "meeting 1, opinion 3, «field»: x"
    assert Problem((1, "conclusions", 0, "opinions", 4), "x").where == "meeting 2, conclusion 1, opinion 5"
    assert Problem((0, "publications", 1, "ends_on"), "x").where == "meeting 1, publication 2, «ends_on»"
    assert Problem((0, "scope", 3), "x").where == "meeting 1, hamlet 4"
    assert str(Problem((), "the list of meetings is empty")) == "the list of meetings is empty"


@pytest.mark.parametrize("data", ["dialogue", 5, None, True, [[]], [None], ["x"]])
def test_a_document_that_is_not_meetings(english: None, data: Any) -> None:
    problems = problems_of(data)
    assert [p.path for p in problems] == [(0,)]
    assert "object" in problems[0].message


def test_an_empty_list_is_refused(english: None) -> None:
    problems = problems_of([])
    assert [p.path for p in problems] == [()]
    assert "empty" in problems[0].message


def test_parse_meeting_uses_the_given_path(english: None) -> None:
    with pytest.raises(ValidationError) as info:
        parse_meeting(minimal_meeting(kind="x"), today=TODAY, path=("form",))
    assert [p.path for p in info.value.problems] == [("form", "kind")]
    assert parse_meeting(minimal_meeting(), today=TODAY).title == "Hội nghị đối thoại năm 2024"


def test_text_is_nfc_and_trimmed_and_dates_are_dates() -> None:
    data = full_meeting()
    data["title"] = "  " + unicodedata.normalize("NFD", data["title"]) + "\n"
    data["minutes"] = "dòng 1\r\ndòng 2"
    data["opinions"][0]["content"] = unicodedata.normalize("NFD", data["opinions"][0]["content"])
    [meeting] = parse_meetings(data, today=TODAY)
    assert meeting.title == full_meeting()["title"]
    assert meeting.minutes == "dòng 1\ndòng 2"
    assert meeting.opinions[0].content == full_meeting()["opinions"][0]["content"]
    assert meeting.held_on == dt.date(2024, 3, 5)
    assert meeting.conclusions[0].completed_on == dt.date(2024, 4, 20)
    assert meeting.co_chairs[0].name == "Lê Thị Hoà"


def test_length_limits_count_characters_after_nfc() -> None:
    """500 letters typed in NFD are 1,000+ code points, but still 500 characters."""
    title = unicodedata.normalize("NFD", "ế" * SHORT)
    assert len(title) > SHORT
    [meeting] = parse_meetings(minimal_meeting(title=title), today=TODAY)
    assert meeting.title == "ế" * SHORT


@pytest.mark.parametrize("phone", ["0912345678", "0912 345 678", "+84 912 345 678", "(024) 3825-1234", "024.3825.1234"])
def test_phone_numbers_in_the_usual_forms(phone: str) -> None:
    data = changed(full_meeting(), ("opinions", 0, "phone"), phone)
    assert parse_meetings(data, today=TODAY)[0].opinions[0].phone == phone


def test_defaults() -> None:
    [held, contact, planned, concluded] = parse_meetings([
        minimal_meeting(),
        minimal_meeting(kind="contact", chair_title="Bí thư Đảng ủy xã"),
        minimal_meeting(held_on="2024-07-01"),
        minimal_meeting(conclusion="Giao các cơ quan giải quyết."),
    ], today=TODAY)
    assert (held.track, held.status, held.mode, held.participants) == ("state", "held", "in_person", 0)
    assert (contact.track, contact.status) == ("party", "held")
    assert planned.status == "planned"
    assert concluded.status == "concluded"
    [explicit] = parse_meetings(minimal_meeting(kind="contact", track="state"), today=TODAY)
    assert explicit.track == "state"


def test_optional_values_may_be_null() -> None:
    data = full_meeting()
    data["announced_on"] = None
    data["opinions"][1]["outcome"] = None
    data["conclusions"][0].update(deadline=None)
    data["publications"][0]["ends_on"] = None
    [meeting] = parse_meetings(data, today=TODAY)
    assert meeting.announced_on is None and meeting.opinions[1].outcome is None
    assert meeting.conclusions[0].deadline is None and meeting.publications[0].ends_on is None


def test_the_rules_do_not_change_the_input() -> None:
    data = [full_meeting(), minimal_meeting()]
    before = json.dumps(data, sort_keys=True)
    parse_meetings(data, today=TODAY)
    with pytest.raises(ValidationError):
        parse_meetings([*data, {"kind": "x"}], today=TODAY)
    assert json.dumps(data, sort_keys=True) == before


# ---- untrusted input: the parsers raise the expected errors and nothing else ----

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
_PATHS = [
    (), ("kind",), ("held_on",), ("title",), ("participants",), ("scope",), ("co_chairs",), ("co_chairs", 0),
    ("co_chairs", 0, "name"), ("opinions",), ("opinions", 0), ("opinions", 0, "field"), ("opinions", 0, "answered"),
    ("opinions", 1, "phone"), ("conclusions",), ("conclusions", 0, "opinions"), ("conclusions", 0, "deadline"),
    ("conclusions", 0, "opinions", 0), ("publications", 0), ("publications", 0, "published_on"), ("status",),
]


@given(path=st.sampled_from(_PATHS), value=_JSON)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_any_value_anywhere_is_accepted_or_refused_with_problems(path: tuple, value: Any) -> None:
    data = value if path == () else changed(full_meeting(), path, value)
    try:
        meetings = parse_meetings(data, today=TODAY)
    except ValidationError as exc:
        assert exc.problems and all(isinstance(p.path, tuple) for p in exc.problems)
        assert all(isinstance(step, (str, int)) for p in exc.problems for step in p.path)
    else:
        assert meetings and all(isinstance(m, Meeting) for m in meetings)


@given(st.text())
@settings(max_examples=400)
def test_any_text_is_json_or_an_input_file_error(text: str) -> None:
    try:
        value = loads_strict(text)
    except InputFileError:
        return
    try:
        parse_meetings(value, today=TODAY)
    except ValidationError:
        pass


def test_answered_and_the_outcome_are_one_fact() -> None:
    """Answered at the meeting with no outcome is the outcome "answered"; answered with another
    outcome is refused above; a bundle of an earlier version that says both is taken, and read by
    core.model.as_one_fact (the outcome decides)."""
    from qcdc_desktop.core.model import as_one_fact
    from qcdc_desktop.core.validate import part_problems

    data = full_meeting()
    data["opinions"][0]["outcome"] = None
    del data["opinions"][1]["outcome"]
    [meeting] = parse_meetings(data, today=TODAY)
    assert [(o.answered, o.outcome) for o in meeting.opinions] == [(True, "answered"), (False, None)]

    earlier = {**full_meeting()["opinions"][0], "outcome": "forwarded"}
    assert part_problems("opinion", earlier) == []
    assert part_problems("opinion", {**earlier, "answered": False, "outcome": "answered"}) != []
    assert as_one_fact(True, "forwarded") == (False, "forwarded")
    assert as_one_fact(True, None) == (True, "answered")
    assert as_one_fact(False, None) == (False, None)
    assert as_one_fact(False, "answered") == (True, "answered")
