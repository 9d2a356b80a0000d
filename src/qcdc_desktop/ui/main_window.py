"""The main window: a list of places on the left (Meetings, Opinions, Tasks, Settings, and the
overview), the place's page on the right.  It shows what exists and nothing that does not."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

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
    """Pages are added with :meth:`add_page`; the navigation list switches between them
    (Ctrl+1 … Ctrl+9)."""

    page_changed = Signal(str)

    def __init__(self, database: Database, settings: QSettings | None = None) -> None:
        super().__init__()
        self.database = database
        self.settings = settings or QSettings()
        self.setWindowTitle("QCDC Desktop")
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(200)
        self.stack = QStackedWidget(self)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._switch)
        self.overview = OverviewPage(self)
        self._build_menus()
        self.add_page("overview", _("Overview"), self.overview)
        self.database.changed.connect(self._on_changes)
        self.resize(1280, 720)

    # ----- pages
    def add_page(self, key: str, title: str, widget: QWidget) -> None:
        index = self.stack.addWidget(widget)
        self.pages[key] = widget
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        number = self.nav.count() + 1
        if number <= 9:
            item.setToolTip(f"{title} (Ctrl+{number})")
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, i=index: self.nav.setCurrentRow(i))
            self.addAction(action)
        self.nav.addItem(item)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self.stack.indexOf(self.pages[key]))

    def current_page(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def _switch(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)
            self.page_changed.emit(self.current_page())

    # ----- menus
    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu(_("&File"))
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)
        self.help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About QCDC Desktop"), self)
        about.triggered.connect(lambda: AboutDialog(self).exec())
        self.help_menu.addAction(about)

    # ----- data
    def refresh(self) -> None:
        self.database.submit(read_overview, self._show, self.show_error)

    def _on_changes(self, _changes: object) -> None:
        self.refresh()

    def _show(self, o: Overview) -> None:
        self.setWindowTitle(f"QCDC Desktop — {o.unit.name}")
        self.overview.show_overview(o)

    def show_error(self, error: Exception) -> None:
        message = error.message if isinstance(error, QcdcError) else _(
            "An unexpected error occurred; details are in the log.")
        QMessageBox.warning(self, "QCDC Desktop", message)
