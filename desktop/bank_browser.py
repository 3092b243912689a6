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

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.bank_model import COLUMNS, STEM_COLUMN, BankTableModel
from desktop.worker import run_in_background
from storage.bank import QuestionBank
from storage.database import Bank
from storage.domain import (
    BulkChange,
    Deck,
    DeleteImpact,
    Difficulty,
    QuestionFilter,
    QuestionType,
    SortKey,
    Status,
)
from storage.slide_store import SlideLibrary

Writer = Callable[[Callable[[], Any], Callable[[Any], None]], None]
SEARCH_DELAY_MS = 200
MESSAGE_MS = 10_000  # how long the outcome of a bulk change stays in the status line
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
# Columns that take a share of the spare width on wide screens.
_WIDENED = {SortKey.TAGS, SortKey.CATEGORY, SortKey.SLIDES}
ALL = "\x00all"  # the tree's "All questions" item (no category path looks like it)


def delete_message(impact: DeleteImpact) -> tuple[str, str]:
    """The question and the details a delete confirmation shows."""
    n = len(impact.question_ids)
    what = "this question" if n == 1 else f"these {n:,} questions"
    text = f"Delete {what}? This cannot be undone."
    if impact.safe:
        return text, "No exam uses them."
    exams = [f"#{eid} “{title}”" for eid, title in impact.exams]
    shown = ", ".join(exams[:8]) + (f" and {len(exams) - 8} more" if len(exams) > 8 else "")
    detail = (
        f"{'It is' if n == 1 else 'Some are'} used in {len(exams)} exam(s): {shown}. "
        "Deleting removes them from those exams."
    )
    return text, detail


def _facets(bank: Bank) -> tuple[dict[str, int], dict[str, int], list[Deck]]:
    service = QuestionBank(bank)
    return service.category_counts(), service.tag_counts(), SlideLibrary(bank).decks()


ID_MIME = "application/x-quizwright-question-ids"


