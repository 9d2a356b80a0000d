"""The Follow-up place ("Theo dõi"): what needs attention today, in four sections with their
counts: tasks overdue and due within 7 days; meetings still without a conclusion notice some
days after; results not published within 10 days of the meeting; planned meetings whose public
notice is later than 7 days before.

From there, by keyboard: Enter on a task updates it (state, result, completion date, reply
document, with its history), Enter on a meeting opens it; the buttons open the meeting of the
selected row or its documents.  At the upper level the sections show every commune's records
with a Commune column: a filter keeps them to one commune, and a click on a section's Commune
heading orders it by commune (a click on its date heading, by date again), in the query itself,
so that the rows shown are the first of that order.  The lists are read by the database worker (bounded reads) and
read again whenever an operation changes tasks, meetings, publications or notices.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ... import l10n
from ...core.changes import Changes
from ...core.errors import user_message
from ...core.followup import FollowUp, MeetingLate, TaskDue
from ...db.followup import Order, Scope
from ...db.units import office_label
from ...jobs.database import Database
from ...l10n import _
from ..documents.document_dialog import DocumentDialog
from ..main_window import MainWindow
from .. import session
from ...core.roles import Operation
from ..widgets.flow import FlowBar, labelled
from ..widgets.cells import origin_name
from ..widgets.fields import type_ahead_on
from ..widgets.row_models import RowsModel
from .task_dialog import TaskDialog
from ..history.panel import HistoryTarget
from ...core.settings import NOTICE_DAYS
from ..widgets.settings import read, write
from .columns import meeting_columns, task_columns
from .reading import FollowUpReading, anything_to_follow, read_follow_up
from .sections import Section, count_text, request_columns, shown

log = logging.getLogger(__name__)

WATCHED = ("tasks", "meetings", "publications", "register_entries", "person_requests")


class FollowUpPage(QWidget):
    """The dashboard of what is overdue or late."""

    open_meeting = Signal(str)
    open_record = Signal(str, str)  # a commune's task at the upper level: its meeting, the task in front
    open_requests = Signal()  # Enter on a citizen's request: to the register of requests
    loaded = Signal(object)  # FollowUp, after each reading
    chosen_changed = Signal()  # the row in front of the person changed: what selected_meeting gives may have

    def __init__(self, database: Database, settings: QSettings, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database = database
        self.settings = settings
        self._today = today
        self.upper = False
        self.origin = ""
        self.current: FollowUp | None = None
        self.tasks = Section(RowsModel(task_columns(False), self, warn=lambda t: t.days_left < 0), self)
        self.without_notice = Section(RowsModel(meeting_columns("without_notice", False), self), self)
        self.unpublished = Section(RowsModel(meeting_columns("unpublished", False), self), self)
        self.announced_late = Section(RowsModel(meeting_columns("announced_late", False), self), self)
        self.requests = Section(RowsModel(request_columns(today()), self), self)
        self.requests.setVisible(session.may(Operation.PERSON_REQUESTS))
        self.sections = (self.tasks, self.without_notice, self.unpublished, self.announced_late, self.requests)
        # The sections that list records of the communes at the upper level, by their key in the query.
        self.keyed = {"tasks": self.tasks, "without_notice": self.without_notice, "unpublished": self.unpublished,
                      "announced_late": self.announced_late}
        self.orders: dict[str, Order] = {}
        for key, section in self.keyed.items():
            header = section.table.horizontalHeader()
            header.setSortIndicatorShown(False)  # until the upper level's Commune column is there to sort by
            header.sectionClicked.connect(lambda column, k=key: self._header_clicked(k, column))
        self.commune = type_ahead_on(QComboBox(self))
        self.commune.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.commune.setMinimumContentsLength(24)
        self.commune.addItem(_("All"), None)
        self.commune.currentIndexChanged.connect(lambda _i: self.refresh())
        self.commune_label = QLabel(_("Commu&ne:"), self)
        self.commune_label.setBuddy(self.commune)
        self._last = self.tasks
        self.notice_days = QSpinBox(self)
        self.notice_days.setRange(1, 90)
        self.notice_days.setValue(read(settings, NOTICE_DAYS))
        self.notice_days.setSuffix(_(" days"))
        self.notice_days.setToolTip(_("How many days after the meeting a conclusion notice is expected"))
        self.notice_days.valueChanged.connect(self._notice_days_changed)
        label = QLabel(_("E&xpected within:"), self)
        label.setBuddy(self.notice_days)
        self.without_notice.top.addWidget(label)
        self.without_notice.top.addWidget(self.notice_days)
        self.update_button = QPushButton(_("&Update the task…"), self)
        self.update_button.setToolTip(_("State, result, completion date and reply document of the task (Enter)"))
        self.update_button.clicked.connect(self.update_task)
        self.update_button.setVisible(session.may(Operation.FOLLOW_UP))  # a viewer reads the follow-up only
        self.open_button = QPushButton(_("&Open the meeting"), self)
        self.open_button.setToolTip(_("Open the meeting of the selected row in the entry form (Enter on a meeting)"))
        self.open_button.clicked.connect(self.open_selected)
        self.documents_button = QPushButton(_("Documents of the &meeting…"), self)
        self.documents_button.setToolTip(_("Preview, issue, print and save the notice, minutes or invitation"))
        self.documents_button.clicked.connect(self.documents_of_selected)
        self.status = QLabel(self)
        self.status.setObjectName("followup-status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = FlowBar(self)  # on two lines when the window is narrow (150 % on a laptop screen)
        for button in (self.update_button, self.open_button, self.documents_button):
            bar.add(button)
        self.commune_piece = labelled(self, self.commune_label, self.commune)
        bar.add(self.commune_piece)
        bar.add(labelled(self, self.status, grow=True))
        self.commune_piece.hide()
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        for section, stretch in zip(self.sections, (3, 2, 2, 2, 1)):
            splitter.addWidget(section)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
            section.table.installEventFilter(self)
            section.table.selectionModel().currentChanged.connect(lambda *_a, s=section: self._focus(s))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(splitter, 1)
        order = [self.update_button, self.open_button, self.documents_button, self.commune, self.tasks.table,
                 self.without_notice.table, self.notice_days, self.unpublished.table, self.announced_late.table,
                 self.requests.table]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._enable()

    # ----- reading
    def scope(self) -> Scope:
        """The commune chosen (at the upper level) and the order of each section."""
        return Scope(self.commune.currentData() if self.upper else None, dict(self.orders))

    def refresh(self) -> None:
        today, days, scope = self._today(), self.notice_days.value(), self.scope()
        self.database.submit(lambda store: read_follow_up(store, today=today, notice_days=days, scope=scope),
                             self._show, self._failed)

    def _header_clicked(self, key: str, column: int) -> None:
        """At the upper level, a click on a section's Commune heading orders it by commune (again:
        the other way); on its date heading, by date (again: the other way).  The other headings,
        and a commune's, do not sort: its follow-up keeps its order, oldest first."""
        order = self.orders.get(key, Order())
        if self.upper and column == 0:
            order = Order(True, order.by_office and not order.descending)
        elif self.upper and column == 1:
            order = Order(False, not order.by_office and not order.descending)
        else:
            self._show_order(key)  # the indicator back where the order is
            return
        self.orders[key] = order
        self._show_order(key)
        self.refresh()

    def _show_order(self, key: str) -> None:
        header = self.keyed[key].table.horizontalHeader()
        order = self.orders.get(key, Order())
        header.blockSignals(True)
        header.setSortIndicatorShown(self.upper)
        header.setSortIndicator(0 if order.by_office else 1,
                                Qt.SortOrder.DescendingOrder if order.descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def _show_offices(self, codes: tuple[str, ...]) -> None:
        """The commune filter: every office with meetings here, this office first, then by name."""
        self.commune_piece.setVisible(self.upper)
        wanted = self.commune.currentData()
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem(_("All"), None)
        for code in codes:
            self.commune.addItem(office_label(code), code)
        self.commune.setCurrentIndex(max(self.commune.findData(wanted), 0) if wanted else 0)
        self.commune.blockSignals(False)

    def on_changes(self, changes: Changes) -> None:
        if any(changes.touches(kind) for kind in WATCHED):
            self.refresh()

    def _notice_days_changed(self, days: int) -> None:
        write(self.settings, NOTICE_DAYS, days)
        self.refresh()

    def _show(self, reading: FollowUpReading) -> None:
        self.upper, self.origin, f = reading.upper, reading.origin, reading.follow_up
        self.current = f
        self._show_offices(reading.offices)
        n = l10n.format_number
        tasks = [*f.overdue, *f.due_soon]
        shift = 1 if self.upper else 0  # the commune column comes first at the upper level
        self.tasks.show_rows(
            _("Tasks overdue: %(overdue)s; due within 7 days: %(soon)s") % {"overdue": count_text(f.overdue_count),
                                                                             "soon": count_text(f.due_soon_count)}
            + shown(f.overdue_count, len(f.overdue)) + shown(f.due_soon_count, len(f.due_soon)),
            tasks, task_columns(self.upper), shift + 2, select=True)
        sections = ((self.without_notice, "without_notice", _("Meetings without a conclusion notice: %(n)s"),
                     f.without_notice, f.without_notice_count),
                    (self.unpublished, "unpublished", _("Results not published within 10 days of the meeting: %(n)s"),
                     f.unpublished, f.unpublished_count),
                    (self.announced_late, "announced_late",
                     _("Planned meetings announced less than 7 days before: %(n)s"), f.announced_late,
                     f.announced_late_count))
        for section, key, heading, rows, count in sections:
            section.show_rows(heading % {"n": count_text(count)} + shown(count, len(rows)), list(rows),
                              meeting_columns(key, self.upper), shift + 1)
        if reading.requests_count is not None:
            self.requests.show_rows(_("Citizens' requests about their data not yet answered: %(n)s")
                                    % {"n": n(reading.requests_count)}
                                    + shown(reading.requests_count, len(reading.requests)), list(reading.requests),
                                    request_columns(f.today), 3)
        for key in self.keyed:
            self._show_order(key)
        self.status.setText(_("As of %(date)s") % {"date": l10n.format_date(f.today)})
        self._last = next((s for s in self.sections if s.table.hasFocus()), self._last)
        self._enable()
        self.loaded.emit(f)

    def _failed(self, error: Exception) -> None:
        # Said on the page, not in a message box: at start the window reports a file it cannot open.
        log.warning("follow-up not read: %s", error)
        self.status.setText(user_message(error))

    # ----- actions
    def _focus(self, section: Section) -> None:
        self._last = section
        self._enable()

    def _enable(self) -> None:
        row = self._last.current_row()
        task = self.tasks.current_row()
        # Only the office that recorded a task changes it; the upper level sees the communes' tasks.
        self.update_button.setEnabled(isinstance(task, TaskDue) and task.origin == self.origin)
        self.open_button.setEnabled(isinstance(row, (TaskDue, MeetingLate)))
        self.documents_button.setEnabled(isinstance(row, (TaskDue, MeetingLate)))
        self.chosen_changed.emit()

    def selected_meeting(self) -> str | None:
        row = self._last.current_row()
        return row.meeting_id if isinstance(row, (TaskDue, MeetingLate)) else None

    def history_target(self) -> HistoryTarget | None:
        """The task or meeting of the row in front of the person, for its History panel (Ctrl+H)."""
        row = self._last.current_row()
        if isinstance(row, TaskDue):
            return HistoryTarget(row.task_id, "tasks")
        if isinstance(row, MeetingLate):
            return HistoryTarget(row.meeting_id, "meetings")
        return None

    def history_tables(self) -> list[QAbstractItemView]:
        return [section.table for section in self.sections]

    def update_task(self) -> None:
        """The follow-up dialog of the task selected in the first section."""
        task = self.tasks.current_row()
        if not isinstance(task, TaskDue) or not session.may(Operation.FOLLOW_UP):
            return
        if task.origin != self.origin:
            # The commune's task is shown in its meeting, read-only, where a directive can be sent.
            self.status.setText(_("Only %(commune)s, which recorded this task, can change it.")
                                % {"commune": origin_name(task.origin)})
            self.open_record.emit(task.meeting_id, task.task_id)
            return
        dialog = TaskDialog(self.database, task_id=task.task_id, meeting_id=task.meeting_id, settings=self.settings,
                            parent=self, today=self._today)
        dialog.exec()
        dialog.deleteLater()

    def open_selected(self) -> None:
        meeting_id = self.selected_meeting()
        if meeting_id:
            self.open_meeting.emit(meeting_id)

    def documents_of_selected(self) -> None:
        meeting_id = self.selected_meeting()
        if meeting_id:
            dialog = DocumentDialog(self.database, meeting_id, settings=self.settings, parent=self)
            dialog.exec()
            dialog.deleteLater()  # its PDF goes with it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            section = next((s for s in self.sections if s.table is watched), None)
            if section is not None and section.current_row() is not None:
                self._last = section
                if section is self.tasks:
                    self.update_task()
                elif section is self.requests:
                    self.open_requests.emit()
                else:
                    self.open_selected()
                return True
        if event.type() == QEvent.Type.FocusIn:
            section = next((s for s in self.sections if s.table is watched), None)
            if section is not None:
                self._focus(section)
        return super().eventFilter(watched, event)


def install_followup(window: MainWindow, database: Database, db_path: Path, settings: QSettings, *,
                     today: Callable[[], dt.date] = dt.date.today) -> FollowUpPage:
    """The Follow-up place, right after the overview.  It is read at once (queued before the file
    is opened, so the first reading comes before the window shows): when anything needs
    attention the window opens on it, otherwise on the overview."""
    page = FollowUpPage(database, settings, parent=window, today=today)
    window.add_page("followup", _("Follow-up"), page, after="overview")
    database.changed.connect(page.on_changes)
    window.page_changed.connect(lambda key: page.refresh() if key == "followup" else None)
    page.open_meeting.connect(window.open_meeting)
    page.open_record.connect(window.open_meeting)
    page.open_requests.connect(lambda: window.show_page("personal"))
    first: list[bool] = []

    def opened_on(f: FollowUp) -> None:
        if not first:
            first.append(True)
            if anything_to_follow(f) and window.current_page() == "overview":
                window.show_page("followup")

    page.loaded.connect(opened_on)
    page.refresh()
    return page
