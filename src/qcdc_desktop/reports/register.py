"""Turning the rows of a commune's register into meetings, opinions and tasks.

A row is one opinion; the meeting's columns repeat on each row, or are left blank under the
first (merged cells), so a row takes the meeting values above it unless it writes its own.
Rows with the same date, kind, place, chair and name make one meeting, even when they are far
apart (the preview says so); two meetings of one day stay two when any of those differ.  A row
whose value cannot be read, or that fails the rules every meeting passes (``core.validate``), is
left out on its own with the reason; only a problem of the meeting itself (its date, its place)
leaves out the rows of that meeting.  The responsible body, deadline and result columns make a
task of the row's opinion; the answered flag and the outcome agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.catalog import MEETING_KINDS
from ..core.errors import Cancelled, InputFileError, ValidationError
from ..core.register_import import (
    CODED_TARGETS,
    DISTINGUISHING,
    MEETING_TARGETS,
    OPINION_TARGETS,
    TASK_TARGETS,
    ColumnMapping,
    ImportedMeeting,
    RegisterPreview,
    RegisterSheet,
    RowProblem,
    SheetRow,
    target_label,
)
from ..core.register_layout import (
    Guess,
    distinct_values,
    guess_columns,
    suggest_values,
)
from ..core.validate import parse_meeting
from . import register_cells as cell
from ..l10n import _, format_date, gettext_in, ngettext

CHECK_EVERY = 500  # rows between two looks at the Cancel button
NOTES_LISTED = 20


def guess_mapping(sheet: RegisterSheet) -> Guess:
    """The first mapping, from the headings and the values (the clerk corrects it)."""
    return guess_columns(sheet.headings, sheet.columns or tuple(range(len(sheet.headings))),
                         [row.cells for row in sheet.rows])


@dataclass
class _Group:
    sheet: str
    meeting: dict[str, object]
    rows: list[int] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    items: list[tuple[int, dict[str, object], dict[str, object] | None]] = field(default_factory=list)


class _Builder:
    def __init__(self, sheet: RegisterSheet, mapping: ColumnMapping, today: dt.date) -> None:
        self.sheet, self.mapping, self.today = sheet, mapping, today
        self.problems: list[RowProblem] = []
        self.groups: dict[tuple[Any, ...], _Group] = {}
        self.blank_fields = 0
        self.seen: dict[tuple[Any, ...], dict[str, object] | cell.RowError] = {}

    def meeting_values(self, row: SheetRow) -> dict[str, object]:
        """The row's meeting values, read once for the rows of a meeting that repeat them."""
        raw = tuple(row.cells[c] if c < len(row.cells) else None for t, c in self.mapping.columns.items()
                    if t in MEETING_TARGETS)
        known = self.seen.get(raw)
        if known is None:
            try:
                known = self.seen[raw] = cell.meeting_values(row, self.mapping)
            except cell.RowError as error:
                known = self.seen[raw] = error
        if isinstance(known, cell.RowError):
            raise known
        return dict(known)

    def heading(self, target: str) -> str:
        index = self.mapping.columns.get(target)
        if index is not None and index < len(self.sheet.headings) and self.sheet.headings[index]:
            return self.sheet.headings[index]
        return target_label(target) if target else ""

    def problem(self, row: SheetRow, target: str, message: str) -> None:
        self.problems.append(RowProblem(row.number, self.heading(target), message, row.sheet))

    def add_rows(self, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> None:
        defaults = {k: v for k, v in self.mapping.defaults.items() if k in MEETING_TARGETS and k not in self.mapping.columns}
        try:
            fixed = {k: (cell.code(self.mapping, k, v) if k == "kind" else cell.count(v) if k == "participants"
                         else cell.date(k, v) if k == "held_on" else v) for k, v in defaults.items()}
        except cell.RowError as error:
            raise InputFileError(_("The fixed value of %(field)s cannot be used: %(why)s")
                                 % {"field": target_label(error.target), "why": error.message}) from None
        carry: dict[str, object] = {}
        broken: int | None = None  # the row whose meeting values could not be read
        sheet_name = None
        total = len(self.sheet.rows)
        for position, row in enumerate(self.sheet.rows):
            if position % CHECK_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(position, total)
            if row.sheet != sheet_name:
                sheet_name, carry, broken = row.sheet, {}, None
            try:
                own = self.meeting_values(row)
            except cell.RowError as error:
                self.problem(row, error.target, error.message)
                broken = row.number
                continue
            if broken is not None and not own.get("held_on"):
                self.problem(row, "held_on", _("belongs to the meeting of row %(row)d, which has a problem")
                             % {"row": broken})
                continue
            broken = None
            if "held_on" in own and own["held_on"] != carry.get("held_on"):
                carry = {}  # a new date starts a new meeting: nothing of the one above carries over
            carry = {**fixed, **carry, **own}
            try:
                item = cell.opinion(row, self.mapping) if cell.cells(row, self.mapping, OPINION_TARGETS + TASK_TARGETS) else None
            except cell.RowError as error:
                self.problem(row, error.target, error.message)
                continue
            key = (row.sheet, *(carry.get(k) for k in DISTINGUISHING))
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = _Group(row.sheet, dict(carry))
            group.rows.append(row.number)
            group.positions.append(position)
            if item is not None:
                opinion, task, blank_field = item
                self.blank_fields += blank_field
                group.items.append((row.number, opinion, task))

    def validate(self, group: _Group) -> ImportedMeeting | None:
        items = list(group.items)
        base = {"kind": "dialogue", **group.meeting}
        base.setdefault("title", gettext_in("vi", MEETING_KINDS.get(str(base["kind"])).msgid)
                        if base["kind"] in MEETING_KINDS else "")
        while True:  # each round leaves out at least one row, or the meeting
            data = dict(base)
            data["opinions"] = [o for _n, o, _t in items]
            data["conclusions"] = [{**t, "opinions": [i + 1]} for i, (_n, _o, t) in enumerate(items) if t]
            task_rows = [n for n, _o, t in items if t]
            try:
                meeting = parse_meeting(data, today=self.today)
            except ValidationError as error:
                bad: dict[int, tuple[str, str]] = {}
                meeting_level = []
                for p in error.problems:
                    if len(p.path) >= 3 and p.path[0] in ("opinions", "conclusions") and isinstance(p.path[1], int):
                        row = items[p.path[1]][0] if p.path[0] == "opinions" else task_rows[p.path[1]]
                        target = str(p.path[2])
                        if p.path[0] == "conclusions" and target == "state":
                            target = "completed_on"  # a done task without its date: the column to fill
                        bad.setdefault(row, (target, p.message))
                    else:
                        meeting_level.append(p)
                if meeting_level or not bad:
                    p = (meeting_level or error.problems)[0]
                    target = str(p.path[0]) if p.path else ""
                    target = "held_on" if target == "status" else target  # a date in the future
                    for number in group.rows:
                        self.problems.append(RowProblem(number, self.heading(target if target in MEETING_TARGETS
                                                                             else ""), p.message, group.sheet))
                    return None
                for number, (target, message) in bad.items():
                    self.problems.append(RowProblem(number, self.heading(target), message, group.sheet))
                items = [item for item in items if item[0] not in bad]
                if not items:
                    return None  # every row of the meeting is left out, each with its reason
                continue
            kept = {n for n, _o, _t in items}
            with_items = {n for n, _o, _t in group.items}
            rows = tuple(n for n in group.rows if n in kept or n not in with_items)
            return ImportedMeeting(meeting, rows, group.sheet, _blocks(group, set(rows)))


def _blocks(group: _Group, rows: set[int]) -> tuple[tuple[int, int], ...]:
    """Runs of rows that follow each other in the register (blank and total rows between count
    as following)."""
    blocks: list[list[int]] = []
    last = None
    for position, number in zip(group.positions, group.rows):
        if number not in rows:
            continue
        if last is not None and position == last + 1:
            blocks[-1][1] = number
        else:
            blocks.append([number, number])
        last = position
    return tuple((a, b) for a, b in blocks)


def _notes(meetings: list[ImportedMeeting], builder: _Builder, sheet: RegisterSheet) -> list[str]:
    notes: list[str] = []
    for m in meetings:
        if len(m.blocks) > 1:
            runs = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in m.blocks)
            notes.append(_("Rows %(rows)s%(sheet)s have the same date, kind, place, chair and name: they are taken "
                           "as one meeting.") % {"rows": runs, "sheet": f" ({m.sheet})" if len(sheet.read_sheets) > 1
                                                 else ""})
    by_day: dict[tuple[str, dt.date], int] = {}
    for m in meetings:
        by_day[(m.sheet, m.meeting.held_on)] = by_day.get((m.sheet, m.meeting.held_on), 0) + 1
    for (_sheet, day), n in sorted(by_day.items(), key=lambda x: x[0][1]):
        if n > 1:
            notes.append(_("%(date)s: %(n)d meetings on the same day, told apart by their kind, place, chair or "
                           "name.") % {"date": format_date(day), "n": n})
    if builder.blank_fields:
        notes.append(ngettext("%(n)d opinion has no field written; it is filed under “Other”.",
                              "%(n)d opinions have no field written; they are filed under “Other”.",
                              builder.blank_fields) % {"n": builder.blank_fields})
    converted = [n for n in sheet.legacy if n.legacy.sure]
    if converted:
        notes.append(ngettext("%(n)d cell was written in a legacy font (TCVN3/VNI) and converted, e.g. “%(from)s” → "
                              "“%(to)s”.", "%(n)d cells were written in a legacy font (TCVN3/VNI) and converted, e.g. "
                              "“%(from)s” → “%(to)s”.", len(converted))
                     % {"n": len(converted), "from": cell.shown(converted[0].legacy.original),
                        "to": cell.shown(converted[0].legacy.converted)})
    for note in [n for n in sheet.legacy if not n.legacy.sure][:NOTES_LISTED]:
        notes.append(_("Row %(row)d: “%(text)s” may be in a legacy font (%(encoding)s: “%(guess)s”); it was kept as "
                       "written, check it.") % {"row": note.row, "text": cell.shown(note.legacy.original),
                                               "encoding": note.legacy.encoding,
                                               "guess": cell.shown(note.legacy.converted)})
    return notes


