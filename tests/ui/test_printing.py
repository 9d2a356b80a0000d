"""Printing from the application on a real print system (tests/cupsd.py): the notice goes to the
queue as its own PDF, the job's id and state are said under the buttons while the line about the
issued number stays; a refusing queue is said and nothing is "sent"; the printer chosen is there
again after a restart; the office's default printer from Settings; the notices of the Meetings
list printed one job a notice, with Cancel; the drawing fallback sends only the pages asked, in
grey."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox

from conftest import minimal_meeting
from cupsd import cups_server, wait_for_output  # noqa: F401 - the fixture
from pdfcheck import fonts, layout_text, needs_poppler, page_count
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.meetings import add_meetings
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.printing.desk import issue_document
from qcdc_desktop.ui.documents.document_dialog import DocumentDialog
from qcdc_desktop.ui.meetings.list_page import install_list_pages
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.documents.page import install_notices
from qcdc_desktop.ui.printout.print_settings import DefaultPrinterChooser, prepared_printer
from qcdc_desktop.ui.printout.raster_print import print_raster

pytestmark = needs_poppler


@pytest.fixture
def queues(cups_server):  # noqa: F811
    cups_server.reset()
    return cups_server


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def _settings(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


@pytest.fixture
def issued(commune_db: Path) -> tuple[Path, str]:
    conclusion = {"content": "Hoàn thiện hồ sơ cấp giấy chứng nhận.", "assignee": "Công chức Địa chính",
                  "deadline": "2024-04-30"}
    meetings = parse_meetings([minimal_meeting(status="concluded", conclusions=[conclusion])],
                              today=dt.date(2024, 6, 1))
    with open_store(commune_db) as store:
        add_meetings(store, meetings=meetings)
        issue_document(store, meeting_id=meetings[0].id, issued_on=dt.date(2024, 3, 8), signer="Nguyễn Văn An")
    return commune_db, meetings[0].id


@pytest.fixture
def database(qtbot, issued):
    db = Database(issued[0])
    yield db
    qtbot.waitUntil(lambda: not db.busy(), timeout=10_000)
    db.shutdown()


def _dialog(qtbot, database, meeting_id: str, settings: QSettings) -> DocumentDialog:
    dialog = DocumentDialog(database, meeting_id, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0 and dialog.issued, timeout=15_000)
    return dialog


def _choose_in_dialog(monkeypatch, printer_name: str, *, copies: int = 1) -> None:
    def exec_(dialog: QPrintDialog) -> QDialog.DialogCode:
        dialog.printer().setPrinterName(printer_name)
        dialog.printer().setCopyCount(copies)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)


def test_the_notice_goes_to_the_queue_as_text_and_its_job_is_followed_until_printed(
        qtbot, queues, database, issued, settings_file, monkeypatch, caplog) -> None:
    from conftest import PASSWORD
    from qcdc_desktop.db import access, accounts
    from qcdc_desktop.ui import session

    settings = _settings(settings_file)
    with open_store(issued[0]) as store:
        accounts.add_account(store, login="canbo", full_name="Lê Văn Cán bộ", title="", role="clerk",
                             password=PASSWORD)
    accounts.sign_in(issued[0], "canbo", PASSWORD)
    session.begin(access.signed_in(issued[0]))  # the person signed in is who printed, in the record
    dialog = _dialog(qtbot, database, issued[1], settings)
    issued_line = dialog.status.text()
    assert "01/TB-UBND" in issued_line
    _choose_in_dialog(monkeypatch, "VanPhong")
    caplog.set_level(logging.INFO, logger="qcdc_desktop.printing")
    dialog.print_button.click()
    qtbot.waitUntil(lambda: "VanPhong-" in dialog.output_status.text(), timeout=20_000)
    qtbot.waitUntil(lambda: "đã in xong" in dialog.output_status.text(), timeout=30_000)
    assert dialog.status.text() == issued_line  # the issued number is still said
    printed = wait_for_output(queues.output("VanPhong"))
    source = settings_file.parent / "source.pdf"
    source.write_bytes(dialog.rendered.pdf)
    assert layout_text(printed) == layout_text(source)
    assert all(font["emb"] == "yes" for font in fonts(printed))
    records = [r.getMessage() for r in caplog.records if r.name == "qcdc_desktop.printing"]
    assert any("print sent" in r and "01-TB-UBND" in r and "VanPhong" in r and "Lê Văn Cán bộ" in r
               for r in records)
    qtbot.waitUntil(lambda: any("print printed" in r.getMessage() for r in caplog.records), timeout=10_000)


def test_a_refusing_queue_is_said_and_nothing_is_said_sent(qtbot, queues, database, issued, settings_file,
                                                           monkeypatch) -> None:
    assert queues.run("cupsreject", "-r", "Hết mực", "VanPhong").returncode == 0
    dialog = _dialog(qtbot, database, issued[1], _settings(settings_file))
    _choose_in_dialog(monkeypatch, "VanPhong")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: told.append(a[2])))
    dialog.print_button.click()
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    assert told[0].startswith("Máy in VanPhong đang không nhận lệnh in") and "Hết mực" in told[0]
    assert "gửi" not in dialog.output_status.text().lower().replace("chưa gửi", "")
    assert "01/TB-UBND" in dialog.status.text()
    assert queues.run("lpstat", "-W", "all", "-o", "VanPhong").stdout.strip() == ""


def test_the_printer_and_options_are_remembered_per_kind_across_a_restart(
        qtbot, queues, database, issued, settings_file, monkeypatch) -> None:
    settings = _settings(settings_file)
    chooser = DefaultPrinterChooser(settings)
    qtbot.addWidget(chooser)
    qtbot.waitUntil(lambda: chooser.combo.findData("VanPhong") >= 0, timeout=10_000)
    chooser.combo.setCurrentIndex(chooser.combo.findData("VanPhong"))  # Settings: the office's printer
    assert prepared_printer(settings, "TB", "x").printerName() == "VanPhong"
    dialog = _dialog(qtbot, database, issued[1], settings)
    _choose_in_dialog(monkeypatch, "TiepDan", copies=2)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: "TiepDan-" in dialog.output_status.text(), timeout=20_000)
    dialog.close()
    del settings

    restarted = _settings(settings_file)  # the next start reads the same file
    printer = prepared_printer(restarted, "TB", "01-TB-UBND")
    assert printer.printerName() == "TiepDan" and printer.copyCount() == 2
    assert prepared_printer(restarted, "keycard", "x").printerName() == "VanPhong"  # another kind: the default


def test_the_notices_of_the_selected_meetings_print_one_job_a_notice_and_cancel_keeps_what_went(
        qtbot, queues, commune_db: Path, settings_file, monkeypatch, qcdc) -> None:
    import qcdc_desktop.ui.printout.print_job as print_job

    assert qcdc("demo", "--db", str(commune_db), "--meetings", "4", "--seed", "3").returncode == 0
    settings = _settings(settings_file)
    database = Database(commune_db)
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    pages = install_list_pages(window, database, commune_db, settings)
    install_notices(window, database, commune_db, settings, pages["meetings"])
    meetings = pages["meetings"]
    window.show()
    window.show_page("meetings")
    qtbot.waitUntil(lambda: meetings.model.rowCount() == 4, timeout=10_000)
    meetings.table.selectAll()
    assert len(meetings.selected_meeting_ids()) == 4
    _choose_in_dialog(monkeypatch, "TiepDan")
    window.batch_print_action.trigger()
    qtbot.waitUntil(lambda: "Đã in xong 4/4 lệnh in" in window.statusBar().currentMessage(), timeout=60_000)
    assert len(queues.run("lpstat", "-W", "completed", "-o", "TiepDan").stdout.strip().splitlines()) == 4

    started = print_job.run_with_progress

    def cancel_after_the_first(*args, **kwargs):
        job = started(*args, **kwargs)
        job.progress.connect(lambda done, _total: job.cancel() if done >= 1 else None)
        return job

    monkeypatch.setattr(print_job, "run_with_progress", cancel_after_the_first)
    window.batch_print_action.trigger()
    qtbot.waitUntil(lambda: "Đã hủy" in window.statusBar().currentMessage(), timeout=60_000)
    sent = len(queues.run("lpstat", "-W", "all", "-o", "TiepDan").stdout.strip().splitlines()) - 4
    assert 1 <= sent < 4 and f"{sent} lệnh in" in window.statusBar().currentMessage()
    for list_page in pages.values():
        list_page.model.close()
    qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
    database.shutdown()


def test_the_drawing_fallback_sends_only_the_pages_asked_in_grey(qtbot, queues, tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    source = tmp_path / "two.pdf"
    canvas = Canvas(str(source), pagesize=A4)
    for text in ("Trang một", "Trang hai"):
        canvas.setFillColorRGB(0.8, 0.1, 0.1)
        canvas.rect(100, 500, 200, 200, fill=1)
        canvas.drawString(100, 400, text)
        canvas.showPage()
    canvas.save()
    printer = prepared_printer(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), "TB", "two")
    printer.setPrinterName("VanPhong")
    printer.setResolution(100)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    seen: list[tuple[int, int]] = []
    sent = print_raster([source.read_bytes()], printer, total=1, progress=lambda d, t: seen.append((d, t)),
                        cancelled=lambda: False)
    assert sent == 1 and seen[-1] == (1, 1)
    printed = wait_for_output(queues.output("VanPhong"))
    assert page_count(printed) == 1
    images = subprocess.run(["pdfimages", "-list", str(printed)], capture_output=True, text=True).stdout
    assert " gray " in images and " rgb " not in images  # drawn in shades of grey
    seen_page = subprocess.run(["pdftoppm", "-gray", "-r", "20", str(printed)], capture_output=True).stdout
    pixels = seen_page[seen_page.index(b"255\n") + 4:]  # PGM: header, then one byte a pixel
    assert sum(pixels) / len(pixels) > 220  # white paper with a grey square and a line of text
    assert min(pixels) < 200  # and the square is there


SAME_IN_VIETNAMESE = {"Form", "A4", "mm", "%1%", "...", "1 (1x1)", "2 (2x1)", "4 (2x2)", "6 (2x3)", "9 (3x3)",
                      "16 (4x4)", "Pica (P̸)", "Didot (DD)", "Cicero (CC)"}


def test_every_word_of_qts_print_dialogs_is_in_vietnamese(qtbot, queues) -> None:
    from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
    from PySide6.QtPrintSupport import QPageSetupDialog
    from PySide6.QtWidgets import QApplication, QPushButton, QTabWidget

    from qcdc_desktop.ui.widgets.language import apply_language, qt_catalog, remove_qt_catalog

    asked: dict[tuple[str, str], None] = {}

    class Listening(QTranslator):  # asked first, answers nothing: the catalog answers
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802 - Qt's name
            asked[(context, source)] = None
            return None  # a null string: Qt asks the next translator

        def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
            return False

    apply_language("vi")
    listening = Listening()
    QCoreApplication.installTranslator(listening)
    try:
        printer = prepared_printer(QSettings(), "TB", "x")
        printer.setPrinterName("VanPhong")
        dialog = QPrintDialog(printer)

        def every_tab() -> None:
            for window in QApplication.topLevelWidgets():
                for tabs in window.findChildren(QTabWidget):
                    for index in range(tabs.count()):
                        tabs.setCurrentIndex(index)

        def close_properties() -> None:
            every_tab()
            for window in QApplication.topLevelWidgets():
                if window is not dialog and isinstance(window, QDialog) and window.isVisible():
                    window.reject()
            QTimer.singleShot(100, dialog.reject)

        def open_properties() -> None:
            every_tab()
            QTimer.singleShot(200, close_properties)
            dialog.findChild(QPushButton, "properties").click()

        QTimer.singleShot(200, open_properties)
        dialog.exec()
        setup = QPageSetupDialog(printer)
        QTimer.singleShot(100, setup.reject)
        setup.exec()
    finally:
        QCoreApplication.removeTranslator(listening)
    catalog = QTranslator()
    assert catalog.load(str(qt_catalog("vi")))
    contexts = {context for context, _source in asked}
    assert {"QPrintDialog", "QPrintPropertiesDialog", "QCupsJobWidget", "QPageSetupWidget"} <= contexts
    untranslated = [(c, s) for c, s in asked if s not in SAME_IN_VIETNAMESE and not catalog.translate(c, s)]
    remove_qt_catalog()
    assert untranslated == []
    assert catalog.translate("QPrintPropertiesDialog", "Printer Properties") == "Thuộc tính máy in"
    assert catalog.translate("QCupsJobWidget", "Banner Pages") == "Trang bìa phân cách"


def test_the_tray_and_the_driver_options_of_the_properties_window_reach_the_job(qtbot, queues, tmp_path: Path) -> None:
    import cups
    from PySide6.QtPrintSupport import QPrintEngine

    from qcdc_desktop.printing.spool import CupsQueues
    from qcdc_desktop.ui.printout.print_settings import options_from

    printer = prepared_printer(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), "TB", "x")
    printer.setPrinterName("VanPhong")
    printer.setPaperSource(QPrinter.PaperSource.Lower)
    printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
    # what Qt's properties window leaves on the printer when a tray and banner pages are chosen there
    printer.printEngine().setProperty(QPrintEngine.PrintEnginePropertyKey(0xFE00),
                                      ["InputSlot", "Tray2", "job-billing", "", "job-sheets", "none,none"])
    options = options_from(printer)
    assert options.tray == "bottom" and options.sides == "two-sided-long-edge"
    assert dict(options.extra) == {"InputSlot": "Tray2", "job-sheets": "none,none"}
    from reportlab.pdfgen.canvas import Canvas

    source = tmp_path / "one.pdf"
    canvas = Canvas(str(source))
    canvas.drawString(100, 700, "Thông báo")
    canvas.save()
    job = CupsQueues().submit(source.read_bytes(), options, title="x", page_count=1)
    attributes = cups.Connection(host=str(queues.socket)).getJobAttributes(job.job_id)
    assert attributes["InputSlot"] == "Tray2" and attributes["media-source"] == "bottom"
    assert attributes["sides"] == "two-sided-long-edge"
