"""The Sync place driven from its screens: a commune and its province on one machine, two data
files exchanging bundles through a folder standing in for a USB stick, both ways; a refused file;
Cancel during an export; the key card; every model through qtmodeltester."""

from __future__ import annotations

import html

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from conftest import ADMIN, RECOVERY_CODE, TODAY, at_the_window, full_meeting
from qcdc_desktop.core.validate import parse_meetings
from qcdc_desktop.db.meetings import add_meetings
from qcdc_desktop.db.setup import init_store, resolve_unit
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.sync.cards import make_card
from qcdc_desktop.sync.keys import ensure_office_keys
from qcdc_desktop.work import sync as sync_runs
from qcdc_desktop.ui.sync.enrol_dialog import EnrolDialog
from qcdc_desktop.ui.meetings.list_page import ListPage
from qcdc_desktop.ui.sync.message_dialog import MessageDialog
from qcdc_desktop.ui.sync.page import SyncPage

WAIT = 20_000


def _office(folder: Path, code: str, role: str, *, meeting: bool = False) -> tuple[Path, str, str]:
    """A data file with keys (and a meeting whose second opinion is forwarded upward); its path,
    its key card file and its fingerprint."""
    folder.mkdir(parents=True)
    with init_store(folder / f"{code}.db", resolve_unit(code, role), ADMIN, RECOVERY_CODE) as store:
        fingerprint = ensure_office_keys(store).fingerprint
        if meeting:
            m = full_meeting()
            m["opinions"][1]["outcome"] = "forwarded"
            add_meetings(store, meetings=parse_meetings([m], today=TODAY))
        card = folder / f"{code}.qcdckey"
        card.write_text(make_card(store), encoding="utf-8")
    return folder / f"{code}.db", str(card), fingerprint


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _shown_page(qtbot, database: Database, path: Path, settings: QSettings, size: tuple[int, int]) -> SyncPage:
    """The Sync place of ``path``, shown and read."""
    page = SyncPage(database, path, settings, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.state is not None, timeout=WAIT)
    return page


@pytest.fixture
def offices(qtbot, tmp_path: Path, settings: QSettings):
    commune = _office(tmp_path / "commune", "00004", "commune", meeting=True)
    upper = _office(tmp_path / "upper", "01", "upper")
    databases = [Database(commune[0]), Database(upper[0])]
    pages = [_shown_page(qtbot, database, path, settings, (1150, 650))
             for database, (path, _card, _fp) in zip(databases, (commune, upper))]
    yield pages[0], pages[1], commune, upper
    for database in databases:
        qtbot.waitUntil(lambda database=database: not database.busy(), timeout=WAIT)
        database.shutdown()


def _enrol(qtbot, page: SyncPage, card: str, fingerprint: str, monkeypatch) -> None:
    def fill(dialog: EnrolDialog) -> int:
        dialog.card.setText(card)
        dialog.fingerprint.setText(fingerprint.lower().replace("-", " "))  # as typed from the paper
        dialog.enrol()
        return 0

    monkeypatch.setattr(EnrolDialog, "exec", fill)
    before = len(page.state.peers)
    page.enrol()
    qtbot.waitUntil(lambda: len(page.state.peers) == before + 1, timeout=WAIT)


def _export(qtbot, page: SyncPage, stick: Path) -> None:
    page.chooser.set_folder(stick)
    page.export_result.setText("")
    page.export()
    qtbot.waitUntil(lambda: ".qcdcb" in page.export_result.text() or "nothing" in page.export_result.text()
                    or "không" in page.export_result.text(), timeout=WAIT)


def _import(qtbot, page: SyncPage, files: list[Path], monkeypatch) -> list:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(f) for f in files], "")))
    page.reports = []
    page.choose_and_import()
    qtbot.waitUntil(lambda: len(page.reports) >= len(files), timeout=WAIT)
    qtbot.waitUntil(lambda: not page.database.busy(), timeout=WAIT)
    return page.reports


