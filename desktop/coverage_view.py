"""Coverage of a deck, or of several together (a course's decks, or a hand-picked set):
which slides have questions, how many, and the mix of them.

    view = CoverageView()
    view.set_bank(bank)                 # lists the decks, shows the first
    view.set_deck(deck_id)              # e.g. the deck open in the slide panel
    view.set_scope([3, 5], "NLP")       # offers (and shows) "All 2 decks of “NLP”"
    view.slide_activated.connect(lambda deck, page: ...)   # double-click / Enter
    view.reload()                       # after questions changed

The query runs on a reader thread of its own; the GUI thread only fills the table.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import run_in_background
from storage.bank import QuestionBank
from storage.course_coverage import CourseCoverage, decks_coverage
from storage.database import Bank
from storage.domain import Deck, DeckCoverage, Difficulty, QuestionType, SlideCoverage
from storage.slide_store import SlideLibrary

SHORT_TYPE = {
    QuestionType.MCQ: "MC",
    QuestionType.MULTI: "MA",
    QuestionType.TRUE_FALSE: "T/F",
    QuestionType.SHORT: "Short",
    QuestionType.NUMERICAL: "Num",
    QuestionType.ESSAY: "Essay",
    QuestionType.DESCRIPTION: "Text",
    QuestionType.MATCHING: "Match",
    QuestionType.CLOZE: "Cloze",
    QuestionType.ORDERING: "Order",
    QuestionType.GAPSELECT: "Gaps",
    QuestionType.DDWTOS: "Drag",
}
FLAG_TEXT = {
    "title": "title slide",
    "agenda": "agenda",
    "closing": "closing slide",
    "empty": "no text",
    "overlay": "repeats the next slide",
}
# Segment colours of the mix bars (distinct on light and dark palettes).
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f", "#bab0ac"]
UNCOVERED = QColor(255, 170, 0, 90)  # content slides with no question yet
PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
DECK_ROLE = Qt.ItemDataRole.UserRole + 2
SCOPE = -1  # the deck box's data for "the decks of the scope together"


def _types_text(by_type: dict[QuestionType, int]) -> str:
    return ", ".join(
        f"{n} {SHORT_TYPE[t]}" for t, n in sorted(by_type.items(), key=lambda kv: -kv[1])
    )


def _flags_text(flags: tuple[str, ...]) -> str:
    return ", ".join(FLAG_TEXT.get(f, f) for f in flags)


class MixBar(QWidget):
    """A horizontal bar split in proportion to counts, with a legend under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts: list[tuple[str, int]] = []
        self.legend = ""
        self.setMinimumHeight(self.fontMetrics().height() + 14)

    def set_parts(self, parts: list[tuple[str, int]]) -> None:
        self._parts = [(label, n) for label, n in parts if n > 0]
        total = sum(n for _, n in self._parts)
        self.legend = (
            "  ".join(f"{label} {n} ({100 * n / total:.0f}%)" for label, n in self._parts)
            if total
            else ""
        )
        self.setToolTip(self.legend)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, self.fontMetrics().height() + 14)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        total = sum(n for _, n in self._parts)
        if not total:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, "no questions yet")
            return
        x = rect.left()
        metrics = self.fontMetrics()
        for i, (label, n) in enumerate(self._parts):
            width = rect.width() * n / total
            segment = QRectF(x, rect.top(), width, rect.height())
            painter.fillRect(segment, QColor(PALETTE[i % len(PALETTE)]))
            text = f"{label} {n}"
            if metrics.horizontalAdvance(text) + 8 > width:
                text = str(n) if metrics.horizontalAdvance(str(n)) + 6 <= width else ""
            painter.setPen(QColor("white"))
            painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, text)
            x += width


