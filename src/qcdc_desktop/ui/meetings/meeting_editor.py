"""Typing in a meeting with its opinions and conclusions, in one place, from the keyboard.

Three tabs (Alt+1, Alt+2, Alt+3): the meeting, its opinions, its conclusions.  Ctrl+S saves,
Ctrl+W closes.  What is typed is kept as a draft in the data file as it is typed, so a power cut
loses at most the field being typed.  Saving validates with the domain rules and shows each
problem next to its field; the save itself is an operation on the database worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import Problem, QcdcError
from ...core.ids import origin_of
from ...core.model import Meeting
from ...core.roles import Operation
from ...core.serialize import to_plain
from ...db.edit import Saved, save_meeting
from ...db.suggestions import Suggestions
from ...db.units import office_name
from ...jobs.database import Database
from ...l10n import _, ngettext
from ..widgets.scrolling import scrolled_down
from ..widgets.fields import ErrorLabel
from ..widgets.reason import ask_why_opinions_go
from .meeting_drafts import MeetingDrafts
from .meeting_form import (
    DATE_FIELDS,
    MEETING_FIELDS,
    Fields,
    OpinionsEditor,
    build_conclusions_tab,
    build_meeting_tab,
    task_record,
    task_specs,
)
from .meeting_typed import route_problems, typed_meeting
from .meeting_suggestions import fill_chair_title, offer_suggestions
from ..history.panel import HistoryTarget
from .. import session
from .read_only import OfficeBanner, lock_fields, shown_opinion
from .replies import reply_to_opinion, send_directive
from .record_list_editor import RecordListEditor


class MeetingEditor(QWidget):
    """Edits one meeting.  Emits ``saved`` with the outcome of each save and ``closed``."""

    saved = Signal(object)  # Saved
    closed = Signal()
    chosen_changed = Signal()  # another meeting (or a new one) is in the form: the window's meeting actions follow

    def __init__(self, database: Database, suggestions: Suggestions | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.database = database
        # Who saves: the name kept in the history of a task's status (set by the main window).
        self.suggestions = suggestions or Suggestions()
        self.today = today
        self.meeting_id: str | None = None
        self.stored_opinions: set[str] = set()  # the ids of the opinions as saved: removing one asks why
        self.extra: dict[str, Any] = {"co_chairs": [], "publications": []}
        self.dirty = False
        self.saving = self.viewer = self.mask_phones = False  # viewer, mask_phones: a person who may only read
        # At the upper level: this office's code, and the commune whose meeting is shown (None: ours).
        self.own_origin: str | None = None
        self.foreign: str | None = None
        self.shown: Meeting | None = None  # the meeting as stored, while it is shown
        self.track_touched = False  # the person chose the track: the kind no longer sets it
        self.fields = Fields(self)
        self.inputs, self.errors = self.fields.inputs, self.fields.errors
        self.drafts = MeetingDrafts(self)  # what is typed is kept as a draft as it is typed
        self.fields.edited.connect(self.drafts.edited)
        self.fields.left.connect(self.drafts.field_left)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        top.addWidget(self.heading, 1)
        self.status_label = QLabel(self)
        top.addWidget(self.status_label)
        self.save_button = QPushButton(_("&Save") + "  (Ctrl+S)", self)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(_("Close") + "  (Ctrl+W)", self)
        self.close_button.clicked.connect(self.request_close)
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
            top.addWidget(button)
        layout.addLayout(top)
        self.banner = OfficeBanner(self)
        self.banner.reply_requested.connect(self.reply_to_opinion)
        self.banner.directive_requested.connect(self.send_directive)
        layout.addWidget(self.banner)
        self.problems_label = ErrorLabel(self)
        layout.addWidget(self.problems_label)

        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        # Each tab scrolls up and down when the window is too low for it (150 % on a laptop screen).
        self.tabs.addTab(scrolled_down(build_meeting_tab(self, self.fields)), "")
        self.fields.combo("kind").currentIndexChanged.connect(self._kind_changed)
        self.fields.combo("track").activated.connect(lambda _i: setattr(self, "track_touched", True))
        self.fields.line("chair").editingFinished.connect(partial(fill_chair_title, self))
        self.tasks = RecordListEditor(task_specs(), _("conclusion"), self)
        self.opinions = OpinionsEditor(self.tasks, self)
        self.tabs.addTab(scrolled_down(self.opinions), "")
        self.tabs.addTab(scrolled_down(build_conclusions_tab(self, self.fields, self.tasks)), "")
        self.tasks.chain_tab_order(self.inputs["conclusion"])
        self.tabs.currentChanged.connect(self._focus_tab)
        self.opinions.count_changed.connect(lambda _n: self._tab_titles())
        self.tasks.count_changed.connect(lambda _n: self._tab_titles())
        self.opinions.changed.connect(self.drafts.edited)
        self.tasks.changed.connect(self.drafts.edited)
        self._tab_titles()
        self.apply_suggestions(self.suggestions)

        keys: list[tuple[QKeySequence | str, Callable[[], object]]] = [
            (f"Alt+{n + 1}", partial(self.go_to_tab, n)) for n in range(3)]
        for key, slot in [*keys, (QKeySequence.StandardKey.Save, self.save), ("Ctrl+W", self.request_close)]:
            QShortcut(QKeySequence(key), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_meeting()

    # ----- building
    def _tab_titles(self) -> None:
        self.tabs.setTabText(0, _("1. Meeting"))
        self.tabs.setTabText(1, _("2. Opinions (%(n)d)") % {"n": len(self.opinions.records)})
        self.tabs.setTabText(2, _("3. Conclusions (%(n)d)") % {"n": len(self.tasks.records)})
        for index in range(3):
            self.tabs.setTabToolTip(index, f"Alt+{index + 1}")

    def go_to_tab(self, index: int) -> None:
        """Alt+1, Alt+2, Alt+3: the tab, with the cursor where typing continues."""
        self.tabs.setCurrentIndex(index)
        self._focus_tab(index)

    def _focus_tab(self, index: int) -> None:
        """Switching tab (Alt+1/2/3) puts the cursor where typing continues."""
        if index == 0:
            self.inputs["kind"].setFocus()
        elif index == 1:
            self.opinions.first_input().setFocus()
        else:
            self.inputs["conclusion"].setFocus()

    def apply_suggestions(self, suggestions: Suggestions) -> None:
        """Offer values typed before: places, hamlets, officials, responsible units; a new
        meeting gets the first official as its chair and the office's usual secretary."""
        offer_suggestions(self, suggestions)

    # ----- reacting
    def _kind_changed(self, _index: int) -> None:
        if not self.track_touched:
            kind = self.fields.combo("kind").code()
            self.fields.combo("track").set_code("party" if kind == "contact" else "state")

    @property
    def read_only(self) -> bool:
        """Nothing shown may be changed here: the person may only read, or the meeting is a commune's."""
        return self.viewer or self.foreign is not None

    def apply_lock(self) -> None:
        """Make the form editable or read-only as the person and the meeting shown say, with the
        band naming the commune when the meeting is one of its."""
        lock_fields(self, self.read_only)
        self.banner.show_office(self.foreign, may_write=session.may(Operation.WRITE_MESSAGES))

    # ----- state
    loading = False  # the form is being filled in, not typed in: nothing becomes "not saved"

    def _get(self, key: str) -> Any:
        return self.fields.get(key)

    def _set(self, key: str, value: Any) -> None:
        self.fields.set(key, value)

    def load_raw(self, state: dict[str, Any]) -> None:
        """Show a draft again exactly as it was typed."""
        self.drafts.restore(state)

    def new_meeting(self) -> None:
        self.foreign, self.shown = None, None
        self.apply_lock()
        self.loading = True
        try:
            self.meeting_id = None
            self.stored_opinions = set()
            self.extra = {"co_chairs": [], "publications": []}
            self.track_touched = False
            for key in MEETING_FIELDS:
                self._set(key, None)
            self._kind_changed(0)
            self.fields.date("held_on").set_date(self.today_date())
            if self.suggestions.chairs:
                name, title = self.suggestions.chairs[0]
                self._set("chair", name)
                self._set("chair_title", title)
            self._set("secretary", self.suggestions.secretary)  # who usually keeps the minutes
            self.opinions.set_records([])
            self.tasks.set_records([])
        finally:
            self.loading = False
        self.clear_problems()
        self.dirty = False
        self.status_label.setText("")
        self.update_heading()
        self.tabs.setCurrentIndex(0)
        self.inputs["kind"].setFocus()

    def load_meeting(self, meeting: Meeting, *, own_origin: str | None = None) -> None:
        """Show a stored meeting for editing; at the upper level a commune's meeting (its id names
        another office than ``own_origin``, or than the one given before) is shown read-only."""
        self.own_origin = own_origin or self.own_origin
        origin = origin_of(meeting.id or "")
        self.foreign = origin if self.own_origin and meeting.id and origin != self.own_origin else None
        self.apply_lock()
        self.shown = meeting
        plain = to_plain(meeting)
        self.loading = True
        try:
            self.meeting_id = meeting.id
            for key in MEETING_FIELDS:
                value = plain.get(key)
                if key in DATE_FIELDS:
                    self.fields.date(key).set_date(getattr(meeting, key))
                elif key == "scope":
                    self._set(key, ", ".join(meeting.scope))
                else:
                    self._set(key, value)
            self.track_touched = True
            self.extra = {"co_chairs": plain["co_chairs"], "publications": plain["publications"]}
            self.opinions.set_records([shown_opinion(o, self.mask_phones) for o in plain["opinions"]])
            self.tasks.set_records([task_record(t) for t in plain["conclusions"]])
            self.stored_opinions = {o.id for o in meeting.opinions if o.id}
        finally:
            self.loading = False
        self.clear_problems()
        self.dirty = False
        self.status_label.setText(_("Read only") if self.read_only else _("Saved"))
        self.update_heading()
        self.tabs.setCurrentIndex(0)
        self.inputs["kind"].setFocus()

    def show_record(self, record_id: str) -> None:
        """Put the opinion or conclusion ``record_id`` of the meeting shown in front, on its tab."""
        for tab, editor in ((1, self.opinions), (2, self.tasks)):
            index = next((i for i, r in enumerate(editor.records) if r.get("id") == record_id), None)
            if index is not None:
                self.tabs.setCurrentIndex(tab)
                editor.table.selectRow(index)
                editor.load(index)
                return

    def update_heading(self) -> None:
        if self.foreign is not None:
            self.heading.setText(_("Meeting of %(office)s") % {"office": office_name(self.foreign)})
        elif self.viewer and self.meeting_id:
            self.heading.setText(_("Meeting"))
        else:
            self.heading.setText(_("Edit meeting") if self.meeting_id else _("New meeting"))
        self.chosen_changed.emit()

    def today_date(self) -> dt.date:
        """Today, as the form knows it (a test gives its own)."""
        return self.today or dt.date.today()

    # ----- validation
    def clear_problems(self) -> None:
        for label in self.errors.values():
            label.show_message("")
        self.problems_label.show_message("")
        self.opinions.show_problems({})
        self.tasks.show_problems({})

    def show_problems(self, problems: list[Problem]) -> None:
        """Put each message next to its field; rows of opinions and conclusions turn red."""
        self.clear_problems()
        routed = route_problems(problems, self.errors)
        for key, messages in routed.fields.items():
            self.errors[key].show_message(" ".join(messages))
        self.opinions.show_problems(routed.records["opinions"])
        self.tasks.show_problems(routed.records["conclusions"])
        count = len(problems)
        message = ngettext("Not saved: %(n)d problem to correct (marked in red): %(problem)s",
                           "Not saved: %(n)d problems to correct (marked in red); the first: %(problem)s", count)
        self.problems_label.show_message(message % {"n": count, "problem": problems[0]})
        if routed.first_tab is not None:
            self.tabs.setCurrentIndex(routed.first_tab)

    def build_meeting(self) -> Meeting | None:
        """The meeting as typed, validated; None (with the problems shown) when it is not valid."""
        for editor, tab in ((self.opinions, 1), (self.tasks, 2)):
            if not editor.commit():  # what is typed in a form and not yet added is part of the meeting
                self.tabs.setCurrentIndex(tab)
                return None
        meeting, problems = typed_meeting(self.fields, self.extra, self.opinions.records, self.tasks.records,
                                          meeting_id=self.meeting_id, today=self.today_date())
        if meeting is None:
            self.show_problems(problems)
        return meeting

    # ----- saving
    def save(self) -> None:
        if self.saving or self.read_only:
            return
        meeting = self.build_meeting()
        if meeting is None:
            return
        removed = len(self.stored_opinions - {o.id for o in meeting.opinions if o.id}) if self.meeting_id else 0
        reason = ask_why_opinions_go(self, removed) if removed else ""
        if reason is None:
            return
        self.clear_problems()
        self.saving = True
        self.status_label.setText(_("Saving…"))
        self.database.submit(lambda store: save_meeting(store, meeting=meeting, reason=reason), self._saved,
                             self._save_failed)

    def _saved(self, saved: Saved) -> None:
        self.saving = False
        key = self.drafts.key()
        self.meeting_id = saved.meeting.id
        self.shown = saved.meeting
        self.stored_opinions = {o.id for o in saved.meeting.opinions if o.id}
        for record, opinion in zip(self.opinions.records, saved.meeting.opinions):
            record["id"] = opinion.id
        for record, task in zip(self.tasks.records, saved.meeting.conclusions):
            record["id"] = task.id
        self.extra["publications"] = to_plain(saved.meeting.publications)
        self.dirty = False
        self.drafts.drop_saved(key)
        self.status_label.setText(_("Saved"))
        self.update_heading()
        self.saved.emit(saved)

    def _save_failed(self, error: Exception) -> None:
        self.saving = False
        self.status_label.setText(_("Not saved"))
        message = error.message if isinstance(error, QcdcError) else _(
            "The meeting could not be saved; details are in the log. What you typed is kept as a draft.")
        self.problems_label.show_message(message)

    def reply_to_opinion(self) -> None:
        """At the upper level, from a commune's meeting: reply to the opinion chosen."""
        reply_to_opinion(self)

    def send_directive(self) -> None:
        """At the upper level, from a commune's meeting: a directive to the commune about it."""
        send_directive(self)

    def history_target(self) -> HistoryTarget | None:
        """For Ctrl+H: the opinion or conclusion being corrected on its tab, else the meeting
        (with everything under it); nothing for a meeting not saved yet."""
        for tab, editor, kind in ((1, self.opinions, "opinions"), (2, self.tasks, "tasks")):
            if self.tabs.currentIndex() == tab and editor.current is not None \
                    and 0 <= editor.current < len(editor.records) and editor.records[editor.current].get("id"):
                return HistoryTarget(str(editor.records[editor.current]["id"]), kind)
        return HistoryTarget(self.meeting_id, "meetings") if self.meeting_id else None

    def history_tables(self) -> list[QAbstractItemView]:
        return [self.opinions.table, self.tasks.table]

    def request_close(self) -> bool:
        """Close, asking first when there are unsaved changes (never for a meeting shown read-only).
        Returns whether it closed."""
        return self.drafts.request_close()
