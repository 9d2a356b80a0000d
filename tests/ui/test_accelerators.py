"""Every underlined letter and shortcut of the main window, place by place, and of its dialogs works
and is the only one of its key where it is active; in Vietnamese and in English, for each role,
in a commune office and at the upper level (tests/accel_walk.py says what is read and pressed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from accel_walk import accelerators, clashes, menu_clashes, press_all, press_menu_entries
from conftest import ADMIN, PASSWORD, RECOVERY_CODE, add_to, full_meeting
from qcdc_desktop import app, l10n
from qcdc_desktop.db import accounts
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.jobs.database import Database

# The offscreen screen cannot raise a window nor grab the keyboard for an open menu; it says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LOGINS = {"admin": "quantri", "leader": "lanhdao", "clerk": "vanthu", "viewer": "xem"}


def make_office(folder: Path, level: str) -> tuple[Path, str]:
    """A data file of a commune (or of a province, the upper level) with one full meeting and an
    account of each role."""
    code = "00004" if level == "commune" else "25"
    path = folder / f"{level}.db"
    with init_store(path, resolve_unit(code, level), ADMIN, RECOVERY_CODE) as store:
        (meeting_id,) = add_to(store, full_meeting())
        for role, login in LOGINS.items():
            if role != "admin":
                accounts.add_account(store, login=login, full_name=f"Người {role}", title="", role=role,
                                     password=PASSWORD)
    return path, meeting_id


def activate(qtbot, widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5_000)


def walk(qtbot, root: QWidget, where: str) -> list[str]:
    """What is wrong with the accelerators of ``root`` as it is shown now."""
    found = accelerators(root)
    problems = [f"{where}: {item}: {p}" for item in found for p in item.problems]
    problems += [f"{where}: clash {c}" for c in clashes(found)]
    problems += [f"{where}: {p}" for p in press_all(root, found)]
    return problems


@pytest.fixture(params=["commune", "upper"])
def office(request, tmp_path: Path) -> tuple[Path, str, str]:
    path, meeting_id = make_office(tmp_path, request.param)
    return path, meeting_id, request.param


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("role", list(LOGINS))
def test_every_place_of_the_main_window(qtbot, tmp_path, office, role, language) -> None:
    path, _meeting_id, level = office
    l10n.set_language(language)
    accounts.sign_in(path, LOGINS[role], PASSWORD)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    database = Database(path)
    window = app.build_window(database, path, settings)
    qtbot.addWidget(window)
    problems: list[str] = []
    try:
        activate(qtbot, window)
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            key = window.current_page()
            qtbot.wait(30)  # the page's tab bars and lazily shown parts come up
            window.nav.setFocus()
            problems += walk(qtbot, window, f"{level}/{role}/{language}/{key}")
        problems += [f"menu: {p}" for p in menu_clashes(window.menuBar())]
        problems += [f"menu: {p}" for p in press_menu_entries(window.menuBar())]
    finally:
        app.close_window(window)
        window.close()
        database.shutdown()
    assert not problems, "\n".join(problems)


def _dialogs(database: Database, meeting_id: str, task_id: str, settings: QSettings) -> dict[str, Callable[[], QDialog]]:
    """Each dialog a person opens from the main window, made as the window makes it."""
    from qcdc_desktop.l10n import _
    from qcdc_desktop.ui.about import AboutDialog
    from qcdc_desktop.ui.documents.document_dialog import DocumentDialog
    from qcdc_desktop.ui.documents.publication_dialog import PublicationDialog
    from qcdc_desktop.ui.followup.task_dialog import TaskDialog
    from qcdc_desktop.ui.history.panel import HistoryDialog, HistoryTarget
    from qcdc_desktop.ui.personal.request_dialog import RequestDialog
    from qcdc_desktop.ui.registers.import_dialog import RegisterImportDialog
    from qcdc_desktop.ui.retention_dialog import RetentionDialog
    from qcdc_desktop.ui.settings.official_dialog import OfficialDialog
    from qcdc_desktop.ui.signin.password_dialog import ChangePasswordDialog
    from qcdc_desktop.ui.users.account_dialog import AccountDialog
    from qcdc_desktop.ui.widgets.reason import ReasonDialog

    return {
        "document": lambda: DocumentDialog(database, meeting_id, settings=settings),
        "task": lambda: TaskDialog(database, task_id=task_id, meeting_id=meeting_id, settings=settings),
        "history": lambda: HistoryDialog(database, HistoryTarget(meeting_id, "meetings")),
        "reason": lambda: ReasonDialog(None, _("Delete"), "?", _("&Delete")),
        "register import": lambda: RegisterImportDialog(database, settings),
        "retention": lambda: RetentionDialog(database),
        "request": lambda: RequestDialog(database),
        "publication": lambda: PublicationDialog("—"),
        "official": lambda: OfficialDialog(),
        "account": lambda: AccountDialog(lambda _account, _password: None),
        "password": lambda: ChangePasswordDialog(lambda _old, _new: None),
        "about": lambda: AboutDialog(),
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_dialog(qtbot, tmp_path, language) -> None:
    from conftest import at_the_window
    from qcdc_desktop.db.connection import open_store

    path, meeting_id = make_office(tmp_path, "commune")
    with open_store(path, readonly=True) as store:
        task_id = store.conn.execute("SELECT id FROM tasks WHERE meeting_id = ?", (meeting_id,)).fetchone()[0]
    at_the_window(path)
    l10n.set_language(language)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    database = Database(path)
    problems: list[str] = []
    try:
        for name, make in _dialogs(database, meeting_id, task_id, settings).items():
            dialog = make()
            qtbot.addWidget(dialog)
            activate(qtbot, dialog)
            qtbot.wait(200)  # what the dialog reads comes in (the document's state, the history)
            problems += walk(qtbot, dialog, f"{language}/{name}")
            dialog.reject()
    finally:
        database.shutdown()
    assert not problems, "\n".join(problems)
