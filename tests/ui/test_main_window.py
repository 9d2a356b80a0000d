"""The main window opens a data file off the UI thread and shows what it holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QSettings

from conftest import run_qcdc
from window_at_hand import close_window, open_window
from qcdc_desktop.core.errors import DatabaseDamaged
from qcdc_desktop.jobs.database import Database
from qcdc_desktop.ui.main_window import MainWindow


@pytest.fixture
def demo_db(commune_db: Path) -> Path:
    result = run_qcdc("demo", "--db", str(commune_db), "--meetings", "6", "--seed", "2", "--until", "2026-06-30")
    assert result.returncode == 0, result.stderr
    return commune_db


def test_overview_shows_the_unit_and_counts(qtbot, demo_db: Path) -> None:
    from qcdc_desktop.db.connection import open_store

    with open_store(demo_db, readonly=True) as store:
        opinions = store.conn.execute("SELECT count(*) FROM opinions").fetchone()[0]
    database = Database(demo_db)
    window = MainWindow(database)
    qtbot.addWidget(window)
    opened: list[object] = []
    database.open(opened.append)
    qtbot.waitUntil(lambda: opened == [None], timeout=10_000)
    window.refresh()
    qtbot.waitUntil(lambda: window.overview.labels["meetings"].text() == "6", timeout=10_000)
    assert window.overview.labels["unit"].text() == "Phường Ba Đình (00004)"
    assert window.overview.labels["opinions"].text() == f"{opinions:,}".replace(",", ".")
    assert "Phường Ba Đình" in window.windowTitle()
    assert window.overview.labels["backup"].text() == "chưa có"
    database.shutdown()


def test_the_overview_names_the_latest_backup_by_its_time_and_reason(qtbot, commune_db: Path) -> None:
    import datetime as dt

    from qcdc_desktop.db.backup import make_backup
    from qcdc_desktop.db.connection import open_store

    taken = dt.datetime(2026, 12, 4, 7, 31, tzinfo=dt.timezone.utc)
    with open_store(commune_db) as store:
        make_backup(store, now=taken - dt.timedelta(days=1))
        make_backup(store, reason="manual", now=taken)
    database = Database(commune_db)
    window = MainWindow(database)
    qtbot.addWidget(window)
    database.open(lambda _r: window.refresh())
    local = taken.astimezone()
    qtbot.waitUntil(lambda: window.overview.labels["backup"].text() != "…", timeout=10_000)
    assert window.overview.labels["backup"].text() == f"{local:%d/%m/%Y %H:%M} — Tạo bằng nút “Sao lưu ngay”"
    database.shutdown()


def test_the_meeting_actions_are_offered_only_with_a_meeting_in_front(qtbot, demo_db: Path, tmp_path: Path) -> None:
    """Issue 18: «Xóa hội nghị này…» and «Văn bản của hội nghị này… Ctrl+P» were enabled with no
    meeting chosen."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(qtbot, demo_db, settings)
    try:
        documents, delete = window.documents_action, window.delete_action
        window.show_page("overview")
        assert not documents.isEnabled() and not delete.isEnabled()
        window.show_page("meetings")
        page = window.pages["meetings"]
        qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=10_000)
        page.table.clearSelection()
        assert not documents.isEnabled()
        page.table.selectRow(0)
        meeting_id = page.selected_meeting()
        assert meeting_id and documents.isEnabled()
        assert not delete.isEnabled()  # it deletes the meeting open in the entry form
        window.show_page("overview")
        assert not documents.isEnabled()
        window.open_meeting(meeting_id)
        qtbot.waitUntil(lambda: window.editor.meeting_id == meeting_id and window.current_page() == "editor",
                        timeout=10_000)
        assert documents.isEnabled() and delete.isEnabled()
        window.new_meeting()  # a meeting not saved yet has no documents and nothing to delete
        assert window.current_page() == "editor" and not documents.isEnabled() and not delete.isEnabled()
    finally:
        close_window(qtbot, window)


