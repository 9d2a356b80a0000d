"""SQLite's ``quick_check`` of a whole data file as long work: progress, Cancel, its own connection.

Opening a data file checks only what is cheap (the header, the kind of file, the schema version,
the unit); the whole file is read by this check after the window is up, beside the office's work,
so a province's file of a million opinions opens in under a second.  Backups verify their copy in
full, and the command line checks the file before it writes.

SQLite reports no progress for a pragma, so the bar follows the virtual machine's steps: a
progress handler counts them in blocks and compares with what a file of this many pages needs
(``STEPS_PER_PAGE``, measured on a demo file; the log records the figure of every run); the bar
stops short of the end until the check has really finished.  The same handler stops the check when asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ..core.errors import Cancelled, DatabaseDamaged, HistoryBroken
from . import cipher, history
from .connection import open_store
from .file_errors import describe_damage, explain

log = logging.getLogger(__name__)

STEPS_PER_BLOCK = 20_000  # virtual machine instructions between two calls of the handler
STEPS_PER_PAGE = 150  # about what quick_check executes per page of a data file (measured: 151)
SHOWN_BEFORE_THE_END = 0.99  # of the bar at most until the check has finished


def check_file(path: Path, *, progress: Callable[[int, int], None] = lambda done, total: None,
               cancelled: Callable[[], bool] = lambda: False) -> None:
    """Returns when the file is sound.  Raises :class:`DatabaseDamaged` (with the backup to put
    back) when the check finds a problem, the error ``file_errors.explain`` gives for anything
    else SQLite reports (so the caller's thread never runs a check of its own), and
    :class:`Cancelled` when ``cancelled()`` turns true."""
    try:
        problems = _quick_check(path, progress=progress, cancelled=cancelled)
        if not problems:
            broken = _history_check(path, cancelled)
    except cipher.DatabaseError as exc:
        raise explain(path, exc) from exc
    if problems:
        log.error("quick_check of %s: %s", path, problems[:10])
        raise DatabaseDamaged(describe_damage(path))
    if broken:
        log.error("the history of %s does not verify: %s", path, broken)
        raise HistoryBroken(" ".join(broken))


def _history_check(path: Path, cancelled: Callable[[], bool]) -> list[str]:
    """The history's chains (db/history.py), checked after the pages: sentences, or nothing."""
    with open_store(path, readonly=True, check=False, upgrade=False) as store:
        return history.problems(store.conn, store.origin, cancelled=cancelled)


def _quick_check(path: Path, *, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[str]:
    with open_store(path, readonly=True, check=False, upgrade=False) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0] or 1
        total = 1000
        expected = max(pages * STEPS_PER_PAGE, 1)
        blocks = [0]
        stopped = [False]

        def handler() -> int:
            blocks[0] += 1
            if cancelled():
                stopped[0] = True
                return 1  # SQLite stops the statement: "interrupted"
            share = min(blocks[0] * STEPS_PER_BLOCK / expected, SHOWN_BEFORE_THE_END)
            progress(int(share * total), total)
            return 0

        store.conn.set_progress_handler(handler, STEPS_PER_BLOCK)
        try:
            result = [row[0] for row in store.conn.execute("PRAGMA quick_check")]
        except cipher.OperationalError:
            if stopped[0]:
                raise Cancelled() from None
            raise
        finally:
            store.conn.set_progress_handler(None, 0)
        log.info("quick_check of %s (%d pages): %d steps per page", path, pages,
                 blocks[0] * STEPS_PER_BLOCK // pages)
        progress(total, total)
    return [] if result == ["ok"] else result
