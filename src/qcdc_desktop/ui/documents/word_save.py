"""Saving a document of the meeting as a Word file: where (a save dialog that remembers the
documents' folder), then the file made on the database's worker and written whole in a job,
never on the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from ...core.settings import DOCUMENTS_FOLDER
from ...db.connection import Store
from ...jobs.database import Database
from ...l10n import _
from ...printing.desk import save_pdf  # any bytes written whole, a .docx too
from ..printout.pdf_output import ask_save_path
from ..widgets.progress import run_with_progress
from ..widgets.settings import write


def ask_word_path(parent: QWidget, settings: QSettings, file_name: str) -> Path | None:
    """Where to save, offering ``file_name`` (its .pdf made .docx) in the folder used last."""
    return ask_save_path(parent, settings, _("Save as Word"), file_name.removesuffix(".pdf") + ".docx",
                         _("Word documents (*.docx)"))


def save_word(parent: QWidget, settings: QSettings, database: Database, path: Path, make: Callable[[Store], bytes],
              on_done: Callable[[Path], None], on_error: Callable[[Exception], None]) -> None:
    """Make the Word file with ``make`` on the database's worker, then write it to ``path`` whole
    in a job with a progress bar; ``on_done(path)`` after."""
    write(settings, DOCUMENTS_FOLDER, str(path.parent))

    def made(docx: bytes) -> None:
        run_with_progress(parent, _("Saving…"), lambda **_kw: save_pdf(docx, path), on_done=on_done,
                          on_error=on_error)

    database.submit(make, made, on_error)