class CoverageView(QWidget):
    slide_activated = Signal(int, int)  # deck id, page (1-based): double-click / Enter
    questions_requested = Signal(int, int)  # deck id, page: "Show its questions"

    COLUMNS = ("Page", "Slide", "Questions", "Types", "Note")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverageView")
        self._bank: Bank | None = None
        self._request = 0
        self._jobs: set[Any] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.coverage: DeckCoverage | None = None
        self.many: CourseCoverage | None = None  # several decks shown together
        self._wanted_deck: int | None = None
        self._scope: list[int] = []
        self._scope_name = ""
        self._rows: list[tuple[int, str, SlideCoverage]] = []  # deck id, its title or ""

        self.deck_box = QComboBox()
        self.deck_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.deck_box.setMinimumContentsLength(24)
        self.deck_box.currentIndexChanged.connect(lambda _i: self._load())
        self.only_uncovered = QCheckBox("Only slides without questions")
        self.only_uncovered.toggled.connect(lambda _on: self._fill())

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.type_bar = MixBar()
        self.difficulty_bar = MixBar()

        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.installEventFilter(self)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, self.fontMetrics().averageCharWidth() * 24)
        # the note is read at a glance ("not counted: …", "no questions yet"), the slide's
        # title needs the room: a fixed note column, its full text in the tooltip
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, self.fontMetrics().averageCharWidth() * 28)

        top = QHBoxLayout()
        top.addWidget(QLabel("Deck:"))
        top.addWidget(self.deck_box, 1)
        top.addWidget(self.only_uncovered)
        bars = QGridLayout()
        bars.addWidget(QLabel("Types"), 0, 0)
        bars.addWidget(self.type_bar, 0, 1)
        bars.addWidget(QLabel("Difficulty"), 1, 0)
        bars.addWidget(self.difficulty_bar, 1, 1)
        bars.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(bars)
        layout.addWidget(self.table, 1)
        self._show_message("Open a bank to see which slides have questions.")

    # ----- public API ---------------------------------------------------------------

    def set_bank(self, bank: Bank | None) -> None:
        """Show `bank`; reads of the previous one end first, so it may be closed after."""
        self._pool.waitForDone()
        self._bank = bank
        self.coverage = self.many = None
        self.deck_box.blockSignals(True)
        self.deck_box.clear()
        self.deck_box.blockSignals(False)
        if bank is None:
            self._show_message("Open a bank to see which slides have questions.")
            return
        self._run(lambda: SlideLibrary(bank).decks(), self._set_decks)

    def set_scope(self, deck_ids: list[int] | None, name: str = "") -> None:
        """Several decks to offer together (a course's, or a hand-picked set; `name` is the
        course's, "" for a set), shown together at once; None or one deck: none."""
        scope = list(dict.fromkeys(deck_ids or ()))
        scope = scope if len(scope) >= 2 else []
        if (scope, name) == (self._scope, self._scope_name):
            return
        self._scope, self._scope_name = scope, name
        if scope:
            self._wanted_deck = SCOPE
        elif self.deck_box.currentData() == SCOPE:
            self._wanted_deck = None
        self.reload()

    def current_scope(self) -> list[int] | None:
        """The decks shown together, or None when one deck is shown."""
        return list(self._scope) if self.deck_box.currentData() == SCOPE else None

    def set_deck(self, deck_id: int) -> None:
        index = self.deck_box.findData(deck_id)
        if index >= 0:
            self.deck_box.setCurrentIndex(index)  # loads it
        else:
            self._wanted_deck = deck_id  # applied when the deck list arrives

    def reload(self) -> None:
        """Read the coverage again (and the deck list: decks may have been imported)."""
        if self._bank is not None:
            bank = self._bank
            self._run(lambda: SlideLibrary(bank).decks(), self._set_decks)

    def current_deck(self) -> int | None:
        """The one deck shown (None while several are shown together)."""
        data = self.deck_box.currentData()
        return int(data) if data is not None and data != SCOPE else None

    def shutdown(self) -> None:
        self._request += 1  # replies still queued find nothing to fill
        self._bank = None
        self._pool.waitForDone(5000)

    # ----- loading ------------------------------------------------------------------

    def _run(self, fn: Any, on_done: Any) -> None:
        self._request += 1
        request = self._request
        signals: Any = None

        def done(result: Any) -> None:
            self._jobs.discard(signals)
            if request == self._request:
                on_done(result)

        def failed(exc: BaseException, _details: str) -> None:
            self._jobs.discard(signals)
            if request == self._request:
                self._show_message(f"Coverage could not be read: {exc}")

        signals = run_in_background(fn, done, failed, self._pool)
        self._jobs.add(signals)

    def _set_decks(self, decks: list[Deck]) -> None:
        wanted = self._wanted_deck if self._wanted_deck is not None else self.deck_box.currentData()
        self._wanted_deck = None
        self.deck_box.blockSignals(True)
        self.deck_box.clear()
        known = {d.id for d in decks}
        if self._scope and all(d in known for d in self._scope):
            what = f"of “{self._scope_name}”" if self._scope_name else "chosen"
            self.deck_box.addItem(f"All {len(self._scope)} decks {what}", SCOPE)
        for deck in decks:
            self.deck_box.addItem(f"{deck.title} ({deck.page_count} slides)", deck.id)
            self.deck_box.setItemData(
                self.deck_box.count() - 1, deck.source_path, Qt.ItemDataRole.ToolTipRole
            )
        index = self.deck_box.findData(wanted) if wanted is not None else 0
        self.deck_box.setCurrentIndex(max(index, 0))
        self.deck_box.blockSignals(False)
        if not decks:
            self._show_message("No lectures yet. Import a deck to see which slides have questions.")
            return
        self._load()

    def _load(self) -> None:
        bank, scope, name = self._bank, self.current_scope(), self._scope_name
        if bank is not None and scope:
            self._run(lambda: decks_coverage(bank, scope, name), self._show_many)
            return
        deck_id = self.current_deck()
        if bank is None or deck_id is None:
            return
        self._run(lambda: QuestionBank(bank).coverage(deck_id), self._show)

    def _show(self, coverage: DeckCoverage) -> None:
        self.many = None
        self.coverage = coverage
        self._rows = [(coverage.deck_id, "", s) for s in coverage.slides]
        self._summarize(coverage, coverage.questions, "this deck")

    def _show_many(self, many: CourseCoverage) -> None:
        """Several decks together: their slides deck by deck, the title before each."""
        self.coverage = None
        self.many = many
        self._rows = [(d.deck_id, d.title, s) for d in many.decks for s in d.slides]
        where = f"the decks of “{many.name}”" if many.name else f"these {len(many.decks)} decks"
        self._summarize(many, many.questions, where)

    def _summarize(
        self, coverage: DeckCoverage | CourseCoverage, questions: int, where: str
    ) -> None:
        content = [s for _, _, s in self._rows if s.is_content]
        covered = sum(1 for s in content if s.questions)
        uncovered = len(content) - covered
        parts = [
            f"<b>{covered} of {len(content)}</b> content slides have questions",
            f"<b style='color:#b35c00'>{uncovered} have none</b>"
            if uncovered
            else "every content slide has some",
            f"{questions} question(s) cite {where}",
        ]
        skipped = len(self._rows) - len(content)
        if skipped:
            parts.append(f"{skipped} title/agenda/repeat slide(s) not counted")
        self.summary.setText(" · ".join(parts))
        self.type_bar.set_parts([(SHORT_TYPE[t], coverage.by_type.get(t, 0)) for t in QuestionType])
        self.difficulty_bar.set_parts(
            [(d.value, coverage.by_difficulty.get(d, 0)) for d in Difficulty]
            + [("unset", coverage.by_difficulty.get(None, 0))]
        )
        self._fill()

    def _fill(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        if self.coverage is None and self.many is None:
            return
        for deck_id, title, slide in self._rows:
            if self.only_uncovered.isChecked() and (slide.questions or not slide.is_content):
                continue
            self.model.appendRow(self._row(deck_id, title, slide))
        self.table.setEnabled(True)

    def _row(self, deck_id: int, deck_title: str, slide: SlideCoverage) -> list[QStandardItem]:
        page = QStandardItem(str(slide.page))
        page.setData(slide.page, PAGE_ROLE)
        page.setData(deck_id, DECK_ROLE)
        page.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        text = slide.heading or "(no text)"
        # several decks: each slide says whose it is, after its own title (what is read
        # first when looking for slides without questions)
        heading = QStandardItem(f"{text} · {deck_title}" if deck_title else text)
        heading.setToolTip(f"{deck_title}\n{slide.heading}" if deck_title else slide.heading)
        count = QStandardItem(str(slide.questions) if slide.questions else "")
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        types = QStandardItem(_types_text(slide.by_type))
        types.setToolTip(
            "\n".join(f"{t.label}: {n}" for t, n in slide.by_type.items()) or "No questions"
        )
        note = QStandardItem()
        row = [page, heading, count, types, note]
        if not slide.is_content:
            # shown, but not counted as a gap: there is nothing to ask about
            note.setText(f"not counted: {_flags_text(slide.flags)}")
            muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
            for item in row:
                item.setForeground(muted)
        elif not slide.questions:
            count.setText("0")
            note.setText("no questions yet")
            for item in row:
                item.setBackground(UNCOVERED)
        note.setToolTip(note.text())
        return row

    def _show_message(self, text: str) -> None:
        self.coverage = self.many = None
        self._rows = []
        self.summary.setText(text)
        self.type_bar.set_parts([])
        self.difficulty_bar.set_parts([])
        self.model.removeRows(0, self.model.rowCount())

    # ----- activation ---------------------------------------------------------------

    def _activate(self, row: int) -> None:
        deck, page = self.deck_at(row), self.page_at(row)
        if deck is not None and page is not None:
            self.slide_activated.emit(deck, page)

    def page_at(self, row: int) -> int | None:
        item = self.model.item(row, 0)
        return int(item.data(PAGE_ROLE)) if item is not None else None

    def deck_at(self, row: int) -> int | None:
        item = self.model.item(row, 0)
        return int(item.data(DECK_ROLE)) if item is not None else None

    def _context_menu(self, pos: Any) -> None:
        row = self.table.indexAt(pos).row()
        deck, page = self.deck_at(row), self.page_at(row)
        if deck is None or page is None:
            return
        menu = QMenu(self)
        menu.addAction(f"Go to slide {page}", lambda: self.slide_activated.emit(deck, page))
        show = menu.addAction(
            "Show its questions in the bank", lambda: self.questions_requested.emit(deck, page)
        )
        count = self.model.item(row, 2)
        show.setEnabled(count is not None and count.text() not in ("", "0"))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._activate(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)
