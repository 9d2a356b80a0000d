"""The Documents settings place, by the keyboard only: the administrator reaches it with
Ctrl+Shift+T, types the defaults of the office's documents and saves them with Alt+L; the worker
checks them as ``qcdc settings set`` does; a clerk has no such place; nothing is cut off at
1366×768 in either language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget

from conftest import PASSWORD, sign_in_here
from qcdc_desktop import l10n
from qcdc_desktop.db import accounts
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.officials import add_official
from qcdc_desktop.db.register import notice_settings, save_notice_settings
from qcdc_desktop.ui.settings.documents_place import DocumentsPlace
from window_at_hand import close_window, open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def office(commune_db: Path) -> Path:
    with open_store(commune_db) as store:
        add_official(store, name="Lương Ngọc Lan", title="Phó Chủ tịch UBND phường")
        add_official(store, name="Vàng Đức Quân", title="Phó Bí thư Đảng ủy phường", track="party")
        accounts.add_account(store, login="vanthu", full_name="Văn Thư", title="", role="clerk", password=PASSWORD)
    return commune_db


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def keys(qtbot, text: str) -> None:
    """Type as a Vietnamese input method delivers text: one key event per character carrying the
    composed letter (QTest.keyClicks knows ASCII only)."""
    for ch in text:
        code = ord(ch.upper()) if ch.isascii() and ch.isalnum() else (Qt.Key.Key_Space if ch == " " else 0)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(QApplication.focusWidget(), QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))
    qtbot.wait(1)


def alt(qtbot, window, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.AltModifier)


def saved(path: Path):
    with open_store(path, readonly=True) as store:
        return notice_settings(store)


def test_the_administrator_sets_the_documents_defaults_by_keyboard(qtbot, office: Path, settings) -> None:
    window = open_window(qtbot, office, settings)
    try:
        qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert window.current_page() == "documents_settings"
        place = window.pages["documents_settings"]
        assert isinstance(place, DocumentsPlace)
        qtbot.waitUntil(lambda: place.save_button.isEnabled(), timeout=10_000)
        alt(qtbot, window, Qt.Key.Key_D)  # Địa &danh ở dòng ngày tháng
        assert QApplication.focusWidget() is place.place
        keys(qtbot, "Ba Đình, Hà Nội")
        alt(qtbot, window, Qt.Key.Key_E)  # Đánh số th&eo
        assert QApplication.focusWidget() is place.numbering
        qtbot.keyClick(place.numbering, Qt.Key.Key_Down)
        alt(qtbot, window, Qt.Key.Key_H)  # &Hình thức ký (People's Committee)
        state = place.forms["state"]
        assert QApplication.focusWidget() is state.authority
        while state.authority.currentData() != "kt":
            qtbot.keyClick(state.authority, Qt.Key.Key_Down)
        alt(qtbot, window, Qt.Key.Key_C)  # Nơi nhận của báo &cáo
        assert QApplication.focusWidget() is state.recipients["BC"]
        keys(qtbot, "- Như trên;")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        keys(qtbot, "Lưu: VT, VP.")
        alt(qtbot, window, Qt.Key.Key_6)  # the Party committee's tab
        party = place.forms["party"]
        qtbot.waitUntil(party.isVisible)
        alt(qtbot, window, Qt.Key.Key_K)  # Người &ký
        assert QApplication.focusWidget() in (party.signer, party.signer.lineEdit())
        keys(qtbot, "Vàng Đức Quân")
        alt(qtbot, window, Qt.Key.Key_L)  # &Lưu cài đặt
        qtbot.waitUntil(lambda: place.status.text().startswith("Đã lưu"), timeout=10_000)
        now = saved(office)
        assert (now.place, now.numbering, now.state_authority) == ("Ba Đình, Hà Nội", "doc_type", "kt")
        assert now.state_recipients_bc == ("Như trên", "Lưu: VT, VP")
        assert now.party_signer == "Vàng Đức Quân"
        with open_store(office, readonly=True) as store:
            changed = {r[0] for r in store.conn.execute("SELECT record FROM history WHERE kind = 'settings'")}
        assert {"notice.place", "notice.numbering", "notice.state_authority", "notice.state_recipients_bc",
                "notice.party_signer"} <= changed and "notice.margins" not in changed
        # A value the rules refuse: said on the page, nothing saved.
        place.place.setFocus()
        place.place.selectAll()
        keys(qtbot, "x" * 201)
        alt(qtbot, window, Qt.Key.Key_L)
        qtbot.waitUntil(lambda: "200" in place.status.text(), timeout=10_000)
        assert saved(office).place == "Ba Đình, Hà Nội"
    finally:
        close_window(qtbot, window)


def test_a_reading_that_comes_back_keeps_what_was_typed_since(qtbot, office: Path, settings) -> None:
    """After a save the place reads the settings again, and a change made in another place does
    too; what the administrator typed meanwhile stays in its field, cursor and all, and the fields
    left alone show the file."""
    window = open_window(qtbot, office, settings)
    try:
        window.show_page("documents_settings")
        place = window.pages["documents_settings"]
        qtbot.waitUntil(lambda: place.save_button.isEnabled(), timeout=10_000)
        party = place.forms["party"]
        place.place.setText("Ba Đình")
        place.save()
        qtbot.waitUntil(lambda: place.status.text().startswith("Đã lưu"), timeout=10_000)
        # Typed after the save, before its reading has come back.
        place.place.setText("Ba Đình, thành phố Hà Nội")
        place.place.setCursorPosition(7)
        # Meanwhile the Party committee's signer is chosen in another place.
        signer = dataclasses.replace(saved(office), party_signer="Vàng Đức Quân")
        place.database.submit(lambda store: save_notice_settings(store, settings=signer))
        qtbot.waitUntil(lambda: party.signer.currentText() == "Vàng Đức Quân", timeout=10_000)
        qtbot.waitUntil(lambda: not place.database.busy(), timeout=10_000)
        assert place.place.text() == "Ba Đình, thành phố Hà Nội" and place.place.cursorPosition() == 7
        # Saved, then read again: the file has both, and the fields show it.
        place.save()
        qtbot.waitUntil(lambda: saved(office).place == "Ba Đình, thành phố Hà Nội", timeout=10_000)
        assert saved(office).party_signer == "Vàng Đức Quân"
        # A field left alone since the last reading shows what the file says after the next one.
        place.database.submit(lambda store: save_notice_settings(
            store, settings=dataclasses.replace(saved(office), place="Hà Nội")))
        qtbot.waitUntil(lambda: place.place.text() == "Hà Nội", timeout=10_000)
    finally:
        close_window(qtbot, window)


def test_a_clerk_has_no_documents_settings(qtbot, office: Path, settings) -> None:
    sign_in_here(office, "vanthu")
    with open_store(office) as store:  # the clerk's first password is changed, as at the first sign-in
        accounts.change_own_password(store, PASSWORD, PASSWORD + "x")
    window = open_window(qtbot, office, settings)
    try:
        assert "documents_settings" not in window.pages
        assert "settings" in window.pages
    finally:
        close_window(qtbot, window)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_nothing_is_cut_off_at_1366_by_768(qtbot, office: Path, settings, language: str) -> None:
    l10n.set_language(language)
    try:
        window = open_window(qtbot, office, settings)
        try:
            window.show_page("documents_settings")
            place = window.pages["documents_settings"]
            qtbot.waitUntil(lambda: place.save_button.isEnabled(), timeout=10_000)
            for tabs in place.findChildren(QTabWidget):
                for index in range(tabs.count()):
                    tabs.setCurrentIndex(index)
                    qtbot.wait(50)
                    cut = [label.text() for label in place.findChildren(QLabel) if label.isVisible()
                           and not label.wordWrap() and label.width() < label.sizeHint().width()]
                    assert cut == [], cut
                    combos = [c for c in tabs.widget(index).findChildren(type(place.numbering)) if c.isVisible()]
                    assert combos and all(c.width() >= 200 for c in combos)
            assert place.width() <= 1366
        finally:
            close_window(qtbot, window)
    finally:
        l10n.set_language("vi")
