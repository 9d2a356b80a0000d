"""Every setting of the program, declared once: its key, its type, its default, what it is for,
and where it is kept.

Two places keep settings:

- **this computer**, for the person using it (Qt's settings: the registry on Windows, an ini file
  elsewhere): the language, the person's name, the folders last used, the printers, the window,
  how the lists are sorted and filtered.  They stay when the data file moves.
- **the data file** (its ``settings`` table): what belongs to the office and travels with the
  file and its backups: the unit, the reporting cut-off day, the defaults of the printed
  documents, the mappings of Excel registers, the sync keys' store and escrow.

A value read back is never trusted: :meth:`Setting.read` turns whatever was stored (text from an
ini file, a number, nothing, something a person or another version wrote) into the declared type
within its bounds, or the default.  Settings that come in families (one per kind of document,
per list, per register layout) are :class:`SettingFamily`; ``family(name=...)`` is the setting.

Nothing here touches Qt or the file: ``ui.widgets.settings`` reads and writes this computer's,
``db`` the file's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from ..l10n import DEFAULT_LANGUAGE, LANGUAGES
from .followup import NOTICE_DAYS_AFTER

T = TypeVar("T", str, int, bool, object)

Place = Literal["computer", "file"]
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting.  ``kind`` is the type of its value (``object``: kept as Qt gives it, e.g. the
    window's geometry); ``low``/``high`` bound a number, ``choices`` a text."""

    key: str
    kind: type
    default: T
    place: Place
    about: str
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] | None = None

    def read(self, raw: object) -> T:
        """The stored ``raw`` value as the declared type, or the default when it is missing or
        not a value this setting can take."""
        if raw is None:
            return self.default
        if self.kind is object:
            return raw  # type: ignore[return-value]  # kept as stored: the caller knows Qt's type
        if self.kind is bool:
            text = str(raw).strip().lower()
            if isinstance(raw, bool):
                return raw  # type: ignore[return-value]  # T is bool for this setting
            if text in _TRUE or text in _FALSE:
                return (text in _TRUE)  # type: ignore[return-value]  # T is bool for this setting
            return self.default
        if self.kind is int:
            try:
                number = int(str(raw).strip())
            except ValueError:
                return self.default
            if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
                return self.default
            return number  # type: ignore[return-value]  # T is int for this setting
        text = str(raw)
        if self.choices is not None and text not in self.choices:
            return self.default
        return text  # type: ignore[return-value]  # T is str for this setting

    def clamped(self, value: int) -> int:
        """A number brought within the setting's bounds (what a widget allowed beyond them)."""
        if self.kind is not int:
            raise TypeError(f"setting {self.key} is not a number")
        if self.low is not None:
            value = max(value, self.low)
        return value if self.high is None else min(value, self.high)

    def stored(self, value: T) -> object:
        """``value`` as it is written: checked against the declaration first."""
        if self.kind is not object and not isinstance(value, self.kind):
            raise TypeError(f"setting {self.key} takes {self.kind.__name__}, not {type(value).__name__}")
        if self.read(value) != value:
            raise ValueError(f"{value!r} is not a value of the setting {self.key}")
        if self.kind is bool:
            return "true" if value else "false"
        return value


@dataclass(frozen=True)
class SettingFamily(Generic[T]):
    """Settings of one shape, one per name: the ``shape``'s key is a pattern whose ``{fields}``
    the call fills (``COPIES(kind="notice")`` is the setting ``printing/notice/copies``)."""

    shape: Setting[T]

    @property
    def pattern(self) -> str:
        return self.shape.key

    @property
    def place(self) -> Place:
        return self.shape.place

    @property
    def about(self) -> str:
        return self.shape.about

    def __call__(self, **names: str) -> Setting[T]:
        for value in names.values():
            if not value or "/" in value or value != value.strip() or " " in value:
                raise ValueError(f"{value!r} cannot name a {self.pattern} setting")
        return dataclasses.replace(self.shape, key=self.pattern.format(**names))


# ----- this computer ---------------------------------------------------------------------------

DATA_PATH = Setting("data/path", str, "", "computer", "the data file opened at start")
DATA_UNIT_NAME = Setting("data/unit_name", str, "", "computer",
                         "the unit of the data file opened last, named by the sign-in window before the file is open")
WINDOW_GEOMETRY = Setting[object]("ui/geometry", object, None, "computer", "where the window was and its size")
WINDOW_STATE = Setting[object]("ui/window_state", object, None, "computer", "the window's bars and docks")
WINDOW_PLACE = Setting("ui/place", str, "", "computer", "the place the window showed when it was left, shown again")
LANGUAGE = Setting("ui/language", str, DEFAULT_LANGUAGE, "computer", "the language of the interface",
                   choices=LANGUAGES)
