"""The lectures panel: decks, thumbnails, the page, its text, and the slide selection.

Looking and selecting are separate: a click (or the arrow keys, PageUp/PageDown, the
‹ › buttons) shows a slide; its checkbox, Space, Ctrl+click or Shift+click select.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPixmap,
    QShortcut,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.page_renderer import PageRenderer
from desktop.shortcuts import key_sequence
from storage.domain import Deck, Slide, SlideRef

THUMB_WIDTH = 150
_FLAG_LABELS = {
    "title": "title",
    "agenda": "agenda",
    "closing": "closing",
    "empty": "no text",
    "overlay": "overlay",
}
IndexLike = QModelIndex | QPersistentModelIndex


def _tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    return button


class ElidedLabel(QLabel):
    """A one-line label that never asks for more width than it gets: a long text
    (a deck's title) is elided, in full in the tooltip, so panes keep their size."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text if self.fontMetrics().horizontalAdvance(text) > self.width() else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideMiddle, rect.width()
        )
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)


class ThumbnailList(QListView):
    """Thumbnails where a plain click or arrow key only looks; Ctrl/Shift+click, Space
    and the checkboxes select."""

    def selectionCommand(
        self, index: IndexLike, event: Any = None
    ) -> QItemSelectionModel.SelectionFlag:
        from PySide6.QtCore import QEvent

        kind = event.type() if event is not None else None
        mods = event.modifiers() if event is not None and hasattr(event, "modifiers") else None
        ctrl = mods is not None and bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = mods is not None and bool(mods & Qt.KeyboardModifier.ShiftModifier)
        none = QItemSelectionModel.SelectionFlag.NoUpdate
        if kind == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Space:
                return QItemSelectionModel.SelectionFlag.Toggle
            if not shift:
                return none  # arrows, PageUp/PageDown: move the view only
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            if ctrl and not shift:
                return (
                    QItemSelectionModel.SelectionFlag.Toggle
                    if kind == QEvent.Type.MouseButtonPress
                    else none
                )
            if not shift:
                return none
        elif kind == QEvent.Type.MouseMove:
            return none  # no rubber-band selection by dragging: it would replace a selection
        return super().selectionCommand(index, event)


class SlideListModel(QAbstractListModel):
    """The current deck's slides; thumbnails are rendered on demand, when shown.
    Each has a checkbox that shows (and sets) whether it is selected."""

    check_requested = Signal(int, bool)  # row, selected

    def __init__(self, renderer: PageRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.is_selected: Any = lambda _row: False  # the panel's selection, for the boxes
        self._pending: set[object] = set()  # thumbnails asked for and not rendered yet
        self.renderer = renderer
        self.deck: Deck | None = None
        self.file: Path | None = None
        self.slides: list[Slide] = []
        self._thumbs: dict[int, QPixmap] = {}
        self._placeholder = QPixmap(THUMB_WIDTH, int(THUMB_WIDTH * 0.75))
        self._placeholder.fill(QColor("#e9e9e9"))
        renderer.rendered.connect(self._rendered)

    def set_deck(self, deck: Deck | None, slides: list[Slide], file: Path | None) -> None:
        self.beginResetModel()
        self.renderer.forget()
        self.deck, self.slides, self.file = deck, slides, file
        self._thumbs.clear()
        self._pending.clear()
        self.endResetModel()

    def rowCount(self, parent: IndexLike = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.slides)

    def data(self, index: IndexLike, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        slide = self.slides[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            flags = ", ".join(_FLAG_LABELS.get(f, f) for f in slide.flags)
            return f"{slide.page}" + (f" · {flags}" if flags else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbs.get(slide.page, self._placeholder)
        if role == Qt.ItemDataRole.ToolTipRole:
            return slide.text[:400] or "(no text on this page)"
        if role == Qt.ItemDataRole.ForegroundRole and slide.flags:
            return QColor("#888888")
        if role == Qt.ItemDataRole.CheckStateRole:
            return (
                Qt.CheckState.Checked if self.is_selected(index.row()) else Qt.CheckState.Unchecked
            )
        return None

    def flags(self, index: IndexLike) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: IndexLike, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.check_requested.emit(index.row(), on)
        return True

    def checks_changed(self) -> None:
        if self.slides:
            top, bottom = self.index(0), self.index(len(self.slides) - 1)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.CheckStateRole])

    def _rendered(self, key: object, image: QImage) -> None:
        if not (
            isinstance(key, tuple) and key[0] == "thumb" and self.deck and key[1] == self.deck.id
        ):
            return
        page = int(key[2])
        pix = QPixmap.fromImage(image)
        if pix.height() > THUMB_WIDTH * 1.4:  # portrait pages: keep the strip tidy
            pix = pix.scaledToHeight(
                int(THUMB_WIDTH * 1.4), Qt.TransformationMode.SmoothTransformation
            )
        self._thumbs[page] = pix
        self._pending.discard(key)
        row = page - 1
        if 0 <= row < len(self.slides):
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])

    def has_thumbnail(self, page: int) -> bool:
        return page in self._thumbs

    def request_thumbnails(self, rows: range) -> None:
        """Render the thumbnails of these rows (the ones on screen), unless cached.
        Thumbnails asked for earlier and now off screen are dropped first, so after a
        jump the visible ones do not wait behind them."""
        if self.file is None or self.deck is None or self.file.suffix.lower() != ".pdf":
            return
        keys = {
            ("thumb", self.deck.id, self.slides[row].page): self.slides[row].page
            for row in rows
            if 0 <= row < len(self.slides) and self.slides[row].page not in self._thumbs
        }
        stale = self._pending - set(keys)
        if stale:
            self.renderer.drop(stale)
        self._pending = set(keys)
        for key, page in keys.items():
            self.renderer.request(key, self.file, page, THUMB_WIDTH)