def _ids_of(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(ID_MIME):
        return []
    try:
        return [int(i) for i in json.loads(bytes(mime.data(ID_MIME).data()).decode())]
    except (ValueError, TypeError):
        return []


class _QuestionTable(QTableView):
    """Drags carry the selected question ids, read from selection ranges.

    (Qt's default would build an index for every selected cell first:
    a million of them when 100,000 rows are selected.)
    """

    def __init__(self, ids: Callable[[], list[int]]) -> None:
        super().__init__()
        self._selected_ids = ids

    def mime(self) -> QMimeData | None:
        ids = self._selected_ids()
        if not ids:
            return None
        mime = QMimeData()
        mime.setData(ID_MIME, QByteArray(json.dumps(ids).encode()))
        mime.setText(f"{len(ids)} question(s)")
        return mime

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        mime = self.mime()
        if mime is not None:
            drag = QDrag(self)
            drag.setMimeData(mime)
            drag.exec(Qt.DropAction.MoveAction)


class _CategoryTree(QTreeView):
    """Questions dropped on a category are moved there (`dropped(ids, path)`)."""

    dropped = Signal(list, str)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def _target(self, event: QDropEvent | QDragMoveEvent) -> str | None:
        path = self.indexAt(event.position().toPoint()).data(PATH_ROLE)
        return None if path is None or path == ALL else str(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(ID_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(ID_MIME) and self._target(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ids, path = _ids_of(event.mimeData()), self._target(event)
        if not ids or path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(ids, path)


class BankBrowser(QWidget):
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

        # ----- search and filters
        self.search = QLineEdit(placeholderText="Search stems, answers and tags…")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self.apply_filters)

        # Items carry plain strings (enum values): Qt would not hand enums back as enums.
        self.type_box = self._combo("Any type", [(t.label, t.value) for t in QuestionType])
        self.status_box = self._combo(
            "Any status", [("Draft", Status.DRAFT.value), ("Accepted", Status.ACCEPTED.value)]
        )
        self.difficulty_box = self._combo(
            "Any difficulty", [(d.value.capitalize(), d.value) for d in Difficulty]
        )
        self.exam_box = self._combo(
            "In exams or not", [("Used in an exam", "yes"), ("In no exam", "no")]
        )
        self.tag_box = self._combo("Any tag", [])
        self.deck_box = self._combo("Any deck", [])
        self.tag_box.setMinimumContentsLength(10)
        self.deck_box.setMinimumContentsLength(12)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Clear the search, the filters and the category")
        self.clear_button.clicked.connect(self.clear_filters)
        # Shown while the table is narrowed to the questions of one slide.
        self._slide: tuple[int, int] | None = None
        self._resetting = False
        self.slide_chip = QToolButton()
        self.slide_chip.setObjectName("slideFilter")
        self.slide_chip.hide()
        self.slide_chip.clicked.connect(self.clear_slide)
        # connected first: choosing another deck ends the one-slide filter before it applies
        self.deck_box.currentIndexChanged.connect(lambda _i: self._drop_slide())
        for box in self._filter_boxes():
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())

        # ----- category tree
        self.tree_model = QStandardItemModel(self)
        self.tree = _CategoryTree()
        self.tree.setToolTip("Drop questions on a category to move them there")
        self.tree.dropped.connect(lambda ids, path: self.move_to_category(path, ids))
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self.apply_filters())

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
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for i, column in enumerate(COLUMNS):
            mode = QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(
                i, QHeaderView.ResizeMode.Stretch if i == STEM_COLUMN else mode
            )
            header.setSectionHidden(i, not column.shown)
        # Columns get their widths from the space there is, until the user drags one.
        self._auto_widths = True
        self._fitting = False
        self._fit_columns()
        header.sectionResized.connect(self._column_resized)
        self.table.viewport().installEventFilter(self)
        # Right-click on the header: choose the columns (narrow screens hide some).
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
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

        # ----- bulk actions
        self.tag_action = QAction("Tag…", self, toolTip="Add a tag to the selected questions")
        self.tag_action.triggered.connect(self._ask_add_tag)
        self.untag_action = QAction(
            "Untag…", self, toolTip="Remove a tag from the selected questions"
        )
        self.untag_action.triggered.connect(self._ask_remove_tag)
        self.move_action = QAction(
            "Move…", self, toolTip="Move the selected questions to a category"
        )
        self.move_action.triggered.connect(self._ask_move)
        self.status_menu = QMenu("Set status", self)
        self.status_actions = {}
        for status in Status:
            action = self.status_menu.addAction(status.value.capitalize())
            action.triggered.connect(lambda _c=False, st=status: self.set_status(st))
            self.status_actions[status] = action
        self.delete_action = QAction("Delete…", self, toolTip="Delete the selected questions")
        # triggered(bool) must not arrive as the id list: the selection is deleted
        self.delete_action.triggered.connect(lambda _checked=False: self.delete_selected())
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        find_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_key.activated.connect(lambda: (self.search.setFocus(), self.search.selectAll()))

        actions = QHBoxLayout()
        actions.setSpacing(4)
        self.action_buttons: list[QToolButton] = []
        for action in (self.tag_action, self.untag_action, self.move_action):
            button = QToolButton()
            button.setDefaultAction(action)
            actions.addWidget(button)
            self.action_buttons.append(button)
        self.status_button = QToolButton(text="Set status ▾")
        self.status_button.setMenu(self.status_menu)
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # the style's own menu arrow is drawn over the last letter: the ▾ says it instead
        self.status_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        actions.addWidget(self.status_button)
        delete_button = QToolButton()
        delete_button.setDefaultAction(self.delete_action)
        actions.addWidget(delete_button)
        self.action_buttons.append(delete_button)
        actions.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("browserStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions.addWidget(self.status)

        # ----- layout
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.clear_button)
        filters = QHBoxLayout()
        for box in (
            self.type_box,
            self.status_box,
            self.difficulty_box,
            self.tag_box,
            self.deck_box,
            self.exam_box,
        ):
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

    @staticmethod
    def _combo(any_text: str, items: Sequence[tuple[str, object]]) -> QComboBox:
        box = QComboBox()
        box.addItem(any_text, None)
        for text, value in items:
            box.addItem(text, value)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        return box

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

    def current_filter(self) -> QuestionFilter:
        category: Any = None
        index = self.tree.currentIndex()
        if index.isValid():
            path = index.data(PATH_ROLE)
            category = None if path == ALL or path is None else path
        qtype, status = self.type_box.currentData(), self.status_box.currentData()
        difficulty, used = self.difficulty_box.currentData(), self.exam_box.currentData()
        return QuestionFilter(
            text=self.search.text().strip(),
            type=QuestionType(qtype) if qtype else None,
            status=Status(status) if status else None,
            difficulty=Difficulty(difficulty) if difficulty else None,
            tag=self.tag_box.currentData(),
            deck_id=self._slide[0] if self._slide else self.deck_box.currentData(),
            page=self._slide[1] if self._slide else None,
            category=category,
            used_in_exam=None if used is None else used == "yes",
        )

    def show_slide(self, deck_id: int, page: int) -> None:
        """Show all the questions that cite one slide (e.g. from the coverage view).

        Other filters and the search are cleared: this answers "what asks about
        this slide", whatever was shown before.
        """
        self._reset_filters()
        self._slide = (deck_id, page)
        index = self.deck_box.findData(deck_id)
        deck = self.deck_box.itemText(index) if index > 0 else f"deck {deck_id}"
        self.deck_box.blockSignals(True)
        self.deck_box.setCurrentIndex(max(index, 0))
        self.deck_box.blockSignals(False)
        self.slide_chip.setText(f"Slide {page} ✕")
        self.slide_chip.setToolTip(
            f"Only questions citing slide {page} of “{deck}”. Click to show all slides."
        )
        self.slide_chip.show()
        self.apply_filters()

    def clear_slide(self) -> None:
        if self._drop_slide():
            self.apply_filters()

    def _drop_slide(self) -> bool:
        if self._slide is None:
            return False
        self._slide = None
        self.slide_chip.hide()
        return True

    def _typed(self, _text: str) -> None:
        if not self._resetting:
            self._search_timer.start()

    def apply_filters(self) -> None:
        if self._resetting:
            return
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_status()

    def clear_filters(self) -> None:
        self._reset_filters()
        self.apply_filters()

    def _reset_filters(self) -> None:
        """Every filter back to "any", applying nothing until the caller does."""
        self._resetting = True  # signals of half-reset controls must not apply them
        try:
            self._drop_slide()
            for box in self._filter_boxes():
                box.setCurrentIndex(0)
            self.search.clear()  # with its signals: the line edit hides its clear button
            if self.tree_model.rowCount():
                self.tree.setCurrentIndex(self.tree_model.index(0, 0))
        finally:
            self._resetting = False

    def select_category(self, path: str | None) -> None:
        """Show one category (with its sub-categories); None for all, "" for none."""
        item = self._find_tree_item(ALL if path is None else path)
        if item is not None:
            self.tree.setCurrentIndex(item.index())

    def shutdown(self) -> None:
        self._facet_request += 1  # replies still queued find nothing to fill
        self._closed = True
        self.model.shutdown()
        self._facet_pool.waitForDone(5000)
        if self._own_writer is not None:
            self._own_writer.waitForDone(5000)

    # ----- bulk actions (public so scripts and tests can drive them) -----------------

    def add_tag(self, tag: str, ids: list[int] | None = None) -> None:
        self._bulk(
            ids,
            lambda s, ids: s.add_tag(ids, tag),
            lambda c: (
                f"Tagged {c.changed:,} question(s) with “{tag.strip()}”"
                + (f" ({c.asked - c.changed:,} had it already)." if c.asked != c.changed else ".")
            ),
        )

    def remove_tag(self, tag: str, ids: list[int] | None = None) -> None:
        self._bulk(
            ids,
            lambda s, ids: s.remove_tag(ids, tag),
            lambda c: f"Removed “{tag.strip()}” from {c.changed:,} question(s).",
        )

    def move_to_category(self, path: str, ids: list[int] | None = None) -> None:
        where = f"“{path.strip()}”" if path.strip() else "no category"
        self._bulk(
            ids,
            lambda s, ids: s.move_to_category(ids, path),
            lambda c: f"Moved {c.changed:,} question(s) to {where}.",
        )

    def set_status(self, status: Status, ids: list[int] | None = None) -> None:
        self._bulk(
            ids,
            lambda s, ids: s.set_status(ids, status),
            lambda c: f"Marked {c.changed:,} question(s) as {status.value}.",
        )

    def delete_selected(self, ids: list[int] | None = None) -> None:
        """Ask (showing the exams that use them), then delete the questions."""
        ids = self.selected_ids() if ids is None else ids
        bank = self._bank
        if not ids or bank is None or self.read_only:
            return
        self._run(lambda: QuestionBank(bank).delete_impact(ids), self._confirm_delete)

    def _confirm_delete(self, impact: DeleteImpact) -> None:
        text, detail = delete_message(impact)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete questions", text, parent=self)
        box.setObjectName("confirmDelete")
        box.setInformativeText(detail)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return
        ids = list(impact.question_ids)
        self._write(
            lambda s: s.delete(ids, force=True),
            lambda imp: (
                f"Deleted {len(imp.question_ids):,} question(s)"
                + (f"; removed from {len(imp.exams)} exam(s)." if imp.exams else ".")
            ),
        )

    # ----- asking -------------------------------------------------------------------

    def _tag_names(self) -> list[str]:
        return [self.tag_box.itemData(i) for i in range(1, self.tag_box.count())]

    def _ask_add_tag(self) -> None:
        n = len(self.selected_ids())
        # opens empty (an existing tag pre-selected made Enter mis-tag); the tags are offered
        tag, ok = QInputDialog.getItem(
            self,
            "Tag questions",
            f"Tag to add to {n:,} question(s):",
            ["", *self._tag_names()],
            0,
            True,
        )
        if ok and tag.strip():
            self.add_tag(tag)

    def _ask_remove_tag(self) -> None:
        ids = self.selected_ids()
        names = self._tag_names()
        if len(ids) <= BLOCK_LIMIT:  # offer only the tags these questions carry
            service = self.model.service
            carried = {t for s in service.summaries(ids) for t in s.tags} if service else set()
            names = sorted(carried)
        if not names:
            QMessageBox.information(self, "Remove a tag", "The selected questions have no tags.")
            return
        tag, ok = QInputDialog.getItem(
            self, "Remove a tag", f"Tag to remove from {len(ids):,} question(s):", names, 0, False
        )
        if ok and tag:
            self.remove_tag(tag)

    def _ask_move(self) -> None:
        n = len(self.selected_ids())
        paths = [p for p in self._category_paths() if p]
        path, ok = QInputDialog.getItem(
            self,
            "Move to category",
            f"Category for {n:,} question(s) (use / for sub-categories; empty for none):",
            paths,
            0,
            True,
        )
        if ok:
            self.move_to_category(path)

    # ----- running writes -----------------------------------------------------------

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        if self._run_write is not None:
            self._run_write(fn, on_done)
            return
        if self._own_writer is None:
            self._own_writer = QThreadPool(self)
            self._own_writer.setMaxThreadCount(1)
        signals: Any = None

        def done(result: Any) -> None:
            self._jobs.discard(signals)
            on_done(result)

        def failed(exc: BaseException, _details: str) -> None:
            self._jobs.discard(signals)
            QMessageBox.warning(self, "Question bank", str(exc))

        signals = run_in_background(fn, done, failed, self._own_writer)
        self._jobs.add(signals)

    def _bulk(
        self,
        ids: list[int] | None,
        change: Callable[[QuestionBank, list[int]], Any],
        message: Callable[[Any], str],
    ) -> None:
        """A bulk change of `ids` (the selection when None); nothing to do without ids."""
        ids = self.selected_ids() if ids is None else ids
        if ids:
            self._write(lambda s: change(s, ids), message)

    def _write(self, change: Callable[[QuestionBank], Any], message: Callable[[Any], str]) -> None:
        bank = self._bank
        if bank is None:
            return
        ids = self.selected_ids()

        def done(result: BulkChange | DeleteImpact) -> None:
            self._say(message(result))
            self._keep_place(ids)
            self.model.reload()
            self._reload_facets()
            self.bank_changed.emit()

        self._run(lambda: change(QuestionBank(bank)), done)

    # ----- reacting -----------------------------------------------------------------

    def _filter_boxes(self) -> list[QComboBox]:
        return [
            self.type_box,
            self.status_box,
            self.difficulty_box,
            self.tag_box,
            self.deck_box,
            self.exam_box,
        ]

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

    def set_read_only(self, read_only: bool) -> None:
        """A bank that may only be read: its bulk actions, Delete and moving questions by
        dragging them onto a category are switched off (they could only fail)."""
        self.read_only = read_only
        self.table.setDragEnabled(not read_only)
        self._update_actions()

    def _update_actions(self) -> None:
        has = (
            self._bank is not None
            and not self.read_only
            and self.table.selectionModel().hasSelection()
        )
        for action in (self.tag_action, self.untag_action, self.move_action, self.delete_action):
            action.setEnabled(has)
        self.status_button.setEnabled(has)

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

    def _context_menu(self, pos: Any) -> None:
        if not self.table.selectionModel().hasSelection():
            return
        menu = QMenu(self)
        menu.addAction(self.tag_action)
        menu.addAction(self.untag_action)
        menu.addAction(self.move_action)
        menu.addMenu(self.status_menu)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def column_state(self) -> dict[str, object]:
        """Which columns are shown, and their widths if the user set them (to keep)."""
        header = self.table.horizontalHeader()
        return {
            "hidden": [i for i in range(len(COLUMNS)) if header.isSectionHidden(i)],
            "widths": {}
            if self._auto_widths
            else {str(i): header.sectionSize(i) for i in range(len(COLUMNS)) if i != STEM_COLUMN},
        }

    def restore_columns(self, state: dict[str, object]) -> None:
        """Columns as `column_state` gave them; anything unexpected is ignored."""
        header = self.table.horizontalHeader()
        hidden = state.get("hidden")
        if isinstance(hidden, list):
            for i in range(len(COLUMNS)):
                if i != STEM_COLUMN:
                    header.setSectionHidden(i, i in hidden)
        widths = state.get("widths")
        if isinstance(widths, dict) and widths:
            self._auto_widths = False
            self._fitting = True
            for key, width in widths.items():
                if str(key).isdigit() and int(key) < len(COLUMNS) and isinstance(width, int):
                    header.resizeSection(int(key), max(20, min(width, 2000)))
            self._fitting = False
        self._fit_columns()

    def _show_column(self, index: int, shown: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(index, not shown)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Base widths; on a wide screen the text columns share what the question leaves."""
        if not self._auto_widths:
            return
        metrics = self.fontMetrics()
        digit = metrics.horizontalAdvance("0")
        widths = {
            i: max(c.width * digit + 12, metrics.horizontalAdvance(c.title) + 24)
            for i, c in enumerate(COLUMNS)
            if i != STEM_COLUMN
        }
        header = self.table.horizontalHeader()
        shown = [i for i in widths if not header.isSectionHidden(i)]
        spare = self.table.viewport().width() - sum(widths[i] for i in shown) - 60 * digit
        wide = [i for i in shown if COLUMNS[i].sort in _WIDENED]
        if spare > 0 and wide:
            extra = min(spare // 2 // len(wide), 14 * digit)  # the question keeps half
            for i in wide:
                widths[i] += extra
        self._fitting = True
        for i, width in widths.items():
            header.resizeSection(i, width)
        self._fitting = False

    def _column_resized(self, index: int, _old: int, _new: int) -> None:
        if not self._fitting and index != STEM_COLUMN and self.table.isVisible():
            self._auto_widths = False  # the user chose a width: keep theirs

    def _column_menu(self, pos: Any) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for i, column in enumerate(COLUMNS):
            if i == STEM_COLUMN:
                continue
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: self._show_column(i, on))
        menu.exec(header.mapToGlobal(pos))

    # ----- facets: categories, tags, decks ------------------------------------------

    def _reload_facets(self) -> None:
        if self._closed:  # a reload asked for while the window closes: nothing to fill
            return
        bank = self._bank
        self._facet_request += 1
        request = self._facet_request
        if bank is None:
            self._show_facets({}, {}, [])
            return
        signals: Any = None

        def done(result: tuple[dict[str, int], dict[str, int], list[Deck]]) -> None:
            self._jobs.discard(signals)
            if request == self._facet_request:
                self._show_facets(*result)

        def failed(exc: BaseException, _details: str) -> None:
            self._jobs.discard(signals)
            if not self._closed:
                self._query_failed(f"Categories and tags could not be read: {exc}")

        signals = run_in_background(lambda: _facets(bank), done, failed, self._facet_pool)
        self._jobs.add(signals)

    def _category_paths(self) -> list[str]:
        return list(self._categories)

    def _show_facets(
        self, categories: dict[str, int], tags: dict[str, int], decks: list[Deck]
    ) -> None:
        self._categories = categories
        # Rebuilt without emitting: the filter does not change because counts did.
        self._refill(self.tag_box, [(f"{t} ({n:,})", t) for t, n in tags.items()])
        self._refill(self.deck_box, [(d.title, d.id) for d in decks])
        self._fill_tree(categories)

    @staticmethod
    def _refill(box: QComboBox, items: list[tuple[str, object]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, value in items:
            box.addItem(text, value)
        index = box.findData(current) if current is not None else 0
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)
        if current is not None and index < 0:  # the tag or deck is gone
            box.currentIndexChanged.emit(0)

    def _fill_tree(self, categories: dict[str, int]) -> None:
        current = (
            self.tree.currentIndex().data(PATH_ROLE) if self.tree.currentIndex().isValid() else ALL
        )
        totals: dict[str, int] = {}
        for path, n in categories.items():
            if not path:
                continue
            parts = path.split("/")
            for depth in range(1, len(parts) + 1):
                key = "/".join(parts[:depth])
                totals[key] = totals.get(key, 0) + n
        self.tree.selectionModel().blockSignals(True)
        self.tree_model.clear()
        everything = QStandardItem(f"All questions ({sum(categories.values()):,})")
        everything.setData(ALL, PATH_ROLE)
        self.tree_model.appendRow(everything)
        items: dict[str, QStandardItem] = {}
        for path in sorted(totals, key=_natural):
            parent_path, _, name = path.rpartition("/")
            item = QStandardItem(f"{name} ({totals[path]:,})")
            item.setData(path, PATH_ROLE)
            item.setToolTip(path)
            items[path] = item
            (items.get(parent_path) or self.tree_model.invisibleRootItem()).appendRow(item)
        if categories.get(""):
            none = QStandardItem(f"(No category) ({categories['']:,})")
            none.setData("", PATH_ROLE)
            self.tree_model.appendRow(none)
        self.tree.expandToDepth(0)
        item = self._find_tree_item(current)
        self.tree.setCurrentIndex((item or everything).index())
        self.tree.selectionModel().blockSignals(False)
        if item is None and current != ALL:  # the category is gone
            self.apply_filters()

    def _find_tree_item(self, path: object) -> QStandardItem | None:
        stack = [self.tree_model.item(r) for r in range(self.tree_model.rowCount())]
        while stack:
            item = stack.pop()
            if item.data(PATH_ROLE) == path:
                return item
            stack += [item.child(r) for r in range(item.rowCount())]
        return None


def _natural(path: str) -> list[list[object]]:
    """Sort key: "Lecture 2" before "Lecture 10", level by level."""
    return [
        [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]
        for name in path.split("/")
    ]


# Up to this many selected questions, "Untag…" offers only the tags they carry.
BLOCK_LIMIT = 2000
