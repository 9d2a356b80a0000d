"""The documents' font: Times New Roman where the system has it (Windows always does), otherwise
the Liberation Serif shipped with the application (metric-compatible, full Vietnamese coverage,
SIL OFL).  Either is registered with reportlab as one family and embedded (subset) in every PDF.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

FAMILY = "QcdcSerif"
FACES = ("regular", "bold", "italic", "bold_italic")
SHIPPED = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
           "italic": "LiberationSerif-Italic.ttf", "bold_italic": "LiberationSerif-BoldItalic.ttf"}
# The file names Times New Roman goes by: Windows and the Debian msttcorefonts package, then macOS.
_TIMES_NAMES = [
    {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf", "bold_italic": "timesbi.ttf"},
    {"regular": "Times_New_Roman.ttf", "bold": "Times_New_Roman_Bold.ttf", "italic": "Times_New_Roman_Italic.ttf",
     "bold_italic": "Times_New_Roman_Bold_Italic.ttf"},
    {"regular": "Times New Roman.ttf", "bold": "Times New Roman Bold.ttf", "italic": "Times New Roman Italic.ttf",
     "bold_italic": "Times New Roman Bold Italic.ttf"},
]
# Letters every Vietnamese document needs; a font without them is not used.
_VIETNAMESE = "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹĐđƠơƯư"


@dataclass(frozen=True)
class FontSet:
    """The registered family: reportlab names of the four faces, and where they came from."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    source: str  # "Times New Roman" or "Liberation Serif (shipped)"


def font_folders() -> list[Path]:
    """The usual font folders of Windows, macOS and Linux, the user's own first."""
    home = Path.home()
    folders = []
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = os.environ.get("LOCALAPPDATA")
        if local:
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        folders.append(windir / "Fonts")
    elif sys.platform == "darwin":
        folders += [home / "Library" / "Fonts", Path("/Library/Fonts"),
                    Path("/System/Library/Fonts/Supplemental"), Path("/System/Library/Fonts")]
    else:
        data = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
        folders += [data / "fonts", home / ".fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    return folders


def _find(name: str, folders: list[Path]) -> Path | None:
    for folder in folders:
        if not folder.is_dir():
            continue
        direct = folder / name
        if direct.is_file():
            return direct
        if folder.name == "fonts" or folder.name == "share":  # Linux keeps fonts in subfolders
            try:
                for found in folder.rglob(name):
                    return found
            except OSError:
                continue
    return None


def find_times_new_roman(folders: list[Path] | None = None) -> dict[str, Path] | None:
    """The four Times New Roman files, or None when any is missing."""
    folders = font_folders() if folders is None else folders
    for names in _TIMES_NAMES:
        paths = {face: path for face, name in names.items() if (path := _find(name, folders)) is not None}
        if len(paths) == len(names):
            return paths
    return None


def shipped_fonts() -> dict[str, Path]:
    root = resources.files("qcdc_desktop") / "data" / "fonts"
    return {face: Path(str(root / name)) for face, name in SHIPPED.items()}


def _covers_vietnamese(font: TTFont) -> bool:
    widths = font.face.charWidths
    return all(ord(ch) in widths for ch in _VIETNAMESE)


def _register(paths: dict[str, Path], tag: str) -> FontSet | None:
    names = {face: f"{FAMILY}{tag}-{face}" for face in FACES}
    try:
        fonts = {face: TTFont(names[face], str(paths[face])) for face in FACES}
    except (TTFError, OSError) as exc:
        log.warning("cannot use the fonts %s: %s", paths, exc)
        return None
    if not all(_covers_vietnamese(f) for f in fonts.values()):
        log.warning("the fonts %s lack Vietnamese letters; not used", paths)
        return None
    for font in fonts.values():
        pdfmetrics.registerFont(font)
    family = f"{FAMILY}{tag}"
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bold_italic"])
    for face in FACES:  # <b> and <i> inside a paragraph set in one face find the others
        addMapping(names[face], 0, 0, names["regular"])
        addMapping(names[face], 1, 0, names["bold"])
        addMapping(names[face], 0, 1, names["italic"])
        addMapping(names[face], 1, 1, names["bold_italic"])
    source = "Times New Roman" if tag == "TNR" else "Liberation Serif (shipped)"
    return FontSet(names["regular"], names["bold"], names["italic"], names["bold_italic"], source)


@lru_cache(maxsize=2)
def document_fonts(prefer_system: bool = True) -> FontSet:
    """Register (once) and return the documents' font family.

    ``prefer_system=False`` always uses the shipped Liberation Serif: tests and golden files must
    not depend on which fonts a machine happens to have.
    """
    if prefer_system:
        found = find_times_new_roman()
        if found:
            fonts = _register(found, "TNR")
            if fonts:
                return fonts
    fonts = _register(shipped_fonts(), "LS")
    if fonts is None:  # the package is broken; nothing sensible can be printed
        raise RuntimeError("the shipped fonts in qcdc_desktop/data/fonts cannot be read")
    return fonts
