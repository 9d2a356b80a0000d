"""A page whose contents scroll when the window is too small for them, and only then."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget


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
