"""The keyboard of a clerk, for a test that does a day's work with key presses only: every key goes
to the widget that has the focus, as a keyboard sends it, and is counted for the step it belongs
to.  Letters with marks are typed as an input method types them (one key event carrying the
letter); a dialog that opens on a key is worked, with keys too, from inside its own event loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from shiboken6 import isValid

from accel_walk import mnemonic_of

NONE = Qt.KeyboardModifier.NoModifier
ALT, CTRL, SHIFT = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@dataclass
class Step:
    name: str
    typed: int = 0  # characters of text
    keys: int = 0  # every other key: commands, Tab, Enter, arrows, Alt+letters


@dataclass
class Keyboard:
    qtbot: object
    home: QWidget  # the main window
    steps: list[Step] = field(default_factory=list)

    def step(self, name: str) -> Step:
        self.steps.append(Step(name))
        return self.steps[-1]

    @property
    def current(self) -> Step:
        return self.steps[-1]

    def focused(self) -> QWidget:
        """Where a key goes: the widget with the focus, else the active window itself.  When a box
        on top of a window closes, the window system makes the window under it active again; the
        offscreen screen does not, so it is done here as the window system would."""
        if QApplication.activeWindow() is None:
            under = QApplication.activeModalWidget() or self.home
            under.activateWindow()
            self.qtbot.waitUntil(under.isActiveWindow, timeout=5_000)
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        assert widget is not None, "no window is active: the key would go nowhere"
        return widget

    def press(self, key: Qt.Key | str, modifiers: Qt.KeyboardModifier = NONE, times: int = 1) -> None:
        """A key (or a combination) pressed ``times`` times on the widget with the focus."""
        for _ in range(times):
            self.qtbot.keyClick(self.focused(), key, modifiers)
            self.current.keys += 1

    def shortcut(self, text: str) -> None:
        """A combination written as on a menu, "Ctrl+Shift+S"."""
        combo = QKeySequence(text)[0]
        self.press(combo.key(), combo.keyboardModifiers())

    def alt(self, text: str) -> None:
        """Alt and the underlined letter of ``text`` (a label or a button as shown)."""
        letter = mnemonic_of(text)
        assert letter is not None and letter.isascii(), f"no letter to press in “{text}”"
        self.press(Qt.Key(ord(letter.upper())), ALT)

    def type(self, text: str) -> None:
        """Type ``text`` in the widget with the focus, a key a character."""
        for char in text:
            widget = self.focused()
            if char.isascii():
                self.qtbot.keyClick(widget, char)
            else:  # a letter with a mark, as the input method sends it
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, NONE, char))
            self.current.typed += 1

    def field(self, text: str) -> None:
        """Type ``text`` then Tab to the next field."""
        self.type(text)
        self.press(Qt.Key.Key_Tab)

    def table(self) -> str:
        lines = [f"{'step':<44}{'typed':>7}{'other':>7}{'total':>7}"]
        for s in self.steps:
            lines.append(f"{s.name:<44}{s.typed:>7}{s.keys:>7}{s.typed + s.keys:>7}")
        lines.append(f"{'all':<44}{sum(s.typed for s in self.steps):>7}{sum(s.keys for s in self.steps):>7}"
                     f"{sum(s.typed + s.keys for s in self.steps):>7}")
        return "\n".join(lines)


def when_shown(qtbot, kind: type[QWidget], work: Callable[[QWidget], None], failures: list[BaseException],
               ready: Callable[[QWidget], bool] = lambda w: True) -> list[QWidget]:
    """Once a window of ``kind`` is shown (and ``ready``), do ``work`` on it from inside its own
    event loop, with keys.  Should the work fail, the window is closed so that the test fails
    instead of waiting for a person; the failure is kept in ``failures``."""
    seen: list[QWidget] = []
    tries = [6000]  # 120 s: a loaded machine (a package built beside the tests) took over 30 s to show a question

    def poll() -> None:
        # A question box is answered once it is the active window: a key pressed before the window
        # system made it active goes nowhere (seen under load: the box then waited for a person).
        found = next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
                      and isValid(w) and ready(w) and (not isinstance(w, QMessageBox) or w.isActiveWindow())),
                     None)
        if found is None:
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(20, poll)
                return
            # Given up: a box of that kind still shown never became ready; it is closed, and the test
            # fails, instead of waiting for a person.
            for w in QApplication.topLevelWidgets():
                if isinstance(w, kind) and isinstance(w, QDialog) and w.isVisible() and isValid(w):
                    failures.append(AssertionError(f"{type(w).__name__} shown but never ready: {w.windowTitle()}"))
                    w.reject()
            return
        seen.append(found)
        try:
            work(found)
        except BaseException as exc:  # noqa: BLE001 - handed to the test, which fails on it
            failures.append(exc)
            if isValid(found) and isinstance(found, QDialog) and found.isVisible():
                found.reject()

    QTimer.singleShot(0, poll)
    return seen


def real_question(parent, title, text, buttons=QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                  default=QMessageBox.StandardButton.NoButton) -> QMessageBox.StandardButton:
    """QMessageBox.question as Qt shows it: a box that waits for the person's answer."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.setDefaultButton(default)
    answer = box.exec()
    box.deleteLater()
    return QMessageBox.StandardButton(answer)


def answer(keyboard: Keyboard, button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    """Answer a message box with Alt and the letter of ``button``."""
    def press(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        keyboard.alt(box.button(button).text())
    return press
