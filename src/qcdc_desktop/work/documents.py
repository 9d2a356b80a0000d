"""The notices of many meetings at once, for the register of notices: printed one by one or saved
to a folder, each read on a read-only connection of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from ..db.connection import open_store
from ..printing.batch import Batch, render_batch
from ..printing.desk import notice_documents


def batch_documents(db_path: Path, meeting_ids: list[str],
                    issued_on: dt.date) -> Callable[[], Iterator[tuple[str, bytes, int]]]:
    """The notices of the meetings, read and rendered one at a time on the printing job's thread:
    (name in the print queue, PDF, pages); each issued notice, or a draft without number."""
    def documents() -> Iterator[tuple[str, bytes, int]]:
        with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
            yield from notice_documents(store, meeting_ids=meeting_ids, issued_on=issued_on)
    return documents


def save_batch_work(db_path: Path, meeting_ids: list[str], issued_on: dt.date, folder: Path) -> Callable[..., Batch]:
    """Save the notices of the meetings as PDF files in ``folder``."""
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Batch:
        with open_store(db_path, readonly=True, check=False, upgrade=False) as store:
            return render_batch(store, meeting_ids=meeting_ids, out_dir=folder, issued_on=issued_on,
                                progress=progress, cancelled=cancelled)
    return work
