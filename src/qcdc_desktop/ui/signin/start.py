"""Signing in before the main window opens a data file: the sign-in dialog, or, for a data file
of an earlier version (not encrypted), its conversion with a first administrator.  A file this
program already signed in to (just made by the wizard, or the account switched to) opens as it is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from ...core.settings import DATA_UNIT_NAME
from ...core.users import User
from ...db import access, accounts, cipher
from ...db.connection import open_store
from ..widgets.settings import read
from .convert_dialog import ConvertDialog
from .dialog import SignInDialog


def change_password_of(path: Path, user: User, old: str, new: str) -> None:
    """The change forced after an administrator's reset, for ``user`` just signed in to ``path``
    (off the UI thread: the sign-in dialog runs it as a job)."""
    with open_store(path) as store:
        accounts.change_own_password(store, old, new)


def sign_in_dialog(path: Path, settings: QSettings) -> SignInDialog:
    path = Path(path)
    return SignInDialog(lambda login, password: accounts.sign_in(path, login, password),
                        unit_name=read(settings, DATA_UNIT_NAME) or "QCDC Desktop", file_name=path.name,
                        change_password=lambda user, old, new: change_password_of(path, user, old, new))


def sign_in_at_start(path: Path, settings: QSettings) -> bool:
    """Whether someone is signed in to the data file at ``path`` (False: they chose Quit)."""
    if access.signed_in(path) is not None:
        return True
    dialog: QDialog = ConvertDialog(path, settings) if cipher.is_plain(path) else sign_in_dialog(path, settings)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted and access.signed_in(path) is not None
