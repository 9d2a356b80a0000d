"""The domain rules of one record as the data file stores it (a row: codes, dates as text, lists as
JSON text), whatever way it comes in — above all in a bundle from another office.

Meetings, opinions, tasks and publications are turned into the JSON shape of product.md and judged
by :func:`core.validate.part_problems`, the very rules (and words) of the form and ``qcdc add``;
the other kinds are judged here with the same field rules.  A record that passes can be read by
every part of the program (dump, search, lists, reports, printing, status, check).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..l10n import _
from . import catalog
from .errors import InputFileError, Problem
from .history import ACTIONS, BODY_KEYS, ERASED, FORMAT as HISTORY_FORMAT, MAX_REASON
from .notice import AUTHORITIES
from .serialize import MAX_DEPTH, canonical_text, loads_strict, parse_plain
from .validate import (
    LONG,
    SHORT,
    Collector,
    Field,
    Path,
    code_rule,
    date_rule,
    list_rule,
    part_problems,
    record_rule,
    text_rule,
)

_ID = re.compile(r"[0-9]{2,5}-[0-9A-Za-z]{1,64}")
# What ``db.records.utc_now`` writes: UTC, to the second.
_STAMP = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                    r"\+00:00")
MAX_POSITION = 999_999_999  # below the offset sync moves a record out of the way with
MAX_NUMBER = 1_000_000  # a register number, a year's documents
MAX_MESSAGE = 20_000
ISSUERS = ("UBND", "ĐU", "TU")  # a register's numbers: the People's Committee, the commune's or province's Party committee
_MEETING_PARTS = {"meetings": "meeting", "opinions": "opinion", "tasks": "task", "publications": "publication"}
_SYNC = ("id", "origin", "version", "seq", "updated_at")
_JSON_LISTS = {"meetings": ("scope", "co_chairs"), "tasks": ("opinions",), "register_entries": ("recipients",),
               "erasures": ("records", "entries")}
_FLAGS = {"opinions": ("answered",), "officials": ("active",), "register_entries": ("cancelled",)}


def is_stamp(value: Any) -> bool:
    """A moment as the data file and the bundle headers write it: ``2026-03-05T08:00:00+00:00``."""
    return isinstance(value, str) and _STAMP.fullmatch(value) is not None


def _id(optional: bool = False) -> Any:
    def parse(value: Any, path: Path, out: Collector) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not _ID.fullmatch(value):
            out.add(path, _("is not the id of a record"))
        return value

    return parse


def _stamp(value: Any, path: Path, out: Collector) -> Any:
    if not is_stamp(value):
        out.add(path, _("must be a moment written YYYY-MM-DDTHH:MM:SS+00:00"))
    return value


def _between(low: int, high: int) -> Any:
    def parse(value: Any, path: Path, out: Collector) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            out.add(path, _("must be a whole number from %(low)d to %(high)d") % {"low": low, "high": high})
        return value

    return parse


def _among(*values: str) -> Any:
    def parse(value: Any, path: Path, out: Collector) -> Any:
        if value not in values:
            shown = value if isinstance(value, str) and len(value) < 40 else "…"
            out.add(path, _("unknown code %(value)r; expected one of: %(codes)s")
                    % {"value": shown, "codes": ", ".join(v or "''" for v in values)})
        return value

    return parse


class _Row(dict[str, Any]):
    """A record's values by column; ``record_rule`` builds one from the checked fields."""

    def __init__(self, **values: Any) -> None:
        super().__init__(values)


def _rules(*specs: tuple[str, Any]) -> Any:
    return record_rule(_Row, [Field(key, parse) for key, parse in specs])


#: The most records, and history entries, one erasure names (a larger erasure is written as
#: several, each within a bundle's line).
MAX_ERASED_RECORDS, MAX_ERASED_ENTRIES = 5_000, 20_000


def _bounded_list(item: Any, limit: int) -> Any:
    def parse(value: Any, path: Path, out: Collector) -> Any:
        if not isinstance(value, list) or len(value) > limit:
            out.add(path, _("must be a list of at most %(n)d items") % {"n": limit})
            return value
        for index, one in enumerate(value):
            item(one, path + (index,), out)
        return value

    return parse


def _entry_ref(value: Any, path: Path, out: Collector) -> Any:
    """A history entry named as [origin, n]."""
    if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], str)
            or not re.fullmatch(r"\d{2}|\d{5}", value[0]) or isinstance(value[1], bool)
            or not isinstance(value[1], int) or value[1] < 1):
        out.add(path, _("is not a history entry named as [office, number]"))
    return value


