"""The main window.  It shows what exists and nothing that does not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFormLayout, QLabel, QMainWindow, QMessageBox, QWidget

from .. import l10n
from ..core import catalog
from ..core.errors import QcdcError
from ..db.overview import Overview, read_overview
from ..jobs.database import Database
from ..l10n import _
from .about import AboutDialog


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
            "tasks": n(o.tasks), "open_tasks": n(o.open_tasks), "backup": o.last_backup or _("none yet"),
        }
        for key, value in values.items():
            self.labels[key].setText(value)


class MainWindow(QMainWindow):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle("QCDC Desktop")
        self.overview = OverviewPage(self)
        self.setCentralWidget(self.overview)
        self._build_menus()
        self.database.changed.connect(lambda _changes: self.refresh())
        self.resize(1100, 700)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About QCDC Desktop"), self)
        about.triggered.connect(lambda: AboutDialog(self).exec())
        help_menu.addAction(about)

    def refresh(self) -> None:
        self.database.submit(read_overview, self._show, self.show_error)

    def _show(self, o: Overview) -> None:
        self.setWindowTitle(f"QCDC Desktop — {o.unit.name}")
        self.overview.show_overview(o)

    def show_error(self, error: Exception) -> None:
        message = error.message if isinstance(error, QcdcError) else _(
            "An unexpected error occurred; details are in the log.")
        QMessageBox.warning(self, "QCDC Desktop", message)
