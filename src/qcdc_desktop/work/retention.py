"""The retention period's preview and erasure as jobs for the window (db/retention.py): each opens
the data file in the job's thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..db.connection import open_store
from ..db.retention import Due, apply_retention, due, retention_years


@dataclass(frozen=True)
class Preview:
    years: int
    today: dt.date
    due: list[Due]


def preview_work(db_path: Path, years: int | None, today: dt.date, *, progress: Callable[[int, int], None],
                 cancelled: Callable[[], bool]) -> Preview:
    """What the retention period (``years``, or the office's setting) erases today."""
    with open_store(db_path, readonly=True, check=False) as store:
        chosen = years if years is not None else retention_years(store)
        progress(0, 1)
        found = due(store, years=chosen, today=today)
        progress(1, 1)
    return Preview(chosen, today, found)


def apply_work(db_path: Path, preview: Preview, *, progress: Callable[[int, int], None],
               cancelled: Callable[[], bool]) -> list[str]:
    """Erase what ``preview`` listed (nothing, with a sentence, if the records changed since)."""
    with open_store(db_path, check=False, upgrade=False) as store:
        progress(0, len(preview.due))
        ids = apply_retention(store, years=preview.years, today=preview.today,
                              previewed=[d.opinion_id for d in preview.due], cancelled=cancelled, progress=progress)
    return ids
