"""The meeting's own fields (the first tab of the editor) and the records typed under it (the
opinions and conclusions tabs).  What was typed becomes the meeting's JSON shape in
``meeting_typed.py``.

:class:`Fields` keeps the named inputs of the form with the line under each that shows its
problem, and reads and writes them by name, each with its own widget type."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from ...core import catalog
from ...core.model import ANSWERED, as_one_fact
from ...l10n import _, format_date
from ..widgets.fields import CodeCombo, DateField, ErrorLabel
from .record_list_editor import FieldSpec, RecordListEditor

MEETING_FIELDS = ("kind", "track", "held_on", "starts_at", "ends_at", "title", "place", "scope", "mode",
                  "chair", "chair_title", "coordinating", "participants", "announced_on", "secretary", "status",
                  "minutes", "conclusion")
DATE_FIELDS = ("held_on", "announced_on")
OPINION_NUMBERS = re.compile(r"\d+")  # in "1, 3; 4", the opinions a task answers

Input = CodeCombo | QSpinBox | QPlainTextEdit | QLineEdit


class Fields(QObject):
    """The named inputs of the form.  ``edited`` when a person changes one; ``left`` when they
    leave a line they typed in."""

    edited = Signal()
    left = Signal()

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.owner = owner
        self.inputs: dict[str, Input] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.captions: dict[str, QLabel] = {}

    def add(self, grid: QGridLayout, row: int, col: int, key: str, label: str, widget: Input, span: int = 1,
            required: bool = False) -> None:
        """Put ``widget`` with its caption and its problem line in the grid, under ``key``."""
        widget.setObjectName(key)
        self.inputs[key] = widget
        error = ErrorLabel(self.owner)
        self.errors[key] = error
        caption = QLabel(label + (" *" if required else "") + ":", self.owner)
        caption.setBuddy(widget)
        self.captions[key] = caption
        cell = QVBoxLayout()
        cell.addWidget(widget)
        cell.addWidget(error)
        grid.addWidget(caption, row, col * 2, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(cell, row, col * 2 + 1, 1, span * 2 - 1)
        if isinstance(widget, CodeCombo):
            widget.currentIndexChanged.connect(lambda _i: self.edited.emit())
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(lambda _v: self.edited.emit())
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self.edited.emit)
        else:
            widget.textEdited.connect(lambda _t: self.edited.emit())
            widget.editingFinished.connect(self.left.emit)

    def get(self, key: str) -> Any:
        widget = self.inputs[key]
        if isinstance(widget, CodeCombo):
            return widget.code()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        return widget.text().strip()

    def set(self, key: str, value: Any) -> None:
        widget = self.inputs[key]
        if isinstance(widget, CodeCombo):
            widget.set_code(value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value or 0))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        else:
            widget.setText(value or "")

    def line(self, key: str) -> QLineEdit:
        widget = self.inputs[key]
        assert isinstance(widget, QLineEdit), key
        return widget

    def date(self, key: str) -> DateField:
        widget = self.inputs[key]
        assert isinstance(widget, DateField), key
        return widget

    def combo(self, key: str) -> CodeCombo:
        widget = self.inputs[key]
        assert isinstance(widget, CodeCombo), key
        return widget


def build_meeting_tab(owner: QWidget, fields: Fields) -> QWidget:
    """The first tab: the meeting's own fields, in the order the form reads (and Tab follows)."""
    page = QWidget(owner)
    grid = QGridLayout(page)
    starts, ends = QLineEdit(owner), QLineEdit(owner)
    for w in (starts, ends):
        w.setPlaceholderText(_("hh:mm"))
        w.setMaxLength(5)
    participants = QSpinBox(owner)
    participants.setRange(0, 1_000_000)
    participants.setGroupSeparatorShown(True)
    title, place, scope = QLineEdit(owner), QLineEdit(owner), QLineEdit(owner)
    minutes = QPlainTextEdit(owner)
    minutes.setTabChangesFocus(True)
    rows: list[list[tuple[str, str, Input, int, bool]]] = [
        [("kind", _("Kind of meeting"), CodeCombo(catalog.MEETING_KINDS, owner), 1, True),
         ("track", _("Track"), CodeCombo(catalog.TRACKS, owner), 1, False)],
        [("held_on", _("Date"), DateField(owner), 1, True),
         ("status", _("Status"), CodeCombo(catalog.MEETING_STATUSES, owner, blank=_("(automatic)")), 1, False)],
        [("starts_at", _("Starts at"), starts, 1, False), ("ends_at", _("Ends at"), ends, 1, False)],
        [("title", _("Title"), title, 2, True)],
        [("place", _("Place"), place, 1, True), ("mode", _("Mode"), CodeCombo(catalog.MODES, owner), 1, False)],
        [("scope", _("Hamlets concerned"), scope, 2, False)],
        [("chair", _("Chaired by"), QLineEdit(owner), 1, True),
         ("chair_title", _("Title of the chair"), QLineEdit(owner), 1, True)],
        [("coordinating", _("Coordinating bodies"), QLineEdit(owner), 1, False),
         ("participants", _("Participants"), participants, 1, False)],
        [("announced_on", _("Publicly announced on"), DateField(owner), 1, False),
         ("secretary", _("Secretar&y of the meeting"), QLineEdit(owner), 1, False)],
        [("minutes", _("Minutes"), minutes, 2, False)],
    ]
    previous: QWidget | None = None
    for row, row_fields in enumerate(rows):
        col = 0
        for key, label, widget, span, required in row_fields:
            fields.add(grid, row, col, key, label, widget, span, required)
            col += span
            if previous is not None:  # Tab follows the form as it reads
                QWidget.setTabOrder(previous, widget)
            previous = widget
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(3, 1)
    grid.setRowStretch(len(rows) - 1, 1)
    speak_for_office(fields, "", upper=False, year=dt.date.today().year)
    return page


