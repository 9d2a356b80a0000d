"""The first-run wizard, driven from the keyboard as a clerk would: it creates the data file with
the unit and officials chosen, and shows each problem next to its field."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWizard

from conftest import PASSWORD
from qcdc_desktop import l10n
from qcdc_desktop.db import access
from qcdc_desktop.ui.signin.recovery_dialog import RecoveryCodeDialog
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.sync_keys import own_keys
from qcdc_desktop.db.officials import list_officials
from qcdc_desktop.db.units import get_unit
from qcdc_desktop.ui.widgets.language import apply_language, remove_qt_catalog
from qcdc_desktop.ui.wizard.wizard import SetupWizard


@pytest.fixture(autouse=True)
def _language_afterwards(qapp):
    apply_language("vi")
    yield
    remove_qt_catalog()
    l10n.set_language("vi")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def wizard(qtbot, tmp_path: Path, settings: QSettings) -> SetupWizard:
    wizard = SetupWizard(tmp_path / "data" / "xa.db", settings=settings)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    return wizard


def press(qtbot, wizard: SetupWizard, key: Qt.Key) -> None:
    """A key press where the keyboard focus is, as the person would press it."""
    target = QApplication.focusWidget() or wizard
    qtbot.keyClick(target, key)


def type_text(qtbot, wizard: SetupWizard, text: str) -> None:
    """Typing, character by character (QTest's keyClicks knows only Latin-1, not "ễ")."""
    target = QApplication.focusWidget() or wizard
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def go_to_unit_page(qtbot, wizard: SetupWizard) -> None:
    press(qtbot, wizard, Qt.Key.Key_Return)  # language: Tiếng Việt
    assert wizard.currentPage() is wizard.role_page
    press(qtbot, wizard, Qt.Key.Key_Return)  # a commune office
    assert wizard.currentPage() is wizard.unit_page


def test_a_commune_office_is_set_up_without_the_mouse(qtbot, wizard: SetupWizard, tmp_path: Path,
                                                      settings: QSettings) -> None:
    go_to_unit_page(qtbot, wizard)
    page = wizard.unit_page
    assert QApplication.focusWidget() is page.search
    type_text(qtbot, wizard, "an binh")
    first = page.results.topLevelItem(0)
    assert (first.text(0), first.text(1), first.text(2)) == ("Xã An Bình", "Tỉnh Phú Thọ", "05425")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # nothing chosen yet
    press(qtbot, wizard, Qt.Key.Key_Down)
    assert page.results.currentItem() is first and QApplication.focusWidget() is page.results
    press(qtbot, wizard, Qt.Key.Key_Return)

    officials = wizard.officials_page
    assert wizard.currentPage() is officials
    chairman, secretary = officials.leaders["chairman"], officials.leaders["secretary"]
    assert chairman[2].text() == "Chủ tịch UBND xã" and secretary[2].text() == "Bí thư Đảng ủy xã"
    type_text(qtbot, wizard, "Nguyễn Văn An")
    press(qtbot, wizard, Qt.Key.Key_Tab)  # the title, already filled in
    press(qtbot, wizard, Qt.Key.Key_Tab)
    type_text(qtbot, wizard, "Lê Thị Bình")
    qtbot.mouseClick(officials.add_row, Qt.MouseButton.LeftButton)
    officials.table.item(0, 0).setText("Trần Văn Cường")
    officials.table.item(0, 1).setText("Phó Chủ tịch UBND xã")
    officials.leaders["secretary"][1].setFocus()
    press(qtbot, wizard, Qt.Key.Key_Return)

    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.path.text() == str(tmp_path / "data" / "xa.db")
    press(qtbot, wizard, Qt.Key.Key_Return)
    _first_administrator(qtbot, wizard)
    assert wizard.currentPage() is wizard.summary_page
    summary = wizard.summary_page.summary.text()
    assert "Xã An Bình (05425)" in summary and "Trần Văn Cường — Phó Chủ tịch UBND xã" in summary
    assert "Nguyễn Thị Quản (quantri)" in summary
    press(qtbot, wizard, Qt.Key.Key_Return)  # Finish
    code = _keep_the_recovery_code(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    # The administrator typed is signed in, and the code shown once opens the same file.
    signed = access.unlocked(wizard.created_path)
    assert signed is not None and signed.user is not None and signed.user.login == "quantri"
    assert signed.user.full_name == "Nguyễn Thị Quản" and signed.user.role == "admin"
    assert access.unwrap_with_recovery_code(wizard.created_path, code) == signed.file_key

    assert wizard.created_path == tmp_path / "data" / "xa.db"
    with open_store(wizard.created_path, readonly=True) as store:
        unit = get_unit(store)
        assert (unit.code, unit.name, unit.role, unit.province_name) == ("05425", "Xã An Bình", "commune", "Tỉnh Phú Thọ")
        assert [(o.name, o.title, o.track) for o in list_officials(store)] == [
            ("Nguyễn Văn An", "Chủ tịch UBND xã", "state"), ("Lê Thị Bình", "Bí thư Đảng ủy xã", "party"),
            ("Trần Văn Cường", "Phó Chủ tịch UBND xã", "state")]
        assert len(own_keys(store)) == 1  # the office's keys for sync, as qcdc init makes them
    assert settings.value("ui/language") == "vi"


def test_the_search_ignores_accents_and_takes_accents(qtbot, wizard: SetupWizard) -> None:
    go_to_unit_page(qtbot, wizard)
    page = wizard.unit_page
    for query in ("an binh", "An Bình", "AN BINH", "05425"):
        page.search.setText(query)
        assert page.results.topLevelItem(0).text(2) == "05425", query
    page.search.setText("zzzz")
    assert page.results.topLevelItemCount() == 0
    assert "zzzz" in page.count.text()


def test_the_language_changes_the_wizard_at_once(qtbot, wizard: SetupWizard) -> None:
    vietnamese_title = l10n.gettext_in("vi", "Welcome to QCDC Desktop")
    assert wizard.language_page.title() == vietnamese_title
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Tiếp >"
    wizard.language_page.radios["en"].click()
    assert l10n.get_language() == "en"
    assert wizard.language_page.title() == "Welcome to QCDC Desktop"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Next >"
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "Cancel"
    wizard.language_page.radios["vi"].click()
    assert wizard.language_page.title() == vietnamese_title
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "Hủy"


def test_a_province_office_picks_its_province(qtbot, wizard: SetupWizard) -> None:
    press(qtbot, wizard, Qt.Key.Key_Return)
    wizard.role_page.radios["province"].setChecked(True)
    wizard.next()
    page = wizard.unit_page
    # The search speaks of provinces, with a province for its example.
    assert "phu tho" in page.search_label.text() and "an binh" not in page.search_label.text()
    assert page.search.placeholderText() == "Tên hoặc mã"
    page.search.setText("phu tho")
    assert [page.results.topLevelItem(i).text(0) for i in range(page.results.topLevelItemCount())] == ["Tỉnh Phú Thọ"]
    page.results.setCurrentItem(page.results.topLevelItem(0))
    wizard.next()
    assert wizard.choices.unit is not None and (wizard.choices.unit.code, wizard.choices.unit.role) == ("25", "upper")
    assert wizard.officials_page.leaders["secretary"][2].text() == "Bí thư Tỉnh ủy"


def test_a_district_office_types_its_code_and_name(qtbot, wizard: SetupWizard) -> None:
    press(qtbot, wizard, Qt.Key.Key_Return)
    wizard.role_page.radios["district"].setChecked(True)
    wizard.next()
    page = wizard.unit_page
    assert page.district_box.isVisible() and not page.list_box.isVisible()
    page.code.setText("25")
    page.name.setText("Huyện Mê Linh")
    wizard.next()
    assert wizard.currentPage() is page
    assert page.code_error.isVisible() and "3" in page.code_error.text()
    page.code.setText("250")
    wizard.next()
    assert wizard.currentPage() is wizard.officials_page
    assert (wizard.choices.unit.code, wizard.choices.unit.name) == ("250", "Huyện Mê Linh")
    assert wizard.officials_page.leaders["chairman"][2].text() == "Chủ tịch UBND huyện"


def _to_officials(qtbot, wizard: SetupWizard) -> None:
    go_to_unit_page(qtbot, wizard)
    wizard.unit_page.search.setText("05425")
    wizard.unit_page.results.setCurrentItem(wizard.unit_page.results.topLevelItem(0))
    wizard.next()


def test_problems_are_shown_next_to_their_fields(qtbot, wizard: SetupWizard, tmp_path: Path) -> None:
    _to_officials(qtbot, wizard)
    officials = wizard.officials_page
    wizard.next()
    assert wizard.currentPage() is officials
    error = officials.leaders["chairman"][3]
    assert error.isVisible() and "không được để trống" in error.text()
    officials.leaders["chairman"][1].setText("Nguyễn Văn An")
    officials.leaders["secretary"][1].setText("Lê Thị Bình")
    officials.add_row.click()
    officials.table.item(0, 1).setText("Phó Chủ tịch UBND xã")  # a title without a name
    wizard.next()
    assert wizard.currentPage() is officials
    assert officials.table_error.isVisible() and "1" in officials.table_error.text()
    officials.remove_row.click()
    wizard.next()
    assert not error.isVisible()

    page = wizard.file_page
    existing = tmp_path / "old.db"
    existing.write_bytes(b"")
    for path, words in ((existing, "old.db"), (tmp_path, str(tmp_path)), ("", "")):
        page.path.setText(str(path))
        wizard.next()
        assert wizard.currentPage() is page
        assert page.error.isVisible() and words in page.error.text()
    blocker = tmp_path / "notes"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    page.path.setText(str(blocker / "xa.db"))
    wizard.next()
    assert wizard.currentPage() is page and "notes" in page.error.text()


def test_a_failure_while_creating_is_shown_and_the_wizard_stays(qtbot, wizard: SetupWizard, tmp_path: Path) -> None:
    _to_officials(qtbot, wizard)
    wizard.officials_page.leaders["chairman"][1].setText("Nguyễn Văn An")
    wizard.officials_page.leaders["secretary"][1].setText("Lê Thị Bình")
    wizard.next()
    wizard.next()
    _fill_admin(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    target = tmp_path / "data" / "xa.db"
    target.parent.mkdir()
    target.write_text("someone else was quicker", encoding="utf-8")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    page = wizard.summary_page
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=10_000)
    assert "xa.db" in page.error.text()
    assert wizard.isVisible() and wizard.created_path is None
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert target.read_text(encoding="utf-8") == "someone else was quicker"


def test_a_path_given_on_the_command_line_is_fixed(qtbot, tmp_path: Path, settings: QSettings) -> None:
    wizard = SetupWizard(tmp_path / "given.db", fixed_path=True, settings=settings)
    qtbot.addWidget(wizard)
    assert wizard.file_page.path.isReadOnly() and wizard.file_page.browse.isHidden()
    assert "--db" in wizard.file_page.note.text()


def _fill_admin(wizard: SetupWizard) -> None:
    fields = wizard.admin_page.fields
    fields.login.setText("quantri")
    fields.full_name.setText("Nguyễn Thị Quản")
    fields.password.new.setText(PASSWORD)
    fields.password.repeat.setText(PASSWORD)


def _first_administrator(qtbot, wizard: SetupWizard) -> None:
    """The administrator's page, from the keyboard: each rule said as it is typed, Next refused
    until the password is good and typed twice the same."""
    page = wizard.admin_page
    assert wizard.currentPage() is page and QApplication.focusWidget() is page.fields.login
    type_text(qtbot, wizard, "Quản Trị")
    assert page.fields.login_hint.isVisible() and "quan.tri" in page.fields.login_hint.text()
    page.fields.login.clear()
    type_text(qtbot, wizard, "quantri")
    assert page.fields.login_hint.isHidden()
    press(qtbot, wizard, Qt.Key.Key_Tab)
    type_text(qtbot, wizard, "Nguyễn Thị Quản")
    press(qtbot, wizard, Qt.Key.Key_Tab)
    type_text(qtbot, wizard, "Văn phòng")
    press(qtbot, wizard, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.fields.password.new
    type_text(qtbot, wizard, "12345678")
    assert page.fields.password.hint.isVisible()  # the rule it breaks, said at once
    page.fields.password.new.clear()
    type_text(qtbot, wizard, PASSWORD)
    assert page.fields.password.hint.isHidden()
    press(qtbot, wizard, Qt.Key.Key_Tab)
    type_text(qtbot, wizard, PASSWORD + "x")
    press(qtbot, wizard, Qt.Key.Key_Return)
    assert wizard.currentPage() is page and "không giống" in page.error.text()
    page.fields.password.repeat.setFocus()
    press(qtbot, wizard, Qt.Key.Key_Backspace)
    press(qtbot, wizard, Qt.Key.Key_Return)


def _keep_the_recovery_code(qtbot, wizard: SetupWizard) -> str:
    """The code in large type, the sheet ready to print or save, and no way on without the tick."""
    qtbot.waitUntil(lambda: wizard.recovery_dialog is not None and wizard.recovery_dialog.isVisible(), timeout=15_000)
    dialog = wizard.recovery_dialog
    assert isinstance(dialog, RecoveryCodeDialog)
    code = dialog.code_label.text()
    assert len(code.split("-")) == 7 and dialog.code_label.font().pointSizeF() > dialog.font().pointSizeF() * 1.5
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)
    assert dialog.pdf is not None and dialog.pdf.startswith(b"%PDF")
    assert not dialog.continue_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and QApplication.focusWidget() is dialog.confirm  # not closed: the tick is asked for
    dialog.close()
    assert dialog.isVisible()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    assert dialog.confirm.isChecked() and dialog.continue_button.isEnabled()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    return code
