"""Signing in, changing one's password and the lock after idle time, driven from the keyboard
with fake callables in place of the accounts of the data file."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMainWindow, QStackedWidget, QToolBar, QVBoxLayout, QWidget

from qcdc_desktop.core.errors import PasswordRefused, QcdcError, WrongSecret
from qcdc_desktop.core.passwords import wait_message
from qcdc_desktop.core.roles import Role
from qcdc_desktop.core.users import User
from qcdc_desktop.ui.signin.dialog import SignInDialog
from qcdc_desktop.ui.signin.lock import IdleWatch, Locker, LockScreen
from qcdc_desktop.ui.signin.password_dialog import ChangePasswordDialog

GOOD = "May trang bay 7 nui"  # typed with QTest: ASCII only
NEW = "Song Hong do phu sa 9"


def a_user(*, must_change: bool = False) -> User:
    return User(id="u1", login="lan.nt", full_name="Nguyễn Thị Lan", title="Văn thư", role=Role.CLERK, active=True,
                must_change_password=must_change, created_at=dt.datetime(2026, 1, 5, 8, 0))


class FakeAccounts:
    """Signs in ``lan.nt`` with GOOD; records every call and the thread it ran on."""

    def __init__(self, *, must_change: bool = False, error: QcdcError | None = None) -> None:
        self.must_change = must_change
        self.error = error
        self.attempts: list[tuple[str, str]] = []
        self.changes: list[tuple[str, str, str]] = []
        self.threads: set[int] = set()

    def attempt(self, login: str, password: str) -> User:
        self.threads.add(threading.get_ident())
        self.attempts.append((login, password))
        if self.error is not None:
            raise self.error
        if (login, password) != ("lan.nt", GOOD):
            raise WrongSecret("Tên đăng nhập hoặc mật khẩu không đúng.")
        return a_user(must_change=self.must_change)

    def change(self, user: User, old: str, new: str) -> None:
        self.threads.add(threading.get_ident())
        self.changes.append((user.login, old, new))


def _dialog(qtbot, accounts: FakeAccounts, **kwargs) -> SignInDialog:
    dialog = SignInDialog(accounts.attempt, unit_name="Xã An Bình", file_name="qcdc.db",
                          change_password=accounts.change, **kwargs)
    qtbot.addWidget(dialog)
    _show(qtbot, dialog)
    return dialog


def _show(qtbot, widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5000)


def _sign_in(qtbot, dialog: SignInDialog, login: str, password: str) -> None:
    dialog.login.setFocus()
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    assert dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_the_dialog_shows_the_office_and_the_data_file(qtbot) -> None:
    dialog = _dialog(qtbot, FakeAccounts())
    assert dialog.unit.text() == "Xã An Bình"
    assert "qcdc.db" in dialog.file.text()
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.sign_in.isDefault() and dialog.sign_in.text() == "Đăng nhập"
    assert dialog.login.accessibleName() == "Tên đăng nhập" and dialog.password.accessibleName() == "Mật khẩu"


def test_a_wrong_password_is_said_and_cleared_and_the_login_kept(qtbot) -> None:
    accounts = FakeAccounts()
    dialog = _dialog(qtbot, accounts)
    _sign_in(qtbot, dialog, "lan.nt", "khong phai no")
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert dialog.password.text() == "" and dialog.login.text() == "lan.nt"
    assert dialog.password.hasFocus() and dialog.isVisible() and dialog.user is None
    assert threading.get_ident() not in accounts.threads  # the check ran off the UI thread


def test_the_right_password_signs_in(qtbot) -> None:
    accounts = FakeAccounts()
    dialog = _dialog(qtbot, accounts)
    _sign_in(qtbot, dialog, "lan.nt", "sai")
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    qtbot.keyClicks(dialog.password, GOOD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Enter)
    assert dialog.user is not None and dialog.user.login == "lan.nt"
    assert accounts.attempts == [("lan.nt", "sai"), ("lan.nt", GOOD)]


def test_the_wait_after_wrong_passwords_is_said(qtbot) -> None:
    waiting = WrongSecret(wait_message(dt.timedelta(seconds=90)))
    dialog = _dialog(qtbot, FakeAccounts(error=waiting), login="lan.nt")
    assert dialog.password.hasFocus()  # the login is known: the password is asked
    qtbot.keyClicks(dialog.password, GOOD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == wait_message(dt.timedelta(seconds=90))
    assert "1 phút 30 giây" in dialog.error.text()


def test_an_empty_login_is_asked_for_without_a_call(qtbot) -> None:
    accounts = FakeAccounts()
    dialog = _dialog(qtbot, accounts)
    qtbot.keyClick(dialog.login, Qt.Key.Key_Return)
    assert dialog.error.isVisible() and dialog.login.hasFocus() and not accounts.attempts


def test_escape_quits(qtbot) -> None:
    dialog = _dialog(qtbot, FakeAccounts())
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog.login, Qt.Key.Key_Escape)
    assert dialog.user is None


def test_forgotten_password_says_whom_to_ask(qtbot) -> None:
    dialog = _dialog(qtbot, FakeAccounts())
    dialog.forgot.setFocus()
    qtbot.keyClick(dialog.forgot, Qt.Key.Key_Space)
    assert dialog.forgot_note.isVisible()
    assert "quản trị" in dialog.forgot_note.text() and "qcdc unlock" in dialog.forgot_note.text()
    assert dialog.isVisible()


def test_a_reset_password_must_be_changed_before_signing_in(qtbot) -> None:
    accounts = FakeAccounts(must_change=True)
    dialog = _dialog(qtbot, accounts)
    _sign_in(qtbot, dialog, "lan.nt", GOOD)
    qtbot.waitUntil(lambda: dialog.change_dialog is not None and dialog.change_dialog.isVisible())
    change = dialog.change_dialog
    assert change.current is None  # the password just typed is the current one
    assert change.fields.new.hasFocus() and not change.ok.isEnabled()
    qtbot.keyClicks(change.fields.new, "lan.nt2026abc")
    assert change.fields.hint.isVisible() and "tên đăng nhập" in change.fields.hint.text()
    change.fields.new.clear()
    qtbot.keyClicks(change.fields.new, NEW)
    assert not change.fields.hint.isVisible()
    qtbot.keyClick(change.fields.new, Qt.Key.Key_Tab)
    qtbot.keyClicks(change.fields.repeat, NEW + "x")
    assert change.fields.mismatch.isVisible() and not change.ok.isEnabled()
    qtbot.keyClick(change.fields.repeat, Qt.Key.Key_Backspace)
    assert not change.fields.mismatch.isVisible() and change.ok.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(change.fields.repeat, Qt.Key.Key_Return)
    assert accounts.changes == [("lan.nt", GOOD, NEW)]
    assert dialog.user is not None


def test_leaving_the_forced_change_does_not_sign_in(qtbot) -> None:
    accounts = FakeAccounts(must_change=True)
    dialog = _dialog(qtbot, accounts)
    _sign_in(qtbot, dialog, "lan.nt", GOOD)
    qtbot.waitUntil(lambda: dialog.change_dialog is not None and dialog.change_dialog.isVisible())
    qtbot.keyClick(dialog.change_dialog.fields.new, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.change_dialog is None)
    assert dialog.isVisible() and dialog.user is None and dialog.password.text() == ""
    assert dialog.error.isVisible() and not accounts.changes


def test_changing_ones_password_asks_the_current_one_and_says_a_refusal(qtbot) -> None:
    calls: list[tuple[str, str]] = []

    def change(old: str, new: str) -> None:
        calls.append((old, new))
        if old != GOOD:
            raise WrongSecret("Mật khẩu hiện tại không đúng.")

    dialog = ChangePasswordDialog(change, login="lan.nt", full_name="Nguyễn Thị Lan", unit_name="Xã An Bình")
    qtbot.addWidget(dialog)
    _show(qtbot, dialog)
    assert dialog.current is not None and dialog.current.hasFocus()
    qtbot.keyClicks(dialog.current, "cu sai roi")
    qtbot.keyClick(dialog.current, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.fields.new, "An Binh 2026 xanh")
    assert "tên của đơn vị" in dialog.fields.hint.text() or "đơn vị" in dialog.fields.hint.text()
    dialog.fields.new.clear()
    qtbot.keyClicks(dialog.fields.new, NEW)
    qtbot.keyClick(dialog.fields.new, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.fields.repeat, NEW)
    qtbot.keyClick(dialog.fields.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "Mật khẩu hiện tại không đúng."
    assert dialog.current.text() == "" and dialog.current.hasFocus() and dialog.isVisible()
    qtbot.keyClicks(dialog.current, GOOD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.current, Qt.Key.Key_Return)
    assert calls == [("cu sai roi", NEW), (GOOD, NEW)]


def test_a_refused_new_password_keeps_the_current_one(qtbot) -> None:
    def change(old: str, new: str) -> None:
        raise PasswordRefused("Mật khẩu này đã bị lộ.")

    dialog = ChangePasswordDialog(change)
    qtbot.addWidget(dialog)
    _show(qtbot, dialog)
    qtbot.keyClicks(dialog.current, GOOD)
    for field in (dialog.fields.new, dialog.fields.repeat):
        qtbot.keyClicks(field, NEW)
    qtbot.keyClick(dialog.fields.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "Mật khẩu này đã bị lộ." and dialog.current.text() == GOOD


def test_the_same_password_again_is_not_a_change(qtbot) -> None:
    dialog = ChangePasswordDialog(lambda old, new: None)
    qtbot.addWidget(dialog)
    _show(qtbot, dialog)
    for field in (dialog.current, dialog.fields.new, dialog.fields.repeat):
        qtbot.keyClicks(field, GOOD)
    assert not dialog.ok.isEnabled() and "khác" in dialog.fields.hint.text()


# ----- idle time and the lock
def test_idle_is_emitted_after_the_interval_without_input(qtbot) -> None:
    watch = IdleWatch(interval_ms=150)
    watch.install()
    try:
        with qtbot.waitSignal(watch.idle, timeout=2000):
            pass
    finally:
        watch.uninstall()


def test_typing_keeps_the_window_from_going_idle(qtbot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    _show(qtbot, field)
    watch = IdleWatch(interval_ms=300)
    fired: list[bool] = []
    watch.idle.connect(lambda: fired.append(True))
    watch.install()
    try:
        for _ in range(8):  # 8 × 100 ms of typing: far past the interval in all
            qtbot.keyClicks(field, "a")
            qtbot.wait(100)
        assert not fired
        qtbot.waitUntil(lambda: bool(fired), timeout=2000)  # and once the typing stops, it is idle
    finally:
        watch.uninstall()
    assert field.text() == "a" * 8


def test_zero_minutes_never_locks(qtbot) -> None:
    watch = IdleWatch(minutes=0)
    fired: list[bool] = []
    watch.idle.connect(lambda: fired.append(True))
    watch.install()
    try:
        qtbot.wait(200)
        assert not fired and watch.interval_ms == 0
        watch.set_minutes(5)
        assert watch.interval_ms == 5 * 60_000
    finally:
        watch.uninstall()


class _Window(QMainWindow):
    """A main window as the application's: pages in a stack, Ctrl+1/Ctrl+2 go to them, a menu
    and a tool bar."""

    def __init__(self) -> None:
        super().__init__()
        self.pages = QStackedWidget()
        self.first, self.second = QWidget(), QWidget()
        QVBoxLayout(self.first).addWidget(editor := QLineEdit(self.first))
        self.editor = editor
        self.pages.addWidget(self.first)
        self.pages.addWidget(self.second)
        self.setCentralWidget(self.pages)
        self.went: list[int] = []
        for number in (1, 2):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, n=number: (self.went.append(n),
                                                                   self.pages.setCurrentIndex(n - 1)))
            self.addAction(action)
        self.menu_action = self.menuBar().addMenu("&File").addAction("&New")
        self.menu_action.setShortcut(QKeySequence("Ctrl+N"))
        self.off_action = self.menuBar().addMenu("&Edit").addAction("&Undo")
        self.off_action.setEnabled(False)
        self.tools = QToolBar("tools", self)
        self.addToolBar(self.tools)
        self.resize(700, 500)


def _locked_window(qtbot, unlock=None):
    window = _Window()
    qtbot.addWidget(window)
    passwords: list[str] = []

    def check(password: str) -> None:
        passwords.append(password)
        if password != GOOD:
            raise WrongSecret("Mật khẩu không đúng.")

    locker = Locker(window, unlock or check, who="Nguyễn Thị Lan (lan.nt)")
    _show(qtbot, window)
    return window, locker, passwords


def test_the_lock_keeps_what_was_typed_and_unlocks_with_the_password(qtbot) -> None:
    window, locker, passwords = _locked_window(qtbot)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "draft of the minutes")
    with qtbot.waitSignal(locker.locked):
        locker.lock()
    screen = locker.screen
    assert locker.is_locked and screen.isVisible() and not window.editor.isVisible()
    assert screen.title.text() == "Cửa sổ đã khóa" and "Nguyễn Thị Lan (lan.nt)" in screen.who.text()
    assert screen.password.hasFocus()
    assert not window.menuBar().isVisible() and not window.tools.isVisible()
    qtbot.keyClicks(screen.password, "wrong one")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error.isVisible())
    assert screen.error.text() == "Mật khẩu không đúng." and screen.password.text() == "" and locker.is_locked
    qtbot.keyClicks(screen.password, GOOD)
    with qtbot.waitSignal(locker.unlocked, timeout=5000):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert passwords == ["wrong one", GOOD]
    assert not locker.is_locked and window.editor.isVisible()
    assert window.editor.text() == "draft of the minutes" and window.editor.hasFocus()
    assert window.menuBar().isVisible() and window.tools.isVisible()


def test_shortcuts_do_nothing_while_locked_and_come_back_after(qtbot) -> None:
    window, locker, _passwords = _locked_window(qtbot)
    locker.lock()
    screen = locker.screen
    assert screen.password.hasFocus()
    qtbot.keyClick(screen.password, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(screen.password, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.went == [] and window.pages.currentIndex() == 0
    assert not window.menu_action.isEnabled()
    window.menu_action.setEnabled(True)  # enabled meanwhile by the window: still nothing behind the lock
    fired: list[bool] = []
    window.menu_action.triggered.connect(lambda: fired.append(True))
    qtbot.keyClick(screen.password, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not fired
    qtbot.keyClicks(screen.password, GOOD)
    with qtbot.waitSignal(locker.unlocked, timeout=5000):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert window.menu_action.isEnabled() and not window.off_action.isEnabled()  # each as it was
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.went == [2] and window.pages.currentIndex() == 1


def test_another_account_is_asked_for_from_the_lock(qtbot) -> None:
    window, locker, passwords = _locked_window(qtbot)
    locker.lock()
    with qtbot.waitSignal(locker.switch_user):
        locker.screen.switch_button.setFocus()
        qtbot.keyClick(locker.screen.switch_button, Qt.Key.Key_Space)
    assert locker.is_locked and not passwords  # the wiring decides what comes next


def test_the_lock_screen_alone(qtbot) -> None:
    screen = LockScreen(lambda password: None, who="")
    qtbot.addWidget(screen)
    _show(qtbot, screen)
    assert not screen.who.isVisible()
    screen.reset()
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert screen.error.text() == "Hãy nhập mật khẩu."
    qtbot.keyClicks(screen.password, "x")
    with qtbot.waitSignal(screen.unlocked, timeout=5000):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert screen.password.text() == "" and not screen.error.isVisible()