def preview_register(sheet: RegisterSheet, mapping: ColumnMapping, *, today: dt.date,
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> RegisterPreview:
    """Apply ``mapping`` to the rows and validate each meeting: the meetings that pass, each row
    left out with why, and what the clerk should know.  Reads nothing else and writes nothing."""
    if mapping.unknown_targets():
        raise InputFileError(_("Unknown field in the column mapping: %(names)s")
                             % {"names": ", ".join(mapping.unknown_targets())[:200]})
    builder = _Builder(sheet, mapping, today)
    builder.add_rows(progress, cancelled)
    meetings: list[ImportedMeeting] = []
    for number, group in enumerate(builder.groups.values()):
        if number % 50 == 0 and cancelled is not None and cancelled():
            raise Cancelled()
        made = builder.validate(group)
        if made is not None:
            meetings.append(made)
    if progress is not None:
        progress(len(sheet.rows), len(sheet.rows))
    order: dict[str, int] = {}
    for i, row in enumerate(sheet.rows):
        order.setdefault(row.sheet, i)
    problems = sorted(builder.problems, key=lambda p: (order.get(p.sheet, 0), p.row))
    return RegisterPreview(tuple(meetings), tuple(problems), len(sheet.rows),
                           tuple(_notes(meetings, builder, sheet)), len(sheet.totals))


@dataclass(frozen=True)
class MappedPreview:
    """A preview with the mapping it used (value translations completed with suggestions for
    values not seen before) and the distinct values of each coded column, for the value table."""

    preview: RegisterPreview
    mapping: ColumnMapping
    distinct: dict[str, list[tuple[str, str, int]]]


def preview_with_values(sheet: RegisterSheet, mapping: ColumnMapping, *, today: dt.date,
                        progress: Callable[[int, int], None] | None = None,
                        cancelled: Callable[[], bool] | None = None) -> MappedPreview:
    """The dialog's work after each change of the mapping: the values of the coded columns,
    translations suggested for new ones, and the preview with them."""
    cells = [row.cells for row in sheet.rows]
    coded = {t: c for t, c in mapping.columns.items() if t in CODED_TARGETS}
    distinct = {t: distinct_values(c, cells) for t, c in coded.items()}
    suggested = suggest_values(coded, cells)
    values = {t: {**suggested.get(t, {}), **mapping.values.get(t, {})} for t in coded}
    completed = ColumnMapping(mapping.columns, mapping.defaults, values)
    return MappedPreview(preview_register(sheet, completed, today=today, progress=progress, cancelled=cancelled),
                         completed, distinct)
