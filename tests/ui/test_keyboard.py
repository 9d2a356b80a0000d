"""The keyboard model of the window (docs/keyboard.md), as a clerk uses it without a mouse: Tab
leaves every table of every place in one press, F6 goes between the places list and the page, a
table reached from the keyboard has a selected row, Escape from a dialog gives the focus back where
it was, and F1 lists every command of the window that has keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from shiboken6 import isValid
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QLineEdit, QPlainTextEdit, QWidget

from conftest import run_qcdc
from window_at_hand import close_window, open_window
from qcdc_desktop.ui.documents.document_dialog import DocumentDialog
from qcdc_desktop.ui.followup.task_dialog import TaskDialog
from qcdc_desktop.ui.history.panel import HistoryDialog
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.shortcuts_dialog import ShortcutsDialog, action_text, key_text
from qcdc_desktop.ui.widgets.reason import ReasonDialog

SHIFT, CTRL = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("keyboard") / "xa.db"
    for args in (("init", "--db", str(path), "--unit-code", "00004"),
                 ("demo", "--db", str(path), "--meetings", "8", "--seed", "3", "--until", "2026-06-30")):  # open tasks, overdue on any later day
        result = run_qcdc(*args)
        assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def window(qtbot, demo_file: Path, tmp_path: Path):
    from conftest import sign_in_here

    sign_in_here(demo_file)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    shown = open_window(qtbot, demo_file, settings, (1366, 740))
    yield shown
    close_window(qtbot, shown)


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def _inside(widget: QWidget | None, view: QWidget) -> bool:
    return widget is not None and (widget is view or view.isAncestorOf(widget))


def _show_place(qtbot, window: MainWindow, key: str) -> QWidget:
    window.show_page(key)
    page = window.pages[key]
    qtbot.waitUntil(lambda: not window.database.busy(), timeout=10_000)
    model = getattr(page, "model", None)
    if model is not None and hasattr(model, "is_complete"):
        qtbot.waitUntil(model.is_complete, timeout=10_000)
    return page


def _tables(page: QWidget) -> list[QAbstractItemView]:
    return [view for view in page.findChildren(QAbstractItemView)
            if view.isVisible() and view.focusPolicy() & Qt.FocusPolicy.TabFocus]


def test_tab_leaves_every_table_of_every_place_in_one_press(qtbot, window: MainWindow) -> None:
    checked = 0
    for key in list(window.pages):
        page = _show_place(qtbot, window, key)
        for view in _tables(page):
            for shift in (False, True):
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                assert _focused() is view, (key, view)
                key = Qt.Key.Key_Backtab if shift else Qt.Key.Key_Tab
                qtbot.keyClick(view, key, SHIFT if shift else Qt.KeyboardModifier.NoModifier)
                assert not _inside(_focused(), view), (key, view.objectName(), shift)
            assert not view.tabKeyNavigation()
            checked += 1
    # the places list, the lists of meetings, opinions, tasks, follow-up, notices, history, accounts…
    assert checked >= 12


def test_in_the_entry_form_tab_goes_from_the_opinions_to_the_form_and_enter_still_adds(qtbot,
                                                                                       window: MainWindow) -> None:
    window.new_meeting()
    editor = window.editor
    editor.go_to_tab(1)
    opinions = editor.opinions
    speaker, content = opinions.inputs["speaker"], opinions.inputs["content"]
    assert isinstance(speaker, QLineEdit) and isinstance(content, QPlainTextEdit)
    speaker.setText("Trần Văn Một")
    content.setPlainText("Đề nghị sửa đường liên thôn.")
    content.setFocus()
    qtbot.keyClick(content, Qt.Key.Key_Return)
    assert len(opinions.records) == 1 and _focused() is opinions.first_input()  # Enter adds, the next begins
    opinions.table.setFocus(Qt.FocusReason.BacktabFocusReason)
    assert [i.row() for i in opinions.table.selectionModel().selectedRows()] == [0]
    qtbot.keyClick(opinions.table, Qt.Key.Key_Tab)
    assert _focused() is opinions.first_input()  # the form, as it reads, right after its table


def test_f6_goes_between_the_places_list_and_the_page(qtbot, window: MainWindow) -> None:
    page = _show_place(qtbot, window, "opinions")
    assert page.model.rowCount() > 0
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F6)
    assert _focused() is page.table  # the page's list, with its row selected
    assert len(page.table.selectionModel().selectedRows()) == 1
    qtbot.keyClick(page.table, Qt.Key.Key_F6)
    assert _focused() is window.nav
    qtbot.keyClick(window.nav, Qt.Key.Key_F6, SHIFT)
    assert _focused() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Tab, CTRL)
    assert _focused() is window.nav
    qtbot.keyClick(window.nav, Qt.Key.Key_Tab, CTRL | SHIFT)
    assert _focused() is page.table
    # A page without a list: its first field; the entry form: where typing continues.
    window.nav.setFocus()
    _show_place(qtbot, window, "settings")
    qtbot.keyClick(window.nav, Qt.Key.Key_F6)
    assert _inside(_focused(), window.pages["settings"]) and _focused() is not None
    window.new_meeting()
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F6)
    assert _focused() is window.editor.inputs["kind"]
    # Enter on a place goes into it.
    window.nav.setFocus()
    window.nav.setCurrentRow([window.nav.item(r).data(Qt.ItemDataRole.UserRole)
                              for r in range(window.nav.count())].index("meetings"))
    _show_place(qtbot, window, "meetings")
    qtbot.keyClick(window.nav, Qt.Key.Key_Return)
    assert _focused() is window.pages["meetings"].table


def test_a_table_reached_with_tab_has_a_selected_row_for_the_commands(qtbot, window: MainWindow) -> None:
    page = _show_place(qtbot, window, "meetings")
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert _focused() is page.table
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [0]
    # Down moves the selection with the frame; Tab away and back keeps the row chosen.
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab, SHIFT)
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [1]
    assert page.history_target() is not None  # Ctrl+H has a record to show


def _escape_when_shown(qtbot, kind: type[QDialog], ready: Callable[[QDialog], bool] = lambda d: True) -> list[QDialog]:
    """Press Escape in the first dialog of ``kind`` that shows (once ``ready``), as the person would."""
    seen: list[QDialog] = []

    def poll() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)
        if dialog is None or not ready(dialog):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        qtbot.keyClick(_focused() if _inside(_focused(), dialog) else dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, poll)
    return seen


def _after_escape(qtbot, window: MainWindow, kind: type[QDialog], before: QWidget, open_it: Callable[[], object],
                  ready: Callable[[QDialog], bool] = lambda d: True) -> None:
    before.setFocus(Qt.FocusReason.OtherFocusReason)
    assert _focused() is before
    seen = _escape_when_shown(qtbot, kind, ready)
    open_it()
    qtbot.waitUntil(lambda: bool(seen) and not (isValid(seen[0]) and seen[0].isVisible()), timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: _focused() is before, timeout=5_000)


def test_escape_from_a_dialog_gives_the_focus_back_where_it_was(qtbot, window: MainWindow) -> None:
    meetings = _show_place(qtbot, window, "meetings")
    meetings.table.setFocus(Qt.FocusReason.TabFocusReason)
    assert meetings.table.selectionModel().selectedRows()
    _after_escape(qtbot, window, DocumentDialog, meetings.table,
                  lambda: qtbot.keyClick(meetings.table, Qt.Key.Key_P, CTRL))
    _after_escape(qtbot, window, HistoryDialog, meetings.table,
                  lambda: qtbot.keyClick(meetings.table, Qt.Key.Key_H, CTRL))
    _after_escape(qtbot, window, ReasonDialog, meetings.table,
                  lambda: window.delete_meetings(meetings.selected_meeting_ids()))
    followup = _show_place(qtbot, window, "followup")
    tasks = followup.tasks.table
    qtbot.waitUntil(lambda: followup.tasks.model.rowCount() > 0, timeout=10_000)
    tasks.setFocus(Qt.FocusReason.TabFocusReason)
    _after_escape(qtbot, window, TaskDialog, tasks, lambda: qtbot.keyClick(tasks, Qt.Key.Key_Return),
                  ready=lambda d: getattr(d, "loaded", None) is not None)


def test_f1_lists_every_command_of_the_window_that_has_keys(qtbot, window: MainWindow) -> None:
    commands = {(key_text(a.shortcuts()), action_text(a)) for a in [*window.actions(), *window.findChildren(QAction)]
                if key_text(a.shortcuts()) and action_text(a) and a.isVisible()}
    assert len(commands) >= 20  # Ctrl+N, Ctrl+Q, Ctrl+Z, Ctrl+Y, Ctrl+P, Ctrl+H, Ctrl+L, Ctrl+1…9, F6, F1…
    listed: list[tuple[str, str, str]] = []

    def look(dialog: QDialog) -> bool:
        assert isinstance(dialog, ShortcutsDialog)
        listed.extend(dialog.rows())
        return True

    seen = _escape_when_shown(qtbot, ShortcutsDialog, look)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible(), timeout=5_000)
    assert seen[0].windowTitle() == "Phím tắt"  # in the person's language
    rows = {(keys, what) for keys, what, _where in listed}
    assert commands <= rows, commands - rows
    for keys in ("F6", "Shift+F6", "Ctrl+1", "Ctrl+P", "Ctrl+H", "Ctrl+L", "F1"):
        assert any(keys in row[0].split(" / ") for row in listed), keys
    for fixed in ("Tab / Shift+Tab", "Alt+1 / Alt+2 / Alt+3", "Ctrl+F", "Shift+Enter"):
        assert any(row[0] == fixed for row in listed), fixed
    assert window.shortcuts_action in window.help_menu.actions()


def test_tab_leaves_a_date_field_in_one_press(qtbot) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit, QVBoxLayout

    from qcdc_desktop.ui.widgets.keyboard import install

    install()
    form = QWidget()
    qtbot.addWidget(form)
    before, date, after = QLineEdit(form), QDateEdit(QDate(2026, 12, 6), form), QLineEdit(form)
    date.setDisplayFormat("dd/MM/yyyy")
    layout = QVBoxLayout(form)
    for widget in (before, date, after):
        layout.addWidget(widget)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=5_000)
    date.setFocus()
    qtbot.waitUntil(lambda: _focused() is date, timeout=5_000)
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert _focused() is after
    qtbot.keyClick(after, Qt.Key.Key_Backtab, SHIFT)
    assert _focused() is date
    qtbot.keyClick(date, Qt.Key.Key_Backtab, SHIFT)
    assert _focused() is before
    # Inside the field the keys still reach its parts: two digits of the day, then the month.
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert _focused() is date
    qtbot.keyClicks(date, "1503")
    assert date.date() == QDate(2026, 3, 15)
