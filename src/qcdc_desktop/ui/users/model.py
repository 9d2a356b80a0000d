"""The office's accounts as a table: one row per account, disabled ones greyed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from ... import l10n
from ...core.roles import role_label
from ...core.users import User
from ...l10n import N_, _

COLUMNS: tuple[str, ...] = (N_("Login name"), N_("Full name"), N_("Job title"), N_("Account role"), N_("Status"),
                            N_("Last sign-in"), N_("Must change password"))
LOGIN, FULL_NAME, TITLE, ROLE, STATUS, LAST_SIGN_IN, MUST_CHANGE = range(len(COLUMNS))

_Index = QModelIndex | QPersistentModelIndex


def describe(user: User) -> str:
    """The person and their login, as a sentence names them: "Nguyễn Thị Lan (lan.nt)"."""
    return f"{user.full_name} ({user.login})" if user.full_name else user.login


def cell_text(user: User, column: int) -> str:
    if column == LOGIN:
        return user.login
    if column == FULL_NAME:
        return user.full_name
    if column == TITLE:
        return user.title
    if column == ROLE:
        return role_label(user.role)
    if column == STATUS:
        return _("Enabled") if user.active else _("Disabled")
    if column == LAST_SIGN_IN:
        return l10n.format_moment(user.last_sign_in_at) if user.last_sign_in_at else _("never")
    if column == MUST_CHANGE:
        return _("Yes") if user.must_change_password else ""
    raise IndexError(column)


class UsersModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.users: list[User] = []

    def set_users(self, users: list[User]) -> None:
        self.beginResetModel()
        self.users = list(users)
        self.endResetModel()

    def user_at(self, row: int) -> User | None:
        return self.users[row] if 0 <= row < len(self.users) else None

    def row_of(self, user_id: str) -> int:
        return next((row for row, user in enumerate(self.users) if user.id == user_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self.users)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        user = self.user_at(index.row()) if index.isValid() else None
        if user is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(user, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return QGuiApplication.palette().placeholderText()
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == LAST_SIGN_IN and user.failed_attempts:
            return _("Wrong passwords in a row: %(n)d") % {"n": user.failed_attempts}
        return None
