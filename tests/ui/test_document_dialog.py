"""The documents of a meeting in the application: preview, issue, print (to a PDF printer here),
save; the Notices place with the register; the offer of a corrected notice after an edit."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from conftest import minimal_meeting
from pdfcheck import line_with, needs_poppler
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.edit import require_meeting
from qcdc_desktop.db.meetings import add_meetings
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.documents.document_dialog import DocumentDialog
from qcdc_desktop.ui.meetings.list_page import install_list_pages
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.documents.page import NoticesPage, install_notices
from qcdc_desktop.ui.printout.print_settings import a4_printer

pytestmark = needs_poppler


@pytest.fixture
def meeting_db(commune_db: Path) -> tuple[Path, str]:
    conclusion = {"content": "Hoàn thiện hồ sơ cấp giấy chứng nhận.", "assignee": "Công chức Địa chính",
                  "deadline": "2024-04-30"}
    meetings = parse_meetings([minimal_meeting(status="concluded", conclusions=[conclusion])],
                              today=dt.date(2024, 6, 1))
    with open_store(commune_db) as store:
        add_meetings(store, meetings=meetings)
    return commune_db, meetings[0].id


@pytest.fixture
def database(qtbot, meeting_db):
    db = Database(meeting_db[0])
    from qcdc_desktop.db import access
    from qcdc_desktop.ui import session

    session.begin(access.signed_in(meeting_db[0]))  # the administrator, as the main window would say
    yield db
    qtbot.waitUntil(lambda: not db.busy(), timeout=10_000)
    db.shutdown()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _register(path: Path) -> list[tuple[int, int]]:
    with open_store(path, readonly=True, check=False) as store:
        return store.conn.execute("SELECT number, cancelled FROM register_entries ORDER BY number").fetchall()


def _open_dialog(qtbot, database, meeting_id: str, settings: QSettings) -> DocumentDialog:
    dialog = DocumentDialog(database, meeting_id, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0, timeout=15_000)
    return dialog


def test_the_preview_is_a_draft_until_issued_then_prints_and_saves_as_issued(
        qtbot, database, meeting_db, settings, monkeypatch, tmp_path: Path) -> None:
    path, meeting_id = meeting_db
    dialog = _open_dialog(qtbot, database, meeting_id, settings)
    assert dialog.rendered.entry.number == 0 and dialog.issue_button.isEnabled()
    assert _register(path) == []
    dialog.signer.setCurrentText("Trần Văn Bình")
    qtbot.waitUntil(lambda: dialog.rendered.entry.signer == "Trần Văn Bình", timeout=10_000)  # the draft follows
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.issue()
    qtbot.waitUntil(lambda: dialog.rendered.entry.number == 1 and dialog.issued, timeout=10_000)
    assert _register(path) == [(1, 0)]
    assert not dialog.issue_button.isEnabled() and not dialog.signer.isEnabled()
    assert "01/TB-UBND" in dialog.status.text()

    saved = tmp_path / "tb.pdf"
    dialog.save_to(saved)
    qtbot.waitUntil(saved.exists, timeout=10_000)
    assert saved.read_bytes() == dialog.rendered.pdf
    assert line_with(saved, "Số:").startswith("Số: 01/TB-UBND")
    assert "Trần Văn Bình" in line_with(saved, "Trần Văn Bình")

    printed = tmp_path / "printed.pdf"
    printer = a4_printer(QPrinter(QPrinter.PrinterMode.ScreenResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    dialog.send_to_printer(printer)
    qtbot.waitUntil(lambda: str(printed) in dialog.output_status.text(), timeout=20_000)
    assert printed.read_bytes() == dialog.rendered.pdf  # "print to file": the document itself, text as text
    assert "01/TB-UBND" in dialog.status.text()  # printing did not take the place of what was issued


def test_save_as_word_the_draft_then_the_issued_document_under_its_number(
        qtbot, database, meeting_db, settings, monkeypatch, tmp_path: Path) -> None:
    from docx import Document

    def header(path: Path) -> str:
        return "\n".join(c.text for row in Document(str(path)).tables[0].rows for c in row.cells)

    path, meeting_id = meeting_db
    dialog = _open_dialog(qtbot, database, meeting_id, settings)
    assert dialog.word_button.isEnabled() and "Ctrl+Shift+W" in dialog.word_button.text()
    draft = tmp_path / "draft.docx"
    dialog.save_word_to(draft)
    qtbot.waitUntil(lambda: str(draft) in dialog.output_status.text(), timeout=15_000)
    assert "/TB-UBND" in header(draft) and "01/TB" not in header(draft)  # the number left blank
    assert _register(path) == []  # saving a draft as Word takes no number

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.issue()
    qtbot.waitUntil(lambda: dialog.rendered is not None and dialog.rendered.entry.number == 1 and dialog.issued,
                    timeout=10_000)
    issued = tmp_path / "issued.docx"
    qtbot.waitUntil(dialog.word_button.isEnabled, timeout=10_000)
    dialog.save_word_to(issued)
    qtbot.waitUntil(lambda: str(issued) in dialog.output_status.text(), timeout=15_000)
    assert "Số: 01/TB-UBND" in header(issued)
    assert _register(path) == [(1, 0)]  # its number, not a new one

    dialog.kind.setCurrentIndex(dialog.kind.findData("results"))
    qtbot.waitUntil(lambda: dialog.word_button.isHidden(), timeout=10_000)


def test_zoom_and_paging_of_the_preview(qtbot, database, meeting_db, settings) -> None:
    dialog = _open_dialog(qtbot, database, meeting_db[1], settings)
    before = dialog.preview.view.zoomFactor()
    dialog.preview.zoom_in()
    assert dialog.preview.view.zoomFactor() > before
    dialog.preview.fit_width()
    assert not dialog.preview.next_button.isEnabled()  # a one-page notice
    assert "1" in dialog.preview.page_label.text()


def test_an_edit_after_issuing_offers_a_corrected_notice(qtbot, database, meeting_db, settings, monkeypatch) -> None:
    path, meeting_id = meeting_db
    from qcdc_desktop.printing.desk import issue_document

    with open_store(path) as store:
        issue_document(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8), signer="Nguyễn Văn An")
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    database.open()
    window.open_meeting(meeting_id)
    qtbot.waitUntil(lambda: window.editor.meeting_id == meeting_id, timeout=10_000)
    window.editor.inputs["place"].setText("Nhà văn hóa Thôn 3")
    window.editor.save()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert "01/TB-UBND" in asked[0]
    assert _register(path) == [(1, 0)]  # nothing issued without the person saying so

    dialog = _open_dialog(qtbot, database, meeting_id, settings)
    assert dialog.state.stale and dialog.rendered.entry.number == 0
    assert dialog.issue_button.isEnabled() and dialog.signer.isEnabled()
    dialog.date.setDate(dt.date(2024, 3, 12))  # the same year's register: the next number is 02
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    dialog.issue()
    qtbot.waitUntil(lambda: warnings or dialog.rendered.entry.number == 2 and dialog.issued, timeout=10_000)
    assert not warnings
    assert _register(path) == [(1, 1), (2, 0)]


def test_the_notices_place_lists_the_register_and_cancels_keeping_the_number(
        qtbot, database, meeting_db, settings, monkeypatch) -> None:
    path, meeting_id = meeting_db
    from qcdc_desktop.printing.desk import issue_document

    with open_store(path) as store:
        issue_document(store, meeting_id=meeting_id, issued_on=dt.date(2024, 3, 8), signer="Nguyễn Văn An")
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    pages = install_list_pages(window, database, path, settings)
    page = install_notices(window, database, path, settings, pages["meetings"])
    assert isinstance(page, NoticesPage)
    keys = [window.nav.item(i).data(0x0100) for i in range(window.nav.count())]
    assert keys.index("notices") == keys.index("tasks") + 1
    page.year.setValue(2024)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert page.table.item(0, 0).text() == "01/TB-UBND"
    page.table.selectRow(0)
    from qcdc_desktop.ui.documents import page as notices_page

    asked: list[str] = []
    monkeypatch.setattr(notices_page, "ask_reason", lambda parent, title, question, action: asked.append(question)
                        or "Ban hành nhầm số")
    page.cancel_selected()
    qtbot.waitUntil(lambda: page.table.item(0, 5) is not None and page.table.item(0, 5).text() != "Đã ban hành",
                    timeout=10_000)
    assert _register(path) == [(1, 1)]
    assert require_meeting_status(path, meeting_id) == "concluded"
    assert "01/TB-UBND" in asked[0]  # the question names the document, and the reason is kept:
    with open_store(path, readonly=True, check=False) as store:
        assert store.conn.execute("SELECT json_extract(body, '$.reason') FROM history WHERE kind = 'register_entries' "
                                  "AND action = 'update'").fetchall() == [("Ban hành nhầm số",)]
    for list_page in pages.values():
        list_page.model.close()


def require_meeting_status(path: Path, meeting_id: str) -> str:
    with open_store(path, readonly=True, check=False) as store:
        return require_meeting(store, meeting_id).status


def test_notices_of_the_selected_meetings_are_saved_and_printed_as_a_batch(
        qtbot, commune_db: Path, settings, monkeypatch, tmp_path: Path, qcdc) -> None:
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog, QFileDialog

    assert qcdc("demo", "--db", str(commune_db), "--meetings", "4", "--seed", "3").returncode == 0
    database = Database(commune_db)
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    pages = install_list_pages(window, database, commune_db, settings)
    install_notices(window, database, commune_db, settings, pages["meetings"])
    meetings = pages["meetings"]
    window.show()
    window.show_page("meetings")
    qtbot.waitUntil(lambda: meetings.model.rowCount() == 4, timeout=10_000)
    meetings.table.selectRow(0)
    meetings.table.selectionModel().select(meetings.model.index(2, 0), meetings.table.selectionModel().SelectionFlag.Select
                                           | meetings.table.selectionModel().SelectionFlag.Rows)
    assert len(meetings.selected_meeting_ids()) == 2

    folder = tmp_path / "batch"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))
    window.batch_save_action.trigger()
    qtbot.waitUntil(lambda: len(list(folder.glob("*.pdf"))) == 2, timeout=20_000)

    printed = tmp_path / "printed.pdf"

    def print_to_file(dialog: QPrintDialog) -> QDialog.DialogCode:  # "print to file" chosen, then In
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        dialog.printer().setResolution(150)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_to_file)
    window.batch_print_action.trigger()
    qtbot.waitUntil(lambda: "trang" in window.statusBar().currentMessage(), timeout=30_000)
    pages_in = sum(int(re.search(r"^Pages:\s+(\d+)$", subprocess.run(["pdfinfo", str(p)], capture_output=True,
                                                                      text=True).stdout, re.M).group(1))
                   for p in folder.glob("*.pdf"))
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+%d$" % pages_in, info, re.M)  # the two notices, every page, one job
    assert _register(commune_db) == []  # a batch issues nothing
    for list_page in pages.values():
        list_page.model.close()
    qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
    database.shutdown()


def test_ctrl_p_opens_the_documents_of_the_meeting_chosen_in_the_place_shown(
        qtbot, database, meeting_db, settings, monkeypatch) -> None:
    import qcdc_desktop.ui.documents.page as notices_page

    path, meeting_id = meeting_db
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    pages = install_list_pages(window, database, path, settings)
    install_notices(window, database, path, settings, pages["meetings"])
    opened: list[str] = []

    class Opened:  # stands for the dialog: records which meeting it was opened on
        def __init__(self, _database, meeting_id: str, **_kwargs) -> None:
            opened.append(meeting_id)

        def exec(self) -> int:
            return 0

        def deleteLater(self) -> None:  # noqa: N802 - Qt's name
            opened.append("deleted")

    monkeypatch.setattr(notices_page, "DocumentDialog", Opened)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: told.append(a[2])))
    window.show()
    window.show_page("overview")
    assert not window.documents_action.isEnabled()  # nothing chosen: not offered
    window.documents_action.trigger()
    assert not told and not opened
    opinions = pages["tasks"]
    window.show_page("tasks")
    qtbot.waitUntil(lambda: opinions.model.rowCount() == 1, timeout=10_000)
    opinions.table.clearSelection()
    assert not window.documents_action.isEnabled()
    opinions.table.selectRow(0)
    assert window.documents_action.isEnabled()
    window.documents_action.trigger()
    assert opened == [meeting_id, "deleted"]  # opened on the task's meeting, and not kept once closed
    for list_page in pages.values():
        list_page.model.close()


def test_the_signer_follows_the_signature_chosen_unless_typed(qtbot, commune_db: Path, settings) -> None:
    from qcdc_desktop.db import access
    from qcdc_desktop.db.officials import add_official
    from qcdc_desktop.ui import session

    meetings = parse_meetings([minimal_meeting(status="concluded", chair="Nguyễn Văn An",
                                               chair_title="Chủ tịch UBND phường",
                                               conclusions=[{"content": "Sửa đường.", "assignee": "Công chức"}])],
                              today=dt.date(2024, 6, 1))
    with open_store(commune_db) as store:
        add_meetings(store, meetings=meetings)
        add_official(store, name="Lương Ngọc Lan", title="Phó Chủ tịch UBND phường")
        add_official(store, name="Nguyễn Thị Bình", title="Chánh Văn phòng HĐND và UBND phường")
    database = Database(commune_db)
    session.begin(access.signed_in(commune_db))
    try:
        dialog = _open_dialog(qtbot, database, meetings[0].id, settings)
        assert [dialog.authority.itemData(i) for i in range(dialog.authority.count())] == [
            "tm", "tm_kt", "kt", "tl", "tuq", "chairman"]
        assert dialog.signer.currentText() == "Nguyễn Văn An"
        dialog.authority.setFocus()
        while dialog.authority.currentData() != "kt":
            qtbot.keyClick(dialog.authority, Qt.Key.Key_Down)
        assert dialog.signer.currentText() == "Lương Ngọc Lan"
        while dialog.authority.currentData() != "tuq":
            qtbot.keyClick(dialog.authority, Qt.Key.Key_Down)
        assert dialog.signer.currentText() == "Nguyễn Thị Bình"
        qtbot.waitUntil(lambda: dialog.rendered is not None and dialog.rendered.entry.authority == "tuq",
                        timeout=10_000)
        assert dialog.rendered.entry.signer == "Nguyễn Thị Bình"
        dialog.signer.setCurrentText("Người Được Ủy Quyền")
        qtbot.keyClick(dialog.authority, Qt.Key.Key_Up)  # typed by the clerk: kept
        assert dialog.signer.currentText() == "Người Được Ủy Quyền"
    finally:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        database.shutdown()


def test_minutes_without_a_secretary_say_so_and_are_refused_a_number(qtbot, database, meeting_db, settings,
                                                                     monkeypatch) -> None:
    """The fixture's meeting has no secretary: the dialog says so in the clerk's language, and
    issuing is refused with the register's sentence, taking no number.  The date offered is today,
    not the day of the meeting."""
    path, meeting_id = meeting_db
    dialog = DocumentDialog(database, meeting_id, doc_type="BB", settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0, timeout=15_000)
    assert dialog.issue_date() == dt.date.today()
    assert dialog.status.text().startswith("Biên bản chưa thể lấy số") and "thư ký" in dialog.status.text()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, _title, text, *a: warned.append(text)))
    dialog.issue()
    qtbot.waitUntil(lambda: warned != [], timeout=10_000)
    assert "không thể lấy số khi chưa có tên thư ký" in warned[0]
    assert _register(path) == []


def test_the_summary_of_the_opinions_is_chosen_by_keys_and_kept_when_issued(
        qtbot, database, meeting_db, settings, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

    from accel_walk import mnemonic_of

    path, meeting_id = meeting_db
    dialog = _open_dialog(qtbot, database, meeting_id, settings)
    letters = [mnemonic_of(w.text()) 
               for w in [*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)] if w.isVisible()]
    letters = [x.casefold() for x in letters if x]
    assert len(letters) == len(set(letters)), letters  # each Alt+letter reaches one control
    assert dialog.summary.isVisible() and dialog.summary.isChecked()  # a dialogue: summarised by default
    assert dialog.rendered.entry.opinions == "summary"
    letter = mnemonic_of(dialog.summary.text())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.summary.isChecked(), timeout=5_000)  # a mnemonic clicks after a moment
    qtbot.waitUntil(lambda: dialog.rendered.entry.opinions == "counts", timeout=10_000)  # the preview follows
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.issue()
    qtbot.waitUntil(lambda: dialog.issued, timeout=10_000)
    assert dialog.rendered.entry.opinions == "counts" and not dialog.summary.isChecked()
    assert not dialog.summary.isEnabled()  # an issued notice prints again as issued
    with open_store(path, readonly=True, check=False) as store:
        stored = store.conn.execute("SELECT fingerprint FROM register_entries").fetchone()[0]
    assert not stored.startswith("summary:")
