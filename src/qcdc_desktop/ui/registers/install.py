"""«Import an Excel register…» in the File menu of the main window."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from ...jobs.database import Database
from ...l10n import _
from ..main_window import MainWindow


def install_register_import(window: MainWindow, database: Database, settings: QSettings) -> QAction:
    """"Import an Excel register…" in the File menu, before Quit."""
    action = QAction(_("Import an &Excel register…"), window)
    action.setToolTip(_("Add the meetings and opinions of a register kept in Excel"))

    def open_dialog() -> None:
        from .import_dialog import RegisterImportDialog  # made when asked for, not at every start

        dialog = RegisterImportDialog(database, settings, window)
        dialog.exec()
        dialog.deleteLater()

    action.triggered.connect(open_dialog)
    actions = window.file_menu.actions()
    quit_separator = next((a for a in reversed(actions) if a.isSeparator()), None)
    if quit_separator is None:
        window.file_menu.addAction(action)
    else:
        window.file_menu.insertAction(quit_separator, action)
    window.register_import_action = action
    return action
