"""app.main, the composition root: the wizard when there is no data file, the language from the
settings, the window's geometry kept, and "Restart now" reopening the window in a new language."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from conftest import ADMIN, RECOVERY_CODE, damage_the_freelist
from qcdc_desktop import app, l10n
from qcdc_desktop.core.model import Official
from qcdc_desktop.core.settings import DATA_PATH, WINDOW_GEOMETRY
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.setup import init_office, resolve_unit
from qcdc_desktop.db.units import get_unit
from qcdc_desktop.ui.widgets.language import remove_qt_catalog
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.widgets.models import MEETING_ID_ROLE
from qcdc_desktop.ui.settings.page import SettingsPage
from qcdc_desktop.ui.sync.page import SyncPage
from qcdc_desktop.ui.wizard.wizard import SetupWizard


@pytest.fixture(autouse=True)
def _language_afterwards(qapp):
    yield
    remove_qt_catalog()
    l10n.set_language("vi")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _main_window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)


def _when_window_shows(action, *, seen: list[MainWindow] | None = None, accept=lambda window: True,
                       timeout_ms: int = 30_000) -> None:
    """Run ``action(window)`` once a main window is on screen (app.main is in its event loop).
    Should none show, close everything so that app.main returns and the test fails, not hangs."""
    deadline = [timeout_ms // 20]

    def poll() -> None:
        window = _main_window()
        # A window seen before is known by a mark on the Qt object itself, not by its Python
        # wrapper: a new window made where a deleted one was may come back in the old wrapper.
        if window is None or (seen is not None and window.property("seen_by_the_test")) or not accept(window):
            deadline[0] -= 1
            if deadline[0] > 0:
                QTimer.singleShot(20, poll)
            else:
                QApplication.closeAllWindows()
                QApplication.quit()
                pytest.fail("no main window showed within the time allowed")
            return
        if seen is not None:
            window.setProperty("seen_by_the_test", True)
            seen.append(window)
        action(window)
    QTimer.singleShot(0, poll)


def _record_shown(monkeypatch) -> list[MainWindow]:
    """Every main window as it is shown, however briefly: a window that the background check
    closes at once may be gone before a poll would see it."""
    shown: list[MainWindow] = []
    real_show = MainWindow.show

    def show(window: MainWindow) -> None:
        shown.append(window)
        real_show(window)
    monkeypatch.setattr(MainWindow, "show", show)
    return shown


def _safety_net(timeout_ms: int = 60_000) -> QTimer:
    """Should the window stay open when the test expects it to close, close everything so that
    app.main returns and the test fails instead of hanging.  Stop it once app.main returned."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(QApplication.closeAllWindows)
    timer.start(timeout_ms)
    return timer


def _wizard_that_creates(monkeypatch, calls: list[SetupWizard]) -> None:
    """SetupWizard.exec as if the person had filled it in: the file is created, the dialog accepted."""
    def exec_(wizard: SetupWizard) -> int:
        calls.append(wizard)
        path = Path(wizard.file_page.path.text())
        with init_office(path, resolve_unit("05425", "commune"), [Official("Nguyễn Văn An", "Chủ tịch UBND xã")],
                         admin=ADMIN, recovery_code=RECOVERY_CODE, make_folder=True):
            pass
        wizard.created_path = path
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SetupWizard, "exec", exec_)


def test_first_start_runs_the_wizard_then_opens_the_window(qtbot, tmp_path: Path, settings: QSettings,
                                                           monkeypatch) -> None:
    default = tmp_path / "user-data" / "qcdc.db"
    monkeypatch.setattr(app, "default_db_path", lambda: default)
    calls: list[SetupWizard] = []
    _wizard_that_creates(monkeypatch, calls)
    titles: list[str] = []

    def look_and_close(window: MainWindow) -> None:
        qtbot.waitUntil(lambda: "Xã An Bình" in window.windowTitle(), timeout=10_000)
        titles.append(window.windowTitle())
        assert "settings" in window.pages
        window.close()

    _when_window_shows(look_and_close)
    assert app.main([], settings=settings) == 0
    assert len(calls) == 1 and not calls[0].file_page.fixed
    assert titles and default.exists()
    with open_store(default, readonly=True) as store:
        assert get_unit(store).code == "05425"
    assert settings.value(DATA_PATH.key) == str(default)  # the next start opens it
    assert settings.value(WINDOW_GEOMETRY.key) is not None


