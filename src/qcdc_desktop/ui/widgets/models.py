"""Table models over the record lists (db/lists.py): rowids and a page cache, never a live cursor.

A filter or an order shows its first page at once — a bounded read on the UI thread's read-only
connection — then a background job reads every rowid of the list (its own connection) and the
rows are appended, the view staying where it is.  Display rows are read by rowid, a page at a
time, into a small LRU cache.  A change in the database reloads the list in the background and
swaps the rowids in place: the view keeps its scroll position and its selection follows the
records.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)

from ...core.changes import Changes
from ...db.connection import Store, open_store
from ...db.lists import (
    FIRST_PAGE,
    ListFilter,
    ListLoadCancelled,
    ListQuery,
    ListSpec,
    first_page,
    load_rowids,
    rows_for,
)
from ...jobs.job import Cancelled, Job
from ...l10n import _
from .cells import TOOLTIP_AFTER, display_text, tooltip_html

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole  # the record's id (text)
MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the id of the meeting the record belongs to

Loader = Callable[..., "array[int]"]  # array is subscriptable at run time from Python 3.12 on
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class _Row:
    """A display row as read; its texts are formatted when first shown."""

    __slots__ = ("raw", "texts")

    def __init__(self, raw: tuple[Any, ...]) -> None:
        self.raw = raw
        self.texts: tuple[str, ...] | None = None

    @property
    def id(self) -> str:
        row_id: str = self.raw[1]
        return row_id

    @property
    def meeting_id(self) -> str:
        meeting_id: str = self.raw[2]
        return meeting_id


class _Loads(QObject):
    """Keeps background loads alive until they end, even when their list is gone."""

    def __init__(self) -> None:
        super().__init__()
        self._running: set[Job] = set()

    def start(self, job: Job) -> None:
        self._running.add(job)
        job.finished.connect(self._done)
        job.failed.connect(self._done)
        job.cancelled.connect(self._done)
        job.start()

    def _done(self, *_args: object) -> None:
        job: QObject | None = self.sender()  # None when called other than by a signal
        if isinstance(job, Job):
            self._running.discard(job)

    def running(self) -> int:
        return len(self._running)


_loads: _Loads | None = None


def background_loads() -> _Loads:
    global _loads
    if _loads is None:
        _loads = _Loads()
    return _loads


def _load_work(loader: Loader, path: Path, query: ListQuery, generation: int) -> Callable[..., object]:
    def work(*, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
        try:
            return generation, loader(path, query, progress=progress, cancelled=cancelled)
        except ListLoadCancelled:
            raise Cancelled from None

    return work


class PagedTableModel(QAbstractTableModel):
    """One record list (meetings, opinions or tasks) as a flat table.

    ``loaded(rows)`` is emitted when every rowid of the current filter is known (the count for
    the status line); ``load_failed(error)`` when the background load failed.
    """

    loading = Signal()
    loaded = Signal(int)
    load_failed = Signal(object)

    def __init__(self, spec: ListSpec, db_path: Path, *, page_size: int = FIRST_PAGE, cache_pages: int = 16,
                 loader: Loader = load_rowids, today: Callable[[], dt.date] = dt.date.today,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.db_path = Path(db_path)
        self.page_size = page_size
        self.cache_pages = cache_pages
        self._loader = loader
        self._today = today
        self._store: Store | None = None
        self._filter = ListFilter()
        self._sort_key = spec.default_sort
        self._descending = True
        self._rowids = array("q")
        self._pages: OrderedDict[int, list[_Row | None]] = OrderedDict()
        self._generation = itertools.count(1)
        self._current = 0
        self._mode = "append"
        self._job: Job | None = None
        # The load starts from the event loop, after the first page has been painted: the
        # loader's Python work would otherwise compete with the painting for the GIL.
        self._starter = QTimer(self)
        self._starter.setSingleShot(True)
        self._starter.setInterval(0)
        self._starter.timeout.connect(self._start_job)
        self._complete = True
        self._alignment = [_RIGHT if c.format == "number" else _LEFT for c in spec.columns]

    # ----- the connection of the UI thread
    def reader(self) -> Store:
        """The read-only connection for bounded reads on the UI thread (opened on first use)."""
        if self._store is None:
            self._store = open_store(self.db_path, readonly=True, check=False, upgrade=False)
        return self._store

    def close(self) -> None:
        """Stop any background load and close the read-only connection."""
        self._cancel_load()
        if self._store is not None:
            self._store.close()
            self._store = None

    # ----- what is shown
    @property
    def list_filter(self) -> ListFilter:
        return self._filter

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    def is_complete(self) -> bool:
        """True once every rowid of the current filter is known (rowCount is then the count)."""
        return self._complete

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.spec.columns) and self.spec.columns[column].sort is not None

    def query(self) -> ListQuery:
        return ListQuery(self.spec, self._filter, self._sort_key, self._descending, self._today())

    def set_filter(self, list_filter: ListFilter) -> None:
        """Show the first page of ``list_filter`` now, the rest after a background load."""
        self._filter = list_filter
        self._requery()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in SQL in the order of ``column``; columns without an index do not sort."""
        if not self.is_sortable(column):
            return
        self._sort_key = self.spec.columns[column].key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._requery()

    def set_sort(self, key: str, descending: bool) -> None:
        """Set the order without querying (before the first :meth:`set_filter`)."""
        column = self.spec.column(key)
        if column.sort is not None:
            self._sort_key, self._descending = key, descending

    def refresh(self, changes: Changes) -> bool:
        """Reload in the background when ``changes`` touch what this list shows."""
        if not any(changes.touches(kind) for kind in self.spec.refresh_on):
            return False
        self.reload()
        return True

    def reload(self) -> None:
        """Re-run the current filter in the background, keeping the view where it is."""
        self._pages.clear()
        if self._rowids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rowids) - 1, self.columnCount() - 1))
        self._start_load("swap")

    def _requery(self) -> None:
        self._cancel_load()
        rowids = first_page(self.reader().conn, self.query(), self.page_size)
        self.beginResetModel()
        self._rowids = array("q", rowids)
        self._pages.clear()
        self._complete = len(rowids) < self.page_size
        self.endResetModel()
        if self._complete:
            self._current = next(self._generation)
            self.loaded.emit(len(rowids))
        else:
            self._start_load("append")

    # ----- the background load
    def _start_load(self, mode: str) -> None:
        self._cancel_load()
        self._current = next(self._generation)
        self._mode = mode
        if mode == "append":
            self._complete = False
        job = Job(_load_work(self._loader, self.db_path, self.query(), self._current))
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
    def _on_loaded(self, payload: tuple[int, array[int]]) -> None:
        generation, rowids = payload
        if generation != self._current:
            return  # a superseded filter: its rows are not wanted any more
        self._job = None
        shown = len(self._rowids)
        if self._mode == "append" and rowids[:shown] == self._rowids:
            if len(rowids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(rowids) - 1)
                self._rowids = rowids
                self.endInsertRows()
        else:
            self._swap(rowids)
        self._complete = True
        self.loaded.emit(len(self._rowids))

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._job = None
        self.load_failed.emit(error)

    def _swap(self, new: array[int]) -> None:
        """Replace the rowids by ``new``: rows added or removed at the end first, then the
        persistent indexes (selection, current row) moved to where their records now are."""
        old = self._rowids
        if len(new) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self._rowids = old + new[len(old):]
            self.endInsertRows()
        elif len(new) < len(old):
            self.beginRemoveRows(QModelIndex(), len(new), len(old) - 1)
            self._rowids = old[:len(new)]
            self.endRemoveRows()
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        after = [self._moved(index, new) for index in before]
        self._rowids = new
        self._pages.clear()
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _moved(self, index: QModelIndex, new: array[int]) -> QModelIndex:
        try:
            row = new.index(self._rowids[index.row()])
        except (ValueError, IndexError):
            return QModelIndex()
        return self.createIndex(row, index.column())

    # ----- rows by rowid, a page at a time
    def rowid(self, row: int) -> int:
        return self._rowids[row]

    def _record(self, row: int) -> _Row | None:
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

    def _fetch(self, page: int) -> list[_Row | None]:
        wanted = self._rowids[page * self.page_size:(page + 1) * self.page_size]
        found = rows_for(self.reader().conn, self.spec, wanted, self._today())
        return [_Row(found[r]) if r in found else None for r in wanted]

    def _texts(self, record: _Row) -> tuple[str, ...]:
        if record.texts is None:
            record.texts = tuple(display_text(c.format, v) for c, v in zip(self.spec.columns, record.raw[3:]))
        return record.texts

    def _tip(self, record: _Row, column: int) -> str | None:
        spec = self.spec.columns[column]
        text = self._texts(record)[column]
        if (spec.long_text or spec.format == "text") and len(text) > TOOLTIP_AFTER:
            return tooltip_html(str(record.raw[3 + column]))
        return None

    # ----- QAbstractTableModel
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rowids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rowids):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment[index.column()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ID_ROLE, MEETING_ID_ROLE):
            return None
        record = self._record(index.row())
        if record is None:
            return None  # deleted since the list was read; the reload under way removes it
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(record)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(record, index.column())
        return record.id if role == ID_ROLE else record.meeting_id

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.spec.columns):
            return None
        column = self.spec.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.header)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Click to sort") if column.sort is not None else None
        return None
