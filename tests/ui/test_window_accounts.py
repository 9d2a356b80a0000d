"""The main window as an account sees it: a viewer is offered nothing that changes the records and
reads phone numbers masked; the window locks after idle time and keeps what was being typed; the
program asks who signs in before it opens a file it did not make itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from conftest import ADMIN, PASSWORD, RECOVERY_CODE, add_to, full_meeting, run_qcdc
from qcdc_desktop import app
from qcdc_desktop.db import access, accounts
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.accounts import WindowAccounts
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.signin.dialog import SignInDialog


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, str]:
    """A data file with one meeting whose first opinion left a phone number, and a viewer account."""
    path = tmp_path / "xa.db"
    with init_store(path, resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as store:
        (meeting_id,) = add_to(store, full_meeting())
        accounts.add_account(store, login="xem.nv", full_name="Ngô Văn Xem", title="Cán bộ", role="viewer",
                             password=PASSWORD)
    return path, meeting_id


def _window(qtbot, path: Path, settings: QSettings) -> tuple[MainWindow, Database]:
    database = Database(path)
    window = app.build_window(database, path, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, database


def _offered(window: MainWindow) -> set[str]:
    """The texts of the menu entries a person can reach."""
    return {action.text().replace("&", "") for menu in (window.file_menu, window.edit_menu)
            for action in menu.actions() if action.isVisible() and not action.isSeparator()}


def test_a_viewer_is_offered_no_change_and_sees_phone_numbers_masked(qtbot, office, settings) -> None:
    path, meeting_id = office
    accounts.sign_in(path, "xem.nv", PASSWORD)
    window, database = _window(qtbot, path, settings)
    try:
        assert "Ngô Văn Xem (xem.nv)" in window.findChild(WindowAccounts).who.text()
        assert "xem" in window.findChild(WindowAccounts).who.text()  # the role, in the user's language
        offered = _offered(window)
        assert not window.new_action.isVisible() and not window.delete_action.isVisible()
        assert not window.register_import_action.isVisible()
        assert not any("Nhập" in text or "Xóa" in text or "mới" in text for text in offered), offered
        assert "users" not in window.pages  # the accounts are the administrator's
        settings_page = window.pages["settings"]
        assert all(button.isHidden() for button in (settings_page.add_button, settings_page.edit_button,
                                                    settings_page.active_button, settings_page.backup_button))
        assert not settings_page.lock_minutes.spin.isEnabled()
        assert window.pages["followup"].update_button.isHidden()
        assert window.pages["notices"].cancel_button.isHidden()
        window.new_meeting()  # Ctrl+N is not there, nor does the call open an empty form
        assert window.current_page() != "editor"

        window.open_meeting(meeting_id)
        editor = window.editor
        qtbot.waitUntil(lambda: editor.meeting_id == meeting_id, timeout=10_000)
        assert editor.save_button.isHidden() and not editor.close_button.isHidden()
        assert all(not button.isVisibleTo(editor) for button in editor.findChildren(QPushButton)
                   if button is not editor.close_button)
        editor.opinions.load(0)
        phone = editor.opinions.inputs["phone"]
        assert isinstance(phone, QLineEdit) and phone.text() == "**** *** 678" and phone.isReadOnly()
        assert editor.inputs["title"].isReadOnly()
        editor.save()  # Ctrl+S does nothing either: the masked number is never written back
        qtbot.wait(200)
        assert not database.busy() and editor.status_label.text() != "Đang lưu…"
    finally:
        window.close()
        database.shutdown()


def test_a_clerk_sees_phone_numbers_whole_and_may_record_but_not_delete(qtbot, office, settings) -> None:
    path, meeting_id = office
    with_admin = access.unlocked(path)
    assert with_admin is not None
    from qcdc_desktop.db.connection import open_store

    with open_store(path) as store:
        accounts.add_account(store, login="lan.tt", full_name="Trần Thị Lan", title="", role="clerk",
                             password=PASSWORD)
    accounts.sign_in(path, "lan.tt", PASSWORD)
    window, database = _window(qtbot, path, settings)
    try:
        assert window.new_action.isVisible() and not window.delete_action.isVisible()
        assert window.register_import_action.isVisible()
        window.open_meeting(meeting_id)
        qtbot.waitUntil(lambda: window.editor.meeting_id == meeting_id, timeout=10_000)
        window.editor.opinions.load(0)
        assert window.editor.opinions.inputs["phone"].text() == "0912 345 678"
        assert not window.editor.save_button.isHidden()
    finally:
        window.close()
        database.shutdown()


def test_the_idle_lock_hides_the_window_and_keeps_the_unsaved_meeting(qtbot, office, settings) -> None:
    path, _meeting_id = office
    window, database = _window(qtbot, path, settings)
    try:
        controls = window.findChild(WindowAccounts)
        assert controls is not None and controls.watch.interval_ms == 15 * 60_000  # the default: 15 minutes
        window.new_meeting()
        title = window.editor.inputs["title"]
        assert isinstance(title, QLineEdit)
        qtbot.keyClicks(title, "Doi thoai chua luu")
        assert window.editor.dirty
        controls.watch.set_interval_ms(300)  # nobody touches the computer for a while
        qtbot.waitUntil(lambda: controls.locker.is_locked, timeout=10_000)
        assert not window.editor.isVisible() and not window.menuBar().isVisible()
        assert not controls.lock_action.isEnabled()
        screen = controls.locker.screen
        assert "Nguyễn Thị Quản (quantri)" in screen.who.text()
        qtbot.keyClicks(screen.password, "not-the-password")
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(screen.error.text()), timeout=10_000)
        assert controls.locker.is_locked and "không đúng" in screen.error.text()
        qtbot.keyClicks(screen.password, PASSWORD)
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not controls.locker.is_locked, timeout=10_000)
        assert window.editor.isVisible() and title.text() == "Doi thoai chua luu" and window.editor.dirty
        assert controls.lock_action.isEnabled()
        controls.watch.set_interval_ms(0)
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Lock now
        assert controls.locker.is_locked
    finally:
        window.editor.dirty = False
        window.close()
        database.shutdown()


def _when_shown(kind: type, action) -> None:
    """Run ``action(widget)`` once a top-level ``kind`` is visible (a modal loop is running)."""
    tries = [1500]

    def poll() -> None:
        found = next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)
        if found is None:
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(20, poll)
            else:
                QApplication.closeAllWindows()
            return
        try:
            action(found)
        except BaseException:  # the test fails, never hangs in a modal dialog left open
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible():
                    widget.close()
            raise
    QTimer.singleShot(0, poll)


def test_a_file_made_elsewhere_asks_who_signs_in_before_it_opens(qtbot, tmp_path: Path, settings) -> None:
    path = tmp_path / "xa.db"
    assert run_qcdc("init", "--db", str(path), "--unit-code", "00004").returncode == 0
    access.sign_out(path)  # as a program that did not make the file: nobody is signed in to it here
    seen: dict[str, object] = {}

    def sign_in(dialog: SignInDialog) -> None:
        seen["dialog"] = True
        assert "xa.db" in dialog.file.text()
        dialog.login.setText("quantri")
        qtbot.keyClicks(dialog.password, "wrong-password")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
        seen["error"] = dialog.error.text()
        assert dialog.isVisible() and access.signed_in(path) is None
        qtbot.keyClicks(dialog.password, PASSWORD)
        _when_shown(MainWindow, look)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    def look(window: MainWindow) -> None:
        controls = window.findChild(WindowAccounts)
        seen["who"] = controls.who.text() if controls is not None else ""
        window.close()

    _when_shown(SignInDialog, sign_in)
    assert app.main(["--db", str(path)], settings=settings) == 0
    assert seen.get("dialog") and "Tên đăng nhập hoặc mật khẩu không đúng" in str(seen["error"])
    assert "quantri" in str(seen["who"])
    signed = access.signed_in(path)
    assert signed is not None and signed.login == "quantri"


def _plain_copy_of_an_earlier_version(source: Path, target: Path) -> None:
    """``target``: the records of ``source`` in a plain (unencrypted) SQLite file without accounts,
    as a data file of an earlier version is."""
    from qcdc_desktop.db import cipher

    with cipher.connect(source, access.unlocked(source).file_key) as conn:
        conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plaintext')")
        conn.execute("DETACH DATABASE plaintext")
        marks = [conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("application_id", "user_version")]
    plain = cipher.plain_connect(target)
    plain.execute(f"PRAGMA application_id = {int(marks[0])}")  # the export copies rows, not the file's marks
    plain.execute(f"PRAGMA user_version = {int(marks[1])}")
    plain.execute("DELETE FROM users")
    plain.commit()
    plain.close()


def test_a_file_of_an_earlier_version_is_encrypted_with_its_first_administrator(
        qtbot, office, tmp_path: Path, settings, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from qcdc_desktop.db import cipher
    from qcdc_desktop.db.convert import plain_copies
    from qcdc_desktop.ui.signin.convert_dialog import ConvertDialog

    path = tmp_path / "cu.db"
    _plain_copy_of_an_earlier_version(office[0], path)
    assert cipher.is_plain(path)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    seen: dict[str, object] = {}

    def convert(dialog: ConvertDialog) -> None:
        fields = dialog.fields
        assert dialog.isVisible()
        fields.login.setText("quantri")
        fields.full_name.setText("Đỗ Văn Quản")
        fields.password.new.setText(PASSWORD)
        fields.password.repeat.setText(PASSWORD)
        qtbot.keyClick(fields.password.repeat, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.recovery_dialog is not None, timeout=30_000)
        recovery = dialog.recovery_dialog
        seen["code"] = recovery.code_label.text()
        qtbot.waitUntil(recovery.save_button.isEnabled, timeout=30_000)  # the sheet is ready to print
        _when_shown(MainWindow, look)
        recovery.confirm.setChecked(True)
        qtbot.keyClick(recovery.confirm, Qt.Key.Key_Return)

    def look(window: MainWindow) -> None:
        seen["who"] = window.findChild(WindowAccounts).who.text()
        window.close()

    _when_shown(ConvertDialog, convert)
    assert app.main(["--db", str(path)], settings=settings) == 0
    assert not cipher.is_plain(path) and "Đỗ Văn Quản (quantri)" in str(seen["who"])
    assert asked and len(plain_copies(path)) == 1  # No, the default: the unencrypted copy is kept aside
    signed = access.unlocked(path)
    assert access.unwrap_with_recovery_code(path, str(seen["code"])) == signed.file_key


def test_the_account_menu_changes_ones_own_password_from_the_keyboard(qtbot, office, settings) -> None:
    path, _meeting_id = office
    window, database = _window(qtbot, path, settings)
    try:
        found = window.findChild(WindowAccounts)
        assert found.change_password_action in found.menu.actions()
        found.change_password_action.trigger()
        dialog = found.dialog
        assert dialog is not None and dialog.current is not None
        qtbot.waitUntil(dialog.current.hasFocus, timeout=5000)
        qtbot.keyClicks(dialog.current, "sai-mat-khau")
        qtbot.keyClicks(dialog.fields.new, "Trang-ram-Ha-Noi-5!")
        qtbot.keyClicks(dialog.fields.repeat, "Trang-ram-Ha-Noi-5!")
        qtbot.keyClick(dialog.fields.repeat, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10_000)  # the current one was wrong
        assert found.dialog is dialog and dialog.current.text() == ""
        qtbot.keyClicks(dialog.current, PASSWORD)
        qtbot.keyClick(dialog.current, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: found.dialog is None, timeout=10_000)
        assert "mật khẩu" in window.statusBar().currentMessage().lower()
    finally:
        window.close()
        database.shutdown()
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(path, ADMIN.login, PASSWORD, record=False)
    assert accounts.sign_in(path, ADMIN.login, "Trang-ram-Ha-Noi-5!", record=False).login == ADMIN.login


def test_signing_in_with_another_account_opens_the_window_again_as_them(qtbot, office, settings) -> None:
    path, _meeting_id = office
    window, database = _window(qtbot, path, settings)
    switched: list[object] = []
    try:
        found = window.findChild(WindowAccounts)
        # What the program does on the signal: the window closes, to open again as them.
        found.switched.connect(lambda user: (switched.append(user), window.close()))
        found.switch_action.trigger()
        dialog = found.dialog
        assert isinstance(dialog, SignInDialog)
        cancelled = dialog
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel keeps the present person
        qtbot.waitUntil(lambda: found.dialog is None, timeout=5000)
        assert not switched and cancelled.result() == 0
        found.switch_action.trigger()
        dialog = found.dialog
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.login, "xem.nv")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        # The administrator gave the account its first password: its person chooses their own first.
        qtbot.waitUntil(lambda: dialog.change_dialog is not None, timeout=10_000)
        change = dialog.change_dialog
        qtbot.keyClicks(change.fields.new, "Nui-Ba-Vi-mua-thu-3!")
        qtbot.keyClicks(change.fields.repeat, "Nui-Ba-Vi-mua-thu-3!")
        qtbot.keyClick(change.fields.repeat, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(switched), timeout=10_000)
        assert switched[0].login == "xem.nv" and not window.isVisible()
    finally:
        window.close()
        database.shutdown()
    now = access.unlocked(path)
    assert now is not None and now.user is not None and now.user.login == "xem.nv"
