"""Importing a commune's existing Excel register of meetings and opinions (File menu).

The clerk chooses the .xlsx; it is read as a job.  Our fields are mapped to the sheet's columns
(guessed from the headings, changed with combo boxes); every change of the mapping previews the
meetings the rows make, with the problems of each row.  Nothing is written until the clerk
presses Import and confirms; the import is then one operation on the database worker, one
transaction (all the meetings or, on an error or Cancel, none), and its result is said in a
sentence.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import l10n
from ..core.errors import Cancelled, user_message
from ..core.register_import import ImportedMeeting, RegisterPreview, RegisterSheet, RowProblem
from ..db.register_import import RegisterImported, import_register
from ..jobs.database import Database
from ..l10n import _, ngettext
from ..reports.register import guess_mapping, preview_register, read_register
from .column_mapping import ColumnMappingGrid
from .main_window import MainWindow
from .progress import run_with_progress
from .row_models import Column, RowsModel

FOLDER_KEY = "register/folder"
PREVIEW_DELAY_MS = 300  # the preview follows the mapping once the clerk pauses


def rows_text(rows: tuple[int, ...]) -> str:
    return str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"


def meeting_columns() -> list[Column[ImportedMeeting]]:
    return [
        Column(_("Rows"), lambda m: rows_text(m.rows), right=True),
        Column(_("Meeting date"), lambda m: l10n.format_date(m.meeting.held_on)),
        Column(_("Meeting"), lambda m: m.meeting.title),
        Column(_("Place"), lambda m: m.meeting.place),
        Column(_("Chair"), lambda m: m.meeting.chair),
        Column(_("Opinions"), lambda m: l10n.format_number(len(m.meeting.opinions)), right=True),
    ]


def problem_columns() -> list[Column[RowProblem]]:
    return [Column(_("Row"), lambda p: str(p.row), right=True), Column(_("Column"), lambda p: p.column),
            Column(_("Problem"), lambda p: p.message)]


class _Progress(QObject):
    """Carries the import's progress from the database worker to the dialog (a queued signal)."""

    step = Signal(int, int)


