"""The whole data file checked after the window is up: a bar in the status line, and a Stop.

Opening checks only what is cheap, so the window comes up at once; this reads the whole file
beside the office's work (its own read-only connection, off the UI thread).  A problem found is
handed to ``on_damaged`` with the sentence and the backup offered, as at opening.  Stopping it is
safe: the next start checks again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton

from ..core.errors import DatabaseDamaged, HistoryBroken, StoreError
from ..db.quick_check import check_file
from ..jobs.job import Job
from ..l10n import _

log = logging.getLogger(__name__)

DONE_SHOWN_MS = 8000


class FileCheck:
    """One background check of the data file shown in ``window``'s status line."""

    def __init__(self, window: QMainWindow, path: Path, on_damaged: Callable[[StoreError], None]) -> None:
        self.path = Path(path)
        self._window = window
        self._on_damaged = on_damaged
        bar = window.statusBar()
        self.label = QLabel(_("Checking the data file…"), bar)
        self.bar = QProgressBar(bar)
        self.bar.setRange(0, 1000)
        self.bar.setMaximumWidth(160)
        self.bar.setAccessibleName(_("Checking the data file"))
        self.stop_button = QPushButton(_("Stop the check"), bar)
        self.stop_button.setToolTip(_("The check runs again at the next start."))
        for widget in (self.label, self.bar, self.stop_button):
            bar.addPermanentWidget(widget)
        self.job = Job(lambda **kw: check_file(self.path, **kw), window)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._stopped)
        self.stop_button.clicked.connect(self.job.cancel)
        self.outcome: str | None = None  # "sound", "damaged", "history_broken", "stopped", "failed"

    def start(self) -> "FileCheck":
        self.job.start()
        return self

    def _progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(min(done, total))

    def _remove(self) -> None:
        bar = self._window.statusBar()
        for widget in (self.label, self.bar, self.stop_button):
            bar.removeWidget(widget)
            widget.deleteLater()

    def _finished(self, _result: None) -> None:
        self._remove()
        self.outcome = "sound"
        self._window.statusBar().showMessage(_("The data file was checked: no problem found."), DONE_SHOWN_MS)

    def _failed(self, error: Exception) -> None:
        self._remove()
        if isinstance(error, DatabaseDamaged):  # said by the check, in its own thread
            self.outcome = "damaged"
            self._on_damaged(error)
            return
        if isinstance(error, HistoryBroken):  # the records read well; someone rewrote what they went through
            self.outcome = "history_broken"
            log.error("the history of %s does not verify: %s", self.path, error)
            QMessageBox.warning(self._window, _("The history does not verify"),
                                str(error) + "\n\n" + _("The records themselves are readable and the work can go "
                                                         "on. Tell the office's administrator and the upper "
                                                         "level: the next bundle shows them the same. Do not "
                                                         "restore a backup to make this go away."))
            return
        self.outcome = "failed"  # a busy or disturbed file: not damage; the next start checks again
        log.warning("background check of %s did not finish: %s", self.path, error)
        self._window.statusBar().showMessage(
            _("The data file could not be checked this time; it will be checked at the next start."), DONE_SHOWN_MS)

    def _stopped(self) -> None:
        self._remove()
        self.outcome = "stopped"
        self._window.statusBar().showMessage(_("Check stopped; it runs again at the next start."), DONE_SHOWN_MS)