def speak_for_office(fields: Fields, unit_name: str, *, upper: bool, year: int) -> None:
    """The hints of the meeting's title and scope as the office speaks: a commune's meetings
    concern its hamlets, a province's (its own dialogues) its communes; the example title names
    the office and the year."""
    office = unit_name[:1].lower() + unit_name[1:] if unit_name else ""
    fields.line("title").setPlaceholderText(
        _("e.g. Dialogue between the chairman of the People's Committee of %(office)s and the People in %(year)s")
        % {"office": office, "year": year} if office else
        _("e.g. Dialogue between the chairman of the commune People's Committee and the People in %(year)s")
        % {"year": year})
    scope = fields.line("scope")
    if upper:
        fields.captions["scope"].setText(_("Communes concerned") + ":")
        scope.setPlaceholderText(_("empty for the whole province; or communes separated by commas"))
    else:
        fields.captions["scope"].setText(_("Hamlets concerned") + ":")
        scope.setPlaceholderText(_("empty for the whole commune; or hamlets separated by commas"))


def build_conclusions_tab(owner: QWidget, fields: Fields, tasks: RecordListEditor) -> QWidget:
    """The third tab: the chair's conclusion, then the tasks typed one after another."""
    page = QWidget(owner)
    layout = QVBoxLayout(page)
    grid = QGridLayout()
    text = QPlainTextEdit(owner)
    text.setTabChangesFocus(True)
    text.setMaximumHeight(90)
    fields.add(grid, 0, 0, "conclusion", _("Conclusion of the chair"), text, 2)
    grid.setColumnStretch(1, 1)
    layout.addLayout(grid)
    layout.addWidget(tasks, 1)
    return page


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
    """The opinions of a meeting.  "Answered at the meeting" and the outcome are one fact: ticking
    the box sets the outcome "answered", choosing that outcome ticks it, and any other outcome (or
    none) leaves it unticked."""

    def __init__(self, tasks: RecordListEditor | None = None, parent: QWidget | None = None) -> None:
        super().__init__(opinion_specs(), _("opinion"), parent)
        self.tasks = tasks
        self._tying = False
        self._answered().toggled.connect(self._answered_changed)
        self._outcome().currentIndexChanged.connect(self._outcome_changed)

    def _answered(self) -> QCheckBox:
        box = self.inputs["answered"]
        assert isinstance(box, QCheckBox)  # opinion_specs: a "check"
        return box

    def _outcome(self) -> CodeCombo:
        combo = self.inputs["outcome"]
        assert isinstance(combo, CodeCombo)  # opinion_specs: a "code"
        return combo

    def _answered_changed(self, ticked: bool) -> None:
        if not self._tying and (ticked or self._outcome().code() == ANSWERED):
            self._tying = True
            self._outcome().set_code(ANSWERED if ticked else None)
            self._tying = False

    def _outcome_changed(self, _index: int) -> None:
        if not self._tying:
            self._tying = True
            self._answered().setChecked(self._outcome().code() == ANSWERED)
            self._tying = False

    def set_input(self, spec: FieldSpec, value: Any) -> None:
        """A record is shown as it is (it was made one fact when it was read), field by field."""
        self._tying = True
        try:
            super().set_input(spec, value)
        finally:
            self._tying = False

    def set_records(self, records: list[dict[str, Any]]) -> None:
        super().set_records([_one_fact(record) for record in records])

    def removed(self, index: int) -> None:
        """Conclusions refer to opinions by number: keep their references right."""
        if self.tasks is None:
            return
        removed_number = index + 1
        for record in self.tasks.records:
            numbers = [int(n) for n in OPINION_NUMBERS.findall(str(record.get("opinions") or ""))]
            kept = [n - 1 if n > removed_number else n for n in numbers if n != removed_number]
            record["opinions"] = ", ".join(str(n) for n in kept)
        self.tasks.set_records(self.tasks.records)


def _one_fact(record: dict[str, Any]) -> dict[str, Any]:
    """An opinion typed in an earlier version (a draft) read as one fact, as stored ones are."""
    answered, outcome = as_one_fact(bool(record.get("answered")), record.get("outcome") or None)
    return {**record, "answered": answered, "outcome": outcome}


def record_line(editor: RecordListEditor, key: str) -> QLineEdit:
    """A one-line input of the record form (for offering values typed before)."""
    widget = editor.inputs[key]
    assert isinstance(widget, QLineEdit), key
    return widget


def task_record(task: dict[str, Any]) -> dict[str, Any]:
    """A stored task (JSON shape) as the conclusions' form shows it: numbers and dates as typed."""
    record = dict(task)
    record["opinions"] = ", ".join(str(n) for n in task["opinions"])
    for key in ("deadline", "completed_on"):
        record[key] = format_date(dt.date.fromisoformat(task[key])) if task[key] else ""
    return record
