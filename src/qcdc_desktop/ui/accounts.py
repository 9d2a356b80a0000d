"""The signed-in person in the main window: who it is (the status bar), the Account menu (change
one's password, lock now, sign in with another account), the lock after idle time, the accounts
page for administrators, and what each role is offered.

Every check of a password and every change to the accounts runs off the UI thread: the dialogs
run their callables as jobs, and those wait on the window's database worker (``Database.call``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from ..core.roles import Operation, Role, role_label
from ..core.settings import LOCK_MINUTES, UNIT_NAME
from ..core.users import User
from ..db import access, accounts, users
from ..db.connection import Store
from ..jobs.database import Database
from ..l10n import _
from . import session
from .main_window import MainWindow
from .meetings.read_only import make_read_only
from .signin.dialog import SignInDialog
from .signin.start import change_password_of
from .signin.lock import IdleWatch, Locker
from .signin.password_dialog import ChangePasswordDialog
from .widgets.settings import read


def describe(user: User) -> str:
    """"Nguyễn Thị Lan (lan.nt)"."""
    return f"{user.full_name} ({user.login})" if user.full_name else user.login


class DatabaseAccounts:
    """The accounts page's :class:`~.users.api.AccountsApi` over the window's database worker
    (each call waits there, on the page's job thread)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def list_users(self) -> list[User]:
        found: list[User] = self.database.call(users.list_users)
        return found

    def add_user(self, login: str, full_name: str, title: str, role: Role, password: str) -> None:
        self.database.call(lambda store: accounts.add_account(store, login=login, full_name=full_name, title=title,
                                                              role=role, password=password))

    def reset_password(self, user_id: str, password: str) -> None:
        self.database.call(lambda store: accounts.reset_password(store, user_id, password))

    def set_role(self, user_id: str, role: Role) -> None:
        self.database.call(lambda store: users.set_role(store, user_id=user_id, role=role,
                                                        by=store.require(Operation.MANAGE_USERS)))

    def disable(self, user_id: str) -> None:
        self.database.call(lambda store: accounts.disable_account(store, user_id))


class WindowAccounts(QObject):
    """What the main window knows of the person signed in.  Emits :attr:`switched` with the
    account signed in instead (from the menu or the lock screen): the application then opens the
    window again as that person."""

    switched = Signal(object)  # User

    def __init__(self, window: MainWindow, database: Database, path: Path, settings: QSettings, user: User,
                 *, unit_name: str = "") -> None:
        super().__init__(window)
        self.window, self.database, self.path, self.settings = window, database, Path(path), settings
        self.user, self.unit_name = user, unit_name
        self.dialog: QDialog | None = None
        self.who = QLabel(self._who_text(), window)
        self.who.setObjectName("signed_in")
        self.who.setAccessibleName(_("Signed in"))
        window.statusBar().addPermanentWidget(self.who)
        self.watch = IdleWatch(read(settings, LOCK_MINUTES), self)
        self.locker = Locker(window, self._unlock, who=describe(user))
        self.locker.switch_user.connect(self.switch_user)
        self.locker.locked.connect(self.watch.uninstall)
        self.locker.unlocked.connect(lambda: self.watch.install())
        self.watch.idle.connect(self.lock)
        self.watch.install()
        self._build_menu()
        if session.may(Operation.MANAGE_USERS):  # the accounts place, made when first shown
            window.add_page("users", _("User accounts"), self._users_page,
                            after="settings" if "settings" in window.pages else None)

    def _users_page(self) -> QWidget:
        from .users.page import UsersPage

        return UsersPage(DatabaseAccounts(self.database), unit_name=self.unit_name, parent=self.window)

    def _who_text(self) -> str:
        return _("%(who)s — %(role)s") % {"who": describe(self.user), "role": role_label(self.user.role)}

    def _build_menu(self) -> None:
        window = self.window
        self.menu = window.menuBar().addMenu(_("&Account"))
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)
        self.change_password_action = QAction(_("&Change your password…"), window)
        self.change_password_action.triggered.connect(self.change_password)
        self.lock_action = QAction(_("&Lock now"), window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(_("Hide the window until your password is typed (Ctrl+L)"))
        self.lock_action.triggered.connect(self.lock)
        self.switch_action = QAction(_("&Sign in with another account…"), window)
        self.switch_action.triggered.connect(self.switch_user)
        for action in (self.change_password_action, self.lock_action, self.switch_action):
            self.menu.addAction(action)

    def set_lock_minutes(self, minutes: int) -> None:
        self.watch.set_minutes(minutes)

    # ----- the lock
    def lock(self) -> None:
        if self.dialog is None:
            self.locker.lock()

    def _unlock(self, password: str) -> None:
        accounts.confirm_password(self.path, self.user, password)

    # ----- one's own password
    def change_password(self) -> None:
        if self.dialog is not None:
            return

        def change(old: str, new: str) -> None:
            self.database.call(lambda store: accounts.change_own_password(store, old, new))

        dialog = ChangePasswordDialog(change, login=self.user.login, full_name=self.user.full_name,
                                      unit_name=self.unit_name, parent=self.window)
        self._open(dialog, lambda: self.window.statusBar().showMessage(_("Your password is changed."), 8000))

    # ----- another account
    def switch_user(self) -> None:
        """Sign in with another account on the same data file; the window opens again as them.
        Cancel keeps the present person (and the lock, when the window was locked)."""
        if self.dialog is not None:
            return
        before = access.unlocked(self.path)
        path = self.path

        def attempt(login: str, password: str) -> User:
            return accounts.sign_in(path, login, password)

        dialog = SignInDialog(attempt, unit_name=self.unit_name, file_name=path.name,
                              change_password=lambda user, old, new: change_password_of(path, user, old, new),
                              parent=self.window)
        dialog.setWindowTitle(_("Sign in with another account"))
        self._open(dialog, lambda: self._switch(dialog.user, before))

    def _switch(self, user: User | None, before: access.Unlocked | None) -> None:
        """``user`` signed in (the file's key is now theirs here): the window closes to open again
        as them; when it stays open (the person kept unsaved work), its person stays too."""
        if user is None:
            return
        self.switched.emit(user)
        if self.window.isVisible() and before is not None:
            access.remember(self.path, before.file_key, before.user)

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        self.dialog = dialog

        def finished(code: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            if code == QDialog.DialogCode.Accepted:
                on_accepted()

        dialog.finished.connect(finished)
        dialog.open()


def apply_roles(window: MainWindow) -> None:
    """Offer in the window's menus only what the signed-in person's role may do."""
    record = session.may(Operation.RECORD_MEETINGS)
    window.new_action.setVisible(record)
    window.new_action.setEnabled(record)
    window.delete_action.setVisible(session.may(Operation.DELETE_MEETINGS))
    window.update_meeting_actions()  # enabled when the role allows and a meeting is open
    make_read_only(window.editor, not record, mask_phones=not session.may(Operation.SEE_PHONE_NUMBERS))
    import_action = getattr(window, "register_import_action", None)
    if isinstance(import_action, QAction):
        import_action.setVisible(session.may(Operation.IMPORT_REGISTER))
        import_action.setEnabled(session.may(Operation.IMPORT_REGISTER))


def read_unit_name(store: Store) -> str:
    """The unit's name, as the sign-in window names the data file next time."""
    return store.setting(UNIT_NAME.key) or ""
