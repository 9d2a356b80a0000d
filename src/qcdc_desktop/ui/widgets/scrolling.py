"""A page whose contents scroll when the window is too small for them, and only then."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget


class ScrolledBody(QWidget):
    """The scrolled contents.  QScrollArea sizes contents with wrapped labels by their preferred
    height, which scrolled the page even on a 1366×768 screen where everything fits; the minimum
    height for the width makes it scroll only when the page really does not fit."""

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        layout = self.layout()
        return layout.minimumHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() else -1


def scrolled_body(page: QWidget) -> ScrolledBody:
    """Fill ``page`` with a frameless scroll area and return the widget to lay the page out on."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    outer.addWidget(scroll)
    body = ScrolledBody(scroll)
    scroll.setWidget(body)
    return body


def scrolled_down(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area that scrolls up and down only, when the window is too low
    for it (150 % on a laptop screen); as wide as ``page`` needs, and filled by it when there is room."""
    scroll = QScrollArea(page.parentWidget())
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(page)
    bar = scroll.verticalScrollBar().sizeHint().width()
    scroll.setMinimumWidth(page.minimumSizeHint().width() + bar)
    _Follower(scroll)
    return scroll


class _Follower(QObject):
    """Scrolls its area to the field the keyboard goes to inside it (by Tab, Enter or the program)."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)  # gone with the area, and its connection with it
        self.scroll = scroll
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.follow)

    @Slot(QWidget, QWidget)
    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        page = self.scroll.widget()
        if new is not None and page is not None and page.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 0, 8)
