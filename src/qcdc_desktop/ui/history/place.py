"""The History place ("Lịch sử"), for the administrator and the leader (``read_history``): the
office's history filtered by person, period, kind of record and kind of change — at the upper
level also by office, the communes' entries beside its own — newest first, in a paged list that
scrolls through a million entries; the selected entry told in full below; and the filtered
history saved as a PDF with the Decree 30 header or as an Excel workbook for an inspection (a job
with a progress bar and Cancel).  Everything is reachable from the keyboard: each filter has its
Alt letter, the list and the detail follow Tab, the exports have theirs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.errors import QcdcError, user_message
from ...core.history import ACTIONS
from ...core.history_labels import EVENTS, KINDS, action_label, kind_label
from ...core.history_words import Described
from ...core.settings import LIST_FILTER, REPORTS_FOLDER, Setting
from ...db.history_entries import Filter
from ...jobs.job import Job
from ...l10n import _, ngettext
from ...core.office_search import office_key
from ...db.units import office_label as with_code, office_name
from ...work.history import export_work, selection_of
from ..widgets.fields import DateField, type_ahead_on
from ..widgets.progress import run_with_progress
from ..widgets.headers import ColumnFitter, wrapping_header
from ..widgets.settings import read, write
from .model import COLUMNS, ENTRY_ROLE, HistoryModel
from .reading import Choices, choices_work, day_filter, entry_html, entry_work

log = logging.getLogger(__name__)

REFRESH_DELAY_MS = 500


class HistoryPlace(QWidget):
    """The office's history with its filters, the selected entry in full, and its exports."""

    def __init__(self, db_path: Path, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.settings = settings
        self.upper = False
        self.own = ""
        self._started = False
        self._stale = False
        self._detail_job: Job | None = None
        self.model = HistoryModel(self.db_path, parent=self)
        self.model.loading.connect(lambda: self.status.setText(_("Counting…")))
        self.model.loaded.connect(self._show_count)
        self.model.load_failed.connect(self._show_failure)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_DELAY_MS)
        self._refresh.timeout.connect(self._refresh_now)
        self._build()

    # ----- building
    def _build(self) -> None:
        self.person = QComboBox(self)
        self.person.setMinimumContentsLength(18)
        self.person.addItem(_("Everyone"), None)
        self.date_from, self.date_to = DateField(self), DateField(self)
        self.kind = type_ahead_on(QComboBox(self))
        self.kind.addItem(_("All"), None)
        for code, msgid in KINDS.items():
            self.kind.addItem(_(msgid), code)
        for code in EVENTS:
            self.kind.addItem(kind_label(code), code)
        self.action = type_ahead_on(QComboBox(self))
        self.action.addItem(_("All"), None)
        for code in ACTIONS:
            self.action.addItem(action_label(code), code)
        self.office = QComboBox(self)
        self.office.addItem(_("All offices"), None)
        for combo, name in ((self.person, "person"), (self.kind, "kind"), (self.action, "action"),
                            (self.office, "office")):
            combo.setObjectName(name)  # also the name its choice is kept under
        self.office_label = QLabel(_("Offi&ce:"), self)
        self.office_label.setBuddy(self.office)
        first, second = QHBoxLayout(), QHBoxLayout()
        for text, widget, row in ((_("&Person:"), self.person, first), (_("Fro&m:"), self.date_from, first),
                                  (_("T&o:"), self.date_to, first), (_("&Records:"), self.kind, second),
                                  (_("Cha&nges:"), self.action, second)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        second.addWidget(self.office_label)
        second.addWidget(self.office)
        first.addStretch(1)
        second.addStretch(1)
        for combo in (self.person, self.kind, self.action, self.office):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self.apply_filter)
        self.pdf_button = QPushButton(_("Save as P&DF…"), self)
        self.pdf_button.setToolTip(_("The history as selected, for an inspection, with the header of a document"))
        self.xlsx_button = QPushButton(_("Save as E&xcel…"), self)
        self.xlsx_button.setToolTip(_("The history as selected, one row per field changed"))
        self.pdf_button.clicked.connect(partial(self.ask_and_export, ".pdf"))
        self.xlsx_button.clicked.connect(partial(self.ask_and_export, ".xlsx"))
        first.addWidget(self.pdf_button)
        first.addWidget(self.xlsx_button)
        self.table = QTableView(self)
        self.table.setObjectName("history-list")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # a million rows are never measured
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        wrapping_header(self.table)
        # The columns fit what they show, the change taking the room left, until the clerk sets widths.
        ColumnFitter(self.table, flexible=[COLUMNS.index("record"), COLUMNS.index("change")]).keep(
            self.settings, "history")
        self.table.setColumnHidden(COLUMNS.index("office"), True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.list_label = QLabel(_("En&tries, newest first:"), self)
        self.list_label.setBuddy(self.table)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("history-detail")
        self.detail.setAccessibleName(_("The selected entry"))
        self.detail_label = QLabel(_("The selected entry in f&ull:"), self)
        self.detail_label.setBuddy(self.detail)
        top, bottom = QWidget(self), QWidget(self)
        top_layout, bottom_layout = QVBoxLayout(top), QVBoxLayout(bottom)
        top_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.list_label)
        top_layout.addWidget(self.table, 1)
        bottom_layout.addWidget(self.detail_label)
        bottom_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.status = QLabel(self)
        self.status.setObjectName("history-place-status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        order = [self.person, self.date_from, self.date_to, self.pdf_button, self.xlsx_button, self.kind,
                 self.action, self.office, self.table, self.detail]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._show_offices()

    def _show_offices(self) -> None:
        self.office.setVisible(self.upper)
        self.office_label.setVisible(self.upper)
        self.table.setColumnHidden(COLUMNS.index("office"), not self.upper)

    # ----- loading
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._started:
            self.start()
        elif self._stale:
            self._refresh.start()

    def start(self) -> None:
        """Read the history for the first time (when the place is first shown)."""
        self._started = True
        self._restore_filters()
        self._read_choices()
        self.apply_filter()

    def _read_choices(self) -> None:
        job = Job(partial(choices_work, self.db_path), self)
        job.finished.connect(self._fill_choices)
        job.failed.connect(lambda error: log.warning("history filters not read: %s", error))
        job.start()

    def _fill_choices(self, choices: Choices) -> None:
        self.upper, self.own = choices.upper, choices.own
        for combo, values in ((self.person, [(f"{name} ({login})" if name and name != login else login, login)
                                             for login, name in choices.users]),
                              (self.office, [(with_code(o), o) for o in  # this office, then by name
                                             sorted(choices.origins, key=lambda o: (o != choices.own,
                                                                                    *office_key(office_name(o), o)))])):
            wanted = combo.currentData() or read(self.settings, self._filter(combo.objectName())) or None
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, value in values:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(wanted), 0) if wanted else 0)
            combo.blockSignals(False)
        self._show_offices()

    def refresh(self, _changes: object = None) -> None:
        """Every change writes history: the list is read again shortly after (new entries on top),
        or when the place is next shown."""
        if not self._started:
            return
        if self.isVisible():
            self._refresh.start()
        else:
            self._stale = True

    def _refresh_now(self) -> None:
        self._stale = False
        self.model.refresh()
        self._read_choices()

    # ----- filters
    def current_filter(self) -> Filter:
        since, until = day_filter(self.date_from.date(), self.date_to.date())
        kind, action = self.kind.currentData(), self.action.currentData()
        return Filter(origin=self.office.currentData() if self.upper else None, by=self.person.currentData(),
                      since=since, until=until, kinds=(kind,) if kind else (), actions=(action,) if action else ())

    def apply_filter(self) -> None:
        if not self._started:
            return
        for edit in (self.date_from, self.date_to):
            if not edit.is_valid():
                self.status.setText(_("“%(text)s” is not a date; write it as dd/mm/yyyy.") % {"text": edit.text()})
                edit.setFocus()
                return
        start, end = self.date_from.date(), self.date_to.date()
        if start and end and end < start:
            self.status.setText(_("The period ends before it begins."))
            return
        self._save_filters()
        self.detail.clear()
        try:
            self.model.set_filter(self.current_filter())
        except QcdcError as error:
            self._show_failure(error)
            return
        if self.model.rowCount():
            self.table.selectRow(0)

    # ----- the filters as they were left, kept between runs
    def _filter(self, name: str) -> Setting[str]:
        return LIST_FILTER(list="history", name=name)

    def _save_filters(self) -> None:
        for combo in (self.person, self.kind, self.action, self.office):
            write(self.settings, self._filter(combo.objectName()), str(combo.currentData() or ""))
        for edit, name in ((self.date_from, "from"), (self.date_to, "to")):
            day = edit.date()
            write(self.settings, self._filter(name), day.isoformat() if day else "")

    def _restore_filters(self) -> None:
        for combo in (self.kind, self.action):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(read(self.settings, self._filter(combo.objectName())) or None), 0))
            combo.blockSignals(False)
        for edit, name in ((self.date_from, "from"), (self.date_to, "to")):
            try:
                edit.set_date(dt.date.fromisoformat(read(self.settings, self._filter(name))))
            except ValueError:
                continue

    # ----- the selected entry
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.model.data(current, ENTRY_ROLE) if current.isValid() else None
        if not isinstance(entry, Described):
            self.detail.clear()
            return
        self.detail.setHtml(entry_html(entry))
        if self._detail_job is not None:
            self._detail_job.cancel()
        job = Job(partial(entry_work, self.db_path, entry.origin, entry.n), self)
        job.finished.connect(lambda found, job=job: self._show_detail(job, found))
        self._detail_job = job
        job.start()

    def _show_detail(self, job: Job, found: Described | None) -> None:
        if job is not self._detail_job:
            return
        self._detail_job = None
        current = self.model.data(self.table.currentIndex(), ENTRY_ROLE)
        if found is not None and isinstance(current, Described) and (current.origin, current.n) == (found.origin,
                                                                                                  found.n):
            self.detail.setHtml(entry_html(found))

    def selected_entry(self) -> Described | None:
        found = self.model.data(self.table.currentIndex(), ENTRY_ROLE)
        return found if isinstance(found, Described) else None

    # ----- status
    def _show_count(self, rows: int) -> None:
        self.status.setText(ngettext("%(n)s entry", "%(n)s entries", rows) % {"n": l10n.format_number(rows)})
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _show_failure(self, error: object) -> None:
        if isinstance(error, QcdcError):
            self.status.setText(error.message)
        else:
            log.error("reading the history failed: %s", error)
            self.status.setText(_("The history could not be read; details are in the log."))

    # ----- exports
    def _file_name(self, suffix: str) -> str:
        return _("history") + f"-{dt.date.today():%Y%m%d}{suffix}"

    def ask_and_export(self, suffix: str) -> None:
        filters = {".pdf": _("PDF documents (*.pdf)"), ".xlsx": _("Excel workbooks (*.xlsx)")}
        folder = Path(read(self.settings, REPORTS_FOLDER) or Path.home())
        path, _chosen = QFileDialog.getSaveFileName(self, _("Save the history"), str(folder / self._file_name(suffix)),
                                                    filters[suffix])
        if path:
            self.export_to(Path(path if path.lower().endswith(suffix) else path + suffix))

    def export_to(self, path: Path, *, on_done: Callable[[Path], None] | None = None) -> Job:
        """Write the history as the filters select it to ``path`` (.pdf or .xlsx), as a job."""
        write(self.settings, REPORTS_FOLDER, str(path.parent))
        where = self.current_filter()
        selection = selection_of(where, person=self.person.currentText() if where.by else "",
                                 office=self.office.currentText() if where.origin else "")

        def done(saved: Path) -> None:
            self.status.setText(_("Saved %(path)s.") % {"path": saved})
            if on_done is not None:
                on_done(saved)

        return run_with_progress(self, _("Writing the history…"), export_work(self.db_path, where, path,
                                                                           selection=selection),
                                 on_done=done, on_error=self._export_failed,
                                 on_cancel=lambda: self.status.setText(_("Cancelled: nothing was written.")))

    def _export_failed(self, error: Exception) -> None:
        QMessageBox.warning(self, _("History"), user_message(error))
