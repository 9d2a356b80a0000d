"""Creating the data file of an office: the unit from the official list, and its bookkeeping."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import StoreError, UnitNotFound, system_reason
from ..core.ids import IdMaker
from ..core.model import Official, Unit
from ..core.filekey import new_file_key, normalize_recovery_code
from ..core.officials import clean_official
from ..core.passwords import check_password
from ..core.roles import Role
from ..core.users import clean_account
from ..core.text import has_forbidden_characters, nfc
from ..l10n import _
from . import cipher, keyslots
from .access import remember
from .accounts import add_first_admin
from .connection import Store, create_store
from .officials import insert_officials
from .units import find_unit, set_unit


def resolve_unit(code: str, role: str, name: str | None = None) -> Unit:
    """The unit for ``code`` in ``role``: a commune (5-digit code) or an upper-level office
    (a province's 2-digit code; a district office that still receives reports gives its name)."""
    code = code.strip()
    if name is not None:
        if has_forbidden_characters(name) or not nfc(name):
            raise UnitNotFound(_("The unit name is empty or contains invalid characters."))
        name = nfc(name)
    if role == "commune":
        unit = find_unit(code)
        if unit.level != "commune":
            raise UnitNotFound(_("%(code)s is a province; a commune office needs a 5-digit commune code.")
                               % {"code": code})
        return Unit(code, name or unit.name, role, unit.province_code, unit.province_name)
    try:
        unit = find_unit(code)
    except UnitNotFound:
        if name is None or not code.isdigit() or len(code) not in (3, 4):
            raise UnitNotFound(_("%(code)s is not a province code; an upper-level office that is not a province "
                                 "gives a 3- or 4-digit code and its name with --name.") % {"code": code[:20]}) from None
        return Unit(code, name, role, "", "")
    if unit.level != "province":
        raise UnitNotFound(_("%(code)s is a commune; an upper-level office is a province (2-digit code).")
                           % {"code": code})
    return Unit(code, name or unit.name, role, unit.province_code, unit.province_name)


@dataclass(frozen=True)
class FirstAdmin:
    """The office's first account, an administrator, as typed when the data file is made."""

    login: str
    full_name: str
    password: str
    title: str = ""


def init_store(path: Path, unit: Unit, admin: FirstAdmin, recovery_code: str) -> Store:
    """Create the data file at ``path`` for ``unit``; all or nothing."""
    return init_office(path, unit, [], admin=admin, recovery_code=recovery_code)


def init_office(path: Path, unit: Unit, officials: Sequence[Official], *, admin: FirstAdmin, recovery_code: str,
                make_folder: bool = False) -> Store:
    """Create the data file at ``path`` for ``unit`` with its first ``officials`` and its first
    administrator ``admin``, encrypted with a new file key wrapped for the administrator's password
    and for ``recovery_code`` (made by the caller, who shows it once), in one transaction: either
    the file exists with all of them, with its key-slot file, or there is no file.  The
    administrator is signed in to it.  With ``make_folder`` the missing folders on the way to
    ``path`` are created first (the user data folder does not exist on a fresh machine)."""
    path = Path(path)
    cleaned = [clean_official(o.name, o.title, o.track, active=o.active) for o in officials]
    account = clean_account(login=admin.login, full_name=admin.full_name, title=admin.title, role=Role.ADMIN)
    check_password(admin.password, login=account.login, full_name=account.full_name, unit_name=unit.name)
    normalize_recovery_code(recovery_code)
    if make_folder and not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_("Cannot create the folder %(path)s: %(reason)s")
                             % {"path": path.parent, "reason": system_reason(exc)}) from None
    try:
        store = create_store(path, new_file_key())
    except cipher.Error as exc:  # e.g. a folder where this user may not write
        raise StoreError(_("Cannot create the data file %(path)s: %(reason)s")
                         % {"path": path, "reason": cipher.open_reason(exc)}) from None
    try:
        with store.transaction() as conn:
            set_unit(store, unit)
            conn.execute("INSERT INTO origins (origin, counter) VALUES (?, 0)", (unit.code,))
            if cleaned:
                insert_officials(conn, cleaned, origin=unit.code, make_id=IdMaker(unit.code))
            user = add_first_admin(store, login=account.login, full_name=account.full_name, title=account.title,
                                   password=admin.password, recovery_code=recovery_code)
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm", ".lock", keyslots.SUFFIX):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    store.user = user
    remember(path, store.file_key, user)
    for given, stored in zip(officials, cleaned):
        given.id = stored.id  # as insert_officials does: the caller learns the new ids
    return store
