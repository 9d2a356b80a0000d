"""db/quick_check.py: the whole-file check run after the window is up, Qt-free."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import damage_the_freelist
from qcdc_desktop.core.errors import Cancelled, DatabaseDamaged, HistoryBroken
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


def test_a_history_rewritten_behind_the_program_s_back_is_found_at_the_start_up_check(commune_db: Path, qcdc,
                                                                                       english) -> None:
    from conftest import raw_connection

    assert qcdc("demo", "--db", str(commune_db), "--meetings", "3", "--seed", "1").returncode == 0
    conn = raw_connection(commune_db)
    try:
        conn.execute("DROP TRIGGER history_no_delete")
        conn.execute("DELETE FROM history WHERE n = 2")
    finally:
        conn.close()
    with pytest.raises(HistoryBroken) as caught:
        check_file(commune_db)
    assert "broken at entry 2" in caught.value.message


def test_the_ui_says_a_broken_history_without_taking_the_window_away(qtbot, monkeypatch, english) -> None:
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from qcdc_desktop.ui import file_check

    monkeypatch.setattr(file_check, "check_file",
                        lambda path, **kw: (_ for _ in ()).throw(HistoryBroken("The history of 00004 is broken at entry 7.")))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))
    window = QMainWindow()
    qtbot.addWidget(window)
    damaged: list[object] = []
    check = file_check.FileCheck(window, Path("commune.db"), damaged.append).start()
    qtbot.waitUntil(lambda: check.outcome is not None, timeout=10_000)
    assert check.outcome == "history_broken" and not damaged
    assert "entry 7" in said[0] and "Do not restore a backup" in said[0]
