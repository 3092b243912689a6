"""A Qt table model over the whole bank that reads rows only when they are shown.

How it stays smooth with 100,000 questions:
- A filter or sort change runs one SQL query for the ordered ids of every
  matching question (about 40-100 ms for 100,000; `QuestionBank.ordered_ids`)
  on a reader thread; the model keeps that list, so `rowCount` is exact and
  the scroll bar is right from the start. Until the new list arrives the old
  rows stay on screen (no flicker); replies to superseded requests are dropped
  and queued requests are coalesced, so typing never piles up queries.
- The first block of rows (what the view shows after a reset) is read with
  the ids on the reader thread. Other rows are read on the GUI thread, in
  blocks of 100 light summaries (`QuestionBank.summaries`: a few primary-key
  lookups, about 3-6 ms), when the view first asks for one of them, and kept
  in a small LRU cache. Reading synchronously means a row is never shown as a placeholder
  that later changes; it is safe because SQLite in WAL mode lets this reader
  use its own connection while the bank thread writes, without waiting.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.worker import run_in_background
from storage.bank import QuestionBank
from storage.database import Bank
from storage.domain import QuestionFilter, QuestionSummary, SortKey, Status

BLOCK = 100  # rows read at once: a screen or two
MAX_BLOCKS = 80  # blocks kept (8,000 rows)

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    sort: SortKey
    text: Callable[[QuestionSummary], str]
    width: int  # initial width in average characters
    tip: str = ""
    shown: bool = True  # by default


def _sources(s: QuestionSummary) -> str:
    if not s.sources:
        return ""
    first = s.sources[0]
    more = f" +{len(s.sources) - 1}" if len(s.sources) > 1 else ""
    # the page first: a long deck title is what gets cut off
    return f"p. {first.page}{more} · {first.deck_title}"


COLUMNS: tuple[Column, ...] = (
    Column("ID", SortKey.ID, lambda s: str(s.id), 5),
    Column("Question", SortKey.STEM, lambda s: s.stem, 0),
    Column("Type", SortKey.TYPE, lambda s: s.type.label, 12),
    Column("Status", SortKey.STATUS, lambda s: s.status.value, 7),
    Column(
        "Difficulty", SortKey.DIFFICULTY, lambda s: s.difficulty.value if s.difficulty else "", 8
    ),
    Column("Tags", SortKey.TAGS, lambda s: ", ".join(s.tags), 11),
    Column("Category", SortKey.CATEGORY, lambda s: s.category, 11),
    Column(
        "Slides", SortKey.SLIDES, _sources, 16, "The deck and page the question was drafted from"
    ),
    Column(
        "Exams",
        SortKey.EXAMS,
        lambda s: str(s.exams) if s.exams else "",
        5,
        "How many exams use the question",
    ),
    Column(
        "Updated",
        SortKey.UPDATED,
        lambda s: s.updated_at.date().isoformat() if s.updated_at else "",
        11,
        "When the question was last changed",
        shown=False,
    ),
)
STEM_COLUMN = 1
STATUS_COLUMN = 3
_NUMERIC_COLUMNS = {i for i, c in enumerate(COLUMNS) if c.sort in (SortKey.ID, SortKey.EXAMS)}
_Row = tuple[QuestionSummary, tuple[str, ...]]
# Roles as plain ints, compared once per call to data().
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ID_ROLE = int(Qt.ItemDataRole.UserRole.value)  # the question id of a row
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)


class BankTableModel(QAbstractTableModel):
    """Every question matching a filter, in SQL order, read block by block.

    `loaded` is emitted each time a new id list is in place (after
    `set_filter`, `sort`, `reload`); `failed(message)` when a query fails.
    """

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service: QuestionBank | None = None
        self._filter = QuestionFilter()
        self._sort = SortKey.ID
        self._descending = False
        self._ids: list[int] = []
        self._rows_by_id: dict[int, int] | None = None  # built when first asked
        # block number -> {id: (summary, the text of each column)}
        self._blocks: OrderedDict[int, dict[int, _Row]] = OrderedDict()
        self.total = 0  # questions in the bank, whatever the filter
        self.blocks_read = 0  # how many blocks were read from the bank (tests, bench)
        self._unreadable: set[int] = set()  # blocks whose reading failed
        # One reader thread: id queries run in order, never two at once.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._request = 0
        self._running = False
        self._queued = False
        self._jobs: set[Any] = set()
        self._count_total = True

    # ----- what is shown ------------------------------------------------------------

    def set_bank(self, bank: Bank | None) -> None:
        """Show `bank`. Reads of the previous bank end first, so it may be closed after."""
        self._pool.waitForDone()
        self._service = QuestionBank(bank) if bank is not None else None
        self.beginResetModel()
        self._ids, self._rows_by_id, self.total = [], None, 0
        self._blocks.clear()
        self.endResetModel()
        if bank is not None:
            self.reload()

    @property
    def service(self) -> QuestionBank | None:
        return self._service

    @property
    def current_filter(self) -> QuestionFilter:
        return self._filter

    @property
    def sort_key(self) -> tuple[SortKey, bool]:
        return self._sort, self._descending

    @property
    def loading(self) -> bool:
        return self._running or self._queued

    def set_filter(self, f: QuestionFilter) -> None:
        f = replace(f, limit=None, offset=0)
        if f != self._filter:
            self._filter = f
            self._requery()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._sort, self._descending):
            self._sort, self._descending = key, descending
            self._requery()

    def reload(self) -> None:
        """Query the ids again (after changes made elsewhere): the total too."""
        self._count_total = True
        self._requery()

    def _requery(self) -> None:
        if self._service is None:
            return
        self._request += 1
        if self._running:
            self._queued = True  # the latest request runs when this one ends
            return
        self._start()

    def _start(self) -> None:
        service, f, key, desc = self._service, self._filter, self._sort, self._descending
        assert service is not None
        request = self._request
        self._running, self._queued = True, False

        # The bank's total changes only with writes, which end in reload();
        # a filter change keeps the total it knows.
        count_total, self._count_total = self._count_total, False

        def query() -> tuple[list[int], int | None, dict[int, _Row]]:  # on the reader thread
            ids = service.ordered_ids(f, key, desc)
            # The view starts at the top: its rows are read here, off the GUI thread.
            first = _block(service, ids[:BLOCK])
            if not count_total:
                return ids, None, first
            return ids, service.count() if f.narrowed else len(ids), first

        signals: Any = None

        def finish() -> bool:
            self._jobs.discard(signals)
            self._running = False
            current = request == self._request and service is self._service
            if self._queued and self._service is not None:
                self._start()
            return current

        def done(result: tuple[list[int], int | None, dict[int, _Row]]) -> None:
            ids, total, first = result
            if total is not None and service is self._service:
                self.total = total  # kept even if these ids are superseded
            if finish():
                self._show(ids, first)

        def failed(exc: BaseException, _details: str) -> None:
            if count_total:
                self._count_total = True  # count on the next try
            if finish():
                self.failed.emit(f"Search failed: {exc}")

        signals = run_in_background(query, done, failed, self._pool)
        self._jobs.add(signals)

    def _show(self, ids: list[int], first: dict[int, _Row]) -> None:
        self.beginResetModel()
        self._ids, self._rows_by_id = ids, None
        self._blocks.clear()
        self._unreadable.clear()
        if first:
            self._blocks[0] = first
        self.endResetModel()
        self.loaded.emit()

    def refresh_rows(self) -> None:
        """Read shown rows again (they changed in place; the id list did not)."""
        self._blocks.clear()
        self._unreadable.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def wait(self) -> None:
        """Block until the reader thread is idle (tests and benchmarks)."""
        self._pool.waitForDone()

    def shutdown(self) -> None:
        self._service = None
        self._pool.waitForDone(5000)

    # ----- rows ---------------------------------------------------------------------

    def question_id(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return self._ids

    def row_of(self, qid: int) -> int | None:
        if self._rows_by_id is None:
            self._rows_by_id = {q: r for r, q in enumerate(self._ids)}
        return self._rows_by_id.get(qid)

    def summary(self, row: int) -> QuestionSummary | None:
        found = self._row(row)
        return found[0] if found is not None else None

    def _row(self, row: int) -> _Row | None:
        if not 0 <= row < len(self._ids) or self._service is None:
            return None
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            try:
                block = _block(self._service, self._ids[block_no * BLOCK : (block_no + 1) * BLOCK])
            except Exception as exc:  # a view's data() must not raise: say it once, show blanks
                block = {}
                self._unreadable.add(block_no)
                self.failed.emit(f"Rows could not be read: {exc}")
            self.blocks_read += 1
            self._blocks[block_no] = block
            while len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(self._ids[row])  # None: deleted since the ids were read

    def cached_blocks(self) -> int:
        return len(self._blocks)

    # ----- Qt model interface -------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # drag-enabled: rows can be dropped on a category of the browser's tree
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].tip or None
        return None

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        # Called for every cell and role the view paints: the common cases
        # return after a couple of int comparisons and a cached lookup.
        if role == DISPLAY:
            found = self._row(index.row())
            if found is None:
                if index.column() != STEM_COLUMN:
                    return None
                unreadable = index.row() // BLOCK in self._unreadable
                return "(could not be read)" if unreadable else "(deleted)"
            return found[1][index.column()]
        if role == ALIGN:
            return _RIGHT if index.column() in _NUMERIC_COLUMNS else _LEFT
        if role == FOREGROUND:
            if index.column() != STATUS_COLUMN:
                return None
            found = self._row(index.row())
            if found is not None and found[0].status is Status.DRAFT:
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == TOOLTIP:
            found = self._row(index.row())
            return _tooltip(found[0], index.column()) if found is not None else None
        if role == ID_ROLE:
            return self._ids[index.row()] if index.row() < len(self._ids) else None
        return None


def _block(service: QuestionBank, ids: list[int]) -> dict[int, _Row]:
    """Rows for `ids` with the text of each column, computed once."""
    return {s.id: (s, tuple(c.text(s) for c in COLUMNS)) for s in service.summaries(ids)}


def _tooltip(s: QuestionSummary, col: int) -> str | None:
    if col == STEM_COLUMN:
        head = f"{s.title}\n" if s.title else ""
        return f"{head}{s.stem}"
    if COLUMNS[col].sort is SortKey.SLIDES and s.sources:
        return "\n".join(f"{src.deck_title}, page {src.page}" for src in s.sources)
    if COLUMNS[col].sort is SortKey.EXAMS and s.exams:
        return f"Used in {s.exams} exam(s)"
    text = COLUMNS[col].text(s)
    return text or None
