"""The entry form for a person who may only read (a viewer): the meeting shown, nothing offered
to change it, and the opinions' phone numbers masked as ``core.roles`` says a viewer sees them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QPushButton

from ...core.roles import mask_phone

if TYPE_CHECKING:
    from .meeting_editor import MeetingEditor


def shown_opinion(opinion: dict[str, Any], masked: bool) -> dict[str, Any]:
    """The opinion as the form shows it: its phone masked for a viewer."""
    if not masked or not opinion.get("phone"):
        return opinion
    return {**opinion, "phone": mask_phone(str(opinion["phone"]))}


def make_read_only(editor: MeetingEditor, read_only: bool, *, mask_phones: bool) -> None:
    """Texts become read-only (still selectable, still reached with Tab), choices and the buttons
    that change the meeting go; Close stays."""
    editor.read_only, editor.mask_phones = read_only, mask_phones
    if not read_only:
        return
    for field in editor.findChildren(QLineEdit):
        field.setReadOnly(True)
    for text in editor.findChildren(QPlainTextEdit):
        text.setReadOnly(True)
    for spin in editor.findChildren(QAbstractSpinBox):
        spin.setReadOnly(True)
    for combo in editor.findChildren(QComboBox):
        combo.setEnabled(False)
    for button in editor.findChildren(QAbstractButton):
        if isinstance(button, QPushButton):
            button.setVisible(button is editor.close_button)
        else:
            button.setEnabled(False)  # check boxes
