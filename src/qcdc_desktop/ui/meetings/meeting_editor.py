"""Typing in a meeting with its opinions and conclusions, in one place, from the keyboard.

Three tabs (Alt+1, Alt+2, Alt+3): the meeting, its opinions, its conclusions.  Ctrl+S saves,
Ctrl+W closes.  What is typed is kept as a draft in the data file as it is typed, so a power cut
loses at most the field being typed.  Saving validates with the domain rules and shows each
problem next to its field; the save itself is an operation on the database worker.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import catalog
from ...core.errors import Problem, QcdcError, ValidationError
from ...core.model import Meeting
from ...core.serialize import to_plain
from ...core.validate import parse_meeting
from ...db.drafts import discard_draft, save_draft
from ...db.edit import Saved, save_meeting
from ...db.suggestions import Suggestions
from ...jobs.database import Database
from ...l10n import _, format_date, ngettext
from ..widgets.fields import CodeCombo, DateField, ErrorLabel, attach_completer, debounce, parse_typed_date
from .record_list_editor import FieldSpec, RecordListEditor

_NUMBERS = re.compile(r"\d+")
_TIME = re.compile(r"^\s*(\d{1,2})[:h.](\d{2})\s*$")


def opinion_specs() -> list[FieldSpec]:
    return [
        FieldSpec("speaker", _("Speaker"), required=True),
        FieldSpec("address", _("Hamlet / residential group")),
        FieldSpec("field", _("Field"), "code", catalog.FIELDS, required=True),
        FieldSpec("on_behalf_of", _("On behalf of (group)"), in_table=False),
        FieldSpec("content", _("Opinion"), "text", required=True, span=2),
        FieldSpec("answered", _("Answered at the meeting"), "check"),
        FieldSpec("outcome", _("Outcome"), "code", catalog.OUTCOMES, blank=_("(not decided yet)")),
        FieldSpec("answer", _("Answer given"), "text", span=2, in_table=False),
        FieldSpec("phone", _("Phone (personal data)"), in_table=False),
    ]


def task_specs() -> list[FieldSpec]:
    return [
        FieldSpec("content", _("Conclusion / task"), "text", required=True, span=2),
        FieldSpec("assignee", _("Responsible unit or official"), required=True),
        FieldSpec("deadline", _("Deadline"), "date"),
        FieldSpec("coordinating", _("Coordinating units")),
        FieldSpec("opinions", _("Answers opinions (numbers)")),
        FieldSpec("state", _("State"), "code", catalog.TASK_STATES, in_table=False),
        FieldSpec("completed_on", _("Completed on"), "date", in_table=False),
        FieldSpec("result", _("Result"), "text", span=2, in_table=False),
        FieldSpec("reply_doc", _("Reply document number"), in_table=False),
    ]


class OpinionsEditor(RecordListEditor):
    def __init__(self, tasks: RecordListEditor | None = None, parent: QWidget | None = None) -> None:
        super().__init__(opinion_specs(), _("opinion"), parent)
        self.tasks = tasks

    def removed(self, index: int) -> None:
        """Conclusions refer to opinions by number: keep their references right."""
        if self.tasks is None:
            return
        removed_number = index + 1
        for record in self.tasks.records:
            numbers = [int(n) for n in _NUMBERS.findall(str(record.get("opinions") or ""))]
            kept = [n - 1 if n > removed_number else n for n in numbers if n != removed_number]
            record["opinions"] = ", ".join(str(n) for n in kept)
        self.tasks.set_records(self.tasks.records)


class MeetingEditor(QWidget):
    """Edits one meeting.  Emits ``saved`` with the outcome of each save and ``closed``."""

    saved = Signal(object)  # Saved
    closed = Signal()

    MEETING_FIELDS = ("kind", "track", "held_on", "starts_at", "ends_at", "title", "place", "scope", "mode",
                      "chair", "chair_title", "coordinating", "participants", "announced_on", "status", "minutes",
                      "conclusion")

    def __init__(self, database: Database, suggestions: Suggestions | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.database = database
        # Who saves: the name kept in the history of a task's status (set by the main window).
        self.user: Callable[[], str] = lambda: ""
        self.suggestions = suggestions or Suggestions()
        self.today = today
        self.meeting_id: str | None = None
        self.extra: dict[str, Any] = {"co_chairs": [], "publications": []}
        self.dirty = False
        self.saving = False
        self._track_touched = False
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}

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
        self.problems_label = ErrorLabel(self)
        layout.addWidget(self.problems_label)

        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._meeting_tab(), "")
        self.tasks = RecordListEditor(task_specs(), _("conclusion"), self)
        self.opinions = OpinionsEditor(self.tasks, self)
        self.tabs.addTab(self.opinions, "")
        self.tabs.addTab(self._conclusions_tab(), "")
        self.tasks.chain_tab_order(self.inputs["conclusion"])
        self.tabs.currentChanged.connect(self._focus_tab)
        self.opinions.count_changed.connect(lambda _n: self._tab_titles())
        self.tasks.count_changed.connect(lambda _n: self._tab_titles())
        self.opinions.changed.connect(self._edited)
        self.tasks.changed.connect(self._edited)
        self._tab_titles()
        self.apply_suggestions(self.suggestions)

        self._draft_timer = debounce(self, 600, self.save_draft)
        for number in range(3):
            tab_key = QShortcut(QKeySequence(f"Alt+{number + 1}"), self)
            tab_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tab_key.activated.connect(lambda n=number: self.go_to_tab(n))
        for keys, slot in ((QKeySequence.StandardKey.Save, self.save), ("Ctrl+W", self.request_close)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.new_meeting()

    # ----- building
    def _field(self, grid: QGridLayout, row: int, col: int, key: str, label: str, widget: QWidget,
               span: int = 1, required: bool = False) -> None:
        widget.setObjectName(key)
        self.inputs[key] = widget
        error = ErrorLabel(self)
        self.errors[key] = error
        caption = QLabel(label + (" *" if required else "") + ":", self)
        caption.setBuddy(widget)
        cell = QVBoxLayout()
        cell.addWidget(widget)
        cell.addWidget(error)
        grid.addWidget(caption, row, col * 2, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(cell, row, col * 2 + 1, 1, span * 2 - 1)
        signal = getattr(widget, "textEdited", None) or getattr(widget, "textChanged", None)
        if isinstance(widget, CodeCombo):
            widget.currentIndexChanged.connect(lambda _i: self._edited())
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(lambda _v: self._edited())
        elif signal is not None:
            signal.connect(lambda *_a: self._edited())
        if isinstance(widget, QLineEdit):
            widget.editingFinished.connect(self._left_field)

    def _meeting_tab(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        kind = CodeCombo(catalog.MEETING_KINDS, self)
        kind.currentIndexChanged.connect(self._kind_changed)
        track = CodeCombo(catalog.TRACKS, self)
        track.activated.connect(lambda _i: setattr(self, "_track_touched", True))
        starts, ends = QLineEdit(self), QLineEdit(self)
        for w in (starts, ends):
            w.setPlaceholderText(_("hh:mm"))
            w.setMaxLength(5)
        participants = QSpinBox(self)
        participants.setRange(0, 1_000_000)
        participants.setGroupSeparatorShown(True)
        status = CodeCombo(catalog.MEETING_STATUSES, self, blank=_("(automatic)"))
        title, place, scope = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        title.setPlaceholderText(_("e.g. Dialogue between the chairman of the commune People's Committee and the "
                                   "People in 2026"))
        scope.setPlaceholderText(_("empty for the whole commune; or hamlets separated by commas"))
        chair, chair_title, coordinating = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        chair.editingFinished.connect(self._chair_chosen)
        minutes = QPlainTextEdit(self)
        minutes.setTabChangesFocus(True)
        rows = [
            [("kind", _("Kind of meeting"), kind, 1, True), ("track", _("Track"), track, 1, False)],
            [("held_on", _("Date"), DateField(self), 1, True), ("status", _("Status"), status, 1, False)],
            [("starts_at", _("Starts at"), starts, 1, False), ("ends_at", _("Ends at"), ends, 1, False)],
            [("title", _("Title"), title, 2, True)],
            [("place", _("Place"), place, 1, True), ("mode", _("Mode"), CodeCombo(catalog.MODES, self), 1, False)],
            [("scope", _("Hamlets concerned"), scope, 2, False)],
            [("chair", _("Chaired by"), chair, 1, True), ("chair_title", _("Title of the chair"), chair_title, 1,
                                                           True)],
            [("coordinating", _("Coordinating bodies"), coordinating, 1, False),
             ("participants", _("Participants"), participants, 1, False)],
            [("announced_on", _("Publicly announced on"), DateField(self), 1, False)],
            [("minutes", _("Minutes"), minutes, 2, False)],
        ]
        previous = None
        for row, fields in enumerate(rows):
            col = 0
            for key, label, widget, span, required in fields:
                self._field(grid, row, col, key, label, widget, span, required)
                col += span
                if previous is not None:  # Tab follows the form as it reads
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(rows) - 1, 1)
        return page

    def _conclusions_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        grid = QGridLayout()
        text = QPlainTextEdit(self)
        text.setTabChangesFocus(True)
        text.setMaximumHeight(90)
        self._field(grid, 0, 0, "conclusion", _("Conclusion of the chair"), text, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addWidget(self.tasks, 1)
        return page

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
        meeting gets the first official as its chair."""
        self.suggestions = suggestions
        if self.meeting_id is None and not self._get("chair") and suggestions.chairs:
            loading, self._loading = self._loading, True
            self._set("chair", suggestions.chairs[0][0])
            self._set("chair_title", suggestions.chairs[0][1])
            self._loading = loading
        attach_completer(self.inputs["place"], suggestions.places)
        attach_completer(self.inputs["chair"], [name for name, _t in suggestions.chairs])
        attach_completer(self.inputs["chair_title"], sorted({t for _n, t in suggestions.chairs}))
        attach_completer(self.inputs["coordinating"], suggestions.coordinating)
        attach_completer(self.opinions.inputs["address"], suggestions.hamlets)  # type: ignore[arg-type]
        attach_completer(self.opinions.inputs["speaker"], suggestions.speakers)  # type: ignore[arg-type]
        attach_completer(self.tasks.inputs["assignee"], suggestions.assignees)  # type: ignore[arg-type]
        attach_completer(self.tasks.inputs["coordinating"], suggestions.coordinating)  # type: ignore[arg-type]

    # ----- reacting
    def _kind_changed(self, _index: int) -> None:
        if not self._track_touched:
            kind = self.inputs["kind"].code()  # type: ignore[attr-defined]
            self.inputs["track"].set_code("party" if kind == "contact" else "state")  # type: ignore[attr-defined]

    def _chair_chosen(self) -> None:
        name = self.inputs["chair"].text().strip()  # type: ignore[attr-defined]
        title = self.inputs["chair_title"]
        for known, known_title in self.suggestions.chairs:
            if known == name and not title.text().strip():  # type: ignore[attr-defined]
                title.setText(known_title)  # type: ignore[attr-defined]
                break

    def _edited(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.status_label.setText(_("Not saved"))
        self._draft_timer.start()

    def _left_field(self) -> None:
        if self.dirty and self._draft_timer.isActive():
            self._draft_timer.stop()
            self.save_draft()

    # ----- state
    _loading = False

    def _get(self, key: str) -> Any:
        widget = self.inputs[key]
        if isinstance(widget, CodeCombo):
            return widget.code()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        return widget.text().strip()  # type: ignore[attr-defined]

    def _set(self, key: str, value: Any) -> None:
        widget = self.inputs[key]
        if isinstance(widget, CodeCombo):
            widget.set_code(value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value or 0))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        else:
            widget.setText(value or "")  # type: ignore[attr-defined]

    def raw_state(self) -> dict[str, Any]:
        """Everything typed, valid or not: what a draft keeps."""
        return {
            "meeting_id": self.meeting_id,
            "meeting": {key: self._get(key) for key in self.MEETING_FIELDS},
            "opinions": self.opinions.records,
            "conclusions": self.tasks.records,
            "pending_opinion": self.opinions.pending(),
            "pending_conclusion": self.tasks.pending(),
            "extra": self.extra,
            "track_touched": self._track_touched,
        }

    def load_raw(self, state: dict[str, Any]) -> None:
        """Show a draft again exactly as it was typed."""
        self._loading = True
        try:
            self.meeting_id = state.get("meeting_id")
            for key in self.MEETING_FIELDS:
                self._set(key, state.get("meeting", {}).get(key))
            self.extra = state.get("extra") or {"co_chairs": [], "publications": []}
            self._track_touched = bool(state.get("track_touched"))
            self.opinions.set_records(state.get("opinions") or [])
            self.tasks.set_records(state.get("conclusions") or [])
            self.opinions.restore_pending(state.get("pending_opinion"))
            self.tasks.restore_pending(state.get("pending_conclusion"))
        finally:
            self._loading = False
        self._clear_problems()
        self.dirty = True
        self.status_label.setText(_("Restored from a draft, not saved"))
        self._update_heading()

    def new_meeting(self) -> None:
        self._loading = True
        try:
            self.meeting_id = None
            self.extra = {"co_chairs": [], "publications": []}
            self._track_touched = False
            for key in self.MEETING_FIELDS:
                self._set(key, None)
            self._kind_changed(0)
            self.inputs["held_on"].set_date(self._today())  # type: ignore[attr-defined]
            if self.suggestions.chairs:
                name, title = self.suggestions.chairs[0]
                self._set("chair", name)
                self._set("chair_title", title)
            self.opinions.set_records([])
            self.tasks.set_records([])
        finally:
            self._loading = False
        self._clear_problems()
        self.dirty = False
        self.status_label.setText("")
        self._update_heading()
        self.tabs.setCurrentIndex(0)
        self.inputs["kind"].setFocus()

    def load_meeting(self, meeting: Meeting) -> None:
        """Show a stored meeting for editing."""
        plain = to_plain(meeting)
        self._loading = True
        try:
            self.meeting_id = meeting.id
            for key in self.MEETING_FIELDS:
                value = plain.get(key)
                if key in ("held_on", "announced_on"):
                    self.inputs[key].set_date(getattr(meeting, key))  # type: ignore[attr-defined]
                elif key == "scope":
                    self._set(key, ", ".join(meeting.scope))
                else:
                    self._set(key, value)
            self._track_touched = True
            self.extra = {"co_chairs": plain["co_chairs"], "publications": plain["publications"]}
            self.opinions.set_records([{**o, "id": o["id"]} for o in plain["opinions"]])
            self.tasks.set_records([self._task_record(t) for t in plain["conclusions"]])
        finally:
            self._loading = False
        self._clear_problems()
        self.dirty = False
        self.status_label.setText(_("Saved"))
        self._update_heading()
        self.tabs.setCurrentIndex(0)
        self.inputs["kind"].setFocus()

    @staticmethod
    def _task_record(task: dict[str, Any]) -> dict[str, Any]:
        record = dict(task)
        record["opinions"] = ", ".join(str(n) for n in task["opinions"])
        for key in ("deadline", "completed_on"):
            record[key] = format_date(dt.date.fromisoformat(task[key])) if task[key] else ""
        return record

    def _update_heading(self) -> None:
        self.heading.setText(_("Edit meeting") if self.meeting_id else _("New meeting"))

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    # ----- validation
    def document(self) -> tuple[dict[str, Any], list[Problem]]:
        """The meeting in the JSON shape of the domain, and the problems of form-level input
        (dates and times that are not dates and times) found while building it."""
        problems: list[Problem] = []
        m = {key: self._get(key) for key in self.MEETING_FIELDS}
        doc: dict[str, Any] = {k: v for k, v in m.items() if v not in ("", None)}
        doc["participants"] = m["participants"]
        for key in ("held_on", "announced_on"):
            field: DateField = self.inputs[key]  # type: ignore[assignment]
            doc.pop(key, None)
            if not field.is_valid():
                problems.append(Problem((key,), _("not a date: type dd/mm/yyyy")))
            elif field.iso():
                doc[key] = field.iso()
        for key in ("starts_at", "ends_at"):
            if m[key]:
                match = _TIME.match(m[key])
                if match and int(match[1]) < 24 and int(match[2]) < 60:
                    doc[key] = f"{int(match[1]):02d}:{match[2]}"
                else:
                    problems.append(Problem((key,), _("not a time: type hh:mm")))
                    doc.pop(key, None)
        doc["scope"] = [s.strip() for s in m["scope"].split(",") if s.strip()]
        if self.extra.get("co_chairs"):
            doc["co_chairs"] = self.extra["co_chairs"]
        if self.extra.get("publications"):
            doc["publications"] = [{k: v for k, v in p.items() if k != "id"} for p in self.extra["publications"]]
        doc["opinions"] = [self._opinion_doc(o) for o in self.opinions.records]
        doc["conclusions"] = []
        for i, record in enumerate(self.tasks.records):
            task, task_problems = self._task_doc(record, i)
            doc["conclusions"].append(task)
            problems.extend(task_problems)
        return doc, problems

    @staticmethod
    def _opinion_doc(record: dict[str, Any]) -> dict[str, Any]:
        keys = ("speaker", "address", "field", "on_behalf_of", "content", "answered", "outcome", "answer", "phone")
        doc = {k: record.get(k) for k in keys if record.get(k) not in ("", None)}
        doc["answered"] = bool(record.get("answered"))
        return doc

    @staticmethod
    def _task_doc(record: dict[str, Any], index: int) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        keys = ("content", "assignee", "coordinating", "state", "result", "reply_doc")
        doc: dict[str, Any] = {k: record.get(k) for k in keys if record.get(k) not in ("", None)}
        for key in ("deadline", "completed_on"):
            text = str(record.get(key) or "").strip()
            if text:
                value = parse_typed_date(text)
                if value is None:
                    problems.append(Problem(("conclusions", index, key), _("not a date: type dd/mm/yyyy")))
                else:
                    doc[key] = value.isoformat()
        numbers = str(record.get("opinions") or "")
        if numbers.strip():
            if re.fullmatch(r"[\d,;\s]+", numbers):
                doc["opinions"] = [int(n) for n in _NUMBERS.findall(numbers)]
            else:
                problems.append(Problem(("conclusions", index, "opinions"),
                                        _("write the numbers of the opinions, separated by commas")))
        return doc, problems

    def _clear_problems(self) -> None:
        for label in self.errors.values():
            label.show_message("")
        self.problems_label.show_message("")
        self.opinions.show_problems({})
        self.tasks.show_problems({})

    def show_problems(self, problems: list[Problem]) -> None:
        """Put each message next to its field; rows of opinions and conclusions turn red."""
        self._clear_problems()
        by_record: dict[str, dict[int, list[tuple[str, str]]]] = {"opinions": {}, "conclusions": {}}
        first_tab = None
        for problem in problems:
            path = problem.path
            if path and path[0] in by_record and len(path) >= 2 and isinstance(path[1], int):
                key = str(path[2]) if len(path) > 2 else ""
                by_record[str(path[0])].setdefault(path[1], []).append((key, problem.message))
                tab = 1 if path[0] == "opinions" else 2
            elif path and str(path[0]) in self.errors:
                label = self.errors[str(path[0])]
                label.show_message(" ".join(filter(None, [label.text(), problem.message])))
                tab = 2 if path[0] == "conclusion" else 0
            else:
                tab = 0
            first_tab = tab if first_tab is None else first_tab
        self.opinions.show_problems(by_record["opinions"])
        self.tasks.show_problems(by_record["conclusions"])
        count = len(problems)
        message = ngettext("Not saved: %(n)d problem to correct (marked in red): %(problem)s",
                           "Not saved: %(n)d problems to correct (marked in red); the first: %(problem)s", count)
        self.problems_label.show_message(message % {"n": count, "problem": problems[0]})
        if first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)

    def build_meeting(self) -> Meeting | None:
        """The meeting as typed, validated; None (with the problems shown) when it is not valid."""
        for editor, tab in ((self.opinions, 1), (self.tasks, 2)):
            if not editor.commit():  # what is typed in a form and not yet added is part of the meeting
                self.tabs.setCurrentIndex(tab)
                return None
        doc, problems = self.document()
        try:
            meeting = parse_meeting(doc, today=self._today())
        except ValidationError as exc:
            problems = problems + exc.problems
            meeting = None
        if problems:
            self.show_problems(problems)
            return None
        assert meeting is not None
        meeting.id = self.meeting_id
        for record, opinion in zip(self.opinions.records, meeting.opinions):
            opinion.id = record.get("id")
        for record, task in zip(self.tasks.records, meeting.conclusions):
            task.id = record.get("id")
        for plain, publication in zip(self.extra.get("publications", []), meeting.publications):
            publication.id = plain.get("id")
        return meeting

    # ----- saving
    def save(self) -> None:
        if self.saving:
            return
        meeting = self.build_meeting()
        if meeting is None:
            return
        self._clear_problems()
        self.saving = True
        self.status_label.setText(_("Saving…"))
        by = self.user()
        self.database.submit(lambda store: save_meeting(store, meeting=meeting, by=by), self._saved, self._save_failed)

    def _saved(self, saved: Saved) -> None:
        self.saving = False
        key = self.draft_key()
        self.meeting_id = saved.meeting.id
        for record, opinion in zip(self.opinions.records, saved.meeting.opinions):
            record["id"] = opinion.id
        for record, task in zip(self.tasks.records, saved.meeting.conclusions):
            record["id"] = task.id
        self.extra["publications"] = to_plain(saved.meeting.publications)
        self.dirty = False
        self._draft_timer.stop()
        self.database.submit(lambda store: discard_draft(store, key=key))
        if key != self.draft_key():
            self.database.submit(lambda store: discard_draft(store, key=self.draft_key()))
        self.status_label.setText(_("Saved"))
        self._update_heading()
        self.saved.emit(saved)

    def _save_failed(self, error: Exception) -> None:
        self.saving = False
        self.status_label.setText(_("Not saved"))
        message = error.message if isinstance(error, QcdcError) else _(
            "The meeting could not be saved; details are in the log. What you typed is kept as a draft.")
        self.problems_label.show_message(message)

    def draft_key(self) -> str:
        return self.meeting_id or "new"

    def save_draft(self) -> None:
        if not self.dirty:
            return
        key, meeting_id, payload = self.draft_key(), self.meeting_id, self.raw_state()
        self.database.submit(lambda store: save_draft(store, key=key, meeting_id=meeting_id, payload=payload))

    def request_close(self) -> bool:
        """Close, asking first when there are unsaved changes.  Returns whether it closed."""
        if self.dirty:
            answer = QMessageBox.question(
                self, _("Unsaved changes"), _("Save the changes to this meeting before closing?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.Save:
                self.saved.connect(self._close_after_save)
                self.save()
                return False
            key = self.draft_key()
            self._draft_timer.stop()
            self.database.submit(lambda store: discard_draft(store, key=key))
            self.dirty = False
        self.closed.emit()
        return True

    def _close_after_save(self, _saved: object) -> None:
        self.saved.disconnect(self._close_after_save)
        self.closed.emit()

