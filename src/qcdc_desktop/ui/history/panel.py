"""The History panel of one record — a meeting (with its opinions, tasks and publications), an
opinion or a task: who changed what, when, field by field, in sentences, newest first.

It reads the record's history through ``db.history_read.history_of`` in a job, on a read-only
connection of its own (work/history.record_history), never on the UI thread, and reads it again
when an operation changes records while it shows.  A viewer sees phone numbers masked.  The
panel is embedded (a task's follow-up) or opened in a dialog with Ctrl+H, from the Edit menu or
a list's context menu.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ...core.errors import user_message
from ...core.history_words import Described, detail_lines
from ...jobs.database import Database
from ...jobs.job import Job
from ...l10n import _, ngettext
from ... import l10n
from ...work.history import record_history_work
from ..widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

RELOAD_DELAY_MS = 300


@dataclass(frozen=True)
class HistoryTarget:
    """A record whose history is asked for: its id and kind ("meetings", "opinions", "tasks")."""

    record: str
    kind: str


def entries_html(entries: list[Described], record: str) -> str:
    """The entries as the panel shows them: per entry its time and person, the record when it is
    one under the record shown (an opinion of the meeting), its sentences, and the values in full
    where the sentences shortened them or an addition wrote them."""
    parts = []
    for entry in entries:
        head = f"<b>{html.escape(entry.when)}</b> — {html.escape(entry.who)}"
        if entry.record != record:
            head += f" · <i>{html.escape(entry.subject)}</i>"
        parts.append(f"<p style='margin-top:8px; margin-bottom:2px'>{head}</p>")
        items = "".join(f"<li>{html.escape(s)}</li>" for s in entry.sentences)
        parts.append(f"<ul style='margin-top:0px; margin-bottom:0px'>{items}</ul>")
        lines = detail_lines(entry, shortened_only=True)
        if lines:
            details = "<br>".join(html.escape(line) for line in lines)
            parts.append(f"<p style='margin-left:24px; margin-top:0px; color:#555555'><small>{details}</small></p>")
    return "".join(parts)


class HistoryPanel(QWidget):
    """The history of one record, read again while shown whenever records change."""

    def __init__(self, database: Database, parent: QWidget | None = None, *, db_path: Path | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.db_path = Path(db_path or database.path)
        self.target: HistoryTarget | None = None
        self.entries: list[Described] = []
        self._job: Job | None = None
        self._stale = False
        self.heading = QLabel(self)
        self.heading.setObjectName("history-heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.view = QTextBrowser(self)
        self.view.setObjectName("history-entries")
        self.view.setAccessibleName(_("History"))
        self.view.setOpenLinks(False)
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setBuddy(self.view)
        self.status = QLabel(self)
        self.status.setObjectName("history-status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.reload)
        database.changed.connect(self._changed)

    def show_record(self, target: HistoryTarget) -> None:
        self.target = target
        self.heading.setText(_("&History of the changes:"))
        self.reload()

    def reload(self) -> None:
        """Read the record's history again (a job); what is shown stays until the new reading."""
        if self.target is None:
            return
        if self._job is not None:
            self._job.cancel()
        self.status.setText(_("Reading the history…"))
        job = Job(record_history_work(self.db_path, self.target.record), self)
        job.finished.connect(lambda found, job=job: self._show(job, found))
        job.failed.connect(lambda error, job=job: self._failed(job, error))
        self._job = job
        job.start()

    def busy(self) -> bool:
        return self._job is not None

    def _changed(self, _changes: object) -> None:
        if self.target is None:
            return
        if self.isVisible():
            self._reload.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._reload.start()

    def _show(self, job: Job, entries: list[Described]) -> None:
        if job is not self._job:
            return  # a reading superseded by a later one
        self._job = None
        self.entries = entries
        record = self.target.record if self.target else ""
        own = next((e for e in entries if e.record == record), None)
        if own is not None:
            self.heading.setText(_("&History of %(record)s:") % {"record": own.subject.replace("&", "&&")})
        self.view.setHtml(entries_html(entries, record))
        self.status.setText(ngettext("%(n)s change recorded, newest first.", "%(n)s changes recorded, newest first.",
                                     len(entries)) % {"n": l10n.format_number(len(entries))}
                            if entries else _("No change of this record is recorded yet."))

    def _failed(self, job: Job, error: object) -> None:
        if job is not self._job:
            return
        self._job = None
        if isinstance(error, Exception):
            self.status.setText(user_message(error))
        else:
            log.error("history not read: %s", error)
            self.status.setText(_("The history could not be read; details are in the log."))

    def text(self) -> str:
        """What the panel says, as plain text."""
        return self.view.toPlainText()


class HistoryDialog(QDialog):
    """The History panel of one record in a window of its own (Esc closes it)."""

    def __init__(self, database: Database, target: HistoryTarget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History"))
        self.panel = HistoryPanel(database, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 560)
        self.panel.show_record(target)
        self.panel.view.setFocus()
