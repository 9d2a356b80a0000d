"""Installing the history in the window: Ctrl+H and Edit → History of the selected record (also in
the context menu of every table of records) open the History panel of the record in front of the
person; the administrator and the leader also get the History place (Ctrl+Shift+H)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QWidget

from ...core.roles import Operation
from ...jobs.database import Database
from ...l10n import _
from .. import session
from ..main_window import MainWindow

if TYPE_CHECKING:
    from .panel import HistoryDialog, HistoryTarget


def target_of(page: QWidget | None) -> HistoryTarget | None:
    """The record whose history the place in front of the person offers (its selected row)."""
    finder = getattr(page, "history_target", None)
    if finder is None:
        return None
    from .panel import HistoryTarget  # a place that has records has made it already

    found = finder()
    return found if isinstance(found, HistoryTarget) else None


def install_history(window: MainWindow, database: Database, db_path: Path, settings: QSettings) -> None:
    """Ctrl+H and its menu entries on every place that shows records (made now or later), and the
    History place when the signed-in person's role may read the whole history (``read_history``),
    made when first shown."""
    action = QAction(_("&History of the selected record…"), window)
    action.setShortcut(QKeySequence("Ctrl+H"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(_("Who changed the selected meeting, opinion or task, what and when (Ctrl+H)"))
    window.edit_menu.addSeparator()
    window.edit_menu.addAction(action)
    window.history_action = action
    dialogs: list[HistoryDialog] = []

    def show() -> None:
        target = target_of(window.stack.currentWidget())
        if target is None:
            window.statusBar().showMessage(_("Select a meeting, an opinion or a task to see its history."), 6000)
            return
        from .panel import HistoryDialog

        dialog = HistoryDialog(database, target, window)
        dialogs.append(dialog)

        def finished(_code: int, done: HistoryDialog = dialog) -> None:
            dialogs.remove(done)
            done.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    action.triggered.connect(show)

    def offer_in(page: QWidget) -> None:
        for table in _record_tables(page):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            table.addAction(action)

    for page in window.pages.built():
        offer_in(page)
    window.place_built.connect(lambda _key, page: offer_in(page))
    if session.may(Operation.READ_HISTORY):

        def build() -> QWidget:
            from .place import HistoryPlace

            place = HistoryPlace(db_path, settings, parent=window)
            database.changed.connect(place.refresh)
            return place

        # After the entry form, which keeps its Ctrl+9; the place has Ctrl+Shift+H of its own.
        after = next((key for key in ("editor", "sync", "reports") if key in window.pages), None)
        window.add_page("history", _("History"), build, after=after)
        go = QAction(_("Go to the Hi&story place"), window)
        go.setShortcut(QKeySequence("Ctrl+Shift+H"))
        go.triggered.connect(lambda: window.show_page("history"))
        window.edit_menu.addAction(go)
        window.history_place_action = go


def _record_tables(page: QWidget) -> list[QAbstractItemView]:
    """The tables of a place whose rows have a history (its records)."""
    if getattr(page, "history_target", None) is None:
        return []
    tables = getattr(page, "history_tables", None)
    if callable(tables):
        found = tables()
        return [t for t in found if isinstance(t, QAbstractItemView)]
    return []
