"""``qcdc-desktop``: the composition root of the desktop application."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

from . import l10n
from .l10n import _

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
    parser.add_argument("--lang", choices=l10n.LANGUAGES, default=l10n.DEFAULT_LANGUAGE)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    _setup_logging()
    l10n.set_language(args.lang)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .db.backup import backup_if_due
    from .jobs.database import Database
    from .ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("QCDC Desktop")
    app.setOrganizationName("QCDC")
    path = args.db or default_db_path()
    if not path.exists():
        QMessageBox.information(None, "QCDC Desktop", _(
            "There is no data file at %(path)s yet. Create it with: qcdc init --db %(path)s --unit-code CODE")
            % {"path": path})
        return 1
    database = Database(path)
    window = MainWindow(database)
    failed: list[Exception] = []

    def opened(_result: object) -> None:
        window.show()
        window.refresh()
        database.submit(backup_if_due, None, lambda exc: log.warning("automatic backup failed: %s", exc))

    def refused(error: Exception) -> None:
        failed.append(error)
        window.show_error(error)
        app.quit()

    # Opening checks the file (quick_check) on the worker thread, never on the UI thread.
    database.open(opened, refused)
    code = app.exec()
    database.shutdown()
    return 1 if failed else code


if __name__ == "__main__":
    raise SystemExit(main())
