"""One row of a commune's register read as the mapping says: the meeting's values, the opinion
and its task, each cell turned into the code, date, number or yes/no the rules expect, or a
:class:`RowError` naming the cell's column and what is wrong with it (the row is then left out
with that reason)."""

from __future__ import annotations

import datetime as dt
import re

from ..core.register_import import (
    MEETING_TARGETS,
    OPINION_TARGETS,
    TASK_TARGETS,
    ColumnMapping,
    SheetRow,
    target_label,
    value_key,
)
from ..core.register_layout import NO, YES, parse_date, suggest_code
from ..l10n import _, format_date

_CHAIR_WITH_TITLE = re.compile(r"^(?:đ/c|đồng chí|ông|bà)?\s*(.+?)\s*[,–-]\s*((?:phó\s+)?(?:chủ tịch|bí thư)\b.*)$",
                               re.IGNORECASE)


class RowError(Exception):
    """A cell that cannot be read: ``target`` is its column's field."""

    def __init__(self, target: str, message: str) -> None:
        super().__init__(message)
        self.target, self.message = target, message


def shown(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def code(mapping: ColumnMapping, target: str, value: object) -> str:
    chosen = mapping.values.get(target, {}).get(value_key(value))
    code = chosen if chosen is not None else suggest_code(target, value)[0]
    if not code:
        raise RowError(target, _("“%(value)s” is not in the list of %(field)s; choose what it means in the "
                                  "table of values") % {"value": shown(value), "field": target_label(target).lower()})
    return code


def date(target: str, value: object) -> str:
    parsed = parse_date(value)
    if parsed is None:
        raise RowError(target, _("“%(value)s” is not a date; write it as dd/mm/yyyy, for example 05/03/2025")
                        % {"value": shown(value)})
    return parsed.isoformat()


def text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value).strip()


def count(value: object) -> int:
    if type(value) is int or isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise RowError("participants", _("“%(value)s” is not a number of people") % {"value": shown(value)})


def flag(value: object) -> bool:
    if value is True or value is False:
        return value
    key = value_key(text(value))
    if not key:
        return False  # a blank cell: not answered at the meeting
    if key in YES or key in NO:
        return key in YES
    raise RowError("answered", _("“%(value)s” is neither yes nor no; write x (or Có) when the opinion was "
                                  "answered at the meeting") % {"value": shown(value)})


def cells(row: SheetRow, mapping: ColumnMapping, targets: tuple[str, ...]) -> dict[str, object]:
    found = {}
    for target in targets:
        index = mapping.columns.get(target)
        if index is not None and index < len(row.cells) and row.cells[index] is not None:
            found[target] = row.cells[index]
    return found


def meeting_values(row: SheetRow, mapping: ColumnMapping) -> dict[str, object]:
    values: dict[str, object] = {}
    for target, raw in cells(row, mapping, MEETING_TARGETS).items():
        if target == "held_on":
            values[target] = date(target, raw)
        elif target == "kind":
            values[target] = code(mapping, target, raw)
        elif target == "participants":
            values[target] = count(raw)
        else:
            values[target] = text(raw)
    chair = values.get("chair")
    if isinstance(chair, str) and "chair_title" not in mapping.columns:
        match = _CHAIR_WITH_TITLE.match(chair)  # "Đ/c Nguyễn Văn An, Chủ tịch UBND xã"
        if match:
            values["chair"], values["chair_title"] = match[1], match[2][:1].upper() + match[2][1:]
    return values


def opinion(row: SheetRow, mapping: ColumnMapping) -> tuple[dict[str, object], dict[str, object] | None, bool]:
    """The row's opinion and task (or None), and whether its field was left blank."""
    raw = cells(row, mapping, OPINION_TARGETS)
    opinion: dict[str, object] = {k: text(v) for k, v in raw.items()
                                  if k in ("speaker", "address", "phone", "content", "answer")}
    blank_field = "field" not in raw
    opinion["field"] = "other" if blank_field else code(mapping, "field", raw["field"])
    if "answered" in raw:
        opinion["answered"] = flag(raw["answered"])
    outcome = code(mapping, "outcome", raw["outcome"]) if "outcome" in raw else None
    if "answered" not in mapping.columns:
        opinion["answered"] = outcome == "answered" or bool(opinion.get("answer"))
    opinion.setdefault("answered", False)
    task_raw = cells(row, mapping, TASK_TARGETS)
    if "assignee" not in task_raw and mapping.defaults.get("assignee") and task_raw:
        task_raw["assignee"] = mapping.defaults["assignee"]  # a deadline or result given to the body named once
    task = None
    if "assignee" in task_raw:
        task = {"content": opinion.get("content", ""), "assignee": text(task_raw["assignee"])}
        for target in ("deadline", "completed_on"):
            if target in task_raw:
                task[target] = date(target, task_raw[target])
        if "result" in task_raw:
            task["result"] = text(task_raw["result"])
        task["state"] = "done" if "completed_on" in task else "open"
    if outcome is None:  # the answered flag and the outcome agree
        outcome = "answered" if opinion["answered"] else "commune_task" if task else None
    opinion["outcome"] = outcome
    opinion.setdefault("speaker", _("(not recorded)"))
    return opinion, task, blank_field