class PageView(QScrollArea):
    """The current page, at a zoom or fitted to the width."""

    def __init__(self, renderer: PageRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = renderer
        self.label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit = "page"  # "page", "width" or "" (use the zoom factor)
        self.zoom = 1.0
        self._target: tuple[int, int, Path] | None = None  # deck id, page, file
        self.highlight = ""  # text marked on the page (a draft's supporting sentence)
        self._resize_timer = QTimer(self, singleShot=True, interval=120)
        self._resize_timer.timeout.connect(self.refresh)
        renderer.rendered.connect(self._rendered)
        renderer.failed.connect(self._failed)

    def show_page(
        self, deck_id: int, page: int, file: Path | None, note: str = "", highlight: str = ""
    ) -> None:
        self.highlight = highlight
        if file is None:
            self._target = None
            self.label.setPixmap(QPixmap())
            self.label.setText(note or "The deck's file is not available; its text is below.")
            return
        self._target = (deck_id, page, file)
        self.refresh()

    def _size(self) -> tuple[int, int]:
        width, height = self.viewport().width() - 8, self.viewport().height() - 8
        if self.fit == "page":
            return max(100, width), max(100, height)
        if self.fit == "width":
            return max(200, width - 16), 0  # leave room for the scroll bar
        return int(900 * self.zoom), 0

    def refresh(self) -> None:
        if self._target is None:
            return
        deck_id, page, file = self._target
        width, height = self._size()
        key = ("page", deck_id, page, width, height, self.highlight)
        self.renderer.request(key, file, page, width, height, self.highlight)

    def set_fit(self, fit: str) -> None:
        """Fit the "page" or its "width" to the view."""
        self.fit = fit
        self.refresh()

    def set_zoom(self, factor: float) -> None:
        self.fit = ""
        self.zoom = max(0.25, min(4.0, factor))
        self.refresh()

    def _rendered(self, key: object, image: QImage) -> None:
        if not (
            isinstance(key, tuple)
            and key[0] == "page"
            and self._target
            and key[1:3] == self._target[:2]
            and key[5] == self.highlight
        ):
            return
        self.label.setText("")
        self.label.setPixmap(QPixmap.fromImage(image))

    def _failed(self, key: object, message: str) -> None:
        if isinstance(key, tuple) and key[0] == "page":
            self.label.setPixmap(QPixmap())
            self.label.setText(f"This page cannot be shown: {message}")

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.fit:
            self._resize_timer.start()


class SlidePanel(QWidget):
    """Decks on top, thumbnails beside the page and its text; selection summary below.

    Signals ask the window to do the work (import, find) on the bank thread.
    """

    import_requested = Signal(list)  # of Path
    find_requested = Signal(str, int)  # query, deck id
    course_find_requested = Signal(str, list)  # query, the course's deck ids
    deck_changed = Signal(int)  # deck id
    selection_changed = Signal(list)  # of Slide, from every deck (kept while moving between them)
    current_page_changed = Signal(object, object)  # the PDF shown (or None), its page
    rename_requested = Signal(int)  # deck id: the deck list's context menu, "Rename deck…"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slidesPanel")
        self.setAcceptDrops(True)
        self.renderer = PageRenderer(self)

        self.deck_box = QComboBox()
        self.deck_box.setMinimumContentsLength(20)
        # a long deck title must not widen the pane (it is elided; the list shows it whole)
        self.deck_box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.deck_box.setMinimumWidth(120)
        self.deck_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip(
            "Import PDF slides or Markdown/text notes (or drop files here)"
        )
        self.find_edit = QLineEdit(
            placeholderText="Find slides for a request, e.g. “a hard quiz on quantization”"
        )
        self.find_edit.setClearButtonEnabled(True)
        self.find_button = QPushButton("Select matches")
        self.find_status = QLabel()
        self.find_status.setWordWrap(True)
        self.find_status.setStyleSheet("color: palette(dark);")

        self.model = SlideListModel(self.renderer, self)
        self.thumbs = ThumbnailList()
        self.thumbs.setModel(self.model)
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListView.Movement.Static)
        self.thumbs.setUniformItemSizes(True)  # only visible items are asked for data
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.4)))
        self.thumbs.setGridSize(QSize(THUMB_WIDTH + 24, int(THUMB_WIDTH * 0.75) + 40))
        self.thumbs.setSpacing(4)
        self.thumbs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.thumbs.setFixedWidth(THUMB_WIDTH + 44)

        self.page_view = PageView(self.renderer)
        self.text_view = QPlainTextEdit(readOnly=True)
        self.text_view.setPlaceholderText("The cleaned text of the page appears here.")
        zoom_out = _tool_button("−", "Zoom out")
        zoom_in = _tool_button("+", "Zoom in")
        fit_page = _tool_button("Fit page", "Show the whole page")
        fit = _tool_button("Fit width", "Fit the page to the width")
        zoom_out.clicked.connect(lambda: self.page_view.set_zoom(self.page_view.zoom / 1.25))
        zoom_in.clicked.connect(lambda: self.page_view.set_zoom(self.page_view.zoom * 1.25))
        fit.clicked.connect(lambda: self.page_view.set_fit("width"))
        fit_page.clicked.connect(lambda: self.page_view.set_fit("page"))
        self.page_label = ElidedLabel()
        self.prev_button = _tool_button("‹", "Previous slide (PageUp)")
        self.next_button = _tool_button("›", "Next slide (PageDown)")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        for key, step in (
            (key_sequence("slide_prev"), -1),
            (key_sequence("slide_next"), 1),
        ):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda step=step: self.step(step))
        select_all = _tool_button("All", "Select every content slide")
        select_none = _tool_button("None", "Clear the selection")
        select_all.clicked.connect(self.select_content)
        select_none.clicked.connect(self.thumbs.clearSelection)
        self.summary = ElidedLabel("No slides selected.")

        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Lectures</b>"))
        top.addWidget(self.deck_box, 1)
        top.addWidget(self.import_button)
        finder = QHBoxLayout()
        finder.addWidget(self.find_edit, 1)
        finder.addWidget(self.find_button)
        tools = QHBoxLayout()
        tools.addWidget(self.prev_button)
        tools.addWidget(self.next_button)
        tools.addWidget(self.page_label, 1)
        for b in (zoom_out, zoom_in, fit_page, fit):
            tools.addWidget(b)
        right = QSplitter(Qt.Orientation.Vertical)
        page_box = QWidget()
        page_layout = QVBoxLayout(page_box)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(tools)
        page_layout.addWidget(self.page_view, 1)
        right.addWidget(page_box)
        right.addWidget(self.text_view)
        right.setSizes([400, 160])
        middle = QHBoxLayout()
        middle.addWidget(self.thumbs)
        middle.addWidget(right, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Select:"))
        bottom.addWidget(select_all)
        bottom.addWidget(select_none)
        bottom.addWidget(self.summary, 1)

        self.empty = QLabel(
            "No lecture decks in this bank yet.\n\nImport PDF slides or "
            "Markdown notes with “Import…”, or drop the files here."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid); padding: 16px;")
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(finder)
        body.addWidget(self.find_status)
        body.addLayout(middle, 1)
        body.addLayout(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.body, 1)

        self._decks: list[Deck] = []
        self._all_decks: list[Deck] = []
        self._scope: list[int] | None = None  # a course's decks; None: all decks
        self.course: str | None = None
        # the selection of every deck, so moving between a course's decks keeps it
        self._kept: dict[int, list[Slide]] = {}
        self._restoring = False
        self._citation: SlideRef | None = None  # the citation being shown, if any
        self.find_status.hide()
        # Thumbnails are rendered for what is on screen (and a little beyond).
        self._thumb_timer = QTimer(self, singleShot=True, interval=30)
        self._thumb_timer.timeout.connect(self._request_visible_thumbnails)
        self.thumbs.verticalScrollBar().valueChanged.connect(lambda _v: self._thumb_timer.start())
        self.model.modelReset.connect(self._thumb_timer.start)
        self.thumbs.verticalScrollBar().rangeChanged.connect(lambda *_: self._thumb_timer.start())
        self.model.is_selected = lambda row: self.thumbs.selectionModel().isRowSelected(
            row, QModelIndex()
        )
        self.model.check_requested.connect(self._check)
        self.deck_box.currentIndexChanged.connect(self._deck_chosen)
        self.rename_action = QAction("Rename deck…", self.deck_box)
        self.rename_action.triggered.connect(self._rename_current)
        self.deck_box.addAction(self.rename_action)
        self.deck_box.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.thumbs.selectionModel().currentChanged.connect(self._current_changed)
        self.thumbs.selectionModel().selectionChanged.connect(self._selection_changed)
        self.find_button.clicked.connect(self._find)
        self.find_edit.returnPressed.connect(self._find)
        self.set_decks([])

    # ----- what the window feeds in ----------------------------------------------------

    @property
    def deck_ids(self) -> list[int]:
        return [d.id for d in self._decks]

    def set_decks(self, decks: list[Deck], current: int | None = None) -> None:
        keep = current if current is not None else self.current_deck_id()
        self._all_decks = list(decks)
        known = {d.id for d in decks}
        self._kept = {d: slides for d, slides in self._kept.items() if d in known}
        if self._scope is not None:
            order = {d: i for i, d in enumerate(self._scope)}
            decks = sorted((d for d in decks if d.id in order), key=lambda d: order[d.id])
        self._decks = decks
        self.deck_box.blockSignals(True)
        self.deck_box.clear()
        for d in decks:
            self.deck_box.addItem(f"{d.title}  ({d.page_count} pages)", d.id)
        self.deck_box.blockSignals(False)
        self.empty.setVisible(not decks)
        self.body.setVisible(bool(decks))
        if decks:
            ids = [d.id for d in decks]
            self.deck_box.setCurrentIndex(ids.index(keep) if keep in ids else len(decks) - 1)
            self._deck_chosen(self.deck_box.currentIndex())
        else:
            self.model.set_deck(None, [], None)

    def set_scope(self, deck_ids: list[int] | None, course: str | None = None) -> None:
        """Show only these decks (a course's, in its order); None: every deck. The
        selection of each deck is kept."""
        self._scope = list(deck_ids) if deck_ids is not None else None
        self.course = course
        self.set_decks(self._all_decks)
        self._selection_changed()

    def show_slides(self, deck: Deck, slides: list[Slide], file: Path | None) -> None:
        # the same deck loaded again (a reload after an import finishing late): the page
        # in view stays, the user is not sent back to the first page
        same = self.model.deck is not None and self.model.deck.id == deck.id
        row = self.thumbs.currentIndex().row() if same else 0
        self.model.set_deck(deck, slides, file)
        self.find_status.hide()
        if slides:
            # the pages chosen in this deck before moving to another are chosen again
            kept = [s.page for s in self._kept.get(deck.id, [])]
            self._restoring = True
            self.thumbs.setCurrentIndex(self.model.index(max(0, min(row, len(slides) - 1))))
            self.select_pages(kept, scroll=False)
            self._restoring = False
        self._selection_changed()
        self._apply_citation()

    def show_course_find_result(self, message: str, slides: list[Slide]) -> None:
        """A course-wide search: `slides` (of any of its decks) become the selection of
        the course's decks; the current deck shows its part."""
        for deck_id in self._scope or self.deck_ids:
            self._kept[deck_id] = []
        for s in slides:
            self._kept.setdefault(s.deck_id, []).append(s)
        self.find_status.setText(message)
        self.find_status.show()
        current = self.current_deck_id()
        if slides and current not in {s.deck_id for s in slides}:
            index = self.deck_box.findData(slides[0].deck_id)
            if index >= 0:
                self.deck_box.setCurrentIndex(index)  # show_slides selects its part
                return
        self.select_pages([s.page for s in self._kept.get(current or -1, [])])
        self._selection_changed()

    def clear_all_selections(self) -> None:
        self._kept.clear()
        self.thumbs.clearSelection()
        self._selection_changed()

    def selection_counts(self) -> dict[int, int]:
        return {d: len(s) for d, s in self._kept.items() if s}

    def all_selected_slides(self) -> list[Slide]:
        """The selection of every deck shown, deck by deck in the list's order."""
        order = [d.id for d in self._decks]
        return [s for d in order for s in sorted(self._kept.get(d, []), key=lambda s: s.page)]

    def show_citation(self, ref: SlideRef) -> None:
        """Show the cited page with its supporting sentence marked on the page and in
        the text; the deck is switched to first if need be."""
        self._citation = ref
        if self.current_deck_id() != ref.deck_id:
            index = self.deck_box.findData(ref.deck_id)
            if index < 0:
                self._citation = None
                return
            self.deck_box.setCurrentIndex(index)  # show_slides applies the citation
            return
        self._apply_citation()

    def _apply_citation(self) -> None:
        ref = self._citation
        if ref is None or self.model.deck is None or self.model.deck.id != ref.deck_id:
            return
        index = self.model.index(ref.page - 1)
        if not index.isValid():
            return
        self.thumbs.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.thumbs.scrollTo(index)
        self._thumb_timer.start()
        self._current_changed(index, QModelIndex())

    def show_find_result(self, message: str, pages: list[int]) -> None:
        self.find_status.setText(message)
        self.find_status.show()
        self.select_pages(pages)

    # ----- selection -------------------------------------------------------------------

    def _rename_current(self) -> None:
        deck_id = self.current_deck_id()
        if deck_id is not None:
            self.rename_requested.emit(deck_id)

    def current_deck_id(self) -> int | None:
        data = self.deck_box.currentData()
        return int(data) if data is not None else None

    def select_pages(self, pages: list[int], scroll: bool = True) -> None:
        selection = QItemSelection()
        for page in pages:
            idx = self.model.index(page - 1)
            if idx.isValid():
                selection.select(idx, idx)
        self.thumbs.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if pages and scroll:  # show the best match, keeping the selection as it is
            best = self.model.index(pages[0] - 1)
            self.thumbs.selectionModel().setCurrentIndex(
                best, QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.thumbs.scrollTo(best)
        self._thumb_timer.start()  # the jump's thumbnails at once, not on the next scroll

    def select_content(self) -> None:
        self.select_pages([s.page for s in self.model.slides if s.is_content])

    def selected_slides(self) -> list[Slide]:
        rows = sorted(i.row() for i in self.thumbs.selectionModel().selectedIndexes())
        return [self.model.slides[r] for r in rows]

    def _selection_changed(self, *_: object) -> None:
        self.model.checks_changed()
        if self._restoring:
            return
        if self.model.deck is not None:
            self._kept[self.model.deck.id] = self.selected_slides()
        chosen = self.all_selected_slides()
        decks = {s.deck_id for s in chosen}
        if not chosen:
            self.summary.setText("No slides selected.")
        elif len(decks) == 1:
            words = sum(len(s.text.split()) for s in chosen)
            title = next((d.title for d in self._decks if d.id in decks), "")
            self.summary.setText(f"{len(chosen)} slide(s) from {title}, ~{words:,} words")
        else:
            words = sum(len(s.text.split()) for s in chosen)
            self.summary.setText(
                f"{len(chosen)} slide(s) from {len(decks)} decks, ~{words:,} words"
            )
        self.selection_changed.emit(chosen)

    # ----- internals -------------------------------------------------------------------

    def _request_visible_thumbnails(self) -> None:
        viewport = self.thumbs.viewport()
        # the first row on screen: the probe may fall in the gap between two cells
        first = QModelIndex()
        for y in range(4, min(viewport.height(), self.thumbs.gridSize().height() + 8), 6):
            first = self.thumbs.indexAt(QPoint(viewport.width() // 2, y))
            if first.isValid():
                break
        grid = max(1, self.thumbs.gridSize().height())
        start = first.row() if first.isValid() else self.thumbs.verticalScrollBar().value() // grid
        visible = viewport.height() // grid + 1
        # what is on screen, then the next screenful, so scrolling finds them ready
        self.model.request_thumbnails(range(start, start + 2 * visible))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._thumb_timer.start()

    def current_page(self) -> int | None:
        current = self.thumbs.currentIndex()
        return self.model.slides[current.row()].page if current.isValid() else None

    def go_to_page(self, page: int) -> None:
        """Show `page` (the selection stays as it is)."""
        current = self.thumbs.currentIndex()
        self.step(page - 1 - (current.row() if current.isValid() else -1))

    def step(self, by: int) -> None:
        """Show the slide `by` places on (the selection stays as it is)."""
        current = self.thumbs.currentIndex()
        row = (current.row() if current.isValid() else -1) + by
        index = self.model.index(max(0, min(row, len(self.model.slides) - 1)))
        if index.isValid():
            self.thumbs.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.thumbs.scrollTo(index)

    def _check(self, row: int, on: bool) -> None:
        flag = QItemSelectionModel.SelectionFlag
        self.thumbs.selectionModel().select(
            self.model.index(row), flag.Select if on else flag.Deselect
        )

    def _deck_chosen(self, index: int) -> None:
        if index >= 0:
            self.deck_changed.emit(int(self.deck_box.itemData(index)))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.model.deck is None:
            return
        slide = self.model.slides[current.row()]
        self.prev_button.setEnabled(current.row() > 0)
        self.next_button.setEnabled(current.row() < len(self.model.slides) - 1)
        self.page_label.setText(
            f"Page {slide.page} of {len(self.model.slides)}"
            + (f" — {', '.join(slide.flags)}" if slide.flags else "")
        )
        self.text_view.setPlainText(slide.text)
        ref = self._citation
        cited = ref is not None and (ref.deck_id, ref.page) == (self.model.deck.id, slide.page)
        highlight = ref.supporting_text if cited and ref is not None else ""
        self._mark_text(highlight)
        note = (
            "Text notes have no page images; the text is below."
            if self.model.file is None or self.model.file.suffix.lower() != ".pdf"
            else ""
        )
        pdf = self.model.file if not note else None
        self.current_page_changed.emit(str(pdf) if pdf else None, slide.page)
        self.page_view.show_page(self.model.deck.id, slide.page, pdf, note, highlight)

    def _mark_text(self, text: str) -> None:
        """Mark `text` in the page's text view (spaces, line breaks and punctuation between
        its words may differ: the stored sentence is tidied, e.g. a full stop added)."""
        selections = []
        words = re.findall(r"\w+", text)
        # Python's re on the plain text: QTextDocument.find never matches across lines
        found = (
            re.search(r"\W+".join(re.escape(w) for w in words), self.text_view.toPlainText())
            if words
            else None
        )
        if found is not None:
            cursor = QTextCursor(self.text_view.document())
            cursor.setPosition(found.start())
            cursor.setPosition(found.end(), QTextCursor.MoveMode.KeepAnchor)
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            sel.format.setBackground(QColor(255, 213, 0, 120))
            selections.append(sel)
            self.text_view.setTextCursor(cursor)
            self.text_view.centerCursor()  # the sentence in the middle, not at an edge
        self.text_view.setExtraSelections(selections)

    def _find(self) -> None:
        query = self.find_edit.text().strip()
        deck_id = self.current_deck_id()
        if query and self._scope is not None and self.course is not None:
            self.course_find_requested.emit(query, list(self._scope))
        elif query and deck_id is not None:
            self.find_requested.emit(query, deck_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.import_requested.emit(paths)
            event.acceptProposedAction()

    def shutdown(self) -> None:
        self.renderer.shutdown()
