"""Which column of a register fills which of our fields: one line per field, a combo box of the
sheet's columns (pre-filled from the headings' words), and for a meeting's fields and the
responsible body a value that is the same for every row when the register has no column for it
("Hội trường UBND xã", "UBND xã")."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from ...core.register_import import TARGETS, ColumnMapping, column_letter, target_label
from ...core.register_layout import SURE_SCORE
from ...l10n import _


def column_name(index: int, heading: str) -> str:
    """A column as the combo box lists it: its letter as Excel shows it, and its heading."""
    return _("Column %(letter)s: %(heading)s") % {"letter": column_letter(index), "heading": heading or "…"}


class ColumnMappingGrid(QWidget):
    """The mapping as a table of widgets, read back with :meth:`mapping`."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        self.fixed: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, dict[str, str]] = {}
        self._scores: dict[str, float] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate((_("Our field"), _("Column of the sheet"), _("Or the same for every meeting"))):
            heading = QLabel(f"<b>{text}</b>", self)
            grid.addWidget(heading, 0, column)
        for row, (key, _msgid, level) in enumerate(TARGETS, start=1):
            combo = QComboBox(self)
            combo.setMinimumContentsLength(16)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(lambda _i, k=key: self._combo_changed(k))
            label = QLabel(target_label(key) + ":", self)
            label.setBuddy(combo)
            self.labels[key] = label
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            self.combos[key] = combo
            if level == "meeting" or key == "assignee":
                edit = QLineEdit(self)
                edit.textChanged.connect(lambda _t: self.changed.emit())
                grid.addWidget(edit, row, 2)
                self.fixed[key] = edit
        grid.setColumnStretch(1, 3)  # a column's heading is often longer than a value typed for all
        grid.setColumnStretch(2, 2)
        grid.setRowStretch(len(TARGETS) + 1, 1)

    def set_sheet(self, headings: tuple[str, ...], columns: tuple[int, ...], guessed: ColumnMapping,
                  scores: dict[str, float] | None = None) -> None:
        """List the sheet's used columns in every combo and choose the guessed ones; a guess that
        is not sure is marked for the clerk to check."""
        self.values = {k: dict(v) for k, v in guessed.values.items()}
        self._scores = dict(scores or {})
        for key, edit in self.fixed.items():
            edit.blockSignals(True)
            edit.setText(guessed.defaults.get(key, ""))
            edit.blockSignals(False)
        for key, combo in self.combos.items():
            score = (scores or {}).get(key)
            unsure = score is not None and score < SURE_SCORE
            self.labels[key].setText(target_label(key) + (" " + _("(check)") if unsure else "") + ":")
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(no column)"), None)
            for index in columns:
                combo.addItem(column_name(index, headings[index]), index)
            combo.setCurrentIndex(max(combo.findData(guessed.columns.get(key)), 0)
                                  if key in guessed.columns else 0)
            combo.blockSignals(False)
            self._combo_changed(key, signal=False)
        self.changed.emit()

    def _combo_changed(self, key: str, *, signal: bool = True) -> None:
        # The column chosen, whole, however narrow the box (a long heading is cut in it), and how
        # sure its guess was.
        combo, score = self.combos[key], self._scores.get(key)
        tip = [combo.currentText()] if combo.currentData() is not None else []
        if score is not None:
            tip.append(_("Guessed with a score of %(score)d%%") % {"score": round(score * 100)})
        combo.setToolTip("\n".join(tip))
        edit = self.fixed.get(key)
        if edit is not None:  # a fixed value only stands in for a missing column
            edit.setEnabled(self.combos[key].currentData() is None)
        if signal:
            self.changed.emit()

    def mapping(self) -> ColumnMapping:
        columns = {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData() is not None}
        defaults = {key: edit.text().strip() for key, edit in self.fixed.items()
                    if key not in columns and edit.text().strip()}
        return ColumnMapping(columns, defaults, {k: v for k, v in self.values.items() if k in columns})
