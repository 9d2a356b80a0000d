"""Column headings that are never cut off, and columns sized to what they show.

:class:`WrappingHeader` is a horizontal header whose headings wrap onto two lines when their
column is narrower than the heading on one line ("Đơn vị, cá nhân chủ trì thực hiện" over a column
of short names), so a column needs only the wider of its two lines.  :class:`ColumnFitter` sizes a
table's columns to their headings and to the text of the first rows, gives the room left to the
long-text columns (or takes the room missing from them, never from a short value such as "120" or a
date), and does it again when the table is resized or its rows change, until the clerk drags a
column's edge: from then on the clerk's widths stand (and are saved by the page that keeps them),
a drag stopping where the heading still fits.  A heading that does not fit all the same (a table
without a fitter) ends its last line in "…" and shows whole in a tooltip, never clipped unsaid.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QHelpEvent, QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from ...core.settings import LIST_COLUMN_WIDTHS
from .settings import read, write

LINES = 2  # a heading wraps onto at most this many lines
SAMPLE_ROWS = 40  # the rows whose text sizes a column
LEAST = 64  # pixels: no column narrower, so that an empty list's headings have air between them
SLACK = 2  # pixels for the rounding between measuring a line and laying it out


def two_lines_width(metrics: QFontMetrics, text: str, lines: int = LINES) -> int:
    """The width ``text`` needs when wrapped at spaces onto at most ``lines`` lines: the width of
    its widest line, the words split where that line is narrowest."""
    words = text.split()
    if not words:
        return 0
    if lines <= 1 or len(words) == 1:
        return metrics.horizontalAdvance(" ".join(words))
    best = metrics.horizontalAdvance(" ".join(words))
    for cut in range(1, len(words)):
        first = metrics.horizontalAdvance(" ".join(words[:cut]))
        rest = two_lines_width(metrics, " ".join(words[cut:]), lines - 1)
        best = min(best, max(first, rest))
    return best


def heading_lines(metrics: QFontMetrics, text: str, width: int, lines: int = LINES) -> list[str]:
    """The lines a heading is drawn on in ``width`` pixels: broken at spaces onto at most ``lines``
    lines as Qt wraps them, the last one ending in "…" when the rest does not fit, so a heading too
    wide for its column shows that it is cut, never a piece clipped at both ends."""
    words = text.split()
    drawn: list[str] = []
    while words and len(drawn) < lines - 1:
        n = 1
        while n < len(words) and metrics.horizontalAdvance(" ".join(words[:n + 1])) <= width:
            n += 1
        line = " ".join(words[:n])
        if metrics.horizontalAdvance(line) > width:
            break  # one word wider than the column: the last line, elided, says it
        drawn.append(line)
        words = words[n:]
    if words:
        drawn.append(metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
    return drawn


def widest_cap(room: int, columns: Sequence[tuple[int, int]]) -> int:
    """The largest width ``cap`` such that columns of (floor, natural) widths, each cut to
    ``max(floor, min(natural, cap))``, take at most ``room`` pixels (0 when even their floors do not fit)."""
    low, high = 0, max((natural for _floor, natural in columns), default=0)
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(floor, min(natural, cap)) for floor, natural in columns) <= room:
            low = cap
        else:
            high = cap - 1
    return low


class WrappingHeader(QHeaderView):
    """A horizontal header whose headings wrap onto two lines rather than being cut off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.sectionResized.connect(lambda *_args: self.geometriesChanged.emit())  # the height may change

    def heading(self, section: int) -> str:
        value = self.model().headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return " ".join(str(value or "").split())

    def _chrome(self, section: int) -> int:
        """The section's width that is not its heading's: the margins, and the sort arrow's room."""
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)
        arrow = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, self) + margin
        return 2 * margin + (arrow if self.isSortIndicatorShown() else 0) + SLACK

    def needed_width(self, section: int, lines: int = LINES) -> int:
        """The narrowest the section can be with its heading whole on at most ``lines`` lines."""
        return two_lines_width(self.fontMetrics(), self.heading(section), lines) + self._chrome(section)

    def _lines_at(self, section: int, width: int) -> int:
        text = self.heading(section)
        room = width - self._chrome(section) + SLACK
        if not text or self.fontMetrics().horizontalAdvance(text) <= room:
            return 1
        return LINES

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        count = self.count()
        lines = max((self._lines_at(i, self.sectionSize(i)) for i in range(count) if not self.isSectionHidden(i)),
                    default=1)
        if lines > 1:
            hint.setHeight(hint.height() + (lines - 1) * self.fontMetrics().lineSpacing())
        return hint

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:  # noqa: N802 - Qt's name
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, section)
        option.rect = rect
        text = option.text
        option.text = ""
        painter.save()
        # The section, then the arrow at its right and the heading wrapped in the room left: the
        # style's own label would elide the heading on one line.
        style = self.style()
        style.drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, self)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, self)
        label = rect.adjusted(margin, 0, -margin, 0)
        if option.sortIndicator != QStyleOptionHeader.SortIndicator.None_:
            size = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, option, self)
            arrow = QStyleOptionHeader(option)
            arrow.rect = QRect(label.right() - size + 1, rect.center().y() - size // 2, size, size)
            style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, arrow, painter, self)
            label.setRight(arrow.rect.left() - margin)
        painter.setPen(option.palette.color(option.palette.ColorRole.ButtonText))
        lines = heading_lines(self.fontMetrics(), text, label.width())
        painter.drawText(label, int(Qt.AlignmentFlag(int(option.textAlignment))), "\n".join(lines))
        painter.restore()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # A heading cut short (its "…") shows whole in a tooltip.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            section = self.logicalIndexAt(event.pos())
            if section >= 0:
                text = self.heading(section)
                room = self.sectionSize(section) - self._chrome(section) + SLACK
                if " ".join(heading_lines(self.fontMetrics(), text, room)) != text:
                    QToolTip.showText(event.globalPos(), text, self)
                    return True
        return super().viewportEvent(event)


def wrapping_header(table: QTableView) -> WrappingHeader:
    """Give ``table`` a :class:`WrappingHeader` with the settings of the one it had."""
    old = table.horizontalHeader()
    header = WrappingHeader(table)
    header.setStretchLastSection(old.stretchLastSection())
    header.setSortIndicatorShown(old.isSortIndicatorShown())
    table.setHorizontalHeader(header)
    return header


def cell_width(table: QTableView, column: int, rows: int = SAMPLE_ROWS) -> int:
    """The width the text of the first ``rows`` cells of ``column`` needs, as the view draws them."""
    model = table.model()
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    widest = 0
    for row in range(min(rows, model.rowCount())):
        index = model.index(row, column)
        widest = max(widest, table.itemDelegateForIndex(index).sizeHint(option, index).width())
    return widest + SLACK


class ColumnFitter(QObject):
    """Keeps ``table``'s columns as wide as their headings and first rows need, the room left (or
    missing) shared among the ``flexible`` columns, until the clerk drags a column's edge.

    ``flexible`` are the columns of long text (a title, a task, an opinion); when none is given,
    every column whose text is wider than ``short`` pixels is.  ``resized_by_clerk`` is emitted when
    the clerk sets a width by hand."""

    resized_by_clerk = Signal()

    def __init__(self, table: QTableView, *, flexible: Sequence[int] | None = None, short: int = 160,
                 widest: int = 520) -> None:
        super().__init__(table)
        self.table = table
        self.flexible = list(flexible) if flexible is not None else None
        self.short = short
        self.widest = widest
        self.by_clerk = False
        self._fitting = False
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.fit)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.headerDataChanged):
            signal.connect(self._later.start)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and not self.by_clerk:
            self._later.start()
        return False

    def _resized(self, column: int, old: int, new: int) -> None:
        # A column hidden or shown again (size 0) is not the clerk choosing a width.
        if not self._fitting and old and new and self.table.isVisible():
            least = self.heading_width(column)
            if new < least:  # a drag stops where the heading still fits on its lines
                self._apply({column: least})
            self.by_clerk = True
            self.resized_by_clerk.emit()

    def heading_width(self, column: int, lines: int = LINES) -> int:
        header = self.table.horizontalHeader()
        if isinstance(header, WrappingHeader):
            return header.needed_width(column, lines)
        return header.sectionSizeFromContents(column).width() + SLACK

    def set_widths(self, widths: Sequence[int]) -> None:
        """The clerk's widths, kept from another time, each at least as wide as its heading."""
        self.by_clerk = True
        self._apply({c: max(w, self.heading_width(c)) for c, w in enumerate(widths)})

    def keep(self, settings: QSettings, name: str) -> None:
        """Use the widths the clerk gave the columns of list ``name`` last time, if any, and keep
        each width the clerk sets from now on (LIST_COLUMN_WIDTHS)."""
        saved = [int(w) for w in read(settings, LIST_COLUMN_WIDTHS(list=name)).split(",") if w.isdigit()]
        if len(saved) == self.table.horizontalHeader().count():
            self.set_widths([max(width, 30) for width in saved])
        header = self.table.horizontalHeader()
        self.resized_by_clerk.connect(lambda: write(settings, LIST_COLUMN_WIDTHS(list=name), ",".join(
            str(header.sectionSize(c)) for c in range(header.count()))))

    def refit(self) -> None:
        """Forget the clerk's widths and fit the columns again."""
        self.by_clerk = False
        self.fit()

    def fit(self) -> None:
        if self.by_clerk:
            header = self.table.horizontalHeader()  # still never narrower than a heading
            self._apply({c: max(header.sectionSize(c), self.heading_width(c)) for c in self._shown()})
            return
        shown = self._shown()
        cells = {c: cell_width(self.table, c) for c in shown}
        flexible = [c for c in shown if (c in self.flexible if self.flexible is not None else cells[c] > self.short)]
        room = self.table.viewport().width()
        # Headings on one line when the room allows; else wrapped onto two, before a long text is cut.
        lines = 1 if sum(max(self.heading_width(c, 1), min(cells[c], self.widest), LEAST) for c in shown) <= room else LINES
        heads = {c: self.heading_width(c, lines) for c in shown}
        natural = {c: max(heads[c], min(cells[c], self.widest), LEAST) for c in shown}
        floor = {c: (max(heads[c], min(cells[c], self.short)) if c in flexible else natural[c]) for c in shown}
        spare = room - sum(natural.values())
        takers = flexible or shown[-1:]  # with no long text (or no rows yet) the last column ends the row
        if spare > 0:  # the long texts take the room left
            for i, c in enumerate(takers):
                natural[c] += spare // len(takers) + (1 if i < spare % len(takers) else 0)
        elif flexible and spare < 0:  # the widest long texts give up what is missing, as far as their floor
            fixed = sum(natural[c] for c in shown if c not in flexible)
            cap = widest_cap(room - fixed, [(floor[c], natural[c]) for c in flexible])
            for c in flexible:
                natural[c] = max(floor[c], min(natural[c], cap))
        self._apply(natural)

    def _shown(self) -> list[int]:
        header = self.table.horizontalHeader()
        return [c for c in range(header.count()) if not header.isSectionHidden(c)]

    def _apply(self, widths: dict[int, int]) -> None:
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False