_OTHER_KINDS = {
    "officials": _rules(("name", text_rule(SHORT, allow_empty=False)), ("title", text_rule(SHORT)),
                        ("track", code_rule(catalog.TRACKS)), ("active", _between(0, 1))),
    "task_history": _rules(("task_id", _id()), ("meeting_id", _id()), ("changed_at", _stamp),
                           ("changed_by", text_rule(SHORT)), ("state_before", code_rule(catalog.TASK_STATES)),
                           ("state", code_rule(catalog.TASK_STATES)), ("result", text_rule(LONG)),
                           ("completed_on", date_rule), ("reply_doc", text_rule(SHORT))),
    "register_entries": _rules(
        ("year", _between(1990, 2100)), ("number", _between(1, MAX_NUMBER)),
        ("doc_type", code_rule(catalog.DOCUMENT_TYPES)), ("issuer", _among(*ISSUERS)),
        ("sequence_key", _among("", *catalog.DOCUMENT_TYPES.codes())), ("issued_on", date_rule),
        ("meeting_id", _id(optional=True)), ("signer", text_rule(SHORT)), ("summary", text_rule(LONG)),
        ("cancelled", _between(0, 1)), ("authority", _among("", *AUTHORITIES)), ("place", text_rule(SHORT)),
        ("recipients", list_rule(text_rule(SHORT, allow_empty=False))), ("secretary", text_rule(SHORT)),
        ("fingerprint", text_rule(200)), ("replaces", _id(optional=True)), ("superseded_by", _id(optional=True))),
    "messages": _rules(("commune", text_rule(5, allow_empty=False)), ("kind", _among("reply", "directive")),
                       ("opinion_id", _id(optional=True)),
                       ("content", text_rule(MAX_MESSAGE, allow_empty=False)), ("deadline", date_rule),
                       ("issued_on", date_rule)),
    "tombstones": _rules(("kind", text_rule(40)), ("deleted_at", _stamp)),
    "erasures": _rules(("erased_on", date_rule), ("cause", _among("request", "decision", "retention")),
                       ("records", _bounded_list(_id(), MAX_ERASED_RECORDS)),
                       ("entries", _bounded_list(_entry_ref, MAX_ERASED_ENTRIES))),
}
_PLACED = {"opinions": ("meeting_id", "position", "held_on"), "tasks": ("meeting_id", "position"),
           "publications": ("meeting_id", "position")}
_PLACE_RULES = {"meeting_id": _id(), "position": _between(1, MAX_POSITION), "held_on": date_rule}


def _json_list(value: Any, path: Path, out: Collector) -> Any:
    try:
        parsed = loads_strict(value) if isinstance(value, str) else None
    except InputFileError:
        parsed = None
    if not isinstance(parsed, list):
        out.add(path, _("must be a list written as JSON"))
        return None
    return parsed


def record_problems(kind: str, record: dict[str, Any]) -> list[Problem]:
    """The problems of one record of ``kind`` (a table of the data file), given by column; each
    problem's path is the column at fault.  An empty list: the record is sound."""
    out = Collector()
    _id()(record.get("id"), ("id",), out)
    if kind != "tombstones":
        _stamp(record.get("updated_at"), ("updated_at",), out)
    fields = {key: value for key, value in record.items() if key not in _SYNC}
    for column in _JSON_LISTS.get(kind, ()):
        parsed = _json_list(fields[column], (column,), out)
        if parsed is None:
            del fields[column]
        else:
            fields[column] = parsed
    if kind not in _MEETING_PARTS:
        _OTHER_KINDS[kind](fields, (), out)
        return out.problems
    for column in _PLACED.get(kind, ()):
        _PLACE_RULES[column](fields.pop(column), (column,), out)
    for column in _FLAGS.get(kind, ()):
        if fields[column] not in (0, 1) or isinstance(fields[column], bool):
            out.add((column,), _("must be 0 or 1"))
            del fields[column]
        else:
            fields[column] = bool(fields[column])
    return out.problems + part_problems(_MEETING_PARTS[kind], fields)


def describe_problem(problem: Problem) -> str:
    """The problem with the column at fault always named (a list's own name is left out of
    ``Problem.where`` for the form, where it shows next to the list)."""
    text = str(problem)
    column = f"«{problem.path[0]}»" if problem.path else ""
    return text if column in text else f"{column}, {text}" if problem.where else f"{column}: {text}"


# ---- a history entry as a bundle carries it (docs/bundle-format.md, "History entries") ----------

_DIGEST = re.compile(r"[0-9a-f]{64}")
_KEPT = re.compile(r"([0-9a-f]{32}):(.*)", re.S)  # "<salt>:<canonical JSON>"
# The texts of an entry's body: (key, at most so many characters).
_BODY_TEXTS = (("by", 100), ("by_name", SHORT), ("kind", 100), ("record", 1000), ("reason", MAX_REASON))
MAX_FIELD_NAME = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_COLUMN = re.compile(r"[a-z_][a-z0-9_]{0,63}")  # what a field's name nearly always is: checked at once


def _clean_text(value: Any, limit: int, *, empty: bool = True) -> bool:
    """A text within ``limit`` characters, in NFC, on one line without control characters."""
    if not isinstance(value, str) or len(value) > limit or (not empty and not value):
        return False
    if _CONTROL.search(value) is not None:
        return False
    return value.isascii() or unicodedata.is_normalized("NFC", value)


