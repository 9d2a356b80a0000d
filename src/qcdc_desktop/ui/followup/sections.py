"""The parts of the Follow-up place: a section (a heading with its count over a table), and the
section of citizens' requests about their data still waiting for an answer (Law 91/2025), with the
days since each came."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ... import l10n
from ...core.followup import COUNT_CAP
from ...core.person_requests import PersonRequest, kind_label
from ...l10n import _, ngettext
from ..widgets.row_models import Column, RowsModel
from ..widgets.tables import table_view


def days_text(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": l10n.format_number(n)}


def request_columns(today: dt.date) -> list[Column[PersonRequest]]:
    """The waiting requests: when each came, how long it has waited, what it asks, about whom."""
    return [
        Column(_("Received on"), lambda r: l10n.format_date(r.received_on)),
        Column(_("Waiting"), lambda r: days_text(r.days_waiting(today)), right=True),
        Column(_("What is asked"), lambda r: kind_label(r.kind)),
        Column(_("About"), lambda r: r.about),
    ]


class Section(QWidget):
    """One heading with its count and one table."""

    def __init__(self, model: RowsModel[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.table = table_view(model, self)
        self.heading.setBuddy(self.table)
        self.top = QHBoxLayout()
        self.top.setContentsMargins(0, 4, 0, 0)
        self.top.addWidget(self.heading)
        self.top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.top)
        layout.addWidget(self.table, 1)

    def show_rows(self, heading: str, rows: list[Any], columns: list[Column[Any]], stretch: int, *,
                  select: bool = False) -> None:
        """Show ``rows`` under ``heading``; column ``stretch`` (the task or the meeting's name)
        takes the room the others, as wide as their headings and texts, leave."""
        self.heading.setText(f"<b>{heading}</b>")
        self.table.fitter.flexible = [stretch]
        # A row is always current (the same place after a reading), so the buttons and Enter act at
        # once; only the first section shows it selected, so the eye goes to one row, not four.
        previous = max(self.table.currentIndex().row(), 0)
        self.model.set_rows(rows, columns)
        if rows:
            selection = self.table.selectionModel()
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                     if select else QItemSelectionModel.SelectionFlag.NoUpdate)
            selection.blockSignals(True)
            selection.setCurrentIndex(self.model.index(min(previous, len(rows) - 1), 0), flags)
            selection.blockSignals(False)

    def current_row(self) -> object | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None


def count_text(count: int) -> str:
    """A section's count: "1.234", or "hơn 10.000" past the count the follow-up stops at."""
    if count > COUNT_CAP:
        return _("more than %(n)s") % {"n": l10n.format_number(COUNT_CAP)}
    return l10n.format_number(count)


def shown(count: int, listed: int) -> str:
    """" (the first 100 are listed)" when the list is cut; else nothing."""
    return _(" (the first %(n)s are listed)") % {"n": l10n.format_number(listed)} if count > listed else ""
