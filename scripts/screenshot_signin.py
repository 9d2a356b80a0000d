"""Screenshots of signing in, for a visual check of their layout: the sign-in dialog with a wrong
password said, the lock screen in front of a window, and the accounts page with one account of
each role.  Into docs/screenshots/sign-in.png, lock.png and users.png.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_signin.py
    xvfb-run -s "-screen 0 1366x768x24" python scripts/screenshot_signin.py   # with the system's fonts

Each widget is drawn with ``grab()``; the callables are fakes, nothing is read or written but the
PNG files.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from qcdc_desktop import l10n
from qcdc_desktop.core.errors import WrongSecret
from qcdc_desktop.core.roles import Role
from qcdc_desktop.core.users import User
from qcdc_desktop.ui.signin.dialog import SignInDialog
from qcdc_desktop.ui.signin.lock import Locker
from qcdc_desktop.ui.users.page import UsersPage

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
NOW = dt.datetime(2026, 3, 12, 8, 30).astimezone()


def _settle(app: QCoreApplication, seconds: float = 0.3) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _account(uid: str, login: str, name: str, title: str, role: Role, *, must_change_password: bool = False,
             last_sign_in_at: dt.datetime | None = None) -> User:
    return User(id=uid, login=login, full_name=name, title=title, role=role, active=True,
                must_change_password=must_change_password, created_at=NOW - dt.timedelta(days=90),
                last_sign_in_at=last_sign_in_at)


class _Accounts:
    def list_users(self) -> list[User]:
        return [
            _account("1", "quan.tv", "Trần Văn Quản", "Công chức Văn phòng – Thống kê", Role.ADMIN,
                     last_sign_in_at=NOW),
            _account("2", "binh.nv", "Nguyễn Văn Bình", "Chủ tịch UBND xã", Role.LEADER,
                     last_sign_in_at=NOW - dt.timedelta(days=2, hours=3)),
            _account("3", "lan.nt", "Nguyễn Thị Lan", "Văn thư", Role.CLERK, must_change_password=True),
            User(id="4", login="kiemtra.huyen", full_name="Lê Minh Tâm", title="Đoàn kiểm tra", role=Role.VIEWER,
                 active=False, must_change_password=False, created_at=NOW - dt.timedelta(days=30),
                 last_sign_in_at=NOW - dt.timedelta(days=20)),
        ]

    def add_user(self, login: str, full_name: str, title: str, role: Role, password: str) -> None: ...
    def reset_password(self, user_id: str, password: str) -> None: ...
    def set_role(self, user_id: str, role: Role) -> None: ...
    def disable(self, user_id: str) -> None: ...
    def enable(self, user_id: str) -> None: ...


def _wrong(login: str, password: str) -> User:
    raise WrongSecret("Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại.")


def main() -> int:
    l10n.set_language("vi")
    app = QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)

    dialog = SignInDialog(_wrong, unit_name="UBND xã An Bình, tỉnh Lâm Đồng", file_name="qcdc-an-binh.db",
                          login="lan.nt")
    dialog.show()
    dialog.password.setText("matkhau")
    dialog.sign_in.click()
    _settle(app, 0.6)
    dialog.forgot.click()
    _settle(app)
    dialog.adjustSize()
    _settle(app)
    dialog.grab().save(str(OUT / "sign-in.png"))

    window = QMainWindow()
    window.setWindowTitle("QCDC Desktop")
    content = QWidget()
    layout = QVBoxLayout(content)
    layout.addWidget(QLabel("Nhập hội nghị"))
    layout.addWidget(QLineEdit("Ý kiến của cử tri thôn 3 về đường giao thông"))
    layout.addStretch(1)
    window.setCentralWidget(content)
    window.menuBar().addMenu("&Tệp")
    window.resize(1000, 620)
    locker = Locker(window, lambda password: None, who="Nguyễn Thị Lan (lan.nt)")
    window.show()
    locker.lock()
    locker.screen.password.setText("sai")
    locker.screen.error.setText("Mật khẩu không đúng.")
    locker.screen.error.show()
    _settle(app)
    window.grab().save(str(OUT / "lock.png"))

    page = UsersPage(_Accounts(), unit_name="Xã An Bình")
    page.resize(1100, 420)
    page.show()
    _settle(app, 0.6)
    page.table.selectRow(2)
    page.status.setText("Đã đặt lại mật khẩu của Nguyễn Thị Lan (lan.nt); người đó sẽ chọn mật khẩu mới khi đăng "
                        "nhập lần sau.")
    _settle(app)
    page.grab().save(str(OUT / "users.png"))
    for name in ("sign-in.png", "lock.png", "users.png"):
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
