"""The Notices place: the unit's outgoing-document register for a year, every number taken (a
cancelled document keeps its number), and from there the documents of a meeting.  Also the batch
of notices for the meetings selected in the Meetings list, printed or saved into a folder, with a
progress bar and Cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
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

from ... import l10n
from ...core.changes import Changes
from ...core.errors import user_message
from ...core.model import RegisterEntry
from ...core.notice import NOTICE
from ...db.register import cancel_notice, list_register
from ..widgets.reason import ask_reason
from ...jobs.database import Database
from ...l10n import _, ngettext
from ...work.documents import batch_documents, save_batch_work
from .document_dialog import DocumentDialog
from .kinds import document_names
from ..printout.pdf_output import ask_printer
from ..meetings.list_page import ListPage
from ..main_window import MainWindow
from ..printout.print_job import PrintRun
from ..widgets.progress import run_with_progress
from .. import session
from ...core.roles import Operation
from ...core.settings import DOCUMENTS_FOLDER
from ..widgets.settings import read, write

ENTRY_ROLE = Qt.ItemDataRole.UserRole


def entry_state(entry: RegisterEntry, symbols: dict[str, str]) -> str:
    if entry.superseded_by:
        return _("Replaced by %(symbol)s") % {"symbol": symbols.get(entry.superseded_by, "…")}
    if entry.cancelled:
        return _("Cancelled (the number is kept)")
    if entry.replaces:
        return _("Issued, corrects %(symbol)s") % {"symbol": symbols.get(entry.replaces, "…")}
    return _("Issued")


class NoticesPage(QWidget):
    """The register of one year, newest number first."""

    def __init__(self, database: Database, settings: QSettings, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database = database
        self.settings = settings
        self.entries: list[RegisterEntry] = []
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(today().year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels([_("Number"), _("Date"), _("Document"), _("Summary"), _("Signed by"),
                                              _("State")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, width in ((0, 120), (1, 90), (2, 140), (4, 160), (5, 200)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.open_button = QPushButton(_("&Open the documents of the meeting"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.cancel_button = QPushButton(_("&Cancel this document…"), self)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.cancel_button.setVisible(session.may(Operation.CANCEL_DOCUMENTS))
        self.status = QLabel(self)
        top = QHBoxLayout()
        label = QLabel(_("&Year:"), self)
        label.setBuddy(self.year)
        top.addWidget(label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def refresh(self) -> None:
        year = self.year.value()
        self.database.submit(lambda store: (year, list_register(store, year=year)), self._show, self._failed)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("register_entries") or changes.touches("meetings"):
            self.refresh()

    def _show(self, result: tuple[int, list[RegisterEntry]]) -> None:
        year, entries = result
        if year != self.year.value():
            return
        self.entries = sorted(entries, key=lambda e: (e.issued_on, e.number), reverse=True)
        symbols = {e.id or "": e.symbol for e in entries}
        names = document_names()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            values = (entry.symbol, l10n.format_date(entry.issued_on), names.get(entry.doc_type, entry.doc_type),
                      entry.summary, entry.signer, entry_state(entry, symbols))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ENTRY_ROLE, row)
                if column == 3:
                    item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.status.setText(ngettext("%(n)d number taken in %(year)d", "%(n)d numbers taken in %(year)d",
                                     len(self.entries)) % {"n": len(self.entries), "year": year})
        self._selection_changed()

    def selected(self) -> RegisterEntry | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.entries[min(rows)] if rows and min(rows) < len(self.entries) else None

    def _selection_changed(self) -> None:
        entry = self.selected()
        self.open_button.setEnabled(bool(entry and entry.meeting_id))
        self.cancel_button.setEnabled(bool(entry and not entry.cancelled))

    def open_selected(self) -> None:
        entry = self.selected()
        if entry and entry.meeting_id:
            dialog = DocumentDialog(self.database, entry.meeting_id, doc_type=entry.doc_type, settings=self.settings,
                                    parent=self)
            dialog.exec()
            dialog.deleteLater()  # its PDF goes with it

    def cancel_selected(self) -> None:
        entry = self.selected()
        if entry is None or entry.cancelled or not session.may(Operation.CANCEL_DOCUMENTS):
            return
        reason = ask_reason(
            self, _("Cancel this document"),
            _("Cancel %(symbol)s of %(date)s? Its number stays in the register and is never given again.")
            % {"symbol": entry.symbol, "date": l10n.format_date(entry.issued_on)}, _("Cancel the &document"))
        if reason is not None:
            entry_id = entry.id or ""
            self.database.submit(lambda store: cancel_notice(store, entry_id=entry_id, reason=reason), None,
                                 self._failed)

    def _failed(self, error: Exception) -> None:
        message = user_message(error)
        QMessageBox.warning(self, _("Notices"), message)


def _show_error(parent: QWidget, error: Exception) -> None:
    message = user_message(error)
    QMessageBox.warning(parent, _("Notices"), message)


def install_notices(window: MainWindow, database: Database, db_path: Path, settings: QSettings,
                    meetings: ListPage) -> NoticesPage:
    """The Notices place, after the Tasks list; File menu actions for the meeting being edited and
    for the meetings selected in the Meetings list."""
    page = NoticesPage(database, settings, parent=window)
    window.add_page("notices", _("Notices"), page, after="tasks")
    database.changed.connect(page.on_changes)
    window.page_changed.connect(lambda key: page.refresh() if key == "notices" else None)
    meetings.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def documents_of_current() -> None:
        meeting_id = window.chosen_meeting()
        if not meeting_id:
            QMessageBox.information(window, _("Notices"), _(
                "Open a saved meeting in the entry form, or select one in a list, first."))
            return
        dialog = DocumentDialog(database, meeting_id, settings=settings, parent=window)
        dialog.exec()
        dialog.deleteLater()

    def selection() -> list[str] | None:
        ids = meetings.selected_meeting_ids()
        if not ids:
            QMessageBox.information(window, _("Notices"), _("Select the meetings in the Meetings list first "
                                                            "(Shift or Ctrl with the arrows or a click)."))
            return None
        return ids

    def print_selected() -> None:
        ids = selection()
        if not ids:
            return
        printer = ask_printer(window, settings, NOTICE, _("notices"), None)
        if printer is None:
            return
        run = PrintRun(window, printer, who=session.name(), say=window.statusBar().showMessage,
                       on_error=lambda e: _show_error(window, e))
        run.start(_("Printing the notices…"), batch_documents(db_path, ids, dt.date.today()), len(ids))
        window.batch_print_run = run

    def save_selected() -> None:
        ids = selection()
        if not ids:
            return
        folder = QFileDialog.getExistingDirectory(window, _("Save the notices into the folder"),
                                                  read(settings, DOCUMENTS_FOLDER) or str(Path.home()))
        if not folder:
            return
        write(settings, DOCUMENTS_FOLDER, folder)
        run_with_progress(window, _("Saving the notices…"), save_batch_work(db_path, ids, dt.date.today(), Path(folder)),
                          on_done=lambda batch: window.statusBar().showMessage(ngettext(
                              "Saved %(n)d notice into %(folder)s.", "Saved %(n)d notices into %(folder)s.",
                              len(batch.files)) % {"n": len(batch.files), "folder": folder}),
                          on_error=lambda e: _show_error(window, e))

    documents = QAction(_("&Documents of this meeting…"), window)
    documents.setShortcut(QKeySequence.StandardKey.Print)
    documents.setToolTip(_("Preview, issue, print and save the notice, minutes or invitation (Ctrl+P)"))
    documents.triggered.connect(documents_of_current)
    batch_print = QAction(_("Print the no&tices of the selected meetings…"), window)
    batch_print.triggered.connect(print_selected)
    batch_save = QAction(_("Save the notices of the selected meetings as &PDF…"), window)
    batch_save.triggered.connect(save_selected)
    actions = window.file_menu.actions()
    if len(actions) > 2:  # after the first two of the File menu
        window.file_menu.insertActions(actions[2], [documents, batch_print, batch_save])
        window.file_menu.insertSeparator(actions[2])
    else:
        window.file_menu.addActions([documents, batch_print, batch_save])
        window.file_menu.addSeparator()
    window.documents_action, window.batch_print_action, window.batch_save_action = documents, batch_print, batch_save
    window.update_meeting_actions()
    return page
