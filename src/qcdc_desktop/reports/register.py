"""Reading a commune's existing Excel register and turning it into meetings, row by row.

A typical register has one row per opinion, the meeting's columns repeated on each row or left
blank under the first (merged cells read as blanks): a row whose meeting columns are all blank
belongs to the meeting above.  Each meeting is validated by the same rules as every other
(``core.validate``); problems are reported against the rows and columns they come from.

Bounded: the file's size, the rows and the columns read are capped, and the workbook is read in
openpyxl's read-only mode, one row at a time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..core.catalog import FIELDS, MEETING_KINDS, OUTCOMES, Catalog
from ..core.errors import Cancelled, InputFileError, ValidationError
from ..core.register_import import (
    MEETING_TARGETS,
    OPINION_TARGETS,
    ColumnMapping,
    ImportedMeeting,
    RegisterPreview,
    RegisterSheet,
    RowProblem,
    target_label,
)
from ..core.text import fold
from ..core.validate import parse_meeting
from ..l10n import _, gettext_in

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 60
HEADING_SEARCH = 10  # the heading row is the first row with text among the first rows

# Words of headings as communes write them, folded: the first target whose words all appear wins.
HEADING_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("held_on", ("ngay",)), ("kind", ("loai",)), ("chair_title", ("chuc vu",)), ("chair", ("chu tri",)),
    ("place", ("dia diem",)), ("participants", ("so nguoi",)), ("participants", ("tham du",)),
    ("title", ("hoi nghi",)), ("speaker", ("nguoi phat bieu",)), ("speaker", ("ho ten",)),
    ("speaker", ("cu tri",)), ("address", ("thon",)), ("address", ("dia chi",)), ("phone", ("dien thoai",)),
    ("field", ("linh vuc",)), ("answer", ("tra loi",)), ("outcome", ("ket qua",)),
    ("outcome", ("huong xu ly",)), ("content", ("noi dung",)), ("content", ("y kien",)),
)
_TRUE = {"x", "co", "yes", "1", "true", "da tra loi", "v", "✓"}
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def read_register(path: Path, *, sheet: str | None = None, max_rows: int = MAX_ROWS) -> RegisterSheet:
    """Read the heading row and the data rows of one sheet (the first, unless named) of an .xlsx
    file; refuse, with a sentence, a file that is missing, too large or not a workbook."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputFileError(_("%(path)s is too large.") % {"path": path})
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputFileError(_("There is no file %(path)s.") % {"path": path}) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputFileError(_("%(path)s is not an Excel workbook (.xlsx).") % {"path": path}) from None
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise InputFileError(_("The workbook has no sheet named %(sheet)s.") % {"sheet": sheet[:60]})
        ws = book[sheet or names[0]]
        headings: tuple[str, ...] | None = None
        rows: list[tuple[int, tuple[object, ...]]] = []
        truncated = False
        for number, values in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if headings is None:
                if any(isinstance(v, str) and v.strip() for v in values):
                    headings = tuple("" if v is None else str(v).strip() for v in values)
                elif number >= HEADING_SEARCH:
                    break
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append((number, tuple(values)))
    finally:
        book.close()
    if headings is None:
        raise InputFileError(_("No heading row was found in the first rows of sheet %(sheet)s.")
                             % {"sheet": sheet or names[0]})
    return RegisterSheet(sheet or names[0], names, headings, tuple(rows), truncated)


def guess_mapping(headings: tuple[str, ...]) -> ColumnMapping:
    """A first mapping from the headings' words (the clerk corrects it in the dialog)."""
    columns: dict[str, int] = {}
    for index, heading in enumerate(headings):
        words = fold(heading)
        for target, needed in HEADING_WORDS:
            if target not in columns and all(w in words for w in needed):
                columns[target] = index
                break
    return ColumnMapping(columns)


def _code(catalog: Catalog, value: object) -> object:
    """A catalog code from a code or a label in either language; anything else as it was, for
    the validator to name."""
    if not isinstance(value, str):
        return value
    wanted = fold(value)
    for entry in catalog:
        if wanted in (entry.code, fold(gettext_in("vi", entry.msgid)), fold(gettext_in("en", entry.msgid))):
            return entry.code
    return value.strip()


