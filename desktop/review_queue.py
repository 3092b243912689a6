"""The review queue: drafts waiting for the instructor's decision.

Each entry is a question stored with status "draft": its type, stem, the
result of the drafting checks, a near-duplicate warning and the slides it
cites. The selected draft is shown whole, as the student sees it, with the key
marked, and its options can be fixed in place (`review_fixes`). The queue only
asks; the window does the bank work (accept, discard, undo, fixes, redraft) on
the bank thread and then removes or replaces entries here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.question_preview import PAPER, ImageBrowser, preview_html, scaled_images
from desktop.review_fixes import QuickFixes, short_quote
from desktop.shortcuts import shortcut
from models.drafting.validation import ERROR, Issue
from storage.domain import DuplicateMatch, Question


@dataclass(frozen=True)
class ReviewItem:
    """A stored draft and what the checks found about it."""

    question: Question  # has its bank id
    issues: tuple[Issue, ...] = ()
    grounded: bool | None = None  # None: not checked (e.g. a draft from an import)
    grounding_reason: str = ""
    duplicates: tuple[DuplicateMatch, ...] = ()
    batch_duplicate: bool = False  # resembles an earlier draft of the same run

    @property
    def id(self) -> int:
        assert self.question.id is not None
        return self.question.id

    @property
    def valid(self) -> bool:
        return not any(i.severity == ERROR for i in self.issues) and self.grounded is not False

    @property
    def flagged(self) -> bool:
        return bool(self.duplicates) or self.batch_duplicate


def _summary(item: ReviewItem) -> str:
    q = item.question
    if not item.valid:
        mark = "✗"
    elif item.flagged or item.issues:
        mark = "⚠"
    else:
        mark = "✓"
    stem = " ".join(q.stem.split())
    pages = ", ".join(f"p.{r.page}" for r in q.sources)
    tail = f"   ({pages})" if pages else ""
    return f"{mark} [{q.type.label}] {stem}{tail}"


def details_html(item: ReviewItem) -> str:
    """The checks' findings and the citations as links (`cite:N` = the Nth source)."""
    q = item.question
    lines: list[str] = []
    if item.valid and not item.issues:
        lines.append("<span style='color:#2e7d32'>✓ Passes the checks.</span>")
    for issue in item.issues:
        colour = "#c62828" if issue.severity == ERROR else "#9a6700"
        lines.append(f"<span style='color:{colour}'>• {html.escape(issue.message)}</span>")
    if item.grounded is False:
        reason = html.escape(item.grounding_reason or "the slides do not support the answer")
        lines.append(f"<span style='color:#c62828'>• Not grounded: {reason}</span>")
    for match in item.duplicates[:3]:
        stem = html.escape(short_quote(match.stem, 90))
        lines.append(
            f"<span style='color:#9a6700'>• Looks like bank question #{match.question_id}"
            f" ({match.score:.0f}% similar): “{stem}”</span>"
        )
    if item.batch_duplicate:
        lines.append("<span style='color:#9a6700'>• Looks like another draft of this run</span>")
    for n, ref in enumerate(q.sources):
        quote = html.escape(short_quote(ref.supporting_text, 160))
        lines.append(f"<a href='cite:{n}'>Slide {ref.page}</a>: “{quote}”")
    if not q.sources:
        lines.append("<span style='color:gray'>Cites no slide.</span>")
    return "<br>".join(lines)


