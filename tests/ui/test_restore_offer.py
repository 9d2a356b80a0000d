"""A damaged data file met at start is offered its latest backup — but only to a person whose role
restores; anyone else is told to fetch an administrator, and nothing is asked or put back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from conftest import PASSWORD, run_qcdc, sign_in_here
from qcdc_desktop.db.backup import backup_infos
from qcdc_desktop.ui.restore import offer_restore

CLERK_PASSWORD = "Lua-chin-vang-88!"


@pytest.fixture
def backed_up(commune_db: Path, monkeypatch) -> Path:
    with monkeypatch.context() as env:
        env.setenv("QCDC_NEW_PASSWORD", CLERK_PASSWORD)
        added = run_qcdc("users", "add", "vanthu", "--role", "clerk", "--full-name", "Lê Văn Bảy", "--db",
                         str(commune_db))
    assert added.returncode == 0, added.stderr
    assert run_qcdc("backup", "--db", str(commune_db)).returncode == 0
    return commune_db


def test_a_clerk_is_told_to_fetch_an_administrator_and_nothing_is_put_back(qtbot, backed_up: Path,
                                                                         monkeypatch) -> None:
    sign_in_here(backed_up, "vanthu", CLERK_PASSWORD)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: pytest.fail("asked: " + a[2])))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))
    before = backed_up.read_bytes()
    assert offer_restore(backed_up) is False
    assert len(warned) == 1 and "hỏng" in warned[0] and "quản trị" in warned[0]
    assert backed_up.read_bytes() == before
    assert not list(backed_up.parent.glob("commune.db.replaced-*"))


def test_an_administrator_is_asked_and_the_backup_is_put_back(qtbot, backed_up: Path, monkeypatch) -> None:
    sign_in_here(backed_up, "quantri", PASSWORD)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: pytest.fail(a[2])))
    assert backup_infos(backed_up)
    assert offer_restore(backed_up) is True
    assert asked and "hỏng" in asked[0]
    assert list(backed_up.parent.glob("commune.db.replaced-*"))