def test_a_missing_db_path_is_offered_to_the_wizard_with_that_path_fixed(tmp_path: Path, settings: QSettings,
                                                                         monkeypatch) -> None:
    missing = tmp_path / "given.db"
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes))
    seen: list[SetupWizard] = []

    def cancel(wizard: SetupWizard) -> int:
        seen.append(wizard)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SetupWizard, "exec", cancel)
    assert app.main(["--db", str(missing)], settings=settings) == 0
    assert str(missing) in asked[0]
    assert seen[0].file_page.path.text() == str(missing) and seen[0].file_page.path.isReadOnly()
    assert not missing.exists()
    assert settings.value(DATA_PATH.key) is None  # a --db path is not remembered


def test_declining_the_offer_stops_without_a_wizard(tmp_path: Path, settings: QSettings, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    monkeypatch.setattr(SetupWizard, "exec", lambda wizard: pytest.fail("the wizard should not open"))
    assert app.main(["--db", str(tmp_path / "typo.db")], settings=settings) == 1


def test_a_remembered_file_that_is_gone_is_not_silently_replaced(tmp_path: Path, settings: QSettings,
                                                                  monkeypatch) -> None:
    settings.setValue(DATA_PATH.key, str(tmp_path / "usb" / "qcdc.db"))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    assert app.main([], settings=settings) == 1
    assert "usb" in asked[0]


def test_the_language_comes_from_the_settings_and_restart_applies_a_new_one(qtbot, commune_db: Path,
                                                                          settings: QSettings) -> None:
    settings.setValue("ui/language", "en")
    seen: list[MainWindow] = []
    navigation: list[list[str]] = []

    def names(window: MainWindow) -> list[str]:
        return [window.nav.item(i).text() for i in range(window.nav.count())]

    def switch_to_vietnamese(window: MainWindow) -> None:
        navigation.append(names(window))
        page = window.pages["settings"]
        assert isinstance(page, SettingsPage)
        page.language.setCurrentIndex(page.language.findData("vi"))
        _when_window_shows(close_after_look, seen=seen)
        page.restart.click()

    def close_after_look(window: MainWindow) -> None:
        navigation.append(names(window))
        window.close()

    _when_window_shows(switch_to_vietnamese, seen=seen)
    assert app.main(["--db", str(commune_db)], settings=settings) == 0
    assert navigation[0][0] == "Overview" and "Settings" in navigation[0]
    assert navigation[1][0] == l10n.gettext_in("vi", "Overview") and l10n.get_language() == "vi"
    assert settings.value("ui/language") == "vi"


def test_lang_on_the_command_line_wins_over_the_settings(qtbot, commune_db: Path, settings: QSettings) -> None:
    settings.setValue("ui/language", "vi")
    seen: list[str] = []

    def look(window: MainWindow) -> None:
        seen.append(window.nav.item(0).text())
        window.close()

    _when_window_shows(look)
    assert app.main(["--db", str(commune_db), "--lang", "en"], settings=settings) == 0
    assert seen == ["Overview"]
    assert settings.value("ui/language") == "vi"  # --lang is for this run only


def test_the_window_has_every_place_in_order_and_opens_a_meeting_from_a_list(qtbot, commune_db: Path,
                                                                             settings: QSettings, qcdc) -> None:
    assert qcdc("demo", "--db", str(commune_db), "--meetings", "3", "--seed", "4").returncode == 0
    seen: dict[str, object] = {}

    def look(window: MainWindow) -> None:
        try:
            keys = [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]
            seen["keys"] = keys
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow, timeout=10_000)
            qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
            seen["ctrl4"] = window.current_page()
            page = window.pages["opinions"]
            qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
            meeting_id = page.model.data(page.model.index(0, 0), MEETING_ID_ROLE)
            page.table.setFocus()
            page.table.setCurrentIndex(page.model.index(0, 0))
            qtbot.keyClick(page.table, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: window.editor.meeting_id == meeting_id, timeout=10_000)
            seen["page"] = window.current_page()
        finally:  # whatever failed, the window closes and app.main returns: the test fails, never hangs
            window.close()

    _when_window_shows(look)
    assert app.main(["--db", str(commune_db)], settings=settings) == 0
    assert seen["keys"] == ["overview", "followup", "meetings", "opinions", "tasks", "notices", "reports", "sync",
                            "editor", "history", "personal", "settings", "documents_settings", "users"]  # the administrator
    assert seen["ctrl4"] == "opinions"
    assert seen["page"] == "editor"


