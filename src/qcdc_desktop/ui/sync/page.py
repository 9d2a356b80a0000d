"""The Sync place ("Đồng bộ"): this office's keys, the USB stick (or folder) to use, and the
bundles both ways.  A commune enrols its upper level, exports everything not yet confirmed and
imports what comes down (receipts, replies, directives); the upper level enrols the communes of
its province, imports their bundles, watches their status, and sends replies and directives down.

Exports and imports are jobs with a progress bar and Cancel, each on its own connection to the
data file (the backend's transactions keep them whole); the reading of the page and every small
write (enrol, revoke, rotate, reply) are operations on the database worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.errors import user_message
from ...jobs.database import Database
from ...jobs.job import Job
from ...l10n import _, ngettext
from ...work.sync import export_work, import_work, write_card_file
from ...sync.cards import Trusted
from ...sync.export import Exported, nothing_new_sentence
from ...sync.importer import BundleReport
from ...sync.keys import rotate_keys
from .enrol_dialog import EnrolDialog
from .key_card_dialog import KeyCardDialog
from .. import session
from ...core.roles import Operation
from .message_dialog import MessageDialog
from ..widgets.progress import run_with_progress
from ..widgets.row_models import RowsModel
from .state import (ExportRow, SyncState, directive_columns, export_columns, exported_text, imported_text,
                    read_sync_state, reply_columns, report_columns, report_is_bad)
from ...db.forwarded import ForwardedOpinion, ReceivedReply
from ...db.messages import Message
from ..widgets.tables import table_view
from .upper import UpperTabs
from .import_details import ImportDetails
from .volumes import DestinationChooser
from ..widgets.flow import FlowBar, labelled
from ...core.settings import SILENT_DAYS, SYNC_FOLDER
from ..widgets.settings import read, write

BUNDLE_FILTER = "*.qcdcb"
# What an import may have changed: every view re-reads what it shows.
IMPORTED_KINDS = ("meetings", "opinions", "tasks", "publications", "officials", "register_entries", "task_history",
                  "messages")


class SyncPage(QWidget):
    """Keys, stick, and the bundles both ways; the upper level's tabs come from :class:`UpperTabs`."""

    def __init__(self, database: Database, db_path: Path, settings: QSettings, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.database, self.db_path, self.settings, self._today = database, db_path, settings, today
        self.state: SyncState | None = None
        self.upper_tabs: UpperTabs | None = None
        self.reports: list[BundleReport] = []
        self.job: Job | None = None  # the export or import running
        self.opened: list[Path] = []  # bundles the program was started with, imported once the state is read
        keys = QGroupBox(_("Keys of this office"), self)
        self.fingerprint = QLabel("…", keys)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        font.setFamilies(["DejaVu Sans Mono", "Consolas", "monospace"])
        self.fingerprint.setFont(font)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setToolTip(_("Read it out by phone, or compare it with the one printed on the key card"))
        self.card_button = QPushButton(_("&Print the key card…"), keys)
        self.card_button.clicked.connect(self.show_card)
        self.card_file_button = QPushButton(_("Save the &key card file…"), keys)
        self.card_file_button.clicked.connect(self.save_card_file)
        self.rotate_button = QPushButton(_("&New keys…"), keys)
        self.rotate_button.clicked.connect(self.rotate)
        row = FlowBar(keys)  # the buttons go under the fingerprint when the window is narrow
        QVBoxLayout(keys).addWidget(row)
        row.add(labelled(keys, QLabel(_("Fingerprint:"), keys), self.fingerprint, grow=True))
        for button in (self.card_button, self.card_file_button, self.rotate_button):
            row.add(button)
        self.chooser = DestinationChooser(self)
        saved = read(settings, SYNC_FOLDER)
        if saved and Path(saved).is_dir():
            self.chooser.set_folder(Path(saved))
        stick = QHBoxLayout()
        stick_label = QLabel(_("&USB stick or folder:"), self)
        stick_label.setBuddy(self.chooser.combo)
        stick.addWidget(stick_label)
        stick.addWidget(self.chooser, 1)
        self.tabs = QTabWidget(self)
        self._build_send()
        self._build_receive()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(keys)
        layout.addLayout(stick)
        layout.addWidget(self.tabs, 1)
        self._enable()

    # ----- building
    def _build_send(self) -> None:
        self.send = QWidget(self)
        self.peer_line = QLabel(self.send)
        self.peer_line.setWordWrap(True)
        self.enrol_button = QPushButton(_("Enro&l the upper level from its key card…"), self.send)
        self.enrol_button.clicked.connect(self.enrol)
        self.enrol_button.hide()  # until the state read says no upper level is enrolled
        self.export_button = QPushButton(_("E&xport to the USB stick"), self.send)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        # Offered only after an export that found nothing new: the last stick may have been lost.
        self.again_button = QPushButton(_("&Write the bundle again"), self.send)
        self.again_button.clicked.connect(lambda: self.export(again=True))
        self.again_button.hide()
        self.export_result = QLabel(self.send)
        self.export_result.setWordWrap(True)
        self.export_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.exports_model: RowsModel[ExportRow] = RowsModel(export_columns(), self)
        self.exports_table = table_view(self.exports_model, self.send)
        top = QHBoxLayout()
        top.addWidget(self.peer_line, 1)
        top.addWidget(self.enrol_button)
        top.addWidget(self.export_button)
        top.addWidget(self.again_button)
        self.send_column = column = QVBoxLayout(self.send)
        column.addLayout(top)
        column.addWidget(self.export_result)
        column.addWidget(QLabel(_("Last bundles written:"), self.send))
        column.addWidget(self.exports_table, 1)

    def _build_receive(self) -> None:
        self.receive = QWidget(self)
        self.import_button = QPushButton(_("&Import bundles…"), self.receive)
        self.import_button.clicked.connect(self.choose_and_import)
        self.import_result = QLabel(_("Choose the bundle files (.qcdcb) on the USB stick."), self.receive)
        self.import_result.setWordWrap(True)
        self.report_model: RowsModel[BundleReport] = RowsModel(report_columns(), self, warn=report_is_bad)
        self.report_table = table_view(self.report_model, self.receive)
        self.replies_label = QLabel(_("Replies received from the upper level, with the opinion they answer:"),
                                    self.receive)
        self.replies_model: RowsModel[ReceivedReply] = RowsModel(reply_columns(), self)
        self.replies_table = table_view(self.replies_model, self.receive)
        self.directives_label = QLabel(_("Directives received from the upper level:"), self.receive)
        self.directives_model: RowsModel[Message] = RowsModel(directive_columns(), self)
        self.directives_table = table_view(self.directives_model, self.receive)
        top = QHBoxLayout()
        top.addWidget(self.import_result, 1)
        top.addWidget(self.import_button)
        column = QVBoxLayout(self.receive)
        column.addLayout(top)
        column.addWidget(self.report_table, 2)
        self.import_details = ImportDetails(self.report_table, self.report_model, self.receive)
        column.addWidget(self.import_details)
        column.addWidget(self.replies_label)
        column.addWidget(self.replies_table, 1)
        column.addWidget(self.directives_label)
        column.addWidget(self.directives_table, 1)

    def _place_tabs(self, upper: bool) -> None:
        if self.tabs.count():
            return
        if upper:
            self.upper_tabs = UpperTabs(self.database, self.db_path, self.settings, self._failed, self._today, self)
            self.upper_tabs.enrol_requested.connect(self.enrol)
            self.upper_tabs.refresh_requested.connect(self.refresh)
            self.upper_tabs.reply_requested.connect(self.reply)
            self.upper_tabs.directive_requested.connect(self.directive)
            tabs = self.upper_tabs.tabs()
            self.send_column.insertWidget(2, self.upper_tabs.outbox, 1)
            tabs[1:1] = [(self.receive, _("Recei&ve bundles")), (self.send, _("Send t&o the communes"))]
            self.enrol_button.hide()
            self.export_button.setText(_("E&xport for every commune with news"))
            hidden: tuple[QWidget, ...] = (self.directives_label, self.directives_table, self.replies_label,
                                           self.replies_table)
            for widget in hidden:
                widget.hide()
        else:
            tabs = [(self.send, _("&Send to the upper level")), (self.receive, _("Recei&ve from the upper level"))]
        for widget, title in tabs:
            self.tabs.addTab(widget, title)

    # ----- reading
    def refresh(self) -> None:
        days, today = read(self.settings, SILENT_DAYS), self._today()
        self.database.submit(lambda store: read_sync_state(store, silent_after_days=days, today=today),
                             self.show_state,
                             self._failed)

    def show_state(self, state: SyncState) -> None:
        self.state = state
        self._place_tabs(state.upper)
        self.fingerprint.setText(state.fingerprint or state.key_problem)
        self.exports_model.set_rows(state.exports)
        if state.upper and self.upper_tabs is not None:
            self.upper_tabs.show_state(state)
            communes = sum(1 for p in state.peers if p.role == "commune")
            self.peer_line.setText(ngettext("%(n)d commune enrolled.", "%(n)d communes enrolled.", communes)
                                   % {"n": communes})
        else:
            self.directives_model.set_rows(state.directives)
            self.replies_model.set_rows(state.replies)
            peer = state.upper_peer()
            self.peer_line.setText(
                _("This commune reports to <b>%(name)s</b> (%(code)s), key %(fingerprint)s.")
                % {"name": peer.name, "code": peer.unit_code, "fingerprint": state.fingerprints.get(peer.unit_code, "—")}
                if peer else _("The upper level is not enrolled yet: ask it for its key card file and its stamped "
                               "key card, then enrol it."))
            self.enrol_button.setVisible(peer is None and session.may(Operation.MANAGE_KEYS))
        self._offer_by_role()
        self._enable()
        if self.opened:
            self._import_opened()

    def _offer_by_role(self) -> None:
        """Only what the signed-in person's role may do is offered (core/roles.py)."""
        offered = ((self.export_button, Operation.EXPORT_BUNDLES), (self.import_button, Operation.IMPORT_BUNDLES),
                   (self.rotate_button, Operation.MANAGE_KEYS))
        for button, operation in offered:
            button.setVisible(session.may(operation))
        if self.upper_tabs is not None:
            self.upper_tabs.offer(session.may(Operation.MANAGE_KEYS), session.may(Operation.WRITE_MESSAGES))

    def _enable(self) -> None:
        state = self.state
        keys = bool(state and state.fingerprint)
        for button in (self.card_button, self.card_file_button, self.rotate_button):
            button.setEnabled(keys)
        peers = bool(state and state.peers)
        self.export_button.setEnabled(keys and peers)
        self.import_button.setEnabled(keys and peers)

    # ----- keys
    def show_card(self) -> None:
        if self.state and self.state.fingerprint:
            KeyCardDialog(self.state.unit, self.state.fingerprint, self.settings, self, today=self._today()).exec()

    def save_card_file(self) -> None:
        if not self.state:
            return
        start = (self.chooser.folder() or Path.home()) / (_("key-card-%(code)s") % {"code": self.state.unit.code}
                                                          + ".qcdckey")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the key card file"), str(start),
                                                    _("Key cards (%(patterns)s)") % {"patterns": "*.qcdckey"})
        if not path:
            return
        out = Path(path if path.lower().endswith(".qcdckey") else path + ".qcdckey")
        self.database.submit(lambda store: write_card_file(store, path=out),
                             lambda saved: self.export_result.setText(_("Saved %(path)s.") % {"path": saved}),
                             self._failed)

    def rotate(self) -> None:
        answer = QMessageBox.question(
            self, _("New keys"),
            _("Make new keys for this office? The other offices take the new key card file without a new "
              "enrolment (the old key signs it); send it to them before your next bundle. Do this when a stick "
              "with a key card may have been lost, or on a schedule."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.database.submit(rotate_keys, lambda _keys: self.refresh(), self._failed)

    def enrol(self) -> None:
        upper = bool(self.state and self.state.upper)
        intro = (_("Choose the key card file the commune gave you, and type the fingerprint printed on its signed "
                   "and stamped key card (or read out by phone).") if upper else
                 _("Choose the key card file of the upper level, and type the fingerprint printed on its signed and "
                   "stamped key card (or read out by phone)."))
        EnrolDialog(self.database, intro=intro, folder=self.chooser.folder() or Path.home(),
                    on_enrolled=self._enrolled, parent=self).exec()

    def _enrolled(self, trusted: Trusted) -> None:
        self.export_result.setText({
            "enrolled": _("Enrolled %(unit)s (%(code)s) with the key %(fingerprint)s."),
            "rotated": _("%(unit)s (%(code)s) now uses its new key %(fingerprint)s."),
            "already": _("%(unit)s (%(code)s) is already trusted with the key %(fingerprint)s.")}[trusted.outcome]
            % {"unit": trusted.unit_name, "code": trusted.unit_code, "fingerprint": trusted.fingerprint})
        self.refresh()

    # ----- bundles
    def export(self, *, again: bool = False) -> None:
        folder = self.chooser.folder()
        if folder is None:
            self.export_result.setText(_("Plug in a USB stick and press Refresh, or choose a folder."))
            return
        write(self.settings, SYNC_FOLDER, str(folder))
        self.export_button.setEnabled(False)
        self.again_button.hide()
        self.export_result.setText(_("Writing the bundle…"))
        self.job = run_with_progress(self, _("Writing the bundle to %(folder)s…") % {"folder": folder},
                          partial(export_work, self.db_path, folder, again=again), on_done=self._exported,
                          on_error=self._export_failed, on_cancel=self._export_cancelled)

    def _exported(self, written: list[Exported]) -> None:
        if written:
            self.export_result.setText(exported_text(written))
        else:  # nothing new: said why, and the bundle may be written again
            self.database.submit(nothing_new_sentence, self._nothing_new, self._failed)
        self.refresh()

    def _nothing_new(self, why: str) -> None:
        self.export_result.setText(why + " " + _("If the last bundle was lost, press «%(button)s».")
                                   % {"button": self.again_button.text().replace("&", "")})
        self.again_button.setVisible(session.may(Operation.EXPORT_BUNDLES))

    def _export_failed(self, error: Exception) -> None:
        self.export_result.setText("")
        self._enable()
        self._failed(error)

    def _export_cancelled(self) -> None:
        self.export_result.setText(_("Cancelled: nothing was written to the stick."))
        self.refresh()

    def choose_and_import(self) -> None:
        folder = self.chooser.folder() or Path.home()
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Choose the bundles to import"), str(folder),
                                                      _("Bundles (%(patterns)s)") % {"patterns": BUNDLE_FILTER})
        if paths:
            self.import_files([Path(p) for p in paths])

    def open_bundles(self, paths: list[Path]) -> None:
        """Bundles opened from the file manager (a double-click on a .qcdcb file starts the program
        with their paths): imported as if chosen with Import bundles, once the page has read which
        office this is (its tabs), on the tab that shows what became of each.  An account whose role
        may not import is told so, as it would be by the command."""
        self.opened = list(paths)
        if self.state is None:
            self.refresh()
        else:
            self._import_opened()

    def _import_opened(self) -> None:
        paths, self.opened = self.opened, []
        self.tabs.setCurrentWidget(self.receive)
        self.import_files(paths)

    def import_files(self, paths: list[Path]) -> None:
        """Verify and apply ``paths`` as a job; the table says what became of each."""
        self.import_button.setEnabled(False)
        self.import_result.setText(_("Importing…"))
        self.job = run_with_progress(self, ngettext("Importing %(n)d bundle…", "Importing %(n)d bundles…", len(paths))
                          % {"n": len(paths)}, partial(import_work, self.db_path, paths),
                          on_done=self._imported, on_error=self._import_failed, on_cancel=self._import_cancelled)

    def _imported(self, reports: list[BundleReport]) -> None:
        self.reports = reports
        self.report_model.set_rows(reports)
        self.import_result.setText(imported_text(reports))
        self.database.changed.emit(Changes(updated={kind: [] for kind in IMPORTED_KINDS}))
        self.refresh()

    def _import_failed(self, error: Exception) -> None:
        self.import_result.setText("")
        self._enable()
        self._failed(error)

    def _import_cancelled(self) -> None:
        self.import_result.setText(_("Cancelled: the bundle being applied was rolled back; those before it are "
                                     "applied whole."))
        self.database.changed.emit(Changes(updated={kind: [] for kind in IMPORTED_KINDS}))
        self.refresh()

    # ----- replies and directives (upper level)
    def reply(self, opinion: ForwardedOpinion) -> None:
        MessageDialog(self.database, opinion=opinion, on_saved=lambda _id: self.refresh(),
                      today=self._today(), parent=self).exec()

    def directive(self) -> None:
        communes = [p for p in (self.state.peers if self.state else []) if p.role == "commune"]
        MessageDialog(self.database, communes=communes, on_saved=lambda _id: self.refresh(), today=self._today(),
                      parent=self).exec()

    def _failed(self, error: Exception) -> None:
        message = user_message(error)
        QMessageBox.warning(self, _("Sync"), message)
