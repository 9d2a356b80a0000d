"""The settings page: officials edited through the database worker, backups made and listed,
the language saved for the next start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtWidgets import QDialog

from qcdc_desktop import l10n
from qcdc_desktop.db.backup import list_backups
from qcdc_desktop.core.changes import Changes
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.officials import add_official, list_officials
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.settings.official_dialog import OfficialDialog
from qcdc_desktop.ui.settings.page import SettingsPage


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def office(commune_db: Path) -> Path:
    with open_store(commune_db) as store:
        add_official(store, name="Nguyễn Văn An", title="Chủ tịch UBND phường")
        add_official(store, name="Lê Thị Bình", title="Bí thư Đảng ủy phường", track="party")
    return commune_db


@pytest.fixture
def page(qtbot, office: Path, settings: QSettings):
    from conftest import at_the_window

    at_the_window(office)  # what the main window does: the administrator is at the screen
    database = Database(office)
    page = SettingsPage(database, settings)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.officials.rowCount() == 2, timeout=10_000)
    yield page
    database.shutdown()


def _names(path: Path) -> list[tuple[str, str, bool]]:
    with open_store(path, readonly=True) as store:
        return [(o.name, o.title, o.active) for o in list_officials(store, active_only=False)]


def _answer_dialog(monkeypatch, *, name: str | None = None, title: str | None = None) -> None:
    def exec_(dialog: OfficialDialog) -> int:
        if name is not None:
            dialog.name.setText(name)
        if title is not None:
            dialog.title.setText(title)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(OfficialDialog, "exec", exec_)


def test_the_unit_and_the_file_are_shown(page: SettingsPage, office: Path) -> None:
    labels = page.unit_labels
    assert labels["name"].text() == "Phường Ba Đình"
    assert labels["code"].text() == "00004"
    assert labels["province"].text() == "Thành phố Hà Nội"
    assert labels["path"].text() == str(office)


def test_an_official_is_edited_through_the_worker(qtbot, page: SettingsPage, office: Path, monkeypatch) -> None:
    assert not page.edit_button.isEnabled()
    page.officials.selectRow(0)
    assert page.edit_button.isEnabled()
    _answer_dialog(monkeypatch, name="Nguyễn Văn Ân", title="Chủ tịch UBND phường Ba Đình")
    page.edit_button.click()
    qtbot.waitUntil(lambda: page.officials.item(0, 0).text() == "Nguyễn Văn Ân", timeout=10_000)
    assert _names(office)[0] == ("Nguyễn Văn Ân", "Chủ tịch UBND phường Ba Đình", True)


def test_an_official_is_marked_inactive_and_active_again(qtbot, page: SettingsPage, office: Path) -> None:
    page.officials.selectRow(1)
    page.active_button.click()
    qtbot.waitUntil(lambda: page.officials.item(1, 3).text() == l10n._("Inactive"), timeout=10_000)
    assert _names(office)[1] == ("Lê Thị Bình", "Bí thư Đảng ủy phường", False)
    assert page.active_button.text() == l10n._("Mark &active")  # the selection is kept
    page.active_button.click()
    qtbot.waitUntil(lambda: page.officials.item(1, 3).text() == l10n._("Active"), timeout=10_000)
    assert _names(office)[1][2] is True


def test_an_official_is_added(qtbot, page: SettingsPage, office: Path, monkeypatch) -> None:
    _answer_dialog(monkeypatch, name="Trần Văn Cường", title="Phó Chủ tịch UBND phường")
    page.add_button.click()
    qtbot.waitUntil(lambda: page.officials.rowCount() == 3, timeout=10_000)
    assert _names(office)[2] == ("Trần Văn Cường", "Phó Chủ tịch UBND phường", True)


def test_the_dialog_keeps_a_wrong_official_and_says_why(qtbot) -> None:
    dialog = OfficialDialog()
    qtbot.addWidget(dialog)
    dialog.title.setText("Phó Bí thư Đảng ủy")
    dialog.title.textEdited.emit(dialog.title.text())
    assert dialog.track.currentData() == "party"  # guessed from the title
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.official is None
    assert not dialog.errors["name"].isHidden() and "không được để trống" in dialog.errors["name"].text()


def test_back_up_now_makes_a_checked_copy_and_lists_it(qtbot, page: SettingsPage, office: Path, monkeypatch) -> None:
    before = page.backups.rowCount()
    heard: list[Changes] = []
    page.database.changed.connect(heard.append)
    page.backup_button.click()
    qtbot.waitUntil(lambda: page.backups.rowCount() == before + 1 and page.backup_button.isEnabled(), timeout=10_000)
    assert [c.backups for c in heard] == [True]  # the other views hear of it (the overview names the latest)
    (made,) = [p for p in list_backups(office) if p.stem.endswith("-manual")]
    assert str(made) in page.backup_status.text()
    assert page.backups.item(0, 1).text() == l10n._("Made with “Back up now”")
    opened: list[QUrl] = []
    monkeypatch.setattr("qcdc_desktop.ui.settings.page.QDesktopServices.openUrl",
                        lambda url: opened.append(url) or True)
    assert page.folder_button.isEnabled()
    page.folder_button.click()
    assert [url.toLocalFile() for url in opened] == [str(made.parent)]


def test_the_language_is_saved_and_a_restart_offered(qtbot, page: SettingsPage, tmp_path: Path) -> None:
    assert page.restart.isHidden()
    page.language.setCurrentIndex(page.language.findData("en"))
    assert QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).value("ui/language") == "en"
    assert not page.restart.isHidden()
    note = page.language_note.text()
    assert "Saved. The new language applies" in note  # also said in the language chosen
    with qtbot.waitSignal(page.restart_requested) as signal:
        page.restart.click()
    assert signal.args == ["en"]
    page.language.setCurrentIndex(page.language.findData("vi"))
    assert page.restart.isHidden()


def test_the_signed_in_person_is_who_saves_and_only_an_administrator_sets_the_lock(
        qtbot, tmp_path, commune_db, monkeypatch) -> None:
    from PySide6.QtCore import QSettings

    import qcdc_desktop.ui.meetings.meeting_editor as meeting_editor
    from conftest import PASSWORD
    from qcdc_desktop.core.settings import LOCK_MINUTES
    from qcdc_desktop.db import accounts
    from qcdc_desktop.jobs.database import Database
    from qcdc_desktop.ui.main_window import MainWindow
    from qcdc_desktop.ui.settings.page import SettingsPage

    with open_store(commune_db) as store:
        accounts.add_account(store, login="thu.lv", full_name="Lê Văn Thư", title="Văn thư", role="clerk",
                             password=PASSWORD)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    database = Database(commune_db)
    window = MainWindow(database, settings)  # the administrator who made the file
    qtbot.addWidget(window)
    page = SettingsPage(database, settings)
    qtbot.addWidget(page)
    assert page.lock_minutes.spin.value() == 15 and page.lock_minutes.spin.isEnabled()
    page.lock_minutes.spin.setValue(5)
    assert settings.value(LOCK_MINUTES.key) in (5, "5")
    assert not hasattr(page, "user_name")  # no name typed for the person at the computer any more

    accounts.sign_in(commune_db, "thu.lv", PASSWORD)
    database.shutdown()
    database = Database(commune_db)
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    clerk_page = SettingsPage(database, settings)
    qtbot.addWidget(clerk_page)
    assert clerk_page.lock_minutes.spin.value() == 5 and not clerk_page.lock_minutes.spin.isEnabled()
    seen: list[str] = []
    real = meeting_editor.save_meeting
    monkeypatch.setattr(meeting_editor, "save_meeting",
                        lambda store, *, meeting, reason="": seen.append(store.user.name)
                        or real(store, meeting=meeting, reason=reason))
    window.new_meeting()
    editor = window.editor
    for key, text in (("title", "Đối thoại"), ("place", "Hội trường"), ("chair", "Nguyễn Văn An"),
                      ("chair_title", "Chủ tịch UBND xã")):
        editor.inputs[key].setText(text)
    editor.save()
    qtbot.waitUntil(lambda: seen == ["Lê Văn Thư"], timeout=10_000)
    qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
    database.shutdown()


def test_the_offices_default_printer_is_chosen_here_and_kept(qtbot, page: SettingsPage, settings: QSettings,
                                                             tmp_path: Path) -> None:
    from qcdc_desktop.core.settings import DEFAULT_PRINTER
    from qcdc_desktop.ui.printout.print_settings import remembered_printer

    combo = page.default_printer.combo
    assert combo.itemData(0) == ""  # the computer's own default, until the office chooses one
    settings.setValue(DEFAULT_PRINTER.key, "VanPhong")  # kept from before, even while the printer is away
    page.default_printer.fill([])
    assert combo.currentData() == "VanPhong"
    combo.setCurrentIndex(0)
    again = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)  # the next start
    assert again.value(DEFAULT_PRINTER.key) == "" and remembered_printer(again, "TB") == ""


def _sends_phones(path: Path) -> bool:
    from qcdc_desktop.db.sync_phones import sends_phones

    with open_store(path, readonly=True) as store:
        return sends_phones(store)


def test_an_administrator_switches_the_sending_of_phone_numbers_from_the_keyboard(
        qtbot, page: SettingsPage, office: Path) -> None:
    from PySide6.QtCore import Qt

    from qcdc_desktop.core.settings import SEND_PHONES
    from qcdc_desktop.db import history_entries
    from qcdc_desktop.l10n import _

    row = page.send_phones
    qtbot.waitUntil(lambda: row.check.isEnabled(), timeout=10_000)
    assert row.isVisible() and not row.check.isChecked() and not _sends_phones(office)  # off by default
    assert row.check.focusPolicy() & Qt.FocusPolicy.TabFocus
    mnemonic = row.check.text().split("&")[1][0]  # in the language the page is shown in
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow(), timeout=5_000)
    qtbot.keyClick(page, Qt.Key(ord(mnemonic.upper())), Qt.KeyboardModifier.AltModifier)
    on = _("Saved: the next bundle carries the phone numbers of opinions recorded or changed from now on.")
    qtbot.waitUntil(lambda: _sends_phones(office) and row.status.text() == on, timeout=10_000)
    assert row.check.isChecked() and row.check.hasFocus()
    qtbot.keyClick(row.check, Qt.Key.Key_Space)  # and off again, the focus where it is
    off = _("Saved: the next bundle carries no phone number.")
    qtbot.waitUntil(lambda: not _sends_phones(office) and row.status.text() == off, timeout=10_000)
    assert not row.check.isChecked()
    with open_store(office, readonly=True) as store:  # both changes are in the office's history
        changes = [e for e in history_entries.entries(store.conn, history_entries.Filter(kinds=("settings",)))
                   if e.record == SEND_PHONES.key]
    assert sorted(e.action for e in changes) == ["insert", "update"] and {e.by for e in changes} == {"quantri"}
    row.show_value(False, "upper")  # the upper level sends no opinion: nothing to choose there
    assert row.isHidden()


def test_a_clerk_sees_the_sending_of_phone_numbers_but_may_not_change_it(qtbot, office: Path,
                                                                         settings: QSettings) -> None:
    from conftest import PASSWORD, at_the_window
    from qcdc_desktop.db import accounts

    with open_store(office) as store:
        accounts.add_account(store, login="thu.lv", full_name="Lê Văn Thư", title="Văn thư", role="clerk",
                             password=PASSWORD)
    accounts.sign_in(office, "thu.lv", PASSWORD)
    at_the_window(office)
    database = Database(office)
    try:
        page = SettingsPage(database, settings)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
        assert page.send_phones.isVisible() and not page.send_phones.check.isEnabled()
    finally:
        database.shutdown()
