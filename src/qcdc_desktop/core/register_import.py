"""Importing a commune's existing register (a spreadsheet of meetings and opinions): the fields a
column can be mapped to, the mapping, and the preview a clerk confirms.  Plain values; reading
the spreadsheet is ``reports.register``, writing the meetings ``db.register_import``."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..l10n import N_, _
from .model import Meeting

# Our fields a column of the register can fill: (key, label msgid, level).  Meeting fields repeat
# on every row of the meeting (or are left blank under the first, as merged cells read); opinion
# fields make one opinion per row.
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
)
MEETING_TARGETS = tuple(key for key, _label, level in TARGETS if level == "meeting")
OPINION_TARGETS = tuple(key for key, _label, level in TARGETS if level == "opinion")


def target_label(key: str) -> str:
    """The label of a target field in the active language."""
    return _(next(label for k, label, _level in TARGETS if k == key))


@dataclass(frozen=True)
class ColumnMapping:
    """Which column (0-based) fills which of our fields, and fixed values for meeting fields the
    register has no column for (e.g. every meeting was in "Hội trường UBND xã")."""

    columns: dict[str, int] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def unknown_targets(self) -> list[str]:
        known = {key for key, _label, _level in TARGETS}
        return sorted((set(self.columns) | set(self.defaults)) - known)


@dataclass(frozen=True)
class RegisterSheet:
    """What was read from the spreadsheet: the sheet's name and the other sheets, the heading
    row, the data rows (cells as read) with their row numbers in the sheet, and whether reading
    stopped at the row limit."""

    sheet: str
    sheets: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]
    truncated: bool = False


@dataclass(frozen=True)
class RowProblem:
    """A problem of one row of the register (its number in the sheet, 1-based as Excel shows)."""

    row: int
    column: str  # the heading of the column at fault, or "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = _("row %(row)d") % {"row": self.row}
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportedMeeting:
    """One meeting made from consecutive rows of the register, validated."""

    meeting: Meeting
    rows: tuple[int, ...]


@dataclass(frozen=True)
class RegisterPreview:
    """What an import would add: the valid meetings, the problems of the others, row by row."""

    meetings: tuple[ImportedMeeting, ...]
    problems: tuple[RowProblem, ...]
    rows_read: int

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def opinions(self) -> int:
        return sum(len(m.meeting.opinions) for m in self.meetings)
