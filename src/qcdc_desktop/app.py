"""``qcdc-desktop``: the composition root of the desktop application.

In order: the command line; the log; the QApplication; the language (``--lang``, else the one saved
in Settings, else Vietnamese) with Qt's own catalog, before any widget exists; the data file
(``--db``, else the one remembered from the first-run wizard, else the user data folder), with the
first-run wizard when it does not exist yet; signing in to it (or converting a file of an earlier
version); then the main window with the Settings page, its geometry restored, the file opened and
checked on the database worker, and the daily backup.  Choosing another language in Settings and
pressing "Restart now" closes the window and opens it again in that language, in the same process;
signing in with another account does the same as that person.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir, user_log_dir

from . import l10n
from .l10n import _
from .core.settings import DATA_PATH, DATA_UNIT_NAME, WINDOW_GEOMETRY, WINDOW_STATE

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .jobs.database import Database

    from .ui.main_window import MainWindow

log = logging.getLogger("qcdc_desktop")

APP_NAME = "qcdc-desktop"


def default_db_path() -> Path:
    """The data file in the user's data folder (``~/.local/share/qcdc-desktop/qcdc.db`` on Linux)."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "qcdc.db"


def _setup_logging() -> None:
    folder = Path(user_log_dir(APP_NAME, appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=folder / "qcdc-desktop.log", level=logging.INFO,
                            format="%(asctime)s %(threadName)s %(name)s %(levelname)s %(message)s")
    except OSError:
        logging.basicConfig(level=logging.WARNING)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="qcdc-desktop")
    parser.add_argument("--db", type=Path, default=None, help=_("the data file (default: in the user data folder)"))
    parser.add_argument("--lang", choices=l10n.LANGUAGES, default=None,
                        help=_("language of the interface (default: the one chosen in Settings, else vi)"))
    # A double-click on a bundle brought on the USB stick starts the program with its path (the
    # Windows installer's file association, briefcase.toml).
    parser.add_argument("bundles", nargs="*", type=Path, metavar="BUNDLE",
                        help=_("bundles (.qcdcb) to import once signed in, as when one is opened from the file "
                               "manager"))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, *, settings: QSettings | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    _setup_logging()
    from .db import holder

    holder.set_program("QCDC Desktop")  # the name a second program is told holds the file
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from .ui.widgets.language import apply_language, saved_language
    from .ui.restore import offer_restore
    from .ui.signin.start import sign_in_at_start

    QCoreApplication.setOrganizationName("QCDC")
    QCoreApplication.setApplicationName("QCDC Desktop")
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    from .jobs import collector

    collector.install(app)  # cycles are collected on this thread only: never a widget from a job's thread
    from .ui.widgets import keyboard

    keyboard.install(app)  # one keyboard model for the sign-in, the wizard and the window (docs/keyboard.md)
    _set_icon(app)
    settings = settings if settings is not None else QSettings()
    # Our catalog and Qt's own before any widget exists, so every widget is born in the language.
    apply_language(args.lang or saved_language(settings))
    path = find_data_file(args.db, settings)
    if path is None:
        return 1
    if not path.exists():
        path = set_up_office(path, fixed=args.db is not None, settings=settings)
        if path is None:
            return 0
    bundles: list[Path] = args.bundles
    while True:
        refused = sign_in_at_start(path, settings)
        if refused is not None:
            return refused
        code, language, error = run_window(app, path, settings, bundles=bundles)
        bundles = []  # imported by the first window only
        if error is not None:
            if _restorable(error, path) and offer_restore(path):
                continue  # open the restored file
            return code
        if language is None:
            return code
        apply_language(language)


def _restorable(error: Exception, path: Path) -> bool:
    """A damaged data file with a backup to put back (offered instead of a command to type)."""
    from .core.errors import DatabaseDamaged
    from .db.backup import latest_backup

    return isinstance(error, DatabaseDamaged) and latest_backup(path) is not None


def _set_icon(app: QApplication) -> None:
    from importlib import resources

    from PySide6.QtGui import QIcon

    with resources.as_file(resources.files("qcdc_desktop") / "data" / "icon.png") as icon:
        app.setWindowIcon(QIcon(str(icon)))


