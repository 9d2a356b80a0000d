"""Under the import's table, the chosen file's result in full: who sent it, what became of it and
the whole sentence of what to do next, which the table's «Details» column cuts at its width (a
refused file's sentence is the one a provincial officer must read, not hover for)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from ...core.text import printable
from ...l10n import _
from ...sync.importer import BundleReport
from ..widgets.row_models import RowsModel
from .state import outcome_label, report_is_bad, sender_text


class ImportDetails(QLabel):
    """The full result of the file chosen in ``table`` (the first refused one after an import)."""

    def __init__(self, table: QTableView, model: RowsModel[BundleReport], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("import-details")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                     Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.table, self.model = table, model
        table.selectionModel().currentRowChanged.connect(lambda current, _previous: self.show_row(current.row()))
        model.modelReset.connect(self._choose_first)

    def _choose_first(self) -> None:
        """After an import: the first file that went wrong, else the first file, chosen and shown."""
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        bad = next((i for i, r in enumerate(rows) if r is not None and report_is_bad(r)), 0)
        if rows:
            self.table.selectRow(bad)
        self.show_row(bad if rows else -1)

    def show_row(self, row: int) -> None:
        report = self.model.row_at(row) if row >= 0 else None
        if report is None:
            self.clear()
            return
        lines = [f"<b>{html.escape(printable(report.path.name))}</b> — {html.escape(sender_text(report))}: "
                 f"<b>{html.escape(outcome_label(report))}</b>", html.escape(report.message)]
        if report.quarantined:
            lines.append(html.escape(_("Kept aside in %(path)s") % {"path": report.quarantined}))
        colour = ' style="color: #b00020"' if report_is_bad(report) else ""
        self.setText(f"<div{colour}>" + "<br>".join(lines) + "</div>")
