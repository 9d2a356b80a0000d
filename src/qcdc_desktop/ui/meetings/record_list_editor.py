"""A list of records typed one after another from the keyboard: a small form, and the table of
records already typed.  Enter in the form adds the record and starts the next one (Shift+Enter
makes a new line in a text box); selecting a row brings it back into the form to correct it.

Used for the opinions and for the conclusions of a meeting.  Records are kept raw (what was typed)
so nothing is lost while it is still invalid; the meeting editor validates them on save.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import Catalog
from ...l10n import _
from ..widgets.fields import CodeCombo, DateField, ErrorLabel
from ..widgets.headers import ColumnFitter, wrapping_header


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = "line"  # line | text | code | check | date
    catalog: Catalog | None = None
    required: bool = False
    in_table: bool = True
    span: int = 1  # columns of the form grid it takes (of 2)
    blank: str | None = None  # for an optional code: the label of "none"


class _EnterCommits(QObject):
    """Enter (without Shift) in any field of the form commits the record."""

    def __init__(self, editor: "RecordListEditor") -> None:
        super().__init__(editor)
        self._editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                if shift and isinstance(watched, QPlainTextEdit):
                    return False
                completer = getattr(watched, "completer", lambda: None)()
                if completer is not None and completer.popup().isVisible():
                    return False
                self._editor.commit()
                return True
        return False


class RecordListEditor(QWidget):
    changed = Signal()  # anything typed or committed: the draft should be saved
    count_changed = Signal(int)

    def __init__(self, specs: list[FieldSpec], noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self.noun = noun
        self.records: list[dict[str, Any]] = []
        self.problems: dict[int, list[str]] = {}
        self.current: int | None = None
        self.locked = False  # the meeting is shown read-only: records are read, never added or removed
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._filter = _EnterCommits(self)

        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 1 + sum(s.in_table for s in specs), self)
        self.table.setHorizontalHeaderLabels(["#"] + [s.label for s in specs if s.in_table])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # Headings wrap rather than being cut ("Đơn vị, cá nhân chủ trì thực hiện"); the columns fit
        # them and the rows, the first text column taking the room left.
        wrapping_header(self.table)
        shown = [s for s in specs if s.in_table]
        wide = next((i for i, s in enumerate(shown, start=1) if s.kind == "text"), len(shown))
        ColumnFitter(self.table, flexible=[wide])
        self.table.itemActivated.connect(lambda item: self.load(item.row()))
        self.table.cellClicked.connect(lambda row, _col: self.load(row))
        layout.addWidget(self.table, 2)

        self.form_title = QLabel(self)
        layout.addWidget(self.form_title)
        grid = QGridLayout()
        row = col = 0
        for spec in specs:
            widget = self._make_input(spec)
            self.inputs[spec.key] = widget
            error = ErrorLabel(self)
            self.errors[spec.key] = error
            if col + spec.span > 2:
                row, col = row + 1, 0
            label = QLabel(spec.label + (" *" if spec.required else "") + ":", self)
            label.setBuddy(widget)
            cell = QVBoxLayout()
            cell.addWidget(widget)
            cell.addWidget(error)
            grid.addWidget(label, row, col * 2)
            grid.addLayout(cell, row, col * 2 + 1, 1, spec.span * 2 - 1)
            col += spec.span
            if col >= 2:
                row, col = row + 1, 0
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid, 1)

        buttons = QHBoxLayout()
        hint = QLabel(_("Enter: add and start the next one · Shift+Enter: new line in a text box"), self)
        hint.setStyleSheet("color: palette(mid);")
        hint.setWordWrap(True)  # on two lines rather than widen the window (150 % on a laptop screen)
        buttons.addWidget(hint, 1)
        self.commit_button = QPushButton(self)
        self.commit_button.clicked.connect(self.commit)
        self.new_button = QPushButton(_("New"), self)
        self.new_button.clicked.connect(self.start_new)
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.clicked.connect(self.remove_current)
        for b in (self.commit_button, self.new_button, self.remove_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.chain_tab_order(self.table)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_current)
        self.start_new()

    def chain_tab_order(self, before: QWidget) -> None:
        """Tab follows the form as it reads, left to right and top to bottom, from ``before``."""
        previous = before
        for widget in [*(self.inputs[s.key] for s in self.specs), self.commit_button, self.new_button,
                       self.remove_button]:
            QWidget.setTabOrder(previous, widget)
            previous = widget

    # ----- inputs
    def _make_input(self, spec: FieldSpec) -> QWidget:
        widget: QWidget
        if spec.kind == "text":
            widget = QPlainTextEdit(self)
            widget.setTabChangesFocus(True)
            widget.setMinimumHeight(48)
            widget.textChanged.connect(self.changed)
        elif spec.kind == "code":
            assert spec.catalog is not None
            widget = CodeCombo(spec.catalog, self, blank=spec.blank)
            widget.currentIndexChanged.connect(lambda _i: self.changed.emit())
        elif spec.kind == "check":
            widget = QCheckBox(self)
            widget.toggled.connect(lambda _b: self.changed.emit())
        elif spec.kind == "date":
            widget = DateField(self)
            widget.textEdited.connect(lambda _t: self.changed.emit())
        else:
            widget = QLineEdit(self)
            widget.textEdited.connect(lambda _t: self.changed.emit())
        widget.setObjectName(spec.key)
        widget.installEventFilter(self._filter)
        return widget

    def input_value(self, spec: FieldSpec) -> Any:
        widget = self.inputs[spec.key]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, CodeCombo):
            return widget.code()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        assert isinstance(widget, QLineEdit)  # the other inputs are line edits, dates too
        return widget.text().strip()

    def set_input(self, spec: FieldSpec, value: Any) -> None:
        widget = self.inputs[spec.key]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, CodeCombo):
            widget.set_code(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            assert isinstance(widget, QLineEdit)  # the other inputs are line edits, dates too
            widget.setText(value or "")

    def form_values(self) -> dict[str, Any]:
        return {spec.key: self.input_value(spec) for spec in self.specs}

    def form_is_blank(self) -> bool:
        return all(not v for spec, v in ((s, self.input_value(s)) for s in self.specs)
                   if spec.kind not in ("code", "check"))

    def first_input(self) -> QWidget:
        return self.inputs[self.specs[0].key]

    # ----- records
    def commit(self) -> bool:
        """Add the form's record (or replace the one being corrected) and start the next one.
        Returns False, with the messages next to the fields, when a required field is empty."""
        values = self.form_values()
        if self.locked or self.form_is_blank():
            return True
        missing = False
        for spec in self.specs:
            empty = values[spec.key] in ("", None) and spec.kind != "check"
            field = self.inputs[spec.key]
            bad_date = spec.kind == "date" and isinstance(field, DateField) and not field.is_valid()
            message = _("required") if spec.required and empty else (
                _("not a date: type dd/mm/yyyy") if bad_date else "")
            self.errors[spec.key].show_message(message)
            missing = missing or bool(message)
        if missing:
            return False
        if self.current is None:
            self.records.append(values)
        else:
            values["id"] = self.records[self.current].get("id")
            self.records[self.current] = {k: v for k, v in values.items() if v is not None or k != "id"}
            self.problems.pop(self.current, None)
        self._refresh_table()
        self.start_new()
        self.changed.emit()
        return True

    def start_new(self) -> None:
        self.current = None
        for spec in self.specs:
            self.set_input(spec, None)
            self.errors[spec.key].show_message("")
        self.form_title.setText(_("New %(noun)s (number %(n)d)") % {"noun": self.noun, "n": len(self.records) + 1})
        self.commit_button.setText(_("Add"))
        self.remove_button.setEnabled(False)
        self.table.clearSelection()
        self.first_input().setFocus()

    def load(self, index: int) -> None:
        if not 0 <= index < len(self.records):
            return
        self.current = index
        record = self.records[index]
        for spec in self.specs:
            self.set_input(spec, record.get(spec.key))
            self.errors[spec.key].show_message("")
        for message in self.problems.get(index, []):
            key, _sep, text = message.partition("\x00")
            if key in self.errors:
                self.errors[key].show_message(text)
        self.form_title.setText(_("Correcting %(noun)s number %(n)d") % {"noun": self.noun, "n": index + 1})
        self.commit_button.setText(_("Update"))
        self.remove_button.setEnabled(True)
        self.first_input().setFocus()

    def remove_current(self) -> None:
        index = self.current if self.current is not None else self.table.currentRow()
        if self.locked or not 0 <= index < len(self.records):
            return
        del self.records[index]
        self.problems = {}
        self._refresh_table()
        self.start_new()
        self.removed(index)
        self.changed.emit()

    def removed(self, index: int) -> None:
        """Hook: a record at ``index`` was removed (numbers after it moved down by one)."""

    def set_records(self, records: list[dict[str, Any]]) -> None:
        self.records = [dict(r) for r in records]
        self.problems = {}
        self._refresh_table()
        self.start_new()

    def show_problems(self, problems: dict[int, list[tuple[str, str]]]) -> None:
        """Mark rows with problems (index -> [(field key, message)]) and explain on hover."""
        self.problems = {i: [f"{k}\x00{m}" for k, m in items] for i, items in problems.items()}
        self._refresh_table()

    def problems_for(self, index: int) -> list[tuple[str, str]]:
        """The (field key, message) problems of record ``index`` from the last validation."""
        return [(key, message) for key, _sep, message in (m.partition("\x00") for m in self.problems.get(index, []))]

    def _refresh_table(self) -> None:
        shown = [s for s in self.specs if s.in_table]
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            cells = [str(row + 1)]
            for spec in shown:
                value = record.get(spec.key)
                if spec.kind == "code" and spec.catalog is not None:
                    value = spec.catalog.label(value) if isinstance(value, str) and value in spec.catalog else ""
                elif spec.kind == "check":
                    value = "✓" if value else ""
                cells.append(" ".join(str(value or "").split()))
            trouble = [m.partition("\x00")[2] for m in self.problems.get(row, [])]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip("\n".join(trouble) if trouble else text)
                if trouble:
                    item.setBackground(QBrush(QColor("#fde7e9")))
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self.count_changed.emit(len(self.records))

    def pending(self) -> dict[str, Any] | None:
        """What is typed in the form and not yet added (kept in drafts)."""
        return None if self.form_is_blank() else {"index": self.current, "values": self.form_values()}

    def restore_pending(self, pending: dict[str, Any] | None) -> None:
        if not pending:
            return
        index = pending.get("index")
        if isinstance(index, int) and 0 <= index < len(self.records):
            self.load(index)
        for spec in self.specs:
            if spec.key in pending.get("values", {}):
                self.set_input(spec, pending["values"][spec.key])
