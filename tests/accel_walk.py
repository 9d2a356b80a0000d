"""Walk a window or dialog the way a clerk does from the keyboard: read every underlined letter
(`&` mnemonic) and every shortcut it offers, check that each is unique where it is active, and
press each to see that it reaches what it names.

What counts, for a window as it is shown now:

- the titles of the menu bar (Alt+letter) and every visible widget's mnemonic: a label (it must
  have a buddy), a button, a group box, a tab of a tab bar — all active in the whole window;
- the shortcuts of actions (menus, the window's own) and of QShortcut objects;
- within each menu of the menu bar, the mnemonics of its visible entries (pressed as a letter
  while the menu is open).

A mnemonic's letter must be one a keyboard types with Alt: A–Z or 0–9, not a Vietnamese letter
with a mark (Alt+Đ, Alt+Ư cannot be typed on the keyboards offices use).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut, QShortcutEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)

_MNEMONIC = re.compile(r"&(?!&)(.)")


def mnemonic_of(text: str) -> str | None:
    """The underlined character of ``text`` (after a single ``&``), or None."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1) if found else None


@dataclass
class Accelerator:
    key: str  # portable text of the key sequence, "Alt+I", "Ctrl+Shift+S"
    kind: str  # label, button, groupbox, tab, menubar, action, shortcut
    target: QObject
    text: str
    index: int = -1  # the tab's index, for a tab
    pressable: bool = True  # shown but disabled now: it counts among the keys, it is not pressed
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.key} {self.kind} “{self.text}”"


def _seq(key: QKeySequence) -> str:
    return key.toString(QKeySequence.SequenceFormat.PortableText)


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.window() is root.window() and widget.isVisible() and widget.isEnabled()


def _visible(widget: QWidget, root: QWidget) -> bool:
    """Shown in ``root``'s window, enabled or not: a disabled button's letter works once it is enabled."""
    return widget.window() is root.window() and widget.isVisible()


def _mnemonic(text: str, kind: str, target: QObject, index: int = -1) -> Accelerator | None:
    letter = mnemonic_of(text)
    if letter is None:
        return None
    found = Accelerator(_seq(QKeySequence.mnemonic(text)), kind, target, text.replace("&&", "&"), index)
    if not re.fullmatch(r"[A-Za-z0-9]", letter):
        found.problems.append(f"“{letter}” cannot be typed with Alt")
    return found


def _window_actions(root: QWidget) -> list[QAction]:
    """Actions with a shortcut that work in ``root``'s window now."""
    found: dict[int, QAction] = {}
    owners: list[QWidget] = [root, *(w for w in root.findChildren(QWidget) if _shown(w, root))]
    owners += [menu for bar in owners if isinstance(bar, QMenuBar) for menu in menus_of(bar)]
    for owner in owners:
        for action in owner.actions():
            if action.menu() is None and not action.shortcuts() == [] and action.isEnabled() and action.isVisible():
                found[id(action)] = action
    return list(found.values())


