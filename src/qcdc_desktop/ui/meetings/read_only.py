"""The entry form when what it shows may not be changed here: for a person who may only read (a
viewer), and at the upper level for a commune's meeting, which only the commune changes.

Texts become read-only (still selectable, still reached with Tab), choices and the buttons that
change the meeting go, Close stays; nothing typed makes the meeting "not saved", so closing asks
nothing.  A commune's meeting says so from the moment it opens, in a band above the form naming
the commune, and offers there what the upper level does write: a reply to one of its opinions, a
directive to the commune.  A viewer sees the opinions' phone numbers masked as ``core.roles`` says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.roles import mask_phone
from ...db.units import office_label, office_name
from ...l10n import _

if TYPE_CHECKING:
    from .meeting_editor import MeetingEditor


def shown_opinion(opinion: dict[str, Any], masked: bool) -> dict[str, Any]:
    """The opinion as the form shows it: its phone masked for a viewer."""
    if not masked or not opinion.get("phone"):
        return opinion
    return {**opinion, "phone": mask_phone(str(opinion["phone"]))}


def banner_text(code: str) -> str:
    """Why a commune's meeting is only shown at the upper level, and what can be done from it."""
    return _("A meeting of %(office)s, recorded and sent up by the commune. The upper level reads it and does "
             "not change a commune's data: only %(name)s can. You can reply to an opinion or send the commune "
             "a directive.") % {"office": office_label(code), "name": office_name(code)}


class OfficeBanner(QFrame):
    """The band above a commune's meeting: whose it is, why it cannot be changed, and the replies
    and directives the upper level writes instead."""

    reply_requested = Signal()
    directive_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("office-banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # A pale yellow band with dark text: read as a note, not as an error.
        self.setStyleSheet("#office-banner { background: #fff8e1; border: 1px solid #e0c36a; border-radius: 3px; }"
                           "#office-banner QLabel { color: #3e2f00; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reply_button = QPushButton(_("Reply to the &opinion…"), self)
        self.reply_button.setToolTip(_("Reply to the opinion chosen on the Opinions tab; the reply goes down to "
                                       "the commune with its next bundle"))
        self.reply_button.clicked.connect(self.reply_requested)
        self.directive_button = QPushButton(_("Send a &directive to the commune…"), self)
        self.directive_button.setToolTip(_("A directive to this commune about this meeting; it goes down with its "
                                           "next bundle"))
        self.directive_button.clicked.connect(self.directive_requested)
        # The sentence across the band, the buttons under it at the right: the band never makes
        # the form wider than the window.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.reply_button, self.directive_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.hide()

    def show_office(self, code: str | None, *, may_write: bool) -> None:
        """Show the band for the commune ``code`` (None: hide it); its buttons when the person
        may write replies and directives."""
        self.setVisible(code is not None)
        if code is None:
            return
        self.text.setText(banner_text(code))
        self.reply_button.setVisible(may_write)
        self.directive_button.setVisible(may_write)


_HINT = "qcdc-hint"  # where a field's typing hint waits while the form is read-only


def lock_fields(editor: MeetingEditor, locked: bool) -> None:
    """Make the form read-only (``locked``) or editable again: texts read-only, choices and check
    boxes disabled, the buttons that change the meeting hidden (Close and the band's stay)."""
    for field in editor.findChildren(QLineEdit):
        field.setReadOnly(locked)
        # A hint to type ("hh:mm", "empty for the whole commune") says nothing in a field that is read.
        if locked and field.placeholderText():
            field.setProperty(_HINT, field.placeholderText())
            field.setPlaceholderText("")
        elif not locked and field.property(_HINT):
            field.setPlaceholderText(str(field.property(_HINT)))
    for text in editor.findChildren(QPlainTextEdit):
        text.setReadOnly(locked)
    for spin in editor.findChildren(QAbstractSpinBox):
        spin.setReadOnly(locked)
        spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons if locked
                              else QAbstractSpinBox.ButtonSymbols.UpDownArrows)
    for combo in editor.findChildren(QComboBox):
        combo.setEnabled(not locked)
    kept = (editor.close_button, editor.banner.reply_button, editor.banner.directive_button)
    for button in editor.findChildren(QAbstractButton):
        if isinstance(button, QPushButton):
            if button not in kept:
                button.setVisible(not locked)
        else:
            button.setEnabled(not locked)  # check boxes
    for records in (editor.opinions, editor.tasks):
        records.locked = locked


def make_read_only(editor: MeetingEditor, read_only: bool, *, mask_phones: bool) -> None:
    """The form for a person who may only read (``read_only``): every meeting is shown, none changed."""
    editor.viewer, editor.mask_phones = read_only, mask_phones
    editor.apply_lock()
