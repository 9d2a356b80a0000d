"""The period of a report as a clerk chooses it: a month, a quarter, the first 6 or 9 months, the
year, or two dates; with the office's cut-off day (15 gives the government's 15/12-14/06 half
year), which is kept in the data file.  The dates it stands for are shown as they change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ... import l10n
from ...core.errors import QcdcError
from ...core.statistics import MAX_CUTOFF_DAY, Period, custom, first_half, month, nine_months, quarter, year_period
from ...l10n import _
from ..widgets.fields import DateField


def period_kinds() -> list[tuple[str, str]]:
    return [("month", _("Month")), ("quarter", _("Quarter")), ("half", _("6 months")),
            ("nine_months", _("9 months")), ("year", _("Year")), ("custom", _("From … to …"))]


class PeriodChooser(QWidget):
    """Kind, year and number of the period, or its two dates; the cut-off day beside them.
    ``period()`` is the chosen period, or raises :class:`QcdcError` with the sentence to show."""

    changed = Signal()
    cutoff_changed = Signal(int)  # the clerk changed the office's cut-off day

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        day = today()
        self.kind = QComboBox(self)
        for code, label in period_kinds():
            self.kind.addItem(label, code)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(day.year)
        self.number = QSpinBox(self)
        self.date_from, self.date_to = DateField(self), DateField(self)
        self.date_from.set_date(day.replace(month=1, day=1))
        self.date_to.set_date(day)
        self.cutoff = QSpinBox(self)
        self.cutoff.setRange(1, MAX_CUTOFF_DAY)
        self.cutoff.setToolTip(_("The day reporting months start on: 1 for calendar months, 15 for the "
                                 "government's 15/12–14/06 reporting"))
        self.dates = QLabel(self)
        # Two lines, so that the place fits a laptop screen at 125 % and 150 %: the period, then
        # the cut-off day and the dates the period stands for.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        layout, second = QHBoxLayout(), QHBoxLayout()
        column.addLayout(layout)
        column.addLayout(second)
        self.number_label = self._label(_("&Number:"), self.number)
        self.from_label, self.to_label = self._label(_("Fro&m:"), self.date_from), self._label(_("T&o:"), self.date_to)
        self.year_label = self._label(_("&Year:"), self.year)
        for widget in (self._label(_("&Period:"), self.kind), self.kind, self.year_label, self.year, self.number_label,
                       self.number, self.from_label, self.date_from, self.to_label, self.date_to):
            layout.addWidget(widget)
        layout.addStretch(1)
        second.addWidget(self._label(_("C&ut-off day:"), self.cutoff))
        second.addWidget(self.cutoff)
        second.addSpacing(12)
        self.dates.setWordWrap(True)
        second.addWidget(self.dates, 1)
        self.kind.setCurrentIndex(self.kind.findData("quarter"))
        self._kind_changed()
        self.number.setValue((day.month - 1) // 3 + 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (self.year.valueChanged, self.number.valueChanged, self.date_from.textChanged,
                       self.date_to.textChanged):
            signal.connect(self._changed)
        self.cutoff.valueChanged.connect(self._cutoff_changed)
        self._changed()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def state(self) -> dict[str, str]:
        """The period as chosen, in words kept between runs: its kind, year and number, its dates."""
        start, end = self.date_from.date(), self.date_to.date()
        return {"kind": str(self.kind.currentData()), "year": str(self.year.value()),
                "number": str(self.number.value()), "from": start.isoformat() if start else "",
                "to": end.isoformat() if end else ""}

    def set_state(self, state: dict[str, str]) -> None:
        """Choose again the period of :meth:`state`; what is missing or wrong stays as it is."""
        found = self.kind.findData(state.get("kind"))
        if found >= 0:
            self.kind.setCurrentIndex(found)
        for spin, key in ((self.year, "year"), (self.number, "number")):
            if state.get(key, "").isdigit():
                spin.setValue(int(state[key]))
        for field, key in ((self.date_from, "from"), (self.date_to, "to")):
            try:
                field.set_date(dt.date.fromisoformat(state.get(key, "")))
            except ValueError:
                continue

    def set_cutoff_day(self, day: int) -> None:
        """Show the office's saved cut-off day (without saving it again)."""
        self.cutoff.blockSignals(True)
        self.cutoff.setValue(day)
        self.cutoff.blockSignals(False)
        self._changed()

    def _kind_changed(self, *_args: object) -> None:
        kind = self.kind.currentData()
        numbered = kind in ("month", "quarter")
        if numbered:
            self.number.setRange(1, 12 if kind == "month" else 4)
        widget: QWidget
        for widget in (self.number, self.number_label):
            widget.setVisible(numbered)
        for widget in (self.year, self.year_label):
            widget.setVisible(kind != "custom")
        for widget in (self.date_from, self.date_to, self.from_label, self.to_label):
            widget.setVisible(kind == "custom")
        self._changed()

    def _cutoff_changed(self, day: int) -> None:
        self._changed()
        self.cutoff_changed.emit(day)

    def _changed(self, *_args: object) -> None:
        try:
            period = self.period()
        except QcdcError as error:
            self.dates.setText(error.message)
            self.dates.setStyleSheet("color: #b71c1c;")
        else:
            self.dates.setText(_("from %(start)s to %(end)s") % {"start": l10n.format_date(period.start),
                                                                 "end": l10n.format_date(period.end)})
            self.dates.setStyleSheet("")
        self.changed.emit()

    def period(self) -> Period:
        kind, year, cutoff = self.kind.currentData(), self.year.value(), self.cutoff.value()
        if kind == "month":
            return month(year, self.number.value(), cutoff_day=cutoff)
        if kind == "quarter":
            return quarter(year, self.number.value(), cutoff_day=cutoff)
        if kind == "half":
            return first_half(year, cutoff_day=cutoff)
        if kind == "nine_months":
            return nine_months(year, cutoff_day=cutoff)
        if kind == "year":
            return year_period(year, cutoff_day=cutoff)
        start, end = self.date_from.date(), self.date_to.date()
        if start is None or end is None:
            raise QcdcError(_("Write both dates of the period as dd/mm/yyyy."))
        return custom(start, end)