def accelerators(root: QWidget) -> list[Accelerator]:
    """Every mnemonic and shortcut active in ``root``'s window as it is shown now."""
    found: list[Accelerator] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _visible(widget, root) or isinstance(widget, QMenu):
            continue
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.RichText:
            item = _mnemonic(widget.text(), "label", widget)
            buddy = widget.buddy()
            if item is not None and buddy is None:
                item.problems.append("the label has no buddy")
            elif item is not None and not buddy.isVisible():
                item = None  # its field is not offered now, nor is the letter
            elif item is not None:
                item.pressable = buddy.isEnabled() and widget.isEnabled()
        elif isinstance(widget, QAbstractButton):
            item = _mnemonic(widget.text(), "button", widget)
            extra = _seq(widget.shortcut())
            if extra and (item is None or extra != item.key):
                found.append(Accelerator(extra, "button", widget, widget.text(), pressable=widget.isEnabled()))
        elif isinstance(widget, QGroupBox):
            item = _mnemonic(widget.title(), "groupbox", widget)
        elif isinstance(widget, QMenuBar):
            item = None
            for action in widget.actions():
                if action.isVisible() and action.isEnabled():
                    title = _mnemonic(action.text(), "menubar", widget)
                    if title is not None:
                        found.append(title)
        elif isinstance(widget, QTabBar):
            item = None
            for index in range(widget.count()):
                if widget.isTabVisible(index) and widget.isTabEnabled(index):
                    tab = _mnemonic(widget.tabText(index), "tab", widget, index)
                    if tab is not None:
                        found.append(tab)
        else:
            item = None
        if item is not None:
            item.pressable = item.pressable and widget.isEnabled()
            found.append(item)
    for action in _window_actions(root):
        for key in action.shortcuts():
            found.append(Accelerator(_seq(key), "action", action, action.text()))
    for shortcut in root.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and isinstance(parent, QWidget) and _shown(parent, root):
            for key in shortcut.keys():
                found.append(Accelerator(_seq(key), "shortcut", shortcut, shortcut.whatsThis() or str(parent)))
    return found


def clashes(found: list[Accelerator]) -> list[str]:
    """The keys offered by more than one thing at once (one action shown twice is one thing)."""
    by_key: dict[str, dict[int, Accelerator]] = defaultdict(dict)
    for item in found:
        by_key[item.key.upper()][id(item.target) * 100 + item.index] = item
    return [f"{key}: " + " / ".join(str(i) for i in items.values())
            for key, items in sorted(by_key.items()) if len(items) > 1]


def menu_clashes(bar: QMenuBar) -> list[str]:
    """Within each menu of the bar, entries underlined with the same letter, with none typeable, or
    with none at all (an entry a person cannot reach by its letter)."""
    problems: list[str] = []
    for menu in menus_of(bar):
        letters: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            letter = mnemonic_of(action.text())
            if letter is None:
                problems.append(f"{menu.title()}: “{action.text()}” has no underlined letter")
                continue
            if not re.fullmatch(r"[A-Za-z0-9]", letter):
                problems.append(f"{menu.title()}: “{action.text()}”: “{letter}” cannot be typed")
            letters[letter.upper()].append(action.text())
        problems += [f"{menu.title()}: {letter}: {' / '.join(texts)}" for letter, texts in letters.items()
                     if len(texts) > 1]
    return problems


def menus_of(bar: QMenuBar) -> list[QMenu]:
    found: list[QMenu] = []
    pending = [a.menu() for a in bar.actions() if a.isVisible() and isinstance(a.menu(), QMenu)]
    while pending:
        menu = pending.pop(0)
        found.append(menu)
        pending += [a.menu() for a in menu.actions() if a.isVisible() and isinstance(a.menu(), QMenu)]
    return found


