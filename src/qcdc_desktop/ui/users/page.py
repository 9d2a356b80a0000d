"""The administrator's place for the office's user accounts: who may sign in, under which role.

Everything goes through an :class:`~.api.AccountsApi` given by the application; each call runs
off the UI thread and the list is read again after each change.  An account is never deleted
(its person's name stays on what they did): it is disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import user_message
from ...core.roles import role_label
from ...core.users import NewAccount, User
from ...l10n import _
from ..signin.calls import run_call
from ..widgets.messages import clear_on_leave
from .account_dialog import AccountDialog, ResetPasswordDialog, RoleDialog
from .api import AccountsApi
from .model import TITLE, UsersModel, describe


class UsersPage(QWidget):
    """The accounts in a table, with Add, Reset password, Change role and Disable/Enable as
    buttons and in the table's context menu; Enter on an account resets its password.  Enabling
    an account again gives it a new password: disabling took its key away."""

    def __init__(self, api: AccountsApi, *, unit_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.unit_name = unit_name
        self.dialog: QDialog | None = None
        self.busy = False
        self._reading = 0  # the latest read: an older answer that comes back later is dropped
        layout = QVBoxLayout(self)
        intro = QLabel(_("Each person who uses this computer signs in with their own account. An account is "
                         "never deleted: it is disabled, and what its person recorded keeps their name."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = UsersModel()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("User accounts"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)  # the longest text takes the room left
        self.table.activated.connect(lambda _index: self.reset_password())
        layout.addWidget(self.table, 1)
        self.add_action = self._action(_("Add an a&ccount…"), self.add_account)
        self.reset_action = self._action(_("&Reset the password…"), self.reset_password)
        self.role_action = self._action(_("Change the r&ole…"), self.change_role)
        self.toggle_action = self._action(_("&Disable…"), self.toggle_active)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        row = QHBoxLayout()
        self.buttons: dict[QAction, QPushButton] = {}
        for action in (self.add_action, self.reset_action, self.role_action, self.toggle_action):
            button = QPushButton(action.text(), self)
            button.clicked.connect(action.trigger)
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(_("Status"))
        layout.addWidget(self.status)
        clear_on_leave(self, self.status)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        self.table.addAction(action)
        return action

    # ----- state
    def selected(self) -> User | None:
        index = self.table.currentIndex()
        return self.model.user_at(index.row()) if index.isValid() else None

    def select(self, user_id: str) -> None:
        row = self.model.row_of(user_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _update_actions(self) -> None:
        user = self.selected()
        free = not self.busy and self.dialog is None
        self.add_action.setEnabled(free)
        for action in (self.reset_action, self.role_action, self.toggle_action):
            action.setEnabled(free and user is not None)
        self.toggle_action.setText(_("E&nable again…") if user is not None and not user.active else _("&Disable…"))
        for action, button in self.buttons.items():
            button.setText(action.text())
            button.setEnabled(action.isEnabled())

    # ----- reading
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self._reading += 1
        reading = self._reading
        run_call(self, self.api.list_users, on_done=partial(self._show, reading),
                 on_error=partial(self._read_failed, reading))

    def _show(self, reading: int, users: list[User]) -> None:
        if reading != self._reading:
            return
        kept = self.selected()
        had_focus = self.table.hasFocus()
        self.model.set_users(users)
        if kept is not None:
            self.select(kept.id)
        elif users:
            self.table.setCurrentIndex(self.model.index(0, 0))
        if had_focus:
            self.table.setFocus()

    def _read_failed(self, reading: int, error: Exception) -> None:
        if reading == self._reading:
            self.status.setText(user_message(error))

    # ----- changes
    def _open(self, dialog: QDialog, done: Callable[[], str]) -> None:
        """Show ``dialog`` (window-modal, not blocking); when it saved, say ``done()`` and read again."""
        self.dialog = dialog

        def finished(code: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            if code == QDialog.DialogCode.Accepted:
                self.status.setText(done())
                self.refresh()
            self._update_actions()
            self.table.setFocus()

        dialog.finished.connect(finished)
        self._update_actions()
        dialog.open()

    def add_account(self) -> None:
        if self.dialog is not None or self.busy:
            return

        def save(account: NewAccount, password: str) -> None:
            self.api.add_user(account.login, account.full_name, account.title, account.role, password)

        dialog = AccountDialog(save, unit_name=self.unit_name, parent=self)
        self._open(dialog, lambda: _("The account %(login)s was added.") % {
            "login": dialog.account.login if dialog.account else ""})

    def reset_password(self) -> None:
        user = self.selected()
        if user is None or self.dialog is not None or self.busy:
            return
        dialog = ResetPasswordDialog(user, partial(self.api.reset_password, user.id), unit_name=self.unit_name,
                                     parent=self)
        self._open(dialog, lambda: _("The password of %(who)s was reset; they choose a new one when they next "
                                     "sign in.") % {"who": describe(user)})

    def change_role(self) -> None:
        user = self.selected()
        if user is None or self.dialog is not None or self.busy:
            return
        dialog = RoleDialog(user, partial(self.api.set_role, user.id), parent=self)
        self._open(dialog, lambda: _("%(who)s now has the role «%(role)s».") % {
            "who": describe(user), "role": role_label(dialog.chosen())})

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None or self.dialog is not None or self.busy:
            return
        who = {"who": describe(user)}
        if not user.active:
            # Disabling took the account's key away: it comes back only with a new password.
            dialog = ResetPasswordDialog(user, partial(self.api.reset_password, user.id), unit_name=self.unit_name,
                                         parent=self)
            self._open(dialog, lambda: _("The account of %(who)s is enabled again, with a new password they change "
                                         "when they next sign in.") % who)
            return
        question = _("Disable the account of %(who)s? They can no longer sign in; what they recorded keeps "
                     "their name, and the account can be enabled again with a new password.") % who
        change, done = partial(self.api.disable, user.id), _("The account of %(who)s is disabled.") % who
        answer = QMessageBox.question(self, _("User accounts"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(change, done)

    def _run(self, change: Callable[[], None], done: str) -> None:
        self.busy = True
        self.status.setText(_("Saving…"))
        self._update_actions()
        run_call(self, change, on_done=lambda _result: self._changed(done), on_error=self._failed)

    def _changed(self, done: str) -> None:
        self.busy = False
        self.status.setText(done)
        self.refresh()
        self._update_actions()

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.status.setText("")
        self._update_actions()
        QMessageBox.warning(self, _("User accounts"), user_message(error))

