"""The main window as a clerk has it in front of them, for the window tests: built on a data file
the test process is signed in to, opened, shown, active; and closed again with its worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool

from qcdc_desktop import app
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.main_window import MainWindow


def open_window(qtbot, path: Path, settings: QSettings, size: tuple[int, int] = (1366, 768)) -> MainWindow:
    database = Database(path)
    shown = app.build_window(database, path, settings)
    qtbot.addWidget(shown)
    opened: list[object] = []
    database.open(opened.append)
    qtbot.waitUntil(lambda: opened == [None], timeout=10_000)
    shown.resize(*size)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=5_000)
    return shown


def close_window(qtbot, window: MainWindow) -> None:
    """Close the window once its worker is idle (what was typed in the entry form is let go)."""
    qtbot.waitUntil(lambda: not window.database.busy(), timeout=10_000)
    window.editor.dirty = False
    app.close_window(window)
    window.database.shutdown()
    QThreadPool.globalInstance().waitForDone(10_000)
