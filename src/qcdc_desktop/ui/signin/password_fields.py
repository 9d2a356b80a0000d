"""A new password typed twice, with the rule it breaks said under it as it is typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QSizePolicy, QWidget

from ...core.passwords import password_problem
from ...l10n import _
from ..widgets.field_errors import error_label, show_error


def password_field(parent: QWidget, accessible_name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


class NewPasswordFields(QObject):
    """The two fields of a new password in a form; :meth:`problem` says what is wrong (None: the
    password may be used).  ``names()`` gives the login, full name and unit name the password
    must not be made from; it is asked again at each keystroke (a form may still be typing them)."""

    changed = Signal()

    def __init__(self, form: QFormLayout, names: Callable[[], tuple[str, str, str]], parent: QWidget,
                 *, label: str = "", repeat_label: str = "") -> None:
        super().__init__(parent)  # the fields go into the caller's form
        self._names = names
        self.new = password_field(parent, _("New password"))
        self.repeat = password_field(parent, _("New password again"))
        self.hint = error_label(parent)
        self.mismatch = error_label(parent)
        for said in (self.hint, self.mismatch):  # a sentence takes the field's width, not a word's
            said.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            said.setMinimumWidth(260)
        form.addRow(label or _("&New password:"), self.new)
        form.addRow("", self.hint)
        form.addRow(repeat_label or _("&Repeat the new password:"), self.repeat)
        form.addRow("", self.mismatch)
        self.new.textChanged.connect(self.update_hints)
        self.repeat.textChanged.connect(self.update_hints)

    def password(self) -> str:
        return self.new.text()

    def rule_problem(self) -> str | None:
        login, full_name, unit_name = self._names()
        return password_problem(self.new.text(), login=login, full_name=full_name, unit_name=unit_name)

    def problem(self) -> str | None:
        if not self.new.text():
            return _("Type the new password.")
        rule = self.rule_problem()
        if rule is not None:
            return rule
        if self.repeat.text() != self.new.text():
            return _("The two new passwords are not the same.")
        return None

    def update_hints(self) -> None:
        show_error(self.hint, (self.rule_problem() or "") if self.new.text() else "")
        different = bool(self.repeat.text()) and self.repeat.text() != self.new.text()
        show_error(self.mismatch, _("The two new passwords are not the same.") if different else "")
        self.changed.emit()

    def clear(self) -> None:
        self.new.clear()
        self.repeat.clear()
