"""The Settings row of the lock after idle time: how many minutes without a key press or a click
before the window locks (``ui.lock_minutes``; 0: never).  Only an administrator changes it: the
lock guards the office's records, not one person's habits."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from ...core.roles import Operation
from ...core.settings import LOCK_MINUTES
from ...l10n import _
from .. import session
from ..widgets.settings import read, write


class LockMinutes(QWidget):
    """Emits :attr:`changed` with the minutes chosen, once they are kept in the settings."""

    changed = Signal(int)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_("Loc&k the window after (minutes without use, 0: never):"), self)
        self.spin = QSpinBox(self)
        self.spin.setRange(LOCK_MINUTES.low or 0, LOCK_MINUTES.high or 240)
        self.spin.setValue(read(settings, LOCK_MINUTES))
        self.spin.setAccessibleName(_("Minutes before the window locks"))
        self.spin.setToolTip(_("Whoever comes to the computer after that time must type the password of the "
                               "person signed in. Only an administrator changes it."))
        self.spin.setEnabled(session.may(Operation.OFFICE_SETTINGS))
        label.setBuddy(self.spin)
        self.spin.valueChanged.connect(self._chosen)
        row.addWidget(label)
        row.addWidget(self.spin)
        row.addStretch(1)

    def _chosen(self, minutes: int) -> None:
        write(self.settings, LOCK_MINUTES, minutes)
        self.changed.emit(minutes)
