"""A row of controls that goes on to a second (third…) line when the window is narrow, as a
filter bar must at 150 % on a 1366-pixel laptop screen, and stays on one line when there is room.

:class:`FlowLayout` places its items left to right in the order added and starts a new line when
the next one does not fit; the room left on a line goes to its items that expand horizontally (a
search box).  :func:`labelled` keeps a caption with its control, so a line never ends between them.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items on as many lines as the width needs; its height follows its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    # ----- QLayout
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Every item on one line."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self._gap() * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """As wide as the widest item: every other one can go to a line of its own."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # ----- placing
    def _gap(self) -> int:
        spacing = self.spacing()
        if spacing >= 0:
            return spacing
        parent = self.parentWidget()
        return parent.style().layoutSpacing(QSizePolicy.ControlType.DefaultType, QSizePolicy.ControlType.DefaultType,
                                            Qt.Orientation.Horizontal) if parent is not None else 6

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            wanted = item.sizeHint().width()
            if lines[-1] and used + self._gap() + wanted > width:
                lines.append([])
                used = 0
            used += (self._gap() if lines[-1] else 0) + wanted
            lines[-1].append(item)
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        gap = self._gap()
        for line in self._lines(area.width()):
            widths = [min(item.sizeHint().width(), area.width()) for item in line]
            room = area.width() - sum(widths) - gap * (len(line) - 1)
            growing = [i for i, item in enumerate(line)
                       if item.expandingDirections() & Qt.Orientation.Horizontal]
            if room > 0 and growing:
                share, extra = divmod(room, len(growing))
                for n, i in enumerate(growing):
                    widths[i] += share + (1 if n < extra else 0)
            height = max(item.sizeHint().height() for item in line)
            x = area.x()
            for item, item_width in zip(line, widths):
                if place:
                    item.setGeometry(QRect(QPoint(x, y + (height - item.sizeHint().height()) // 2),
                                           QSize(item_width, item.sizeHint().height())))
                x += item_width + gap
            y += height + gap
        return y - gap - rect.y() + margins.bottom() if y > area.y() else margins.top() + margins.bottom()


def labelled(parent: QWidget, *widgets: QWidget, grow: bool = False) -> QWidget:
    """``widgets`` (a caption and its control) side by side in one piece of a :class:`FlowLayout`;
    ``grow``: the piece takes the room left on its line."""
    piece = QWidget(parent)
    row = QHBoxLayout(piece)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if grow and widget is widgets[-1] else 0)
    policy = QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Preferred
    piece.setSizePolicy(policy, QSizePolicy.Policy.Fixed)
    return piece



