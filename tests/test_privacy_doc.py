"""docs/privacy.md is what the office attaches to its personal-data processing record: it has a
Vietnamese part and an English part, each names every field of the catalogue of personal data
(core/personal.py), and each states the retention period the code applies by default."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import ROOT
from qcdc_desktop.core.personal import CATALOGUE, erasure_marker
from qcdc_desktop.core.settings import RETENTION_YEARS
from qcdc_desktop.db.backup_files import KEEP

DOC = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
VI_HEADING = "## Phần 1. Tiếng Việt"
EN_HEADING = "## Part 2. English"


def _parts() -> dict[str, str]:
    assert VI_HEADING in DOC and EN_HEADING in DOC, "docs/privacy.md needs a Vietnamese and an English part"
    vi_at, en_at = DOC.index(VI_HEADING), DOC.index(EN_HEADING)
    assert vi_at < en_at, "the Vietnamese part comes first"
    return {"vi": DOC[vi_at:en_at], "en": DOC[en_at:]}


def _names(part: str, kind: str, name: str) -> bool:
    """Whether ``part`` names the field: as `table.column`, or in one table row naming both."""
    if f"`{kind}.{name}`" in part:
        return True
    rows = (line for line in part.splitlines() if line.lstrip().startswith("|"))
    return any(f"`{kind}`" in row and f"`{name}`" in row for row in rows)


def test_both_parts_have_their_sections() -> None:
    parts = _parts()
    assert len(re.findall(r"^### \d+\. ", parts["vi"], re.M)) == len(re.findall(r"^### \d+\. ", parts["en"], re.M))
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", parts["vi"])


@pytest.mark.parametrize("part", ["vi", "en"])
@pytest.mark.parametrize("field", CATALOGUE, ids=lambda f: f"{f.kind}.{f.name}")
def test_every_field_of_the_catalogue_is_documented(part: str, field) -> None:
    assert _names(_parts()[part], field.kind, field.name), (
        f"{field.kind}.{field.name} ({field.category}) is in core.personal.CATALOGUE but not in the "
        f"{part} part of docs/privacy.md")


def test_the_default_retention_period_is_the_codes() -> None:
    years = RETENTION_YEARS.default
    parts = _parts()
    for part in parts.values():
        assert f"`{RETENTION_YEARS.key}`" in part
    assert re.search(rf"mặc định là {years} năm", parts["vi"]), "the Vietnamese part states the default period"
    assert re.search(rf"\b{years} years by default", parts["en"]), "the English part states the default period"
    # No other default is stated beside it.
    assert set(re.findall(r"mặc định là (\d+) năm", parts["vi"])) == {str(years)}
    assert set(re.findall(r"\b(\d+) years by default", parts["en"])) == {str(years)}


def test_the_marker_and_the_backups_kept_are_the_codes() -> None:
    marker = erasure_marker(dt.date(2026, 12, 6)).replace("06/12/2026", "dd/mm/yyyy")
    parts = _parts()
    for name, part in parts.items():
        assert marker in re.sub(r"\s*\n\s*", " ", part), f"the erasure marker in the {name} part"
    assert f"Giữ {KEEP} bản mới nhất" in parts["vi"] and f"The last {KEEP} are kept" in parts["en"]
