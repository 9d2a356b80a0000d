"""Messages that say what just happened on a page ("Official added.", "Backup made…"): said while
the clerk is there, cleared once the clerk leaves the page, so that coming back later does not show
an old message as if it were news.  A reply that arrives while the page is away still shows when
the clerk comes back: it is news then."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget


class _ClearOnLeave(QObject):
    def __init__(self, page: QWidget, labels: tuple[QLabel, ...]) -> None:
        super().__init__(page)
        self.labels = labels
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # A spontaneous hide is the window minimised: the clerk has not left the page.
        if event.type() == QEvent.Type.Hide and not event.spontaneous():
            for label in self.labels:
                label.setText("")
        return False


def clear_on_leave(page: QWidget, *labels: QLabel) -> None:
    """Empty ``labels`` whenever the clerk leaves ``page`` for another place."""
    _ClearOnLeave(page, labels)
