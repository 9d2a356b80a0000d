"""A data file of an earlier version (not encrypted, without accounts) made into an encrypted one
with its first administrator, before it is opened (db/convert.py): who the administrator is, the
conversion as a job, the recovery code shown once, then whether to remove the unencrypted copy
kept aside (No unless the person says so)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QProgressBar, QWidget

from ...core.errors import user_message
from ...core.filekey import new_recovery_code
from ...core.model import Unit
from ...core.users import User
from ...db.connection import open_store
from ...db.convert import convert_plain, forget_plain_copies
from ...db.setup import FirstAdmin
from ...db.units import get_unit
from ...l10n import _
from ..widgets.field_errors import error_label, show_error
from .calls import run_call
from .first_admin import FirstAdminFields
from .recovery_dialog import RecoveryCodeDialog


def convert(path: Path, admin: FirstAdmin, code: str) -> tuple[User, Unit]:
    """The conversion, off the UI thread: the administrator (signed in) and the file's unit."""
    user = convert_plain(path, admin, code)
    with open_store(path, readonly=True, check=False, upgrade=False) as store:
        return user, get_unit(store)


class ConvertDialog(QDialog):
    """Accepted once the file is encrypted, its recovery code kept and the question about the
    plain copy answered; :attr:`user` is then the administrator, signed in."""

    def __init__(self, path: Path, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.settings = Path(path), settings
        self.user: User | None = None
        self.busy = False
        self.recovery_dialog: RecoveryCodeDialog | None = None
        self.setWindowTitle(_("Encrypt the data file — QCDC Desktop"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        intro = QLabel(_("The data file %(name)s was made by an earlier version: it is not encrypted and has no "
                         "accounts. From now on only the people with an account can open it. Say who its first "
                         "administrator is; the file is then encrypted, and the unencrypted file is kept aside "
                         "until you remove it.") % {"name": self.path.name}, self)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.fields = FirstAdminFields(form, self)
        self.error = error_label(self)
        form.addRow(self.error)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        form.addRow(self.progress)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(_("&Encrypt the data file"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit = self.buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self._submit)
        self.quit.clicked.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)
        self.fields.login.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.fields.login, self.fields.full_name, self.fields.title, self.fields.password.new,
                       self.fields.password.repeat, self.ok, self.quit):
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)

    def _submit(self) -> None:
        if self.busy:
            return
        problem = self.fields.problem()
        if problem is not None:
            show_error(self.error, problem)
            self.fields.field_of_problem().setFocus()
            return
        show_error(self.error, "")
        self._set_busy(True)
        admin, code, path = self.fields.admin(), new_recovery_code(), self.path
        run_call(self, lambda: convert(path, admin, code), on_done=lambda done: self._converted(done, code),
                 on_error=self._failed)

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        show_error(self.error, user_message(error))

    def _converted(self, done: tuple[User, Unit], code: str) -> None:
        self.user, unit = done
        self.progress.hide()
        dialog = RecoveryCodeDialog(code, unit=unit, file_name=self.path.name, made_by=self.user.full_name,
                                    settings=self.settings, parent=self)
        self.recovery_dialog = dialog
        dialog.accepted.connect(self._ask_about_plain_copy)
        dialog.open()

    def _ask_about_plain_copy(self) -> None:
        self.recovery_dialog = None
        answer = QMessageBox.question(
            self, _("The unencrypted copy"),
            _("The data file is encrypted. The unencrypted file of the earlier version is kept beside it, and anyone "
              "who copies it can read it. Remove it now? (Answer No if you want to check the encrypted file first; "
              "you can remove it later with: qcdc convert --forget-plain.)"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            super().accept()
            return
        path = self.path
        run_call(self, lambda: forget_plain_copies(path), on_done=lambda _removed: super(ConvertDialog, self).accept(),
                 on_error=self._not_forgotten)

    def _not_forgotten(self, error: Exception) -> None:
        QMessageBox.warning(self, _("The unencrypted copy"), user_message(error))
        super().accept()  # the encrypted file is there and signed in: the window opens all the same

    def accept(self) -> None:
        self._submit()  # Enter in a field

    def reject(self) -> None:
        if not self.busy and self.user is None:
            super().reject()
