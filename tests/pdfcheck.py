"""Reading PDFs back with poppler-utils, the way a văn thư checks a printed document against Decree 30/2020:
``pdftotext -layout`` for the text, ``pdftotext -bbox`` for where each word sits, ``pdffonts`` for
embedding."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898  # A4 in points

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                   reason="poppler-utils is not installed (scripts/setup.sh installs it)")


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def layout_text(pdf: Path, page: int | None = None) -> str:
    """``pdftotext -layout`` of the whole file or of one page (1-based)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", "-layout", *pages, str(pdf), "-")


def lines(pdf: Path, page: int | None = None) -> list[str]:
    """The layout text as lines with runs of spaces squeezed to one."""
    return [re.sub(r"\s+", " ", line).strip() for line in layout_text(pdf, page).splitlines() if line.strip()]


def line_with(pdf: Path, words: str, page: int | None = None) -> str:
    """The one line that holds ``words``."""
    found = [line for line in lines(pdf, page) if words in line]
    assert found, f"no line holds {words!r}:\n" + "\n".join(lines(pdf, page))
    return found[0]


@dataclass(frozen=True)
class Word:
    page: int
    x_min: float
    y_min: float  # from the top of the page, in points
    x_max: float
    y_max: float
    text: str


def words(pdf: Path) -> list[Word]:
    """Every word with its box (``pdftotext -bbox``)."""
    found, page = [], 0
    for line in _run("pdftotext", "-bbox", str(pdf), "-").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if match:
            x0, y0, x1, y1 = (float(match[i]) for i in range(1, 5))
            found.append(Word(page, x0, y0, x1, y1, html.unescape(match[5])))
    return found


def page_count(pdf: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf)))[1])


def fonts(pdf: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, type, emb, sub, uni."""
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    result = []
    for row in rows:
        parts = row.split()
        # name type [type words...] encoding emb sub uni object ID
        result.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return result


def outside_text_area(pdf: Path, *, top: float = 20, bottom: float = 20, left: float = 30,
                      right: float = 15, slack: float = 0.5) -> list[Word]:
    """Words that cross the margins (mm), leaving out the page numbers centred in the top margin."""
    bad = []
    for w in words(pdf):
        in_top_margin = w.y_max <= top * MM
        if in_top_margin and w.text.isdigit() and w.page >= 2:
            continue
        if (w.x_min < left * MM - slack or w.x_max > PAGE_WIDTH - right * MM + slack
                or w.y_min < top * MM - slack or w.y_max > PAGE_HEIGHT - bottom * MM + slack):
            bad.append(w)
    return bad


def page_numbers(pdf: Path) -> dict[int, list[str]]:
    """What each page shows in its top margin."""
    shown: dict[int, list[str]] = {}
    for w in words(pdf):
        shown.setdefault(w.page, [])
        if w.y_max <= 20 * MM:
            shown[w.page].append(w.text)
    return shown
