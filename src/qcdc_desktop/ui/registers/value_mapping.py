"""What each value of a coded column means: one line per distinct value of the kind, field and
outcome columns, with its count and a combo box of the list's entries (suggested from the
abbreviations offices write: GPMB, ANTT, CSXH, "Tiếp công dân"…; a suggestion made only from a
word inside the value is marked to check), changed by the clerk."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ...core.register_import import CODED_TARGETS, target_label
from ...core.register_layout import CATALOGS, suggest_code
from ...l10n import _, format_number
from ..widgets.fields import type_ahead_on


class ValueMappingTable(QTableWidget):
    """The translations of values, read back with :meth:`values`."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([_("Our field"), _("Value in the register"), _("Rows"), _("Means")])
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Interactive)):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(3, 250)
        self.setWordWrap(True)
        self._rows: list[tuple[str, str, QComboBox]] = []

    def set_values(self, distinct: dict[str, list[tuple[str, str, int]]], chosen: dict[str, dict[str, str]]) -> None:
        """``distinct``: per coded field, (key, value as written, count); ``chosen``: key → code."""
        self.setRowCount(0)
        self._rows = []
        for target in CODED_TARGETS:
            for key, shown, count in distinct.get(target, []):
                row = self.rowCount()
                self.insertRow(row)
                code = chosen.get(target, {}).get(key, "")
                guessed, sure = suggest_code(target, key)
                field = target_label(target) + (" " + _("(check)") if code and code == guessed and not sure else "")
                for column, text in enumerate((field, shown, format_number(count))):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    self.setItem(row, column, item)
                combo = type_ahead_on(QComboBox(self))
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(14)
                combo.addItem(_("(not in the list: leave the rows out)"), "")
                for entry in CATALOGS[target]:
                    combo.addItem(entry.label, entry.code)
                combo.setCurrentIndex(max(combo.findData(code), 0))
                combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
                combo.setAccessibleName(f"{target_label(target)}: {shown}")
                self.setCellWidget(row, 3, combo)
                self._rows.append((target, key, combo))

    def values(self) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for target, key, combo in self._rows:
            found.setdefault(target, {})[key] = combo.currentData() or ""
        return found
