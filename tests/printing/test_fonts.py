"""The documents' font: Times New Roman when the system has it, else the shipped Liberation Serif."""

from __future__ import annotations

import logging
import shutil
import struct
from importlib import resources
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from qcdc_desktop.printing import fonts


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


def _latin_only(source: Path, target: Path) -> None:
    """Write ``target``: the font ``source`` with a character map of printable ASCII only (a real
    TrueType font that has no Vietnamese letters, as some fonts of a machine are)."""
    data = source.read_bytes()
    glyphs = TTFontFile(str(source)).charToGlyph
    codes = [c for c in range(0x20, 0x7F) if c in glyphs] + [0xFFFF]
    count = len(codes)
    power = 1 << (count.bit_length() - 1)
    subtable = struct.pack(">7H", 4, 16 + 8 * count, 0, 2 * count, 2 * power, power.bit_length() - 1,
                           2 * count - 2 * power)
    subtable += struct.pack(f">{count}H", *codes) + b"\0\0" + struct.pack(f">{count}H", *codes)
    subtable += struct.pack(f">{count}H", *[(glyphs.get(c, 0) - c) % 0x10000 if c != 0xFFFF else 1 for c in codes])
    subtable += struct.pack(f">{count}H", *[0] * count)
    tables = {}
    (number,) = struct.unpack_from(">H", data, 4)
    for i in range(number):
        tag, _sum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = data[offset:offset + length]
    tables[b"cmap"] = struct.pack(">HHHHI", 0, 1, 3, 1, 12) + subtable
    header = data[:12]
    directory, body = b"", b""
    start = 12 + 16 * len(tables)
    for tag in sorted(tables):
        table = tables[tag] + b"\0" * (-len(tables[tag]) % 4)
        checksum = sum(struct.unpack(f">{len(table) // 4}I", table)) & 0xFFFFFFFF
        directory += struct.pack(">4sIII", tag, checksum, start + len(body), len(tables[tag]))
        body += table
    target.write_bytes(header + directory + body)


def test_a_font_without_vietnamese_letters_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shipped = fonts.shipped_fonts()
    latin = {}
    for face in fonts.FACES:
        latin[face] = tmp_path / f"latin-{face}.ttf"
        _latin_only(shipped[face], latin[face])
    font = TTFont("LatinOnly", str(latin["regular"]))  # a font that loads...
    assert ord("A") in font.face.charWidths and ord("ạ") not in font.face.charWidths  # ...without "ạ"
    with caplog.at_level(logging.WARNING, logger=fonts.__name__):
        assert fonts._register(latin, "LATIN") is None
    assert "lack Vietnamese letters" in caplog.text


def test_every_platform_has_font_folders_to_look_in() -> None:
    assert fonts.font_folders()
