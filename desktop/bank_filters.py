"""The bank browser's search and filters, and the facets that fill them.

Mixed into `BankBrowser` (desktop/bank_browser.py): the search line, the filter
boxes, the one-slide chip and the category tree; the categories, tags and
decks they offer are read on a thread of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPushButton, QToolButton

from desktop.bank_views import ALL, PATH_ROLE, _CategoryTree
from desktop.worker import run_in_background
from storage.bank import QuestionBank
from storage.database import Bank
from storage.domain import Deck, Difficulty, QuestionFilter, QuestionType, Status
from storage.slide_store import SlideLibrary

SEARCH_DELAY_MS = 200


def _facets(bank: Bank) -> tuple[dict[str, int], dict[str, int], list[Deck]]:
    service = QuestionBank(bank)
    return service.category_counts(), service.tag_counts(), SlideLibrary(bank).decks()


class FilterBar:
    """Search, filter boxes, one-slide chip and category tree: what the table shows."""

    def _build_filter_bar(self) -> None:
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

    def _build_category_tree(self) -> None:
        self.tree_model = QStandardItemModel(self)
        self.tree = _CategoryTree()
        self.tree.setToolTip("Drop questions on a category to move them there")
        self.tree.dropped.connect(lambda ids, path: self.move_to_category(path, ids))
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self.apply_filters())

    @staticmethod
    def _combo(any_text: str, items: Sequence[tuple[str, object]]) -> QComboBox:
        box = QComboBox()
        box.addItem(any_text, None)
        for text, value in items:
            box.addItem(text, value)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        return box

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

    def _filter_boxes(self) -> list[QComboBox]:
        return [
            self.type_box,
            self.status_box,
            self.difficulty_box,
            self.tag_box,
            self.deck_box,
            self.exam_box,
        ]

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