LOCK_MINUTES = Setting("ui/lock_minutes", int, 15, "computer",
                       "minutes without a key press or a click after which the window locks (0: never)",
                       low=0, high=240)
DOCUMENTS_FOLDER = Setting("documents/folder", str, "", "computer", "where documents were last saved")
REGISTER_FOLDER = Setting("register/folder", str, "", "computer", "where an Excel register was last opened")
REPORTS_FOLDER = Setting("reports/folder", str, "", "computer", "where a report or a chart was last saved")
SYNC_FOLDER = Setting("sync/folder", str, "", "computer", "the folder or stick bundles were last written to")
DEFAULT_PRINTER = Setting("printing/default_printer", str, "", "computer",
                          "the printer documents go to when their kind has none of its own")
NOTICE_DAYS = Setting("followup/notice_days", int, NOTICE_DAYS_AFTER, "computer",
                      "days after a meeting by which its conclusion notice is due", low=1, high=90)
SILENT_DAYS = Setting("sync/silent_days", int, 30, "computer",
                      "days without a bundle after which the upper level calls a commune silent", low=1, high=365)

# The print dialog's choices, per kind of document ("notice", "report", ...).
PRINTER = SettingFamily(Setting("printing/{kind}/printer", str, "", "computer", "the printer of this kind of document"))
COPIES = SettingFamily(Setting("printing/{kind}/copies", int, 1, "computer", "copies printed", low=1, high=999))
COLLATE = SettingFamily(Setting("printing/{kind}/collate", bool, True, "computer",
                                "copies printed one whole set at a time"))
DUPLEX = SettingFamily(Setting("printing/{kind}/duplex", int, 0, "computer", "two-sided printing (Qt's DuplexMode)",
                               low=0, high=3))
COLOR = SettingFamily(Setting("printing/{kind}/color", int, 1, "computer", "colour or grey (Qt's ColorMode)",
                              low=0, high=1))
TRAY = SettingFamily(Setting("printing/{kind}/tray", int, 6, "computer", "the paper tray (Qt's PaperSource)",
                             low=0, high=14))

# How each list ("meetings", "opinions", "tasks") was left.
LIST_SORT_COLUMN = SettingFamily(Setting("{list}/sort/column", str, "", "computer", "the column the list is sorted by"))
LIST_SORT_DESCENDING = SettingFamily(Setting("{list}/sort/descending", bool, True, "computer",
                                             "newest or largest first"))
LIST_COLUMN_WIDTHS = SettingFamily(Setting("{list}/columns/widths", str, "", "computer",
                                           "the widths of the list's columns, comma-separated"))
LIST_FILTER = SettingFamily(Setting("{list}/filter/{name}", str, "", "computer",
                                    "a filter of the list (period, dates, field, state...) as it was left"))

# ----- the data file ---------------------------------------------------------------------------

UNIT_CODE = Setting("unit_code", str, "", "file", "the code of the office's unit in the official list")
UNIT_NAME = Setting("unit_name", str, "", "file", "the unit's name as printed")
ROLE = Setting("role", str, "commune", "file", "a commune office or an upper-level office",
               choices=("commune", "upper"))
PROVINCE_CODE = Setting("province_code", str, "", "file", "the unit's province")
PROVINCE_NAME = Setting("province_name", str, "", "file", "the province's name as printed")
CUTOFF_DAY = Setting("report.cutoff_day", int, 1, "file",
                     "the reporting cut-off day: 1 for calendar months, 15 for 15/12-14/06 reporting", low=1, high=28)
NOTICE_DEFAULT = SettingFamily(Setting("notice.{name}", str, "", "file",
                                       "a default of the printed documents (place, numbering, margins, parent bodies, "
                                       "recipients, secretary); read whole by db.register.notice_settings"))
REGISTER_MAPPING = SettingFamily(Setting("register_mapping:{layout}", str, "", "file",
                                         "the columns and values of an Excel register layout, as the last import matched them"))
KEY_STORE_ID = Setting("key_store_id", str, "", "file",
                       "the name of the file, in this computer's key folder, whose key unseals the office's keys")
ESCROW_RECIPIENT = Setting("sync_escrow_recipient", str, "", "file",
                           "an escrow recipient every bundle is also encrypted to, if one is set")
SEND_PHONES = Setting("sync.send_phones", bool, False, "file",
                      "a commune's bundles carry citizens' phone numbers to the upper level (off: emptied in the "
                      "bundle, Law 91/2025); on, only those of records changed after it was switched on")

RETENTION_YEARS = Setting("privacy.retention_years", int, 5, "file",
                          "years after an opinion is closed before its speaker's personal data is erased", low=1,
                          high=50)

ALL: tuple[Setting[Any] | SettingFamily[Any], ...] = tuple(
    value for value in globals().values() if isinstance(value, (Setting, SettingFamily)))
