"""The charts of a report on screen (QtCharts): opinions by field, tasks by progress, meetings per
month; each can be saved as a PNG picture for a presentation or a report written in Word.

The picture is taken from the chart on the UI thread (that is painting); writing the file is a
job, like every other file this application writes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QGridLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ... import l10n
from ...core.catalog import FIELDS, TASK_PROGRESS
from ...core.errors import OutputFileError, user_message
from ...core.report_tables import month_label
from ...core.statistics import Figures
from ...l10n import _
from ...db.files import replaced
from ..widgets.progress import run_with_progress
from ...core.settings import REPORTS_FOLDER
from ..widgets.settings import read, write

BAR = QColor("#1565c0")
# Progress in colours a clerk reads at once: green done, amber late, blue running, red overdue.
PROGRESS_COLOURS = {"done_on_time": "#2e7d32", "done_late": "#f9a825", "in_progress": "#1565c0",
                    "overdue": "#c62828", "dropped": "#9e9e9e"}


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def _value_axis(top: int) -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setRange(0, max(top, 1))
    axis.setTickCount(min(max(top, 1), 5) + 1)
    if top > 5:
        axis.applyNiceNumbers()  # 0, 10, 20, 30, 40 rather than 0, 7, 15, 22, 30, 38
    return axis


def fields_chart(figures: Figures) -> QChart:
    """Opinions by field as horizontal bars, most raised on top; fields with none are left out."""
    rows = sorted(((FIELDS.label(c) if c in FIELDS else c, n) for c, n in figures.opinions_by_field if n),
                  key=lambda r: r[1])
    chart = _chart(_("Opinions by field"))
    bars = QBarSet(_("Opinions"))
    bars.setColor(BAR)
    bars.append([float(n) for _label, n in rows])
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([label for label, _n in rows])
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    values = _value_axis(max((n for _l, n in rows), default=0))
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(values)
    return chart


def tasks_chart(figures: Figures) -> QChart:
    """Tasks by progress as a pie, the legend beside it giving each slice's label and count (the
    labels are too long to sit around a pie in half a screen)."""
    chart = _chart(_("Tasks by progress"))
    chart.legend().show()
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    series = QPieSeries()
    for code, n in figures.tasks_by_progress:
        if n:
            label = TASK_PROGRESS.label(code) if code in TASK_PROGRESS else code
            piece = series.append(f"{label}: {l10n.format_number(n)}", float(n))
            piece.setColor(QColor(PROGRESS_COLOURS.get(code, "#757575")))
    series.setPieSize(0.75)
    chart.addSeries(series)
    return chart


def months_chart(figures: Figures) -> QChart:
    """Meetings held in each month of the period, as columns."""
    chart = _chart(_("Meetings per month"))
    bars = QBarSet(_("Meetings"))
    bars.setColor(BAR)
    bars.append([float(n) for _m, n in figures.meetings_by_month])
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([month_label(m) for m, _n in figures.meetings_by_month])
    if len(figures.meetings_by_month) > 6:
        categories.setLabelsAngle(-90)  # twelve "01/2026" side by side do not fit across
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    values = _value_axis(max((n for _m, n in figures.meetings_by_month), default=0))
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(values)
    return chart


def save_png(image: QImage, path: Path) -> Path:
    """Write ``image`` to ``path`` as PNG, whole or not at all."""
    with replaced(path) as temporary:
        if not image.save(str(temporary), "PNG"):  # type: ignore[call-overload]  # stubs: bytes; PySide6 takes str
            raise OutputFileError(_("The picture could not be written to %(path)s.") % {"path": path})
    return path


class ChartsPanel(QWidget):
    """The three charts of the figures shown, each with its "Save as PNG…" button."""

    saved = Signal(str)  # the path of a picture written

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.views: dict[str, QChartView] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.figures: Figures | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        texts = {"fields": _("Save the chart of fie&lds as PNG…"), "tasks": _("Save the chart of tas&ks as PNG…"),
                 "months": _("Save the chart of months as PN&G…")}
        places = {"fields": (0, 0, 2, 1), "tasks": (0, 1, 1, 1), "months": (1, 1, 1, 1)}
        for key, (row, column, rows, columns) in places.items():
            view = QChartView(self)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setChart(_chart(""))
            button = QPushButton(texts[key], self)
            button.clicked.connect(lambda _c=False, k=key: self.ask_and_save(k))
            button.setEnabled(False)
            box = QVBoxLayout()
            box.addWidget(view, 1)
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
            grid.addLayout(box, row, column, rows, columns)
            self.views[key], self.buttons[key] = view, button
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def show_figures(self, figures: Figures) -> None:
        self.figures = figures
        for key, make in (("fields", fields_chart), ("tasks", tasks_chart), ("months", months_chart)):
            old = self.views[key].chart()
            self.views[key].setChart(make(figures))
            old.deleteLater()
            self.buttons[key].setEnabled(True)

    def image(self, key: str) -> QImage:
        """The chart as it shows on screen."""
        return self.views[key].grab().toImage()

    def ask_and_save(self, key: str) -> None:
        folder = Path(read(self.settings, REPORTS_FOLDER) or Path.home())
        names = {"fields": _("opinions-by-field.png"), "tasks": _("tasks-by-progress.png"),
                 "months": _("meetings-per-month.png")}
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the chart as PNG"), str(folder / names[key]),
                                                    _("PNG pictures (*.png)"))
        if path:
            self.save(key, Path(path if path.lower().endswith(".png") else path + ".png"))

    def save(self, key: str, path: Path) -> None:
        """Write chart ``key`` to ``path`` off the UI thread."""
        write(self.settings, REPORTS_FOLDER, str(path.parent))
        image = self.image(key)
        run_with_progress(self, _("Saving…"), lambda **_kw: save_png(image, path),
                          on_done=lambda saved: self.saved.emit(str(saved)),
                          on_error=self._failed)

    def _failed(self, error: Exception) -> None:
        message = user_message(error)
        QMessageBox.warning(self, _("Reports and statistics"), message)
