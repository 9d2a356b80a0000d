"""The Excel register import dialog driven as a clerk does: choose the file, check the columns
guessed, correct the mapping, see the meetings and the bad row, confirm, read the result; a file
that is not a workbook, and Cancel, leave nothing in the data file."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from conftest import TODAY
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.registers.import_dialog import RegisterImportDialog
from qcdc_desktop.ui.registers.install import install_register_import

HEADINGS = ["STT", "Ngày hội nghị", "Tên hội nghị", "Người chủ trì", "Chức vụ", "Số người tham dự",
            "Họ tên người phát biểu", "Thôn, tổ dân phố", "Lĩnh vực", "Nội dung ý kiến", "Trả lời tại hội nghị"]
ROWS = [
    [1, dt.datetime(2024, 3, 5), "Hội nghị đối thoại quý I", "Nguyễn Văn An", "Chủ tịch UBND xã", 120,
     "Trần Thị Bình", "Thôn 3", "Đất đai", "Đề nghị cấp giấy chứng nhận.", "UBND xã sẽ hoàn thiện hồ sơ."],
    [2, None, None, None, None, None, "Phạm Văn Đức", "Thôn Đông", "giao thong", "Đường xuống cấp.", None],
    [3, "12/04/2024", "Hội nghị đối thoại quý II", "Nguyễn Văn An", "Chủ tịch UBND xã", "80",
     "Hoàng Văn Nam", "Thôn 2", "Thể thao", "Sân bóng xuống cấp.", None],  # row 4: no such field
]


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ theo dõi"
    sheet.append(HEADINGS)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


def _meetings(path: Path) -> int:
    with open_store(path, readonly=True, check=False) as store:
        return store.conn.execute("SELECT count(*) FROM meetings").fetchone()[0]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def database(qtbot, commune_db: Path):
    db = Database(commune_db)
    yield db
    qtbot.waitUntil(lambda: not db.busy(), timeout=10_000)
    db.shutdown()


@pytest.fixture
def dialog(qtbot, database, settings, tmp_path: Path, monkeypatch) -> RegisterImportDialog:
    register = _workbook(tmp_path / "so-theo-doi.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(register), "")))
    shown = RegisterImportDialog(database, settings, today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.show()
    shown.choose_button.click()
    qtbot.waitUntil(lambda: shown.preview is not None, timeout=10_000)
    return shown


def _wait_preview(qtbot, dialog: RegisterImportDialog) -> None:
    dialog.preview = None
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)


def _cells(model) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_mapping_preview_and_confirm(qtbot, qtmodeltester, dialog, commune_db: Path, monkeypatch) -> None:
    assert dialog.mapping.combos["held_on"].currentText() == "Cột B: Ngày hội nghị"  # guessed from the headings
    assert dialog.mapping.combos["speaker"].currentData() == 6
    # A long heading, cut in its narrow box, is said whole when the box is pointed at, with its guess.
    assert dialog.mapping.combos["speaker"].toolTip().startswith("Cột G: Họ tên người phát biểu\nĐoán với")
    assert dialog.mapping.combos["place"].toolTip() == ""  # no column: nothing to say
    assert dialog.mapping.combos["place"].currentData() is None and dialog.mapping.fixed["place"].isEnabled()
    qtmodeltester.check(dialog.meetings)
    qtmodeltester.check(dialog.problems)
    assert dialog.meetings.rowCount() == 0  # without a place no meeting is valid
    assert {p[1] for p in _cells(dialog.problems)} == {"2", "3", "4"}

    dialog.mapping.fixed["place"].setText("Hội trường UBND xã")  # the same place for every meeting
    _wait_preview(qtbot, dialog)
    qtmodeltester.check(dialog.meetings)
    qtmodeltester.check(dialog.problems)
    assert _cells(dialog.meetings) == [["2–3", "05/03/2024", "Hội nghị đối thoại quý I", "Hội trường UBND xã",
                                        "Nguyễn Văn An", "2", "0"]]
    (bad,) = _cells(dialog.problems)
    assert bad[1:3] == ["4", "Lĩnh vực"] and "Thể thao" in bad[3]  # the bad row, its column and why
    assert "3 dòng" in dialog.summary.text() and "1 dòng có lỗi" in dialog.summary.text()
    dialog.problems_view.setFocus()
    dialog.problems_view.setCurrentIndex(dialog.problems.index(0, 0))  # as the arrow keys do
    assert "Thể thao" in dialog.detail.toPlainText() and "bảng giá trị" in dialog.detail.toPlainText()

    # The value table: "Thể thao" is not in the list until the clerk says what it means.
    values = dialog.values
    row = next(r for r in range(values.rowCount()) if values.item(r, 1).text() == "Thể thao")
    combo = values.cellWidget(row, 3)
    assert combo.currentData() == ""
    combo.setCurrentIndex(combo.findData("other"))
    _wait_preview(qtbot, dialog)
    assert dialog.problems.rowCount() == 0 and dialog.meetings.rowCount() == 2
    combo.setCurrentIndex(combo.findData(""))
    _wait_preview(qtbot, dialog)
    assert dialog.meetings.rowCount() == 1
    assert not dialog.import_button.isEnabled() and _meetings(commune_db) == 0

    # Changed with a combo box: without the content column every opinion lacks its content.
    content = dialog.mapping.combos["content"]
    column = content.currentIndex()
    content.setCurrentIndex(content.findData(None))
    _wait_preview(qtbot, dialog)
    assert dialog.meetings.rowCount() == 0
    content.setCurrentIndex(column)
    _wait_preview(qtbot, dialog)
    assert dialog.meetings.rowCount() == 1

    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    dialog.import_button.click()
    assert asked and "1 hội nghị" in asked[0] and _meetings(commune_db) == 0  # declined: nothing written
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    assert dialog.summary.text() == "Đã nhập 1 hội nghị với 2 ý kiến và 0 nhiệm vụ."
    assert _meetings(commune_db) == 1 and not dialog.import_button.isEnabled()


def test_cancel_during_the_import_adds_nothing(qtbot, dialog, database, commune_db: Path) -> None:
    dialog.mapping.fixed["place"].setText("Hội trường UBND xã")
    _wait_preview(qtbot, dialog)
    release = threading.Event()
    database.submit(lambda store: release.wait(10))  # the worker is busy, so Cancel comes before the import runs
    dialog.run_import(dialog.preview, skip_invalid=True)
    dialog.progress_dialog.canceled.emit()  # as its Cancel button does
    release.set()
    qtbot.waitUntil(lambda: "hủy" in dialog.summary.text(), timeout=10_000)
    assert dialog.imported is None and _meetings(commune_db) == 0


def test_closing_after_the_preview_adds_nothing(qtbot, dialog, commune_db: Path) -> None:
    dialog.mapping.fixed["place"].setText("Hội trường UBND xã")
    _wait_preview(qtbot, dialog)
    dialog.close_button.click()
    assert not dialog.isVisible() and _meetings(commune_db) == 0


def test_a_file_that_is_not_a_workbook_is_said_in_a_sentence(qtbot, database, settings, tmp_path: Path) -> None:
    wrong = tmp_path / "so.xlsx"
    wrong.write_text("không phải tệp Excel", encoding="utf-8")
    shown = RegisterImportDialog(database, settings, today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.read(wrong)
    qtbot.waitUntil(lambda: shown.summary.text() == f"{wrong} không phải là tệp Excel hoặc OpenDocument "
                    "(.xlsx, .xls, .ods).", timeout=10_000)
    assert shown.preview is None and shown.meetings.rowCount() == 0 and not shown.import_button.isEnabled()


def test_the_file_menu_offers_the_import(qtbot, database, settings) -> None:
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    action = install_register_import(window, database, settings)
    texts = [a.text() for a in window.file_menu.actions()]
    assert action.text() in texts and texts.index(action.text()) < len(texts) - 1  # before Quit


def test_cancel_while_reading_leaves_the_dialog_as_it_was(qtbot, dialog, tmp_path: Path, monkeypatch) -> None:
    from qcdc_desktop.core.errors import Cancelled
    from qcdc_desktop.ui.registers import import_dialog as module

    before = (dialog.file_label.text(), dialog.preview, _cells(dialog.meetings), _cells(dialog.problems))
    asked = threading.Event()

    def slow_read(path, *, sheet=None, all_sheets=False, cancelled=None):  # a long read that looks at Cancel
        asked.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise Cancelled()

    monkeypatch.setattr(module, "read_register", slow_read)
    dialog.read(tmp_path / "another.xlsx")
    assert dialog.file_label.text().endswith("another.xlsx") and not dialog.choose_button.isEnabled()
    qtbot.waitUntil(asked.is_set, timeout=5_000)
    dialog.read_job.cancel()  # as the progress dialog's Cancel does
    qtbot.waitUntil(lambda: dialog.choose_button.isEnabled(), timeout=5_000)
    assert (dialog.file_label.text(), dialog.preview, _cells(dialog.meetings), _cells(dialog.problems)) == before
    assert "hủy" in dialog.summary.text() and not dialog.import_button.isEnabled()


def test_quarter_sheets_in_one_import_and_the_mapping_kept_for_the_layout(qtbot, database, settings,
                                                                         tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "reports"))
    from registers import build, meeting_rows

    legacy_rows = meeting_rows(dt.date(2024, 2, 5), "Tiếp công dân", "Phòng tiếp dân", 3)
    legacy_rows[2][5] = "Loø Vaên Minh"  # row 9, column F, typed in VNI-Times
    register = build(tmp_path / "quy.xlsx", {
        "Quý I": [legacy_rows],
        "Quý II": [meeting_rows(dt.date(2024, 5, 6), "Đối thoại định kỳ", "Hội trường", 4, seed=3)]})
    shown = RegisterImportDialog(database, settings, today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.read(register)
    qtbot.waitUntil(lambda: shown.preview is not None, timeout=10_000)
    assert shown.sheet_combo.itemText(0) == "Tất cả các trang tính cùng bố cục (2)"
    assert _cells(shown.meetings)[0][:2] == ["7–9", "05/02/2024"] and shown.meetings.rowCount() == 2
    legacy = _cells(shown.legacy)  # the names typed in the old fonts, and what they became
    assert ["Quý I", "9", "F", "Loø Vaên Minh", "VNI", "Lò Văn Minh"] in legacy
    values = {shown.values.item(r, 1).text(): shown.values.cellWidget(r, 3).currentData()
              for r in range(shown.values.rowCount())}
    assert values["GPMB"] == "compensation" and values["Tiếp công dân"] == "reception"
    kind = shown.mapping.combos["kind"]
    kind.setCurrentIndex(kind.findData(None))  # the clerk takes the kind column out
    _wait_preview(qtbot, shown)
    shown.read(register)  # read again: the mapping of this layout is kept
    _wait_preview(qtbot, shown)
    assert shown.mapping.combos["kind"].currentData() is None
    assert {m.meeting.kind for m in shown.preview.meetings} == {"dialogue"}


def test_the_rows_left_out_are_saved_to_correct(qtbot, dialog, tmp_path: Path, monkeypatch) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "sua-lai.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert dialog.export_button.isEnabled()  # without a place every row is left out
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "sua-lai.xlsx" in dialog.summary.text(), timeout=10_000)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [2, 3, 4] and all(r[-1] for r in rows[1:])
    assert "3 dòng" in dialog.summary.text()


def test_a_value_only_containing_a_known_word_is_marked_to_check(qtbot) -> None:
    from qcdc_desktop.ui.registers.value_mapping import ValueMappingTable

    table = ValueMappingTable()
    qtbot.addWidget(table)
    table.set_values({"field": [("gpmb", "GPMB", 4), ("boi thuong gpmb du an duong", "Bồi thường GPMB dự án đường", 2)]},
                     {"field": {"gpmb": "compensation", "boi thuong gpmb du an duong": "compensation"}})
    assert [table.item(r, 0).text() for r in range(2)] == ["Lĩnh vực", "Lĩnh vực (cần kiểm tra)"]
    assert table.values() == {"field": {"gpmb": "compensation", "boi thuong gpmb du an duong": "compensation"}}
