"""The language of the interface: our gettext catalog for our words, Qt's own catalog for the
words Qt shows (dialog buttons, context menus, the wizard's Back/Next), and the QLocale that names
months and days in the calendar.

PySide6 ships no qtbase_vi.qm, so the Vietnamese one is compiled at build from
i18n/qt/qtbase_vi.ts into the package (setup.py).  English needs no Qt catalog.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

from ... import l10n
from ...core.settings import LANGUAGE
from .settings import read, write

log = logging.getLogger(__name__)

# Language names are written in their own language, so each person finds theirs.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
_LOCALES = {
    "vi": (QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
    # British English writes dates day first, like the application's own dd/MM/yyyy.
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
}
_installed: list[QTranslator] = []


class QtCatalogMissing(RuntimeError):
    """The compiled Qt catalog for a language is not installed (the package was not built)."""


def qt_catalog(language: str) -> Path | None:
    """The compiled catalog of Qt's own words for ``language``, or None when Qt needs none."""
    if language == "en":
        return None
    return l10n.LOCALE_DIR / language / f"qtbase_{language}.qm"


def saved_language(settings: QSettings) -> str:
    """The language chosen in the settings, or the default one when none (or a wrong one) is saved."""
    return read(settings, LANGUAGE)


def save_language(settings: QSettings, language: str) -> None:
    if language not in l10n.LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    write(settings, LANGUAGE, language)


def apply_language(language: str) -> None:
    """Make ``language`` the language of everything shown from now on.  Widgets that exist
    receive a LanguageChange event; our own texts are set again by whoever shows them."""
    l10n.set_language(language)
    QLocale.setDefault(QLocale(*_LOCALES[language]))
    app = QCoreApplication.instance()
    if app is None:
        return
    remove_qt_catalog()
    path = qt_catalog(language)
    if path is None:
        return
    translator = QTranslator(app)
    if not translator.load(str(path)):
        raise QtCatalogMissing(f"Qt catalog {path} is missing; reinstall with `pip install -e .` to build it")
    app.installTranslator(translator)
    _installed.append(translator)


def remove_qt_catalog() -> None:
    """Uninstall the Qt catalog this module installed (Qt speaks English again)."""
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