class ShortcutSpy(QObject):
    """Notes every shortcut event Qt sends (to whom, which key, whether it was ambiguous); keeps
    it from buttons, actions and shortcuts, so that pressing does not open what they open."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[QObject, str, bool]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Shortcut:
            assert isinstance(event, QShortcutEvent)
            self.seen.append((watched, _seq(event.key()), event.isAmbiguous()))
            return not isinstance(watched, (QLabel, QTabBar))  # these two only move the focus or the tab
        return False


def _key_event(kind: QEvent.Type, key: str) -> QKeyEvent:
    combined = QKeySequence(key)[0]
    mods = combined.keyboardModifiers()
    code = combined.key()
    text = chr(code).lower() if code < 0x80 and not mods & ~Qt.KeyboardModifier.ShiftModifier else ""
    return QKeyEvent(kind, code, mods, text)


def press(key: str, receiver: QWidget | None = None) -> None:
    """Press and release ``key`` ("Alt+I", "Ctrl+Shift+S", "X") where the focus is."""
    target = receiver or QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "no window has the focus"
    QApplication.sendEvent(target, _key_event(QEvent.Type.KeyPress, key))
    QApplication.sendEvent(target, _key_event(QEvent.Type.KeyRelease, key))


def _reached(item: Accelerator, spy: ShortcutSpy, before: int) -> str | None:
    """Why pressing ``item.key`` did not reach its widget, or None when it did."""
    events = spy.seen[before:]
    mine = [(obj, ambiguous) for obj, key, ambiguous in events if key.upper() == item.key.upper()]
    if not mine:
        return "nothing received it"
    if any(ambiguous for _obj, ambiguous in mine):
        return "Qt found it ambiguous with " + ", ".join(sorted({type(o).__name__ for o, _a in mine}))
    if not any(obj is item.target for obj, _ in mine):
        return f"{type(mine[0][0]).__name__} received it instead"
    if item.kind == "label":
        buddy = item.target.buddy()  # type: ignore[attr-defined]  # a label, checked above
        focus = QApplication.focusWidget()
        if focus is None or not (focus is buddy or buddy.isAncestorOf(focus) or buddy.focusProxy() is focus):
            return f"the focus went to {type(focus).__name__}, not to the buddy {type(buddy).__name__}"
    if item.kind == "tab" and item.target.currentIndex() != item.index:  # type: ignore[attr-defined]  # a tab bar
        return "its tab did not come forward"
    return None


def press_all(root: QWidget, found: list[Accelerator]) -> list[str]:
    """Press each accelerator in ``root``'s window; what did not reach its widget."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    spy = ShortcutSpy()
    app.installEventFilter(spy)
    problems: list[str] = []
    try:
        # Tabs last, each put back after: a tab brought forward hides the widgets of the others.
        for item in sorted((i for i in found if i.pressable), key=lambda i: i.kind == "tab"):
            start = len(spy.seen)
            focus = _focus_for(item, root)
            before = item.target.currentIndex() if isinstance(item.target, QTabBar) else -1
            press(item.key, focus)
            QApplication.processEvents()
            why = _reached(item, spy, start)
            if why:
                problems.append(f"{item}: {why}")
            if isinstance(item.target, QTabBar):
                item.target.setCurrentIndex(before)
    finally:
        app.removeEventFilter(spy)
    return problems


def _focus_for(item: Accelerator, root: QWidget) -> QWidget:
    """Where the focus is when the key is pressed: inside the widget a widget-only shortcut belongs to."""
    if isinstance(item.target, QShortcut) and item.target.context() != Qt.ShortcutContext.WindowShortcut:
        parent = item.target.parent()
        assert isinstance(parent, QWidget)
        inside = [w for w in [parent, *parent.findChildren(QWidget)]
                  if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if inside:
            inside[0].setFocus()
            return inside[0]
    return QApplication.focusWidget() or root


def press_menu_entries(bar: QMenuBar) -> list[str]:
    """Open each menu and type the underlined letter of each enabled entry: that entry triggers.
    The entries' own connections are cut first (what they open is not wanted here), so this is the
    last thing done with a window."""
    problems: list[str] = []
    for menu in menus_of(bar):
        for action in [a for a in menu.actions() if a.isVisible() and a.isEnabled() and not a.isSeparator()]:
            letter = mnemonic_of(action.text())
            if letter is None or action.menu() is not None or not re.fullmatch(r"[A-Za-z0-9]", letter):
                continue
            try:
                action.triggered.disconnect()
            except (RuntimeError, TypeError):  # nothing was connected
                pass
            hits: list[bool] = []
            action.triggered.connect(lambda _checked=False, h=hits: h.append(True))
            menu.popup(bar.mapToGlobal(QPoint(0, bar.height())))
            QApplication.processEvents()
            press(letter.upper(), menu)
            QApplication.processEvents()
            if not hits:
                problems.append(f"{menu.title()}: “{action.text()}” did not trigger on {letter}")
            menu.hide()
    return problems
