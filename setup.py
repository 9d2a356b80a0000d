"""Build step: compile the catalogs in i18n/ into the package.

The .po sources live in i18n/; the application loads compiled .mo files from
src/qcdc_desktop/l10n/locale/.  Qt's own words (dialog buttons, context menus) have their own
catalog, i18n/qt/qtbase_<lang>.ts, compiled with Qt's lrelease (from PySide6, a build requirement)
into src/qcdc_desktop/l10n/locale/<lang>/qtbase_<lang>.qm.  Compiling at build keeps binaries out
of the repository and works for wheels, editable installs and Briefcase alike.  Everything else is
in pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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


class LreleaseMissing(SystemExit):
    pass


def _lrelease() -> list[str]:
    """Qt's lrelease: $QCDC_LRELEASE, else the one inside PySide6, else pyside6-lrelease on PATH."""
    override = os.environ.get("QCDC_LRELEASE")
    if override:
        return [override]
    try:
        import PySide6
    except ImportError:
        pass
    else:
        folder = Path(PySide6.__file__).resolve().parent
        for name in ("lrelease.exe", "lrelease", "Qt/libexec/lrelease"):
            if (folder / name).is_file():
                return [str(folder / name)]
    found = shutil.which("pyside6-lrelease")
    if found:
        return [found]
    raise LreleaseMissing(
        "error: Qt's lrelease was not found, so i18n/qt/*.ts (Vietnamese for Qt's own dialog words) "
        "cannot be compiled.  Install PySide6 where the package is built (it is a build requirement "
        "in pyproject.toml) or set QCDC_LRELEASE to an lrelease program.")


def compile_qt_catalogs() -> list[Path]:
    out = []
    sources = sorted((ROOT / "i18n" / "qt").glob("qtbase_*.ts"))
    if not sources:
        return out
    lrelease = _lrelease()
    for ts_path in sources:
        locale = ts_path.stem.removeprefix("qtbase_")
        target = ROOT / "src" / "qcdc_desktop" / "l10n" / "locale" / locale / f"{ts_path.stem}.qm"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            result = subprocess.run([*lrelease, "-silent", str(ts_path), "-qm", str(target)],
                                    capture_output=True, text=True)
        except OSError as exc:
            raise LreleaseMissing(f"error: cannot run lrelease ({lrelease[0]}): {exc}") from None
        if result.returncode != 0 or not target.is_file():
            raise SystemExit(f"error: lrelease failed on {ts_path}:\n{result.stdout}{result.stderr}")
        out.append(target)
    return out


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        compile_catalogs()
        compile_qt_catalogs()
        super().run()


if __name__ == "__main__":  # setuptools runs this file as __main__; build-installer imports the compilers
    setup(cmdclass={"build_py": BuildWithCatalogs})
