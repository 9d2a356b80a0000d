"""The Settings row that says whether the commune's bundles carry citizens' phone numbers to the
upper level (``sync.send_phones``, off by default; docs/bundle-format.md, "Phone numbers").  An
office setting: only an administrator changes it, and the change is in the office's history.  The
upper level sends no opinion, so the row is shown at a commune only."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from ...core.changes import Changes
from ...core.errors import user_message
from ...core.roles import Operation
from ...db.sync_phones import set_sends_phones
from ...jobs.database import Database
from ...l10n import _
from .. import session


class SendPhones(QWidget):
    """A check box written through the database worker; :meth:`show_value` shows what the data
    file holds (the Settings place reads it with the rest of the office)."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(_("Send citizens' phone numbers to the &upper level"), self)
        self.check.setToolTip(_("Only an administrator changes it; each change is kept in the office's history."))
        self.check.setEnabled(False)  # until the data file's value is shown
        self.check.toggled.connect(self._chosen)
        column.addWidget(self.check)
        note = QLabel(_("Off: the bundles carry the opinions without their phone numbers (Law 91/2025 on "
                        "personal data protection). On: the phone numbers of opinions recorded or changed "
                        "from then on go to the upper level."), self)
        note.setWordWrap(True)
        column.addWidget(note)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.hide()
        column.addWidget(self.status)
        self.hide()

    def show_value(self, on: bool, role: str) -> None:
        """Show what the data file holds (``role``: the office's, "commune" or "upper")."""
        with QSignalBlocker(self.check):
            self.check.setChecked(on)
        self.check.setEnabled(session.may(Operation.OFFICE_SETTINGS))
        self.setVisible(role == "commune")

    def _chosen(self, on: bool) -> None:
        # The box stays enabled while it is saved, so the keyboard's focus stays on it; the worker
        # writes one choice after the other, the last one stays.
        self._say(_("Saving…"))
        self.database.submit(partial(set_sends_phones, on=on), partial(self._saved, on), partial(self._failed, on))

    def _saved(self, on: bool, _changes: Changes) -> None:
        self._say(_("Saved: the next bundle carries the phone numbers of opinions recorded or changed from now "
                    "on.") if on else _("Saved: the next bundle carries no phone number."))

    def _failed(self, on: bool, error: Exception) -> None:
        with QSignalBlocker(self.check):
            self.check.setChecked(not on)
        self._say(user_message(error))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
