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

from ...core.text import fold

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
    key: Callable[[T], Any] | None = None  # what the column sorts by (its text, accents folded, when None)


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
        self._order: tuple[int, bool] | None = None  # (column, descending) once asked to sort

    def set_rows(self, rows: Sequence[T], columns: Sequence[Column[T]] | None = None) -> None:
        """Show ``rows`` (and, when given, new columns) instead of what was shown."""
        self.beginResetModel()
        if columns is not None:
            self.columns = list(columns)
        self.rows = list(rows)
        if self._order is not None:
            self.rows = [self.rows[i] for i in self._positions(*self._order)]
        self._texts = [[c.text(row) for c in self.columns] for row in self.rows]
        self.endResetModel()

    def _sort_key(self, column: int) -> Callable[[T], Any]:
        key = self.columns[column].key
        if key is not None:
            return key
        text = self.columns[column].text
        return lambda row: fold(text(row))

    def _positions(self, column: int, descending: bool) -> list[int]:
        """The rows' positions in the order of ``column``; rows whose key is None last either way."""
        key = self._sort_key(column)
        keys = [key(row) for row in self.rows]
        valued = sorted((i for i, k in enumerate(keys) if k is not None), key=lambda i: keys[i], reverse=descending)
        return valued + [i for i, k in enumerate(keys) if k is None]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (a view with sorting enabled asks for it); the order holds for
        the rows shown later, until another is asked for."""
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._order = (column, order == Qt.SortOrder.DescendingOrder)
        positions = self._positions(*self._order)
        moved_to = {old: new for new, old in enumerate(positions)}
        self.rows = [self.rows[i] for i in positions]
        self._texts = [self._texts[i] for i in positions]
        kept = self.persistentIndexList()  # the selection follows its rows
        self.changePersistentIndexList(kept, [self.index(moved_to[i.row()], i.column()) if i.row() in moved_to
                                              else QModelIndex() for i in kept])
        self.layoutChanged.emit()

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
