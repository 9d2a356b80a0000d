"""Turn untrusted JSON-shaped data into domain records, or say exactly what is wrong.

Every string is normalised to NFC here, at the boundary.  All problems of a document are
collected (not just the first) so a form can show each next to its field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..l10n import _
from . import catalog
from .errors import Problem, ValidationError
from .model import ANSWERED, Meeting, Opinion, Person, Publication, Task
from .text import has_forbidden_characters, nfc

Path = tuple[str | int, ...]

# ASCII digits and fullmatch: `\d` would take other scripts' digits and `$` a trailing line break,
# which then reached the database ("08:00\n") or split the one-line error message in two.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_PHONE = re.compile(r"\+?[0-9 .\-()]+")
MIN_YEAR, MAX_YEAR = 1990, 2100
SHORT, LONG = 500, 100_000  # characters in a name/title, in a free text
MAX_PARTICIPANTS = 1_000_000
MAX_ITEMS = 10_000  # opinions or conclusions in one meeting


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path, message))


@dataclass(frozen=True)
class _Spec:
    key: str
    parse: Callable[[Any, Path, _Collector], Any]
    required: bool = False
    default: Any = None


_MISSING = object()


def _text(limit: int, *, allow_empty: bool = True) -> Callable[[Any, Path, _Collector], Any]:
    def parse(value: Any, path: Path, out: _Collector) -> Any:
        if not isinstance(value, str):
            out.add(path, _("must be text"))
            return _MISSING
        if has_forbidden_characters(value):
            out.add(path, _("contains control characters or invalid characters"))
            return _MISSING
        value = nfc(value)
        if not value and not allow_empty:
            out.add(path, _("must not be empty"))
            return _MISSING
        if len(value) > limit:
            out.add(path, _("is too long (at most %(n)d characters)") % {"n": limit})
            return _MISSING
        return value

    return parse


def _date(value: Any, path: Path, out: _Collector) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        out.add(path, _("must be a date written YYYY-MM-DD"))
        return _MISSING
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        out.add(path, _("%(value)s is not a real date") % {"value": value})
        return _MISSING
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        out.add(path, _("the year must be between %(low)d and %(high)d") % {"low": MIN_YEAR, "high": MAX_YEAR})
        return _MISSING
    return parsed


def _required_date(value: Any, path: Path, out: _Collector) -> Any:
    if value is None:
        out.add(path, _("is required"))
        return _MISSING
    return _date(value, path, out)


def _time(value: Any, path: Path, out: _Collector) -> Any:
    if value == "":
        return ""
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        out.add(path, _("must be a time written HH:MM"))
        return _MISSING
    return value


def _count(value: Any, path: Path, out: _Collector) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        out.add(path, _("must be a whole number"))
        return _MISSING
    if value < 0:
        out.add(path, _("must not be negative"))
        return _MISSING
    if value > MAX_PARTICIPANTS:
        out.add(path, _("is too large"))
        return _MISSING
    return value


def _flag(value: Any, path: Path, out: _Collector) -> Any:
    if not isinstance(value, bool):
        out.add(path, _("must be true or false"))
        return _MISSING
    return value


def _code(cat: catalog.Catalog, *, optional: bool = False) -> Callable[[Any, Path, _Collector], Any]:
    def parse(value: Any, path: Path, out: _Collector) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str) or value not in cat:
            shown = value if isinstance(value, str) and len(value) < 40 else "…"
            out.add(path, _("unknown code %(value)r; expected one of: %(codes)s")
                    % {"value": shown, "codes": ", ".join(cat.codes())})
            return _MISSING
        return value

    return parse


def _list(item: Callable[[Any, Path, _Collector], Any]) -> Callable[[Any, Path, _Collector], Any]:
    def parse(value: Any, path: Path, out: _Collector) -> Any:
        if not isinstance(value, list):
            out.add(path, _("must be a list"))
            return _MISSING
        if len(value) > MAX_ITEMS:
            out.add(path, _("has too many items (at most %(n)d)") % {"n": MAX_ITEMS})
            return _MISSING
        items = [item(v, path + (i,), out) for i, v in enumerate(value)]
        return _MISSING if any(i is _MISSING for i in items) else items

    return parse


def _opinion_number(value: Any, path: Path, out: _Collector) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        out.add(path, _("must be the number of an opinion of this meeting (1, 2, …)"))
        return _MISSING
    return value


def _record(cls: type, specs: list[_Spec]) -> Callable[[Any, Path, _Collector], Any]:
    known = {s.key for s in specs}

    def parse(value: Any, path: Path, out: _Collector) -> Any:
        if not isinstance(value, dict):
            out.add(path, _("must be an object with named fields"))
            return _MISSING
        ok = True
        for key in value:
            if key not in known:
                out.add(path + (str(key)[:40],), _("unknown field"))
                ok = False
        kwargs = {}
        for spec in specs:
            raw = value.get(spec.key, _MISSING)
            if raw is _MISSING or (raw is None and spec.required):
                if spec.required:
                    out.add(path + (spec.key,), _("is required"))
                    ok = False
                continue
            parsed = spec.parse(raw, path + (spec.key,), out)
            if parsed is _MISSING:
                ok = False
            else:
                kwargs[spec.key] = parsed
        return cls(**kwargs) if ok else _MISSING

    return parse


_person = _record(Person, [
    _Spec("name", _text(SHORT, allow_empty=False), required=True),
    _Spec("title", _text(SHORT)),
])

_opinion = _record(Opinion, [
    _Spec("speaker", _text(SHORT, allow_empty=False), required=True),
    _Spec("field", _code(catalog.FIELDS), required=True),
    _Spec("content", _text(LONG, allow_empty=False), required=True),
    _Spec("address", _text(SHORT)),
    _Spec("phone", _text(40)),
    _Spec("on_behalf_of", _text(SHORT)),
    _Spec("answered", _flag),
    _Spec("answer", _text(LONG)),
    _Spec("outcome", _code(catalog.OUTCOMES, optional=True)),
])

_task = _record(Task, [
    _Spec("content", _text(LONG, allow_empty=False), required=True),
    _Spec("assignee", _text(SHORT, allow_empty=False), required=True),
    _Spec("deadline", _date),
    _Spec("coordinating", _text(SHORT)),
    _Spec("opinions", _list(_opinion_number)),
    _Spec("state", _code(catalog.TASK_STATES)),
    _Spec("result", _text(LONG)),
    _Spec("completed_on", _date),
    _Spec("reply_doc", _text(SHORT)),
])

_publication = _record(Publication, [
    _Spec("method", _code(catalog.PUBLICATION_METHODS), required=True),
    _Spec("published_on", _required_date, required=True),
    _Spec("ends_on", _date),
    _Spec("note", _text(SHORT)),
])

_meeting = _record(Meeting, [
    _Spec("kind", _code(catalog.MEETING_KINDS), required=True),
    _Spec("held_on", _required_date, required=True),
    _Spec("title", _text(SHORT, allow_empty=False), required=True),
    _Spec("place", _text(SHORT, allow_empty=False), required=True),
    _Spec("chair", _text(SHORT, allow_empty=False), required=True),
    _Spec("chair_title", _text(SHORT, allow_empty=False), required=True),
    _Spec("track", _code(catalog.TRACKS)),
    _Spec("starts_at", _time),
    _Spec("ends_at", _time),
    _Spec("scope", _list(_text(SHORT, allow_empty=False))),
    _Spec("mode", _code(catalog.MODES)),
    _Spec("co_chairs", _list(_person)),
    _Spec("coordinating", _text(SHORT)),
    _Spec("participants", _count),
    _Spec("announced_on", _date),
    _Spec("minutes", _text(LONG)),
    _Spec("conclusion", _text(LONG)),
    _Spec("status", _code(catalog.MEETING_STATUSES)),
    _Spec("secretary", _text(SHORT)),
    _Spec("opinions", _list(_opinion)),
    _Spec("conclusions", _list(_task)),
    _Spec("publications", _list(_publication)),
])


def _phone_ok(phone: str) -> bool:
    digits = sum(ch in "0123456789" for ch in phone)
    return bool(_PHONE.fullmatch(phone)) and 9 <= digits <= 12


def _meeting_rules(m: Meeting, path: Path, out: _Collector) -> None:
    if m.announced_on and m.announced_on > m.held_on:
        out.add(path + ("announced_on",), _("the public notice cannot come after the meeting"))
    if m.starts_at and m.ends_at and m.ends_at <= m.starts_at:
        out.add(path + ("ends_at",), _("the meeting must end after it starts"))


def _opinion_rules(op: Opinion, at: Path, out: _Collector) -> None:
    if op.phone and not _phone_ok(op.phone):
        out.add(at + ("phone",), _("is not a phone number"))
    if op.answered and not op.answer:
        out.add(at + ("answer",), _("write the answer given at the meeting"))
    if op.outcome == "answered" and not op.answered:
        out.add(at + ("outcome",), _("the outcome says answered, but the opinion was not answered at the meeting"))


def _task_rules(task: Task, at: Path, out: _Collector) -> None:
    if task.completed_on and task.state != "done":
        out.add(at + ("state",), _("a task with a completion date must be done"))
    elif not task.completed_on and task.state == "done":
        out.add(at + ("completed_on",), _("a done task needs its completion date"))
    if len(set(task.opinions)) != len(task.opinions):
        out.add(at + ("opinions",), _("lists the same opinion twice"))


def _publication_rules(pub: Publication, at: Path, out: _Collector) -> None:
    if pub.ends_on and pub.ends_on < pub.published_on:
        out.add(at + ("ends_on",), _("the end of publication is before its start"))


def check_meeting(m: Meeting, path: Path, today: dt.date) -> list[Problem]:
    """The rules that tie a meeting's fields together.  Returns the problems found."""
    out = _Collector()
    _meeting_rules(m, path, out)
    if m.held_on > today and m.status != "planned":
        out.add(path + ("status",), _("a meeting dated in the future can only be planned"))
    if m.status == "planned" and (m.opinions or m.conclusions or m.publications):
        out.add(path + ("status",), _("a planned meeting cannot have opinions, conclusions or publications yet"))
    if m.status in ("concluded", "notice_issued", "published") and not (m.conclusion or m.conclusions):
        out.add(path + ("conclusion",), _("a concluded meeting needs its conclusion"))
    for i, op in enumerate(m.opinions):
        _opinion_rules(op, path + ("opinions", i), out)
        # Answered at the meeting is the outcome "answered": an opinion typed today cannot say
        # both (an earlier version's record that does is read by core.model.as_one_fact).
        if op.answered and op.outcome not in (None, ANSWERED):
            out.add(path + ("opinions", i, "outcome"),
                    _("the opinion was answered at the meeting, so its outcome is “answered at the meeting”"))
    for i, task in enumerate(m.conclusions):
        at = path + ("conclusions", i)
        if task.deadline and task.deadline < m.held_on:
            out.add(at + ("deadline",), _("the deadline is before the meeting"))
        if task.completed_on:
            if task.completed_on < m.held_on:
                out.add(at + ("completed_on",), _("the completion date is before the meeting"))
            if task.completed_on > today:
                out.add(at + ("completed_on",), _("the completion date is in the future"))
        _task_rules(task, at, out)
        for j, number in enumerate(task.opinions):
            if number > len(m.opinions):
                out.add(at + ("opinions", j), _("there is no opinion %(n)d in this meeting") % {"n": number})
    for i, pub in enumerate(m.publications):
        at = path + ("publications", i)
        if pub.published_on < m.held_on:
            out.add(at + ("published_on",), _("results cannot be published before the meeting"))
        _publication_rules(pub, at, out)
    return out.problems


