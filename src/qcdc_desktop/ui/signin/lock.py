"""The lock after idle time: the window's content is hidden behind a screen that asks for the
password of the person signed in, and comes back as it was (unsaved work kept) once it is typed.

:class:`IdleWatch` says when nobody has touched the keyboard or the mouse for a while,
:class:`LockScreen` asks for the password, and :class:`Locker` puts the screen in front of a main
window's content, with its menus, bars and shortcuts out of reach until it is unlocked.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStatusBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import user_message
from ...l10n import _
from ..widgets.field_errors import error_label, show_error
from .calls import run_call
from .password_fields import password_field

MINUTE_MS = 60_000

# What a person does at the computer; anything else (timers, repaints) is not a sign of life.
_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
})


def _application() -> QCoreApplication:
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("the lock needs a running QApplication")
    return app


class IdleWatch(QObject):
    """Emits :attr:`idle` once after ``minutes`` without a key press, a click, a mouse move or a
    wheel turn anywhere in the application (0: never).  Watching starts with :meth:`install`;
    after ``idle`` the next input starts the count again."""

    idle = Signal()

    def __init__(self, minutes: int = 0, parent: QObject | None = None, *, interval_ms: int | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._interval_ms = 0
        self._app: QCoreApplication | None = None
        self.set_interval_ms(interval_ms if interval_ms is not None else minutes * MINUTE_MS)

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(minutes * MINUTE_MS)

    def set_interval_ms(self, interval_ms: int) -> None:
        self._interval_ms = max(0, interval_ms)
        self.restart()

    def install(self, app: QCoreApplication | None = None) -> None:
        """Watch every input of ``app`` (the running application when not given)."""
        app = app or _application()
        self.uninstall()
        app.installEventFilter(self)
        self._app = app
        self.restart()

    def uninstall(self) -> None:
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
        self._timer.stop()

    def restart(self) -> None:
        """Count the idle time again from now."""
        if self._interval_ms > 0 and self._app is not None:
            self._timer.start(self._interval_ms)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT:
            self.restart()
        return False


class LockScreen(QWidget):
    """Says that the window is locked and who is signed in; ``unlock(password)`` (run off the UI
    thread) returns when the password is right, or raises an error whose sentence is shown.
    Emits :attr:`unlocked` on success and :attr:`switch_user` when the person asks to sign in
    with another account."""

    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, unlock: Callable[[str], None], *, who: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self._unlock = unlock
        self.busy = False
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        panel = QWidget(self)
        panel.setMinimumWidth(380)
        panel.setMaximumWidth(520)
        box = QVBoxLayout(panel)
        box.setSpacing(10)
        self.title = QLabel(_("The window is locked"), panel)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.title)
        self.who = QLabel(panel)
        self.who.setWordWrap(True)
        self.who.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.who)
        prompt = QLabel(_("Type your &password to unlock it. What you were doing is kept."), panel)
        prompt.setWordWrap(True)
        box.addWidget(prompt)
        self.password = password_field(panel, _("Password"))
        prompt.setBuddy(self.password)
        self.password.returnPressed.connect(self._submit)
        box.addWidget(self.password)
        self.error = error_label(panel)
        box.addWidget(self.error)
        self.status = QLabel(_("Checking the password…"), panel)
        self.status.hide()
        box.addWidget(self.status)
        buttons = QHBoxLayout()
        self.switch_button = QPushButton(_("Sign in with &another account"), panel)
        self.switch_button.clicked.connect(self.switch_user)
        self.unlock_button = QPushButton(_("&Unlock"), panel)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        box.addLayout(buttons)
        row.addWidget(panel, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setTabOrder(self.password, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.switch_button)
        self.set_who(who)

    def set_who(self, who: str) -> None:
        """Who is signed in ("Nguyễn Thị Lan (lan.nt)")."""
        self.who.setText(_("Signed in: %(who)s") % {"who": who} if who else "")
        self.who.setVisible(bool(who))

    def reset(self) -> None:
        """Ready for the password: the field empty and focused, no old error."""
        self.password.clear()
        show_error(self.error, "")
        self.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.password, self.unlock_button, self.switch_button):
            widget.setEnabled(not busy)
        self.status.setVisible(busy)

    def _submit(self) -> None:
        password = self.password.text()
        if self.busy:
            return
        if not password:
            show_error(self.error, _("Type your password."))
            self.password.setFocus()
            return
        show_error(self.error, "")
        self._set_busy(True)
        run_call(self, lambda: self._unlock(password), on_done=self._done, on_error=self._failed)

    def _done(self, _result: object) -> None:
        self._set_busy(False)
        self.password.clear()
        self.unlocked.emit()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        self.password.clear()
        show_error(self.error, user_message(error))
        self.password.setFocus()


def _window_of(obj: QObject | None) -> QWidget | None:
    """The window an action, a shortcut or a widget belongs to (a dialog is a window of its own)."""
    while obj is not None and not isinstance(obj, QWidget):
        obj = obj.parent()
    return obj.window() if obj is not None else None


def _inside(obj: QObject | None, ancestor: QObject) -> bool:
    while obj is not None:
        if obj is ancestor:
            return True
        obj = obj.parent()
    return False


class Locker(QObject):
    """Puts a :class:`LockScreen` in front of ``window``'s content: the central widget goes into a
    stack beside the screen (it is hidden while locked, never destroyed), the menu bar, tool bars,
    dock widgets and status bar are hidden, and every action and shortcut of the window is
    disabled until the password is typed; then all comes back as it was, focus included."""

    locked = Signal()
    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, window: QMainWindow, unlock: Callable[[str], None], *, who: str = "") -> None:
        super().__init__(window)
        self.window = window
        self.stack = QStackedWidget(window)
        self.stack.setObjectName("lock_stack")
        self.content: QWidget | None = window.takeCentralWidget()
        if self.content is not None:
            self.stack.addWidget(self.content)
        self.screen = LockScreen(unlock, who=who, parent=self.stack)
        self.stack.addWidget(self.screen)
        window.setCentralWidget(self.stack)
        if self.content is not None:
            self.stack.setCurrentWidget(self.content)
        self.screen.unlocked.connect(self._restore)
        self.screen.switch_user.connect(self.switch_user)
        self._disabled: list[QAction | QShortcut] = []
        self._hidden: list[QWidget] = []
        self._focus: QWidget | None = None

    @property
    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.screen

    def set_who(self, who: str) -> None:
        self.screen.set_who(who)

    def lock(self) -> None:
        if self.is_locked:
            return
        self._focus = self.window.focusWidget()
        self._disable_shortcuts()
        self._hide_bars()
        self.stack.setCurrentWidget(self.screen)
        self.screen.reset()
        _application().installEventFilter(self)
        self.locked.emit()

    def _disable_shortcuts(self) -> None:
        window = self.window
        found: dict[int, QAction | QShortcut] = {}
        items: list[QAction | QShortcut] = [*window.actions(), *window.findChildren(QAction),
                                            *window.findChildren(QShortcut)]
        for item in items:
            if not _inside(item, self.screen):
                found[id(item)] = item
        self._disabled = [item for item in found.values() if item.isEnabled()]
        for item in self._disabled:
            item.setEnabled(False)

    def _hide_bars(self) -> None:
        window = self.window
        bars: list[QWidget] = [*window.findChildren(QToolBar), *window.findChildren(QDockWidget)]
        for bar in (window.menuWidget(), window.findChild(QStatusBar)):  # findChild: never makes one
            if bar is not None:
                bars.append(bar)
        self._hidden = [bar for bar in bars if bar.isVisible()]
        for bar in self._hidden:
            bar.hide()

    def _restore(self) -> None:
        _application().removeEventFilter(self)
        for bar in self._hidden:
            bar.show()
        for item in self._disabled:
            item.setEnabled(True)
        self._hidden, self._disabled = [], []
        if self.content is not None:
            self.stack.setCurrentWidget(self.content)
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus()
        self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """While locked, no shortcut of the window acts behind the screen, not even one enabled
        meanwhile; a dialog opened over the lock (signing in with another account) keeps its own."""
        return (event.type() == QEvent.Type.Shortcut and _window_of(watched) is self.window
                and not _inside(watched, self.screen))
