"""The Sync place put in the main window (:func:`install_sync`), and bundles dropped onto the window.

Bundles dropped onto the main window from the file manager (or from the stick's window) are
imported as if chosen with «Import bundles…»: the Sync place opens on the tab that says what became
of each.  Only files named ``*.qcdcb`` are taken; a drop of anything else is refused at the door
(the pointer says so) and nothing is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QSettings
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from ...jobs.database import Database
from ...l10n import _
from ..main_window import MainWindow

SUFFIX = ".qcdcb"


def dropped_bundles(mime: QMimeData) -> list[Path]:
    """The local bundle files a drop carries (none when it carries anything else too)."""
    if not mime.hasUrls():
        return []
    urls = mime.urls()
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    if len(paths) != len(urls) or not paths or any(p.suffix.lower() != SUFFIX for p in paths):
        return []
    return paths


class BundleDrop(QObject):
    """Watches the drags and drops over the window's area (the places list and the place shown),
    with an event filter on it: the window itself stays as it is (a filter or drops accepted on
    the top-level window changed how its dialogs took their Alt+letter keys under test)."""

    def __init__(self, window: MainWindow, open_bundles: Callable[[list[Path]], None]) -> None:
        super().__init__(window)
        self.window, self.open_bundles = window, open_bundles
        self.target = window.centralWidget() or window
        self.target.setAcceptDrops(True)
        self.target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is not self.target:
            return False
        if isinstance(event, (QDragEnterEvent, QDragMoveEvent)):
            if dropped_bundles(event.mimeData()):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if isinstance(event, QDropEvent):
            paths = dropped_bundles(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.window.show_page("sync")
                self.open_bundles(paths)
            return True
        return False


def install_sync(window: MainWindow, database: Database, db_path: Path, settings: QSettings) -> None:
    """The Sync place, after the Reports place (or at the end), made when first shown; read when
    shown and after every change; bundle files dropped onto the window go to it (a role that may
    not import is told so by the import)."""

    def build() -> QWidget:
        from .page import SyncPage

        page = SyncPage(database, db_path, settings, parent=window)
        window.page_changed.connect(lambda key: page.refresh() if key == "sync" else None)
        return page

    def open_bundles(paths: list[Path]) -> None:
        from .page import SyncPage

        page = window.pages["sync"]
        assert isinstance(page, SyncPage)  # made by build
        page.open_bundles(paths)

    window.add_page("sync", _("Sync"), build, after="reports" if "reports" in window.pages else None)
    BundleDrop(window, open_bundles)
