"""Importing a commune's existing register (a spreadsheet of meetings and opinions): the fields a
column can be mapped to, the mapping (columns, translations of values, fixed values), and the
preview a clerk confirms.  Plain values; reading the spreadsheet is ``reports.register_read``,
the preview ``reports.register``, writing the meetings ``db.register_import``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..l10n import N_, _
from .catalog import FIELDS, MEETING_KINDS, OUTCOMES
from .errors import InputFileError
from .legacy_text import LegacyText
from .model import Meeting
from .text import fold

# Our fields a column of the register can fill: (key, label msgid, level).  Meeting fields repeat
# on every row of the meeting (or are left blank under the first, as merged cells read); opinion
# fields make one opinion per row; task fields make a task of the row's opinion.
TARGETS: tuple[tuple[str, str, str], ...] = (
    ("held_on", N_("Meeting date"), "meeting"),
    ("kind", N_("Kind of meeting"), "meeting"),
    ("title", N_("Meeting name"), "meeting"),
    ("place", N_("Place"), "meeting"),
    ("chair", N_("Chair"), "meeting"),
    ("chair_title", N_("Chair's title"), "meeting"),
    ("participants", N_("Participants"), "meeting"),
    ("speaker", N_("Speaker"), "opinion"),
    ("address", N_("Hamlet / residential group"), "opinion"),
    ("phone", N_("Phone"), "opinion"),
    ("field", N_("Field"), "opinion"),
    ("content", N_("Opinion"), "opinion"),
    ("answered", N_("Answered at the meeting"), "opinion"),
    ("answer", N_("Answer"), "opinion"),
    ("outcome", N_("Outcome"), "opinion"),
    ("assignee", N_("Responsible body"), "task"),
    ("deadline", N_("Deadline"), "task"),
    ("result", N_("Result"), "task"),
    ("completed_on", N_("Completed on"), "task"),
)
MEETING_TARGETS = tuple(key for key, _label, level in TARGETS if level == "meeting")
OPINION_TARGETS = tuple(key for key, _label, level in TARGETS if level == "opinion")
TASK_TARGETS = tuple(key for key, _label, level in TARGETS if level == "task")
# The fields whose values come from a fixed list: each distinct value is translated to an entry.
CODED_TARGETS = ("kind", "field", "outcome")
_CATALOGS = {"kind": MEETING_KINDS, "field": FIELDS, "outcome": OUTCOMES}
# What tells two meetings of the same day apart.
DISTINGUISHING = ("held_on", "kind", "place", "chair", "title")


def target_label(key: str) -> str:
    """The label of a target field in the active language."""
    return _(next(label for k, label, _level in TARGETS if k == key))


def column_letter(index: int) -> str:
    """A 0-based column as Excel names it: 0 → A, 27 → AB."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letter: str) -> int | None:
    """The 0-based column of an Excel letter ("AB" → 27), None for anything else."""
    letter = letter.strip().upper()
    if not letter.isascii() or not letter.isalpha() or len(letter) > 3:
        return None
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