def _table(model: RowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class RegisterImportDialog(QDialog):
    """File → mapping → preview → Import (confirmed) → the result in a sentence."""

    def __init__(self, database: Database, settings: QSettings, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database = database
        self.settings = settings
        self._today = today
        self.path: Path | None = None
        self.sheet: RegisterSheet | None = None
        self.preview: RegisterPreview | None = None
        self.imported: RegisterImported | None = None
        self._previewing = False
        self.setWindowTitle(_("Import an Excel register"))
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.mapping.changed.connect(self._mapping_changed)
        self.resize(1240, 680)
        self._enable()

    def _build(self) -> None:
        self.file_label = QLabel(_("No file chosen yet."), self)
        self.choose_button = QPushButton(_("&Choose the file…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.activated.connect(lambda _i: self._sheet_chosen())
        sheet_label = QLabel(_("S&heet:"), self)
        sheet_label.setBuddy(self.sheet_combo)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(sheet_label)
        top.addWidget(self.sheet_combo)
        self.mapping = ColumnMappingGrid(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping)
        self.meetings = RowsModel(meeting_columns(), self)
        self.problems = RowsModel(problem_columns(), self, warn=lambda _p: True)
        self.meetings_view, self.problems_view = _table(self.meetings, self), _table(self.problems, self)
        for view, widths in ((self.meetings_view, (55, 90, 200, 140, 120, 60)), (self.problems_view, (50, 150))):
            for column, width in enumerate(widths):
                view.horizontalHeader().resizeSection(column, width)
        # The meeting's name takes what the other columns leave, so the count of opinions stays in view.
        self.meetings_view.horizontalHeader().setStretchLastSection(False)
        self.meetings_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.meetings_label = QLabel(_("&Meetings found:"), self)
        self.meetings_label.setBuddy(self.meetings_view)
        self.problems_label = QLabel(_("P&roblems, row by row:"), self)
        self.problems_label.setBuddy(self.problems_view)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.meetings_label, 0), (self.meetings_view, 3), (self.problems_label, 0),
                                (self.problems_view, 2)):
            column.addWidget(widget, stretch)
        splitter = QSplitter(self)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setSizes([640, 600])
        self.summary = QLabel(_("Choose the register (.xlsx) to import."), self)
        self.summary.setWordWrap(True)
        self.skip_invalid = QCheckBox(_("&Leave out the meetings that have problems"), self)
        self.skip_invalid.toggled.connect(lambda _on: self._enable())
        self.import_button = QPushButton(_("&Import…"), self)
        self.import_button.clicked.connect(self.confirm_and_import)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_invalid)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addLayout(bottom)

    def _enable(self) -> None:
        preview = self.preview
        ready = (preview is not None and bool(preview.meetings) and not self._previewing and self.imported is None
                 and (preview.ok or self.skip_invalid.isChecked()))
        self.import_button.setEnabled(ready)
        self.skip_invalid.setEnabled(bool(preview and preview.problems) and self.imported is None)
        self.sheet_combo.setEnabled(self.sheet is not None and len(self.sheet.sheets) > 1)

    # ----- reading the file
    def choose_file(self) -> None:
        folder = str(self.settings.value(FOLDER_KEY, "") or Path.home())
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the Excel register"), folder,
                                                    _("Excel workbooks (*.xlsx)"))
        if path:
            self.settings.setValue(FOLDER_KEY, str(Path(path).parent))
            self.read(Path(path))

    def read(self, path: Path, sheet: str | None = None) -> None:
        """Read ``path`` (its sheet ``sheet``, else the first) as a job, then preview it."""
        self.path = path
        self.file_label.setText(str(path))
        run_with_progress(self, _("Reading the register…"), lambda **_kw: read_register(path, sheet=sheet),
                          on_done=self._read, on_error=self._read_failed)

    def _read(self, sheet: RegisterSheet) -> None:
        self.sheet = sheet
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheet.sheets))
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findText(sheet.sheet), 0))
        self.imported = None
        self.mapping.set_sheet(sheet.headings, guess_mapping(sheet.headings))  # previews, through `changed`
        self.refresh_preview()

    def _read_failed(self, error: Exception) -> None:
        self.sheet, self.preview = None, None
        self.meetings.set_rows([])
        self.problems.set_rows([])
        self.summary.setText(self._message(error))
        self._enable()

    def _sheet_chosen(self) -> None:
        if self.path is not None and self.sheet is not None and self.sheet_combo.currentText() != self.sheet.sheet:
            self.read(self.path, self.sheet_combo.currentText())

    # ----- preview
    def _mapping_changed(self) -> None:
        if self.sheet is not None:
            self._timer.start()

    def refresh_preview(self) -> None:
        """Apply the mapping to the rows (a job); what the import would add shows in the tables."""
        self._timer.stop()
        sheet = self.sheet
        if sheet is None:
            return
        mapping, today = self.mapping.mapping(), self._today()
        self._previewing = True
        self._enable()
        run_with_progress(self, _("Checking the rows…"),
                          lambda *, progress, cancelled: preview_register(sheet, mapping, today=today,
                                                                          progress=progress, cancelled=cancelled),
                          on_done=self._previewed, on_error=self._preview_failed, on_cancel=self._preview_cancelled)

    def _previewed(self, preview: RegisterPreview) -> None:
        self._previewing = False
        self.preview = preview
        self.meetings.set_rows(preview.meetings)
        self.problems.set_rows(preview.problems)
        n = l10n.format_number
        found = ngettext("%(rows)s row read: %(meetings)s meetings with %(opinions)s opinions can be imported.",
                         "%(rows)s rows read: %(meetings)s meetings with %(opinions)s opinions can be imported.",
                         preview.rows_read) % {"rows": n(preview.rows_read), "meetings": n(len(preview.meetings)),
                                               "opinions": n(preview.opinions)}
        bad = len({p.row for p in preview.problems})
        if bad:
            found += " " + ngettext("%(n)s row has a problem: correct the register or the columns, or leave out "
                                    "the meetings that have problems.",
                                    "%(n)s rows have problems: correct the register or the columns, or leave out "
                                    "the meetings that have problems.", bad) % {"n": n(bad)}
        if self.sheet is not None and self.sheet.truncated:
            found += " " + _("Only the first %(n)s rows were read.") % {"n": n(preview.rows_read)}
        self.summary.setText(found + " " + _("Nothing is added until you press Import."))
        self._enable()

    def _preview_failed(self, error: Exception) -> None:
        self._previewing = False
        self.preview = None
        self.summary.setText(self._message(error))
        self._enable()

    def _preview_cancelled(self) -> None:
        self._previewing = False
        self.preview = None
        self.meetings.set_rows([])
        self.problems.set_rows([])
        self.summary.setText(_("The check was cancelled; nothing was added."))
        self._enable()

    # ----- import
    def confirm_and_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.meetings:
            return
        skip = bool(preview.problems) and self.skip_invalid.isChecked()
        question = ngettext("Add %(n)s meeting with its opinions to the data file?",
                            "Add %(n)s meetings with their opinions to the data file?", len(preview.meetings)) % {
            "n": l10n.format_number(len(preview.meetings))}
        if skip:
            question += " " + _("The meetings that have problems are left out.")
        answer = QMessageBox.question(self, _("Import an Excel register"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.run_import(preview, skip_invalid=skip)

    def run_import(self, preview: RegisterPreview, *, skip_invalid: bool) -> None:
        """The import as one operation on the database worker, with a progress dialog whose
        Cancel rolls the whole transaction back."""
        stop = threading.Event()
        signals = _Progress(self)
        dialog = QProgressDialog(self)  # its Cancel button in Qt's own (translated) words
        dialog.setLabelText(_("Adding the meetings…"))
        dialog.setRange(0, max(len(preview.meetings), 1))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(stop.set)
        signals.step.connect(lambda done, _total: dialog.setValue(done))
        self.progress_dialog = dialog
        self.import_button.setEnabled(False)

        def finish(callback: Callable[..., None], *args: object) -> None:
            dialog.hide()
            dialog.deleteLater()
            signals.deleteLater()
            callback(*args)

        self.database.submit(
            lambda store: import_register(store, preview=preview, confirmed=True, skip_invalid=skip_invalid,
                                          progress=signals.step.emit, cancelled=stop.is_set),
            lambda result: finish(self._imported, result), lambda error: finish(self._import_failed, error))

    def _imported(self, result: RegisterImported) -> None:
        self.imported = result
        n = l10n.format_number
        text = ngettext("Imported %(n)s meeting with %(opinions)s opinions.",
                        "Imported %(n)s meetings with %(opinions)s opinions.", result.meetings) % {
            "n": n(result.meetings), "opinions": n(result.opinions)}
        if result.already_there:
            text += " " + ngettext("%(n)s meeting was already in the data file and was not added again.",
                                   "%(n)s meetings were already in the data file and were not added again.",
                                   result.already_there) % {"n": n(result.already_there)}
        self.summary.setText(text)
        self._enable()

    def _import_failed(self, error: Exception) -> None:
        self.summary.setText(_("The import was cancelled; nothing was added.") if isinstance(error, Cancelled)
                             else self._message(error))
        self._enable()

    def _message(self, error: Exception) -> str:
        return user_message(error)


def install_register_import(window: MainWindow, database: Database, settings: QSettings) -> QAction:
    """"Import an Excel register…" in the File menu, before Quit."""
    action = QAction(_("Import an &Excel register…"), window)
    action.setToolTip(_("Add the meetings and opinions of a register kept in Excel"))

    def open_dialog() -> None:
        dialog = RegisterImportDialog(database, settings, window)
        dialog.exec()
        dialog.deleteLater()

    action.triggered.connect(open_dialog)
    actions = window.file_menu.actions()
    quit_separator = next((a for a in reversed(actions) if a.isSeparator()), None)
    window.file_menu.insertAction(quit_separator, action)
    window.register_import_action = action
    return action
