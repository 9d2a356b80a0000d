"""The public versions in the document dialog: the notice for the notice board and the results
sheet, chosen from the keyboard and previewed like the others; once one is saved or printed, its
publication is recorded in one step and reaches the meeting, its history and the follow-up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from conftest import full_meeting
from pdfcheck import layout_text, needs_poppler
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.core.wording import short_date
from qcdc_desktop.db.connection import open_store
from qcdc_desktop.db.edit import require_meeting
from qcdc_desktop.db.followup import follow_up
from qcdc_desktop.db.history_read import history_of
from qcdc_desktop.db.meetings import add_meetings
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.documents import document_dialog, publication_dialog
from qcdc_desktop.ui.documents.document_dialog import DocumentDialog
from qcdc_desktop.ui.documents.kinds import PUBLIC_NOTICE, RESULTS
from qcdc_desktop.ui.printout.print_settings import a4_printer

pytestmark = needs_poppler
TODAY = dt.date.today()


@pytest.fixture
def meeting_db(commune_db: Path) -> tuple[Path, str]:
    meeting = full_meeting(status="concluded", publications=[], held_on="2024-03-05",
                           conclusion="Trả lời bà Trần Thị Bình (0912 345 678) bằng văn bản.")
    meetings = parse_meetings([meeting], today=dt.date(2024, 6, 1))
    with open_store(commune_db) as store:
        add_meetings(store, meetings=meetings)
    return commune_db, meetings[0].id


@pytest.fixture
def database(qtbot, meeting_db):
    db = Database(meeting_db[0])
    from qcdc_desktop.db import access
    from qcdc_desktop.ui import session

    session.begin(access.signed_in(meeting_db[0]))
    yield db
    qtbot.waitUntil(lambda: not db.busy(), timeout=10_000)
    db.shutdown()


@pytest.fixture
def dialog(qtbot, database, meeting_db, tmp_path: Path) -> DocumentDialog:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    shown = DocumentDialog(database, meeting_db[1], settings=settings)
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(lambda: shown.rendered is not None, timeout=15_000)
    return shown


def _choose(qtbot, dialog: DocumentDialog, choice: str) -> None:
    """The Document list, reached with Alt+D and moved with the arrow keys, as from the keyboard."""
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert dialog.kind.hasFocus()
    while dialog.choice != choice:
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.rendered is not None and dialog.print_button.isEnabled(), timeout=15_000)


def _meeting(path: Path, meeting_id: str):
    with open_store(path, readonly=True, check=False) as store:
        return require_meeting(store, meeting_id), history_of(store, meeting_id), follow_up(store, today=TODAY)


def test_the_public_notice_is_saved_then_its_publication_recorded(qtbot, dialog, meeting_db, monkeypatch,
                                                                  tmp_path: Path) -> None:
    path, meeting_id = meeting_db
    assert not dialog.record_button.isVisible()  # the notice itself is not the public version
    _choose(qtbot, dialog, PUBLIC_NOTICE)
    assert dialog.public and dialog.issue_button.isHidden() and dialog.record_button.isVisible()
    assert not dialog.record_button.isEnabled()  # nothing was put out yet
    assert "chữ cái đầu" in dialog.status.text()  # said to be the public version (tests run in Vietnamese)
    saved = tmp_path / "posted.pdf"
    dialog.save_to(saved)
    qtbot.waitUntil(dialog.record_button.isEnabled, timeout=10_000)
    text = " ".join(layout_text(saved).split())
    assert "Trần Thị Bình" not in text and "0912" not in text and "T.T.B." in text
    assert dialog._file_name().endswith("-cong-khai.pdf")

    def accept(publication_dialog) -> QDialog.DialogCode:
        publication_dialog.method.setCurrentIndex(publication_dialog.method.findData("loudspeaker"))
        publication_dialog.note.setText("Loa truyền thanh thôn Đông")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(publication_dialog.PublicationDialog, "exec", accept)
    unpublished_before = _meeting(path, meeting_id)[2].unpublished
    assert meeting_id in [m.meeting_id for m in unpublished_before]
    letter = dialog.record_button.text().split("&", 1)[1][0]  # its accelerator in the language shown
    qtbot.keyClick(dialog, letter.lower(), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(_meeting(path, meeting_id)[0].publications), timeout=10_000)
    meeting, history, followup = _meeting(path, meeting_id)
    [publication] = meeting.publications
    assert (publication.method, publication.published_on, publication.note) == (
        "loudspeaker", TODAY, "Loa truyền thanh thôn Đông")
    assert any(entry.kind == "publications" for entry in history)  # through the normal save
    # Published long after the 10 days: the follow-up still names it late, now with its date.
    late = next(m for m in followup.unpublished if m.meeting_id == meeting_id)
    assert late.date == TODAY
    qtbot.waitUntil(lambda: short_date(TODAY) in dialog.output_status.text(), timeout=10_000)
    assert not dialog.record_button.isEnabled()  # recorded once; printing or saving again offers it again


def test_the_results_sheet_is_previewed_printed_and_its_publication_refused_when_wrong(
        qtbot, dialog, meeting_db, monkeypatch, tmp_path: Path) -> None:
    path, meeting_id = meeting_db
    _choose(qtbot, dialog, RESULTS)
    assert dialog.preview.page_count() >= 1 and dialog.signer.isEnabled()
    assert "ket-qua-" in dialog._file_name()
    printed = tmp_path / "printed.pdf"
    printer = a4_printer(QPrinter(QPrinter.PrinterMode.ScreenResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    dialog.send_to_printer(printer)
    qtbot.waitUntil(dialog.record_button.isEnabled, timeout=20_000)
    text = " ".join(layout_text(printed).split())
    assert "KẾT QUẢ GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN" in text and "Trần Thị Bình" not in text

    def before_the_meeting(publication_dialog) -> QDialog.DialogCode:
        publication_dialog.date.setDate(publication_dialog.date.date().addYears(-30))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(publication_dialog.PublicationDialog, "exec", before_the_meeting)
    told: list[str] = []
    monkeypatch.setattr(document_dialog.QMessageBox, "warning", staticmethod(lambda _p, _t, text: told.append(text)))
    dialog.record_button.click()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert "before the meeting" in told[0] or "trước hội nghị" in told[0] or "trước" in told[0]
    assert _meeting(path, meeting_id)[0].publications == []
    assert dialog.record_button.isEnabled()  # the clerk may correct the date and record again
