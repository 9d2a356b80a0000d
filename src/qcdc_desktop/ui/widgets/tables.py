"""A read-only table of rows, as the places show their lists: one line each, rows selected
whole, one at a time, the last column stretched."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .row_models import RowsModel


def table_view(model: RowsModel[Any], parent: QWidget, widths: list[int] | None = None) -> QTableView:
    """A read-only table of ``model``'s rows, one line each, the last column stretched."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths or []):
        table.horizontalHeader().resizeSection(column, width)
    return table
