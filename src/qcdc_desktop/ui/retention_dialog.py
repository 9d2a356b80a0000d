"""File → Retention of personal data…: the office's retention period, the opinions it has
reached (a preview), and their erasure after a confirmation (db/retention.py, docs/privacy.md).

Offered to whoever may find a person's data (administrator, leader); only an administrator changes
the period; the erasure is for those who may erase (the same two roles).  The preview and the
erasure run as jobs, with a progress bar and Cancel."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import Changes
from ..core.errors import user_message
from ..core.roles import Operation
from ..db.retention import MAX_YEARS, save_retention_years
from ..jobs.database import Database
from ..l10n import _, format_date, format_number, ngettext
from ..work.retention import Preview, apply_work, preview_work
from . import session
from .main_window import MainWindow
from .widgets.progress import run_with_progress
from .widgets.screen_fit import fit_to_screen


class RetentionDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.today = today or dt.date.today()
        self.preview: Preview | None = None
        self.setWindowTitle(_("Retention of personal data"))
        self.setObjectName("retention_dialog")
        layout = QVBoxLayout(self)
        about = QLabel(_("Citizens' personal data is kept no longer than needed. When an opinion has been closed "
                         "(it has an outcome and its tasks are done) for longer than the retention period, the "
                         "speaker's name, the households spoken for and the phone number are erased; the hamlet, "
                         "the field, the outcome and what was said stay, for the statistics and the archives. The "
                         "erasure is kept in the history and sent to the upper level."))
        about.setWordWrap(True)
        layout.addWidget(about)
        row = QHBoxLayout()
        label = QLabel(_("Retention &period (years):"))
        self.years = QSpinBox()
        self.years.setObjectName("years")
        self.years.setRange(1, MAX_YEARS)
        label.setBuddy(self.years)
        self.save_years = QPushButton(_("&Keep as the office's period"))
        self.save_years.setEnabled(session.may(Operation.OFFICE_SETTINGS))
        self.show_button = QPushButton(_("&Show what it erases"))
        self.show_button.setDefault(True)
        for widget in (label, self.years, self.save_years, self.show_button):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel(_("Choose the period, then show what it erases."))
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("due")
        self.table.setHorizontalHeaderLabels([_("Meeting date"), _("Meeting"), _("Opinion no."), _("Closed on")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.erase_button = buttons.addButton(_("&Erase…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.erase_button.setEnabled(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_button.clicked.connect(self.show_due)
        self.save_years.clicked.connect(self.keep_years)
        self.erase_button.clicked.connect(self.erase)
        self.years.valueChanged.connect(self._period_changed)
        fit_to_screen(self, 760, 480)
        run_with_progress(self, _("Reading the office's period…"),
                          partial(preview_work, database.path, None, self.today), on_done=self._first_preview,
                          on_error=self._failed)

    def _first_preview(self, preview: Preview) -> None:
        self.years.blockSignals(True)
        self.years.setValue(preview.years)
        self.years.blockSignals(False)
        self._show(preview)

    def _period_changed(self, _value: int) -> None:
        self.preview = None
        self.erase_button.setEnabled(False)
        self.table.setRowCount(0)
        self.summary.setText(_("Choose the period, then show what it erases."))

    def show_due(self) -> None:
        self.show_button.setEnabled(False)
        run_with_progress(self, _("Looking for the opinions the period has reached…"),
                          partial(preview_work, self.database.path, self.years.value(), self.today),
                          on_done=self._show, on_error=self._failed, on_cancel=lambda: self.show_button.setEnabled(True))

    def _show(self, preview: Preview) -> None:
        self.show_button.setEnabled(True)
        self.preview = preview
        self.table.setRowCount(len(preview.due))
        for row, item in enumerate(preview.due):
            cells = (format_date(dt.date.fromisoformat(item.held_on)), item.meeting_title, format_number(item.position),
                     format_date(dt.date.fromisoformat(item.closed_on)))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if preview.due:
            self.table.selectRow(0)
        self.summary.setText(ngettext(
            "%(n)s opinion has been closed for longer than %(years)d years: its speaker's personal data would be "
            "erased.", "%(n)s opinions have been closed for longer than %(years)d years: their speakers' personal "
            "data would be erased.", len(preview.due)) % {"n": format_number(len(preview.due)), "years": preview.years}
            if preview.due else _("No opinion has been closed for longer than %(years)d years: nothing to erase.")
            % {"years": preview.years})
        self.erase_button.setEnabled(bool(preview.due) and session.may(Operation.ERASE_PERSON))

    def keep_years(self) -> None:
        years = self.years.value()
        self.database.submit(partial(save_retention_years, years=years),
                             lambda _changes: self.summary.setText(
                                 _("The office's retention period is now %(years)d years.") % {"years": years}),
                             self._failed)

    def erase(self) -> None:
        preview = self.preview
        if preview is None or not preview.due:
            return
        answer = QMessageBox.question(
            self, _("Erase personal data"),
            ngettext("Erase the speaker's name and phone number of %(n)s opinion? This cannot be undone; the "
                     "erasure is kept in the history and sent to the upper level.",
                     "Erase the speakers' names and phone numbers of %(n)s opinions? This cannot be undone; the "
                     "erasure is kept in the history and sent to the upper level.", len(preview.due))
            % {"n": format_number(len(preview.due))},
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.erase_button.setEnabled(False)
        run_with_progress(self, _("Erasing…"), partial(apply_work, self.database.path, preview),
                          on_done=self._erased, on_error=self._failed, on_cancel=self._cancelled)

    def _erased(self, ids: list[str]) -> None:
        self.summary.setText(_("Erased. The erasure goes to the upper level with the next bundle."))
        self.database.changed.emit(Changes(updated={"opinions": [d.opinion_id for d in (self.preview.due if self.preview
                                                                                         else [])]}))
        self.preview = None
        self.table.setRowCount(0)

    def _cancelled(self) -> None:
        self.summary.setText(_("Cancelled: nothing was erased."))
        self.erase_button.setEnabled(True)

    def _failed(self, error: Exception) -> None:
        self.show_button.setEnabled(True)
        self.summary.setText(user_message(error))


def install_retention(window: MainWindow, database: Database) -> QAction | None:
    """File → Retention of personal data…, for the roles that may see what it would erase."""
    if not session.may(Operation.FIND_PERSON):
        return None
    action = QAction(_("&Retention of personal data…"), window)
    action.setObjectName("retention_action")

    def open_dialog() -> None:
        dialog = RetentionDialog(database, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(open_dialog)
    quit_separator = next((a for a in reversed(window.file_menu.actions()) if a.isSeparator()), None)
    if quit_separator is None:
        window.file_menu.addAction(action)
    else:
        window.file_menu.insertAction(quit_separator, action)
    return action
