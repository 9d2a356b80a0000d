"""Packaging facts: pyproject.toml is the single source, briefcase.toml is the one edited source of
the Briefcase configuration, and the runtime assets ship inside the package."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata, resources
from pathlib import Path

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
    assert "requires" not in _toml("briefcase.toml")["app"]["qcdc-desktop"]


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
    icon = ROOT / config["app"]["qcdc-desktop"]["icon"]
    for size in (16, 32, 64, 128, 256, 512):
        assert icon.with_name(f"{icon.name}-{size}.png").is_file()
    assert icon.with_suffix(".ico").is_file()
    assert config["license"] == "MIT"
    for name in config["license-files"]:
        assert (ROOT / name).read_text(encoding="utf-8").startswith("MIT")
    assert (ROOT / "CHANGELOG.md").is_file()  # the Debian package requires one
    assert (resources.files("qcdc_desktop") / "data" / "icon.png").is_file()  # the window icon


def test_the_official_unit_list_is_complete() -> None:
    from qcdc_desktop.db.units import admin_units

    units = admin_units().values()
    assert sum(u.level == "province" for u in units) == 34
    assert sum(u.level == "commune" for u in units) == 3321


# What the Linux package must keep of PySide6, besides the modules the program imports (found in
# src below): the Qt libraries those modules need (readelf -d, NEEDED, followed through Qt/lib) and
# the plugins Qt loads for a window, its input, images, icons and printing. scripts/check-installed
# checks the installed package as a whole: no library left in it misses a Qt library.
_QT_LIBRARIES_NEEDED = ["Core", "DBus", "Gui", "Network", "OpenGL", "OpenGLWidgets", "Svg", "Widgets",
                        "XcbQpa", "WaylandClient", "WlShellIntegration"]
_QT_PLUGINS_NEEDED = ["platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                      "xcbglintegrations/libqxcb-glx-integration.so", "printsupport/libcupsprintersupport.so",
                      "imageformats/libqjpeg.so", "imageformats/libqsvg.so", "iconengines/libqsvgicon.so",
                      "platformthemes/libqgtk3.so", "platformthemes/libqxdgdesktopportal.so",
                      "platforminputcontexts/libibusplatforminputcontextplugin.so",
                      "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
                      "wayland-shell-integration/libxdg-shell.so", "wayland-decoration-client/libbradient.so",
                      "wayland-graphics-integration-client/libqt-plugin-wayland-egl.so"]
# What the cleanup is there for (QtWebEngine alone is 250 MB).
_LEFT_OUT = ["Qt/lib/libQt6WebEngineCore.so.6", "QtWebEngineCore.abi3.so", "Qt/resources/qtwebengine_resources.pak",
             "Qt/translations/qtwebengine_locales/vi.pak", "Qt/libexec/QtWebEngineProcess", "Qt/lib/libQt6Quick.so.6",
             "Qt/lib/libQt6Qml.so.6", "Qt/qml/QtQuick/qmldir", "Qt/lib/libavcodec.so.61", "QtMultimedia.abi3.so",
             "Qt/lib/libQt63DRender.so.6", "Qt/plugins/sqldrivers/libqsqlmysql.so", "designer", "QtCore.pyi"]


def _pyside6_modules_imported() -> set[str]:
    pattern = re.compile(r"^\s*(?:from|import) PySide6\.(Qt\w+)", re.MULTILINE)
    return {m for path in (ROOT / "src" / "qcdc_desktop").rglob("*.py")
            for m in pattern.findall(path.read_text(encoding="utf-8"))}


def test_the_linux_package_keeps_what_the_program_loads_and_leaves_out_what_it_never_does(tmp_path) -> None:
    imported = _pyside6_modules_imported()
    assert {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtCharts"} <= imported
    keep = ["__init__.py", "_config.py", "libpyside6.abi3.so.6.11", "Qt/lib/libicudata.so.73"]
    keep += [f"{module}.abi3.so" for module in imported]
    libraries = {m.removeprefix("Qt") for m in imported} | set(_QT_LIBRARIES_NEEDED)
    keep += [f"Qt/lib/libQt6{name}.so.6" for name in libraries]
    keep += [f"Qt/plugins/{plugin}" for plugin in _QT_PLUGINS_NEEDED]
    bundle = tmp_path / "qcdc-desktop-0.1.0"
    packages = bundle / "usr" / "lib" / "qcdc-desktop" / "app_packages"
    for name in keep + _LEFT_OUT:
        (packages / "PySide6" / name).parent.mkdir(parents=True, exist_ok=True)
        (packages / "PySide6" / name).touch()
    (packages / "babel" / "locale-data").mkdir(parents=True)
    (bundle / "usr" / "bin").mkdir(parents=True)
    (bundle / "usr" / "bin" / "qcdc-desktop").touch()

    config = _toml("briefcase.toml")["app"]["qcdc-desktop"]["linux"]["system"]
    matched = {path for pattern in config["cleanup_paths"] for path in tmp_path.glob(pattern)}  # as Briefcase does

    def removed(path: Path) -> bool:
        return not matched.isdisjoint([path, *path.parents])

    assert [name for name in keep if removed(packages / "PySide6" / name)] == [], "the program loads these"
    assert [name for name in _LEFT_OUT if not removed(packages / "PySide6" / name)] == []
    assert not removed(packages / "babel" / "locale-data")
    assert not removed(bundle / "usr" / "bin" / "qcdc-desktop")


def test_the_installed_program_is_the_command_line_when_started_as_qcdc(monkeypatch) -> None:
    import qcdc_desktop.__main__ as start
    import qcdc_desktop.app
    import qcdc_desktop.cli

    started = []
    monkeypatch.setattr(qcdc_desktop.cli, "main", lambda: started.append("qcdc") or 0)
    monkeypatch.setattr(qcdc_desktop.app, "main", lambda: started.append("window") or 0)
    assert start.main("/usr/bin/qcdc") == 0
    assert start.main("/usr/bin/qcdc-desktop") == 0
    assert start.main("/usr/lib/python3/site-packages/qcdc_desktop/__main__.py") == 0  # python -m qcdc_desktop
    assert started == ["qcdc", "window", "window"]
