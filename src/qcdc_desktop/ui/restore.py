"""A damaged data file met at start: offer to put its latest verified backup back, keeping the
damaged file aside, instead of leaving the clerk with a command to type."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ..core.errors import user_message
from ..core.roles import Operation, allowed
from ..db.access import unlocked
from ..db.backup import backup_infos, restore_backup
from ..jobs.job import Job
from .. import l10n
from ..l10n import _
from .widgets.progress import dismiss

log = logging.getLogger(__name__)


def offer_restore(path: Path, parent: QWidget | None = None) -> bool:
    """Ask whether to restore the latest backup of the damaged ``path``; restore it off the UI
    thread when the person agrees.  True when the file was restored and can be opened again.

    Putting a backup back is an administrator's (docs/roles.md): anyone else signed in is told
    to fetch one, and nothing is asked."""
    infos = backup_infos(path)
    if not infos:
        return False
    latest = infos[0]
    local = latest.taken_at.astimezone()
    when = f"{l10n.format_date(local.date())} {local:%H:%M}"
    signed_in = unlocked(path)
    if signed_in is None or signed_in.user is None or not allowed(signed_in.user.role, Operation.RESTORE):
        QMessageBox.warning(parent, "QCDC Desktop", _(
            "The data file %(path)s is damaged. Its latest backup was made %(when)s: ask an administrator of the "
            "office to sign in, and the program will offer to put it back.") % {"path": path, "when": when})
        return False
    answer = QMessageBox.question(
        parent, "QCDC Desktop",
        _("The data file %(path)s is damaged. Put back its latest backup, made %(when)s? The damaged file is "
          "kept aside, not deleted; what was typed after the backup is in it, for technical help to recover.")
        % {"path": path, "when": when},
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    progress = QProgressDialog(_("Restoring the backup…"), "", 0, 0, parent)
    progress.setCancelButton(None)  # a restore half done is never left: it runs to its end
    progress.setMinimumDuration(500)
    outcome: list[tuple[str, Any]] = []  # ("ok", the damaged file's new name) or ("error", the exception)
    loop = QEventLoop()

    def finished(kind: str, value: object) -> None:
        outcome.append((kind, value))
        loop.quit()

    job = Job(lambda **_kw: restore_backup(path, latest.path))
    job.finished.connect(lambda aside: finished("ok", aside))
    job.failed.connect(lambda error: finished("error", error))
    job.start()
    loop.exec()
    dismiss(progress)
    kind, value = outcome[0]
    if kind == "error":
        message = user_message(value)
        QMessageBox.warning(parent, "QCDC Desktop", message)
        return False
    QMessageBox.information(parent, "QCDC Desktop", _(
        "The backup was put back. The damaged file is kept as %(aside)s.") % {"aside": value})
    return True
