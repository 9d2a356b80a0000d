"""The document dialog's row of actions, each with its underlined letter and its shortcut shown, and
the notice's choice of how it gives the opinions."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QDialog, QPushButton

from ...l10n import _
from ..widgets.buttons import add_shortcut
from ..widgets.flow import FlowBar


def action_buttons(dialog: QDialog) -> tuple[QPushButton, QPushButton, QPushButton, QPushButton, QPushButton,
                                             FlowBar]:
    """Issue, Print, Save as PDF, Save as Word, Record the publication, and Close (which rejects
    ``dialog``), in a row that goes on to a second line when the dialog is narrow (150 % on a
    laptop screen); the caller connects the first five."""
    issue = QPushButton(_("&Issue a number"), dialog)
    print_ = QPushButton(_("&Print…"), dialog)
    add_shortcut(print_, QKeySequence.StandardKey.Print)
    print_.setToolTip(_("Print on a printer (Ctrl+P)"))
    save = QPushButton(_("&Save as PDF…"), dialog)
    add_shortcut(save, "Ctrl+Shift+S")
    save.setToolTip(_("Save the document as a PDF file (Ctrl+Shift+S)"))
    word = QPushButton(_("Save as &Word…"), dialog)
    add_shortcut(word, "Ctrl+Shift+W")
    word.setToolTip(_("Save the document as a Word file, to adjust the wording before it is signed (Ctrl+Shift+W)"))
    record = QPushButton(_("Record the p&ublication…"), dialog)
    record.setToolTip(_("After posting the public version: record how and when the results were made public "
                        "(Alt+U)"))
    close = QPushButton(_("Close"), dialog)
    close.clicked.connect(dialog.reject)
    row = FlowBar(dialog)
    for button in (issue, print_, save, word, record, close):
        row.add(button)
    return issue, print_, save, word, record, row


def summary_box(dialog: QDialog) -> QCheckBox:
    """Checked: the notice summarises the opinions field by field with the answers; unchecked: it
    counts them per field."""
    box = QCheckBox(_("Summarise the opinions by &field, with the answers given"), dialog)
    box.setToolTip(_("Checked: what was raised in each field and the answer given, without the names of those who "
                     "spoke. Unchecked: only how many opinions each field had."))
    return box
