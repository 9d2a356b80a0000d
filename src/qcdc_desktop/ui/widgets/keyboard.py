"""The keyboard model every window of the application shares (docs/keyboard.md), installed once on
the application so that every page and every dialog follows it without doing anything itself:

* Tab and Shift+Tab move between the areas of a window and leave a table or a list at once; the
  arrow keys move inside it, as in a spreadsheet.
* A table or a list that gets the focus from the keyboard has a selected row (its current one, else
  the first), so that what acts on "the selected row" (Enter, Ctrl+P, Ctrl+H) acts on the one the
  frame shows.
* The widget with the focus has a clear frame around it, drawn outside the widget so that its own
  look stays as it is.
* When a dialog closes and the focus went nowhere, it goes back where it was before the dialog.
* Tab leaves a date field in one press, as any other field (Qt's own date field steps through its
  day, month and year first); inside it the arrow keys and typing move between those parts.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QItemSelectionModel, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDateTimeEdit,
    QDialog,
    QFocusFrame,
    QMenu,
    QMenuBar,
    QTableView,
    QWidget,
)
from shiboken6 import isValid

_FRAME_WIDTH = 2


class FocusRing(QFocusFrame):
    """A 2-pixel frame in the highlight colour around the widget with the focus."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("focus_ring")

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight), _FRAME_WIDTH)
        painter.setPen(pen)
        half = _FRAME_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)
        painter.end()


def framed(widget: QWidget | None) -> bool:
    """Whether the focus frame goes around ``widget``: any widget reached with Tab, but a window
    itself, the menus, and what drops down from a combo box or a completer (the box keeps its frame)."""
    if widget is None or widget.isWindow() or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return False
    popup = widget.window().windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
    return not popup and not isinstance(widget, (QMenu, QMenuBar))


def select_current_row(view: QAbstractItemView) -> None:
    """Select the view's current row (the first row when it has none), unless a row is selected."""
    selection: QItemSelectionModel | None = view.selectionModel()  # both None before a model is set
    model: QAbstractItemModel | None = view.model()
    if selection is None or model is None or model.rowCount(view.rootIndex()) == 0:
        return
    if selection.hasSelection():
        return
    index = view.currentIndex()
    if not index.isValid():
        index = model.index(0, _first_shown_column(view), view.rootIndex())
    if not index.isValid():
        return
    if view.selectionMode() == QAbstractItemView.SelectionMode.NoSelection:
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        return
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
        flags |= QItemSelectionModel.SelectionFlag.Rows
    selection.setCurrentIndex(index, flags)
    view.scrollTo(index)


def _first_shown_column(view: QAbstractItemView) -> int:
    model = view.model()
    if isinstance(view, QTableView):
        for column in range(model.columnCount(view.rootIndex())):
            if not view.isColumnHidden(column):
                return column
    return 0


_BY_KEY = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason,
           Qt.FocusReason.OtherFocusReason)


class KeyboardModel(QObject):
    """The application-wide event filter that applies the model; see :func:`install`."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("keyboard_model")
        self._ring: FocusRing | None = None  # made when first needed, again when its window went
        self._before: dict[int, QWidget] = {}  # a shown dialog -> the widget that had the focus
        app.installEventFilter(self)
        app.focusChanged.connect(self._focus_changed)
        app.aboutToQuit.connect(self._forget_ring)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.Polish, QEvent.Type.FocusIn) and isinstance(watched, QAbstractItemView):
            watched.setTabKeyNavigation(False)
            # Moved to by a key (not the mouse, nor the window coming back to the front, which
            # leaves the list as it was, scrolled where it was).
            if kind == QEvent.Type.FocusIn and isinstance(event, QFocusEvent) and event.reason() in _BY_KEY:
                select_current_row(watched)  # before the view sets a current cell without selecting it
        elif kind == QEvent.Type.KeyPress and isinstance(watched, QDateTimeEdit) and isinstance(event, QKeyEvent):
            return leave_date_field(watched, event)
        elif kind == QEvent.Type.Show and isinstance(watched, QDialog):
            focused = QApplication.focusWidget()
            if focused is not None and focused.window() is not watched:
                self._before[id(watched)] = focused
        elif kind == QEvent.Type.Hide and isinstance(watched, QDialog):
            before = self._before.pop(id(watched), None)
            if before is not None:
                QTimer.singleShot(0, lambda: give_back(before))
        return False

    @property
    def ring(self) -> FocusRing:
        """The focus frame; it lives beside the framed widget and goes when that one's window goes."""
        if self._ring is None or not isValid(self._ring):
            self._ring = FocusRing()
        return self._ring

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is not None and framed(now):
            self.ring.setWidget(now)
        else:
            self._forget_ring()

    def _forget_ring(self) -> None:
        if self._ring is not None and isValid(self._ring):
            self._ring.setWidget(None)  # type: ignore[arg-type]  # Qt takes nullptr: the frame goes away


def leave_date_field(field: QDateTimeEdit, event: QKeyEvent) -> bool:
    """Tab / Shift+Tab (Backtab) on a date field: on to the next / previous field at once.  True
    when the key was used so."""
    if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return False
    forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
    # The window's own step through the focus chain: the date field's overrides it with its parts.
    return field.window().focusNextPrevChild(forward)


def give_back(widget: QWidget) -> None:
    """Put the focus back on ``widget`` when it went nowhere (or onto something no longer shown); a
    list with the focus then has a selected row again, as when it got the focus."""
    if not isValid(widget) or not widget.isVisible() or not widget.isEnabled():
        return
    focused = QApplication.focusWidget()
    if focused is None or not focused.isVisible() or focused is focused.window():
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        focused = widget
    if isinstance(focused, QAbstractItemView):  # its rows may have been read again meanwhile
        select_current_row(focused)


def install(app: QApplication | None = None) -> KeyboardModel:
    """Apply the keyboard model to every window of ``app`` (the running application when not
    given); installing it again returns the one already there."""
    app = app or _application()
    found = app.findChild(KeyboardModel, "keyboard_model")
    return found if isinstance(found, KeyboardModel) else KeyboardModel(app)


def _application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)  # widgets exist only in a widgets application
    return app