def test_bundles_go_up_and_a_reply_comes_down_from_the_screens(qtbot, qtmodeltester, offices, tmp_path, settings,
                                                              monkeypatch, english) -> None:
    commune, upper, (commune_db, commune_card, commune_fp), (_upper_db, upper_card, upper_fp) = offices
    assert commune.tabs.count() == 2 and upper.tabs.count() == 5
    assert commune.fingerprint.text() == commune_fp and upper.fingerprint.text() == upper_fp
    assert not commune.export_button.isEnabled()  # nothing to send to before the upper level is enrolled
    _enrol(qtbot, commune, upper_card, upper_fp, monkeypatch)
    assert "Hà Nội" in commune.peer_line.text() and upper_fp in commune.peer_line.text()
    assert not commune.enrol_button.isVisibleTo(commune)
    board = upper.upper_tabs.board
    board.search.setText("ba dinh")  # diacritics-insensitive
    names = [row.name for row in board.model.rows]
    assert "Phường Ba Đình" in names and all("Ba Đình" in n for n in names)
    _enrol(qtbot, upper, commune_card, commune_fp, monkeypatch)
    assert any(row.enrolled for row in board.model.rows)

    stick = tmp_path / "stick"
    stick.mkdir()
    _export(qtbot, commune, stick)
    (bundle,) = stick.glob("*.qcdcb")
    assert bundle.name in commune.export_result.text() and "opinions: 2" in commune.export_result.text()
    assert "receipt" in commune.export_result.text()
    qtbot.waitUntil(lambda: len(commune.exports_model.rows) == 1, timeout=WAIT)
    assert not commune.exports_model.rows[0].confirmed

    (report,) = _import(qtbot, upper, [bundle], monkeypatch)
    assert report.outcome == "applied" and report.counts["opinions"] == 2 and report.counts["meetings"] == 1
    assert upper.report_model.data(upper.report_model.index(0, 2)) == "Applied"
    qtbot.waitUntil(lambda: board.model.rows and board.model.rows[0].status is not None
                    and board.model.rows[0].status.bundles == 1, timeout=WAIT)
    status = board.model
    assert "00004" in status.data(status.index(0, 0)) and status.data(status.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    history_column = len(status.columns) - 1  # the last (the headings are in the page's first language)
    assert status.data(status.index(0, history_column)).startswith("history checked up to entry ")
    forwarded = upper.upper_tabs.forwarded_model
    assert len(forwarded.rows) == 1 and forwarded.rows[0].replies == 0

    def write_reply(dialog: MessageDialog) -> int:
        assert dialog.commune.isHidden() and dialog.deadline.isHidden()  # a reply goes to the opinion's commune
        dialog.content.setPlainText("Sở Giao thông sẽ sửa đường liên thôn trong quý III.")
        dialog.save()
        return 0

    monkeypatch.setattr(MessageDialog, "exec", write_reply)
    upper.upper_tabs.forwarded_table.selectRow(0)
    upper.upper_tabs.reply_selected()
    qtbot.waitUntil(lambda: forwarded.rows and forwarded.rows[0].replies == 1, timeout=WAIT)

    down = tmp_path / "stick-down"
    down.mkdir()
    _export(qtbot, upper, down)
    (back,) = down.glob("*.qcdcb")
    assert "replies and directives: 1" in upper.export_result.text()

    (report,) = _import(qtbot, commune, [back], monkeypatch)
    assert report.outcome == "applied" and report.counts == {"messages": 1}
    qtbot.waitUntil(lambda: commune.exports_model.rows and commune.exports_model.rows[0].confirmed, timeout=WAIT)
    assert commune.exports_model.data(commune.exports_model.index(0, 4)) == "confirmed"

    qtbot.waitUntil(lambda: len(commune.replies_model.rows) == 1, timeout=WAIT)
    shown = commune.replies_model.rows[0]
    assert shown.reply == "Sở Giao thông sẽ sửa đường liên thôn trong quý III."
    assert shown.opinion == full_meeting()["opinions"][1]["content"]
    opinions = ListPage("opinions", commune_db, settings)
    qtbot.addWidget(opinions)
    opinions.start()
    qtbot.waitUntil(lambda: opinions.model.rowCount() == 2, timeout=WAIT)
    column = opinions.spec.column_index("reply")
    replies = [opinions.model.data(opinions.model.index(r, column)) for r in range(2)]
    assert "Sở Giao thông sẽ sửa đường liên thôn trong quý III." in replies and "" in replies
    opinions.model.close()

    for model in (commune.exports_model, commune.report_model, commune.directives_model, commune.replies_model,
                  upper.exports_model,
                  upper.report_model, *(getattr(upper.upper_tabs, name) for name in (
                      "forwarded_model", "conflict_model")), board.model):
        qtmodeltester.check(model)


def test_a_directive_goes_down_and_is_listed_at_the_commune(qtbot, offices, tmp_path, monkeypatch, english) -> None:
    commune, upper, (_cdb, commune_card, commune_fp), (_udb, upper_card, upper_fp) = offices
    _enrol(qtbot, commune, upper_card, upper_fp, monkeypatch)
    _enrol(qtbot, upper, commune_card, commune_fp, monkeypatch)

    def write(dialog: MessageDialog) -> int:
        dialog.content.setPlainText("Báo cáo kết quả đối thoại quý II.")
        dialog.save()
        return 0

    monkeypatch.setattr(MessageDialog, "exec", write)
    assert upper.upper_tabs.directive_button.isEnabled()
    before = upper.state
    upper.directive()
    qtbot.waitUntil(lambda: upper.state is not before, timeout=WAIT)
    stick = tmp_path / "stick"
    stick.mkdir()
    _export(qtbot, upper, stick)
    _import(qtbot, commune, list(stick.glob("*.qcdcb")), monkeypatch)
    qtbot.waitUntil(lambda: len(commune.directives_model.rows) == 1, timeout=WAIT)
    assert commune.directives_model.rows[0].content == "Báo cáo kết quả đối thoại quý II."
    assert commune.directives_model.rows[0].deadline is not None


def test_a_file_that_is_not_a_bundle_is_rejected_with_its_reason_and_kept_aside(qtbot, offices, tmp_path,
                                                                                monkeypatch, english) -> None:
    commune, upper, (_cdb, commune_card, commune_fp), _upper = offices
    _enrol(qtbot, upper, commune_card, commune_fp, monkeypatch)
    junk = tmp_path / "qcdc-00004-01-000001.qcdcb"
    junk.write_bytes(os.urandom(3000))
    (report,) = _import(qtbot, upper, [junk], monkeypatch)
    assert report.outcome == "rejected" and report.message and report.quarantined and report.quarantined.exists()
    model = upper.report_model
    assert model.data(model.index(0, 2)) == "Rejected" and model.data(model.index(0, 3)) == report.message
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None  # in red
    assert "refused" in upper.import_result.text()
    assert junk.read_bytes() and junk.exists()  # the original is never touched


def test_a_bundle_opened_from_the_file_manager_is_imported_on_the_tab_that_shows_it(qtbot, offices, tmp_path,
                                                                                   english) -> None:
    _commune, upper, _c, _u = offices
    junk = tmp_path / "qcdc-00004-01-000001.qcdcb"
    junk.write_bytes(os.urandom(3000))
    assert upper.tabs.currentWidget() is not upper.receive
    upper.open_bundles([junk])  # as app.main does for the program's arguments
    qtbot.waitUntil(lambda: len(upper.reports) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: not upper.database.busy(), timeout=WAIT)
    assert upper.reports[0].outcome == "rejected" and upper.tabs.currentWidget() is upper.receive
    assert upper.opened == []
    # Under the table, the refused file chosen and its whole sentence, which the column cuts.
    assert upper.report_table.currentIndex().row() == 0
    details = upper.import_details.text()
    assert junk.name in details and "Rejected" in details
    assert html.escape(upper.reports[0].message) in details
    assert str(upper.reports[0].quarantined) in details


def test_cancel_during_an_export_leaves_nothing_on_the_stick(qtbot, offices, tmp_path, monkeypatch, english) -> None:
    commune, _upper, _c, (_udb, upper_card, upper_fp) = offices
    _enrol(qtbot, commune, upper_card, upper_fp, monkeypatch)
    real = sync_runs.export_all

    def cancel_midway(store, folder, *, progress, cancelled, **others):
        # The person presses Cancel while the bundle is being made: from here on the job is told
        # to stop (not through commune.job, which the page may not have set yet on a busy machine).
        return real(store, folder, progress=progress, cancelled=lambda: True, **others)

    monkeypatch.setattr(sync_runs, "export_all", cancel_midway)
    stick = tmp_path / "stick"
    stick.mkdir()
    commune.chooser.set_folder(stick)
    commune.export()
    qtbot.waitUntil(lambda: "Cancelled" in commune.export_result.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: not commune.database.busy(), timeout=WAIT)
    assert list(stick.iterdir()) == []
    assert commune.exports_model.rows == []


def test_nothing_new_writes_nothing_and_the_bundle_can_be_written_again(qtbot, offices, tmp_path, monkeypatch,
                                                                       english) -> None:
    commune, _upper, (commune_db, _card, _fp), (_udb, upper_card, upper_fp) = offices
    at_the_window(commune_db)  # an administrator: may export
    _enrol(qtbot, commune, upper_card, upper_fp, monkeypatch)
    stick = tmp_path / "stick"
    stick.mkdir()
    assert commune.again_button.isHidden()
    _export(qtbot, commune, stick)
    (first,) = stick.iterdir()
    qtbot.waitUntil(lambda: len(commune.exports_model.rows) == 1, timeout=WAIT)
    _export(qtbot, commune, stick)
    qtbot.waitUntil(lambda: "Nothing new for" in commune.export_result.text(), timeout=WAIT)
    assert "since bundle no. 1, written on " in commune.export_result.text()
    assert f"press «{commune.again_button.text().replace('&', '')}»" in commune.export_result.text()  # as labelled
    assert list(stick.iterdir()) == [first]
    assert not commune.again_button.isHidden() and commune.again_button.isEnabled()
    commune.again_button.click()  # that stick was lost
    qtbot.waitUntil(lambda: len(list(stick.iterdir())) == 2 and ".qcdcb" in commune.export_result.text(),
                    timeout=WAIT)
    assert commune.again_button.isHidden()
    qtbot.waitUntil(lambda: not commune.database.busy(), timeout=WAIT)


def test_a_bad_key_card_or_fingerprint_is_explained_and_nothing_is_enrolled(qtbot, offices, tmp_path,
                                                                           english) -> None:
    commune, _upper, _c, (_udb, upper_card, _fp) = offices
    dialog = EnrolDialog(commune.database, intro="", folder=tmp_path, on_enrolled=lambda t: None, parent=commune)
    dialog.card.setText(upper_card)
    dialog.fingerprint.setText("AAAAA-BBBBB-CCCCC-DDDDD")
    dialog.enrol()
    qtbot.waitUntil(lambda: "do not trust" in dialog.problem.text(), timeout=WAIT)
    bad = tmp_path / "bad.qcdckey"
    bad.write_bytes(b"\x00\x01 not a card")
    dialog.card.setText(str(bad))
    dialog.enrol()
    qtbot.waitUntil(lambda: "JSON" in dialog.problem.text(), timeout=WAIT)
    commune.refresh()
    qtbot.waitUntil(lambda: not commune.database.busy(), timeout=WAIT)
    assert commune.state.peers == []


def test_keys_card_file_card_pdf_and_new_keys(qtbot, offices, tmp_path, monkeypatch, english) -> None:
    commune, _upper, (_cdb, _card, fingerprint), _u = offices
    out = tmp_path / "card.qcdckey"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    commune.save_card_file()
    qtbot.waitUntil(out.exists, timeout=WAIT)
    assert fingerprint in out.read_text(encoding="utf-8")
    from qcdc_desktop.ui.sync.key_card_dialog import KeyCardDialog

    dialog = KeyCardDialog(commune.state.unit, fingerprint, commune.settings, commune)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=WAIT)
    pdf = tmp_path / "card.pdf"
    dialog.save_to(pdf)
    qtbot.waitUntil(lambda: "card.pdf" in dialog.status.text(), timeout=WAIT)
    assert pdf.read_bytes() == dialog.pdf and dialog.pdf.startswith(b"%PDF")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    commune.rotate()
    assert commune.fingerprint.text() == fingerprint  # asked first; No keeps the keys
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    commune.rotate()
    qtbot.waitUntil(lambda: commune.fingerprint.text() != fingerprint, timeout=WAIT)


