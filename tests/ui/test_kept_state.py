"""What a clerk left is there the next time the window opens on the same computer (the place, the
report's period, a list's filter and column widths, the history's filters), and a message about
what just happened on a page does not stay there after the clerk leaves it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from conftest import PASSWORD, run_qcdc
from qcdc_desktop import app
from qcdc_desktop.db import accounts
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.meetings.list_page import ListPage
from qcdc_desktop.ui.reports.page import ReportsPage
from qcdc_desktop.ui.settings.page import SettingsPage
from qcdc_desktop.ui.widgets.models import background_loads


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kept") / "kept.db"
    assert run_qcdc("init", "--db", str(path), "--unit-code", "00004").returncode == 0
    assert run_qcdc("demo", "--db", str(path), "--seed", "5", "--until", "2026-06-30").returncode == 0
    return path


@pytest.fixture
def open_window(qtbot, demo_db: Path, tmp_path: Path):
    """Open the main window on the demo file with the settings file of this computer; each call
    closes the window opened before, as quitting the application would."""
    opened: list[tuple[MainWindow, Database]] = []

    def close_last() -> None:
        window, database = opened.pop()
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        window.close()
        app.close_window(window)
        database.shutdown()
        qtbot.waitUntil(lambda: background_loads().running() == 0, timeout=10_000)
        QThreadPool.globalInstance().waitForDone(10_000)

    def open_() -> tuple[MainWindow, QSettings]:
        if opened:
            close_last()
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        accounts.sign_in(demo_db, "quantri", PASSWORD)
        database = Database(demo_db)
        window = app.build_window(database, demo_db, settings)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        opened.append((window, database))
        return window, settings

    yield open_
    while opened:
        close_last()


def test_the_place_the_period_the_filters_and_the_widths_are_there_next_time(qtbot, open_window) -> None:
    window, settings = open_window()
    window.show_page("reports")
    reports = window.pages["reports"]
    assert isinstance(reports, ReportsPage)
    chooser = reports.chooser
    chooser.kind.setCurrentIndex(chooser.kind.findData("month"))
    chooser.year.setValue(2025)
    chooser.number.setValue(3)
    window.show_page("tasks")
    tasks = window.pages["tasks"]
    assert isinstance(tasks, ListPage)
    qtbot.waitUntil(lambda: tasks.model.rowCount() > 0, timeout=10_000)
    progress = tasks.combos["progress"]
    progress.setCurrentIndex(progress.findData("overdue"))
    header = tasks.table.horizontalHeader()
    content = tasks.spec.column_index("content")
    header.resizeSection(content, 401)  # as the clerk drags the column's edge
    settings.sync()

    window, _settings = open_window()
    assert window.current_page() == "tasks"
    tasks = window.pages["tasks"]
    assert isinstance(tasks, ListPage)
    assert tasks.combos["progress"].currentData() == "overdue"
    qtbot.waitUntil(lambda: tasks.model.rowCount() > 0, timeout=10_000)
    qtbot.wait(100)  # the columns would fit their rows now, were the clerk's widths not kept
    assert tasks.table.horizontalHeader().sectionSize(content) == 401
    chooser = window.pages["reports"].chooser
    assert (chooser.kind.currentData(), chooser.year.value(), chooser.number.value()) == ("month", 2025, 3)
    period = chooser.period()
    assert (period.start.year, period.start.month) == (2025, 3)


def test_the_history_filters_are_there_next_time(qtbot, open_window) -> None:
    window, settings = open_window()
    window.show_page("history")
    place = window.pages["history"]
    place.kind.setCurrentIndex(place.kind.findData("tasks"))
    place.date_from.setText("01/02/2025")
    place.apply_filter()
    settings.sync()

    window, _settings = open_window()
    window.show_page("history")
    place = window.pages["history"]
    assert place.kind.currentData() == "tasks"
    assert place.date_from.text() == "01/02/2025"


def test_a_message_of_the_settings_page_is_gone_when_the_clerk_comes_back(qtbot, open_window) -> None:
    window, _settings = open_window()
    window.show_page("settings")
    page = window.pages["settings"]
    assert isinstance(page, SettingsPage)
    page.officials_status.setText("Đã thêm cán bộ.")  # as after adding an official
    page.backup_status.setText("Đã sao lưu và kiểm tra.")
    assert page.officials_status.isVisible()
    window.show_page("overview")
    window.show_page("settings")
    assert page.officials_status.text() == "" and not page.officials_status.isVisible()
    assert page.backup_status.text() == ""
