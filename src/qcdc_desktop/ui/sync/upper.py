"""The upper level's tabs of the Sync place: the communes of the province to enrol (a search box
insensitive to diacritics), the sync status of each (silent ones in red), the opinions forwarded
up to reply to and the directives, and the records kept aside as conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.text import fold
from ...db.forwarded import ForwardedOpinion
from ...db.sync_store import Peer, PeerStatus
from ...db.units import AdminUnit
from ...jobs.database import Database
from ...l10n import _
from ...sync.cards import revoke_key
from ..widgets.row_models import Column, RowsModel
from .state import (
    SyncState,
    conflict_columns,
    enrolment_columns,
    forwarded_columns,
    status_columns,
)
from ...core.settings import SILENT_DAYS
from ..widgets.settings import read, write
from ..widgets.tables import table_view

Row = TypeVar("Row")


def selected_row(table: QTableView, model: RowsModel[Row]) -> Row | None:
    rows = table.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def matches(query: str, text: str) -> bool:
    """Every word of ``query`` is in ``text``, whatever the diacritics and the case."""
    folded = fold(text)
    return all(word in folded for word in fold(query).split())


class UpperTabs(QObject):
    """The widgets of the upper level's tabs; :meth:`show_state` fills them."""

    enrol_requested = Signal()
    reply_requested = Signal(object)  # ForwardedOpinion
    directive_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, database: Database, settings: QSettings, on_error: Callable[[Exception], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database, self.settings, self.on_error = database, settings, on_error
        self.state: SyncState | None = None
        # Communes
        self.communes = QWidget()  # placed in the page's tabs
        self.search = QLineEdit(self.communes)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Name or code of the commune; accents are optional"))
        self.search.textChanged.connect(lambda _text: self._show_enrolment())
        self.enrolment_model: RowsModel[tuple[AdminUnit, Peer | None]] = RowsModel(enrolment_columns(), self)
        self.enrolment_table = table_view(self.enrolment_model, self.communes)
        self.enrol_button = QPushButton(_("Enr&ol a commune from its key card…"), self.communes)
        self.enrol_button.clicked.connect(self.enrol_requested)
        self.revoke_button = QPushButton(_("Re&voke the key of the selected commune…"), self.communes)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.enrolment_count = QLabel(self.communes)
        top = QHBoxLayout()
        label = QLabel(_("Sear&ch:"), self.communes)
        label.setBuddy(self.search)
        top.addWidget(label)
        top.addWidget(self.search, 1)
        top.addWidget(self.enrol_button)
        top.addWidget(self.revoke_button)
        column = QVBoxLayout(self.communes)
        column.addLayout(top)
        column.addWidget(self.enrolment_table, 1)
        column.addWidget(self.enrolment_count)
        self.enrolment_table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        # Status
        self.status = QWidget()  # placed in the page's tabs
        self.silent_days = QSpinBox(self.status)
        self.silent_days.setRange(1, 365)
        self.silent_days.setValue(read(settings, SILENT_DAYS))
        self.silent_days.setSuffix(_(" days"))
        self.silent_days.valueChanged.connect(self._silent_changed)
        self.status_model: RowsModel[PeerStatus] = RowsModel(status_columns(), self,
                                                             warn=lambda r: r.silent or r.forked or r.history_broken)
        self.status_table = table_view(self.status_model, self.status)
        row = QHBoxLayout()
        silent_label = QLabel(_("Show in red the communes silent for more than:"), self.status)
        silent_label.setBuddy(self.silent_days)
        row.addWidget(silent_label)
        row.addWidget(self.silent_days)
        row.addStretch(1)
        column = QVBoxLayout(self.status)
        column.addLayout(row)
        column.addWidget(self.status_table, 1)
        # Replies and directives
        self.messages = QWidget()  # placed in the page's tabs
        self.forwarded_model: RowsModel[ForwardedOpinion] = RowsModel(forwarded_columns(), self)
        self.forwarded_table = table_view(self.forwarded_model, self.messages)
        self.forwarded_table.doubleClicked.connect(lambda _i: self.reply_selected())
        self.reply_button = QPushButton(_("Repl&y to the selected opinion…"), self.messages)
        self.reply_button.clicked.connect(self.reply_selected)
        self.directive_button = QPushButton(_("Directi&ve to a commune…"), self.messages)
        self.directive_button.clicked.connect(self.directive_requested)
        heading = QLabel(_("Opinions the communes forwarded to the upper level (those without a reply first):"),
                         self.messages)
        row = QHBoxLayout()
        row.addWidget(heading, 1)
        row.addWidget(self.reply_button)
        row.addWidget(self.directive_button)
        column = QVBoxLayout(self.messages)
        column.addLayout(row)
        column.addWidget(self.forwarded_table, 1)
        self.forwarded_table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        # Conflicts
        self.conflicts = QWidget()  # placed in the page's tabs
        self.conflict_model: RowsModel[dict[str, Any]] = RowsModel(conflict_columns(), self)
        self.conflict_table = table_view(self.conflict_model, self.conflicts)
        note = QLabel(_("Records that came twice with the same version but different content. They were not "
                        "applied; check them with the commune."), self.conflicts)
        note.setWordWrap(True)
        column = QVBoxLayout(self.conflicts)
        column.addWidget(note)
        column.addWidget(self.conflict_table, 1)
        self._enable()

    def tabs(self) -> list[tuple[QWidget, str]]:
        return [(self.status, _("Sync &status")), (self.communes, _("Co&mmunes")),
                (self.messages, _("Replies and direc&tives")), (self.conflicts, _("Conf&licts"))]

    def show_state(self, state: SyncState) -> None:
        self.state = state
        self.status_model.set_rows(state.status)
        self.forwarded_model.set_rows(state.forwarded)
        self.conflict_model.set_rows(state.conflicts)
        self._show_enrolment()

    def _show_enrolment(self) -> None:
        rows = self.state.enrolment if self.state else []
        query = self.search.text()
        shown = [r for r in rows if matches(query, f"{r[0].name} {r[0].code}")]
        self.enrolment_model.set_rows(shown)
        enrolled = sum(1 for r in rows if r[1] is not None)
        self.enrolment_count.setText(_("%(enrolled)d of %(total)d communes enrolled") % {"enrolled": enrolled,
                                                                                        "total": len(rows)})
        self._enable()

    def offer(self, keys: bool, messages: bool) -> None:
        """Offer enrolling and revoking communes (``keys``), and replies and directives (``messages``),
        only to a role that may use them."""
        self.enrol_button.setVisible(keys)
        self.revoke_button.setVisible(keys)
        self.reply_button.setVisible(messages)
        self.directive_button.setVisible(messages)

    def _enable(self) -> None:
        chosen = selected_row(self.enrolment_table, self.enrolment_model)
        self.revoke_button.setEnabled(bool(chosen and chosen[1] is not None))
        self.reply_button.setEnabled(selected_row(self.forwarded_table, self.forwarded_model) is not None)
        self.directive_button.setEnabled(bool(self.state and any(p.role == "commune" for p in self.state.peers)))

    def _silent_changed(self, days: int) -> None:
        write(self.settings, SILENT_DAYS, days)
        self.refresh_requested.emit()

    def reply_selected(self) -> None:
        opinion = selected_row(self.forwarded_table, self.forwarded_model)
        if opinion is not None:
            self.reply_requested.emit(opinion)

    def revoke_selected(self) -> None:
        chosen = selected_row(self.enrolment_table, self.enrolment_model)
        if not chosen or chosen[1] is None or self.state is None:
            return
        unit = chosen[0]
        fingerprint = self.state.fingerprints.get(unit.code)
        if not fingerprint:
            return
        answer = QMessageBox.question(
            self.communes, _("Revoke a key"),
            _("Revoke the key %(fingerprint)s of %(name)s? Every bundle signed by it will be refused from now on, "
              "and it can never be trusted again. Do this when the key may be in the wrong hands (a stolen "
              "computer); the commune then makes new keys and enrols again with a new stamped card.")
            % {"fingerprint": fingerprint, "name": unit.name},
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.database.submit(lambda store: revoke_key(store, fingerprint),
                                 lambda _r: self.refresh_requested.emit(), self.on_error)


__all__ = ["UpperTabs", "table_view", "selected_row", "matches", "Column"]
