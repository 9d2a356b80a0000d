"""db/quick_check.py: the whole-file check run after the window is up, Qt-free."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import damage_the_freelist
from qcdc_desktop.core.errors import Cancelled, DatabaseDamaged
from qcdc_desktop.db.quick_check import check_file


def test_a_sound_file_passes_and_the_bar_reaches_its_end(commune_db: Path) -> None:
    seen: list[tuple[int, int]] = []
    assert check_file(commune_db, progress=lambda done, total: seen.append((done, total))) is None
    assert seen[-1][0] == seen[-1][1] > 0
    assert all(done <= total for done, total in seen)


def test_damage_the_cheap_checks_miss_is_found_and_offers_the_backup(commune_db: Path, english) -> None:
    damage_the_freelist(commune_db)
    with pytest.raises(DatabaseDamaged) as caught:
        check_file(commune_db)
    assert "damaged" in caught.value.message


def test_stopping_the_check_stops_it_midway(commune_db: Path, qcdc) -> None:
    assert qcdc("demo", "--db", str(commune_db), "--meetings", "60", "--seed", "1").returncode == 0
    asked: list[int] = []
    with pytest.raises(Cancelled):
        check_file(commune_db, cancelled=lambda: asked.append(1) or len(asked) > 1)
    assert len(asked) == 2, "stopped at the first step after Stop, not at the end"
