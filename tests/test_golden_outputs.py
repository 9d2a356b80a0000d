"""The command line's outputs on the demo data are the same as before the code was reorganised.

``tests/golden/before/`` holds what ``tests/golden/produce.py`` wrote with the code as it stood
before the reorganisation of the packages; the reorganisation must not change one byte a clerk or a
script sees.  Two things are compared by their content rather than their bytes, because they are not
the same twice even without a change of code: the new register entries' identifiers (they carry the
time they were made) and the spreadsheet's zip container (it carries the time it was written).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from produce import OUTPUTS, produce  # noqa: E402

BEFORE = Path(__file__).parent / "golden" / "before"


@pytest.fixture(scope="module")
def after(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("after")
    produce(out)
    return out


def _without_new_ids(raw: bytes) -> str:
    """The dump with each register entry's identifier replaced by its position, wherever it appears."""
    text = raw.decode("utf-8")
    for position, entry in enumerate(json.loads(text)["register_entries"]):
        text = text.replace(entry["id"], f"register-entry-{position}")
    return text


def _workbook(path: Path) -> list:
    book = openpyxl.load_workbook(path)
    seen = []
    for sheet in book.worksheets:
        seen.append((sheet.title, sorted(str(r) for r in sheet.merged_cells.ranges),
                     {k: d.width for k, d in sheet.column_dimensions.items()}, sheet.freeze_panes))
        for row in sheet.iter_rows():
            for cell in row:
                seen.append((cell.coordinate, cell.value, cell.number_format, cell.font.b,
                             cell.alignment.wrap_text, cell.border.bottom.style))
    return seen


def test_the_kept_outputs_are_all_there():
    assert sorted(p.name for p in BEFORE.iterdir()) == sorted(OUTPUTS)


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_an_output_is_what_it_was_before(after: Path, name: str):
    before, now = BEFORE / name, after / name
    if name.endswith(".xlsx"):
        assert _workbook(now) == _workbook(before)
    elif name == "dump-after-notices.json":
        assert _without_new_ids(now.read_bytes()) == _without_new_ids(before.read_bytes())
    else:
        assert now.read_bytes() == before.read_bytes(), f"{name} differs from the kept output"
