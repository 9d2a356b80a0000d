"""Importing a commune's existing register of meetings and opinions (File menu).

The .xlsx, .xls or .ods is read as a job (every sheet laid out like the first); Cancel stops the
read and leaves the dialog as it was.  Columns are guessed from headings and values (or as last
time for this layout), coded values translated in a table; every change previews the meetings,
with each row left out and why (wrapped, and whole in the pane below).  Nothing is written until
Import is confirmed: one transaction on the database worker, all or (on error or Cancel) none.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.errors import Cancelled, user_message
from ...core.register_import import ColumnMapping, RegisterPreview, RegisterSheet, preview_summary
from ...db.register_import import RegisterImported, import_register, saved_mapping
from ...jobs.database import Database
from ...l10n import _, ngettext
from ...reports.register import MappedPreview, guess_mapping, preview_with_values
from ...reports.register_read import read_register
from .column_mapping import ColumnMappingGrid
from ..widgets.progress import dismiss, run_with_progress
from ..widgets.tables import table_view
from .import_tables import MEETING_TEXTS, Progress, legacy_view, meeting_columns
from .import_tables import problem_columns, problem_views
from ..widgets.row_models import RowsModel
from .value_mapping import ValueMappingTable
from ...core.settings import REGISTER_FOLDER
from ..widgets.settings import read, write
from ..widgets.screen_fit import fit_to_screen

PREVIEW_DELAY_MS = 300  # the preview follows the mapping once the clerk pauses


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
        self.layouts: dict[str, ColumnMapping] = {}  # mapping per layout signature, kept across re-reads
        self.imported: RegisterImported | None = None
        self._previewing = False
        self.setWindowTitle(_("Import an Excel register"))
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.mapping.changed.connect(self._mapping_changed)
        fit_to_screen(self, 1240, 680)
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
        self.values = ValueMappingTable(self)
        self.values.changed.connect(self._values_changed)
        self.tabs = tabs = QTabWidget(self)
        tabs.addTab(scroll, _("Col&umns"))
        tabs.addTab(self.values, _("&Values"))
        self.legacy, legacy_table = legacy_view(self)
        tabs.addTab(legacy_table, _("Legacy &fonts"))
        self.meetings = RowsModel(meeting_columns(), self)
        self.problems = RowsModel(problem_columns(), self, warn=lambda _p: True)
        # Columns fitted to their headings and values, the meeting and its place sharing the rest:
        # narrower than elsewhere when they must, so the count of tasks stays in view in a pane of
        # half the dialog.
        self.meetings_view = table_view(self.meetings, self, flexible=MEETING_TEXTS, short=100)
        self.problems_view, self.detail = problem_views(self.problems, self)
        self.problems_view.selectionModel().currentRowChanged.connect(lambda current, _p: self._show_problem(current))
        self.meetings_label = QLabel(_("&Meetings found:"), self)
        self.meetings_label.setBuddy(self.meetings_view)
        self.problems_label = QLabel(_("P&roblems, row by row:"), self)
        self.problems_label.setBuddy(self.problems_view)
        right = QWidget(self)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.meetings_label, 0), (self.meetings_view, 3), (self.problems_label, 0),
                                (self.problems_view, 2), (self.detail, 0)):
            right_column.addWidget(widget, stretch)
        splitter = QSplitter(self)
        splitter.addWidget(tabs)
        splitter.addWidget(right)
        splitter.setSizes([560, 680])
        self.summary = QLabel(_("Choose the register (.xlsx, .xls or .ods) to import."), self)
        self.summary.setWordWrap(True)
        self.skip_invalid = QCheckBox(_("&Leave out the rows that have problems"), self)
        self.skip_invalid.toggled.connect(lambda _on: self._enable())
        self.import_button = QPushButton(_("&Import…"), self)
        self.import_button.clicked.connect(self.confirm_and_import)
        self.export_button = QPushButton(_("&Save the rows left out…"), self)
        self.export_button.clicked.connect(self.export_left_out)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_invalid)
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
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
        self.export_button.setEnabled(bool(preview and preview.problems) and not self._previewing)
        self.sheet_combo.setEnabled(self.sheet is not None and len(self.sheet.sheets) > 1)

    # ----- reading the file
    def choose_file(self) -> None:
        folder = read(self.settings, REGISTER_FOLDER) or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the Excel register"), folder,
                                                    _("Spreadsheets (*.xlsx *.xls *.ods)"))
        if path:
            write(self.settings, REGISTER_FOLDER, str(Path(path).parent))
            self.read(Path(path))

    def read(self, path: Path, sheet: str | None = None) -> None:
        """Read ``path`` (its sheet ``sheet``, else every sheet laid out like the first) as a job,
        then preview it.  Cancel stops the read and leaves the dialog as it was."""
        before = self.file_label.text()
        self.file_label.setText(str(path))
        self.choose_button.setEnabled(False)
        self.import_button.setEnabled(False)

        def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> RegisterSheet:
            return read_register(path, sheet=sheet, all_sheets=sheet is None, cancelled=cancelled)

        def cancelled() -> None:
            self.file_label.setText(before)
            self.choose_button.setEnabled(True)
            self.summary.setText(_("The reading was cancelled; the dialog is as it was."))
            self._enable()
        self.read_job = run_with_progress(self, _("Reading the register…"), work,
                                          on_done=lambda result: self._read(path, result),
                                          on_error=self._read_failed, on_cancel=cancelled)

    def _read(self, path: Path, sheet: RegisterSheet) -> None:
        self.choose_button.setEnabled(True)
        self.path = path
        self.sheet = sheet
        self.sheet_combo.clear()
        if len(sheet.read_sheets) > 1:
            self.sheet_combo.addItem(_("All sheets laid out alike (%(n)d)") % {"n": len(sheet.read_sheets)}, None)
        for name in sheet.sheets:
            self.sheet_combo.addItem(name, name)
        self.sheet_combo.setCurrentIndex(0 if len(sheet.read_sheets) > 1 else
                                         max(self.sheet_combo.findData(sheet.sheet), 0))
        self.imported = None
        self.legacy.set_rows(sheet.legacy)
        remembered = self.layouts.get(sheet.signature)
        if remembered is not None:
            self._apply_mapping(sheet, remembered, None)
            return
        signature = sheet.signature
        self.database.submit(lambda store: saved_mapping(store, signature),
                             lambda saved: self._apply_mapping(sheet, saved, None) if saved is not None
                             else self._guess(sheet), lambda _error: self._guess(sheet))

    def _guess(self, sheet: RegisterSheet) -> None:
        self._run_guess = run_with_progress(self, _("Reading the register…"), lambda **_kw: guess_mapping(sheet),
                                            on_done=lambda g: self._apply_mapping(sheet, g.mapping, g.scores),
                                            on_error=self._read_failed)

    def _apply_mapping(self, sheet: RegisterSheet, mapping: ColumnMapping, scores: dict[str, float] | None) -> None:
        if sheet is not self.sheet:
            return
        self.mapping.set_sheet(sheet.headings, sheet.columns, mapping, scores)  # previews, through `changed`
        self.refresh_preview()

    def _read_failed(self, error: Exception) -> None:
        self.choose_button.setEnabled(True)
        self.sheet, self.preview = None, None
        self.meetings.set_rows([])
        self.problems.set_rows([])
        self.summary.setText(self._message(error))
        self._enable()

    def _sheet_chosen(self) -> None:
        if self.path is not None and self.sheet is not None:
            self.read(self.path, self.sheet_combo.currentData())

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
                          lambda *, progress, cancelled: preview_with_values(sheet, mapping, today=today,
                                                                             progress=progress, cancelled=cancelled),
                          on_done=self._previewed, on_error=self._preview_failed, on_cancel=lambda: self._preview_failed(None))

    def _values_changed(self) -> None:
        self.mapping.values = self.values.values()
        self._mapping_changed()

    def _show_problem(self, current: QModelIndex) -> None:
        rows = self.preview.problems if self.preview is not None else ()
        self.detail.setPlainText(str(rows[current.row()]) if 0 <= current.row() < len(rows) else "")

    def _previewed(self, done: MappedPreview) -> None:
        self._previewing = False
        preview = done.preview
        self.preview = preview
        if self.sheet is not None:
            self.layouts[self.sheet.signature] = done.mapping
        if done.mapping.values != self.mapping.values or self.values.rowCount() == 0:
            self.mapping.values = {k: dict(v) for k, v in done.mapping.values.items()}
            self.values.blockSignals(True)
            self.values.set_values(done.distinct, done.mapping.values)
            self.values.blockSignals(False)
        self.meetings.set_rows(preview.meetings)
        self.problems.set_rows(preview.problems)
        found = preview_summary(preview, truncated=self.sheet is not None and self.sheet.truncated)
        if self.sheet is not None and self.sheet.other_layouts:
            found += " " + _("Sheets laid out differently, not read: %(sheets)s") % {
                "sheets": ", ".join(self.sheet.other_layouts)}
        self.summary.setText(found + " " + _("Nothing is added until you press Import."))
        self._enable()

    def _preview_failed(self, error: Exception | None) -> None:
        self._previewing = False
        self.preview = None
        if error is None:  # cancelled
            self.meetings.set_rows([])
            self.problems.set_rows([])
        self.summary.setText(_("The check was cancelled; nothing was added.") if error is None else self._message(error))
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
            question += " " + _("The rows that have problems are left out.")
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
        layout = (self.sheet.signature, self.mapping.mapping()) if self.sheet is not None else None
        signals = Progress(self)
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
            dismiss(dialog)  # for good: never back over the message that follows
            signals.deleteLater()
            callback(*args)

        self.database.submit(
            lambda store: import_register(store, preview=preview, confirmed=True, skip_invalid=skip_invalid,
                                          layout=layout, progress=signals.step.emit, cancelled=stop.is_set),
            lambda result: finish(self._imported, result), lambda error: finish(self._import_failed, error))

    def _imported(self, result: RegisterImported) -> None:
        self.imported = result
        n = l10n.format_number
        text = ngettext("Imported %(n)s meeting with %(opinions)s opinions and %(tasks)s tasks.",
                        "Imported %(n)s meetings with %(opinions)s opinions and %(tasks)s tasks.", result.meetings) % {
            "n": n(result.meetings), "opinions": n(result.opinions), "tasks": n(result.tasks)}
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

    def export_left_out(self) -> None:
        """Save the rows left out, with why, as a workbook to correct (a job: the UI does no I/O)."""
        sheet, preview = self.sheet, self.preview
        if sheet is None or preview is None or not preview.problems:
            return
        folder = read(self.settings, REGISTER_FOLDER) or str(Path.home())
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the rows left out"),
                                                    str(Path(folder) / _("rows-left-out.xlsx")),
                                                    _("Excel workbooks (*.xlsx)"))
        if not path:
            return
        target = Path(path).with_suffix(".xlsx")
        run_with_progress(self, _("Saving the rows left out…"), lambda **_kw: _write_left_out(target, sheet, preview),
                          on_done=lambda n: self.summary.setText(
                              ngettext("%(n)s row left out was saved in %(path)s.",
                                       "%(n)s rows left out were saved in %(path)s.", n)
                              % {"n": l10n.format_number(n), "path": target}),
                          on_error=lambda error: self.summary.setText(self._message(error)))

    def _message(self, error: Exception) -> str:
        return user_message(error)


def _write_left_out(target: Path, sheet: RegisterSheet, preview: RegisterPreview) -> int:
    """The rows left out as a workbook (on the job's thread: openpyxl is imported then, not when
    the program starts)."""
    from ...reports.register_problems import write_left_out

    return write_left_out(target, sheet, preview)
