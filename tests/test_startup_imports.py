"""What the program imports before its window is up: not the PDF and workbook libraries, which
only drawing a document or writing a workbook needs (and which cost a tenth of a second each at
every start, bench/startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import qcdc_desktop.app
from qcdc_desktop.ui import accounts, main_window
from qcdc_desktop.ui.documents import page as documents
from qcdc_desktop.ui.followup import page as followup
from qcdc_desktop.ui.meetings import list_page
from qcdc_desktop.ui.reports import page as reports
from qcdc_desktop.ui.settings import page as settings
from qcdc_desktop.ui.signin import start
from qcdc_desktop.ui.sync import page as sync
print(sorted(name for name in ("reportlab", "openpyxl") if name in sys.modules))
"""


def test_the_window_s_modules_leave_the_pdf_and_workbook_libraries_for_later() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


WINDOW_PROBE = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from qcdc_desktop.db.accounts import sign_in
from qcdc_desktop.jobs.database import Database

qapp = QApplication([])
path, settings_file, password = sys.argv[1:4]
sign_in(path, "quantri", password, record=False)
from qcdc_desktop import app
window = app.build_window(Database(path), path, QSettings(settings_file, QSettings.Format.IniFormat))
built = [key for key in window.pages if key in window.pages.made]
print(sorted(built))
print(sorted(name for name in LATER if name in sys.modules))
window.show_page("sync")
print(window.current_page(), type(window.stack.currentWidget()).__name__)
"""

# The places after the lists, and the modules only they need.
LATER = ("qcdc_desktop.ui.reports.page", "qcdc_desktop.ui.sync.page", "qcdc_desktop.ui.settings.page",
         "qcdc_desktop.ui.settings.documents_place", "qcdc_desktop.ui.history.place",
         "qcdc_desktop.ui.personal.place", "qcdc_desktop.ui.users.page",
         "qcdc_desktop.ui.registers.import_dialog")


def test_the_window_is_built_with_the_places_it_may_open_on_and_the_others_made_when_shown(commune_db,
                                                                                          tmp_path) -> None:
    """The start of the window imports and makes the overview, the follow-up, the lists, the
    notices and the entry form; Reports, Sync, History, Personal data, Settings, Documents
    settings and User accounts are listed but made (and their modules imported) when first shown."""
    from conftest import PASSWORD

    source = WINDOW_PROBE.replace("LATER", repr(LATER))
    result = subprocess.run([sys.executable, "-c", source, str(commune_db), str(tmp_path / "s.ini"), PASSWORD],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    built, imported, shown = result.stdout.strip().splitlines()[-3:]
    assert built == str(sorted(["overview", "editor", "followup", "meetings", "opinions", "tasks", "notices"]))
    assert imported == "[]"
    assert shown == "sync SyncPage"


SIGN_IN_PROBE = """
import sys
import qcdc_desktop.core.filekey as filekey

LATER = ("sqlcipher3", "cryptography", "sqlite_utils", "qcdc_desktop.db.connection", "reportlab", "openpyxl")
derive = filekey.hash_secret_raw
loaded = []


def watched(*args, **kwargs):
    loaded.append(sorted(name for name in LATER if name in sys.modules))
    return derive(*args, **kwargs)


filekey.hash_secret_raw = watched
from qcdc_desktop.cli import main

code = main(sys.argv[1:])
print(code, loaded)
"""


def test_a_command_derives_the_file_key_before_it_loads_the_database_layer(commune_db) -> None:
    """Signing in on the command line derives the file key (argon2id, 64 MiB) while the program
    holds only its command-line modules: SQLite, the AES library and the database layer come after,
    so a command's peak memory is the larger of the two, not their sum (docs/performance.md)."""
    result = subprocess.run([sys.executable, "-c", SIGN_IN_PROBE, "status", "--db", str(commune_db)],
                            capture_output=True, text=True, timeout=120, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 [[]]"
