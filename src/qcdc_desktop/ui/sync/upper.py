"""The upper level's tabs of the Sync place: the communes board (board_tab.py: every commune, enrolled
or not, its bundles, follow-up and problems; enrolling and revoking), the opinions forwarded up to
reply to and the directives, and the records kept aside as conflicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...db.forwarded import ForwardedOpinion
from ...jobs.database import Database
from ...db.sync_board import Outbox
from ...l10n import _, ngettext
from ...sync.board import BoardRow
from ...sync.cards import revoke_key
from ..widgets.row_models import Column, RowsModel
from ..widgets.tables import table_view
from .board_tab import BoardTab
from .state import SyncState, conflict_columns, forwarded_columns, outbox_columns

Row = TypeVar("Row")


def selected_row(table: QTableView, model: RowsModel[Row]) -> Row | None:
    rows = table.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


class UpperTabs(QObject):
    """The widgets of the upper level's tabs; :meth:`show_state` fills them."""

    enrol_requested = Signal()
    reply_requested = Signal(object)  # ForwardedOpinion
    directive_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, database: Database, db_path: Path, settings: QSettings, on_error: Callable[[Exception], None],
                 today: Callable[[], dt.date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database, self.settings, self.on_error = database, settings, on_error
        self.state: SyncState | None = None
        # The communes board
        self.board = BoardTab(db_path, settings, today, self)
        self.board.enrol_requested.connect(self.enrol_requested)
        self.board.revoke_requested.connect(self.revoke)
        self.board.refresh_requested.connect(self.refresh_requested)
        # What waits to go down, per commune (placed in the page's Send tab)
        self.outbox = QWidget()
        self.outbox_model: RowsModel[Outbox] = RowsModel(outbox_columns(), self, strong=lambda o: o.new > 0)
        self.outbox_table = table_view(self.outbox_model, self.outbox)
        self.outbox_label = QLabel(self.outbox)
        self.outbox_label.setWordWrap(True)
        column = QVBoxLayout(self.outbox)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.outbox_label)
        column.addWidget(self.outbox_table, 1)
        # Replies and directives
        self.messages = QWidget()  # placed in the page's tabs
        self.forwarded_model: RowsModel[ForwardedOpinion] = RowsModel(forwarded_columns(), self)
        self.forwarded_table = table_view(self.forwarded_model, self.messages)
        self.forwarded_table.doubleClicked.connect(lambda _i: self.reply_selected())
        self.reply_button = QPushButton(_("Repl&y to the selected opinion…"), self.messages)
        self.reply_button.clicked.connect(self.reply_selected)
        self.directive_button = QPushButton(_("D&irective to communes…"), self.messages)
        self.directive_button.clicked.connect(self.directive_requested)
        heading = QLabel(_("Opinions the communes forwarded to the upper level (those without a reply first):"),
                         self.messages)
        heading.setWordWrap(True)  # on two lines rather than widen the window (150 % on a laptop screen)
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
        return [(self.board.widget, _("Co&mmunes board")),
                (self.messages, _("Replies and direc&tives")), (self.conflicts, _("Conf&licts"))]

    def show_state(self, state: SyncState) -> None:
        self.state = state
        self.board.show_rows(state.board)
        waiting = [o for o in state.outboxes if not o.empty]
        self.outbox_model.set_rows(waiting)
        self.outbox_label.setText(
            ngettext("Waiting to go down: %(n)s commune has something in its next bundle (in bold: written since "
                     "its last bundle).", "Waiting to go down: %(n)s communes have something in their next bundle "
                     "(in bold: written since their last bundle).", len(waiting)) % {"n": len(waiting)}
            if waiting else _("Nothing waits to go down to the communes."))
        self.forwarded_model.set_rows(state.forwarded)
        self.conflict_model.set_rows(state.conflicts)
        self._enable()

    def offer(self, keys: bool, messages: bool) -> None:
        """Offer enrolling and revoking communes (``keys``), and replies and directives (``messages``),
        only to a role that may use them."""
        self.board.offer(keys)
        self.reply_button.setVisible(messages)
        self.directive_button.setVisible(messages)

    def _enable(self) -> None:
        self.reply_button.setEnabled(selected_row(self.forwarded_table, self.forwarded_model) is not None)
        self.directive_button.setEnabled(bool(self.state and any(p.role == "commune" for p in self.state.peers)))

    def reply_selected(self) -> None:
        opinion = selected_row(self.forwarded_table, self.forwarded_model)
        if opinion is not None:
            self.reply_requested.emit(opinion)

    def revoke(self, chosen: BoardRow) -> None:
        if self.state is None:
            return
        fingerprint = self.state.fingerprints.get(chosen.code)
        if not fingerprint:
            return
        answer = QMessageBox.question(
            self.board.widget, _("Revoke a key"),
            _("Revoke the key %(fingerprint)s of %(name)s? Every bundle signed by it will be refused from now on, "
              "and it can never be trusted again. Do this when the key may be in the wrong hands (a stolen "
              "computer); the commune then makes new keys and enrols again with a new stamped card.")
            % {"fingerprint": fingerprint, "name": chosen.name},
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.database.submit(lambda store: revoke_key(store, fingerprint),
                                 lambda _r: self.refresh_requested.emit(), self.on_error)


__all__ = ["UpperTabs", "table_view", "selected_row", "Column"]
