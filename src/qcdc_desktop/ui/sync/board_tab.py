"""The communes board, the first tab of the upper level's Sync place: every commune of the
province, enrolled or not, with its last bundle, how far its data goes, its overdue tasks and
undecided opinions, its history and its problems in words (in red when there is one).

Everything is reachable from the keyboard (in English: Alt+C the search, Alt+Y the order — a
column, figures and dates largest first —, Alt+W «only communes with a problem», Alt+B the
workbook, Alt+I enrol; Tab reaches the days after which a commune is silent, and revoking a key,
which has no key of its own: it is not done by a slip of the fingers).  A click on
a heading sorts too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import user_message
from ...core.settings import REPORTS_FOLDER, SILENT_DAYS
from ...core.text import fold
from ...l10n import _, format_number
from ...sync.board import BoardRow
from ...work.board import board_columns, write_board
from ..widgets.flow import FlowBar, labelled
from ..widgets.progress import run_with_progress
from ..widgets.row_models import Column, RowsModel
from ..widgets.settings import read, write
from ..widgets.tables import RowsTable, table_view


def matches(query: str, text: str) -> bool:
    """Every word of ``query`` is in ``text``, whatever the diacritics and the case."""
    folded = fold(text)
    return all(word in folded for word in fold(query).split())


class BoardTab(QObject):
    """The board's widgets (:attr:`widget` goes into the page's tabs); :meth:`show_rows` fills them."""

    enrol_requested = Signal()
    revoke_requested = Signal(object)  # BoardRow
    refresh_requested = Signal()

    def __init__(self, db_path: Path, settings: QSettings, today: Callable[[], dt.date],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path, self.settings, self._today = db_path, settings, today
        self.rows: list[BoardRow] = []
        self.widget = QWidget()
        self.board_columns = board_columns()
        columns = [Column(c.heading, c.text, right=c.figure, key=c.sort_key) for c in self.board_columns]
        self.model: RowsModel[BoardRow] = RowsModel(columns, self, warn=lambda r: r.attention)
        # The problems (second) and the history (last) share what the figures leave.
        self.table: RowsTable = table_view(self.model, self.widget, flexible=[1, len(columns) - 1])
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sorted_by_heading)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())

        self.search = QLineEdit(self.widget)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Name or code of the commune; accents are optional"))
        self.search.textChanged.connect(lambda _t: self._show())
        self.order = QComboBox(self.widget)
        for column in self.board_columns:
            self.order.addItem(column.heading)
        self.order.activated.connect(self._order_chosen)
        self.only_problems = QCheckBox(_("Only communes &with a problem"), self.widget)
        self.only_problems.toggled.connect(lambda _on: self._show())
        self.silent_days = QSpinBox(self.widget)
        self.silent_days.setRange(1, 365)
        self.silent_days.setValue(read(settings, SILENT_DAYS))
        self.silent_days.setSuffix(_(" days"))
        self.silent_days.valueChanged.connect(self._silent_changed)
        self.enrol_button = QPushButton(_("Enrol a commune from &its key card…"), self.widget)
        self.enrol_button.clicked.connect(self.enrol_requested)
        self.revoke_button = QPushButton(_("Revoke the key of the selected commune…"), self.widget)
        self.revoke_button.clicked.connect(self._revoke)
        self.save_button = QPushButton(_("Save as a work&book…"), self.widget)
        self.save_button.clicked.connect(self.ask_and_save)
        self.count = QLabel(self.widget)
        self.count.setWordWrap(True)

        def buddy(text: str, widget: QWidget) -> QLabel:
            label = QLabel(text, self.widget)
            label.setBuddy(widget)
            return label

        # One flow of controls: on two lines at 100 %, on more when the window is narrow (150 %).
        bar = FlowBar(self.widget)
        for piece in (labelled(self.widget, buddy(_("Sear&ch communes:"), self.search), self.search, grow=True),
                      labelled(self.widget, buddy(_("Order b&y:"), self.order), self.order), self.only_problems,
                      labelled(self.widget, buddy(_("Silent after:"), self.silent_days), self.silent_days),
                      self.enrol_button, self.revoke_button, self.save_button):
            bar.add(piece)
        page = QVBoxLayout(self.widget)
        page.addWidget(bar)
        page.addWidget(self.table, 1)
        page.addWidget(self.count)
        self._enable()

    # ----- showing
    def show_rows(self, rows: list[BoardRow]) -> None:
        self.rows = rows
        self._show()

    def _show(self) -> None:
        query = self.search.text()
        shown = [r for r in self.rows if matches(query, f"{r.name} {r.code}")
                 and (r.attention or not self.only_problems.isChecked())]
        chosen = self.selected()
        self.model.set_rows(shown)
        if chosen is not None:
            for index, row in enumerate(self.model.rows):
                if row.code == chosen.code:
                    self.table.selectRow(index)
        enrolled = sum(1 for r in self.rows if r.enrolled)
        problems = sum(1 for r in self.rows if r.attention)
        self.count.setText(_("%(enrolled)s of %(total)s communes enrolled; %(problems)s with a problem (in red); "
                             "%(shown)s shown.") % {"enrolled": format_number(enrolled),
                                                    "total": format_number(len(self.rows)),
                                                    "problems": format_number(problems),
                                                    "shown": format_number(len(shown))})
        self._enable()

    def selected(self) -> BoardRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def offer(self, keys: bool) -> None:
        self.enrol_button.setVisible(keys)
        self.revoke_button.setVisible(keys)

    def _enable(self) -> None:
        chosen = self.selected()
        self.revoke_button.setEnabled(bool(chosen and chosen.enrolled))
        self.save_button.setEnabled(bool(self.rows))

    # ----- order
    def _order_chosen(self, column: int) -> None:
        descending = self.board_columns[column].largest_first  # figures and dates: largest or newest first
        self.table.sortByColumn(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def _sorted_by_heading(self, column: int, _order: Qt.SortOrder) -> None:
        if self.order.currentIndex() != column:
            self.order.setCurrentIndex(column)

    def current_order(self) -> tuple[int, bool]:
        header = self.table.horizontalHeader()
        return header.sortIndicatorSection(), header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    # ----- actions
    def _silent_changed(self, days: int) -> None:
        write(self.settings, SILENT_DAYS, days)
        self.refresh_requested.emit()

    def _revoke(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.enrolled:
            self.revoke_requested.emit(chosen)

    def ask_and_save(self) -> None:
        folder = Path(read(self.settings, REPORTS_FOLDER) or Path.home())
        name = _("communes-board") + f"-{self._today():%Y%m%d}.xlsx"
        path, _chosen = QFileDialog.getSaveFileName(self.widget, _("Save the communes board as a workbook"),
                                                    str(folder / name), _("Excel workbooks (*.xlsx)"))
        if path:
            self.save_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def save_to(self, path: Path, *, on_done: Callable[[Path], None] | None = None) -> None:
        """Write the board as a workbook at ``path``, in the order shown, as a job."""
        write(self.settings, REPORTS_FOLDER, str(path.parent))
        today, days, order = self._today(), self.silent_days.value(), self.current_order()

        def work(**job: object) -> Path:
            return write_board(self.db_path, path, today=today, silent_after_days=days, order=order, **job)

        def done(saved: Path) -> None:
            self.count.setText(_("Saved %(path)s.") % {"path": saved})
            if on_done is not None:
                on_done(saved)

        def failed(error: Exception) -> None:
            QMessageBox.warning(self.widget, _("Communes board"), user_message(error))

        run_with_progress(self.widget, _("Writing the communes board…"), work, on_done=done, on_error=failed)
