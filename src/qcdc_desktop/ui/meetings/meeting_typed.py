"""What was typed in the meeting entry form, in the meeting's JSON shape, which the domain's rules
then judge (:func:`typed_meeting`); and where each problem they find is shown: under a field, on a
row of the opinions or the conclusions (:func:`route_problems`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...core.errors import Problem, ValidationError
from ...core.model import Meeting
from ...core.validate import parse_meeting
from ...l10n import _
from ..widgets.fields import parse_typed_date
from .meeting_form import DATE_FIELDS, MEETING_FIELDS, OPINION_NUMBERS, Fields

_TIME = re.compile(r"^\s*(\d{1,2})[:h.](\d{2})\s*$")


@dataclass
class RoutedProblems:
    """Where each problem is shown: under a field of the form (``fields``), on a row of the
    opinions or the conclusions (``records``: row -> (field, message)), and the tab of the first."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    records: dict[str, dict[int, list[tuple[str, str]]]] = field(
        default_factory=lambda: {"opinions": {}, "conclusions": {}})
    first_tab: int | None = None


def route_problems(problems: list[Problem], field_keys: Iterable[str]) -> RoutedProblems:
    """Sort the problems of a save by where the person will see them."""
    routed, keys = RoutedProblems(), set(field_keys)
    for problem in problems:
        path = problem.path
        if path and path[0] in routed.records and len(path) >= 2 and isinstance(path[1], int):
            key = str(path[2]) if len(path) > 2 else ""
            routed.records[str(path[0])].setdefault(path[1], []).append((key, problem.message))
            tab = 1 if path[0] == "opinions" else 2
        elif path and str(path[0]) in keys:
            routed.fields.setdefault(str(path[0]), []).append(problem.message)
            tab = 2 if path[0] == "conclusion" else 0
        else:
            tab = 0
        routed.first_tab = tab if routed.first_tab is None else routed.first_tab
    return routed


# ----- what was typed, in the meeting's JSON shape

def typed_meeting(fields: Fields, extra: dict[str, Any], opinions: list[dict[str, Any]],
                  tasks: list[dict[str, Any]], *, meeting_id: str | None,
                  today: dt.date) -> tuple[Meeting | None, list[Problem]]:
    """The meeting as typed, judged by the domain's rules, with the ids of what it already had;
    or None and the problems found (those of the form and those of the rules)."""
    doc, problems = meeting_document(fields, extra, opinions, tasks)
    try:
        meeting = parse_meeting(doc, today=today)
    except ValidationError as exc:
        return None, problems + exc.problems
    if problems:
        return None, problems
    meeting.id = meeting_id
    for record, opinion in zip(opinions, meeting.opinions):
        opinion.id = record.get("id")
    for record, task in zip(tasks, meeting.conclusions):
        task.id = record.get("id")
    for plain, publication in zip(extra.get("publications", []), meeting.publications):
        publication.id = plain.get("id")
    return meeting, []


def meeting_document(fields: Fields, extra: dict[str, Any], opinions: list[dict[str, Any]],
                     tasks: list[dict[str, Any]]) -> tuple[dict[str, Any], list[Problem]]:
    """The meeting in the JSON shape of the domain, and the problems of form-level input
    (dates and times that are not dates and times) found while building it."""
    problems: list[Problem] = []
    m = {key: fields.get(key) for key in MEETING_FIELDS}
    doc: dict[str, Any] = {k: v for k, v in m.items() if v not in ("", None)}
    doc["participants"] = m["participants"]
    for key in DATE_FIELDS:
        date_input = fields.date(key)
        doc.pop(key, None)
        if not date_input.is_valid():
            problems.append(Problem((key,), _("not a date: type dd/mm/yyyy")))
        elif date_input.iso():
            doc[key] = date_input.iso()
    for key in ("starts_at", "ends_at"):
        if m[key]:
            match = _TIME.match(m[key])
            if match and int(match[1]) < 24 and int(match[2]) < 60:
                doc[key] = f"{int(match[1]):02d}:{match[2]}"
            else:
                problems.append(Problem((key,), _("not a time: type hh:mm")))
                doc.pop(key, None)
    doc["scope"] = [s.strip() for s in m["scope"].split(",") if s.strip()]
    if extra.get("co_chairs"):
        doc["co_chairs"] = extra["co_chairs"]
    if extra.get("publications"):
        doc["publications"] = [{k: v for k, v in p.items() if k != "id"} for p in extra["publications"]]
    doc["opinions"] = [_opinion_doc(o) for o in opinions]
    doc["conclusions"] = []
    for i, record in enumerate(tasks):
        task, task_problems = _task_doc(record, i)
        doc["conclusions"].append(task)
        problems.extend(task_problems)
    return doc, problems


def _opinion_doc(record: dict[str, Any]) -> dict[str, Any]:
    keys = ("speaker", "address", "field", "on_behalf_of", "content", "answered", "outcome", "answer", "phone")
    doc = {k: record.get(k) for k in keys if record.get(k) not in ("", None)}
    doc["answered"] = bool(record.get("answered"))
    return doc


def _task_doc(record: dict[str, Any], index: int) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    keys = ("content", "assignee", "coordinating", "state", "result", "reply_doc")
    doc: dict[str, Any] = {k: record.get(k) for k in keys if record.get(k) not in ("", None)}
    for key in ("deadline", "completed_on"):
        text = str(record.get(key) or "").strip()
        if text:
            value = parse_typed_date(text)
            if value is None:
                problems.append(Problem(("conclusions", index, key), _("not a date: type dd/mm/yyyy")))
            else:
                doc[key] = value.isoformat()
    numbers = str(record.get("opinions") or "")
    if numbers.strip():
        if re.fullmatch(r"[\d,;\s]+", numbers):
            doc["opinions"] = [int(n) for n in OPINION_NUMBERS.findall(numbers)]
        else:
            problems.append(Problem(("conclusions", index, "opinions"),
                                    _("write the numbers of the opinions, separated by commas")))
    return doc, problems
