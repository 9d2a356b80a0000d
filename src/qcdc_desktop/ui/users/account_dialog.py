"""The administrator's dialogs for one account: a new account, a password reset, a new role.

Each is given the change to make as a callable; it runs off the UI thread when OK is pressed, the
dialog accepts when it returns, and an error it raises is said in the dialog, which stays open
with what was typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...core.errors import LoginNameRefused, ValidationError, user_message
from ...core.passwords import login_problem
from ...core.roles import ROLES, Role, role_label
from ...core.users import NewAccount, User, clean_account
from ...l10n import _
from ..signin.calls import run_call
from ..signin.password_fields import NewPasswordFields
from ..widgets.field_errors import error_label, first_problem, show_error
from ..widgets.fields import type_ahead_on
from .model import describe


def role_combo(parent: QWidget, selected: Role) -> QComboBox:
    combo = type_ahead_on(QComboBox(parent))
    combo.setAccessibleName(_("Account role"))
    for role in ROLES:
        combo.addItem(role_label(role), role.value)
    combo.setCurrentIndex(combo.findData(selected.value))
    return combo


class _SavingDialog(QDialog):
    """A form whose OK runs a slow change, with its error said under the fields."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.busy = False
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.error = error_label(self)
        self.status = QLabel(_("Saving…"), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(500)

    def finish_form(self) -> None:
        """Put the error, the busy line and the buttons under the fields the subclass added."""
        self.form.addRow(self.error)
        self.form.addRow(self.status)
        self.status.hide()
        self.form.addRow(self.buttons)
        self.update_ok()

    def ready(self) -> bool:
        return True

    def update_ok(self) -> None:
        self.ok.setEnabled(not self.busy and self.ready())

    def fields(self) -> list[QWidget]:
        return []

    def submit(self) -> None:
        raise NotImplementedError

    def run(self, change: Callable[[], None]) -> None:
        show_error(self.error, "")
        self._set_busy(True)
        run_call(self, change, on_done=self._done, on_error=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in self.fields():
            widget.setEnabled(not busy)
        self.status.setVisible(busy)
        self.update_ok()

    def _done(self, _result: object) -> None:
        self._set_busy(False)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        show_error(self.error, user_message(error))
        fields = self.fields()
        if fields:
            fields[0].setFocus()

    def reject(self) -> None:
        if not self.busy:  # the change is under way: its answer comes back here
            super().reject()


class AccountDialog(_SavingDialog):
    """A new account: ``save(account, password)`` with the checked values."""

    def __init__(self, save: Callable[[NewAccount, str], None], *, unit_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Add an account"), _("Add the account"), parent)
        self._save = save
        self.account: NewAccount | None = None
        self.login = QLineEdit(self)
        self.login.setAccessibleName(_("Login name"))
        self.login.setPlaceholderText(_("e.g. lan.nt"))
        self.full_name = QLineEdit(self)
        self.full_name.setAccessibleName(_("Full name"))
        self.title = QLineEdit(self)
        self.title.setAccessibleName(_("Job title"))
        self.title.setPlaceholderText(_("e.g. Văn thư"))
        self.role = role_combo(self, Role.CLERK)
        self.errors = {key: error_label(self) for key in ("login", "full_name", "title")}
        self.form.addRow(_("&Login name:"), self.login)
        self.form.addRow("", self.errors["login"])
        self.form.addRow(_("&Full name:"), self.full_name)
        self.form.addRow("", self.errors["full_name"])
        self.form.addRow(_("&Job title:"), self.title)
        self.form.addRow("", self.errors["title"])
        self.form.addRow(_("R&ole:"), self.role)
        self.passwords = NewPasswordFields(
            self.form, lambda: (self.login.text(), self.full_name.text(), unit_name), self,
            label=_("Initial &password:"), repeat_label=_("R&epeat the password:"))
        self.passwords.new.setAccessibleName(_("Initial password"))
        self.passwords.repeat.setAccessibleName(_("Initial password again"))
        self.finish_form()
        self.login.textChanged.connect(self._login_typed)
        self.full_name.textChanged.connect(lambda _text: self.passwords.update_hints())
        self.passwords.changed.connect(self.update_ok)
        self.login.setFocus()

    def _login_typed(self, text: str) -> None:
        show_error(self.errors["login"], (login_problem(text) or "") if text else "")
        self.passwords.update_hints()

    def fields(self) -> list[QWidget]:
        return [self.login, self.full_name, self.title, self.role, self.passwords.new, self.passwords.repeat]

    def ready(self) -> bool:
        return bool(self.login.text().strip() and self.full_name.text().strip()) and self.passwords.problem() is None

    def submit(self) -> None:
        if self.busy or not self.ready():
            return
        try:
            account = clean_account(login=self.login.text().strip(), full_name=self.full_name.text(),
                                    title=self.title.text(), role=str(self.role.currentData()))
        except LoginNameRefused as error:
            show_error(self.errors["login"], user_message(error))
            self.login.setFocus()
            return
        except ValidationError as error:
            for key in ("full_name", "title"):
                show_error(self.errors[key], first_problem(error, key))
            (self.full_name if first_problem(error, "full_name") else self.title).setFocus()
            return
        for label in self.errors.values():
            show_error(label, "")
        self.account = account
        password = self.passwords.password()
        self.run(lambda: self._save(account, password))


class ResetPasswordDialog(_SavingDialog):
    """A temporary password for ``user``: ``save(password)``; they change it at the next sign-in."""

    def __init__(self, user: User, save: Callable[[str], None], *, unit_name: str = "",
                 parent: QWidget | None = None) -> None:
        if user.active:
            title, text = _("Reset the password"), _(
                "A temporary password for %(who)s. Tell it to them in person: they must choose a new one when they "
                "next sign in.")
        else:  # disabling took the account's key away; a new password brings it back
            title, text = _("Enable the account again"), _(
                "The account of %(who)s is enabled again with a temporary password. Tell it to them in person: "
                "they must choose a new one when they next sign in.")
        super().__init__(title, title, parent)
        self._save = save
        intro = QLabel(text % {"who": describe(user)}, self)
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.passwords = NewPasswordFields(self.form, lambda: (user.login, user.full_name, unit_name), self,
                                           label=_("Temporary &password:"), repeat_label=_("R&epeat the password:"))
        self.passwords.new.setAccessibleName(_("Temporary password"))
        self.passwords.repeat.setAccessibleName(_("Temporary password again"))
        self.finish_form()
        self.passwords.changed.connect(self.update_ok)
        self.passwords.new.setFocus()

    def fields(self) -> list[QWidget]:
        return [self.passwords.new, self.passwords.repeat]

    def ready(self) -> bool:
        return self.passwords.problem() is None

    def submit(self) -> None:
        if self.busy or not self.ready():
            return
        password = self.passwords.password()
        self.run(lambda: self._save(password))


class RoleDialog(_SavingDialog):
    """Another role for ``user``: ``save(role)``."""

    def __init__(self, user: User, save: Callable[[Role], None], parent: QWidget | None = None) -> None:
        super().__init__(_("Change the role"), _("Change the role"), parent)
        self._save = save
        self._current = user.role
        intro = QLabel(_("The role of %(who)s decides what they may do in the data file.") % {"who": describe(user)},
                       self)
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.role = role_combo(self, user.role)
        self.form.addRow(_("R&ole:"), self.role)
        self.finish_form()
        self.role.currentIndexChanged.connect(lambda _index: self.update_ok())
        self.role.setFocus()

    def chosen(self) -> Role:
        return Role(str(self.role.currentData()))

    def fields(self) -> list[QWidget]:
        return [self.role]

    def ready(self) -> bool:
        return self.chosen() != self._current

    def submit(self) -> None:
        if self.busy or not self.ready():
            return
        role = self.chosen()
        self.run(lambda: self._save(role))