def test_odd_file_names_and_bundle_dates_are_shown_on_one_line() -> None:
    """A file name with a line break, and a bundle date an earlier version took in that is not one,
    show as text in the sync screens instead of breaking them."""
    from qcdc_desktop.sync.importer import BundleReport
    from qcdc_desktop.ui.sync.state import report_columns, stamp_text

    shown = report_columns()[0].text(BundleReport(Path("a\nb.qcdcb"), "rejected"))
    assert shown == "a\\nb.qcdcb"
    assert stamp_text("hôm qua") == "hôm qua"


def test_a_commune_whose_history_is_broken_is_shown_in_red_with_what_was_found(qtbot, offices, english) -> None:
    import dataclasses

    from qcdc_desktop.db.sync_board import OfficeFigures
    from qcdc_desktop.db.sync_history import HistoryCheck
    from qcdc_desktop.db.sync_store import PeerStatus
    from qcdc_desktop.sync.board import BoardRow, problems_of

    _commune, upper, _c, _u = offices
    sound = PeerStatus(unit_code="00004", name="Phường Ba Đình", last_bundle_at="2024-06-01T08:00:00+00:00",
                       last_received_at="2024-06-01T09:00:00+00:00", bundles=2, counts={"opinions": 3},
                       silent_days=0, silent=False, forked=False, conflicts=0,
                       history=HistoryCheck("00004", 57, "ab" * 32, "2024-06-01T09:00:00+00:00"))
    broken = dataclasses.replace(sound, unit_code="00008", name="Phường Ngọc Hà", history=HistoryCheck(
        "00008", 11, "cd" * 32, "2024-06-01T09:00:00+00:00", broken_at=12,
        problem={"code": "gap", "n": 12, "next": 14, "bundle": "ef" * 16, "found_at": "2024-05-20T07:00:00+00:00"}))
    rows = [BoardRow(s.unit_code, s.name, True, s, OfficeFigures(None, 0, 0), tuple(problems_of(s, [], {}, "")))
            for s in (sound, broken)]
    upper.upper_tabs.show_state(dataclasses.replace(upper.state, board=rows))
    status = upper.upper_tabs.board.model
    column, problems = len(status.columns) - 1, 1  # the history last, the problems second
    assert status.data(status.index(0, column)) == "history checked up to entry 57 on 01/06/2024"
    assert status.data(status.index(1, column)) == (
        "history broken at entry 12 (found on 20/05/2024): it never came; the bundle went on with entry 14 "
        "(entries were removed)")
    assert status.data(status.index(1, problems)) == "history broken at entry 12"
    assert status.data(status.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert status.data(status.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None


def test_the_communes_board_orders_filters_and_saves_from_the_keyboard(qtbot, offices, tmp_path, monkeypatch,
                                                                       english) -> None:
    import openpyxl
    from PySide6.QtTest import QTest

    _commune, upper, (_cdb, commune_card, commune_fp), _u = offices
    _enrol(qtbot, upper, commune_card, commune_fp, monkeypatch)
    board = upper.upper_tabs.board
    upper.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: any(r.enrolled for r in board.model.rows), timeout=WAIT)
    total = len(board.model.rows)
    assert total > 100  # every commune of Hà Nội, enrolled or not
    assert "1 of %d communes enrolled; 1 with a problem" % total in board.count.text()

    board.only_problems.setFocus()
    QTest.keyClick(board.only_problems, Qt.Key.Key_Space)
    assert [r.code for r in board.model.rows] == ["00004"]
    problems = 1  # second, in sight on a small screen
    assert board.model.data(board.model.index(0, problems)) == "enrolled, no bundle received yet"
    assert board.model.data(board.model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    QTest.keyClick(board.only_problems, Qt.Key.Key_Space)
    assert len(board.model.rows) == total

    # Order by «Enrolled»: chosen in the combo from the keyboard, the enrolled commune («Yes») last.
    enrolled = 2  # after the commune's name and its problems
    board.order.setFocus()
    board.order.setCurrentIndex(enrolled)
    board.order.activated.emit(enrolled)
    assert board.model.rows[-1].code == "00004" and board.current_order() == (enrolled, False)
    board.table.sortByColumn(enrolled, Qt.SortOrder.DescendingOrder)  # a click on the heading
    assert board.model.rows[0].code == "00004" and board.order.currentIndex() == enrolled

    saved: list[Path] = []
    board.save_to(tmp_path / "bang.xlsx", on_done=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT)
    sheet = openpyxl.load_workbook(saved[0]).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    head = next(i for i, row in enumerate(values) if row[0] == "Commune")
    assert values[head + 1][0] == "Phường Ba Đình (00004)" and len(values) - head - 1 == total


def test_a_directive_goes_to_the_communes_checked_or_to_all(qtbot, offices, monkeypatch, english) -> None:
    from qcdc_desktop.db.sync_store import Peer

    _commune, upper, (_cdb, commune_card, commune_fp), _u = offices
    peers = [Peer("00004", "Phường Ba Đình", "commune", 0, 0, 0, 0, False, None),
             Peer("00008", "Phường Ngọc Hà", "commune", 0, 0, 0, 0, False, None)]
    dialog = MessageDialog(upper.database, communes=peers, on_saved=lambda _i: None, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Directive to communes" and dialog.chosen_communes() == []
    dialog.content.setPlainText("Báo cáo.")
    dialog.save()
    assert "Check the communes" in dialog.problem.text()
    dialog.all_communes.setChecked(True)
    assert dialog.chosen_communes() == ["00004", "00008"] and "2 communes chosen of 2" in dialog.chosen_count.text()
    dialog.find_box.setText("ngoc ha")
    assert [dialog.commune.item(i).isHidden() for i in range(2)] == [True, False]
    dialog.all_communes.setChecked(False)
    dialog.commune.setCurrentRow(1)
    dialog.commune.setFocus()
    from PySide6.QtTest import QTest
    QTest.keyClick(dialog.commune, Qt.Key.Key_Space)
    assert dialog.chosen_communes() == ["00008"]


def test_bundles_dropped_on_the_window_are_imported_and_nothing_else_is_taken(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from qcdc_desktop.ui.sync.drop import BundleDrop, dropped_bundles

    def mime(*names: str) -> QMimeData:
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(tmp_path / n)) for n in names])
        return data

    assert dropped_bundles(mime("a.qcdcb", "B.QCDCB")) == [tmp_path / "a.qcdcb", tmp_path / "B.QCDCB"]
    assert dropped_bundles(mime("a.qcdcb", "bao-cao.docx")) == []  # anything else in the drop: none taken
    web = QMimeData()
    web.setUrls([QUrl("https://example.com/a.qcdcb")])
    assert dropped_bundles(web) == []

    class Page:
        opened: list = []

        def open_bundles(self, paths):
            self.opened.append(paths)

    from PySide6.QtWidgets import QMainWindow, QWidget

    window = QMainWindow()  # only its events are used: a plain window stands in for the main window
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    shown: list[str] = []
    window.show_page = shown.append  # type: ignore[attr-defined]
    page = Page()
    drop = BundleDrop(window, page.open_bundles)  # type: ignore[arg-type]
    area = window.centralWidget()  # the drops land on the window's area (the places list and the place)
    assert area.acceptDrops()
    # The events hold the data by pointer: the test keeps each alive while its event is sent.
    docx, bundle = mime("x.docx"), mime("x.qcdcb")
    refused = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, docx, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(area, refused)
    assert not refused.isAccepted()
    accepted = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, bundle, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(area, accepted)
    assert accepted.isAccepted()
    dropped = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, bundle, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(area, dropped)
    assert shown == ["sync"] and page.opened == [[tmp_path / "x.qcdcb"]]
    assert drop.parent() is window


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_two_controls_of_the_sync_place_share_a_key_on_any_tab(qtbot, tmp_path, settings, language) -> None:
    """Each tab of the upper level's and of a commune's Sync place, with every button it may show
    (the «Write the bundle again» button too), has each Alt+letter once."""
    from accel_walk import accelerators, clashes
    from qcdc_desktop import l10n

    l10n.set_language(language)
    try:
        for code, role in (("25", "upper"), ("00004", "commune")):
            path, _card, _fp = _office(tmp_path / f"{role}-{language}", code, role)
            database = Database(path)
            page = _shown_page(qtbot, database, path, settings, (1300, 700))
            page.again_button.show()
            for index in range(page.tabs.count()):
                page.tabs.setCurrentIndex(index)
                assert clashes(accelerators(page)) == [], (role, page.tabs.tabText(index))
            qtbot.waitUntil(lambda database=database: not database.busy(), timeout=WAIT)
            database.shutdown()
    finally:
        l10n.set_language("vi")
