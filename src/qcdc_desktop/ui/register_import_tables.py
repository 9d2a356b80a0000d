"""The tables of the register import dialog: the meetings found and the rows left out, and the
signal that carries the import's progress from the database worker."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPlainTextEdit, QTableView, QWidget

from .. import l10n
from ..core.register_import import ImportedMeeting, RowProblem
from ..l10n import _
from .row_models import Column, RowsModel


def rows_text(rows: tuple[int, ...]) -> str:
    return "" if not rows else str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"


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


def make_table(model: RowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def problem_views(model: RowsModel, parent: QWidget) -> tuple[QTableView, QPlainTextEdit]:
    """The rows left out, wrapped on two lines each (sizing each of 20,000 rows to its text would
    stall the window), and a pane under them with the selected one whole, read from the keyboard."""
    view = make_table(model, parent)
    view.setWordWrap(True)
    view.verticalHeader().setDefaultSectionSize(2 * parent.fontMetrics().lineSpacing() + 8)
    detail = QPlainTextEdit(parent)
    detail.setReadOnly(True)
    detail.setMaximumHeight(70)
    detail.setAccessibleName(_("The selected problem"))
    return view, detail
