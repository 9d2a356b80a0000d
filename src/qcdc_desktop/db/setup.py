"""Creating the data file of an office: the unit from the official list, and its bookkeeping."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import UnitNotFound
from ..core.model import Unit
from ..core.text import has_forbidden_characters, nfc
from ..l10n import _
from .connection import Store, create_store
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


def init_store(path: Path, unit: Unit) -> Store:
    """Create the data file at ``path`` for ``unit``; all or nothing."""
    store = create_store(path)
    try:
        with store.transaction() as conn:
            set_unit(store, unit)
            conn.execute("INSERT INTO origins (origin, counter) VALUES (?, 0)", (unit.code,))
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return store
