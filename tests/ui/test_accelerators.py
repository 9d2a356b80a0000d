"""Every underlined letter and shortcut of the main window, place by place, and of its dialogs works
and is the only one of its key where it is active; in Vietnamese and in English, for each role,
in a commune office and at the upper level (tests/accel_walk.py says what is read and pressed)."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from accel_walk import accelerators, clashes, menu_clashes, press_all, press_menu_entries
from conftest import ADMIN, PASSWORD, RECOVERY_CODE, add_to, full_meeting
from qcdc_desktop import app, l10n
from qcdc_desktop.db import accounts
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.main_window import MainWindow

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


@contextlib.contextmanager
def main_window(qtbot, path: Path, login: str, language: str, folder: Path) -> Iterator[MainWindow]:
    """The main window on ``path`` as ``login`` sees it in ``language``, active; closed after."""
    l10n.set_language(language)
    accounts.sign_in(path, login, PASSWORD)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    database = Database(path)
    window = app.build_window(database, path, settings)
    qtbot.addWidget(window)
    try:
        activate(qtbot, window)
        yield window
    finally:
        app.close_window(window)
        window.close()
        database.shutdown()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("role", list(LOGINS))
def test_every_place_of_the_main_window(qtbot, tmp_path, office, role, language) -> None:
    path, _meeting_id, level = office
    problems: list[str] = []
    with main_window(qtbot, path, LOGINS[role], language, tmp_path) as window:
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            key = window.current_page()
            # The page's reading back (its tabs and the parts its state shows or hides), then its
            # tab bars and lazily shown parts come up: on a loaded machine 30 ms was not enough.
            qtbot.waitUntil(lambda: not window.database.busy(), timeout=20_000)
            qtbot.wait(30)
            window.nav.setFocus()
            problems += walk(qtbot, window, f"{level}/{role}/{language}/{key}")
        problems += [f"menu: {p}" for p in menu_clashes(window.menuBar())]
        problems += [f"menu: {p}" for p in press_menu_entries(window.menuBar())]
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


def _more_dialogs(database: Database, path: Path, settings: QSettings, tmp_path: Path
                  ) -> dict[str, Callable[[], QDialog]]:
    """The dialogs of signing in, keys and sync, personal data and accounts, made with what they show."""
    from qcdc_desktop.db.connection import open_store
    from qcdc_desktop.db.units import get_unit
    from qcdc_desktop.core.person_requests import PersonRequest
    from qcdc_desktop.core.personal import Person
    from qcdc_desktop.db.forwarded import ForwardedOpinion
    from qcdc_desktop.db.sync_store import Peer
    from qcdc_desktop.work.person import find_work
    from qcdc_desktop.ui.personal.erase_dialog import EraseDialog
    from qcdc_desktop.ui.personal.answer_dialog import AnswerDialog
    from qcdc_desktop.ui.sync.key_card_dialog import KeyCardDialog
    from qcdc_desktop.ui.sync.enrol_dialog import EnrolDialog
    from qcdc_desktop.ui.sync.message_dialog import MessageDialog
    from qcdc_desktop.ui.signin.dialog import SignInDialog
    from qcdc_desktop.ui.signin.recovery_dialog import RecoveryCodeDialog
    from qcdc_desktop.ui.signin.convert_dialog import ConvertDialog
    from qcdc_desktop.ui.users.account_dialog import ResetPasswordDialog, RoleDialog
    from qcdc_desktop.ui.shortcuts_dialog import ShortcutsDialog
    with open_store(path, readonly=True) as store:
        unit = get_unit(store)
        from qcdc_desktop.db.users import list_users
        user = next(u for u in list_users(store) if u.login == "vanthu")
    today = dt.date(2026, 12, 6)
    request = PersonRequest(id="r1", received_on=today, requester="Trần Thị Bình", subject_name="Trần Thị Bình",
                            subject_phone="", kind="erasure")
    found = find_work(path, Person("Trần Thị Bình", ""), today, progress=lambda _a, _b: None, cancelled=lambda: False)
    opinion = ForwardedOpinion("o1", "00004", today, "Ông A", "Nội dung", 0)
    peer = Peer("00004", "Phường Ba Đình", "commune", 0, 0, 0, 0, False, None)
    return {
        "erase": lambda: EraseDialog(database, found, request=request, today=lambda: today),
        "answer": lambda: AnswerDialog(database, request, today=lambda: today),
        "keycard": lambda: KeyCardDialog(unit, "ABCDE-FGHIJ-KLMNO-PQRST", settings, today=today),
        "enrol": lambda: EnrolDialog(database, intro="—", folder=tmp_path, on_enrolled=lambda _t: None),
        "reply": lambda: MessageDialog(database, on_saved=lambda _i: None, opinion=opinion, today=today),
        "directive": lambda: MessageDialog(database, on_saved=lambda _i: None, communes=[peer], today=today),
        "signin": lambda: SignInDialog(lambda _login, _password: None, unit_name="Phường Ba Đình", file_name="phuong.db", change_password=lambda _u, _old, _new: None),
        "recovery": lambda: RecoveryCodeDialog("7KQ2M9XD0A1BWWMMJ1T7HHKQ3P3F", unit=unit, file_name="phuong.db", made_by="Quản trị", settings=settings, today=today),
        "convert": lambda: ConvertDialog(path, settings),
        "shortcuts": lambda: ShortcutsDialog([]),
        "reset": lambda: ResetPasswordDialog(user, lambda _p: None, unit_name="Phường Ba Đình"),
        "role": lambda: RoleDialog(user, lambda _r: None),
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
    walked: set[str] = set()
    try:
        made = {**_dialogs(database, meeting_id, task_id, settings), **_more_dialogs(database, path, settings, tmp_path)}
        for name, make in made.items():
            dialog = make()
            walked.add(type(dialog).__name__)
            qtbot.addWidget(dialog)
            activate(qtbot, dialog)
            qtbot.wait(200)  # what the dialog reads comes in (the document's state, the history)
            problems += walk(qtbot, dialog, f"{language}/{name}")
            dialog.reject()
    finally:
        database.shutdown()
    assert not problems, "\n".join(problems)
    assert dialog_classes() - walked - WALKED_ELSEWHERE == set()


# Dialogs whose keys another test walks: the wizard page by page (test_every_page_of_the_wizard);
# the base of the account dialogs, never shown itself.
WALKED_ELSEWHERE = {"SetupWizard", "_SavingDialog"}


def dialog_classes() -> set[str]:
    """Every dialog the application defines: a new one fails the walk until it is in it."""
    import qcdc_desktop.ui as ui

    found: set[str] = set()
    for module in pkgutil.walk_packages(ui.__path__, "qcdc_desktop.ui."):
        for _name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__.startswith("qcdc_desktop."):
                found.add(cls.__name__)
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_of_the_wizard(qtbot, tmp_path, language) -> None:
    from qcdc_desktop.ui.widgets.language import apply_language, remove_qt_catalog
    from qcdc_desktop.ui.wizard.wizard import SetupWizard

    apply_language(language)  # Qt's own buttons (Next, Back) in the language, as the application starts
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    wizard = SetupWizard(tmp_path / "data" / "qcdc.db", settings=settings)
    qtbot.addWidget(wizard)
    activate(qtbot, wizard)
    problems: list[str] = []
    seen: list[int] = []
    try:  # each page, the unit chosen and the leaders typed where the wizard waits for them
        while wizard.currentId() not in seen:
            seen.append(wizard.currentId())
            qtbot.wait(100)
            problems += walk(qtbot, wizard, f"{language}/wizard page {len(seen)}")
            if wizard.currentPage() is wizard.unit_page:
                qtbot.keyClicks(wizard.unit_page.search, "ba dinh")
                qtbot.keyClick(wizard.unit_page.search, Qt.Key.Key_Down)
                qtbot.wait(300)
                qtbot.keyClick(wizard.unit_page.results, Qt.Key.Key_Return)
                qtbot.wait(200)
            if wizard.currentPage() is wizard.officials_page:
                wizard.officials_page.leaders["chairman"][1].setText("Nguyễn Văn An")
                wizard.officials_page.leaders["secretary"][1].setText("Lê Thị Bình")
            if wizard.currentPage() is not wizard.admin_page:  # the last: going on would write the file
                wizard.next()
        wizard.reject()
    finally:
        remove_qt_catalog()
        l10n.set_language("vi")
    assert wizard.admin_page in [wizard.page(i) for i in seen], seen  # every page up to the last was walked
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_lock_screen(qtbot, language) -> None:
    from PySide6.QtWidgets import QLineEdit, QMainWindow

    from qcdc_desktop.ui.signin.lock import Locker

    l10n.set_language(language)
    window = QMainWindow()
    window.setCentralWidget(QLineEdit(window))
    window.menuBar().addMenu("&Tệp").addAction("&Mở")
    qtbot.addWidget(window)
    tried: list[str] = []
    locker = Locker(window, tried.append, who="Nguyễn Thị Lan (lan.nt)")
    window.resize(900, 600)
    activate(qtbot, window)
    with qtbot.waitSignal(locker.locked):
        locker.lock()
    found = accelerators(window)
    assert {item.target for item in found} >= {locker.screen.switch_button, locker.screen.unlock_button}
    problems = [f"lock: {item}: {p}" for item in found for p in item.problems]
    problems += [f"lock: clash {c}" for c in clashes(found)]
    problems += [f"lock: {p}" for p in press_all(window, found)]
    assert not problems, "\n".join(problems)
    l10n.set_language("vi")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_communes_meeting_shown_read_only_at_the_upper_level(qtbot, tmp_path, language) -> None:
    """The band over a commune's meeting offers a reply and a directive by their letters, which
    clash with nothing left on the read-only form, on each of its tabs."""
    from conftest import TODAY
    from qcdc_desktop.core.ids import IdMaker
    from qcdc_desktop.core.validate import parse_meetings
    from qcdc_desktop.db.connection import open_store
    from qcdc_desktop.db.meetings import insert_meetings

    path, _own = make_office(tmp_path, "upper")
    with open_store(path) as store, store.transaction() as conn:
        (meeting,) = parse_meetings([full_meeting()], today=TODAY)
        insert_meetings(conn, [meeting], origin="05068", make_id=IdMaker("05068"))  # as Xã Hợp Kim's bundle brings it
    problems: list[str] = []
    with main_window(qtbot, path, "quantri", language, tmp_path) as window:
        window.open_meeting(meeting.id or "")
        qtbot.waitUntil(lambda: window.editor.foreign == "05068" and window.current_page() == "editor", timeout=10_000)
        banner = window.editor.banner
        for tab in range(3):
            window.editor.go_to_tab(tab)
            qtbot.wait(30)
            found = accelerators(window)
            assert {item.target for item in found} >= {banner.reply_button, banner.directive_button}
            problems += walk(qtbot, window, f"{language}/commune meeting tab {tab + 1}")
    l10n.set_language("vi")
    assert not problems, "\n".join(problems)
