"""Packaging facts: pyproject.toml is the single source, briefcase.toml is the one edited source of
the Briefcase configuration, and the runtime assets ship inside the package."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata, resources

import qcdc_desktop
from conftest import ROOT


def _toml(name: str) -> dict:
    return tomllib.loads((ROOT / name).read_text(encoding="utf-8"))


def test_briefcase_section_of_pyproject_is_generated_from_briefcase_toml() -> None:
    assert _toml("pyproject.toml")["tool"]["briefcase"] == _toml("briefcase.toml")
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "sync_briefcase.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_sync_check_fails_when_the_two_differ(tmp_path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import sync_briefcase
    finally:
        sys.path.pop(0)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    edited = (ROOT / "briefcase.toml").read_text(encoding="utf-8").replace(
        'formal_name = "QCDC Desktop"', 'formal_name = "Something else"')
    assert sync_briefcase.expected_pyproject(pyproject, edited) != pyproject
    assert sync_briefcase.expected_pyproject(
        pyproject, (ROOT / "briefcase.toml").read_text(encoding="utf-8")) == pyproject


def test_version_and_dependencies_come_from_project_table() -> None:
    project = _toml("pyproject.toml")["project"]
    assert qcdc_desktop.__version__ == project["version"] == metadata.version("qcdc-desktop")
    names = {d.split(">")[0].split("=")[0].strip().lower() for d in project["dependencies"]}
    assert {"pyside6", "sqlite-utils", "reportlab", "babel", "platformdirs"} <= names
    assert "version" not in _toml("briefcase.toml")
    assert "requires" not in _toml("briefcase.toml")["app"]["qcdc_desktop"]


def test_both_commands_are_declared() -> None:
    project = _toml("pyproject.toml")["project"]
    assert project["scripts"]["qcdc"] == "qcdc_desktop.cli:main"
    assert project["gui-scripts"]["qcdc-desktop"] == "qcdc_desktop.app:main"


def test_runtime_assets_ship_inside_the_package() -> None:
    units = resources.files("qcdc_desktop") / "data" / "admin-units"
    assert (units / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert (units / "vn_units_2026-07-25.json").is_file()
    mo = resources.files("qcdc_desktop") / "l10n" / "locale" / "vi" / "LC_MESSAGES" / "qcdc.mo"
    assert mo.is_file(), "compiled catalog missing: reinstall with pip install -e ."


def test_the_packaging_assets_briefcase_names_exist() -> None:
    config = tomllib.loads((ROOT / "briefcase.toml").read_text(encoding="utf-8"))
    icon = ROOT / config["app"]["qcdc_desktop"]["icon"]
    for size in (16, 32, 64, 128, 256, 512):
        assert icon.with_name(f"{icon.name}-{size}.png").is_file()
    assert icon.with_suffix(".ico").is_file()
    assert (ROOT / config["license"]["file"]).read_text(encoding="utf-8").startswith("MIT")
    assert (resources.files("qcdc_desktop") / "data" / "icon.png").is_file()  # the window icon


def test_the_official_unit_list_is_complete() -> None:
    from qcdc_desktop.db.units import admin_units

    units = admin_units().values()
    assert sum(u.level == "province" for u in units) == 34
    assert sum(u.level == "commune" for u in units) == 3321