# One record on its own, as the data file stores it (core/record_rules.py): the fields' rules and
# those that tie the record's own fields together; rules that need the meeting around it, or the
# day of the check, are left to whoever holds the whole meeting.
_Rules = Callable[[Any, Path, _Collector], None]
_PARTS: dict[str, tuple[Callable[[Any, Path, _Collector], Any], _Rules]] = {
    "meeting": (_meeting, _meeting_rules), "opinion": (_opinion, _opinion_rules), "task": (_task, _task_rules),
    "publication": (_publication, _publication_rules)}


def part_problems(part: str, data: Any, path: Path = ()) -> list[Problem]:
    """The problems of one meeting (without what hangs from it), opinion, task or publication in
    the JSON shape, by the same rules and in the same words as :func:`parse_meetings`."""
    parse, rules = _PARTS[part]
    out = _Collector()
    record = parse(data, path, out)
    if record is not _MISSING:
        rules(record, path, out)
    return out.problems


def parse_meeting(data: Any, *, today: dt.date, path: Path = ()) -> Meeting:
    """Validate one meeting in the JSON shape of docs/record-format.md and return it, or raise
    :class:`ValidationError` listing every problem."""
    return parse_meetings([data], today=today, _single_path=path)[0]


def parse_meetings(data: Any, *, today: dt.date, _single_path: Path | None = None) -> list[Meeting]:
    """Validate a meeting object or a list of them.  All or nothing: any problem raises."""
    out = _Collector()
    items = data if isinstance(data, list) else [data]
    if isinstance(data, list) and not data:
        raise ValidationError([Problem((), _("the list of meetings is empty"))])
    meetings: list[Meeting] = []
    for i, item in enumerate(items):
        path: Path = _single_path if _single_path is not None else (i,)
        explicit = isinstance(item, dict) and "status" in item
        explicit_track = isinstance(item, dict) and "track" in item
        meeting = _meeting(item, path, out)
        if meeting is _MISSING:
            continue
        if not explicit_track:
            meeting.track = "party" if meeting.kind == "contact" else "state"
        if not explicit:
            meeting.status = default_status(meeting, today)
        for opinion in meeting.opinions:
            if opinion.answered and opinion.outcome is None:
                opinion.outcome = ANSWERED  # answered at the meeting: that is its outcome
        out.problems.extend(check_meeting(meeting, path, today))
        meetings.append(meeting)
    if out.problems:
        raise ValidationError(out.problems)
    return meetings


def default_status(m: Meeting, today: dt.date) -> str:
    """A meeting's status when the clerk did not say: planned if it is still to come, concluded
    once it has conclusions, held otherwise."""
    if m.held_on > today:
        return "planned"
    if m.conclusion or m.conclusions:
        return "concluded"
    return "held"


# The field rules, for the records :func:`part_problems` does not cover (core/record_rules.py).
Field = _Spec
Collector = _Collector
text_rule, date_rule, code_rule, list_rule, record_rule = _text, _date, _code, _list, _record
