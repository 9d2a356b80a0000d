"""File → Retention of personal data…: the preview of what the period erases, the erasure after a
confirmation, and the office's period kept (db/retention.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from conftest import at_the_window, full_meeting, run_qcdc
from qcdc_desktop.core.personal import is_erased
from qcdc_desktop.core.settings import RETENTION_YEARS
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.settings import read_setting
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui import session
from qcdc_desktop.ui.retention_dialog import RetentionDialog

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def office(commune_db: Path, tmp_path: Path) -> Path:
    old = full_meeting(held_on="2015-03-05", announced_on=None, publications=[])
    old["conclusions"] = [dict(old["conclusions"][0], deadline="2015-12-31", completed_on="2015-04-20")]
    (tmp_path / "m.json").write_text(json.dumps([old, full_meeting()], ensure_ascii=False), encoding="utf-8")
    assert run_qcdc("add", "--db", str(commune_db), "--json", str(tmp_path / "m.json")).returncode == 0
    at_the_window(commune_db)
    return commune_db


@pytest.fixture
def dialog(qtbot, office: Path):
    from qcdc_desktop.db import access

    session.begin(access.signed_in(office))
    database = Database(office)
    shown = RetentionDialog(database, today=TODAY)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.preview is not None, timeout=10_000)
    yield shown
    database.shutdown()


def test_the_preview_at_the_office_s_period_then_the_erasure_after_yes(qtbot, dialog, office: Path,
                                                                      monkeypatch) -> None:
    assert dialog.years.value() == RETENTION_YEARS.default == 5
    assert dialog.table.rowCount() == 2 and "2" in dialog.summary.text()
    assert dialog.erase_button.isEnabled()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *args, **kwargs: asked.append(args) or QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10_000)
    assert asked and "2" in asked[0][2]
    with open_store(office, readonly=True) as store:
        speakers = [r[0] for r in store.conn.execute("SELECT speaker FROM opinions")]
    assert sum(is_erased(s) for s in speakers) == 2 and "Trần Thị Bình" in speakers


def test_no_changes_nothing_erased(qtbot, dialog, office: Path, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    with open_store(office, readonly=True) as store:
        assert not any(is_erased(r[0]) for r in store.conn.execute("SELECT speaker FROM opinions"))


def test_a_longer_period_from_the_keyboard_and_kept_for_the_office(qtbot, dialog, office: Path) -> None:
    dialog.years.setFocus()
    dialog.years.selectAll()
    qtbot.keyClicks(dialog.years, "20")
    assert not dialog.erase_button.isEnabled() and dialog.table.rowCount() == 0  # the preview is for another period
    qtbot.keyClick(dialog.show_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.years == 20, timeout=10_000)
    assert dialog.table.rowCount() == 0 and not dialog.erase_button.isEnabled()
    before = dialog.summary.text()
    qtbot.keyClick(dialog.save_years, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.summary.text() != before, timeout=10_000)
    with open_store(office, readonly=True) as store:
        assert read_setting(store, RETENTION_YEARS) == 20
