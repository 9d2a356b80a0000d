"""The Overview place: who this data file belongs to and how much it holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from .. import l10n
from ..core import catalog
from ..db.overview import Overview
from ..l10n import _
from .widgets.backups import backup_line


class OverviewPage(QWidget):
    """Who this data file belongs to and how much it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.labels: dict[str, QLabel] = {}
        for key, text in (("unit", _("Unit")), ("province", _("Province")), ("role", _("Role")),
                          ("meetings", _("Meetings")), ("opinions", _("Opinions")), ("tasks", _("Tasks")),
                          ("open_tasks", _("Tasks not yet done")), ("backup", _("Latest backup"))):
            label = QLabel("…", self)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            self._form.addRow(text + ":", label)

    def show_overview(self, o: Overview) -> None:
        n = l10n.format_number
        values = {
            "unit": f"{o.unit.name} ({o.unit.code})", "province": o.unit.province_name or "—",
            "role": catalog.ROLES.label(o.unit.role), "meetings": n(o.meetings), "opinions": n(o.opinions),
            "tasks": n(o.tasks), "open_tasks": n(o.open_tasks), "backup": backup_line(o.last_backup),
        }
        for key, value in values.items():
            self.labels[key].setText(value)
