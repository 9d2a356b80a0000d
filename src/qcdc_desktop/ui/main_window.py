"""The main window: a list of places on the left (Meetings, Opinions, Tasks, Settings, and the
overview), the place's page on the right.  It shows what exists and nothing that does not."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from .. import l10n
from ..core.changes import Changes
from ..core.errors import user_message
from ..core.roles import Operation
from ..core.settings import WINDOW_PLACE
from ..printing.record import PrintRecord
from ..db import access
from ..db.drafts import Draft, discard_draft, list_drafts
from ..db.edit import Deleted, Saved, delete_meetings, refusal, require_meeting
from ..db.overview import Overview, read_overview
from ..db.suggestions import read_suggestions
from ..jobs.database import Database
from ..l10n import _, ngettext
from ..core.model import Meeting, RegisterEntry
from ..printing.desk import stale_notice
from .about import AboutDialog
from .overview import OverviewPage
from .window_menus import build_menus
from .window_places import Places
from .shortcuts_dialog import ShortcutsDialog, window_shortcuts
from .widgets import keyboard
from .window_keys import AreaKeys
from .documents.document_dialog import DocumentDialog
from .meetings.meeting_editor import MeetingEditor
from .widgets.reason import ask_reason
from .widgets.settings import read, write
from .undo import delete_command, save_command
from . import session


# The Go menu's underlined marks, in the list's order: 1 … 9, 0, then letters (a place's own name
# cannot serve: two places may start alike, and the letters differ between the languages).
MENU_MARKS = "1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def place_key(row: int) -> QKeySequence:
    """The shortcut of the place listed at ``row``: Ctrl+1 … Ctrl+9, Ctrl+0, then Ctrl+Shift+1 …"""
    if row < 9:
        return QKeySequence(f"Ctrl+{row + 1}")
    if row == 9:
        return QKeySequence("Ctrl+0")
    return QKeySequence(f"Ctrl+Shift+{row - 9}")


class MainWindow(QMainWindow):
    """Pages are added with :meth:`add_page`; the navigation list and the Go menu switch between
    them (Ctrl+1 … Ctrl+9, Ctrl+0, Ctrl+Shift+1 …, see :func:`place_key`).  A place given as a
    builder is made when first shown or asked for (:class:`Places`), so the start builds and
    imports only the place the window opens on; :attr:`place_built` says when one is made."""

    register_import_action: QAction  # the File menu's entry, put there by ui.registers.import_dialog
    history_action: QAction  # Edit → History of the selected record (Ctrl+H), put there by ui.history
    history_place_action: QAction  # Edit → Go to the History place (Ctrl+Shift+H), for admin and leader
    keep_printing: Callable[[PrintRecord], None]  # writes this window's printings to the history (app.py)
    file_menu: QMenu  # the menus and their actions below, made by ui/window_menus.build_menus
    edit_menu: QMenu
    go_menu: QMenu
    help_menu: QMenu
    new_action: QAction
    delete_action: QAction
    undo_action: QAction
    redo_action: QAction
    shortcuts_action: QAction

    page_changed = Signal(str)
    place_built = Signal(str, QWidget)  # key, the place just made from its builder
    restart_requested = Signal(str)  # the language to open the window again in (Settings' «Restart now»)

    def __init__(self, database: Database, settings: QSettings | None = None) -> None:
        super().__init__()
        keyboard.install()  # Tab leaves tables, a focused list selects its row, the focus is framed
        self.database = database
        self.settings = settings or QSettings()
        session.begin(access.signed_in(database.path))  # whoever signed in to the file works in this window
        self.setWindowTitle("QCDC Desktop")
        self.pages = Places(self)
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._switch)
        self.undo_stack = QUndoStack(self)
        # The File menu's document actions, added by the Notices place (documents/page.py), and the
        # batch being printed, kept alive until it ends.
        self.documents_action: QAction | None = None
        self.batch_print_action: QAction | None = None
        self.batch_save_action: QAction | None = None
        self.batch_print_run: object | None = None
        self.overview = OverviewPage(self)
        self.editor = MeetingEditor(database, parent=self)
        self.editor.saved.connect(self._meeting_saved)
        self.editor.closed.connect(self._editor_closed)
        self.editor.chosen_changed.connect(self.update_meeting_actions)
        self._previous_page = "overview"
        build_menus(self)
        self.area_keys = AreaKeys(self)  # F6 between the places list and the page
        self.add_page("overview", _("Overview"), self.overview)
        # The entry form is a place of its own: leaving it keeps what is typed (and its draft).
        self.add_page("editor", _("Meeting entry"), self.editor)
        self.database.changed.connect(self._on_changes)
        self.statusBar()  # made now, so the window is sized with it (the file check shows there)
        self.resize(1280, 720)

    # ----- pages
    def add_page(self, key: str, title: str, widget: QWidget | Callable[[], QWidget], *,
                 after: str | None = None) -> None:
        """Add a place to the navigation: at the end, or right after the page ``after``.  ``widget``
        is the place, or what makes it when it is first shown or asked for."""
        places = self.pages
        if isinstance(widget, QWidget):
            self.stack.addWidget(widget)
            places.made[key] = widget
            self._wire_place(widget)
        else:
            stand_in = QWidget(self.stack)  # holds the place's spot in the stack until it is made
            self.stack.addWidget(stand_in)
            places.builders[key] = widget
            places.stand_ins[key] = stand_in
        places.order.append(key)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        row = self.nav.count()
        if after is not None:
            row = next((r + 1 for r in range(self.nav.count())
                        if self.nav.item(r).data(Qt.ItemDataRole.UserRole) == after), row)
        self.nav.insertItem(row, item)
        self._number_pages()
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def place(self, key: str) -> QWidget:
        """The place ``key``, made now from its builder if it was not yet (KeyError: no such place)."""
        places = self.pages
        made = places.made.get(key)
        if made is not None:
            return made
        build = places.builders.pop(key)
        widget = build()
        stand_in = places.stand_ins.pop(key)
        self.stack.insertWidget(self.stack.indexOf(stand_in), widget)
        if self.stack.currentWidget() is stand_in:
            self.stack.setCurrentWidget(widget)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        places.made[key] = widget
        self._wire_place(widget)
        self.place_built.emit(key, widget)
        return widget

    def _wire_place(self, widget: QWidget) -> None:
        chosen_changed = getattr(widget, "chosen_changed", None)  # a place that knows the meeting of its row
        if chosen_changed is not None and widget is not self.editor:
            chosen_changed.connect(self.update_meeting_actions)

    def _number_pages(self) -> None:
        """Every place has its shortcut in the order they are listed (:func:`place_key`), shown in
        the Go menu beside it and in the list's tooltip."""
        for action in self.go_menu.actions():
            self.go_menu.removeAction(action)
            action.deleteLater()
        # The list as wide as its longest name, whatever the language: no place is cut off.
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 12)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = place_key(row)
            item.setToolTip(f"{item.text()} ({key.toString(QKeySequence.SequenceFormat.NativeText)})")
            action = QAction(f"&{MENU_MARKS[row]} {item.text()}" if row < len(MENU_MARKS) else item.text(), self)
            action.setShortcut(key)
            action.triggered.connect(lambda _checked=False, r=row: self._go_to_row(r))
            self.go_menu.addAction(action)

    def _go_to_row(self, row: int) -> None:
        if row < self.nav.count():
            self.nav.setCurrentRow(row)

    def show_page(self, key: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)

    def current_page(self) -> str:
        item: QListWidgetItem | None = self.nav.currentItem()  # None before a page is chosen
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def _switch(self, row: int) -> None:
        if row < 0:
            return
        if self.current_page() != "editor":
            self._previous_page = self.current_page()
        self.stack.setCurrentWidget(self._nav_widget(row))
        self.update_meeting_actions()
        self.page_changed.emit(self.current_page())

    def keep_place(self) -> None:
        """Show the place left last time (the entry form excepted: it opens on a meeting) and, from
        now on, remember each place chosen.  Called once every place is added."""
        saved = read(self.settings, WINDOW_PLACE)
        if saved in self.pages and saved != "editor":
            self.show_page(saved)
        self.page_changed.connect(self._remember_place)

    def _remember_place(self, key: str) -> None:
        if key != "editor":
            write(self.settings, WINDOW_PLACE, key)

    def _nav_widget(self, row: int) -> QWidget:
        return self.pages[self.nav.item(row).data(Qt.ItemDataRole.UserRole)]

    # ----- menus
    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(window_shortcuts(self), self)
        dialog.exec()
        dialog.deleteLater()

    def about(self) -> None:
        dialog = AboutDialog(self)
        dialog.exec()
        dialog.deleteLater()

    # ----- meetings
    def new_meeting(self) -> None:
        if not session.may(Operation.RECORD_MEETINGS):
            return
        if self.editor.dirty and not self.editor.request_close():
            return
        self._load_suggestions()
        self.editor.new_meeting()
        self._show_editor()

    def open_meeting(self, meeting_id: str, record_id: str = "") -> None:
        """Show the meeting in the entry form (with its opinion or conclusion ``record_id`` in
        front); at the upper level a commune's meeting opens read-only, saying whose it is."""
        if self.editor.meeting_id == meeting_id:
            self._show_editor()
            if record_id:
                self.editor.show_record(record_id)
            return
        if self.editor.dirty and not self.editor.request_close():
            return
        self._load_suggestions()
        self.database.submit(lambda store: (require_meeting(store, meeting_id), store.origin),
                             lambda found: self._edit_loaded(*found, record_id=record_id), self.show_error)

    def _edit_loaded(self, meeting: Meeting, own_origin: str, *, record_id: str = "") -> None:
        self.editor.load_meeting(meeting, own_origin=own_origin)
        self._show_editor()
        if record_id:
            self.editor.show_record(record_id)

    def _show_editor(self) -> None:
        self.show_page("editor")

    def _editor_closed(self) -> None:
        self.editor.new_meeting()
        self.show_page(self._previous_page)

    def _load_suggestions(self) -> None:
        self.database.submit(read_suggestions, self.editor.apply_suggestions, self.show_error)

    def _meeting_saved(self, saved: Saved) -> None:
        self.undo_stack.push(save_command(self.database, saved, self.show_error, self._after_undo_step))
        if saved.before is not None:  # an issued notice is never silently changed: say so, offer a correction
            meeting_id = saved.meeting.id or ""
            self.database.submit(lambda store: stale_notice(store, meeting_id=meeting_id),
                                 lambda entry: self._offer_correction(meeting_id, entry), self.show_error)

    def _offer_correction(self, meeting_id: str, entry: RegisterEntry | None) -> None:
        if entry is None:
            return
        answer = QMessageBox.question(
            self, _("Issued notice"),
            _("Notice %(symbol)s of %(date)s was issued for this meeting before the change. The issued notice stays "
              "as it was. Prepare a corrected notice under a new number now?")
            % {"symbol": entry.symbol, "date": l10n.format_date(entry.issued_on)},
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            dialog = DocumentDialog(self.database, meeting_id, settings=self.settings, parent=self)
            dialog.exec()
            dialog.deleteLater()

    def chosen_meeting(self) -> str | None:
        """The meeting in front of the person: the saved one open in the entry form, else the one of
        the chosen row of a place that knows it (the lists, the follow-up); None elsewhere."""
        if self.current_page() == "editor":
            return self.editor.meeting_id
        chosen = getattr(self.pages.get(self.current_page()), "selected_meeting", None)
        return chosen() if callable(chosen) else None

    def update_meeting_actions(self) -> None:
        """File → Delete this meeting (the one open in the entry form) and Documents of this meeting
        are offered only with a meeting in front of the person (issue 18: they were enabled with none)."""
        editing = self.current_page() == "editor" and bool(self.editor.meeting_id)
        self.delete_action.setEnabled(editing and session.may(Operation.DELETE_MEETINGS))
        if self.documents_action is not None:
            self.documents_action.setEnabled(self.chosen_meeting() is not None)

    def delete_edited(self) -> None:
        if self.stack.currentWidget() is self.editor and self.editor.foreign is not None:
            QMessageBox.information(self, _("Delete"), refusal(self.editor.foreign))
            return
        if self.stack.currentWidget() is self.editor and self.editor.meeting_id:
            title = self.editor.inputs["title"]
            assert isinstance(title, QLineEdit)
            self.delete_meetings([self.editor.meeting_id], title.text())

    def delete_meetings(self, ids: list[str], title: str = "") -> None:
        """Ask, then delete; the deletion can be undone (Ctrl+Z)."""
        if not session.may(Operation.DELETE_MEETINGS):
            return
        question = (_("Delete the meeting “%(title)s” with its opinions and conclusions?") % {"title": title}
                    if title else ngettext("Delete %(n)d meeting with its opinions and conclusions?",
                                           "Delete %(n)d meetings with their opinions and conclusions?", len(ids))
                    % {"n": len(ids)})
        reason = ask_reason(self, _("Delete"), question + "\n" + _("You can undo this with Ctrl+Z."), _("&Delete"))
        if reason is None:
            return
        self.database.submit(lambda store: delete_meetings(store, ids=ids, reason=reason), self._deleted,
                             self.show_error)

    def _deleted(self, deleted: Deleted) -> None:
        self.undo_stack.push(delete_command(self.database, deleted, self.show_error, self._after_undo_step))
        if self.editor.meeting_id in deleted.changes.deleted.get("meetings", []):
            self.editor.dirty = False
            self.editor.request_close()

    def _after_undo_step(self, result: Saved | Deleted | Changes) -> None:
        """After undo or redo, the open editor shows the meeting as it now is (or closes)."""
        changes = result if isinstance(result, Changes) else result.changes
        meeting_id = self.editor.meeting_id
        if not meeting_id or self.editor.dirty:
            return
        if meeting_id in changes.deleted.get("meetings", []):
            self.editor.request_close()
        elif changes.touches("meetings") or changes.touches("opinions") or changes.touches("tasks"):
            self.database.submit(lambda store: require_meeting(store, meeting_id), self.editor.load_meeting,
                                 self.show_error)

    def check_drafts(self) -> None:
        """Offer to restore work typed before the program was closed or the power went off."""
        if not session.may(Operation.RECORD_MEETINGS):
            return  # someone else's unsaved meeting is not offered to a person who may only read
        self.database.submit(list_drafts, self._offer_drafts, self.show_error)

    def _offer_drafts(self, drafts: list[Draft]) -> None:
        if not drafts:
            return
        draft = drafts[0]
        answer = QMessageBox.question(
            self, _("Unsaved work"),
            _("A meeting was being typed and not saved (last change %(when)s). Open it to continue?")
            % {"when": draft.updated_at.replace("T", " ")[:16]},
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Open)
        if answer == QMessageBox.StandardButton.Open:
            self._load_suggestions()
            self.editor.load_raw(draft.payload)
            self._show_editor()
        else:
            self.database.submit(lambda store: discard_draft(store, key=draft.key))

    # ----- data
    def refresh(self) -> None:
        self.database.submit(read_overview, self._show, self.show_error)

    def _on_changes(self, _changes: object) -> None:
        self.refresh()

    def _show(self, o: Overview) -> None:
        self.setWindowTitle(f"QCDC Desktop — {o.unit.name}")
        self.overview.show_overview(o)

    def show_error(self, error: Exception) -> None:
        message = user_message(error)
        QMessageBox.warning(self, "QCDC Desktop", message)