@lru_cache(maxsize=8192, typed=True)  # typed: True and 1 are different cells
def value_key(value: object) -> str:
    """How a value of a coded column is recognised: folded, signs as spaces (1.0 as 1)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = fold(str(value))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


@dataclass(frozen=True)
class ColumnMapping:
    """Which column (0-based) fills which of our fields, what each value of a coded column means
    (folded value → catalog code, "" for a value left unmapped), and fixed values for meeting
    fields the register has no column for (e.g. every meeting was in "Hội trường UBND xã")."""

    columns: dict[str, int] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def unknown_targets(self) -> list[str]:
        known = {key for key, _label, _level in TARGETS}
        return sorted((set(self.columns) | set(self.defaults) | set(self.values)) - known)

    def to_json(self) -> dict[str, object]:
        """The mapping as `qcdc import-register` prints it and reads it back (columns by letter)."""
        return {"columns": {k: column_letter(v) for k, v in self.columns.items()},
                "values": {k: dict(sorted(v.items())) for k, v in self.values.items() if v},
                "defaults": dict(self.defaults)}

    @classmethod
    def from_json(cls, data: object) -> ColumnMapping:
        """Read a mapping written by :meth:`to_json`; refuse anything else with a sentence."""
        def bad(why: str) -> InputFileError:
            return InputFileError(_("The column mapping is not usable: %(why)s") % {"why": why})

        if not isinstance(data, dict) or set(data) - {"columns", "values", "defaults"}:
            raise bad(_("it must be an object with columns, values and defaults"))
        parts = [data.get(k, {}) for k in ("columns", "values", "defaults")]
        if not all(isinstance(p, dict) and all(isinstance(k, str) for k in p) for p in parts):
            raise bad(_("columns, values and defaults must be objects"))
        columns: dict[str, int] = {}
        for target, letter in parts[0].items():
            index = column_index(letter) if isinstance(letter, str) else None
            if index is None:
                raise bad(_("%(field)s: %(value)r is not a column letter") % {"field": target[:40],
                                                                                  "value": str(letter)[:20]})
            columns[target] = index
        values: dict[str, dict[str, str]] = {}
        for target, table in parts[1].items():
            if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
                raise bad(_("the values of %(field)s must be text") % {"field": target[:40]})
            catalog = _CATALOGS.get(target)
            wrong = [v for v in table.values() if v and (catalog is None or v not in catalog)]
            if wrong:
                raise bad(_("%(value)r is not an entry of the list of %(field)s") % {"value": wrong[0][:40],
                                                                                      "field": target[:40]})
            values[target] = {value_key(k): v for k, v in table.items()}
        if not all(isinstance(v, str) for v in parts[2].values()):
            raise bad(_("the fixed values must be text"))
        mapping = cls(columns, dict(parts[2]), values)
        if mapping.unknown_targets():
            raise bad(_("unknown field %(names)s") % {"names": ", ".join(mapping.unknown_targets())[:200]})
        return mapping


class SheetRow(NamedTuple):
    """A data row: its sheet, its number in the sheet (1-based, as Excel shows) and its cells."""

    sheet: str
    number: int
    cells: tuple[object, ...]


@dataclass(frozen=True)
class CellNote:
    """A cell read in a legacy font: converted, or kept and flagged when the reading is unsure."""

    sheet: str
    row: int
    column: int
    legacy: LegacyText


@dataclass(frozen=True)
class RegisterSheet:
    """What was read from a workbook: the sheets read (one, or all that share the first's
    layout), all the sheets' names, the heading of each column (a two-row heading joined), the
    used columns, the rows of the heading, the data rows, the rows recognised as totals and left
    out, the legacy-font cells, and whether reading stopped at the row limit."""

    sheet: str
    sheets: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    truncated: bool = False
    columns: tuple[int, ...] = ()
    header_rows: tuple[int, ...] = ()
    totals: tuple[tuple[str, int], ...] = ()
    legacy: tuple[CellNote, ...] = ()
    read_sheets: tuple[str, ...] = ()
    other_layouts: tuple[str, ...] = ()

    @property
    def signature(self) -> str:
        """The layout's fingerprint: the same headings in the same columns give the same one."""
        parts = [f"{column_letter(i)}={fold(self.headings[i])}" for i in self.columns]
        return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class RowProblem:
    """Why one row of the register is left out (its number in the sheet, 1-based as Excel shows)."""

    row: int
    column: str  # the heading of the column at fault, or "" for the row as a whole
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = _("row %(row)d") % {"row": self.row}
        if self.sheet:
            where = f"{self.sheet}, {where}"
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportedMeeting:
    """One meeting made from rows of the register, validated; ``blocks`` are the runs of
    consecutive rows it was made from (more than one when rows far apart were joined)."""

    meeting: Meeting
    rows: tuple[int, ...]
    sheet: str = ""
    blocks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class RegisterPreview:
    """What an import would add: the valid meetings, the rows left out with why, what was noted
    (joined meetings, converted cells), the rows read and the total rows skipped."""

    meetings: tuple[ImportedMeeting, ...]
    problems: tuple[RowProblem, ...]
    rows_read: int
    notes: tuple[str, ...] = ()
    totals_skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def opinions(self) -> int:
        return sum(len(m.meeting.opinions) for m in self.meetings)

    @property
    def answered(self) -> int:
        return sum(o.answered for m in self.meetings for o in m.meeting.opinions)

    @property
    def tasks(self) -> int:
        return sum(len(m.meeting.conclusions) for m in self.meetings)

    @property
    def rows_left_out(self) -> int:
        return len({(p.sheet, p.row) for p in self.problems})

    def counts(self) -> dict[str, int]:
        return {"meetings": len(self.meetings), "opinions": self.opinions, "answered": self.answered,
                "tasks": self.tasks, "rows_left_out": self.rows_left_out, "totals_skipped": self.totals_skipped,
                "rows_read": self.rows_read}


def mapping_json_text(mapping: ColumnMapping) -> str:
    return json.dumps(mapping.to_json(), ensure_ascii=False, indent=2, sort_keys=True)


def preview_summary(preview: RegisterPreview, *, truncated: bool = False) -> str:
    """What a preview would add, in sentences: the counts, the rows left out, the notes."""
    from ..l10n import format_number as n, ngettext

    text = ngettext("%(rows)s row read: %(meetings)s meetings with %(opinions)s opinions (%(answered)s answered at "
                    "the meeting) and %(tasks)s tasks can be imported.",
                    "%(rows)s rows read: %(meetings)s meetings with %(opinions)s opinions (%(answered)s answered at "
                    "the meeting) and %(tasks)s tasks can be imported.", preview.rows_read) % {
        "rows": n(preview.rows_read), "meetings": n(len(preview.meetings)), "opinions": n(preview.opinions),
        "answered": n(preview.answered), "tasks": n(preview.tasks)}
    if preview.totals_skipped:
        text += " " + ngettext("%(n)s total row was skipped.", "%(n)s total rows were skipped.",
                               preview.totals_skipped) % {"n": n(preview.totals_skipped)}
    if preview.rows_left_out:
        text += " " + ngettext("%(n)s row has a problem and is left out; correct it in the register or the mapping.",
                               "%(n)s rows have problems and are left out; correct them in the register or the "
                               "mapping.", preview.rows_left_out) % {"n": n(preview.rows_left_out)}
    if truncated:
        text += " " + _("Only the first %(n)s rows were read.") % {"n": n(preview.rows_read)}
    for note in preview.notes[:5]:
        text += " " + note
    return text
