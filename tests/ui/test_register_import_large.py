"""A 20,000-row register imported through the dialog, as an office moving ten years in would: read,
mapped, previewed and written with progress reported all the way (the long job that used to abort
the program on PySide6 6.12.0 with Python 3.11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from conftest import TODAY
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.registers import import_dialog as import_dialog
from qcdc_desktop.ui.registers.import_dialog import RegisterImportDialog

pytestmark = pytest.mark.slow

ROWS = 20_000
PER_MEETING = 20
FIELDS = ["Đất đai", "Giao thông", "Môi trường", "An ninh, trật tự", "Y tế", "Giáo dục"]


def _register(path: Path) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sổ tổng hợp")
    sheet.append(["STT", "Ngày hội nghị", "Tên hội nghị", "Địa điểm", "Người chủ trì", "Chức vụ",
                  "Họ tên người phát biểu", "Thôn, tổ dân phố", "Lĩnh vực", "Nội dung ý kiến"])
    start = dt.date(2015, 1, 5)
    for n in range(ROWS):
        meeting = n // PER_MEETING
        day = start + dt.timedelta(days=3 * meeting)
        sheet.append([n + 1, day.strftime("%d/%m/%Y"), f"Hội nghị đối thoại số {meeting + 1}", "Hội trường UBND xã",
                      "Nguyễn Văn An", "Chủ tịch UBND xã", f"Người dân {n + 1}", f"Thôn {n % 9 + 1}",
                      FIELDS[n % len(FIELDS)], f"Ý kiến số {n + 1} về việc của thôn."])
    book.save(path)
    return path


def test_twenty_thousand_rows_import_to_the_end(qtbot, commune_db: Path, tmp_path: Path, monkeypatch) -> None:
    register = _register(tmp_path / "so-tong-hop.xlsx")
    steps: list[int] = []

    class Counting(import_dialog.Progress):
        def __init__(self, parent) -> None:  # noqa: ANN001 - the dialog
            super().__init__(parent)
            self.step.connect(lambda done, _total: steps.append(done))

    monkeypatch.setattr(import_dialog, "Progress", Counting)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    database = Database(commune_db)
    try:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(register), "")))
        monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
        dialog = RegisterImportDialog(database, settings, today=lambda: TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.choose_button.click()
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=300_000)
        assert dialog.meetings.rowCount() == ROWS // PER_MEETING
        assert dialog.import_button.isEnabled()
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.imported is not None, timeout=600_000)
        assert len(steps) >= 10 and max(steps) == ROWS // PER_MEETING, "progress reported all the way"
        qtbot.waitUntil(lambda: not database.busy(), timeout=60_000)
    finally:
        database.shutdown()
    with open_store(commune_db, readonly=True, check=False) as store:
        assert store.conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == ROWS // PER_MEETING
        assert store.conn.execute("SELECT count(*) FROM opinions").fetchone()[0] == ROWS
