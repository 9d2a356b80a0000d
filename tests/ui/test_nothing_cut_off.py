"""No heading of any list is cut off on a 1366×768 screen, in Vietnamese and in English, and no
short value ("120", a date) is elided: the main window with a demo office, every place and every
tab visited, every table on screen measured with the fonts it draws with."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle, QTableView, QTabWidget, QWidget

from conftest import PASSWORD, run_qcdc
from qcdc_desktop import app, l10n
from qcdc_desktop.db import accounts
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.main_window import MainWindow
from qcdc_desktop.ui.widgets.headers import WrappingHeader
from qcdc_desktop.ui.widgets.language import apply_language, remove_qt_catalog
from qcdc_desktop.ui.widgets.models import MEETING_ID_ROLE, background_loads


SCREEN = (1366, 768)
FIRST_ROWS = 12
SHORT = 20  # characters: a value this short is never elided
TASKBAR = 48  # logical pixels at 150 %: the window's title bar and the task bar under it


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run_qcdc("init", "--db", str(path), "--unit-code", "00004").returncode == 0
    assert run_qcdc("demo", "--db", str(path), "--meetings", "12", "--seed", "3").returncode == 0
    return path


def lines_width(metrics: QFontMetrics, text: str, lines: int) -> int:
    """The narrowest width ``text`` takes on ``lines`` lines at most, broken at spaces."""
    words = text.split()
    if lines == 1 or len(words) < 2:
        return metrics.horizontalAdvance(text)
    return min(max(metrics.horizontalAdvance(" ".join(words[:cut])), lines_width(metrics, " ".join(words[cut:]),
                                                                                    lines - 1))
               for cut in range(1, len(words)))


def problems(table: QTableView, where: str) -> list[str]:
    header = table.horizontalHeader()
    model = table.model()
    style = table.style()
    heading_font = QFontMetrics(header.font())
    cell_font = QFontMetrics(table.font())
    header_margin = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    cell_margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    lines = 2 if isinstance(header, WrappingHeader) else 1
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    used = sum(header.sectionSize(c) for c in shown)
    room_left = table.viewport().width() - used
    found = []
    fitter = getattr(table, "fitter", None)
    if fitter is not None and fitter.by_clerk:  # nobody dragged a column here: its widths must be fitted
        found.append(f"{where}: the columns of {table.objectName() or 'a table'} are not fitted to their texts")
    for column in shown:
        width = header.sectionSize(column)
        heading = " ".join(str(model.headerData(column, Qt.Orientation.Horizontal) or "").split())
        arrow = (style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + header_margin // 2
                 if header.isSortIndicatorShown() and header.sortIndicatorSection() == column else 0)
        need = lines_width(heading_font, heading, lines) + header_margin + arrow
        if width < need:
            found.append(f"{where}: heading {heading!r} is {width} px wide, needs {need}")
        one_line = lines_width(heading_font, heading, 1) + header_margin + arrow
        if width < one_line and room_left > 4:
            found.append(f"{where}: heading {heading!r} wrapped at {width} px with {room_left} px left empty")
        for row in range(min(FIRST_ROWS, model.rowCount())):
            text = str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole) or "")
            if cell_font.horizontalAdvance(text) + cell_margin <= width:
                continue
            if len(text) <= SHORT or room_left > 4:
                found.append(f"{where}: {text!r} elided under {heading!r} ({width} px, {room_left} px left empty)")
    return found


def visible_tables(root: QWidget) -> list[QTableView]:
    return [t for t in root.findChildren(QTableView) if t.isVisible() and t.model() is not None]


def tabs_of(root: QWidget) -> list[QTabWidget]:
    return [t for t in root.findChildren(QTabWidget) if t.isVisible()]


def settle(qtbot) -> None:
    qtbot.wait(50)
    qtbot.waitUntil(lambda: background_loads().running() == 0, timeout=10_000)
    qtbot.wait(150)  # the columns fit once the rows are there


def look_everywhere(qtbot, window: MainWindow) -> list[str]:
    found: list[str] = []
    for key in list(window.pages):
        found += look_at(qtbot, window, key)
    return found


def look_at(qtbot, window: MainWindow, key: str) -> list[str]:
    found: list[str] = []
    window.show_page(key)
    settle(qtbot)
    page = window.pages[key]
    for table in visible_tables(page):
        found += problems(table, key)
    for tabs in tabs_of(page):
        for i in range(tabs.count()):
            if not tabs.isTabEnabled(i) or not tabs.isTabVisible(i):
                continue
            tabs.setCurrentIndex(i)
            settle(qtbot)
            for table in visible_tables(tabs.widget(i)):
                found += problems(table, f"{key} / {tabs.tabText(i).replace('&', '')}")
    return found


@contextlib.contextmanager
def main_window(qtbot, path: Path, tmp_path: Path, language: str) -> Iterator[tuple[MainWindow, Database]]:
    """The main window of ``path`` in ``language``, on a 1366×768 screen, signed in as its
    administrator; closed, and the language set back, afterwards."""
    apply_language(language)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    accounts.sign_in(path, "quantri", PASSWORD)
    database = Database(path)
    window = app.build_window(database, path, settings)
    qtbot.addWidget(window)
    try:
        window.setGeometry(QApplication.primaryScreen().availableGeometry().x(), 0, *SCREEN)
        window.resize(*SCREEN)
        window.show()
        qtbot.waitExposed(window)
        window.refresh()
        yield window, database
    finally:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        app.close_window(window)
        database.shutdown()
        QThreadPool.globalInstance().waitForDone(10_000)
        remove_qt_catalog()
        l10n.set_language("vi")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_heading_is_cut_off_at_1366_by_768(qtbot, demo_db: Path, tmp_path: Path, language: str) -> None:
    with main_window(qtbot, demo_db, tmp_path, language) as (window, _database):
        found = [f"the places list cuts «{window.nav.item(row).text()}»" for row in range(window.nav.count())
                 if window.nav.visualItemRect(window.nav.item(row)).width() < window.nav.fontMetrics().horizontalAdvance(
                     window.nav.item(row).text()) or window.nav.horizontalScrollBar().maximum() > 0]
        found += look_everywhere(qtbot, window)
        meetings = window.pages["meetings"].model
        meeting_id = meetings.data(meetings.index(0, 0), MEETING_ID_ROLE)
        window.open_meeting(meeting_id)  # the entry form's grids, with the meeting's opinions and tasks
        qtbot.waitUntil(lambda: window.editor.meeting_id == meeting_id, timeout=10_000)
        found += look_at(qtbot, window, "editor")
        assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("level", ["commune", "upper"])
@pytest.mark.parametrize("scale", [1.25, 1.5])
def test_the_window_fits_a_laptop_screen_at_125_and_150_percent(qtbot, demo_db: Path, tmp_path: Path, language: str,
                                                                level: str, scale: float) -> None:
    """At 125 % or 150 % (as Windows laptops run) a 1366×768 screen is 1092×614 or 910×512 pixels
    for the program: the window, every place shown with its data, must not need more — a commune's,
    and the province's with its commune filter — less the window's title bar and the task bar
    (TASKBAR): what does not fit flows on to another line (filters, buttons) or scrolls up and down
    (the entry form's tabs)."""
    if level == "upper":
        demo_db = tmp_path / "tinh.db"
        assert run_qcdc("init", "--db", str(demo_db), "--unit-code", "25", "--role", "upper").returncode == 0
        assert run_qcdc("demo", "--db", str(demo_db), "--communes", "3", "--meetings", "9").returncode == 0
    with main_window(qtbot, demo_db, tmp_path, language) as (window, database):
        needed = {}
        for key in window.pages:
            window.show_page(key)
            qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
            qtbot.wait(50)
            needed[key] = window.minimumSizeHint()
        room = (int(SCREEN[0] / scale), int(SCREEN[1] / scale) - TASKBAR)
        too_big = {key: (size.width(), size.height()) for key, size in needed.items()
                   if size.width() > room[0] or size.height() > room[1]}
        assert too_big == {}, (room, too_big)


@contextlib.contextmanager
def database_in(qtbot, path: Path, language: str) -> Iterator[Database]:
    """The database worker of ``path`` with the program in ``language``; stopped, and the language
    set back, afterwards."""
    apply_language(language)
    database = Database(path)
    try:
        yield database
    finally:
        qtbot.waitUntil(lambda: not database.busy(), timeout=10_000)
        database.shutdown()
        QThreadPool.globalInstance().waitForDone(10_000)
        remove_qt_catalog()
        l10n.set_language("vi")


def _register(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ theo dõi"
    sheet.append(["STT", "Ngày hội nghị", "Tên hội nghị", "Địa điểm", "Người chủ trì", "Chức vụ",
                  "Họ tên người phát biểu", "Thôn, tổ dân phố", "Lĩnh vực", "Nội dung ý kiến"])
    for n in range(30):
        sheet.append([n + 1, f"{n // 10 + 5:02d}/03/2024", f"Hội nghị đối thoại với Nhân dân thôn {n // 10 + 1}",
                      "Hội trường UBND phường", "Nguyễn Văn An", "Chủ tịch UBND phường",
                      "Loø Vaên Minh" if n == 4 else f"Người dân {n + 1}",  # typed in VNI-Times
                      f"Tổ dân phố {n % 7 + 1}", "Thể thao" if n == 7 else "Đất đai",  # no such field: a problem
                      f"Ý kiến số {n + 1} về việc sửa đường."])
    book.save(path)
    return path


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_register_import_dialog_cuts_no_heading(qtbot, commune_db: Path, tmp_path: Path, language: str,
                                                    monkeypatch) -> None:
    """The register import's tables (the meetings found, the problems, the cells typed in an old
    font) at the dialog's size on a 1366×768 screen: "Ý kiến, kiến nghị" once showed only
    "kiến nghị", the first line of its heading cut off above a column 62 pixels wide."""
    from PySide6.QtWidgets import QFileDialog

    from qcdc_desktop.ui.registers.import_dialog import RegisterImportDialog

    register = _register(tmp_path / "so-theo-doi.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(register), "")))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    with database_in(qtbot, commune_db, language) as database:
        dialog = RegisterImportDialog(database, settings, today=lambda: dt.date(2024, 6, 30))
        qtbot.addWidget(dialog)
        dialog.resize(1240, 680)  # as it opens on a 1366×768 screen (this test's screen is smaller)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.choose_button.click()
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
        assert dialog.meetings.rowCount() == 3 and dialog.problems.rowCount() >= 1 and dialog.legacy.rowCount() == 1
        found: list[str] = []
        for tab in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(tab)
            qtbot.wait(150)  # the columns fit once shown
            found += [p for table in visible_tables(dialog)
                      for p in problems(table, dialog.tabs.tabText(tab).replace("&", ""))]
        assert found == [], "\n".join(found)
        # Every column of the meetings found in view, the count of tasks too, without scrolling.
        assert dialog.meetings_view.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_dialog_fits_a_laptop_screen_at_150_percent_and_cuts_no_heading(qtbot, tmp_path: Path,
                                                                              language: str) -> None:
    """Each dialog the main window opens (as the keyboard test makes them) opens within its screen
    (this test's screen is 800 pixels wide: the register import, the documents of a meeting, the
    history and the shortcuts opened wider and went past its edge, buttons and all) and can be made
    as small as a 1366×768 screen at 150 % (910×464 after the title bar and the task bar: the
    documents' row of buttons made that dialog at least 1,067 pixels wide).  Each table in it (the
    register import's, the retention's, the shortcuts'; a dialog given a table later is in it)
    cuts no heading and elides no short value."""
    from conftest import at_the_window
    from qcdc_desktop.db.connection import open_store
    from test_accelerators import _dialogs, _more_dialogs, make_office

    path, meeting_id = make_office(tmp_path, "commune")
    with open_store(path, readonly=True) as store:
        task_id = store.conn.execute("SELECT id FROM tasks WHERE meeting_id = ?", (meeting_id,)).fetchone()[0]
    at_the_window(path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    room = (int(SCREEN[0] / 1.5), int(SCREEN[1] / 1.5) - TASKBAR)
    too_big: dict[str, tuple[int, int]] = {}
    past_the_edge: dict[str, tuple[int, int]] = {}
    cut: list[str] = []
    with database_in(qtbot, path, language) as database:
        made = {**_dialogs(database, meeting_id, task_id, settings), **_more_dialogs(database, path, settings, tmp_path)}
        for name, make in made.items():
            dialog = make()
            qtbot.addWidget(dialog)
            dialog.show()
            settle(qtbot)
            cut += [p for table in visible_tables(dialog) for p in problems(table, f"{language}/{name}")]
            least = dialog.minimumSizeHint()
            if least.width() > room[0] or least.height() > room[1]:
                too_big[name] = (least.width(), least.height())
            screen = dialog.screen().availableGeometry()
            if dialog.width() > screen.width() or dialog.height() > screen.height():
                past_the_edge[name] = (dialog.width(), dialog.height())
            dialog.reject()
    assert too_big == {}, (room, too_big)
    assert past_the_edge == {}
    assert cut == [], "\n".join(cut)
