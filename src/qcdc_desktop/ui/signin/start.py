"""Signing in before the main window opens a data file: the sign-in dialog, or, for a data file
of an earlier version (not encrypted), its conversion with a first administrator.  A file this
program already signed in to (just made by the wizard, or the account switched to) opens as it is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox

from ...core.settings import DATA_UNIT_NAME
from ...core.errors import NotSignedIn, QcdcError
from ...core.users import User
from ...db import access, accounts, cipher
from ...db.connection import open_store
from ...l10n import _
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


def refused_before_sign_in(path: Path) -> Exception | None:
    """Why the file at ``path`` cannot be opened whoever signs in (not a data file, a folder...),
    or None.  Reads the file's header only, as the window's opening would first."""
    try:
        with open_store(path, readonly=True, check=False, upgrade=False):
            return None
    except NotSignedIn:
        return None
    except Exception as exc:  # noqa: BLE001 - said by the window's opening, as for any refused file
        return exc


def sign_in_at_start(path: Path, settings: QSettings) -> int | None:
    """None once someone is signed in to the data file at ``path`` (or when the file is refused
    for another reason, which the window's opening then says); else the exit code: 0 when the
    person chose Quit, 1 when the file cannot be signed in to (its key file is missing)."""
    if access.signed_in(path) is not None:
        return None
    if cipher.is_plain(path):
        dialog: QDialog = ConvertDialog(path, settings)
    else:
        if refused_before_sign_in(path) is not None:
            return None
        try:
            access.require_keys_file(path)
        except QcdcError as exc:
            # An encrypted data file is whole pages; anything else without its key file is no data file.
            message = (_("%(path)s is not a QCDC data file.") % {"path": path} if path.stat().st_size % 512
                       else exc.message)
            QMessageBox.warning(None, "QCDC Desktop", message)
            return 1
        dialog = sign_in_dialog(path, settings)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return None if accepted and access.signed_in(path) is not None else 0
