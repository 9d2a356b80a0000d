"""A page listing meetings, opinions or tasks: a filter bar, the table and a status line.

The filter bar narrows the list by period, by the coded columns that matter for the kind of
record, and by what is typed in the search box (applied 200 ms after the last key, so typing stays
fluid).  Headers of indexed columns sort; Enter or a double click opens the record's meeting.
Column widths, the order and the last filters are remembered per page in QSettings.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.errors import QcdcError
from ...db.lists import LISTS, PERIODS, ListFilter, assignees, hamlets, offices, period_dates
from ...db.units import get_unit, office_label
from ...jobs.database import Database
from ...l10n import _
from ..main_window import MainWindow
from ..widgets.fields import picked_date, type_ahead_on
from ..widgets.headers import ColumnFitter, wrapping_header
from ..widgets.flow import FlowBar, labelled
from ..widgets.cells import CATALOGS
from .list_bar import PAGE_FILTERS, count_text, filter_label
from ..widgets.models import ID_ROLE, MEETING_ID_ROLE, PagedTableModel
from ..history.panel import HistoryTarget
from ...core.settings import LIST_FILTER, LIST_SORT_COLUMN, LIST_SORT_DESCENDING, Setting
from ..widgets.settings import read, write

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 200

class ListPage(QWidget):
    """The list of one kind of record ("meetings", "opinions" or "tasks")."""

    open_meeting = Signal(str)
    chosen_changed = Signal()  # the selection changed: what selected_meeting gives may have
    open_record = Signal(str, str)  # the meeting, and the record of the row (an opinion, a task) to show in front

    def __init__(self, kind: str, db_path: Path, settings: QSettings, *,
                 today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None,
                 **model_options: Any) -> None:
        super().__init__(parent)
        self.kind = kind
        self.spec = LISTS[kind]
        self.settings = settings
        self._today = today
        self._started = False
        self.model = PagedTableModel(self.spec, db_path, today=today, parent=self, **model_options)
        self.model.loading.connect(self._show_loading)
        self.model.loaded.connect(self._show_count)
        self.model.load_failed.connect(self._show_failure)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.combos: dict[str, QComboBox] = {}
        self.filter_labels: dict[str, QLabel] = {}
        self.filter_pieces: dict[str, QWidget] = {}  # each filter's label and combo, kept together
        self.upper_level = False  # the commune filter and column are for the upper level
        self._build()
        self._show_communes()
        self._restore()

    # ----- building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The filters flow on to more lines as the window narrows (150 % on a laptop screen).
        bar = FlowBar(self)
        layout.addWidget(bar)
        pieces: list[QWidget] = []
        self.period = QComboBox(self)
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.period.setMinimumContentsLength(12)
        for code, msgid in PERIODS:
            self.period.addItem(_(msgid), code)
        self.date_from, self.date_to = QDateEdit(self), QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setDate(QDate.currentDate())
            edit.dateChanged.connect(self._custom_dates_changed)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Words to find; accents are optional"))
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.installEventFilter(self)
        order: list[QWidget] = [self.period, self.date_from, self.date_to]
        for text, widget in ((_("&Period:"), self.period), (_("Fro&m:"), self.date_from), (_("T&o:"), self.date_to)):
            pieces.append(labelled(self, self._label(text, widget), widget))
        pieces.append(labelled(self, self._label(_("Sear&ch:"), self.search), self.search, grow=True))
        for name in PAGE_FILTERS[self.kind]:
            combo = type_ahead_on(QComboBox(self))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            # 10 characters (whole in the list it opens): the upper level's window fits a screen at 125 %.
            combo.setMinimumContentsLength(10)
            combo.addItem(_("All"), None)
            if name in CATALOGS:
                for entry in CATALOGS[name]:
                    combo.addItem(entry.label, entry.code)
            if name == "origin":  # a commune chosen: its own hamlets and units to choose from
                combo.currentIndexChanged.connect(lambda _i: self._fill_values(("hamlet", "assignee")))
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            self.combos[name] = combo
            label = self._label(filter_label(name), combo)
            self.filter_labels[name] = label
            piece = labelled(self, label, combo)
            self.filter_pieces[name] = piece
            # The upper level's commune filter before the search, the others after it.
            if name == "origin":
                pieces.insert(3, piece)
            else:
                pieces.append(piece)
            order.append(combo)
        for piece in pieces:
            bar.add(piece)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self.chosen_changed.emit())
        self.model.modelReset.connect(self.chosen_changed.emit)  # a reset drops the selection without a word
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never asks a million rows for their size.
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = wrapping_header(self.table)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self._header_clicked)
        # The columns fit their headings and first rows until the clerk drags one; then those widths stay.
        self.fitter = ColumnFitter(self.table, flexible=[i for i, c in enumerate(self.spec.columns) if c.long_text])
        self.fitter.keep(self.settings, self.kind)
        self.table.doubleClicked.connect(self._open)
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setObjectName("list-status")
        layout.addWidget(self.status)
        order += [self.search, self.table]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WindowShortcut)
        find.activated.connect(self.focus_search)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # ----- loading
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._started:
            self.start()

    def start(self) -> None:
        """Read the list for the first time (done when the page is first shown)."""
        self._started = True
        try:
            self._fill_values()
        except QcdcError as error:  # the data file went away or cannot be read
            self._show_failure(error)
            return
        self.apply_filter()

    def refresh(self, changes: Changes) -> None:
        """Re-read the list when a database operation changed what it shows."""
        if not self._started:
            return
        if self.model.refresh(changes):
            self._fill_values()

    def _fill_values(self, only: tuple[str, ...] = ()) -> None:
        """The combos' values: hamlets and responsible units in the data (the chosen commune's);
        at the upper level the offices with records in the list.  ``only``: those combos alone."""
        reader = self.model.reader()
        conn = reader.conn
        self.upper_level = get_unit(reader).role == "upper"
        self._show_communes()
        table, chosen = self.spec.table, self.combos["origin"].currentData() if self.upper_level else None
        sources: dict[str, Callable[[], list[tuple[str, str]]]] = {
            "hamlet": lambda: [(v, v) for v in hamlets(conn, origin=chosen)],
            "assignee": lambda: [(v, v) for v in assignees(conn, origin=chosen)],
        }
        if self.upper_level:
            sources["origin"] = lambda: [(office_label(code), code) for code in offices(conn, table)]
        for name, source in sources.items():
            combo = self.combos.get(name)
            if combo is None or (only and name not in only):
                continue
            wanted = combo.currentData() or read(self.settings, self._filter(name)) or None
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("All"), None)
            for text, value in source():
                combo.addItem(text, value)
            found = combo.findData(wanted) if wanted else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def _show_communes(self) -> None:
        self.filter_pieces["origin"].setVisible(self.upper_level)
        header = self.table.horizontalHeader()
        header.blockSignals(True)  # hiding is not the clerk resizing: the saved widths stay
        self.table.setColumnHidden(self.spec.column_index("origin"), not self.upper_level)
        header.blockSignals(False)
        if not self.upper_level and self.combos["origin"].currentIndex() != 0:
            self.combos["origin"].setCurrentIndex(0)

    # ----- filters
    def current_filter(self) -> ListFilter:
        values = {name: combo.currentData() for name, combo in self.combos.items()}
        start, end = self._period()
        return ListFilter(date_from=start, date_to=end, search=self.search.text().strip(), **values)

    def _period(self) -> tuple[dt.date | None, dt.date | None]:
        code = self.period.currentData()
        if code == "custom":
            return picked_date(self.date_from), picked_date(self.date_to)
        return period_dates(code, self._today())

    def apply_filter(self) -> None:
        """Apply what the filter bar says now (the search box waits for the typing to pause)."""
        self._debounce.stop()
        if not self._started:
            return
        self._save_filters()
        try:
            self.model.set_filter(self.current_filter())
        except QcdcError as error:
            self._show_failure(error)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _period_changed(self, _index: int) -> None:
        custom = self.period.currentData() == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        start, end = self._period() if not custom else (None, None)
        for edit, value in ((self.date_from, start), (self.date_to, end)):
            if value is not None:
                edit.blockSignals(True)
                edit.setDate(QDate(value.year, value.month, value.day))
                edit.blockSignals(False)
        self.apply_filter()

    def _custom_dates_changed(self) -> None:
        if self.period.currentData() == "custom":
            self.apply_filter()

    # ----- the table
    def _header_clicked(self, column: int) -> None:
        header = self.table.horizontalHeader()
        if not self.model.is_sortable(column):
            # Not indexed: a sort would read every row.  Put the indicator back.
            header.blockSignals(True)
            header.setSortIndicator(self.spec.column_index(self.model.sort_key), self._order())
            header.blockSignals(False)
            return
        self.model.sort(column, header.sortIndicatorOrder())
        write(self.settings, LIST_SORT_COLUMN(list=self.kind), self.model.sort_key)
        write(self.settings, LIST_SORT_DESCENDING(list=self.kind), self.model.descending)

    def _order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder

    def selected_meeting_ids(self) -> list[str]:
        """The meetings of the selected rows, in the order of the list, each once."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [self.model.data(self.model.index(row, 0), MEETING_ID_ROLE) for row in rows]
        return list(dict.fromkeys(i for i in ids if i))

    def selected_meeting(self) -> str | None:
        """The meeting of the first selected row (the one Ctrl+P prints the documents of)."""
        return next(iter(self.selected_meeting_ids()), None)

    def history_target(self) -> HistoryTarget | None:
        """The record of the current row, for its History panel (Ctrl+H)."""
        index = self.table.currentIndex()
        record = self.model.data(index, ID_ROLE) if index.isValid() else None
        return HistoryTarget(str(record), self.kind) if record else None

    def history_tables(self) -> list[QAbstractItemView]:
        return [self.table]

    def _open(self, index: QModelIndex) -> None:
        meeting_id = self.model.data(index, MEETING_ID_ROLE)
        if meeting_id:
            self.open_meeting.emit(meeting_id)
            self.open_record.emit(meeting_id, str(self.model.data(index, ID_ROLE) or ""))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open(self.table.currentIndex())
                return True
            if watched is self.search and key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                self.apply_filter()
                return True
        return super().eventFilter(watched, event)

    # ----- status line
    def _show_loading(self) -> None:
        if not self.model.is_complete():
            self.status.setText(_("Counting…"))

    def _show_count(self, rows: int) -> None:
        self.status.setText(count_text(self.kind, rows))

    def _show_failure(self, error: object) -> None:
        if isinstance(error, QcdcError):
            self.status.setText(error.message)
        else:
            log.error("reading the %s list failed: %s", self.kind, error)
            self.status.setText(_("The list could not be read; details are in the log."))

    # ----- remembered between sessions
    def _filter(self, name: str) -> Setting[str]:
        return LIST_FILTER(list=self.kind, name=name)

    def _save_filters(self) -> None:
        s = self.settings
        write(s, self._filter("period"), str(self.period.currentData() or ""))
        write(s, self._filter("from"), picked_date(self.date_from).isoformat())
        write(s, self._filter("to"), picked_date(self.date_to).isoformat())
        for name, combo in self.combos.items():
            write(s, self._filter(name), str(combo.currentData() or ""))

    def _restore(self) -> None:
        s = self.settings
        header = self.table.horizontalHeader()
        key = read(s, LIST_SORT_COLUMN(list=self.kind)) or self.spec.default_sort
        descending = read(s, LIST_SORT_DESCENDING(list=self.kind))
        if key in {c.key for c in self.spec.columns}:
            self.model.set_sort(key, descending)
        header.setSortIndicator(self.spec.column_index(self.model.sort_key), self._order())
        for widget in [self.period, self.date_from, self.date_to, *self.combos.values()]:
            widget.blockSignals(True)
        for edit, name in ((self.date_from, "from"), (self.date_to, "to")):
            try:
                value = dt.date.fromisoformat(read(s, self._filter(name)))
            except ValueError:
                continue
            edit.setDate(QDate(value.year, value.month, value.day))
        self.period.setCurrentIndex(max(self.period.findData(read(s, self._filter("period")) or "all"), 0))
        for name, combo in self.combos.items():
            combo.setCurrentIndex(max(combo.findData(read(s, self._filter(name)) or None), 0))
        for widget in [self.period, self.date_from, self.date_to, *self.combos.values()]:
            widget.blockSignals(False)
        self._period_changed(self.period.currentIndex())  # shows the preset's dates; applies nothing yet


def install_list_pages(window: MainWindow, database: Database, db_path: Path,
                       settings: QSettings) -> dict[str, ListPage]:
    """Add the Meetings, Opinions and Tasks pages to the main window, right after the overview;
    each refreshes itself when a database operation changes its records, and Enter or a double
    click on a row opens its meeting in the entry form.  Returns the pages by kind."""
    pages: dict[str, ListPage] = {}
    after = "overview"
    for kind, title in (("meetings", _("Meetings")), ("opinions", _("Opinions")), ("tasks", _("Tasks"))):
        page = ListPage(kind, db_path, settings, parent=window)
        window.add_page(kind, title, page, after=after)
        database.changed.connect(page.refresh)
        page.open_record.connect(window.open_meeting)  # a commune's opens read-only, the row's record in front
        pages[kind] = page
        after = kind
    return pages
