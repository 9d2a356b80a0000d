"""The buttons at the foot of a small form: Save (Alt+S, as everywhere) and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ...l10n import _


def save_cancel(dialog: QDialog, save: Callable[[], None]) -> QDialogButtonBox:
    """Save and Cancel for ``dialog``: Save (and Enter) runs ``save``, Cancel (and Esc) closes it."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons
