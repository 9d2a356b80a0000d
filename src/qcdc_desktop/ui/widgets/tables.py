"""A read-only table of rows, as the places show their lists: one line each, rows selected
whole, one at a time, headings wrapped rather than cut off, and columns sized to what they show
(:mod:`.headers`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .headers import ColumnFitter, wrapping_header
from .row_models import RowsModel


class RowsTable(QTableView):
    """A read-only table whose :attr:`fitter` sizes its columns."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget, *, flexible: Sequence[int] | None = None,
                 short: int = 160) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        wrapping_header(self)
        self.fitter = ColumnFitter(self, flexible=flexible, short=short)
        # Low when it must be, so that a place with three tables fits a window 512 pixels high (150 %
        # on a laptop screen); the layouts give tables the room there is, and each one scrolls.
        self.setMinimumHeight(3 * self.fontMetrics().height())


def table_view(model: RowsModel[Any], parent: QWidget, *, flexible: Sequence[int] | None = None,
               short: int = 160) -> RowsTable:
    """A read-only table of ``model``'s rows, one line each; ``flexible`` columns (long texts)
    share the room the others leave, and when the room is short give it up down to ``short``
    pixels (their heading stays whole)."""
    return RowsTable(model, parent, flexible=flexible, short=short)
