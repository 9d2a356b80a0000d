"""Asking why, before a deletion or a cancellation: the history keeps the reason with what was
removed (docs/history.md).  The question is the confirmation: the button that does it stays off
until a reason is typed, and Esc or Cancel does nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core.history import MAX_REASON, clean_reason
from ...l10n import _, ngettext


class ReasonDialog(QDialog):
    """``question`` above a line for the reason; ``action`` names the button that does it."""

    def __init__(self, parent: QWidget | None, title: str, question: str, action: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reason_dialog")
        layout = QVBoxLayout(self)
        label = QLabel(question)
        label.setWordWrap(True)
        layout.addWidget(label)
        prompt = QLabel(_("&Reason (kept in the history):"))
        layout.addWidget(prompt)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(_("e.g. recorded twice by mistake"))
        prompt.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(clean_reason(text))))
        self.resize(max(self.sizeHint().width(), 460), self.sizeHint().height())

    def accept(self) -> None:
        if clean_reason(self.reason.text()):
            super().accept()

    def text(self) -> str:
        return clean_reason(self.reason.text())


def ask_reason(parent: QWidget | None, title: str, question: str, action: str) -> str | None:
    """The reason typed, or None when the person changed their mind."""
    dialog = ReasonDialog(parent, title, question, action)
    try:
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_why_opinions_go(parent: QWidget | None, removed: int) -> str | None:
    """Before a meeting is saved without ``removed`` of its stored opinions: why (None: not saved)."""
    return ask_reason(parent, _("Delete opinions"),
                      ngettext("%(n)d opinion was taken out of the meeting and will be deleted when it is "
                               "saved. What the citizen said stays in the history with the reason.",
                               "%(n)d opinions were taken out of the meeting and will be deleted when it "
                               "is saved. What the citizens said stays in the history with the reason.",
                               removed) % {"n": removed}, _("&Save and delete"))
