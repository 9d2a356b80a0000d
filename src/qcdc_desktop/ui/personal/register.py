"""The register of citizens' requests about their data, as the Personal data place shows it: a
table a page at a time, the requests still waiting first with the days since they came, sorted by
a click on a column's heading or the "Sort by" list; adding a request and recording its answer open their
dialogs.  The pages are read by the database worker (db/person_requests.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.changes import Changes
from ...core.errors import user_message
from ...core.person_requests import PersonRequest, kind_label
from ...db.person_requests import PAGE, RequestPage, list_requests
from ...jobs.database import Database
from ...l10n import _, ngettext
from ..widgets.row_models import Column, RowsModel
from ..widgets.tables import table_view
from .answer_dialog import AnswerDialog
from .request_dialog import RequestDialog

#: The order each column sorts by (db/person_requests.ORDERS); None: not sortable.
SORTS = ("received_on", "waiting", "kind", "subject", "requester", "answered_on", None)


def days_text(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": l10n.format_number(n)}


def waiting_text(request: PersonRequest, today: dt.date) -> str:
    if request.answered_on is None:
        return _("waiting for %(days)s") % {"days": days_text(request.days_waiting(today))}
    return _("answered in %(days)s") % {"days": days_text(request.days_waiting(today))}


def columns(today: dt.date) -> list[Column[PersonRequest]]:
    return [
        Column(_("Received on"), lambda r: l10n.format_date(r.received_on)),
        Column(_("Days"), lambda r: waiting_text(r, today)),
        Column(_("What is asked"), lambda r: kind_label(r.kind)),
        Column(_("About"), lambda r: r.about),
        Column(_("Brought by"), lambda r: r.requester),
        Column(_("Answered on"), lambda r: l10n.format_date(r.answered_on) if r.answered_on else "—"),
        Column(_("Answer"), lambda r: r.outcome),
    ]


class RequestRegister(QWidget):
    """The register's table, its pages and its two actions."""

    current_changed = Signal(object)  # PersonRequest | None

    def __init__(self, database: Database, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database, self._today = database, today
        self.order, self.descending, self.offset = "received_on", False, 0
        self.page: RequestPage | None = None
        self.model: RowsModel[PersonRequest] = RowsModel(columns(today()), self,
                                                         warn=lambda r: r.answered_on is None)
        self.table = table_view(self.model, self)
        self.table.setObjectName("person-requests")
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort)
        self.sort_box = QComboBox(self)
        self._sorts = [(column, order) for column, key in enumerate(SORTS) if key is not None
                       for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)]
        for column, order in self._sorts:
            arrow = "↑" if order == Qt.SortOrder.AscendingOrder else "↓"
            self.sort_box.addItem(f"{self.model.columns[column].heading} {arrow}")
        self.sort_box.activated.connect(lambda index: header.setSortIndicator(*self._sorts[index]))
        sort_label = QLabel(_("S&ort by:"), self)
        sort_label.setBuddy(self.sort_box)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.current_changed.emit(self.current()))
        self.label = QLabel(_("Reg&ister of requests, those waiting first:"), self)
        self.label.setBuddy(self.table)
        self.add_button = QPushButton(_("Add a re&quest…"), self)
        self.add_button.setToolTip(_("Write down a request a citizen brought about their personal data"))
        self.add_button.clicked.connect(self.add_request)
        self.answer_button = QPushButton(_("Record the ans&wer…"), self)
        self.answer_button.setToolTip(_("The day the selected request was answered, and what was answered"))
        self.answer_button.clicked.connect(lambda: self.answer_request())
        self.previous_button = QPushButton(_("Pre&vious page"), self)
        self.previous_button.clicked.connect(lambda: self._turn(-PAGE))
        self.next_button = QPushButton(_("Ne&xt page"), self)
        self.next_button.clicked.connect(lambda: self._turn(PAGE))
        self.count = QLabel(self)
        self.count.setObjectName("person-requests-count")
        # Two lines (the title and the order, then the pages and actions), so that the place fits a
        # laptop screen at 125 % and 150 %.
        top, actions = QHBoxLayout(), QHBoxLayout()
        top.addWidget(self.label)
        top.addStretch(1)
        top.addWidget(sort_label)
        top.addWidget(self.sort_box)
        actions.addWidget(self.count)
        actions.addStretch(1)
        for button in (self.previous_button, self.next_button, self.add_button, self.answer_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self._enable()

    # ----- reading
    def refresh(self) -> None:
        today = self._today()
        self.database.submit(partial(list_requests, today=today, order=self.order, descending=self.descending,
                                     offset=self.offset), self._show, self._failed)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("person_requests"):
            self.refresh()

    def _show(self, page: RequestPage) -> None:
        current = self.current()
        self.page = page
        self.model.set_rows(page.requests, columns(self._today()))
        row = next((i for i, r in enumerate(page.requests) if current is not None and r.id == current.id), 0)
        if page.requests:
            self.table.selectRow(row)
        first, last = page.offset + 1, page.offset + len(page.requests)
        self.count.setText(_("%(first)s–%(last)s of %(total)s; waiting: %(waiting)s") % {
            "first": l10n.format_number(first if page.requests else 0), "last": l10n.format_number(last),
            "total": l10n.format_number(page.total), "waiting": l10n.format_number(page.waiting)})
        self._enable()
        self.current_changed.emit(self.current())

    def _failed(self, error: Exception) -> None:
        self.count.setText(user_message(error))

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if SORTS[column] is None:
            return
        self.order, self.descending, self.offset = str(SORTS[column]), order == Qt.SortOrder.DescendingOrder, 0
        self.sort_box.setCurrentIndex(self._sorts.index((column, order)))
        self.refresh()

    def _turn(self, step: int) -> None:
        self.offset = max(self.offset + step, 0)
        self.refresh()

    def _enable(self) -> None:
        page = self.page
        self.previous_button.setEnabled(page is not None and page.offset > 0)
        self.next_button.setEnabled(page is not None and page.offset + len(page.requests) < page.total)
        current = self.current()
        self.answer_button.setEnabled(current is not None and current.answered_on is None)

    def current(self) -> PersonRequest | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # ----- actions
    def add_request(self) -> None:
        dialog = RequestDialog(self.database, self, today=self._today)
        if dialog.exec() and dialog.saved is not None:
            self.order, self.descending, self.offset = "received_on", False, 0
        dialog.deleteLater()

    def answer_request(self, outcome: str = "") -> None:
        request = self.current()
        if request is None or request.answered_on is not None:
            return
        dialog = AnswerDialog(self.database, request, self, outcome=outcome, today=self._today)
        dialog.exec()
        dialog.deleteLater()
