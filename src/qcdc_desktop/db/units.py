"""The official list of administrative units (34 provinces, 3,321 communes since 1 July 2025),
shipped in the package with its licence, and this office's own unit in the data file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..core.errors import UnitNotFound
from ..core.model import Unit
from ..core.settings import PROVINCE_CODE, PROVINCE_NAME, ROLE, UNIT_CODE, UNIT_NAME
from ..core.text import fold, nfc
from ..l10n import _
from .connection import Store
from .settings import write_setting

UNITS_FILE = "vn_units_2026-07-25.json"


@dataclass(frozen=True)
class AdminUnit:
    code: str
    name: str  # "Xã An Bình", "Phường 3", "Tỉnh Lào Cai"
    level: str  # "province" or "commune"
    province_code: str
    province_name: str

    @property
    def search_key(self) -> str:
        return fold(f"{self.name} {self.province_name} {self.code}")


@lru_cache(maxsize=1)
def admin_units() -> dict[str, AdminUnit]:
    """Every unit of the official list by code, provinces first, in the list's order."""
    raw = resources.files("qcdc_desktop").joinpath("data", "admin-units", UNITS_FILE).read_text("utf-8")
    units: dict[str, AdminUnit] = {}
    for province in json.loads(raw):
        p_code, p_name = province["Code"], nfc(province["FullName"])
        units[p_code] = AdminUnit(p_code, p_name, "province", p_code, p_name)
        for ward in province["Wards"]:
            name = nfc(ward["FullName"])
            name = name[0].upper() + name[1:]  # one entry in the list starts in lower case
            units[ward["Code"]] = AdminUnit(ward["Code"], name, "commune", p_code, p_name)
    return units


def office_name(code: str) -> str:
    """An office by its name in the official list ("Xã An Bình"), else its code."""
    unit = admin_units().get(code)
    return unit.name if unit else code


def office_label(code: str) -> str:
    """An office by its name with its code beside it ("Xã An Bình (05425)"): how the lists and the
    messages of the upper level name a commune (two communes of a country may share a name)."""
    unit = admin_units().get(code)
    return f"{unit.name} ({code})" if unit else code


def find_unit(code: str) -> AdminUnit:
    unit = admin_units().get(code.strip())
    if unit is None:
        raise UnitNotFound(_("There is no unit with code %(code)s in the official list "
                             "(communes have 5 digits, provinces 2).") % {"code": code[:20]})
    return unit


def search_units(query: str, *, level: str | None = None, limit: int = 50) -> list[AdminUnit]:
    """Units where every word of ``query`` begins a word of the unit's name, province or code,
    diacritics ignored ("an binh" finds "Xã An Bình" and "Xã Bình An")."""
    words = fold(query).split()
    found = []
    for unit in admin_units().values():
        if level and unit.level != level:
            continue
        key = unit.search_key.split()
        if all(any(k.startswith(w) for k in key) for w in words):
            found.append(unit)
            if len(found) >= limit:
                break
    return found


def set_unit(store: Store, unit: Unit) -> None:
    """Record which office this data file belongs to (inside the caller's transaction)."""
    for setting, value in ((UNIT_CODE, unit.code), (UNIT_NAME, unit.name), (ROLE, unit.role),
                           (PROVINCE_CODE, unit.province_code), (PROVINCE_NAME, unit.province_name)):
        write_setting(store.conn, setting, value)


def get_unit(store: Store) -> Unit:
    values = dict(store.conn.execute("SELECT key, value FROM settings"))
    return Unit(
        code=store.origin, name=values.get("unit_name", ""), role=values.get("role", "commune"),
        province_code=values.get("province_code", ""), province_name=values.get("province_name", ""),
    )
