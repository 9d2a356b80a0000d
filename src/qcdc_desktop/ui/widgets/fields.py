"""Input widgets for fast keyboard entry: dates typed as dd/mm/yyyy, catalog pickers with
diacritics-insensitive type-ahead, completion of values typed before, and error labels shown
next to their field."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
import re
import time

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QLabel, QLineEdit, QWidget

from ...core import type_ahead
from ...core.catalog import Catalog
from ...l10n import _, format_date

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")


def parse_typed_date(text: str) -> dt.date | None:
    """A date as a clerk types it: 5/3/2026, 05-03-2026, 05.03.2026 or 05032026.  None if not a date."""
    match = _DATE.match(text) or _COMPACT.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class ErrorLabel(QLabel):
    """A message in red under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet("color: #b00020;")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy (other separators and 8 digits accepted); empty allowed.

    Up and Down move the date by a day, Page Up and Page Down by a month, and "t" gives today.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setMaxLength(10)
        self.editingFinished.connect(self._tidy)

    def date(self) -> dt.date | None:
        return parse_typed_date(self.text())

    def is_valid(self) -> bool:
        return not self.text().strip() or self.date() is not None

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value) if value else "")

    def iso(self) -> str | None:
        value = self.date()
        return value.isoformat() if value else None

    def _tidy(self) -> None:
        value = self.date()
        if value is not None:
            self.set_date(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        steps: dict[int, int] = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}
        value = self.date() or (dt.date.today() if event.key() in steps else None)
        if event.key() in steps and value is not None:
            self.set_date(value + dt.timedelta(days=steps[event.key()]))
            return
        if event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and value is not None:
            delta = 1 if event.key() == Qt.Key.Key_PageUp else -1
            month = value.month - 1 + delta
            year, month = value.year + month // 12, month % 12 + 1
            day = min(value.day, calendar.monthrange(year, month)[1])
            self.set_date(dt.date(year, month, day))
            return
        if event.text().lower() == "t" and not self.text().strip():
            self.set_date(dt.date.today())
            return
        super().keyPressEvent(event)


class TypeAhead(QObject):
    """Letters typed on a combo box pick the entry they mean (core/type_ahead.py): from the start
    of a word, diacritics ignored, the best match first ("gia" → "Giáo dục", "gpmb" or "giai
    phong" → "Bồi thường, giải phóng mặt bằng"), whether the list is closed or open.  Letters
    typed within a moment of each other add up; a letter that matches nothing with those before
    starts again on its own.  Letters that match nothing change nothing."""

    PAUSE = 1.2  # seconds after which typing starts a new word to look for

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self._combo = combo
        self._typed = ""
        self._last = 0.0
        combo.installEventFilter(self)
        combo.view().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.FocusIn and watched is self._combo:
            self._typed = ""  # letters typed in another record must not carry over
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or self._combo.isEditable():
            return False
        text = event.text()
        held = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        now = time.monotonic()
        going_on = bool(self._typed) and now - self._last < self.PAUSE
        if not text or event.modifiers() & held or not (text.isalnum() or (text == " " and going_on)):
            return False  # a space on its own opens the list, as in every combo box
        self._last = now
        self._typed = (self._typed if going_on else "") + text
        index = self._matching(self._typed)
        if index is None and self._typed != text:
            self._typed = text
            index = self._matching(text)
        if index is None:
            self._typed = ""  # letters that match nothing are not kept to match the next ones
        elif watched is self._combo:
            self._combo.setCurrentIndex(index)
        else:
            view = self._combo.view()
            view.setCurrentIndex(self._combo.model().index(index, self._combo.modelColumn()))
        return True

    def _matching(self, typed: str) -> int | None:
        return type_ahead.best(typed, [self._combo.itemText(i) for i in range(self._combo.count())])


def type_ahead_on(combo: QComboBox) -> QComboBox:
    """Give ``combo`` (a list of fixed entries) the type-ahead of :class:`TypeAhead`; returns it."""
    TypeAhead(combo)
    return combo


class CodeCombo(QComboBox):
    """Picks a code from a catalog by its label, with the type-ahead of :class:`TypeAhead`."""

    def __init__(self, cat: Catalog, parent: QWidget | None = None, *, blank: str | None = None) -> None:
        super().__init__(parent)
        # As narrow as 12 characters when the window is (150 % on a laptop screen); the form's columns
        # stretch, so with room the combo shows its longest label whole.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        if blank is not None:
            self.addItem(blank, None)
        for entry in cat:
            self.addItem(entry.label, entry.code)
        self.type_ahead = TypeAhead(self)

    def code(self) -> str | None:
        code: str | None = self.currentData()
        return code

    def set_code(self, code: str | None) -> None:
        index = self.findData(code)
        self.setCurrentIndex(index if index >= 0 else 0)


def attach_completer(field: QLineEdit, values: list[str]) -> QCompleter:
    """Offer ``values`` (most used first) as the clerk types in ``field``; matches anywhere."""
    completer: QCompleter | None = field.completer()  # None until one is set, whatever the stubs say
    if completer is None:
        completer = QCompleter(QStringListModel(values, field), field)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        field.setCompleter(completer)
    else:
        model = completer.model()
        assert isinstance(model, QStringListModel)  # the completer an earlier call set
        model.setStringList(values)
    return completer


def debounce(parent: QWidget, ms: int, slot: Callable[[], object]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


def picked_date(edit: QDateEdit) -> dt.date:
    """The day a date editor shows, as a Python date."""
    day = edit.date().toPython()
    assert isinstance(day, dt.date)  # the stubs say object
    return day