def _date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = _DATE_TEXT.match(value.strip())
        if match:  # 05/03/2026, as Vietnamese registers write dates
            try:
                return dt.date(int(match[3]), int(match[2]), int(match[1])).isoformat()
            except ValueError:
                return value
        return value.strip()
    return value


def _text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.strip() if isinstance(value, str) else str(value)


def _cell(target: str, value: object) -> object:
    if target == "held_on":
        return _date(value)
    if target == "kind":
        return _code(MEETING_KINDS, value)
    if target == "field":
        return _code(FIELDS, value)
    if target == "outcome":
        return _code(OUTCOMES, value) if value not in (None, "") else None
    if target == "participants":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        return 0 if value in (None, "") else value
    if target == "answered":
        return value is True or (isinstance(value, (int, float)) and value == 1) or fold(_text(value)) in _TRUE
    return _text(value)


def _values(row: tuple[object, ...], mapping: ColumnMapping, targets: tuple[str, ...]) -> dict[str, object]:
    found: dict[str, object] = {}
    for target in targets:
        index = mapping.columns.get(target)
        if index is not None and index < len(row) and row[index] not in (None, ""):
            found[target] = _cell(target, row[index])
    return found


def _heading(sheet: RegisterSheet, mapping: ColumnMapping, target: str) -> str:
    index = mapping.columns.get(target)
    if index is not None and index < len(sheet.headings) and sheet.headings[index]:
        return sheet.headings[index]
    return target_label(target)


@dataclass
class _Group:
    meeting: dict[str, object]
    rows: list[int] = field(default_factory=list)
    opinions: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def _group(sheet: RegisterSheet, mapping: ColumnMapping) -> list[_Group]:
    """Consecutive rows into meetings: a row with a meeting column that differs from the meeting
    above starts a new one; a row whose meeting columns are blank or the same continues it."""
    groups: list[_Group] = []
    for number, row in sheet.rows:
        meeting = _values(row, mapping, MEETING_TARGETS)
        if not groups or (meeting and {**groups[-1].meeting, **meeting} != groups[-1].meeting):
            groups.append(_Group(meeting))
        groups[-1].rows.append(number)
        opinion = _values(row, mapping, OPINION_TARGETS)
        if opinion:
            groups[-1].opinions.append((number, opinion))
    return groups


def preview_register(sheet: RegisterSheet, mapping: ColumnMapping, *, today: dt.date,
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> RegisterPreview:
    """Apply ``mapping`` to the rows and validate each meeting: the meetings that pass, and the
    problems of the others against their rows.  Reads nothing else and writes nothing."""
    if mapping.unknown_targets():
        raise InputFileError(_("Unknown field in the column mapping: %(names)s")
                             % {"names": ", ".join(mapping.unknown_targets())[:200]})
    meetings: list[ImportedMeeting] = []
    problems: list[RowProblem] = []
    groups = _group(sheet, mapping)
    for done, group in enumerate(groups, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        rows = group.rows
        data: dict[str, object] = {"kind": "dialogue", **{k: _cell(k, v) for k, v in mapping.defaults.items()},
                                 **group.meeting}
        real = group.opinions
        for _n, opinion in real:
            opinion.setdefault("answered", bool(opinion.get("answer")))
            if "speaker" not in opinion:
                opinion["speaker"] = _("(not recorded)")
        if real:
            data["opinions"] = [o for _n, o in real]
        try:
            meeting = parse_meeting(data, today=today)
        except ValidationError as error:
            for p in error.problems:
                if len(p.path) >= 3 and p.path[0] == "opinions" and isinstance(p.path[1], int):
                    problems.append(RowProblem(real[p.path[1]][0], _heading(sheet, mapping, str(p.path[2])),
                                               p.message))
                else:
                    target = str(p.path[0]) if p.path else ""
                    column = _heading(sheet, mapping, target) if target in MEETING_TARGETS else target
                    problems.append(RowProblem(rows[0], column, p.message))
        else:
            meetings.append(ImportedMeeting(meeting, tuple(rows)))
        if progress is not None:
            progress(done, len(groups))
    return RegisterPreview(tuple(meetings), tuple(sorted(problems, key=lambda p: p.row)), len(sheet.rows))
