"""Help → Keyboard shortcuts (F1): every key of the window in the person's language.  The entries of
the menus and the window's other commands are read from the window itself as it is, so a command
added with a shortcut is listed without anything more; the keys that belong to a place or a dialog
(and the way of moving around, docs/keyboard.md) are the fixed list below."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..l10n import _
from .widgets.screen_fit import fit_to_screen


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as printed on the keyboard, several separated by " / "
    what: str
    where: str


def key_text(sequences: list[QKeySequence]) -> str:
    """``Ctrl+Y / Ctrl+Shift+Z``: the keys as the keyboard names them; of the platform's other
    spellings of a command, only those typed with Ctrl or on a function key (never a media key)."""
    return " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences if _typed(s))


def _typed(sequence: QKeySequence) -> bool:
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    return "Ctrl+" in text or re.fullmatch(r"((Shift|Alt|Meta)\+)*F\d+", text) is not None


def action_text(action: QAction) -> str:
    """The action's name as the menu shows it, without the underlined letter's mark."""
    return action.text().replace("&&", "\x00").replace("&", "").replace("\x00", "&").strip()


def fixed_shortcuts() -> list[Shortcut]:
    """The keys that belong to a place, a form or a dialog, and the way of moving around."""
    everywhere, lists = _("Everywhere"), _("Lists of meetings, opinions, tasks")
    entry, records = _("Meeting entry"), _("Opinions and conclusions of the meeting entry")
    return [
        Shortcut("Tab / Shift+Tab", _("Next / previous field, button or table; Tab leaves a table at once"),
                 everywhere),
        Shortcut(_("Arrow keys, Home, End, Page Up, Page Down"), _("Move inside a table or a list"), everywhere),
        Shortcut(_("Alt + underlined letter"), _("The field, button or menu with that letter"), everywhere),
        Shortcut("Enter", _("Go into the page of the place chosen in the places list"), _("Places list")),
        Shortcut("Esc", _("Close a dialog without doing anything; the focus goes back where it was"), everywhere),
        Shortcut("Ctrl+F", _("Search the list"), lists),
        Shortcut("Enter", _("Open the meeting of the selected row"), lists),
        Shortcut("Esc", _("Clear the search"), lists),
        Shortcut("Alt+1 / Alt+2 / Alt+3", _("The tab Meeting, Opinions or Conclusions"), entry),
        Shortcut("Ctrl+S", _("Save the meeting"), entry),
        Shortcut("Ctrl+W", _("Close the meeting"), entry),
        Shortcut("Enter", _("In the form: add the record typed (or update the one corrected) and start the next"), records),
        Shortcut("Shift+Enter", _("New line in a text box"), records),
        Shortcut("Enter", _("In the table: bring the selected row back into the form to correct it"), records),
        Shortcut("Delete", _("In the table: remove the selected row"), records),
        Shortcut("Ctrl+Enter", _("Make the report"), _("Reports and statistics")),
        Shortcut("Ctrl+P", _("Print the document"), _("Documents of the meeting")),
        Shortcut("Ctrl+Shift+S", _("Save the document as a PDF file"), _("Documents of the meeting")),
        Shortcut("Page Up / Page Down", _("Previous / next page"), _("Preview before printing")),
        Shortcut("Ctrl++ / Ctrl+-", _("Zoom in / out"), _("Preview before printing")),
    ]


def window_shortcuts(window: QWidget) -> list[Shortcut]:
    """The window's commands that have keys (its menus' entries first, then the others), then the
    fixed keys."""
    where = _("Main window")
    found: list[Shortcut] = []
    seen: set[int] = set()
    in_menus = [a for menu in window.findChildren(QMenu) for a in menu.actions()]
    for action in [*in_menus, *window.actions(), *window.findChildren(QAction)]:
        keys = key_text(action.shortcuts())
        if id(action) in seen or not keys or not action.isVisible() or not action_text(action):
            continue
        seen.add(id(action))
        found.append(Shortcut(keys, action_text(action), where))
    return [*found, *fixed_shortcuts()]


class ShortcutsDialog(QDialog):
    """The table of ``shortcuts``: keys, what they do, where."""

    def __init__(self, shortcuts: list[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        note = QLabel(_("F6 moves between the places list and the page; Tab and Shift+Tab move from one "
                        "field, button or table to the next; the arrow keys move inside a table."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(shortcuts), 3, self)
        self.table.setHorizontalHeaderLabels([_("Keys"), _("What it does"), _("Where")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        for row, shortcut in enumerate(shortcuts):
            for column, text in enumerate((shortcut.keys, shortcut.what, shortcut.where)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_to_screen(self, 900, 560)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table lists, row by row (keys, what, where)."""
        return [(self._text(row, 0), self._text(row, 1), self._text(row, 2)) for row in range(self.table.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
