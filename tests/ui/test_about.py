"""The About dialog lists the licence of everything the application ships."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from qcdc_desktop.ui.about import AboutDialog


def test_the_licences_of_the_unit_list_and_the_fonts_are_shown() -> None:
    text = AboutDialog._licences()
    assert "MIT License" in text
    assert "SIL OPEN FONT LICENSE Version 1.1" in text and "Liberation" in text


def test_the_dialog_opens(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert "SIL OPEN FONT LICENSE" in dialog.findChild(QPlainTextEdit).toPlainText()
