"""The buttons at the foot of a small form: Save (Alt+S, as everywhere) and Cancel; and a button
with a shortcut of its own beside its underlined letter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox

from ...l10n import _


def save_cancel(dialog: QDialog, save: Callable[[], None]) -> QDialogButtonBox:
    """Save and Cancel for ``dialog``: Save (and Enter) runs ``save``, Cancel (and Esc) closes it."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def add_shortcut(button: QAbstractButton, *keys: QKeySequence | QKeySequence.StandardKey | str) -> list[QShortcut]:
    """Give ``button`` the shortcut ``keys`` besides its underlined letter, and show the first on
    the button: "In… (Ctrl+P)".  (A button holds one shortcut only: set on the button, a shortcut
    would take the place of its Alt+letter.)  The shortcut works while the button is shown and
    enabled, anywhere in its window."""
    made: list[QShortcut] = []
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), button)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda b=button: b.animateClick() if b.isEnabled() else None)
        made.append(shortcut)
    shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
    button.setText(f"{button.text()} ({shown})")
    return made
