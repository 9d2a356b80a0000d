"""The places of the main window that are made when first shown: Reports, Settings, Documents
settings and Personal data.  What the window needs from the start (their Go and File menu entries,
their shortcuts) is put there now; each place's module is imported and its page made only when the
person goes there or the program asks for it (``window.pages[key]``), so a start imports and
builds the place the window opens on and not the others (``bench/startup.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ..core.roles import Operation
from ..jobs.database import Database
from ..l10n import _
from . import session
from .main_window import MainWindow
from .registers.install import install_register_import


def install_reports(window: MainWindow, database: Database, db_path: Path, settings: QSettings) -> None:
    """The Reports place, after the Notices place (or at the end of the places when there is none),
    and the import of an existing Excel register, whose meetings the reports then count, in the
    File menu."""

    def build() -> QWidget:
        from .reports.page import ReportsPage

        return ReportsPage(database, db_path, settings, parent=window)

    window.add_page("reports", _("Reports and statistics"), build,
                    after="notices" if "notices" in window.pages else None)
    install_register_import(window, database, settings)


def install_settings(window: MainWindow, database: Database, settings: QSettings, *,
                     lock_minutes: Callable[[int], None] | None = None,
                     restart: SignalInstance | None = None) -> None:
    """The Settings place at the end of the places.  A new idle time goes to ``lock_minutes`` (the
    lock of the window's accounts); «Restart now» emits ``restart`` with the language chosen."""

    def build() -> QWidget:
        from .settings.page import SettingsPage

        page = SettingsPage(database, settings)
        if lock_minutes is not None:
            page.lock_minutes.changed.connect(lock_minutes)
        if restart is not None:
            page.restart_requested.connect(restart)
        return page

    window.add_page("settings", _("Settings"), build)


def install_documents_settings(window: MainWindow, database: Database) -> None:
    """The Documents settings place after Settings, for the administrator (``office_settings``);
    Ctrl+Shift+T and Edit → Go to the Documents settings place go there."""
    if not session.may(Operation.OFFICE_SETTINGS):
        return

    def build() -> QWidget:
        from .settings.documents_place import DocumentsPlace

        return DocumentsPlace(database, parent=window)

    window.add_page("documents_settings", _("Documents settings"), build,
                    after="settings" if "settings" in window.pages else None)
    go = QAction(_("Go to the Documents se&ttings place"), window)
    go.setShortcut(QKeySequence("Ctrl+Shift+T"))
    go.triggered.connect(lambda: window.show_page("documents_settings"))
    window.edit_menu.addAction(go)


def install_personal(window: MainWindow, database: Database, db_path: Path, settings: QSettings, *,
                     today: Callable[[], dt.date] = dt.date.today) -> None:
    """The Personal data place, after the History place (or the entry form), for the roles that keep
    the register of requests; Ctrl+Shift+D goes there."""
    if not session.may(Operation.PERSON_REQUESTS):
        return

    def build() -> QWidget:
        from .personal.place import PersonalPlace

        place = PersonalPlace(database, db_path, settings, parent=window, today=today)
        database.changed.connect(place.register.on_changes)
        return place

    after = next((key for key in ("history", "editor") if key in window.pages), None)
    window.add_page("personal", _("Personal data"), build, after=after)
    go = QAction(_("Go to the &Personal data place"), window)
    go.setShortcut(QKeySequence("Ctrl+Shift+D"))
    go.triggered.connect(lambda: window.show_page("personal"))
    window.edit_menu.addAction(go)
