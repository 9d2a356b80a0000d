"""A row of controls that goes on to a second (third…) line when the window is narrow, as a
filter bar must at 150 % on a 1366-pixel laptop screen, and stays on one line when there is room.

:class:`FlowBar` is a widget that places the pieces added to it left to right, in order, and
starts a new line when the next one does not fit; the room left on a line goes to the pieces that
expand horizontally (a search box).  It places its children itself rather than through a QLayout
subclass: a layout written in Python hands its items back to Qt when a child is deleted, and Qt
and Python then both free them.  :func:`labelled` keeps a caption with its control, so a line
never ends between them.
"""

from __future__ import annotations

from PySide6.QtCore import QChildEvent, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStyle, QWidget
from shiboken6 import Shiboken


class FlowBar(QWidget):
    """Pieces on as many lines as the width needs; its height follows its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pieces: list[QWidget] = []
        self._margins = (0, 0, 0, 0)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, piece: QWidget) -> None:
        """Put ``piece`` at the end of the bar (its parent becomes the bar)."""
        piece.setParent(self)
        piece.installEventFilter(self)  # shown, hidden or resized: the bar is placed again
        self._pieces.append(piece)
        self._changed()

    def set_margins(self, left: int, top: int, right: int, bottom: int) -> None:
        self._margins = (left, top, right, bottom)
        self._changed()

    # ----- sizes
    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        left, top, right, bottom = self._margins
        lines = self._lines(width - left - right)
        gap = self._gap(Qt.Orientation.Vertical)
        return top + bottom + sum(max(p.sizeHint().height() for p in line) for line in lines) + gap * max(len(lines) - 1, 0)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Every piece on one line."""
        shown = self._shown()
        left, top, right, bottom = self._margins
        width = sum(p.sizeHint().width() for p in shown) + self._gap(Qt.Orientation.Horizontal) * max(len(shown) - 1, 0)
        height = max((p.sizeHint().height() for p in shown), default=0)
        return QSize(width + left + right, height + top + bottom)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As wide as the widest piece: each of the others can go to a line of its own.  As tall as
        its lines at its width; out of sight (on a place not shown), one line: its width there is
        the one it had when made, not the one it will get, and the window, as tall as its tallest
        place, could not be made short enough for a laptop at 150 %."""
        left, top, right, bottom = self._margins
        width = max((p.minimumSizeHint().expandedTo(p.minimumSize()).width() for p in self._shown()), default=0)
        at = self.width() if self.isVisible() else self.sizeHint().width()
        return QSize(width + left + right, self.heightForWidth(max(at, width + left + right)))

    # ----- placing
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.LayoutRequest):
            self._changed()
        return False

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        self._place()

    def childEvent(self, event: QChildEvent) -> None:  # noqa: N802
        """A piece deleted or taken away: its place goes to the others."""
        super().childEvent(event)
        if event.type() == QEvent.Type.ChildRemoved:
            self._pieces = [p for p in self._pieces if Shiboken.isValid(p) and p is not event.child()]
            self._changed()

    def _changed(self) -> None:
        self.updateGeometry()
        self._place()

    def _gap(self, orientation: Qt.Orientation) -> int:
        metric = (QStyle.PixelMetric.PM_LayoutHorizontalSpacing if orientation == Qt.Orientation.Horizontal
                  else QStyle.PixelMetric.PM_LayoutVerticalSpacing)
        spacing = self.style().pixelMetric(metric, None, self)
        return spacing if spacing >= 0 else 6

    def _shown(self) -> list[QWidget]:
        return [p for p in self._pieces if Shiboken.isValid(p) and not p.isHidden()]

    def _lines(self, width: int) -> list[list[QWidget]]:
        gap = self._gap(Qt.Orientation.Horizontal)
        lines: list[list[QWidget]] = [[]]
        used = 0
        for piece in self._shown():
            wanted = piece.sizeHint().width()
            if lines[-1] and used + gap + wanted > width:
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + wanted
            lines[-1].append(piece)
        return [line for line in lines if line]

    def _place(self) -> None:
        left, top, right, bottom = self._margins
        area = self.rect().adjusted(left, top, -right, -bottom)
        gap_x, gap_y = self._gap(Qt.Orientation.Horizontal), self._gap(Qt.Orientation.Vertical)
        y = area.y()
        for line in self._lines(area.width()):
            widths = [min(p.sizeHint().width(), area.width()) for p in line]
            room = area.width() - sum(widths) - gap_x * (len(line) - 1)
            growing = [i for i, p in enumerate(line)
                       if p.sizePolicy().expandingDirections() & Qt.Orientation.Horizontal]
            if room > 0 and growing:
                share, extra = divmod(room, len(growing))
                for n, i in enumerate(growing):
                    widths[i] += share + (1 if n < extra else 0)
            height = max(p.sizeHint().height() for p in line)
            x = area.x()
            for piece, width in zip(line, widths):
                hint = piece.sizeHint().height()
                piece.setGeometry(QRect(x, y + (height - hint) // 2, width, hint))
                x += width + gap_x
            y += height + gap_y


def labelled(parent: QWidget, *widgets: QWidget, grow: bool = False) -> QWidget:
    """``widgets`` (a caption and its control) side by side in one piece of a :class:`FlowBar`;
    ``grow``: the piece takes the room left on its line."""
    piece = QWidget(parent)
    row = QHBoxLayout(piece)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if grow and widget is widgets[-1] else 0)
    policy = QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Preferred
    piece.setSizePolicy(policy, QSizePolicy.Policy.Fixed)
    return piece
