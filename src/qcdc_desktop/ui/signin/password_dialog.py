"""Changing one's own password: the current one (unless an administrator has just reset it), the
new one twice, the rule it breaks said as it is typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...core.errors import PasswordRefused, user_message
from ...l10n import _
from ..widgets.field_errors import error_label, show_error
from .calls import run_call
from .password_fields import NewPasswordFields, password_field


class ChangePasswordDialog(QDialog):
    """Calls ``change(old, new)`` off the UI thread when OK is pressed and accepts when it
    returns; an error it raises is said under the fields and the dialog stays open.

    With ``needs_current=False`` (the change forced after an administrator's reset) the current
    password is not asked: ``current`` is passed as the old one (the password just used to sign
    in)."""

    def __init__(self, change: Callable[[str, str], None], *, login: str = "", full_name: str = "",
                 unit_name: str = "", needs_current: bool = True, current: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change your password"))
        self._change = change
        self._names = (login, full_name, unit_name)
        self._known_current = current
        self.busy = False
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        intro = QLabel(_("Choose a new password that only you know.") if needs_current else
                       _("An administrator has reset your password. Choose a new one that only you know "
                         "before you continue."), self)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.current: QLineEdit | None = None
        if needs_current:
            self.current = password_field(self, _("Current password"))
            form.addRow(_("&Current password:"), self.current)
            self.current.textChanged.connect(self._update)
        self.fields = NewPasswordFields(form, lambda: self._names, self)
        self.fields.changed.connect(self._update)
        self.error = error_label(self)
        form.addRow(self.error)
        self.status = QLabel(self)
        self.status.hide()
        form.addRow(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Change the password"))
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(480)
        (self.current or self.fields.new).setFocus()
        self._update()

    def _old(self) -> str:
        return self.current.text() if self.current is not None else self._known_current

    def _problem(self) -> str | None:
        if self.current is not None and not self.current.text():
            return _("Type your current password.")
        problem = self.fields.problem()
        if problem is None and self._old() and self._old() == self.fields.password():
            return _("The new password must be different from the current one.")
        return problem

    def _update(self) -> None:
        self.ok.setEnabled(not self.busy and self._problem() is None)
        if self._old() and self.fields.password() == self._old():
            show_error(self.fields.hint, _("The new password must be different from the current one."))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.current, self.fields.new, self.fields.repeat):
            if widget is not None:
                widget.setEnabled(not busy)
        self.status.setText(_("Changing the password…"))
        self.status.setVisible(busy)
        self._update()

    def _submit(self) -> None:
        if self.busy or self._problem() is not None:
            return
        show_error(self.error, "")
        self._set_busy(True)
        old, new = self._old(), self.fields.password()
        run_call(self, lambda: self._change(old, new), on_done=self._done, on_error=self._failed)

    def _done(self, _result: object) -> None:
        self._set_busy(False)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        show_error(self.error, user_message(error))
        if not isinstance(error, PasswordRefused) and self.current is not None:  # the current one was wrong
            self.current.clear()
            self.current.setFocus()
        else:
            self.fields.new.setFocus()
            self.fields.new.selectAll()

    def reject(self) -> None:
        if not self.busy:  # the change is under way: its answer comes back here
            super().reject()