def test_a_bundle_the_program_is_started_with_is_imported_in_the_sync_place(qtbot, commune_db: Path,
                                                                           settings: QSettings, tmp_path: Path) -> None:
    """A double-click on a .qcdcb file (the Windows installer's file association) starts the program
    with its path: once signed in, the window opens on Sync and imports it."""
    bundle = tmp_path / "qcdc-01-05425-000001.qcdcb"
    bundle.write_bytes(os.urandom(3000))  # not a bundle: refused with its reason, as any import would
    seen: dict[str, object] = {}

    def look(window: MainWindow) -> None:
        try:
            page = window.pages["sync"]
            assert isinstance(page, SyncPage)
            qtbot.waitUntil(lambda: len(page.reports) == 1, timeout=20_000)
            qtbot.waitUntil(lambda: not page.database.busy(), timeout=20_000)
            seen.update(place=window.current_page(), tab=page.tabs.currentWidget() is page.receive,
                        outcome=page.reports[0].outcome)
        finally:
            window.close()

    _when_window_shows(look)
    assert app.main(["--db", str(commune_db), str(bundle)], settings=settings) == 0
    assert seen == {"place": "sync", "tab": True, "outcome": "rejected"}
    assert app.parse_args([str(bundle)]).bundles == [bundle] and app.parse_args([]).bundles == []


def test_work_typed_before_a_power_cut_is_offered_at_start(qtbot, commune_db: Path, settings: QSettings,
                                                          monkeypatch) -> None:
    from qcdc_desktop.db.drafts import save_draft

    with open_store(commune_db) as store:
        save_draft(store, key="new", meeting_id=None,
                   payload={"meeting_id": None, "meeting": {"title": "Đối thoại đang gõ dở"}})
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Open))
    titles: list[str] = []

    def look(window: MainWindow) -> None:
        try:
            qtbot.waitUntil(lambda: window.editor.inputs["title"].text() != "", timeout=10_000)
            titles.append(window.editor.inputs["title"].text())
            titles.append(window.current_page())
        finally:
            window.editor.dirty = False  # close without being asked to save
            window.close()

    _when_window_shows(look)
    assert app.main(["--db", str(commune_db)], settings=settings) == 0
    assert asked and titles == ["Đối thoại đang gõ dở", "editor"]