def test_back_up_now_in_settings_is_named_on_the_overview_at_once(qtbot, commune_db: Path, tmp_path: Path) -> None:
    """Issue 18: the Overview said «Bản sao lưu gần nhất: chưa có» right after a backup was made
    (listed in Settings).  Held here through the whole window, as a clerk does it."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(qtbot, commune_db, settings)
    try:
        window.refresh()
        qtbot.waitUntil(lambda: window.overview.labels["backup"].text() == "chưa có", timeout=10_000)
        window.show_page("settings")
        page = window.pages["settings"]
        qtbot.waitUntil(page.backup_button.isEnabled, timeout=10_000)
        page.backup_button.click()
        qtbot.waitUntil(lambda: "Sao lưu ngay" in window.overview.labels["backup"].text(), timeout=20_000)
        shown = window.overview.labels["backup"].text()
        assert shown.endswith("— Tạo bằng nút “Sao lưu ngay”") and ".sqlite" not in shown
    finally:
        close_window(qtbot, window)


def test_a_damaged_file_is_reported_not_opened(qtbot, commune_db: Path) -> None:
    from conftest import raw_connection

    conn = raw_connection(commune_db)
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    conn.close()
    with commune_db.open("r+b") as fh:  # every page after the first overwritten: none reads any more
        fh.seek(page_size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range((pages - 1) * page_size)))
    damaged = commune_db.read_bytes()
    database = Database(commune_db)
    errors: list[Exception] = []
    database.open(None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=10_000)
    database.shutdown()
    # Damaged, not merely foreign or busy: the person is told it is damaged and that no backup exists.
    assert isinstance(errors[0], DatabaseDamaged)
    assert str(commune_db) in errors[0].message and "hỏng" in errors[0].message
    assert commune_db.read_bytes() == damaged  # the file is left as it was


def test_the_desktop_program_refuses_a_foreign_file_without_a_traceback(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a data file", encoding="utf-8")
    script = ("import sys; from PySide6.QtWidgets import QMessageBox;"
              "QMessageBox.warning = staticmethod(lambda *a, **k: sys.stderr.write(a[2] + '\\n'));"
              "from qcdc_desktop.app import main; sys.exit(main(['--db', sys.argv[1], '--lang', 'en']))")
    result = subprocess.run([sys.executable, "-c", script, str(foreign)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "not a QCDC data file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_place_given_by_its_builder_is_made_once_when_first_shown_or_asked_for(qtbot, commune_db: Path) -> None:
    """The start makes only the place it opens on: a place added with a builder is listed (in the
    places list, the Go menu, ``in window.pages``) but made the first time it is shown or asked
    for, once, in its spot."""
    from PySide6.QtWidgets import QLabel, QWidget

    database = Database(commune_db)
    window = MainWindow(database)
    qtbot.addWidget(window)
    made: list[str] = []
    announced: list[tuple[str, QWidget]] = []
    window.place_built.connect(lambda key, widget: announced.append((key, widget)))

    def builder(key: str):
        def build() -> QWidget:
            made.append(key)
            return QLabel(key)
        return build

    window.add_page("late", "Late", builder("late"))
    window.add_page("later", "Later", builder("later"), after="overview")
    assert made == [] and "late" in window.pages and "later" in window.pages
    assert list(window.pages)[-2:] == ["late", "later"] and len(window.pages) == len(list(window.pages))
    assert [w for w in window.pages.built() if isinstance(w, QLabel)] == []
    assert "&2 Later" in [a.text() for a in window.go_menu.actions()]  # its place in the list and its key

    window.show_page("later")
    assert made == ["later"] and window.current_page() == "later"
    shown = window.stack.currentWidget()
    assert isinstance(shown, QLabel) and shown.text() == "later" and announced == [("later", shown)]
    window.show_page("overview")
    window.show_page("later")
    assert made == ["later"] and window.pages["later"] is shown  # made once

    late = window.pages["late"]  # asked for: made without being shown
    assert made == ["later", "late"] and window.current_page() == "later"
    assert isinstance(late, QLabel) and window.stack.indexOf(late) >= 0
    assert window.stack.count() == len(window.pages)  # no stand-in left behind
    with pytest.raises(KeyError):
        window.pages["nowhere"]
    database.shutdown()


def test_ctrl_h_reaches_the_tables_of_a_place_made_after_the_history_was_installed(qtbot, commune_db: Path,
                                                                                tmp_path: Path) -> None:
    from PySide6.QtWidgets import QTableView, QWidget

    from qcdc_desktop.ui.history.install import install_history

    database = Database(commune_db)
    window = MainWindow(database)
    qtbot.addWidget(window)
    install_history(window, database, commune_db, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))

    class Records(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.table = QTableView(self)

        def history_target(self):
            return None

        def history_tables(self):
            return [self.table]

    window.add_page("records", "Records", Records)
    page = window.pages["records"]
    assert isinstance(page, Records)
    assert window.history_action in page.table.actions()
    database.shutdown()
