"""A problem with a field is shown under the field, in the person's language, in red."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ...core.errors import ValidationError


def error_label(parent: QWidget) -> QLabel:
    """A label for the problem with a field; hidden while there is none."""
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def first_problem(error: ValidationError, key: str) -> str:
    """The message of the first problem with field ``key`` (a problem's path starts with it)."""
    return next((p.message for p in error.problems if p.path[:1] == (key,)), "")
