"""The Reports place on the hand-made meetings of report_fixture.py: a period chosen, its figures
built as a job and checked against numbers counted by hand, the PDF previewed and printed, the
Excel workbook saved and read back, a chart saved as PNG, the cut-off day kept in the data file,
Cancel, and the figures of each commune at the upper level."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from conftest import ADMIN, RECOVERY_CODE, TODAY, minimal_meeting
from pdfcheck import needs_poppler
from qcdc_desktop.core.ids import IdMaker
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.meetings import insert_meetings
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.db.statistics import cutoff_day
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.reports import page as reports_page
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.printout.print_settings import a4_printer
from qcdc_desktop.ui.places import install_reports
from qcdc_desktop.ui.reports.page import ReportsPage
from report_fixture import fill

pytestmark = needs_poppler


def _make_db(path: Path, *, second_office: bool = False) -> Path:
    with init_store(path, resolve_unit("00004", "commune"), ADMIN, RECOVERY_CODE) as store:
        fill(store)
        if second_office:  # as at the upper level: a meeting recorded by Phường Ngọc Hà (00008)
            other = parse_meetings([minimal_meeting(held_on="2024-02-01", participants=7)], today=TODAY)
            with store.transaction() as conn:
                insert_meetings(conn, other, origin="00008", make_id=IdMaker("00008"))
    return path


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_page(qtbot, tmp_path: Path, settings: QSettings):
    databases: list[Database] = []

    def make(*, second_office: bool = False) -> ReportsPage:
        from conftest import at_the_window

        path = _make_db(tmp_path / f"report{len(databases)}.db", second_office=second_office)
        at_the_window(path)  # what the main window does: its administrator is at the screen
        database = Database(path)
        databases.append(database)
        page = ReportsPage(database, path, settings, today=lambda: TODAY)
        qtbot.addWidget(page)
        page.resize(1150, 650)
        page.show()
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        return page

    yield make
    for database in databases:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        database.shutdown()


def _choose(page: ReportsPage, kind: str, year: int, number: int = 1) -> None:
    chooser = page.chooser
    chooser.kind.setCurrentIndex(chooser.kind.findData(kind))
    chooser.year.setValue(year)
    chooser.number.setValue(number)


def _build(qtbot, page: ReportsPage) -> None:
    page.report = None
    page.build()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)


def _shown(page: ReportsPage, key: str) -> list[list[str]]:
    page.table_list.setCurrentRow(next(i for i, t in enumerate(page.tables) if t.key == key))
    model = page.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_figures_of_a_quarter_the_preview_the_workbook_and_a_chart(qtbot, qtmodeltester, make_page,
                                                                       tmp_path: Path, monkeypatch) -> None:
    page = make_page()
    qtmodeltester.check(page.model)  # empty, before any report
    assert not page.save_buttons[".xlsx"].isEnabled()
    _choose(page, "quarter", 2024, 1)
    assert page.chooser.dates.text() == "từ ngày 01/01/2024 đến ngày 31/03/2024"
    _build(qtbot, page)
    summary = dict((label, value) for label, value in _shown(page, "summary"))
    qtmodeltester.check(page.model)
    assert summary == {"Số hội nghị đã tổ chức": "3", "Số hội nghị theo kế hoạch, chưa tổ chức": "0",
                       "Số người tham dự": "230", "Số ý kiến, kiến nghị, phản ánh": "6",
                       "Đã trả lời tại hội nghị": "3", "Tỷ lệ trả lời tại hội nghị": "50,0%",
                       "Số nhiệm vụ được kết luận": "5", "Số nhiệm vụ đã hoàn thành": "2",
                       "Tỷ lệ nhiệm vụ đã hoàn thành": "40,0%", "Số nhiệm vụ quá hạn": "1"}
    fields = {row[0]: row[1] for row in _shown(page, "fields") if row[1] != "0"}
    qtmodeltester.check(page.model)
    assert fields == {"Đất đai": "3", "Giao thông": "1", "Môi trường": "1", "Y tế": "1", "Tổng cộng": "6"}
    assert _shown(page, "months") == [["01/2024", "1"], ["02/2024", "1"], ["03/2024", "1"], ["Tổng cộng", "3"]]
    total_font = page.model.data(page.model.index(3, 0), 0x0006)  # Qt.FontRole: the total row in bold
    assert total_font is not None and total_font.bold()
    assert "quý I năm 2024" in page.status.text()
    assert page.preview.page_count() >= 1 and page.report.pdf.startswith(b"%PDF")

    workbook = tmp_path / "bc.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "bc"), "")))
    page.save_buttons[".xlsx"].click()
    qtbot.waitUntil(workbook.exists, timeout=10_000)
    book = openpyxl.load_workbook(workbook, read_only=True)
    sheet = book["Tổng hợp"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert values["Số người tham dự"] == 230 and values["Tỷ lệ trả lời tại hội nghị"] == 0.5
    book.close()

    saved_pdf, saved_csv = tmp_path / "bc.pdf", tmp_path / "bc.csv"
    page.save_to(saved_pdf)
    qtbot.waitUntil(lambda: "bc.pdf" in page.status.text(), timeout=10_000)
    assert saved_pdf.read_bytes() == page.report.pdf  # what was previewed is what is saved
    page.save_to(saved_csv)
    qtbot.waitUntil(lambda: "bc.csv" in page.status.text(), timeout=10_000)
    assert "Số người tham dự,230" in saved_csv.read_text(encoding="utf-8-sig")

    picture = tmp_path / "linh-vuc.png"
    page.tabs.setCurrentWidget(page.charts)
    page.charts.save("fields", picture)
    qtbot.waitUntil(lambda: "linh-vuc.png" in page.status.text(), timeout=10_000)
    image = QImage(str(picture))
    assert not image.isNull() and image.width() > 200 and image.height() > 100
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half-written file left


def test_the_report_prints_every_page_of_its_preview(qtbot, make_page, tmp_path: Path) -> None:
    import subprocess

    page = make_page()
    _choose(page, "quarter", 2024, 1)
    _build(qtbot, page)
    printed = tmp_path / "printed.pdf"
    printer = a4_printer(QPrinter(QPrinter.PrinterMode.ScreenResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    page.send_to_printer(printer)
    qtbot.waitUntil(lambda: "trang" in page.status.text(), timeout=20_000)
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {page.preview.page_count()}" in info
    assert printed.read_bytes() == page.report.pdf  # the report itself, its text as text


def test_the_cut_off_day_comes_from_the_data_file_and_is_saved_there(qtbot, make_page) -> None:
    page = make_page()
    assert page.chooser.cutoff.value() == 1
    _choose(page, "half", 2024)
    page.chooser.cutoff.setValue(15)
    qtbot.waitUntil(lambda: not page.database.busy(), timeout=10_000)
    with open_store(page.db_path, readonly=True, check=False) as store:
        assert cutoff_day(store) == 15
    assert page.chooser.dates.text() == "từ ngày 15/12/2023 đến ngày 14/06/2024"
    _build(qtbot, page)
    summary = dict((label, value) for label, value in _shown(page, "summary"))
    assert summary["Số hội nghị đã tổ chức"] == "5" and summary["Số người tham dự"] == "280"  # 31/12/2023 is in


def test_a_clerk_s_cut_off_day_serves_the_report_and_is_not_saved(qtbot, make_page) -> None:
    from dataclasses import replace

    from qcdc_desktop.core.roles import Role
    from qcdc_desktop.ui import session

    page = make_page()
    user = session.current()
    assert user is not None
    session.begin(replace(user, role=Role.CLERK))
    _choose(page, "half", 2024)
    page.chooser.cutoff.setValue(15)
    assert page.chooser.dates.text() == "từ ngày 15/12/2023 đến ngày 14/06/2024"
    qtbot.waitUntil(lambda: not page.database.busy(), timeout=10_000)
    with open_store(page.db_path, readonly=True, check=False) as store:
        assert cutoff_day(store) == 1


def test_a_custom_period_that_ends_before_it_starts_is_said_and_nothing_is_built(qtbot, make_page) -> None:
    page = make_page()
    page.chooser.kind.setCurrentIndex(page.chooser.kind.findData("custom"))
    page.chooser.date_from.setText("01/04/2024")
    page.chooser.date_to.setText("01/03/2024")
    page.build()
    assert "trước" in page.status.text() and page.report is None and page.build_button.isEnabled()


def test_cancel_keeps_what_was_shown(qtbot, make_page, monkeypatch) -> None:
    page = make_page()
    real = reports_page.report_work

    def cancelled_at_once(*args, **kwargs):
        work = real(*args, **kwargs)
        return lambda *, progress, cancelled: work(progress=progress, cancelled=lambda: True)

    monkeypatch.setattr(reports_page, "report_work", cancelled_at_once)
    page.build()
    qtbot.waitUntil(lambda: page.build_button.isEnabled(), timeout=10_000)
    assert page.report is None and page.model.rowCount() == 0 and page.table_list.count() == 0
    assert page.status.text() == "Đã hủy." and not page.print_button.isEnabled()


def test_at_the_upper_level_the_figures_of_each_commune_and_the_total(qtbot, qtmodeltester, make_page,
                                                                      settings) -> None:
    page = make_page(second_office=True)
    _choose(page, "quarter", 2024, 1)
    _build(qtbot, page)
    assert page.tables[page.table_list.currentRow()].key == "offices"  # shown first
    qtmodeltester.check(page.model)
    rows = _shown(page, "offices")
    assert [row[:4] for row in rows] == [["Phường Ba Đình", "3", "230", "6"], ["Phường Ngọc Hà", "1", "7", "0"],
                                         ["Tổng cộng", "4", "237", "6"]]
    assert "từ 2 đơn vị" in page.status.text()

    window = MainWindow(page.database, settings)
    qtbot.addWidget(window)
    install_reports(window, page.database, page.db_path, settings)
    assert "reports" in window.pages and "reports" not in {p.objectName() for p in window.pages.built()}
    assert isinstance(window.pages["reports"], ReportsPage)  # made when asked for


def test_the_report_shown_saved_as_word_from_the_same_figures(qtbot, make_page, tmp_path: Path,
                                                              monkeypatch) -> None:
    """Save as Word (Alt+W on the button) writes the report the preview shows as a .docx: the same
    heading, figures, date and signature, with no recount and no half-written file."""
    import docx

    page = make_page()
    assert not page.save_buttons[".docx"].isEnabled()  # nothing built yet
    _choose(page, "quarter", 2024, 1)
    _build(qtbot, page)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "bc"), "")))
    page.save_buttons[".docx"].click()
    saved = tmp_path / "bc.docx"
    qtbot.waitUntil(lambda: "bc.docx" in page.status.text(), timeout=20_000)
    document = docx.Document(str(saved))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "BÁO CÁO" in paragraphs and "quý I năm 2024" in paragraphs
    assert "Kính gửi:" in paragraphs
    assert "Số người tham dự" in cells and "230" in cells  # the figures the place counted
    assert any(c.replace("\xa0", " ").endswith("ngày 01 tháng 6 năm 2024") for c in cells)  # as the preview
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_at_the_province_the_report_is_issued_by_a_board_of_the_party_committee(qtbot, tmp_path: Path,
                                                                               settings, monkeypatch) -> None:
    """A provincial officer chooses who issues the report (Alt+A in Vietnamese) and how it is signed:
    the preview is made again at once with the board's header, number and signature, the Word file
    follows it, and the next report starts from the same choice."""
    import docx

    from conftest import at_the_window
    from pdfcheck import layout_text

    path = tmp_path / "tinh.db"
    with init_store(path, resolve_unit("25", "upper"), ADMIN, RECOVERY_CODE):
        pass
    at_the_window(path)
    database = Database(path)

    def open_page() -> ReportsPage:
        page = ReportsPage(database, path, settings, today=lambda: TODAY)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(page.issuer.isEnabled, timeout=10_000)
        return page

    def printed(page: ReportsPage) -> str:
        out = tmp_path / "shown.pdf"
        out.write_bytes(page.report.pdf or b"")
        return " ".join(layout_text(out).split())

    try:
        page = open_page()
        issuers = page.issuer.issuers
        assert [issuers.itemText(i) for i in range(issuers.count())] == [
            "Ủy ban nhân dân tỉnh Phú Thọ", "Ban Thường vụ Tỉnh ủy Phú Thọ", "Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Thọ",
            "Ban Nội chính Tỉnh ủy Phú Thọ"]
        _choose(page, "quarter", 2024, 1)
        _build(qtbot, page)
        assert "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TỈNH PHÚ THỌ" in printed(page)
        assert "Số: /BC-UBND" in printed(page)

        built = page.report
        issuers.setCurrentIndex(issuers.findData("board_internal"))
        qtbot.waitUntil(lambda: page.report is not built, timeout=20_000)
        assert page.report.stats is built.stats  # the figures are not counted again
        text = printed(page)
        assert "TỈNH ỦY PHÚ THỌ ĐẢNG CỘNG SẢN VIỆT NAM BAN NỘI CHÍNH" in text and "Số -BC/BNCTU" in text
        assert "Kính gửi: Ban Thường vụ Tỉnh ủy Phú Thọ." in text and "TRƯỞNG BAN" in text
        kinds = page.issuer.authorities
        assert [kinds.itemData(i) for i in range(kinds.count())] == ["board_head", "board_kt"]
        shown = page.report
        kinds.setCurrentIndex(1)
        qtbot.waitUntil(lambda: page.report is not shown, timeout=20_000)
        assert "Nơi nhận: K/T TRƯỞNG BAN - Như trên, PHÓ TRƯỞNG BAN - Ban Nội chính Trung ương," in printed(page)

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "bc"), "")))
        page.save_buttons[".docx"].click()
        qtbot.waitUntil(lambda: "bc.docx" in page.status.text(), timeout=20_000)
        paragraphs = "\n".join(p.text for p in docx.Document(str(tmp_path / "bc.docx")).paragraphs)
        cells = [c.text for t in docx.Document(str(tmp_path / "bc.docx")).tables for r in t.rows for c in r.cells]
        assert "BAN NỘI CHÍNH" in "\n".join(cells) and "Ban Thường vụ Tỉnh ủy Phú Thọ" in paragraphs

        again = open_page()  # the next report: the same issuer and signature
        assert again.issuer.issuer() == "board_internal" and again.issuer.authority() == "board_kt"
    finally:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        database.shutdown()


def test_a_commune_report_is_signed_in_the_office_s_usual_way_until_someone_chooses(qtbot, make_page) -> None:
    """A commune offers its People's Committee and its Party committee, no board; with nothing chosen
    before, the signature is the office's usual one (Documents settings), not the first of the list."""
    import dataclasses

    from qcdc_desktop.db.register import notice_settings, save_notice_settings

    page = make_page()
    with open_store(page.db_path) as store:
        save_notice_settings(store, settings=dataclasses.replace(notice_settings(store), state_authority="kt"))
    page.issuer.setEnabled(False)
    page.database.submit(lambda store: (reports_page.get_unit(store), notice_settings(store)), page.issuer.set_office)
    qtbot.waitUntil(page.issuer.isEnabled, timeout=10_000)
    issuers = page.issuer.issuers
    assert [issuers.itemData(i) for i in range(issuers.count())] == ["ubnd", "party"]
    assert page.issuer.issuer() == "ubnd" and page.issuer.authority() == "kt"
    issuers.setCurrentIndex(1)
    assert page.issuer.authority() == "party_tm"
