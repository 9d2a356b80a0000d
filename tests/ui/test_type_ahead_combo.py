"""Letters typed on a catalog's combo box, closed or open, pick the entry with a word starting with
them ("gia" → "Giáo dục", not "Bồi thường, giải phóng mặt bằng"), or by its initials ("gpmb")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from qcdc_desktop.core import catalog
from qcdc_desktop.ui.registers.value_mapping import ValueMappingTable
from qcdc_desktop.ui.widgets.fields import CodeCombo, TypeAhead, type_ahead_on


def typed(target: QWidget, text: str) -> None:
    """One key event per character, carrying the letter as an input method delivers it."""
    for ch in text:
        code = ord(ch.upper()) if ch.isascii() and ch.isalnum() else (Qt.Key.Key_Space if ch == " " else 0)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))


def fields(qtbot, blank: str | None = "(chưa chọn)") -> CodeCombo:
    combo = CodeCombo(catalog.FIELDS, blank=blank)
    qtbot.addWidget(combo)
    return combo


def test_letters_pick_the_field_whose_word_starts_with_them(qtbot) -> None:
    combo = fields(qtbot)
    typed(combo, "gia")
    assert combo.code() == "education"
    combo.type_ahead.PAUSE = 0  # the next letters start a new search
    for letters, code in (("gpmb", "compensation"), ("giai phong", "compensation"), ("đất", "land"),
                          ("giao", "transport"), ("moi", "environment")):
        combo.type_ahead.PAUSE = 0
        typed(combo, letters[0])
        combo.type_ahead.PAUSE = TypeAhead.PAUSE
        typed(combo, letters[1:])
        assert combo.code() == code, letters


def test_letters_that_match_nothing_change_nothing_and_a_space_alone_is_left_to_the_list(qtbot) -> None:
    combo = fields(qtbot)
    combo.set_code("health")
    typed(combo, "zw")  # no word starts so
    assert combo.code() == "health"
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ")
    assert not combo.type_ahead.eventFilter(combo, event)  # Qt opens the list, as usual
    assert combo.code() == "health"


def test_a_letter_that_does_not_continue_the_word_starts_again(qtbot) -> None:
    combo = fields(qtbot)
    typed(combo, "giax")  # "giax" is no word's start: "x" alone is
    assert combo.code() == "construction"


def test_focus_starts_a_new_word(qtbot) -> None:
    combo = fields(qtbot)
    typed(combo, "gi")
    QApplication.sendEvent(combo, QEvent(QEvent.Type.FocusIn))
    typed(combo, "d")  # not "gid": "d" on its own
    assert combo.code() == "land"


def test_the_open_list_moves_to_the_entry_typed(qtbot) -> None:
    combo = fields(qtbot, blank=None)
    view = combo.view()  # what has the keyboard while the list is open
    typed(view, "gia")
    assert view.currentIndex().row() == catalog.FIELDS.codes().index("education")
    assert combo.code() == "land"  # chosen only once the clerk presses Enter


def test_other_catalog_boxes_have_the_same_type_ahead(qtbot) -> None:
    plain = type_ahead_on(QComboBox())
    qtbot.addWidget(plain)
    for entry in catalog.OUTCOMES:
        plain.addItem(entry.label, entry.code)
    typed(plain, "cc")  # "Chuyển cấp trên": by its initials
    assert plain.currentData() == "forwarded"

    table = ValueMappingTable()
    qtbot.addWidget(table)
    table.set_values({"field": [("gd", "GD", 3)]}, {})
    [(_target, _key, combo)] = table._rows
    typed(combo, "gia")
    assert combo.currentData() == "education"
