"""Screenshots of the main screens as a person sees them on a 1366×768 screen, into
docs/screenshots/: the first-run wizard's unit page, the overview, the opinion list searched
without diacritics, the task list, the meeting list, a meeting open in the entry form, the follow-up place, the
follow-up of a task, the reports place with its figures, its charts and its report, the Excel register import (its
columns; its value translations and a row left out; its legacy-font cells), the
settings page, signing in (the wizard's first administrator and recovery code, the sign-in window, the lock,
the accounts page), the History panel of an opinion and the History place, and the Sync place of the commune and of
its province after a round trip of bundles; then every place of the navigation as it opens
(place-NN-KEY.png), so that each is looked at in both languages.  Run under an X server of that size, e.g.::

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 python scripts/take_screenshots.py

``--lang en --out DIR`` takes them in English; the documentation keeps the English meeting and
task lists as meetings-en.png and tasks-en.png.

Uses ImageMagick's ``import`` to capture the whole screen.  Nothing outside a temporary folder
is read or written except the PNG files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Sen-hong-2026!"  # the made-up office's administrator's, in a temporary folder


def _admin(login: str = "quantri", full_name: str = "Trần Văn Quản"):  # type: ignore[no-untyped-def]
    from qcdc_desktop.core.filekey import new_recovery_code
    from qcdc_desktop.db.setup import FirstAdmin
    return {"admin": FirstAdmin(login=login, full_name=full_name, password=PASSWORD,
                                title="Công chức Văn phòng – Thống kê"), "recovery_code": new_recovery_code()}


def _capture(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["import", "-window", "root", str(target)], check=True)


def _register(path: Path) -> Path:
    """A register as communes keep them in Excel: title rows, a two-row merged heading, one row
    per opinion with the meeting's cells merged down, abbreviations (GPMB, ANTT, CSXH), a name
    typed in the old VNI font, a total row, and one row with a field the list does not know."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Quý I"
    sheet.append(["ỦY BAN NHÂN DÂN XÃ TÂN PHÚ"])
    sheet.append(["SỔ TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CÔNG DÂN"])
    sheet.append([])
    sheet.append(["STT", "Hội nghị", None, None, "Ý kiến, kiến nghị", None, None, None, "Trả lời tại hội nghị",
                  "Nội dung trả lời", "Đơn vị chịu trách nhiệm", "Thời hạn"])
    sheet.append([None, "Ngày", "Hình thức", "Chủ trì", "Họ và tên", "Thôn, xóm", "Lĩnh vực", "Nội dung"])
    for cells in ("A1:L1", "A2:L2", "B4:D4", "E4:H4", "A4:A5", "I4:I5", "J4:J5", "K4:K5", "L4:L5"):
        sheet.merge_cells(cells)
    chair = "Đ/c Nguyễn Văn An, Chủ tịch UBND xã"
    rows = [
        [1, dt.datetime(2025, 3, 5), "Đối thoại định kỳ", chair, "Trần Thị Bình", "Thôn 3", "GPMB",
         "Đề nghị bồi thường đất làm đường liên xã cho 12 hộ.", "x", "UBND xã đã trình huyện phê duyệt phương án."],
        [2, None, None, None, "Loø Vaên Minh", "Thôn Đông", "ANTT", "Đề nghị lắp đèn chiếu sáng ngõ xóm.", None, None,
         "Công an xã", "05/04/2025"],
        [3, None, None, None, "Lê Thị Hoa", "Thôn 1", "CSXH", "Hồ sơ trợ cấp người cao tuổi chậm giải quyết.", "x",
         "Đã chi trả trong tháng 3."],
        [4, "12/03/2025", "Tiếp công dân", chair, "Hoàng Văn Nam", "Thôn 2", "Thể thao", "Sân bóng thôn xuống cấp.",
         None, None],
        [5, None, None, None, "Phạm Văn Đức", "Thôn 2", "Nông nghiệp", "Kênh mương nội đồng bị bồi lấp.", "x",
         "Xã sẽ nạo vét trước vụ hè thu."],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("B6:B8")
    sheet.merge_cells("C6:C8")
    sheet.merge_cells("D6:D8")
    sheet.append(["Tổng cộng", None, None, None, None, None, None, 5])
    book.save(path)
    return path


def _sync_shots(path: Path, temp: Path, settings, screen, wait, out: Path) -> None:
    """The province enrols the commune and imports its bundle from the screens (the status tab is
    shot), replies to a forwarded opinion and sends a directive; the commune imports that bundle
    (its receive tab is shot)."""
    from qcdc_desktop.db.connection import open_store
    from qcdc_desktop.db.forwarded import forwarded_opinions
    from qcdc_desktop.db.messages import add_directive, add_reply
    from qcdc_desktop.db.setup import init_office, resolve_unit
    from qcdc_desktop.jobs.database import Database
    from qcdc_desktop.sync.cards import make_card, trust_card
    from qcdc_desktop.sync.export import export_bundle
    from qcdc_desktop.app import build_window, close_window

    up, down = temp / "USB-len", temp / "USB-xuong"
    up.mkdir()
    down.mkdir()
    with open_store(path) as commune:
        province = resolve_unit(commune.origin, "commune").province_code
        with init_office(temp / "tinh.db", resolve_unit(province, "upper"), [], **_admin("tinh")) as upper:
            trust_card(upper, make_card(commune).encode("utf-8"))
            trust_card(commune, make_card(upper).encode("utf-8"))
        export_bundle(commune, up)
    # A neighbouring commune that enrolled the province but is not enrolled there yet: its bundle is
    # refused, and the communes board says it tried to send.
    with init_office(temp / "xa2.db", resolve_unit("05395", "commune"), [], **_admin("xa2")) as neighbour, \
            open_store(temp / "tinh.db") as upper:
        trust_card(neighbour, make_card(upper).encode("utf-8"))
        export_bundle(neighbour, up)
    database = Database(temp / "tinh.db")
    window = build_window(database, temp / "tinh.db", settings)  # the province's window, every place
    page = window.pages["sync"]
    window.setGeometry(screen)
    window.show()
    database.open(lambda _r: window.refresh())
    window.show_page("sync")
    wait(800)
    page.chooser.set_folder(up)
    page.tabs.setCurrentIndex(1)
    page.import_files(sorted(up.glob("*.qcdcb")))
    wait(2500)
    _capture(out / "sync-upper-import.png")
    with open_store(temp / "tinh.db") as upper:
        opinion = forwarded_opinions(upper)[0]
        add_reply(upper, opinion_id=opinion.id, content="Sở Giao thông vận tải đã bố trí kinh phí sửa chữa tuyến "
                  "đường trong quý I năm 2027.", issued_on=dt.date(2026, 12, 1))
        add_directive(upper, commune=opinion.origin, content="Báo cáo kết quả tổ chức đối thoại năm 2026 trước ngày "
                      "20/12/2026.", deadline=dt.date(2026, 12, 20), issued_on=dt.date(2026, 12, 1))
    page.refresh()
    page.tabs.setCurrentIndex(3)
    wait(1000)
    _capture(out / "sync-upper-replies.png")
    page.tabs.setCurrentIndex(0)
    page.upper_tabs.board.search.setText("an binh")
    wait(500)
    _capture(out / "sync-upper-communes.png")
    page.upper_tabs.board.search.setText("")
    wait(500)
    _capture(out / "sync-upper.png")
    # A commune's meeting at the province: read-only, the band saying why and what can be done.
    meetings = window.pages["meetings"]
    window.show_page("meetings")
    wait(1500)
    from qcdc_desktop.ui.widgets.models import MEETING_ID_ROLE
    window.open_meeting(meetings.model.data(meetings.model.index(0, 0), MEETING_ID_ROLE))
    wait(1500)
    _capture(out / "commune-meeting-read-only.png")
    window.show_page("sync")
    wait(300)
    page.chooser.set_folder(down)
    page.export()
    wait(2500)
    window.close()
    close_window(window)
    database.shutdown()
    from qcdc_desktop.db import access
    from qcdc_desktop.ui import session

    session.begin(access.signed_in(path))  # the commune's window again


def _history_changes(path: Path) -> str:
    """Changes by the clerk and the leader, as they make them: the clerk corrects an opinion of the
    latest meeting held and follows up a task, the leader removes an opinion recorded twice.
    Returns the id of the opinion corrected."""
    import dataclasses

    from qcdc_desktop.db.accounts import sign_in
    from qcdc_desktop.db.connection import open_store
    from qcdc_desktop.db.edit import save_meeting
    from qcdc_desktop.db.meetings import iter_meetings
    from qcdc_desktop.db.tasks import update_task

    sign_in(path, "lan.nt", PASSWORD)
    with open_store(path) as store:
        meeting = max((m for m in iter_meetings(store) if m.status != "planned" and len(m.opinions) >= 3
                       and m.conclusions), key=lambda m: m.held_on)
        first = meeting.opinions[0]
        meeting.opinions[0] = dataclasses.replace(
            first, content=first.content.rstrip(".") + ", đề nghị xã trả lời bằng văn bản trước ngày 30/12/2026.",
            answer="Ủy ban nhân dân xã tiếp thu, giao công chức Địa chính kiểm tra và trả lời trong tháng 12.",
            answered=True, outcome="commune_task")
        save_meeting(store, meeting=meeting)
        task = meeting.conclusions[0]
        update_task(store, task_id=task.id or "", state="done", result="Đã kiểm tra hiện trạng, lập biên bản.",
                    completed_on=min(dt.date(2026, 11, 30), dt.date.today()), reply_doc="112/UBND-ĐC")
    sign_in(path, "binh.nv", PASSWORD)
    with open_store(path) as store:
        meeting = next(iter_meetings(store, [meeting.id or ""]))
        meeting.opinions.pop()
        save_meeting(store, meeting=meeting, reason="Ý kiến ghi trùng với ý kiến số 1")
    sign_in(path, "quantri", PASSWORD)
    return first.id or ""


def _history_shots(window, place, opinions_page, opinion_id: str, screen, wait, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+H on the corrected opinion in the Opinions place, then the History place with the
    clerk's change selected."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from qcdc_desktop.ui.history.panel import HistoryDialog
    from qcdc_desktop.ui.widgets.models import ID_ROLE

    window.show_page("opinions")
    opinions_page.search.clear()
    opinions_page.apply_filter()
    wait(1500)
    model = opinions_page.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0), ID_ROLE) == opinion_id)
    opinions_page.table.setCurrentIndex(model.index(row, 0))
    opinions_page.table.setFocus()
    window.activateWindow()
    QTest.keyClick(opinions_page.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    wait(1500)
    dialog = window.findChild(HistoryDialog)
    dialog.resize(900, 560)
    dialog.move(screen.center() - dialog.rect().center())
    wait(500)
    _capture(out / "history-panel.png")
    dialog.reject()
    window.show_page("history")
    wait(2500)
    entries = [place.model.data(place.model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(place.model.rowCount())]
    chosen = next(r for r, e in enumerate(entries) if e is not None and e.login == "lan.nt" and e.kind == "opinions")
    place.table.setFocus()
    place.table.selectRow(chosen)
    wait(1500)
    _capture(out / "history-place.png")


def _signing_in_shots(wizard, settings, temp: Path, wait, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The wizard's first administrator (passwords not yet the same), then the recovery code shown once."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from qcdc_desktop.core.filekey import new_recovery_code
    from qcdc_desktop.db.setup import resolve_unit
    from qcdc_desktop.ui.signin.recovery_dialog import RecoveryCodeDialog

    QTest.keyClick(wizard.unit_page.results, Qt.Key.Key_Return)
    wait(300)
    wizard.officials_page.leaders["chairman"][1].setText("Nguyễn Văn An")
    wizard.officials_page.leaders["secretary"][1].setText("Lê Thị Bình")
    wizard.next()
    wizard.next()
    fields = wizard.admin_page.fields
    for widget, text in ((fields.login, "quantri"), (fields.full_name, "Trần Văn Quản"),
                         (fields.password.new, PASSWORD),
                         (fields.title, "Công chức Văn phòng – Thống kê"), (fields.password.repeat, PASSWORD[:6])):
        widget.setText(text)
    fields.password.repeat.setFocus()
    wait(500)
    _capture(out / "wizard-admin.png")
    dialog = RecoveryCodeDialog(new_recovery_code(), unit=resolve_unit("05425", "commune"), file_name="qcdc.db",
                                made_by="Trần Văn Quản", settings=settings, parent=wizard)
    dialog.show()
    wait(2500)
    _capture(out / "wizard-recovery.png")
    dialog.confirm.setChecked(True)
    dialog.accept()


def _sign_in_shot(path: Path, settings, screen, wait, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The sign-in window at start, a wrong password said (the file's own keys, a real check)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from qcdc_desktop.core.settings import DATA_UNIT_NAME
    from qcdc_desktop.db import access
    from qcdc_desktop.ui.signin.start import sign_in_dialog
    from qcdc_desktop.ui.widgets.settings import write

    kept = access.unlocked(path)
    write(settings, DATA_UNIT_NAME, "Xã An Bình")
    dialog = sign_in_dialog(path, settings)
    dialog.show()
    dialog.move(screen.center() - dialog.rect().center())
    QTest.keyClicks(dialog.login, "lan.nt")
    QTest.keyClicks(dialog.password, "matkhau")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    wait(2500)
    _capture(out / "sign-in.png")
    dialog.done(0)
    if kept is not None:
        access.remember(path, kept.file_key, kept.user)


def _every_place(window, out: Path, wait) -> None:  # type: ignore[no-untyped-def]
    """Each place of the navigation as it opens, in the window's order: place-01-overview.png, …"""
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        window.nav.setFocus()
        wait(1200)
        _capture(out / f"place-{row + 1:02d}-{window.current_page()}.png")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="vi")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        sys.exit("error: no DISPLAY; start Xvfb :99 -screen 0 1366x768x24 and set DISPLAY=:99")
    temp = Path(tempfile.mkdtemp(prefix="qcdc-shots-"))
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(temp / var.lower())

    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from qcdc_desktop.core.model import Official
    from qcdc_desktop.db.backup import make_backup
    from qcdc_desktop.db.demo import fill_demo
    from qcdc_desktop.db.meetings import iter_meetings
    from qcdc_desktop.printing.desk import issue_document
    from qcdc_desktop.db.officials import set_official_active
    from qcdc_desktop.db.setup import init_office, resolve_unit
    from qcdc_desktop.jobs.database import Database
    from qcdc_desktop.l10n import _
    from qcdc_desktop.ui.widgets.language import apply_language, save_language
    from qcdc_desktop.ui.documents.document_dialog import DocumentDialog
    from qcdc_desktop.app import build_window, close_window
    from qcdc_desktop.ui.accounts import WindowAccounts
    from qcdc_desktop.ui.registers.import_dialog import RegisterImportDialog
    from qcdc_desktop.ui.followup.task_dialog import TaskDialog
    from qcdc_desktop.ui.wizard.wizard import SetupWizard

    app = QApplication([sys.argv[0]])
    apply_language(args.lang)
    settings = QSettings(str(temp / "settings.ini"), QSettings.Format.IniFormat)
    save_language(settings, args.lang)  # the language the office chose, as the application starts in it

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    # The wizard's unit page, "an binh" typed and the first result chosen with Down.
    wizard = SetupWizard(temp / "data" / "qcdc.db", settings=settings)
    wizard.show()
    screen = app.primaryScreen().availableGeometry()
    wizard.move(screen.center() - wizard.rect().center())
    wait(300)
    wizard.next()
    wizard.next()
    QTest.keyClicks(wizard.unit_page.search, "an binh")
    QTest.keyClick(wizard.unit_page.search, Qt.Key.Key_Down)
    wait(500)
    _capture(args.out / "wizard-unit.png")
    _signing_in_shots(wizard, settings, temp, wait, args.out)
    wizard.close()

    # The settings page of a commune with its officials and two backups.
    path = temp / "xa-an-binh.db"
    people = [Official("Nguyễn Văn An", "Chủ tịch UBND xã"), Official("Lê Thị Bình", "Bí thư Đảng ủy xã", "party"),
              Official("Trần Văn Cường", "Phó Chủ tịch UBND xã"), Official("Phạm Thị Dung", "Phó Chủ tịch UBND xã")]
    with init_office(path, resolve_unit("05425", "commune"), people, **_admin()) as store:
        from qcdc_desktop.db.accounts import add_account

        for login, name, title, role in (("binh.nv", "Nguyễn Văn Bình", "Chủ tịch UBND xã", "leader"),
                                         ("lan.nt", "Nguyễn Thị Lan", "Văn thư", "clerk"),
                                         ("tam.lm", "Lê Minh Tâm", "Đoàn kiểm tra", "viewer")):
            add_account(store, login=login, full_name=name, title=title, role=role, password=PASSWORD)
        set_official_active(store, official_id=people[3].id or "", active=False)
        now = dt.datetime.now(dt.timezone.utc)
        make_backup(store, now=now - dt.timedelta(days=1))
        make_backup(store, reason="manual", now=now)
        fill_demo(store, seed=1, until=dt.date(2026, 11, 30))  # the three years before
        held = sorted((m for m in iter_meetings(store) if m.status in ("concluded", "published") and m.conclusions
                       and m.held_on.year == 2026), key=lambda m: m.held_on)[-3:]  # their notices, in date order
        for meeting in held:
            issue_document(store, meeting_id=meeting.id or "", issued_on=meeting.held_on + dt.timedelta(days=3))
    opinion_id = _history_changes(path)
    _sign_in_shot(path, settings, screen, wait, args.out)
    database = Database(path)
    window = build_window(database, path, settings)  # the window a person signed in as admin sees
    pages = {key: window.pages[key] for key in ("meetings", "opinions", "tasks")}
    followup, reports, sync = window.pages["followup"], window.pages["reports"], window.pages["sync"]
    controls = window.findChild(WindowAccounts)
    history_place = window.pages.get("history")
    window.setGeometry(screen)
    window.show()
    database.open(lambda _r: window.refresh())
    wait(1000)
    _capture(args.out / "followup.png")  # the window opens on what needs attention
    task = followup.tasks.current_row()
    updater = TaskDialog(database, task_id=task.task_id, meeting_id=task.meeting_id, settings=settings, parent=window)
    updater.show()
    updater.move(screen.center() - updater.rect().center())
    wait(800)
    _capture(args.out / "task-followup.png")
    updater.close()
    window.show_page("overview")
    wait(300)
    _capture(args.out / "overview.png")
    window.show_page("opinions")
    QTest.keyClicks(pages["opinions"].search, "dat dai")
    wait(1200)
    _capture(args.out / "opinions.png")
    window.show_page("tasks")
    wait(1000)
    _capture(args.out / "tasks.png")
    window.show_page("meetings")
    wait(1000)
    _capture(args.out / "meetings.png")
    opinions = pages["opinions"]  # a meeting that was held: open it from one of its opinions
    window.show_page("opinions")
    opinions.table.setCurrentIndex(opinions.model.index(0, 0))
    QTest.keyClick(opinions.table, Qt.Key.Key_Return)
    wait(1000)
    window.editor.tabs.setCurrentIndex(1)
    wait(500)
    _capture(args.out / "meeting-entry.png")
    window.show_page("notices")
    wait(1000)
    _capture(args.out / "notices.png")
    dialog = DocumentDialog(database, held[0].id or "", settings=settings, parent=window)
    dialog.setGeometry(screen.adjusted(20, 20, -20, -20))
    dialog.show()
    wait(2000)
    _capture(args.out / "notice-preview.png")
    dialog.close()
    window.show_page("reports")
    reports.chooser.kind.setCurrentIndex(reports.chooser.kind.findData("year"))
    reports.chooser.year.setValue(2026)
    reports.build()
    wait(3000)
    _capture(args.out / "reports.png")
    reports.tabs.setCurrentWidget(reports.charts)
    wait(500)
    _capture(args.out / "reports-charts.png")
    reports.tabs.setCurrentWidget(reports.preview)
    wait(1000)
    _capture(args.out / "reports-preview.png")
    importer = RegisterImportDialog(database, settings, window)
    importer.setGeometry(screen.adjusted(40, 30, -40, -30))
    importer.show()
    importer.read(_register(temp / "so-theo-doi.xlsx"))
    wait(2500)
    importer.mapping.fixed["place"].setText("Hội trường UBND xã")
    wait(1500)
    _capture(args.out / "register-import.png")
    importer.tabs.setCurrentIndex(1)  # what each value of the kind and field columns means
    importer.problems_view.setFocus()
    importer.problems_view.setCurrentIndex(importer.problems.index(0, 0))  # the bad row, whole in the pane
    wait(800)
    _capture(args.out / "register-import-values.png")
    importer.tabs.setCurrentIndex(2)  # the name typed in the old VNI font, and what it became
    wait(500)
    _capture(args.out / "register-import-fonts.png")
    importer.close()
    window.show_page("settings")
    wait(1000)
    _capture(args.out / "settings.png")
    window.show_page("users")
    wait(1200)
    controls.users_page.table.selectRow(2)
    wait(300)
    _capture(args.out / "users.png")
    _history_shots(window, history_place, pages["opinions"], opinion_id, screen, wait, args.out)
    window.show_page("meetings")
    controls.lock()
    QTest.keyClicks(controls.locker.screen.password, "sai-mat-khau")
    QTest.keyClick(controls.locker.screen.password, Qt.Key.Key_Return)
    wait(2500)
    _capture(args.out / "lock.png")
    QTest.keyClicks(controls.locker.screen.password, PASSWORD)
    QTest.keyClick(controls.locker.screen.password, Qt.Key.Key_Return)
    wait(2500)
    window.hide()
    _sync_shots(path, temp, settings, screen, wait, args.out)
    window.show()
    window.show_page("sync")
    wait(800)
    sync.chooser.set_folder(temp / "USB-xuong")
    sync.tabs.setCurrentIndex(1)
    sync.import_files(sorted((temp / "USB-xuong").glob("*.qcdcb")))
    wait(2500)
    _capture(args.out / "sync-commune.png")
    sync.tabs.setCurrentIndex(0)
    wait(500)
    _capture(args.out / "sync-commune-send.png")
    _every_place(window, args.out, wait)
    close_window(window)
    window.close()
    database.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
