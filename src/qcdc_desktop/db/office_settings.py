"""The office's settings by key, for ``qcdc settings``: the defaults of the printed documents
(``core.office_settings``), the reporting cut-off day, the retention period and whether bundles
carry phone numbers; the unit, fixed when the data file is made, is read only.

Every change goes through the function the screens use, so it is checked the same way, asks for
the administrator's role (``office_settings``) and leaves one entry in the office's history for
each setting changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.changes import Changes
from ..core.errors import QcdcError
from ..core.model import Official, Unit
from ..core.notice import NoticeSettings
from ..core.office_settings import DOCUMENT_KEYS, about, document_key, put_value
from ..core.settings import CUTOFF_DAY, PROVINCE_NAME, RETENTION_YEARS, ROLE, SEND_PHONES, UNIT_CODE, UNIT_NAME
from ..l10n import N_, _
from .connection import Store
from .officials import list_officials
from .register import notice_settings, save_notice_settings
from .retention import save_retention_years
from .settings import read_setting
from .statistics import save_cutoff_day
from .sync_phones import set_sends_phones
from .units import get_unit


class SettingRefused(QcdcError):
    """An unknown key, a key that cannot be set, or a value it cannot take."""


@dataclass(frozen=True)
class _Other:
    about: str  # msgid
    read: Callable[[Store], str]
    write: Callable[[Store, str], Changes] | None = None


def _number(value: str, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise SettingRefused(_("%(what)s is a whole number, not «%(value)s».") % {"what": what, "value": value[:40]}) \
            from None


_TRUE, _FALSE = ("true", "on", "yes", "1"), ("false", "off", "no", "0")


def _switch(value: str) -> bool:
    word = value.strip().casefold()
    if word not in _TRUE + _FALSE:
        raise SettingRefused(_("The value is «on» or «off», not «%(value)s».") % {"value": value[:40]})
    return word in _TRUE


_OTHERS: dict[str, _Other] = {
    CUTOFF_DAY.key: _Other(N_("the reporting cut-off day, 1 to 28"), lambda s: str(read_setting(s, CUTOFF_DAY)),
                           lambda s, v: save_cutoff_day(s, day=_number(v, CUTOFF_DAY.key))),
    RETENTION_YEARS.key: _Other(N_("years personal data is kept after an opinion is closed"),
                                lambda s: str(read_setting(s, RETENTION_YEARS)),
                                lambda s, v: save_retention_years(s, years=_number(v, RETENTION_YEARS.key))),
    SEND_PHONES.key: _Other(N_("whether bundles carry citizens' phone numbers: on or off"),
                            lambda s: "on" if read_setting(s, SEND_PHONES) else "off",
                            lambda s, v: set_sends_phones(s, on=_switch(v))),
    UNIT_CODE.key: _Other(N_("the unit's code (fixed when the data file is made)"), lambda s: read_setting(s, UNIT_CODE)),
    UNIT_NAME.key: _Other(N_("the unit's name (fixed when the data file is made)"), lambda s: read_setting(s, UNIT_NAME)),
    PROVINCE_NAME.key: _Other(N_("the province's name (fixed when the data file is made)"),
                              lambda s: read_setting(s, PROVINCE_NAME)),
    ROLE.key: _Other(N_("commune or upper level (fixed when the data file is made)"), lambda s: read_setting(s, ROLE)),
}


def setting_keys() -> list[str]:
    return [*(k.key for k in DOCUMENT_KEYS), *_OTHERS]


def _unknown(key: str) -> SettingRefused:
    return SettingRefused(_("%(key)s is not a setting of the office; the settings are: %(keys)s.")
                          % {"key": key[:60], "keys": ", ".join(setting_keys())})


def list_settings(store: Store) -> list[tuple[str, str, str]]:
    """Every setting: (key, value as text, what it is)."""
    documents = notice_settings(store)
    rows = [(k.key, k.show(documents), about(k)) for k in DOCUMENT_KEYS]
    return rows + [(key, other.read(store), _(other.about)) for key, other in _OTHERS.items()]


def get_setting(store: Store, key: str) -> str:
    found = document_key(key)
    if found is not None:
        return found.show(notice_settings(store))
    if key in _OTHERS:
        return _OTHERS[key].read(store)
    raise _unknown(key)


def set_setting(store: Store, key: str, value: str) -> Changes:
    """Set ``key`` to ``value`` (text; empty for a default of the documents: as derived from the
    unit), checked as the screens check it; :class:`SettingRefused` or the rule's own error."""
    found = document_key(key)
    if found is not None:
        settings = put_value(notice_settings(store), found, value)
        return save_notice_settings(store, settings=settings)
    other = _OTHERS.get(key)
    if other is None:
        raise _unknown(key)
    if other.write is None:
        raise SettingRefused(_("%(key)s is fixed when the data file is made; it cannot be changed.") % {"key": key})
    return other.write(store, value)


@dataclass(frozen=True)
class DocumentsData:
    """What the Documents settings place shows: the defaults as saved, the officials who may sign
    or keep the minutes, and the unit (the usual recipients and the place derive from it)."""

    settings: NoticeSettings
    officials: list[Official]
    unit: Unit


def read_documents_settings(store: Store) -> DocumentsData:
    return DocumentsData(notice_settings(store), list_officials(store), get_unit(store))
