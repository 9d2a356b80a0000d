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
