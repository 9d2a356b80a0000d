"""The Sync place put in the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ...jobs.database import Database
from ...l10n import _
from ..main_window import MainWindow
from .page import SyncPage


def install_sync(window: MainWindow, database: Database, db_path: Path, settings: QSettings) -> SyncPage:
    """The Sync place, after the Reports place (or at the end); read when first shown and after
    every change."""
    page = SyncPage(database, db_path, settings, parent=window)
    window.add_page("sync", _("Sync"), page, after="reports" if "reports" in window.pages else None)
    window.page_changed.connect(lambda key: page.refresh() if key == "sync" else None)
    return page
