"""Qt's own words (dialog buttons, context menus, wizard buttons) follow the language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QWizard, QWizardPage

from qcdc_desktop import l10n
from qcdc_desktop.ui.widgets.language import apply_language, qt_catalog, remove_qt_catalog


@pytest.fixture(autouse=True)
def _qt_speaks_english_afterwards(qapp):
    yield
    remove_qt_catalog()
    l10n.set_language("vi")


def _texts(box: QDialogButtonBox) -> set[str]:
    return {button.text() for button in box.buttons()}


def test_the_vietnamese_qt_catalog_is_built_into_the_package() -> None:
    path = qt_catalog("vi")
    assert path is not None and path.is_file(), "reinstall with pip install -e . to compile i18n/qt/qtbase_vi.ts"
    assert qt_catalog("en") is None


def test_dialog_buttons_in_vietnamese_and_back_in_english(qtbot) -> None:
    apply_language("vi")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert _texts(box) == {"Lưu", "Hủy"}
    assert QLocale().language() == QLocale.Language.Vietnamese
    apply_language("en")
    qtbot.waitUntil(lambda: _texts(box) == {"Save", "Cancel"})  # existing widgets follow the change


def test_context_menu_and_wizard_buttons_in_vietnamese(qtbot) -> None:
    apply_language("vi")
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [action.text().split("\t")[0] for action in menu.actions() if not action.isSeparator()]
    assert texts[:2] == ["&Hoàn tác", "&Làm lại"]
    assert "&Dán" in texts and "Chọn tất cả" in texts
    menu.deleteLater()
    wizard = QWizard()
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    qtbot.addWidget(wizard)
    assert wizard.buttonText(QWizard.WizardButton.CancelButton) == "Hủy"
    assert wizard.buttonText(QWizard.WizardButton.FinishButton) == "&Hoàn tất"
