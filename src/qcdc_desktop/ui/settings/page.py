"""Settings: the language, this office's unit, its officials, backups and where the data file is.

Reads and writes go through the database worker; the page shows what came back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core import catalog
from ...core.changes import Changes
from ...db.connection import Store
from ...core.errors import user_message
from ...core.model import Official
from ...db.backup import BackupInfo, backup_dir
from ...db.officials import add_official, set_official_active, update_official
from ...jobs.database import Database
from ...l10n import N_, _
from ...work.office import OfficeData, backup_work, read_backups, read_office
from ..widgets.language import LANGUAGE_NAMES, save_language, saved_language
from .official_dialog import OfficialDialog
from ..printout.print_settings import DefaultPrinterChooser
from ..widgets.backups import describe_reason, taken_when
from ..widgets.messages import clear_on_leave
from ..widgets.scrolling import scrolled_body
from ..widgets.progress import run_with_progress
from .lock_setting import LockMinutes
from .phone_setting import SendPhones
from .. import session
from ...core.roles import Operation

log = logging.getLogger(__name__)


def _table(columns: int, parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setTabKeyNavigation(False)
    return table


class _StatusLabel(QLabel):
    """A line that says what just happened; it takes no room while there is nothing to say."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setVisible(bool(text))


class SettingsPage(QWidget):
    """``restart_requested`` asks the composition root to open the window again in the language
    just chosen (nothing is lost: the window closes as the person would close it)."""

    restart_requested = Signal(str)

    def __init__(self, database: Database, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.settings = settings
        self.data: OfficeData | None = None
        self.running_language = l10n.get_language()
        body = scrolled_body(self)
        grid = QGridLayout(body)
        grid.addWidget(self._language_box(body), 0, 0)
        grid.addWidget(self._unit_box(body), 0, 1)
        grid.addWidget(self._officials_box(body), 1, 0, 1, 2)
        grid.addWidget(self._backups_box(body), 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        database.changed.connect(self._on_changes)
        clear_on_leave(self, self.officials_status, self.backup_status)

    # ----- building
    def _language_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("This computer"), parent)
        layout = QVBoxLayout(box)
        self.lock_minutes = LockMinutes(self.settings, box)
        layout.addWidget(self.lock_minutes)
        self.default_printer = DefaultPrinterChooser(self.settings, box)
        layout.addWidget(self.default_printer)
        row = QHBoxLayout()
        label = QLabel(_("&Language of the application:"), box)
        self.language = QComboBox(box)
        label.setBuddy(self.language)
        for code in l10n.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(self.language.findData(saved_language(self.settings)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        row.addWidget(label)
        row.addWidget(self.language, 1)
        layout.addLayout(row)
        self.language_note = QLabel(box)
        self.language_note.setWordWrap(True)
        layout.addWidget(self.language_note)
        self.restart = QPushButton(_("&Restart now"), box)
        self.restart.clicked.connect(lambda: self.restart_requested.emit(self.language.currentData()))
        layout.addWidget(self.restart, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self._update_language_note()
        return box

    def _unit_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("This office"), parent)
        form = QFormLayout(box)
        self.unit_labels: dict[str, QLabel] = {}
        for key, text in (("name", _("Unit:")), ("code", _("Code:")), ("province", _("Province:")),
                          ("role", _("Role:")), ("path", _("Data file:"))):
            label = QLabel("…", box)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.unit_labels[key] = label
            form.addRow(text, label)
        self.unit_labels["path"].setText(str(self.database.path))
        note = QLabel(_("The unit is fixed when the data file is created."), box)
        note.setWordWrap(True)
        form.addRow(note)
        self.send_phones = SendPhones(self.database, box)
        form.addRow(self.send_phones)
        return box

    def _officials_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Officials"), parent)
        layout = QVBoxLayout(box)
        self.officials = _table(4, box)
        self.officials.setHorizontalHeaderLabels([_("Full name"), _("Job title"), _("Track"), _("Status")])
        header = self.officials.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.officials.itemSelectionChanged.connect(self._update_official_buttons)
        self.officials.itemDoubleClicked.connect(lambda _item: self._edit_official())
        layout.addWidget(self.officials, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("A&dd…"), box)
        self.edit_button = QPushButton(_("Edi&t…"), box)
        self.active_button = QPushButton(_("Mark &inactive"), box)
        self.add_button.clicked.connect(self._add_official)
        self.edit_button.clicked.connect(self._edit_official)
        self.active_button.clicked.connect(self._toggle_active)
        for button in (self.add_button, self.edit_button, self.active_button):
            row.addWidget(button)
            button.setVisible(session.may(Operation.MANAGE_OFFICIALS))  # offered to whom may use it
        row.addStretch(1)
        layout.addLayout(row)
        self.officials_status = _StatusLabel(box)
        layout.addWidget(self.officials_status)
        self._update_official_buttons()
        return box

    def _backups_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Backups"), parent)
        layout = QVBoxLayout(box)
        intro = QLabel(_("A checked copy of the data file is made every day when the application opens; "
                         "the latest ten are kept in the “backups” folder beside the data file."), box)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.backups = _table(3, box)
        self.backups.setHorizontalHeaderLabels([_("Date and time"), _("Made"), _("Size")])
        header = self.backups.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Room for five backups without scrolling, whatever the font size; the officials take the rest.
        rows = self.backups.verticalHeader().defaultSectionSize()
        self.backups.setMinimumHeight(3 * rows)
        self.backups.setMaximumHeight(6 * rows + 4)
        layout.addWidget(self.backups)
        row = QHBoxLayout()
        self.backup_button = QPushButton(_("&Back up now"), box)
        self.folder_button = QPushButton(_("&Open backup folder"), box)
        self.backup_button.clicked.connect(self._back_up)
        self.folder_button.clicked.connect(self._open_folder)
        self.folder_button.setEnabled(False)
        self.backup_button.setVisible(session.may(Operation.BACKUP))
        row.addWidget(self.backup_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.backup_status = _StatusLabel(box)
        layout.addWidget(self.backup_status)
        return box

    # ----- language
    def _language_chosen(self, _index: int) -> None:
        save_language(self.settings, self.language.currentData())
        self._update_language_note()

    def _update_language_note(self) -> None:
        changed = self.language.currentData() != self.running_language
        self.restart.setVisible(changed)
        if changed:
            # Said in both languages: whoever picked the new one may not read the current one.
            message = N_("Saved. The new language applies when the window opens again: restart now, "
                         "or it applies the next time you start QCDC Desktop.")
            lines = dict.fromkeys((_(message), l10n.gettext_in(self.language.currentData(), message)))
            self.language_note.setText("\n".join(lines))
        else:
            self.language_note.setText(_("The language applies to the whole application and to Qt's own "
                                         "buttons and dialogs."))

    # ----- data
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.database.submit(read_office, self._show, self._failed_to_read)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("officials") or changes.settings:
            self.refresh()

    def _failed_to_read(self, error: Exception) -> None:
        self.officials_status.setText(self._message(error))

    def _show(self, data: OfficeData) -> None:
        self.data = data
        unit = data.unit
        self.unit_labels["name"].setText(unit.name)
        self.unit_labels["code"].setText(unit.code)
        self.unit_labels["province"].setText(unit.province_name or "—")
        self.unit_labels["role"].setText(catalog.ROLES.label(unit.role) if unit.role in catalog.ROLES else unit.role)
        self.send_phones.show_value(data.sends_phones, unit.role)
        self._show_officials(data.officials)
        self._show_backups(data.backups)

    def _show_officials(self, officials: list[Official]) -> None:
        selected = self._selected_official()
        keep = selected.id if selected else None
        self.officials.setRowCount(0)
        for official in officials:
            row = self.officials.rowCount()
            self.officials.insertRow(row)
            track = catalog.TRACKS.label(official.track) if official.track in catalog.TRACKS else official.track
            status = _("Active") if official.active else _("Inactive")
            for column, text in enumerate((official.name, official.title, track, status)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, official.id)
                if not official.active:
                    item.setForeground(self.palette().placeholderText())
                self.officials.setItem(row, column, item)
            if official.id == keep:
                self.officials.selectRow(row)
        self._update_official_buttons()

    def _show_backups(self, backups: list[BackupInfo]) -> None:
        self.backups.setRowCount(0)
        for info in backups:
            row = self.backups.rowCount()
            self.backups.insertRow(row)
            when = taken_when(info)
            size = _("%(n)s KB") % {"n": l10n.format_number(max(1, round(info.size / 1024)))}
            for column, text in enumerate((when, describe_reason(info.reason), size)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.backups.setItem(row, column, item)
        self.folder_button.setEnabled(bool(backups))
        if not backups:
            self.backup_status.setText(_("No backup yet."))

    # ----- officials
    def _selected_official(self) -> Official | None:
        rows = self.officials.selectionModel().selectedRows()
        item = self.officials.item(rows[0].row(), 0) if rows else None
        if item is None or self.data is None:
            return None
        official_id = item.data(Qt.ItemDataRole.UserRole)
        return next((o for o in self.data.officials if o.id == official_id), None)

    def _update_official_buttons(self) -> None:
        official = self._selected_official()
        self.edit_button.setEnabled(official is not None)
        self.active_button.setEnabled(official is not None)
        self.active_button.setText(_("Mark &active") if official and not official.active else _("Mark &inactive"))

    def _add_official(self) -> None:
        dialog = OfficialDialog(None, self)
        if dialog.exec() and dialog.official:
            o = dialog.official
            self._write(partial(add_official, name=o.name, title=o.title, track=o.track), _("Official added."))

    def _edit_official(self) -> None:
        if not session.may(Operation.MANAGE_OFFICIALS):
            return
        official = self._selected_official()
        if official is None or official.id is None:
            return
        official_id = official.id
        dialog = OfficialDialog(official, self)
        if dialog.exec() and dialog.official:
            o = dialog.official
            self._write(partial(update_official, official_id=official_id, name=o.name, title=o.title, track=o.track),
                        _("Official saved."))

    def _toggle_active(self) -> None:
        official = self._selected_official()
        if official is None or official.id is None:
            return
        done = _("%(name)s is marked active again.") if not official.active else _(
            "%(name)s is marked inactive; notices already printed keep the name.")
        self._write(partial(set_official_active, official_id=official.id, active=not official.active),
                    done % {"name": official.name})

    def _write(self, op: Callable[[Store], Changes], done: str) -> None:
        self.officials_status.setText(_("Saving…"))
        self.database.submit(op, lambda _changes: self.officials_status.setText(done),
                             lambda error: self.officials_status.setText(self._message(error)))

    # ----- backups
    def _back_up(self) -> None:
        self.backup_button.setEnabled(False)
        self.backup_status.setText(_("Making a backup and checking it…"))
        run_with_progress(self, _("Making a backup and checking it…"), backup_work(self.database.path),
                          on_done=self._backed_up, on_error=self._backup_failed, on_cancel=self._backup_cancelled)

    def _backup_cancelled(self) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setText(_("The backup was cancelled; no copy was kept."))

    def _backed_up(self, path: Path) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setText(_("Backup made and checked: %(path)s") % {"path": path})
        self.database.changed.emit(Changes(backups=True))  # the overview names the latest backup
        self.database.submit(read_backups, self._show_backups_kept_status)

    def _show_backups_kept_status(self, backups: list[BackupInfo]) -> None:
        status = self.backup_status.text()
        self._show_backups(backups)
        self.backup_status.setText(status)

    def _backup_failed(self, error: Exception) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setText(self._message(error))

    def _open_folder(self) -> None:
        folder = backup_dir(self.database.path)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.backup_status.setText(_("The folder could not be opened; it is %(path)s") % {"path": folder})

    @staticmethod
    def _message(error: Exception) -> str:
        return user_message(error)