def _name(value: Any) -> bool:
    return isinstance(value, str) and (_COLUMN.fullmatch(value) is not None
                                       or _clean_text(value, MAX_FIELD_NAME, empty=False))


def _strict_json(text: str) -> Any:
    """The value of a JSON text that must be canonical (a text written otherwise — duplicate keys,
    spaces, another spelling of a number, NaN — does not encode back to itself and is refused by
    the caller's comparison); raises ValueError when it is not JSON at all."""
    try:
        return parse_plain(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _canonical(value: Any, text: str) -> bool:
    try:
        return canonical_text(value) == text
    except (RecursionError, ValueError):
        return False


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shallow(value: Any, depth: int) -> bool:
    """Whether ``value`` nests at most ``depth`` levels below it (a value recorded is a field of a
    record, or what an event noted: a few levels at most)."""
    if not isinstance(value, (list, dict)):
        return True
    if depth <= 0:
        return False
    children = value.values() if isinstance(value, dict) else value
    return all(_shallow(child, depth - 1) for child in children if isinstance(child, (list, dict)))


def _pairs(mapping: Any) -> bool:
    """{name: [before, after]}, values nesting a few levels at most (a plain loop: it runs for every
    field of every entry an import checks)."""
    if not isinstance(mapping, dict):
        return False
    containers = (list, dict)
    for name, pair in mapping.items():
        if not isinstance(pair, list) or len(pair) != 2:
            return False
        if _COLUMN.fullmatch(name) is None and not _clean_text(name, MAX_FIELD_NAME, empty=False):
            return False
        before, after = pair
        if ((isinstance(before, containers) and not _shallow(before, MAX_DEPTH - 5))
                or (isinstance(after, containers) and not _shallow(after, MAX_DEPTH - 5))):
            return False
    return True


def history_problem(origin: str, n: int, body: str, kept: str) -> str | None:
    """What is wrong with entry ``n`` of ``origin``'s history as a bundle carries it — its body (the
    canonical JSON its hash covers) and the text its personal values are kept in (``kept``: empty,
    ``erased``, or ``<salt>:<canonical JSON>``) — as a phrase; None when it is well formed.  Whether
    it continues the chain, and whether the values kept are the ones its digest commits to, is not
    judged here: the upper level checks that against the chain it holds (db/sync_history.py)."""
    try:
        data = _strict_json(body)
    except ValueError:
        return _("its body is not valid JSON")
    if not isinstance(data, dict) or not _canonical(data, body):
        return _("its body is not written in the canonical form")
    if set(data) != BODY_KEYS:
        return _("its body does not have exactly the keys of an entry")
    if not _whole(data["v"]) or data["v"] != HISTORY_FORMAT:
        return _("its body is of an unknown version")
    if data["origin"] != origin:
        return _("its body names another office")
    if not _whole(data["n"]) or data["n"] != n:
        return _("its body gives another number than its line")
    if data["action"] not in ACTIONS:
        return _("its action is not one of insert, update, delete, event")
    if not is_stamp(data["at"]):
        return _("its moment is not written YYYY-MM-DDTHH:MM:SS+00:00")
    if not _whole(data["group"]) or not 1 <= data["group"] <= n:
        return _("its group is not the number of an entry up to its own")
    for key, limit in _BODY_TEXTS:
        if not _clean_text(data[key], limit):
            return _("its «%(key)s» is not a text of at most %(n)d characters in Unicode NFC on one line") % {
                "key": key, "n": limit}
    if data["meeting"] is not None and not _clean_text(data["meeting"], 200):
        return _("its «%(key)s» is not a text of at most %(n)d characters in Unicode NFC on one line") % {
            "key": "meeting", "n": 200}
    if not _pairs(data["fields"]):
        return _("its fields are not, each by its name, the value before and the value after")
    personal = data["personal"]
    if (not isinstance(personal, list) or not all(_name(name) for name in personal)
            or personal != sorted(set(personal)) or set(personal) & set(data["fields"])):
        return _("its personal fields are not a sorted list of names apart from its other fields")
    digest = data["values"]
    if (digest is None) != (not personal) or not (digest is None or (isinstance(digest, str)
                                                                     and _DIGEST.fullmatch(digest))):
        return _("the digest of its personal values is not 64 hexadecimal digits, or null when it has none")
    return _kept_problem(personal, kept)


def _kept_problem(personal: list[str], kept: str) -> str | None:
    if kept in ("", ERASED):
        return None
    match = _KEPT.fullmatch(kept)
    if match is None:
        return _("its personal values are not kept as a salt of 32 hexadecimal digits, a colon and JSON, nor "
                 "empty or \"erased\"")
    try:
        values = _strict_json(match.group(2))
    except ValueError:
        return _("its personal values are not valid JSON")
    if not isinstance(values, dict) or not _canonical(values, match.group(2)):
        return _("its personal values are not written in the canonical form")
    if not _pairs(values) or sorted(values) != personal:
        return _("its personal values are not, for each of its personal fields, the value before and the value "
                 "after")
    return None