def find_data_file(given: Path | None, settings: QSettings) -> Path | None:
    """The data file to open, or None when the person chose to stop.  Asks before offering to
    create a file that was expected to exist (given with --db, or remembered from the last time)."""
    from PySide6.QtWidgets import QMessageBox

    from .ui.widgets.settings import forget, read

    if given is not None:
        if given.exists():
            return given
        answer = QMessageBox.question(None, "QCDC Desktop", _(
            "There is no data file at %(path)s. Set up a new office in this file now?") % {"path": given})
        return given if answer == QMessageBox.StandardButton.Yes else None
    remembered = read(settings, DATA_PATH)
    if not remembered:
        return default_db_path()
    path = Path(str(remembered))
    if path.exists():
        return path
    answer = QMessageBox.question(None, "QCDC Desktop", _(
        "The data file %(path)s was not found. If it is on a USB stick or another drive, connect it and "
        "start QCDC Desktop again. Set up a new office instead?") % {"path": path})
    if answer != QMessageBox.StandardButton.Yes:
        return None
    forget(settings, DATA_PATH)
    return default_db_path()


def set_up_office(path: Path, *, fixed: bool, settings: QSettings) -> Path | None:
    """Run the first-run wizard; the path of the data file it created, or None when cancelled."""
    from PySide6.QtWidgets import QDialog

    from .ui.widgets.settings import write
    from .ui.wizard.wizard import SetupWizard

    wizard = SetupWizard(path, fixed_path=fixed, settings=settings)
    if wizard.exec() != QDialog.DialogCode.Accepted or wizard.created_path is None:
        return None
    if not fixed:
        write(settings, DATA_PATH, str(wizard.created_path))
    return wizard.created_path


def build_window(database: Database, path: Path, settings: QSettings) -> MainWindow:
    """The main window with every place, in order: Overview, Follow-up, Meetings, Opinions, Tasks,
    Notices, Reports, Sync, Meeting entry, History for an administrator or a leader, Personal data
    for those who keep the register of citizens' requests, Settings, and for an administrator
    Documents settings and User accounts.  Pages are in ``window.pages`` by key; what the signed-in
    person's role may not do is not offered.  The places after the lists are made when first shown
    (ui/places.py); «Restart now» in Settings emits ``window.restart_requested``."""
    from .db import access
    from .ui.accounts import WindowAccounts, apply_roles
    from .ui.followup.page import install_followup
    from .ui.history.install import install_history
    from .ui.meetings.list_page import install_list_pages
    from .ui.retention_dialog import install_retention
    from .ui.main_window import MainWindow
    from .ui.documents.page import install_notices
    from .ui.places import install_documents_settings, install_personal, install_reports, install_settings
    from .ui.sync.drop import install_sync
    from .ui.widgets.settings import read

    window = MainWindow(database, settings)
    list_pages = install_list_pages(window, database, path, settings)
    install_notices(window, database, path, settings, list_pages["meetings"])
    install_followup(window, database, path, settings)
    install_reports(window, database, path, settings)
    install_sync(window, database, path, settings)
    accounts: WindowAccounts | None = None  # made below; the Settings place is made later still

    def lock_minutes(minutes: int) -> None:
        if accounts is not None:
            accounts.set_lock_minutes(minutes)

    install_settings(window, database, settings, restart=window.restart_requested, lock_minutes=lock_minutes)
    user = access.signed_in(path)
    if user is not None:
        accounts = WindowAccounts(window, database, path, settings, user, unit_name=read(settings, DATA_UNIT_NAME))
    install_documents_settings(window, database)
    install_history(window, database, path, settings)
    install_personal(window, database, path, settings)
    install_retention(window, database)
    apply_roles(window)
    window.keep_place()
    _keep_printings(window, database)
    return window


def _keep_printings(window: MainWindow, database: Database) -> None:
    """Every printing of this window written to the office's history too, on the database's worker
    (printing.record: the log has the same line); stopped by :func:`close_window`."""
    from .db.printing_log import record_printing
    from .printing.record import PRINT_HISTORY, PrintRecord

    def keep(record: PrintRecord) -> None:
        database.submit(lambda store: record_printing(
            store, document=record.document, pages=record.pages, printer=record.printer, ranges=record.ranges,
            job=record.job, state=record.outcome), None,
            lambda error: log.warning("printing not kept in the history: %s", error))

    PRINT_HISTORY.append(keep)
    window.destroyed.connect(lambda *_: PRINT_HISTORY.remove(keep) if keep in PRINT_HISTORY else None)
    window.keep_printing = keep


