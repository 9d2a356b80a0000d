"""The tables of the register import dialog: the meetings found, the rows left out, the cells
typed in a legacy font and what they became, and the signal that carries the import's progress
from the database worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPlainTextEdit, QTableView, QWidget

from ... import l10n
from ...core.register_import import CellNote, ImportedMeeting, RowProblem, column_letter
from ...l10n import _
from ..widgets.row_models import Column, RowsModel
from ..widgets.tables import table_view


def rows_text(rows: tuple[int, ...]) -> str:
    return "" if not rows else str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"


#: The columns of the meetings found that share the room the others leave: the meeting, its place.
MEETING_TEXTS = [2, 3]


def meeting_columns() -> list[Column[ImportedMeeting]]:
    return [
        Column(_("Rows"), lambda m: rows_text(m.rows), right=True),
        Column(_("Meeting date"), lambda m: l10n.format_date(m.meeting.held_on)),
        Column(_("Meeting"), lambda m: m.meeting.title),
        Column(_("Place"), lambda m: m.meeting.place),
        Column(_("Chair"), lambda m: m.meeting.chair),
        Column(_("Opinions"), lambda m: l10n.format_number(len(m.meeting.opinions)), right=True),
        Column(_("Tasks"), lambda m: l10n.format_number(len(m.meeting.conclusions)), right=True),
    ]


def problem_columns() -> list[Column[RowProblem]]:
    return [Column(_("Sheet"), lambda p: p.sheet), Column(_("Row"), lambda p: str(p.row), right=True),
            Column(_("Column"), lambda p: p.column), Column(_("Problem"), lambda p: p.message)]


class Progress(QObject):
    """Carries the import's progress from the database worker to the dialog (a queued signal)."""

    step = Signal(int, int)


def problem_views(model: RowsModel[Any], parent: QWidget) -> tuple[QTableView, QPlainTextEdit]:
    """The rows left out, wrapped on two lines each (sizing each of 20,000 rows to its text would
    stall the window), and a pane under them with the selected one whole, read from the keyboard."""
    view = table_view(model, parent, flexible=[3])
    view.setWordWrap(True)
    view.verticalHeader().setDefaultSectionSize(2 * parent.fontMetrics().lineSpacing() + 8)
    detail = QPlainTextEdit(parent)
    detail.setReadOnly(True)
    detail.setMaximumHeight(70)
    detail.setAccessibleName(_("The selected problem"))
    return view, detail


def legacy_columns() -> list[Column[CellNote]]:
    return [Column(_("Sheet"), lambda n: n.sheet), Column(_("Row"), lambda n: str(n.row), right=True),
            Column(_("Column"), lambda n: column_letter(n.column)), Column(_("As typed"), lambda n: n.legacy.original),
            Column(_("Font"), lambda n: n.legacy.encoding),
            Column(_("In Unicode"), lambda n: n.legacy.converted if n.legacy.sure else
                   _("kept as typed; perhaps: %(text)s") % {"text": n.legacy.converted})]


def legacy_view(parent: QWidget) -> tuple[RowsModel[CellNote], QTableView]:
    """The cells typed in the .VnTime (TCVN3) or VNI fonts: converted, or kept and to be checked."""
    model = RowsModel(legacy_columns(), parent, warn=lambda n: not n.legacy.sure)
    return model, table_view(model, parent, flexible=[3, 5])
