"""Signing in at the shared computer of the office: login name and password.

The check itself (``attempt``) is given by the application and runs off the UI thread: hashing
a password takes a noticeable moment, and the window stays responsive meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import user_message
from ...core.users import User
from ...l10n import _
from ..widgets.field_errors import error_label, show_error
from .calls import run_call
from .password_dialog import ChangePasswordDialog
from .password_fields import password_field


class SignInDialog(QDialog):
    """Accepts once ``attempt(login, password)`` returned a :class:`User` (then in :attr:`user`)
    and, for an account whose password an administrator reset, once the person has chosen a new
    one through ``change_password(user, old, new)``.  An error ``attempt`` raises is said under
    the fields; the password is cleared, the login kept."""

    def __init__(self, attempt: Callable[[str, str], User], *, unit_name: str, file_name: str,
                 change_password: Callable[[User, str, str], None] | None = None, login: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sign in — QCDC Desktop"))
        self.user: User | None = None
        self.change_dialog: ChangePasswordDialog | None = None
        self._attempt = attempt
        self._change_password = change_password
        self._unit_name = unit_name
        self.busy = False
        layout = QVBoxLayout(self)
        self.unit = QLabel(unit_name, self)
        self.unit.setObjectName("unit")
        font = self.unit.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.unit.setFont(font)
        self.unit.setWordWrap(True)
        self.unit.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.unit)
        self.file = QLabel(_("Data file: %(name)s") % {"name": file_name}, self)
        self.file.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.file.setWordWrap(True)
        layout.addWidget(self.file)
        layout.addSpacing(8)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.login = QLineEdit(login, self)
        self.login.setAccessibleName(_("Login name"))
        self.password = password_field(self, _("Password"))
        form.addRow(_("&Login name:"), self.login)
        form.addRow(_("&Password:"), self.password)
        layout.addLayout(form)
        self.error = error_label(self)
        self.error.setAccessibleName(_("Sign-in problem"))
        layout.addWidget(self.error)
        self.status = QLabel(_("Checking the password…"), self)
        self.status.hide()
        layout.addWidget(self.status)
        self.forgot = QPushButton(_("&Forgot your password?"), self)
        self.forgot.setFlat(True)
        self.forgot.setAutoDefault(False)
        self.forgot.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot.clicked.connect(self._show_forgot)
        layout.addWidget(self.forgot, 0, Qt.AlignmentFlag.AlignLeft)
        self.forgot_note = QLabel(self)
        self.forgot_note.setWordWrap(True)
        self.forgot_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.forgot_note.hide()
        layout.addWidget(self.forgot_note)
        buttons = QDialogButtonBox(self)
        self.sign_in = buttons.addButton(_("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit = buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in.setDefault(True)
        self.sign_in.clicked.connect(self._submit)
        self.quit.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        (self.password if login else self.login).setFocus()

    # ----- forgotten password
    def _show_forgot(self) -> None:
        self.forgot_note.setText(_("Ask an administrator of the office to reset your password. An administrator "
                                   "who cannot sign in can open the data file with its recovery code: "
                                   "qcdc unlock."))
        self.forgot_note.show()

    # ----- signing in
    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.login, self.password, self.sign_in, self.forgot):
            widget.setEnabled(not busy)
        self.status.setVisible(busy)

    def _submit(self) -> None:
        if self.busy:
            return
        login, password = self.login.text().strip(), self.password.text()
        if not login:
            self._refuse(_("Type your login name."), self.login)
            return
        if not password:
            self._refuse(_("Type your password."), self.password)
            return
        show_error(self.error, "")
        self._set_busy(True)
        run_call(self, lambda: self._attempt(login, password),
                 on_done=lambda user: self._signed_in(user, password), on_error=self._failed)

    def _refuse(self, message: str, field: QLineEdit) -> None:
        show_error(self.error, message)
        field.setFocus()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        self.password.clear()
        self._refuse(user_message(error), self.password)

    def _signed_in(self, user: User, password: str) -> None:
        self._set_busy(False)
        if user.must_change_password:
            self._ask_new_password(user, password)
            return
        self.user = user
        self.accept()

    def _ask_new_password(self, user: User, password: str) -> None:
        change = self._change_password
        if change is None:
            raise RuntimeError("an account that must change its password needs change_password")
        dialog = ChangePasswordDialog(lambda old, new: change(user, old, new), login=user.login,
                                      full_name=user.full_name, unit_name=self._unit_name, needs_current=False,
                                      current=password, parent=self)
        self.change_dialog = dialog

        def finished(code: int) -> None:
            self.change_dialog = None  # the dialog itself goes with this one
            if code == QDialog.DialogCode.Accepted:
                self.user = user
                self.accept()
            else:
                self.password.clear()
                self._refuse(_("Choose a new password to finish signing in."), self.password)

        dialog.finished.connect(finished)
        dialog.open()

    def reject(self) -> None:
        if not self.busy:
            super().reject()
