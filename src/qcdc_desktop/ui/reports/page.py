"""The Reports place ("Báo cáo, thống kê"): choose a period, build its figures as a job (progress
bar, Cancel), look at the tables and the charts, preview the report as it prints (Decree 30
header, "BÁO CÁO"), print it or save it as PDF, Excel or CSV.  At the upper level the tables
have the figures of each commune beside the totals.

The figures and the PDF are made together by one job on its own read-only connection, so what is
previewed, printed and saved is the same reading of the data; saving writes the file beside its
destination and moves it into place (a job too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.errors import QcdcError, user_message
from ...core.report_tables import COUNT, DATE, SHARE, TEXT, Cell, ReportTable, report_tables
from ...core.statistics import period_title, share_text
from ...core.roles import Operation
from ...db.statistics import cutoff_day, save_cutoff_day
from ...jobs.database import Database
from ...l10n import _, ngettext
from ...db.register import notice_settings
from ...db.units import get_unit
from ...work.report import BuiltReport, report_work, signed_work, write_report, write_report_word
from .. import session
from ..printout.pdf_output import PdfOutput
from ..printout.pdf_preview import PdfPreview
from ..printout.print_job import PrintRun
from .issuer_choice import IssuerChoice
from .period_chooser import PeriodChooser
from ..widgets.buttons import add_shortcut
from ..widgets.progress import run_with_progress
from .charts import ChartsPanel
from ..widgets.row_models import Column, RowsModel
from ...core.settings import LIST_FILTER, REPORTS_FOLDER
from ..widgets.settings import read, write
PERIOD_KEYS = ("kind", "year", "number", "from", "to")  # the period chosen, kept between runs


def cell_text(value: Cell, kind: str) -> str:
    """A cell of a report table as the screen shows it, in the active language."""
    if value is None:
        return "" if kind == TEXT else share_text(None)
    if isinstance(value, float) or kind == SHARE and isinstance(value, int):  # the summary's shares sit in its figure column
        return share_text(value)
    if kind == SHARE:
        return str(value)
    if isinstance(value, int) and kind == COUNT:
        return l10n.format_number(value)
    if isinstance(value, dt.date) or kind == DATE:
        return l10n.format_date(value) if isinstance(value, dt.date) else str(value)
    return str(value)


def _cell_of(index: int, kind: str) -> Callable[[tuple[Any, ...]], str]:
    return lambda row: cell_text(row[index], kind)


def table_columns(table: ReportTable) -> list[Column[tuple[Any, ...]]]:
    return [Column(heading, _cell_of(i, kind), right=kind != TEXT)
            for i, (heading, kind) in enumerate(zip(table.headings, table.kinds))]


class ReportsPage(QWidget):
    """Period, figures, charts and the printable report."""

    def __init__(self, database: Database, db_path: Path, settings: QSettings, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database = database
        self.db_path = db_path
        self.settings = settings
        self._today = today
        self.report: BuiltReport | None = None
        self.tables: list[ReportTable] = []
        self._started = False
        self.chooser = PeriodChooser(self, today=today)
        # The period chosen last time, chosen again; each change is kept for the next time.
        self.chooser.set_state({key: read(settings, LIST_FILTER(list="reports", name=key)) for key in PERIOD_KEYS})
        self.chooser.changed.connect(self._save_period)
        self.chooser.cutoff_changed.connect(self._save_cutoff)
        self.build_button = QPushButton(_("&Build the report"), self)
        add_shortcut(self.build_button, "Ctrl+Return", "Ctrl+Enter")
        self.build_button.setToolTip(_("Count the figures of the period and prepare the report (Ctrl+Enter)"))
        self.build_button.setDefault(True)
        for key in ("Return", "Enter"):  # Enter in the period's fields builds, as in a dialog
            QShortcut(QKeySequence(key), self.chooser, self._build_on_enter,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.build_button.clicked.connect(self.build)
        self.status = QLabel(_("Choose the period, then build the report."), self)
        self.status.setObjectName("reports-status")
        self.status.setWordWrap(True)
        self.table_list = QListWidget(self)
        self.table_list.setMaximumWidth(320)
        self.table_list.currentRowChanged.connect(self._show_table)
        self.model: RowsModel[tuple[Any, ...]] = RowsModel([], self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        figures = QSplitter(self)
        figures.addWidget(self.table_list)
        figures.addWidget(self.table)
        figures.setStretchFactor(1, 1)
        figures.setSizes([290, 860])
        self.charts = ChartsPanel(settings, self)
        self.charts.saved.connect(lambda path: self.status.setText(_("Saved %(path)s.") % {"path": path}))
        self.preview = PdfPreview(self)
        self.issuer = IssuerChoice(settings, self)
        self.issuer.changed.connect(self._sign_again)
        to_print = QWidget(self)
        to_print_layout = QVBoxLayout(to_print)
        to_print_layout.setContentsMargins(0, 4, 0, 0)
        to_print_layout.addWidget(self.issuer)
        to_print_layout.addWidget(self.preview, 1)
        self.output = PdfOutput(self, settings, self.status, lambda: self.report.pdf if self.report else None,
                                self._failed)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(figures, _("Figure&s"))
        self.tabs.addTab(self.charts, _("Char&ts"))
        self.tabs.addTab(to_print, _("&Report to print"))
        self.print_button = QPushButton(_("Pr&int…"), self)
        self.print_button.clicked.connect(self.print_report)
        self.save_buttons = {
            ".pdf": QPushButton(_("Save as P&DF…"), self), ".docx": QPushButton(_("Save as &Word…"), self),
            ".xlsx": QPushButton(_("Save as E&xcel…"), self), ".csv": QPushButton(_("Save as &CSV…"), self)}
        self.save_buttons[".docx"].setToolTip(_("The same report as a Word file, to adjust the wording before it is "
                                                "signed"))
        for suffix, button in self.save_buttons.items():
            button.clicked.connect(partial(self.ask_and_save, suffix))
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        top.addWidget(self.build_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for button in (self.print_button, *self.save_buttons.values()):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._enable()

    # ----- the cut-off day
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.database.submit(cutoff_day, self.chooser.set_cutoff_day, self._failed)
            self.database.submit(lambda store: (get_unit(store), notice_settings(store)), self.issuer.set_office,
                                 self._failed)

    def _save_cutoff(self, day: int) -> None:
        """Kept for the office's next reports when an administrator chose it; anyone else's
        choice serves this report only."""
        if session.may(Operation.OFFICE_SETTINGS):
            self.database.submit(lambda store: save_cutoff_day(store, day=day), None, self._failed)

    # ----- building
    def _build_on_enter(self) -> None:
        if self.build_button.isEnabled():
            self.build_button.animateClick()

    def build(self) -> None:
        """Count the figures of the chosen period and make the report, as a job."""
        try:
            period = self.chooser.period()
        except QcdcError as error:
            self.status.setText(error.message)
            return
        self.build_button.setEnabled(False)
        self.status.setText(_("Counting the figures…"))
        today = self._today()
        run_with_progress(self, _("Counting the figures of %(period)s…") % {"period": period_title(period)},
                          report_work(self.db_path, period, as_of=today, issued_on=today,
                                      authority=self.issuer.authority(), issuer=self.issuer.issuer()),
                          on_done=self._built, on_error=self._build_failed, on_cancel=self._build_cancelled)

    def _built(self, report: BuiltReport) -> None:
        self.report = report
        stats = report.stats
        self.tables = report_tables(stats)
        self.table_list.blockSignals(True)
        self.table_list.clear()
        for number, table in enumerate(self.tables, start=1):
            self.table_list.addItem(f"{number}. {table.title}")
        self.table_list.blockSignals(False)
        # At the upper level the communes side by side are what is looked at first.
        first = next((i for i, t in enumerate(self.tables) if t.key == "offices"), 0)
        self.table_list.setCurrentRow(first)
        self._show_table(first)
        self.charts.show_figures(stats.total)
        self.preview.set_pdf(report.pdf or b"")  # the place always builds the report with its PDF
        f = stats.total
        offices = (ngettext(" from %(n)s office", " from %(n)s offices", len(stats.offices))
                   % {"n": l10n.format_number(len(stats.offices))}) if stats.offices else ""
        self.status.setText(_("Report of %(period)s (%(start)s – %(end)s)%(offices)s: %(meetings)s meetings, "
                              "%(opinions)s opinions, %(tasks)s tasks; task progress as of %(as_of)s.")
                            % {"period": period_title(stats.period), "start": l10n.format_date(stats.period.start),
                               "end": l10n.format_date(stats.period.end), "offices": offices,
                               "meetings": l10n.format_number(f.meetings), "opinions": l10n.format_number(f.opinions),
                               "tasks": l10n.format_number(f.tasks), "as_of": l10n.format_date(stats.as_of)})
        self.build_button.setEnabled(True)
        self._enable()

    def _build_failed(self, error: Exception) -> None:
        self.build_button.setEnabled(True)
        self.status.setText("")
        self._failed(error)

    def _build_cancelled(self) -> None:
        self.build_button.setEnabled(True)
        self.status.setText(_("Cancelled; the figures shown are those built before.") if self.report else
                            _("Cancelled."))

    def _show_table(self, row: int) -> None:
        if not 0 <= row < len(self.tables):
            self.model.set_rows([], [])
            return
        table = self.tables[row]
        last = table.rows[-1] if table.total_row and table.rows else None
        self.model.strong = (lambda r: r is last) if last is not None else None
        self.model.set_rows(list(table.rows), table_columns(table))
        # Columns as wide as what they hold: a figure far from its label is hard to read.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        for column, kind in enumerate(table.kinds):
            width = header.sectionSize(column) + 16
            header.resizeSection(column, min(width, 460) if kind == TEXT else max(width, 90))

    def _enable(self) -> None:
        ready = self.report is not None
        self.print_button.setEnabled(ready)
        for button in self.save_buttons.values():
            button.setEnabled(ready)

    # ----- printing and saving
    def _file_name(self, suffix: str) -> str:
        period = self.report.stats.period if self.report else None
        stem = _("report") + (f"-{period.start:%Y%m%d}-{period.end:%Y%m%d}" if period else "")
        return stem + suffix

    def print_report(self) -> None:
        self.output.print_with_dialog(self._file_name(""), "report")

    def send_to_printer(self, printer: QPrinter) -> PrintRun | None:
        """Print the PDF the preview shows on ``printer`` (already chosen and set up)."""
        return self.output.send_to_printer(printer)

    def ask_and_save(self, suffix: str) -> None:
        if self.report is None:
            return
        filters = {".pdf": _("PDF documents (*.pdf)"), ".docx": _("Word documents (*.docx)"),
                   ".xlsx": _("Excel workbooks (*.xlsx)"), ".csv": _("CSV files (*.csv)")}
        folder = Path(read(self.settings, REPORTS_FOLDER) or Path.home())
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), str(folder / self._file_name(suffix)),
                                                    filters[suffix])
        if path:
            self.save_to(Path(path if path.lower().endswith(suffix) else path + suffix))

    def save_to(self, path: Path) -> None:
        """Write the report shown to ``path`` (PDF, Word, Excel or CSV by its suffix), off the UI
        thread; the Word file from the same figures, dated and signed as the PDF."""
        if self.report is None:
            return
        write(self.settings, REPORTS_FOLDER, str(path.parent))
        work = (partial(write_report_word, self.db_path, self.report.stats, path, issued_on=self.report.stats.as_of,
                        authority=self.issuer.authority(), issuer=self.issuer.issuer())
                if path.suffix.lower() == ".docx" else partial(write_report, self.report, path))
        run_with_progress(self, _("Saving…"), work,
                          on_done=lambda saved: self.status.setText(_("Saved %(path)s.") % {"path": saved}),
                          on_error=self._failed)

    def _sign_again(self) -> None:
        """The report shown, issued or signed as now chosen: its PDF made again from the same figures."""
        if self.report is None:
            return
        run_with_progress(self, _("Preparing the report…"),
                          signed_work(self.db_path, self.report.stats, issued_on=self._today(),
                                      authority=self.issuer.authority(), issuer=self.issuer.issuer()),
                          on_done=self._signed_again, on_error=self._failed)

    def _signed_again(self, report: BuiltReport) -> None:
        self.report = report
        self.preview.set_pdf(report.pdf or b"")

    def _failed(self, error: Exception) -> None:
        message = user_message(error)
        QMessageBox.warning(self, _("Reports and statistics"), message)


    def _save_period(self) -> None:
        for key, value in self.chooser.state().items():
            write(self.settings, LIST_FILTER(list="reports", name=key), value)
