"""The documents' font: Times New Roman when the system has it, else the shipped Liberation Serif."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from qcdc_desktop.printing import fonts

NO_VIETNAMESE = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"  # Chinese, Japanese, Korean


def test_the_shipped_fonts_and_their_licence_are_in_the_package() -> None:
    folder = resources.files("qcdc_desktop") / "data" / "fonts"
    for name in fonts.SHIPPED.values():
        assert (folder / name).is_file(), name
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Liberation" in licence


def test_the_shipped_family_covers_vietnamese() -> None:
    family = fonts.document_fonts(prefer_system=False)
    assert family.source == "Liberation Serif (shipped)"
    assert len({family.regular, family.bold, family.italic, family.bold_italic}) == 4


def _fake_times(folder: Path, names: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shipped = fonts.shipped_fonts()
    for face, name in names.items():
        shutil.copy(shipped[face], folder / name)


def test_times_new_roman_is_found_under_its_windows_names(tmp_path: Path) -> None:
    _fake_times(tmp_path / "Fonts", fonts._TIMES_NAMES[0])
    found = fonts.find_times_new_roman([tmp_path / "Fonts"])
    assert found is not None and found["bold"].name == "timesbd.ttf"


def test_times_new_roman_is_found_in_a_linux_subfolder_and_under_macos_names(tmp_path: Path) -> None:
    _fake_times(tmp_path / "fonts" / "truetype" / "msttcorefonts", fonts._TIMES_NAMES[1])
    assert fonts.find_times_new_roman([tmp_path / "fonts"]) is not None
    _fake_times(tmp_path / "Library", fonts._TIMES_NAMES[2])
    assert fonts.find_times_new_roman([tmp_path / "Library"])["regular"].name == "Times New Roman.ttf"


def test_an_incomplete_family_is_not_used(tmp_path: Path) -> None:
    names = dict(fonts._TIMES_NAMES[0])
    del names["bold_italic"]
    _fake_times(tmp_path, names)
    assert fonts.find_times_new_roman([tmp_path]) is None
    assert fonts.find_times_new_roman([tmp_path / "missing"]) is None


def test_a_found_family_is_registered_as_times(tmp_path: Path) -> None:
    _fake_times(tmp_path, fonts._TIMES_NAMES[0])
    family = fonts._register(fonts.find_times_new_roman([tmp_path]), "TNR")
    assert family is not None and family.source == "Times New Roman"


def test_a_file_that_is_not_a_font_is_not_used(tmp_path: Path) -> None:
    broken = tmp_path / "times.ttf"
    broken.write_bytes(b"not a font")
    assert fonts._register({face: broken for face in fonts.FACES}, "BROKEN") is None


@pytest.mark.skipif(not Path(NO_VIETNAMESE).is_file(), reason="needs a font without Vietnamese letters")
def test_a_font_without_vietnamese_letters_is_not_used() -> None:
    assert fonts._register({face: Path(NO_VIETNAMESE) for face in fonts.FACES}, "CJK") is None


def test_every_platform_has_font_folders_to_look_in() -> None:
    assert fonts.font_folders()
