"""The main window's menus: File (new and delete a meeting, quit), Edit (undo, redo), Go (the
places, filled as they are added: ui/main_window.add_page) and Help (the keys, about)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from ..l10n import _

if TYPE_CHECKING:
    from .main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Make the menus and their actions on ``window`` (kept as its attributes: the places and the
    tests reach them there)."""
    window.file_menu = window.menuBar().addMenu(_("&File"))
    window.new_action = QAction(_("&New meeting"), window)
    window.new_action.setShortcut(QKeySequence.StandardKey.New)
    window.new_action.setToolTip(_("Type in a new meeting (Ctrl+N)"))
    window.new_action.triggered.connect(window.new_meeting)
    window.file_menu.addAction(window.new_action)
    window.delete_action = QAction(_("De&lete this meeting…"), window)
    window.delete_action.triggered.connect(window.delete_edited)
    window.file_menu.addAction(window.delete_action)
    window.file_menu.addSeparator()
    quit_action = QAction(_("&Quit"), window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)
    window.file_menu.addAction(quit_action)
    window.edit_menu = window.menuBar().addMenu(_("&Edit"))
    undo = window.undo_stack.createUndoAction(window, _("&Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.undo_stack.createRedoAction(window, _("&Redo"))
    redo.setShortcuts(QKeySequence.StandardKey.Redo)  # Ctrl+Y and Ctrl+Shift+Z
    window.edit_menu.addAction(undo)
    window.edit_menu.addAction(redo)
    window.undo_action, window.redo_action = undo, redo
    window.go_menu = window.menuBar().addMenu(_("&Go"))  # the places, filled by add_page
    window.help_menu = window.menuBar().addMenu(_("&Help"))
    window.shortcuts_action = QAction(_("&Keyboard shortcuts"), window)
    window.shortcuts_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
    window.shortcuts_action.triggered.connect(window.show_shortcuts)
    window.help_menu.addAction(window.shortcuts_action)
    about = QAction(_("&About QCDC Desktop"), window)
    about.triggered.connect(window.about)
    window.help_menu.addAction(about)