def close_window(window: MainWindow) -> None:
    """Stop the lists' background reads and close their read-only connections."""
    from .printing.record import PRINT_HISTORY
    from .ui.history.place import HistoryPlace
    from .ui.meetings.list_page import ListPage

    keep = getattr(window, "keep_printing", None)
    if keep in PRINT_HISTORY:
        PRINT_HISTORY.remove(keep)

    for page in window.pages.built():  # a place never shown has nothing open
        if isinstance(page, (ListPage, HistoryPlace)):
            page.model.close()


def run_window(app: QApplication, path: Path, settings: QSettings, *,
               bundles: Sequence[Path] = ()) -> tuple[int, str | None, Exception | None]:
    """Show the main window on ``path`` until it closes: the exit code, the language to open it
    again in when the person asked for a restart, and the error that refused the file, if one did.
    ``bundles`` (the program's arguments) are imported in the Sync place once the window is up."""
    from .core.changes import Changes
    from .db.backup import backup_if_due
    from .jobs.database import Database
    from .ui.file_check import FileCheck
    from PySide6.QtCore import QByteArray

    from .core.roles import Operation
    from .ui import session
    from .ui.accounts import WindowAccounts, read_unit_name
    from .ui.widgets.settings import read, write
    from .ui.widgets.screen_fit import fit_main_window

    database = Database(path)
    window = build_window(database, path, settings)
    failed: list[Exception] = []
    checks: list[FileCheck] = []
    restart: list[str] = []
    shown: list[bool] = []

    def save_geometry() -> None:
        if shown:
            write(settings, WINDOW_GEOMETRY, window.saveGeometry())
            write(settings, WINDOW_STATE, window.saveState())

    def opened(_result: object) -> None:
        geometry = read(settings, WINDOW_GEOMETRY)
        if not isinstance(geometry, QByteArray) or not window.restoreGeometry(geometry):
            fit_main_window(window)
        state = read(settings, WINDOW_STATE)
        if isinstance(state, QByteArray):
            window.restoreState(state)
        window.show()
        shown.append(True)
        window.refresh()
        window.check_drafts()  # work typed before a power cut is offered again
        database.submit(read_unit_name, lambda name: write(settings, DATA_UNIT_NAME, name))  # named at sign-in
        if session.may(Operation.BACKUP):
            database.submit(backup_if_due, backed_up, lambda exc: log.warning("automatic backup failed: %s", exc))
        checks.append(FileCheck(window, path, damaged).start())  # the whole file, beside the work
        if bundles:
            from .ui.sync.page import SyncPage

            sync = window.pages["sync"]
            assert isinstance(sync, SyncPage)  # build_window adds it
            window.show_page("sync")
            sync.open_bundles(list(bundles))

    def backed_up(made: Path | None) -> None:
        if made is not None:  # the overview names the latest backup
            database.changed.emit(Changes(backups=True))

    def damaged(error: Exception) -> None:
        """The background check found damage: as at opening, the window goes and the backup is
        offered (the person is asked about unsaved work first, as on any close)."""
        if not _restorable(error, path):
            window.show_error(error)
        failed.append(error)
        if window.close():
            app.quit()

    def refused(error: Exception) -> None:
        failed.append(error)
        if not _restorable(error, path):  # otherwise the restore is offered once the window is gone
            window.show_error(error)
        app.quit()

    def restart_in(language: str) -> None:
        save_geometry()
        restart.append(language)
        if not window.close():  # the person kept the window open (unsaved work)
            restart.clear()

    def switched(_user: object) -> None:
        """Another account signed in: the window opens again as them, in the same language."""
        restart_in(l10n.get_language())

    window.restart_requested.connect(restart_in)
    accounts = window.findChild(WindowAccounts)
    if accounts is not None:
        accounts.switched.connect(switched)
    app.aboutToQuit.connect(save_geometry)
    # Opening checks the file (quick_check) on the worker thread, never on the UI thread.
    database.open(opened, refused)
    code = app.exec()
    app.aboutToQuit.disconnect(save_geometry)
    if not restart:
        save_geometry()
    settings.sync()
    for check in checks:
        check.job.cancel()  # stops at its next step; its connection is its own
    close_window(window)
    database.shutdown()
    window.deleteLater()
    if failed:
        return 1, None, failed[0]
    return code, (restart[0] if restart else None), None


if __name__ == "__main__":
    raise SystemExit(main())
