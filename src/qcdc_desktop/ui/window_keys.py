"""Moving between the two areas of the main window from the keyboard: the list of places on the left
and the page of the place chosen.  F6 and Shift+F6 go from one to the other (Ctrl+Tab and
Ctrl+Shift+Tab too, except inside a page with tabs of its own, where they turn its tabs); Enter on a
place goes into its page.  In the page the focus lands on its list when it shows rows, else on its
first field; the meeting entry form puts it where typing continues."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QTabBar,
    QTabWidget,
    QWidget,
)

from ..l10n import _
from .meetings.meeting_editor import MeetingEditor

if TYPE_CHECKING:
    from .main_window import MainWindow


def focus_stops(page: QWidget) -> list[QWidget]:
    """The widgets of ``page`` that Tab stops on, in Tab order."""
    stops: list[QWidget] = []
    widget: QWidget | None = page.nextInFocusChain()  # the chain is a ring: None only if broken
    while widget is not None and widget is not page and widget not in stops:
        if page.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() \
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def first_stop(page: QWidget) -> QWidget | None:
    """Where the focus lands in ``page``: its first list that shows rows, else its first field (not
    a button, not a row of tabs), else whatever Tab reaches first there."""
    stops = focus_stops(page)
    for widget in stops:
        if isinstance(widget, QAbstractItemView) and widget.model() is not None \
                and widget.model().rowCount(widget.rootIndex()) > 0:
            return widget
    fields = [w for w in stops if not isinstance(w, (QAbstractButton, QTabBar, QAbstractItemView))]
    found = fields or stops
    return found[0] if found else None


class AreaKeys:
    """F6 / Shift+F6 and Ctrl+Tab / Ctrl+Shift+Tab for ``window``; Enter on a place enters it."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.next_action = self._action(_("Next area (places list, page)"), ["F6"], self.next_area)
        self.previous_action = self._action(_("Previous area (places list, page)"), ["Shift+F6"], self.next_area)
        self.tab_action = self._action(_("Next area, or the next tab of a page with tabs"), ["Ctrl+Tab"],
                                       lambda: self._ctrl_tab(1))
        self.back_tab_action = self._action(_("Previous area, or the previous tab of a page with tabs"),
                                            ["Ctrl+Shift+Tab"], lambda: self._ctrl_tab(-1))
        window.nav.itemActivated.connect(lambda _item: self.enter_page())

    def _action(self, text: str, keys: list[str], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def in_places(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is self.window.nav

    def next_area(self) -> None:
        """With two areas, the next and the previous are the same: the other one."""
        if self.in_places():
            self.enter_page()
        else:
            self.window.nav.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def enter_page(self) -> None:
        page = self.window.stack.currentWidget()
        if page is None:
            return
        if isinstance(page, MeetingEditor):
            page.go_to_tab(page.tabs.currentIndex())  # where typing continues
            return
        target = first_stop(page)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _ctrl_tab(self, step: int) -> None:
        tabs = self._tabs_around_focus()
        if tabs is None or tabs.count() < 2:
            self.next_area()
            return
        tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())

    def _tabs_around_focus(self) -> QTabWidget | None:
        widget = QApplication.focusWidget()
        while widget is not None and widget is not self.window:
            if isinstance(widget, QTabWidget):
                return widget
            widget = widget.parentWidget()
        return None
