"""The administrator's page of user accounts, driven from the keyboard with a fake accounts API."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from qcdc_desktop.core.errors import QcdcError
from qcdc_desktop.core.roles import Role
from qcdc_desktop.core.users import LastAdministrator, User
from qcdc_desktop.ui.users.account_dialog import AccountDialog, ResetPasswordDialog, RoleDialog
from qcdc_desktop.ui.users.model import LAST_SIGN_IN, MUST_CHANGE, ROLE, STATUS
from qcdc_desktop.ui.users.page import UsersPage

PASSWORD = "Trang tron 4 mua thu"  # typed with QTest: ASCII only


def _user(uid: str, login: str, name: str, role: Role, *, must_change_password: bool = False, **more) -> User:
    return User(id=uid, login=login, full_name=name, title="", role=role, active=True,
                must_change_password=must_change_password, created_at=dt.datetime(2026, 1, 5, 8, 0), **more)


class FakeApi:
    def __init__(self) -> None:
        self.users = [
            _user("1", "admin", "Trần Văn Quản", Role.ADMIN,
                  last_sign_in_at=dt.datetime(2026, 3, 2, 7, 45, tzinfo=dt.timezone.utc)),
            _user("2", "lan.nt", "Nguyễn Thị Lan", Role.CLERK),
        ]
        self.calls: list[tuple] = []
        self.threads: set[int] = set()
        self.refuse: QcdcError | None = None

    def _call(self, *call: object) -> None:
        self.threads.add(threading.get_ident())
        self.calls.append(call)
        if self.refuse is not None:
            raise self.refuse

    def _find(self, user_id: str) -> User:
        return next(u for u in self.users if u.id == user_id)

    def list_users(self) -> list[User]:
        self.threads.add(threading.get_ident())
        return [User(**{f: getattr(u, f) for f in User.__slots__}) for u in self.users]

    def add_user(self, login: str, full_name: str, title: str, role: Role, password: str) -> None:
        self._call("add", login, full_name, title, role, password)
        self.users.append(_user(str(len(self.users) + 1), login, full_name, role, must_change_password=True))

    def reset_password(self, user_id: str, password: str) -> None:
        self._call("reset", user_id, password)
        self._find(user_id).must_change_password = True
        self._find(user_id).active = True

    def set_role(self, user_id: str, role: Role) -> None:
        self._call("role", user_id, role)
        self._find(user_id).role = role

    def disable(self, user_id: str) -> None:
        self._call("disable", user_id)
        self._find(user_id).active = False


def _page(qtbot, api: FakeApi) -> UsersPage:
    page = UsersPage(api, unit_name="Xã An Bình")
    qtbot.addWidget(page)
    page.resize(900, 400)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    qtbot.waitUntil(lambda: page.model.rowCount() == len(api.users), timeout=5000)
    page.table.setFocus()
    return page


def _opened(qtbot, page: UsersPage):
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def _cell(page: UsersPage, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def _go_to(qtbot, page: UsersPage, row: int) -> None:
    page.table.setFocus()
    while page.table.currentIndex().row() < row:
        qtbot.keyClick(page.table, Qt.Key.Key_Down)


def test_the_accounts_are_listed_in_the_users_language(qtbot) -> None:
    api = FakeApi()
    page = _page(qtbot, api)
    assert threading.get_ident() not in api.threads
    assert [_cell(page, r, 0) for r in range(2)] == ["admin", "lan.nt"]
    assert _cell(page, 0, ROLE) == "quản trị" and _cell(page, 1, ROLE) == "công chức, văn thư"
    assert _cell(page, 0, STATUS) == "Đang hoạt động"
    assert _cell(page, 0, LAST_SIGN_IN).endswith("02/03/2026") and _cell(page, 1, LAST_SIGN_IN) == "chưa lần nào"
    assert _cell(page, 1, MUST_CHANGE) == ""
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[:5] == ["Tên đăng nhập", "Họ và tên", "Chức vụ", "Vai trò", "Trạng thái"]


def test_an_account_is_added_from_the_keyboard(qtbot) -> None:
    api = FakeApi()
    page = _page(qtbot, api)
    page.add_action.trigger()
    dialog = _opened(qtbot, page)
    assert isinstance(dialog, AccountDialog) and dialog.login.hasFocus()
    qtbot.keyClicks(dialog.login, "Hoa.PT")
    assert dialog.errors["login"].isVisible()  # capitals: the rule and a suggestion are said
    dialog.login.clear()
    qtbot.keyClicks(dialog.login, "hoa.pt")
    assert not dialog.errors["login"].isVisible()
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    dialog.full_name.setText("Phạm Thị Hoa")  # Vietnamese letters cannot be typed with QTest
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.title, "Van thu")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)
    assert dialog.role.hasFocus()
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)  # công chức → xem
    qtbot.keyClick(dialog.role, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.passwords.new, "hoa.pt 2026 abc!")
    assert "tên đăng nhập" in dialog.passwords.hint.text() and not dialog.ok.isEnabled()
    dialog.passwords.new.clear()
    qtbot.keyClicks(dialog.passwords.new, PASSWORD)
    qtbot.keyClick(dialog.passwords.new, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.passwords.repeat, PASSWORD)
    assert dialog.ok.isEnabled()
    qtbot.keyClick(dialog.passwords.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    assert api.calls == [("add", "hoa.pt", "Phạm Thị Hoa", "Van thu", Role.VIEWER, PASSWORD)]
    assert page.dialog is None and "hoa.pt" in page.status.text()
    assert _cell(page, 2, ROLE) == "xem" and _cell(page, 2, MUST_CHANGE) == "Có"


def test_a_refusal_is_said_in_the_dialog_which_keeps_what_was_typed(qtbot) -> None:
    api = FakeApi()
    api.refuse = QcdcError("Đã có tài khoản với tên đăng nhập này.")
    page = _page(qtbot, api)
    page.add_action.trigger()
    dialog = page.dialog
    qtbot.keyClicks(dialog.login, "lan.nt")
    dialog.full_name.setText("Nguyễn Thị Lan")
    for field in (dialog.passwords.new, dialog.passwords.repeat):
        qtbot.keyClicks(field, PASSWORD)
    qtbot.keyClick(dialog.passwords.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    assert dialog.error.text() == "Đã có tài khoản với tên đăng nhập này."
    assert dialog.isVisible() and dialog.login.text() == "lan.nt" and page.model.rowCount() == 2
    qtbot.keyClick(dialog.login, Qt.Key.Key_Escape)
    assert page.dialog is None


def test_enter_on_an_account_resets_its_password(qtbot) -> None:
    api = FakeApi()
    page = _page(qtbot, api)
    _go_to(qtbot, page, 1)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = _opened(qtbot, page)
    assert isinstance(dialog, ResetPasswordDialog) and dialog.passwords.new.hasFocus()
    qtbot.keyClicks(dialog.passwords.new, "lan 12345 nguyen")
    assert "tên" in dialog.passwords.hint.text()  # made from her name
    dialog.passwords.new.clear()
    qtbot.keyClicks(dialog.passwords.new, PASSWORD)
    qtbot.keyClicks(dialog.passwords.repeat, PASSWORD)
    qtbot.keyClick(dialog.passwords.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(page, 1, MUST_CHANGE) == "Có", timeout=5000)
    assert api.calls == [("reset", "2", PASSWORD)]
    assert "Nguyễn Thị Lan (lan.nt)" in page.status.text()


def test_the_role_is_changed(qtbot) -> None:
    api = FakeApi()
    page = _page(qtbot, api)
    _go_to(qtbot, page, 1)
    page.role_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, RoleDialog) and not dialog.ok.isEnabled()  # the same role is no change
    qtbot.keyClick(dialog.role, Qt.Key.Key_Up)  # công chức → lãnh đạo
    assert dialog.ok.isEnabled()
    qtbot.keyClick(dialog.role, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(page, 1, ROLE) == "lãnh đạo", timeout=5000)
    assert api.calls == [("role", "2", Role.LEADER)] and "«lãnh đạo»" in page.status.text()


def test_an_account_is_disabled_after_a_question_naming_the_person(qtbot, monkeypatch) -> None:
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    api = FakeApi()
    page = _page(qtbot, api)
    _go_to(qtbot, page, 1)
    assert page.buttons[page.toggle_action].text() == "Vô &hiệu hóa…"
    qtbot.keyClick(page, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: _cell(page, 1, STATUS) == "Đã vô hiệu hóa", timeout=5000)
    assert "Nguyễn Thị Lan (lan.nt)" in asked[0] and api.calls == [("disable", "2")]
    assert page.buttons[page.toggle_action].text() == "Kích &hoạt lại…"  # the same account is still selected
    page.toggle_action.trigger()  # enabling again asks for a new password: disabling took the key away
    dialog = page.dialog
    assert isinstance(dialog, ResetPasswordDialog) and dialog.windowTitle() == "Kích hoạt lại tài khoản"
    qtbot.keyClicks(dialog.passwords.new, "Mua-xuan-2027!")
    qtbot.keyClicks(dialog.passwords.repeat, "Mua-xuan-2027!")
    qtbot.keyClick(dialog.passwords.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(page, 1, STATUS) == "Đang hoạt động", timeout=5000)
    assert api.calls[-1] == ("reset", "2", "Mua-xuan-2027!") and "kích hoạt lại" in page.status.text()


def test_a_refused_change_is_said_in_a_sentence(qtbot, monkeypatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warned.append(text)))
    api = FakeApi()
    api.refuse = LastAdministrator("Văn phòng phải còn ít nhất một người quản trị đang hoạt động.")
    page = _page(qtbot, api)
    page.toggle_action.trigger()  # the first account, the only administrator
    qtbot.waitUntil(lambda: bool(warned), timeout=5000)
    assert warned == ["Văn phòng phải còn ít nhất một người quản trị đang hoạt động."]
    assert _cell(page, 0, STATUS) == "Đang hoạt động" and page.toggle_action.isEnabled()


def test_answering_no_changes_nothing(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.No))
    api = FakeApi()
    page = _page(qtbot, api)
    page.toggle_action.trigger()
    qtbot.wait(100)
    assert api.calls == []


def test_a_list_that_cannot_be_read_is_said(qtbot) -> None:
    class Failing(FakeApi):
        def list_users(self) -> list[User]:
            raise QcdcError("Không đọc được tệp dữ liệu.")

    page = UsersPage(Failing())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.status.text() == "Không đọc được tệp dữ liệu.", timeout=5000)
    assert not page.reset_action.isEnabled()