class ReviewQueue(QWidget):
    """A list of drafts with Accept / Edit / Discard / Redraft / Accept all valid."""

    accept_requested = Signal(list)  # of question ids
    discard_requested = Signal(list)  # of question ids
    redraft_requested = Signal(object)  # ReviewItem
    edit_requested = Signal(int)  # question id
    citation_clicked = Signal(object)  # SlideRef
    current_changed = Signal(object)  # ReviewItem | None
    fix_requested = Signal(object)  # the draft (Question) with a quick fix applied
    undo_requested = Signal()  # bring back the last discarded drafts
    count_changed = Signal(int)  # drafts in the queue

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewQueue")
        self.items: list[ReviewItem] = []
        self._shown_id: int | None = None
        self.title = QLabel()
        self.list = QListWidget()
        # one line per draft, cut with "…": at 1280×720 the queue shows four drafts, not two
        # wrapped ones; the full stem is in the tooltip and the detail below
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setOpenExternalLinks(False)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.linkActivated.connect(self._link)
        self.details.setMinimumHeight(40)
        # the whole question as the student sees it, the key marked
        self.preview = ImageBrowser()
        self.preview.setObjectName("reviewPreview")
        self.preview.setOpenLinks(False)
        self.preview.setFrameShape(QFrame.Shape.NoFrame)
        # as tall as the question: one scroll bar (the detail's) for all of it
        self.preview.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fixes = QuickFixes()
        self.fixes.fixed.connect(self.fix_requested)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(4, 4, 4, 4)
        detail_layout.addWidget(self.preview)
        detail_layout.addWidget(self.fixes)
        detail_layout.addWidget(self.details)
        # where space runs out the detail scrolls rather than squashing its rows
        self.detail = QScrollArea()
        self.detail.setObjectName("reviewDetail")
        self.detail.setWidgetResizable(True)
        self.detail.setWidget(detail)
        self.detail.setMinimumHeight(90)  # at 1280×720 the run's status line needs the rest
        self.detail.hide()  # shown for a selected draft
        self.undo_button = QPushButton("Undo discard")
        self.undo_button.setToolTip("Bring back the drafts discarded last (Ctrl+Z)")
        self.undo_button.hide()  # shown while there is a discard to undo
        self.undo_button.clicked.connect(self.undo_requested)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Accept the selected drafts into the bank (Enter)")
        self.edit_button = QPushButton("Edit")
        self.edit_button.setToolTip("Open the draft in the editor (E)")
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Delete the selected drafts (Delete)")
        self.redraft_button = QPushButton("Redraft")
        self.redraft_button.setToolTip("Draft this one again from the same slides (R)")
        self.accept_all_button = QPushButton("Accept all valid")
        self.accept_all_button.setToolTip(
            "Accept every draft that passes the checks and is not flagged as a near-duplicate"
        )
        buttons = QHBoxLayout()
        for b in (
            self.accept_button,
            self.edit_button,
            self.discard_button,
            self.redraft_button,
        ):
            buttons.addWidget(b)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all_button)
        self.list.setMinimumHeight(60)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.list)
        self.split.addWidget(self.detail)
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.split, 1)
        layout.addLayout(buttons)

        self.accept_button.clicked.connect(self.accept_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.edit_button.clicked.connect(self._edit)
        self.redraft_button.clicked.connect(self._redraft)
        self.accept_all_button.clicked.connect(self.accept_all_valid)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda _i: self._edit())
        # Shortcuts that work while the list has the focus (Enter would
        # otherwise trigger the panel's default button).
        for name, extra, slot in (
            ("review_accept", "Enter", self.accept_selected),
            ("review_discard", "Backspace", self.discard_selected),
            ("review_edit", "", self._edit),
            ("review_redraft", "", self._redraft),
        ):
            for key in filter(None, (shortcut(name).keys, extra)):
                sc = QShortcut(QKeySequence(key), self.list)
                sc.setContext(Qt.ShortcutContext.WidgetShortcut)
                sc.activated.connect(slot)
        # Ctrl+Z anywhere in the queue (the editor keeps its own undo)
        undo = QShortcut(QKeySequence(shortcut("undo").keys), self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_requested)
        self._update()

    def set_undo_available(self, n: int) -> None:
        """`n` drafts can be brought back (0: nothing to undo)."""
        self.undo_button.setVisible(n > 0)
        self.undo_button.setText(f"Undo discard ({n})" if n else "Undo discard")

    # ----- contents --------------------------------------------------------------------

    def set_items(self, items: list[ReviewItem]) -> None:
        unique = list({i.id: i for i in items}.values())
        self.list.setUpdatesEnabled(False)  # one repaint for the whole queue
        self.list.clear()
        for item in unique:
            self.list.addItem(self._list_item(item))
        self.items = unique
        self.list.setUpdatesEnabled(True)
        self._selection_changed()

    def add(self, item: ReviewItem) -> None:
        if any(i.id == item.id for i in self.items):
            self.replace(item.id, item)
            return
        self.items.append(item)
        self.list.addItem(self._list_item(item))
        self._update()

    def replace(self, qid: int, item: ReviewItem) -> None:
        row = self._row(qid)
        if row is None:
            self.add(item)
            return
        self.items[row] = item
        widget_item = self.list.item(row)
        new = self._list_item(item)
        widget_item.setText(new.text())
        widget_item.setToolTip(new.toolTip())
        chosen = self.selected()
        if chosen and chosen[0].id == qid:
            self._show_detail(item)  # the same draft: no "current changed"
            self._update()

    def remove(self, ids: list[int]) -> None:
        gone = set(ids)
        rows = sorted((r for r, i in enumerate(self.items) if i.id in gone), reverse=True)
        next_row = min(rows) if rows else -1
        self.list.blockSignals(True)
        for r in rows:
            self.list.takeItem(r)
            del self.items[r]
        self.list.blockSignals(False)
        if self.items and next_row >= 0:  # keep going down the queue
            self.list.setCurrentRow(min(next_row, len(self.items) - 1))
        self._selection_changed()

    def selected(self) -> list[ReviewItem]:
        rows = sorted(self.list.row(i) for i in self.list.selectedItems())
        return [self.items[r] for r in rows]

    # ----- actions ---------------------------------------------------------------------

    def accept_selected(self) -> None:
        ids = [i.id for i in self.selected()]
        if ids:
            self.accept_requested.emit(ids)

    def discard_selected(self) -> None:
        ids = [i.id for i in self.selected()]
        if ids:
            self.discard_requested.emit(ids)

    def accept_all_valid(self) -> None:
        ids = [i.id for i in self.items if i.valid and not i.flagged]
        if ids:
            self.accept_requested.emit(ids)

    def _edit(self) -> None:
        chosen = self.selected()
        if chosen:
            self.edit_requested.emit(chosen[0].id)

    def _redraft(self) -> None:
        chosen = self.selected()
        if chosen:
            self.redraft_requested.emit(chosen[0])

    # ----- internals -------------------------------------------------------------------

    def _row(self, qid: int) -> int | None:
        return next((r for r, i in enumerate(self.items) if i.id == qid), None)

    @staticmethod
    def _list_item(item: ReviewItem) -> QListWidgetItem:
        widget_item = QListWidgetItem(_summary(item))
        tips = [_summary(item)] + [i.message for i in item.issues]
        if item.flagged:
            tips.append("Looks like a question already in the bank or in this run")
        widget_item.setToolTip("\n".join(tips if len(tips) > 1 else [*tips, "Passes the checks"]))
        return widget_item

    def _link(self, href: str) -> None:
        chosen = self.selected()
        if href.startswith("cite:") and chosen:
            sources = chosen[0].question.sources
            n = int(href.removeprefix("cite:"))
            if 0 <= n < len(sources):
                self.citation_clicked.emit(sources[n])

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self._show_detail(chosen[0] if chosen else None)
        self.current_changed.emit(chosen[0] if chosen else None)
        self._update()

    def _show_detail(self, item: ReviewItem | None) -> None:
        self.detail.setVisible(item is not None)
        self.details.setText(details_html(item) if item else "")
        self.fixes.set_question(item.question if item else None)
        if item is None:
            self.preview.clear()
            return
        q = item.question
        width = max(160, self.preview.viewport().width() - 40)
        self.preview.images = scaled_images(q, min(420, width))
        bar = self.detail.verticalScrollBar()
        where = bar.value() if self._shown_id == q.id else 0
        self.preview.setHtml(preview_html(q, PAPER, show_key=True))
        self._fit_preview()
        bar.setValue(where)  # a quick fix must not make the view jump
        self._shown_id = q.id

    def _fit_preview(self) -> None:
        doc = self.preview.document()
        doc.setTextWidth(max(100, self.detail.viewport().width() - 12))
        self.preview.setFixedHeight(int(doc.size().height()) + 6)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.detail.isVisible():
            self._fit_preview()

    def _update(self) -> None:
        n = len(self.items)
        valid = sum(1 for i in self.items if i.valid and not i.flagged)
        self.title.setText(
            f"<b>Review queue</b> — {n} draft(s), {valid} ready to accept"
            if n
            else "<b>Review queue</b> — no drafts waiting. Drafted questions appear here."
        )
        has = bool(self.list.selectedItems())
        for b in (self.accept_button, self.edit_button, self.discard_button, self.redraft_button):
            b.setEnabled(has)
        self.accept_all_button.setEnabled(valid > 0)
        self.count_changed.emit(n)
