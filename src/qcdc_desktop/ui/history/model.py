"""The History place's table model: the entries a filter selects, newest first, over keys and a
page cache, never a live cursor (the shape of ui/widgets/models.py over db/lists.py).

A filter shows its first page at once — a bounded read on the UI thread's read-only connection,
given up when it would take long — then a job reads the keys of every entry the filter selects
(db/history_list.load_keys) and the rows are appended.  Entries are read by their keys a page at
a time into a small cache and told in words when first shown.  A change in the data file reloads
the keys in the background: new entries come in at the top and the view stays where it was.
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal, Slot

from ...core.errors import Cancelled
from ...core.history_words import Described, described
from ...db.connection import Store, open_store
from ...db.history_entries import Filter
from ...db.history_list import FIRST_PAGE, HistoryKeys, entries_by_keys, first_keys, load_keys
from ...jobs.job import Job
from ...l10n import _
from ...db.units import office_name
from ...work.history import Names
from ..widgets.models import background_loads

log = logging.getLogger(__name__)

ENTRY_ROLE = Qt.ItemDataRole.UserRole  # the entry told in words (Described)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # (office, number)
MEETINGS_PER_PAGE = 20  # meetings read to name the records of a page

COLUMNS = ("when", "who", "office", "kind", "record", "change")


def headers() -> dict[str, str]:
    return {"when": _("When"), "who": _("Who"), "office": _("Unit"), "kind": _("Kind of record"),
            "record": _("Record"), "change": _("Change")}


def _load_work(path: Path, where: Filter, generation: int) -> Callable[..., object]:
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
        return generation, load_keys(path, where, progress=progress, cancelled=cancelled)
    return work


class HistoryModel(QAbstractTableModel):
    """The entries of a filter as a flat table.  ``loaded(rows)`` when every key is known."""

    loading = Signal()
    loaded = Signal(int)
    load_failed = Signal(object)

    def __init__(self, db_path: Path, *, page_size: int = FIRST_PAGE, cache_pages: int = 16,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.page_size = page_size
        self.cache_pages = cache_pages
        self._store: Store | None = None
        self._names: Names | None = None
        self._filter = Filter()
        self._keys = HistoryKeys()
        self._pages: OrderedDict[int, list[Described | None]] = OrderedDict()
        self._generation = itertools.count(1)
        self._current = 0
        self._mode = "append"
        self._job: Job | None = None
        self._complete = True
        self._starter = QTimer(self)
        self._starter.setSingleShot(True)
        self._starter.setInterval(0)
        self._starter.timeout.connect(self._start_job)
        self._headers = headers()

    # ----- the connection of the UI thread
    def reader(self) -> Store:
        if self._store is None:
            self._store = open_store(self.db_path, readonly=True, check=False, upgrade=False)
        return self._store

    def names(self) -> Names:
        if self._names is None:
            self._names = Names(self.reader())
        return self._names

    def close(self) -> None:
        self._cancel_load()
        if self._store is not None:
            self._store.close()
            self._store = None
            self._names = None

    # ----- what is shown
    @property
    def history_filter(self) -> Filter:
        return self._filter

    def is_complete(self) -> bool:
        return self._complete

    def set_filter(self, where: Filter) -> None:
        """Show the first page of ``where`` now, the rest after a background load."""
        self._filter = where
        self._cancel_load()
        pairs = first_keys(self.reader(), where, self.page_size)
        self.beginResetModel()
        self._keys = HistoryKeys()
        if pairs:
            self._keys.keys.extend(self._keys.packed(pairs))
        self._pages.clear()
        self._complete = pairs is not None and len(pairs) < self.page_size
        self.endResetModel()
        if self._complete:
            self._current = next(self._generation)
            self.loaded.emit(len(self._keys))
        else:
            self._start_load("append")

    def reload(self) -> None:
        """Read the keys again in the background; new entries come in at the top."""
        self._start_load("swap")

    def refresh(self, _changes: object = None) -> None:
        """Every change of the data file writes history: read again."""
        self.reload()

    # ----- the background load
    def _start_load(self, mode: str) -> None:
        self._cancel_load()
        self._current = next(self._generation)
        self._mode = mode
        if mode == "append":
            self._complete = False
        job = Job(_load_work(self.db_path, self._filter, self._current))
        job.finished.connect(self._on_loaded)
        job.failed.connect(self._on_failed)
        self._job = job
        self.loading.emit()
        self._starter.start()

    def _start_job(self) -> None:
        if self._job is not None:
            background_loads().start(self._job)

    def _cancel_load(self) -> None:
        self._starter.stop()
        if self._job is not None:
            self._job.cancel()
            self._job = None

    @Slot(object)
    def _on_loaded(self, payload: tuple[int, HistoryKeys]) -> None:
        generation, found = payload
        if generation != self._current:
            return
        self._job = None
        old, shown = self._keys, len(self._keys)
        if self._mode == "append" and self._same_start(found, shown):
            if len(found) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(found) - 1)
                self._keys = found
                self.endInsertRows()
            else:
                self._keys = found
        elif self._mode == "swap" and found.origins[:len(old.origins)] == old.origins \
                and len(found) >= shown and found.keys[len(found) - shown:] == old.keys:
            added = len(found) - shown
            if added:
                self.beginInsertRows(QModelIndex(), 0, added - 1)
                self._keys = found
                self._pages.clear()
                self.endInsertRows()
            else:
                self._keys = found
        else:
            self.beginResetModel()
            self._keys = found
            self._pages.clear()
            self.endResetModel()
        self._complete = True
        self.loaded.emit(len(self._keys))

    def _same_start(self, found: HistoryKeys, shown: int) -> bool:
        if len(found) < shown:
            return False
        return all(found.key(row) == self._keys.key(row) for row in range(shown))

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._job = None
        if not isinstance(error, Cancelled):
            self.load_failed.emit(error)

    # ----- entries by key, a page at a time
    def key(self, row: int) -> tuple[str, int]:
        return self._keys.key(row)

    def entry(self, row: int) -> Described | None:
        if not 0 <= row < len(self._keys):
            return None
        page = row // self.page_size
        rows = self._pages.get(page)
        if rows is None:
            rows = self._fetch(page)
            self._pages[page] = rows
            while len(self._pages) > self.cache_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[row - page * self.page_size]

    def _fetch(self, page: int) -> list[Described | None]:
        rows = range(page * self.page_size, min((page + 1) * self.page_size, len(self._keys)))
        wanted = [self._keys.key(r) for r in rows]
        found = entries_by_keys(self.reader(), wanted)
        names = self.names()
        names.lookups = MEETINGS_PER_PAGE  # a bounded read on this thread; the detail pane names the rest
        for key in sorted(found, key=lambda k: (found[k].at, k)):  # oldest first: the latest name wins
            names.learn(found[key])
        return [described(found[k], names.subjects) if k in found else None for k in wanted]

    def _text(self, entry: Described, column: str) -> str:
        if column == "when":
            return entry.when
        if column == "who":
            return entry.who
        if column == "office":
            return office_name(entry.origin)
        if column == "kind":
            return entry.kind_label
        if column == "record":
            return entry.subject
        return entry.sentence

    # ----- QAbstractTableModel
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role == KEY_ROLE:
            return self.key(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ENTRY_ROLE):
            return None
        entry = self.entry(index.row())
        if entry is None:
            return None
        if role == ENTRY_ROLE:
            return entry
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.sentence if column in ("change", "record") else None
        return self._text(entry, column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[COLUMNS[section]]
        return None