def test_a_damaged_file_with_a_backup_is_offered_its_backup_and_opens(qtbot, commune_db: Path, settings: QSettings,
                                                                        monkeypatch, qcdc) -> None:
    from test_cli import _corrupt_middle_page

    assert qcdc("demo", "--db", str(commune_db), "--meetings", "6", "--seed", "2").returncode == 0
    assert qcdc("backup", "--db", str(commune_db)).returncode == 0
    _corrupt_middle_page(commune_db)
    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: told.append(a[2])))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: pytest.fail(a[2])))
    titles: list[str] = []

    def look(window: MainWindow) -> None:
        try:
            qtbot.waitUntil(lambda: window.overview.labels["meetings"].text() == "6", timeout=10_000)
            titles.append(window.windowTitle())
        finally:
            window.close()

    shown = _record_shown(monkeypatch)
    # The damaged file opens (only the cheap checks run at opening); the whole-file check behind the
    # window finds the damage, the window goes, the backup is offered and put back, and the restored
    # file opens in a new window.
    _when_window_shows(look, accept=lambda window: len(shown) == 2)
    assert app.main(["--db", str(commune_db)], settings=settings) == 0
    assert len(shown) == 2
    assert "hỏng" in asked[0] and titles
    kept = sorted(p.name for p in commune_db.parent.glob("commune.db.replaced-*"))
    assert len(kept) == 2 and kept[1] == kept[0] + ".keys"  # the damaged file is kept aside, with its keys
    assert qcdc("check", "--db", str(commune_db)).returncode == 0
    assert told and "replaced" in told[0]


def test_a_damaged_file_without_a_backup_is_explained_not_opened(commune_db: Path, settings: QSettings,
                                                                  monkeypatch) -> None:
    from test_cli import _corrupt_middle_page

    assert run_qcdc_demo(commune_db)
    _corrupt_middle_page(commune_db)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: pytest.fail("nothing to offer")))
    assert app.main(["--db", str(commune_db)], settings=settings) == 1
    assert warned and "hỏng" in warned[0]


def run_qcdc_demo(path: Path) -> bool:
    from conftest import run_qcdc

    return run_qcdc("demo", "--db", str(path), "--meetings", "6", "--seed", "2").returncode == 0


def test_the_whole_file_is_checked_after_the_window_is_up_and_damage_offers_the_backup(
        qtbot, commune_db: Path, settings: QSettings, monkeypatch) -> None:
    from qcdc_desktop.db.backup import make_backup
    from qcdc_desktop.ui import restore

    with open_store(commune_db) as store:
        make_backup(store, reason="manual")
    damage_the_freelist(commune_db)
    offered: list[Path] = []
    monkeypatch.setattr(restore, "offer_restore", lambda path, parent=None: offered.append(path) or False)
    shown = _record_shown(monkeypatch)
    net = _safety_net()
    try:
        assert app.main(["--db", str(commune_db)], settings=settings) == 1
    finally:
        net.stop()
    assert shown, "the window opened before the whole file was read"
    assert offered == [commune_db]


def test_the_overview_names_the_backup_made_at_start(qtbot, commune_db: Path, settings: QSettings) -> None:
    from qcdc_desktop.db.backup import latest_backup

    assert latest_backup(commune_db) is None
    shown: list[str] = []

    def look(window: MainWindow) -> None:
        try:
            qtbot.waitUntil(lambda: latest_backup(commune_db) is not None, timeout=10_000)
            made = latest_backup(commune_db)
            assert made is not None
            qtbot.waitUntil(lambda: window.overview.labels["backup"].text().endswith("— Tự động (hằng ngày)"),
                            timeout=10_000)
            shown.append(window.overview.labels["backup"].text())
        finally:
            window.close()

    _when_window_shows(look)
    assert app.main(["--db", str(commune_db)], settings=settings) == 0
    assert len(shown) == 1 and not shown[0].endswith(".sqlite")  # the backup by its time and kind, not its file name


def test_a_sound_file_is_checked_in_the_background_and_said_so(qtbot, commune_db: Path, settings: QSettings) -> None:
    outcomes: list[str | None] = []

    def wait_for_the_check(window: MainWindow) -> None:
        qtbot.waitUntil(lambda: "no problem found" in window.statusBar().currentMessage()
                        or "không phát hiện" in window.statusBar().currentMessage(), timeout=30_000)
        outcomes.append(window.statusBar().currentMessage())
        window.close()

    _when_window_shows(wait_for_the_check)
    assert app.main(["--db", str(commune_db), "--lang", "en"], settings=settings) == 0
    assert outcomes == ["The data file was checked: no problem found."]
