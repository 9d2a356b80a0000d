"""Build step: compile the gettext catalogs in i18n/ into the package.

The .po sources live in i18n/; the application loads compiled .mo files from
src/qcdc_desktop/l10n/locale/.  Compiling at build keeps binaries out of the repository and
works for wheels, editable installs and Briefcase alike.  Everything else is in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DOMAIN = "qcdc"


def compile_catalogs() -> list[Path]:
    out = []
    for po_path in sorted((ROOT / "i18n").glob("*.po")):
        locale = po_path.stem
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=locale, domain=DOMAIN)
        target = ROOT / "src" / "qcdc_desktop" / "l10n" / "locale" / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        out.append(target)
    return out


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        compile_catalogs()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})
