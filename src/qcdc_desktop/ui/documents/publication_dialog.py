"""How the results of a meeting were made public, asked once the public version of a document has
been printed or saved: the method (posted at the office, the loudspeaker, the hamlets, the
portal), the day and where or a note.  The document dialog records it on the database worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...core.catalog import PUBLICATION_METHODS
from ...core.wording import short_date
from ...db.edit import Saved
from ...db.publication import record_publication
from ...jobs.database import Database
from ...l10n import _
from ..widgets.fields import picked_date

NOTE_LIMIT = 200


class PublicationDialog(QDialog):
    """Method, date and note of one publication; ``values()`` once accepted."""

    def __init__(self, heading: str, *, method: str = "posted_hq", day: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record the publication"))
        intro = QLabel(heading, self)
        intro.setWordWrap(True)
        self.method = QComboBox(self)
        for code in PUBLICATION_METHODS:
            self.method.addItem(code.label, code.code)
        self.method.setCurrentIndex(max(self.method.findData(method), 0))
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        day = day or dt.date.today()
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.note = QLineEdit(self)
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setPlaceholderText(_("Where, or how: the notice board of the office, the portal's page…"))
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(_("&Method:"), self.method)
        form.addRow(_("Published &on:"), self.date)
        form.addRow(_("Place or &note:"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Record"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, dt.date, str]:
        """The method's code, the day, the note (trimmed)."""
        return str(self.method.currentData()), picked_date(self.date), self.note.text().strip()


def ask_and_record(parent: QWidget, database: Database, meeting_id: str, heading: str,
                   on_recorded: Callable[[Saved], None], on_failed: Callable[[Exception], None]) -> bool:
    """Ask how and when the results of ``meeting_id`` were made public, then record it on the
    database worker; False when the person cancelled."""
    dialog = PublicationDialog(heading, parent=parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        method, day, note = dialog.values()
    finally:
        dialog.deleteLater()
    database.submit(lambda store: record_publication(store, meeting_id=meeting_id, method=method, published_on=day,
                                                     note=note), on_recorded, on_failed)
    return True


def recorded_line(saved: Saved) -> str:
    """What the dialog says once the publication is recorded."""
    added = saved.meeting.publications[-1]
    return _("Recorded the publication: %(method)s, %(date)s.") % {
        "method": PUBLICATION_METHODS.label(added.method), "date": short_date(added.published_on)}
