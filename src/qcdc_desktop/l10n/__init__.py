"""Translations (gettext catalogs compiled from i18n/*.po) and locale-aware formatting (babel).

Message ids are English; Vietnamese is the default language.  Every visible string goes through
``_()`` or ``ngettext()`` with named placeholders.  Numbers and dates are formatted with babel in
the active locale; the official Decree 30 date line is :func:`nd30_date`.
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.numbers import format_decimal as _babel_format_decimal
from babel.numbers import format_percent as _babel_format_percent
from babel.support import Translations

DOMAIN = "qcdc"
LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current = DEFAULT_LANGUAGE


class CatalogMissing(RuntimeError):
    """The compiled catalog for a language is not installed (the package was not built)."""


@lru_cache(maxsize=None)
def translations(language: str) -> _gettext.NullTranslations:
    """Return the gettext translations for ``language`` (English is the identity)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    if language == "en":
        return _gettext.NullTranslations()
    mo = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file():
        raise CatalogMissing(
            f"compiled catalog {mo} is missing; reinstall with `pip install -e .` to build it"
        )
    return Translations.load(str(LOCALE_DIR), locales=[language], domain=DOMAIN)


def set_language(language: str) -> None:
    """Make ``language`` ('vi' or 'en') the active language for messages and formatting."""
    global _current
    translations(language)  # fail early on an unknown or missing catalog
    _current = language


def get_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (module-level constants)."""
    return message


def gettext_in(language: str, message: str) -> str:
    """Translate ``message`` into a given language regardless of the active one."""
    return translations(language).gettext(message)


def locale() -> Locale:
    return Locale.parse(_current)


def format_date(value: _dt.date) -> str:
    """Short date in the active locale: dd/MM/yyyy in Vietnamese, the same digits in English."""
    return _babel_format_date(value, format="dd/MM/yyyy", locale=_current)


def format_moment(value: _dt.datetime) -> str:
    """A moment in local time: "16:05 04/12/2026" (the hour first, as an office writes it)."""
    return _babel_format_datetime(value.astimezone(), format="HH:mm dd/MM/yyyy", locale=_current)


def format_number(value: int | float | Decimal) -> str:
    """A number with the active locale's grouping: 1.234.567 in Vietnamese, 1,234,567 in English."""
    return _babel_format_decimal(value, locale=_current)


def format_percent(share: float) -> str:
    """A share (0..1) as a percentage with one decimal: "82,5%" in Vietnamese, "82.5%" in English."""
    return _babel_format_percent(share, format="#,##0.0%", locale=_current)


def nd30_date(value: _dt.date, place: str) -> str:
    """The place-and-date line of an administrative document (Decree 30/2020, Appendix I).

    Days below 10 and the months January and February take a leading zero; other months do
    not: "An Bình, ngày 05 tháng 3 năm 2026", "ngày 09 tháng 02 năm 2027".  This is not babel's
    Vietnamese long date, so it is built here from the date's fields.
    """
    month = "MM" if value.month <= 2 else "M"
    pattern = f"'ngày' dd 'tháng' {month} 'năm' yyyy"
    return f"{place}, {_babel_format_date(value, format=pattern, locale='vi')}"
