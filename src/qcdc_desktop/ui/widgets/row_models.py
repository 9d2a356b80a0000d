"""A small read-only table model over a list of values already read (the follow-up sections, the
figures of a report, the preview of a register import): each column says how a value shows.

The lists are short (at most a few hundred rows, read by the database worker or a job), so the
model holds the values themselves; it is replaced as a whole when a new reading arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

T = TypeVar("T")

ROW_ROLE = Qt.ItemDataRole.UserRole  # the value of the row itself
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
WARNING = QColor("#b71c1c")  # the red of the stale-notice message: late, overdue, a problem
TOOLTIP_AFTER = 30  # characters: a longer text also shows whole in a tooltip

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[T]):
    """A column: its heading, the text of a row's cell, and whether it is a figure (right-aligned)."""

    heading: str
    text: Callable[[T], str]
    right: bool = False


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of values shown through :class:`Column` definitions.  ``warn(row)`` shows the row in
    red, ``strong(row)`` in bold (a total)."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None, *,
                 warn: Callable[[T], bool] | None = None, strong: Callable[[T], bool] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []
        self._texts: list[list[str]] = []
        self.warn = warn
        self.strong = strong
        self._bold = QFont()
        self._bold.setBold(True)
        self._red = QBrush(WARNING)

    def set_rows(self, rows: Sequence[T], columns: Sequence[Column[T]] | None = None) -> None:
        """Show ``rows`` (and, when given, new columns) instead of what was shown."""
        self.beginResetModel()
        if columns is not None:
            self.columns = list(columns)
        self.rows = list(rows)
        self._texts = [[c.text(row) for c in self.columns] for row in self.rows]
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].heading
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if self.columns[section].right else _LEFT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows) or index.column() >= len(self.columns):
            return None
        row = self.rows[index.row()]
        text = self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(text.split())  # one line in the table; the tooltip keeps the paragraphs
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > TOOLTIP_AFTER else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if self.columns[index.column()].right else _LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and self.warn is not None and self.warn(row):
            return self._red
        if role == Qt.ItemDataRole.FontRole and self.strong is not None and self.strong(row):
            return self._bold
        if role == ROW_ROLE:
            return row
        return None
