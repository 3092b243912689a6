"""The bank browser: search, filters, a category tree, a lazy table and bulk actions.

Wiring (for the main window):

    browser = BankBrowser()
    browser.set_bank(bank, run_write=window._background)   # writes on the bank thread
    browser.question_activated.connect(open_in_editor)      # double-click / Enter
    browser.selection_changed.connect(show_preview)         # list of ids
    browser.bank_changed.connect(refresh_other_views)       # after a bulk change
    browser.reload()                                        # after changes made elsewhere

Reads never go through `run_write`: the table model queries on its own
reader thread and reads rows on the GUI thread (see desktop/bank_model.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.bank_bulk import BLOCK_LIMIT, BulkActions, delete_message
from desktop.bank_columns import TableColumns
from desktop.bank_filters import FilterBar
from desktop.bank_model import COLUMNS, BankTableModel
from desktop.bank_views import ALL, ID_MIME, PATH_ROLE, _QuestionTable
from storage.database import Bank

# Names other modules and the tests import from here (they now live in the modules above).
__all__ = ["ALL", "BLOCK_LIMIT", "ID_MIME", "PATH_ROLE", "BankBrowser", "Writer", "delete_message"]

Writer = Callable[[Callable[[], Any], Callable[[Any], None]], None]
MESSAGE_MS = 10_000  # how long the outcome of a bulk change stays in the status line


class BankBrowser(FilterBar, BulkActions, TableColumns, QWidget):
    question_activated = Signal(int)  # double-click or Enter on a row
    selection_changed = Signal(list)  # ids of the selected questions
    bank_changed = Signal()  # a bulk change was written

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bankBrowser")
        self._bank: Bank | None = None
        self.read_only = False  # a reviewer's bank: no bulk change, delete or move is offered
        self._run_write: Writer | None = None
        self._own_writer: QThreadPool | None = None
        self._jobs: set[Any] = set()
        self._facet_request = 0
        self._closed = False
        self._reselect: list[int] = []
        self._anchor: int | None = None
        self._message = ""
        self._message_timer = QTimer(self, singleShot=True, interval=MESSAGE_MS)
        self._message_timer.timeout.connect(self._forget_message)
        self._categories: dict[str, int] = {}
        self._facet_pool = QThreadPool(self)
        self._facet_pool.setMaxThreadCount(1)

        self.model = BankTableModel(self)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._query_failed)

        self._build_filter_bar()  # search, filter boxes, one-slide chip
        self._build_category_tree()

        # ----- table
        self.table = _QuestionTable(self.selected_ids)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))
        self.table.installEventFilter(self)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self._setup_columns()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 16px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        actions = self._build_bulk_actions()
        find_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_key.activated.connect(lambda: (self.search.setFocus(), self.search.selectAll()))

        self.status = QLabel()
        self.status.setObjectName("browserStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions.addWidget(self.status)

        # ----- layout
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.clear_button)
        filters = QHBoxLayout()
        for box in self._filter_boxes():
            filters.addWidget(box, 1)
        filters.addWidget(self.slide_chip)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(filters)
        right_layout.addWidget(self.stack, 1)
        right_layout.addLayout(actions)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Categories"))
        left_layout.addWidget(self.tree, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._update_actions()
        self._update_status()

    # ----- public API ---------------------------------------------------------------

    def set_bank(self, bank: Bank | None, run_write: Writer | None = None) -> None:
        """Browse `bank`; bulk changes run through `run_write(fn, on_done)` if given.

        Without `run_write` the browser writes on a thread of its own; a
        window with a bank thread should pass its runner so writes never
        interleave. Reads and writes of the previous bank end before this
        returns, so the caller may close that bank afterwards.
        """
        self._facet_pool.waitForDone()
        if self._own_writer is not None:
            self._own_writer.waitForDone()
        self._bank = bank
        self._run_write = run_write
        self._reselect = []
        self.model.set_bank(bank)
        self._reload_facets()
        self._update_actions()
        self._update_status()

    def reload(self) -> None:
        """Query the bank again: after questions were added, edited or deleted elsewhere."""
        self._keep_place()
        self.model.reload()
        self._reload_facets()

    def selected_ids(self) -> list[int]:
        ids = self.model.ids()
        out: list[int] = []
        for rng in self.table.selectionModel().selection():
            out += ids[rng.top() : rng.bottom() + 1]
        return out

    def shutdown(self) -> None:
        self._facet_request += 1  # replies still queued find nothing to fill
        self._closed = True
        self.model.shutdown()
        self._facet_pool.waitForDone(5000)
        if self._own_writer is not None:
            self._own_writer.waitForDone(5000)

    # ----- reacting -----------------------------------------------------------------

    def _keep_place(self, selected: list[int] | None = None) -> None:
        """Remember what is selected and which row is at the top, to restore after a reload."""
        self._reselect = self.selected_ids() if selected is None else selected
        top = self.table.rowAt(0)
        self._anchor = self.model.question_id(top) if 0 <= top < self.model.rowCount() else None

    def _loaded(self) -> None:
        wanted, anchor = self._reselect, self._anchor
        self._reselect, self._anchor = [], None
        first = self._select_ids(wanted) if wanted else None
        row = self.model.row_of(anchor) if anchor is not None else None
        if row is not None:  # the view stays where it was
            self.table.scrollTo(
                self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop
            )
        elif first is not None:
            self.table.scrollTo(self.model.index(first, 0))
        self._update_status()
        self._update_actions()
        self._selection_changed()

    def _select_ids(self, ids: list[int]) -> int | None:
        """Select the rows of these ids; the first such row, if any."""
        rows = sorted(r for r in map(self.model.row_of, ids) if r is not None)
        if not rows:
            return None
        selection = QItemSelection()
        last = len(COLUMNS) - 1
        start = prev = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == prev + 1:
                prev = row
                continue
            selection.select(self.model.index(start, 0), self.model.index(prev, last))
            if row is not None:
                start = prev = row
        sm = self.table.selectionModel()
        sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        sm.setCurrentIndex(self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        return rows[0]

    def _query_failed(self, message: str) -> None:
        self._say(message)

    def _say(self, message: str) -> None:
        """Show what just happened in the status line, for a while."""
        self._message = message
        self._update_status()
        self._message_timer.start()

    def _forget_message(self) -> None:
        self._message = ""
        self._update_status()

    def _selection_changed(self, *_args: object) -> None:
        self._update_actions()
        self._update_status()
        self.selection_changed.emit(self.selected_ids())

    def _update_status(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if self._bank is None:
            text = "No bank open."
        elif self.model.current_filter.narrowed:
            text = f"{shown:,} of {total:,} questions"
        else:
            text = f"{total:,} questions"
        selected = len(self.selected_ids())
        if selected:
            text += f" · {selected:,} selected"
        if self.model.loading:
            text += " · searching…"
        if self._message:
            text = f"{self._message}   {text}"
        self.status.setText(text)
        if shown:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty.setText(self._empty_text())
            self.stack.setCurrentWidget(self.empty if not self.model.loading else self.table)

    def _empty_text(self) -> str:
        if self._bank is None:
            return "Open a bank to see its questions."
        if not self.model.total:
            return "The bank is empty. Drafted and imported questions will appear here."
        text = self.model.current_filter.text
        if text:
            return f"No question matches “{text}” with these filters. Try fewer words, or Clear."
        return "No question matches these filters. Press Clear to see all questions."

    def _activate(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.question_activated.emit(self.model.question_id(row))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
            return False
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._activate(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)
