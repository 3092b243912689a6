"""One editor for every question type, with undo, live checks and autosave.

The editor's truth is a `Question` value (`current()`). Every edit, typed or
structural (a choice added, moved, removed, the type switched), goes through
one QUndoStack as a snapshot command (before, after); undoing shows `before`
again. Typing in one field merges into one command until a pause, so undo
goes back a word-run at a time, not a key at a time.

Checks from the drafting pipeline (`models.drafting.validation`, and
`models.drafting.grounding` when the slides' text is known) run shortly after each
change and are listed under the form, never in a dialog.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QImage, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.autosave import Autosaver, same_question
from desktop.editor_actions import EditorActions, _KeysToEditor
from desktop.editor_answers import AnswerSections, ChoiceRow, _grow, _set_line, _set_plain
from desktop.editor_checks import LiveChecks
from desktop.editor_feedback import FeedbackPart
from desktop.editor_images import ImageSection
from desktop.editor_undo import _Snapshot
from desktop.question_convert import (
    _shared_fractions,
    _split_tags,
    convert,
    from_editable,
    to_editable,
)
from desktop.question_preview import QuestionPreview
from desktop.rich_edit import RichTextEdit
from desktop.shortcuts import native_text
from models.drafting.validation import Issue
from storage.domain import Bloom, Difficulty, Question, QuestionType, TextFormat
from storage.recovery import RecoveryJournal
from storage.rich_text import to_html

# Names other modules and the tests import from here (they now live in the modules above).
__all__ = [
    "ChoiceRow",
    "QuestionEditor",
    "SlideTexts",
    "_shared_fractions",
    "convert",
    "from_editable",
    "to_editable",
]

SlideTexts = dict[tuple[int, int], str]

CHECK_DELAY_MS = 250
_MATHS = re.compile(r"\\\(|\\\[|\$\$")


# --------------------------------------------------------------------------- the editor


class QuestionEditor(
    EditorActions, AnswerSections, ImageSection, LiveChecks, FeedbackPart, QWidget
):
    """Edit a question. `load(q, slides_text)` shows one; `current()` is what it shows now.

    Signals: `changed(Question)` after every edit (and undo/redo);
    `save_requested(Question)` when the user asks to save now (Ctrl+S) or
    accepts (Ctrl+Shift+Return, status ACCEPTED); `duplicates_wanted` is the
    window's cue to compare with the bank. Autosave: pass `save` (called
    with the question, debounced; the window runs it on the bank thread and
    then calls `saved(stored)` or `save_failed(q, message)`).
    """

    changed = Signal(object)
    save_requested = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        save: Callable[[Question], None] | None = None,
        journal: RecoveryJournal | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("questionEditor")
        self._loading = False
        self._state = Question(QuestionType.MCQ, "")
        self._slides: SlideTexts = {}
        self._issues: list[Issue] = []
        self._rows: list[ChoiceRow] = []
        self._current_slide: tuple[Path, int] | None = None
        self.undo_stack = QUndoStack(self)
        self.autosaver = Autosaver(save, journal, parent=self)
        self._keys = _KeysToEditor(self)
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_checks)
        self._build_ui()
        self._make_actions()
        self._install_key_filter(self)
        self.autosaver.state_changed.connect(self._show_save_state)
        # bound to the buttons, not to the stack: it may go first when the editor is deleted
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda t: self.undo_button.setToolTip(f"Undo {t} ({native_text('undo')})")
        )
        self.undo_stack.redoTextChanged.connect(
            lambda t: self.redo_button.setToolTip(f"Redo {t} ({native_text('redo')})")
        )
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]
        self.setEnabled(False)

    # ----- building -----------------------------------------------------------------

    def _build_ui(self) -> None:
        # top bar: type, undo/redo, save state, help
        top = self._build_top_bar()

        form = QWidget()
        form.setObjectName("editorForm")
        col = QVBoxLayout(form)
        col.setContentsMargins(4, 4, 8, 4)
        col.setSpacing(6)

        # the question text, with a small formatting bar
        self.stem = RichTextEdit()
        self.stem.setObjectName("stem")
        self.stem.setPlaceholderText(
            r"The question. Maths as TeX: \( \sqrt{d_k} \). Bold, italic, code and lists "
            "from the buttons."
        )
        self.stem.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.stem.textChanged.connect(lambda: self._edited("text:stem"))
        self.stem.textChanged.connect(self._fit_stem)
        self._fit_stem()
        fmt_bar = QHBoxLayout()
        fmt_bar.setSpacing(2)
        stem_label = QLabel("<b>Question text</b>")
        fmt_bar.addWidget(stem_label)
        fmt_bar.addStretch(1)
        self.format_buttons: dict[str, QToolButton] = {}
        for name, text, tip, slot in (
            ("bold", "B", "Bold", self.stem.toggle_bold),
            ("italic", "I", "Italic", self.stem.toggle_italic),
            ("code", "</>", "Code", self.stem.toggle_code),
            ("bullets", "•", "Bulleted list", lambda: self.stem.toggle_list(False)),
            ("numbers", "1.", "Numbered list", lambda: self.stem.toggle_list(True)),
        ):
            button = QToolButton(text=text)
            keys = native_text(name) if name in ("bold", "italic", "code") else ""
            button.setToolTip(f"{tip} ({keys})" if keys else tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the selection in the text
            button.clicked.connect(slot)
            self.format_buttons[name] = button
            fmt_bar.addWidget(button)
        f = self.format_buttons["bold"].font()
        f.setBold(True)
        self.format_buttons["bold"].setFont(f)
        f = self.format_buttons["italic"].font()
        f.setItalic(True)
        self.format_buttons["italic"].setFont(f)
        col.addLayout(fmt_bar)
        col.addWidget(self.stem)
        # TeX is typed as TeX; this line shows it as students will see it
        self.maths_line = QLabel()
        self.maths_line.setObjectName("mathsLine")
        self.maths_line.setWordWrap(True)
        self.maths_line.setTextFormat(Qt.TextFormat.RichText)
        self.maths_line.setStyleSheet("color: palette(dark);")
        self.maths_line.hide()
        col.addWidget(self.maths_line)

        col.addWidget(self._build_answer_box())

        col.addWidget(self._build_images_box())

        # feedback and metadata
        meta_box = QGroupBox("Feedback and details")
        meta = QFormLayout(meta_box)
        meta.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        meta.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.general_feedback = QPlainTextEdit()
        self.general_feedback.setObjectName("generalFeedback")
        self.general_feedback.setPlaceholderText("Shown to every student after answering")
        _grow(self.general_feedback, 2)
        self.general_feedback.textChanged.connect(lambda: self._edited("text:general_feedback"))
        self.title = QLineEdit()
        self.title.setPlaceholderText("Short name in the bank and in Moodle (optional)")
        self.title.textChanged.connect(lambda: self._edited("text:title"))
        self.tags = QLineEdit()
        self.tags.setObjectName("tags")
        self.tags.setPlaceholderText("comma-separated, e.g. tokenization, bpe")
        self.tags.textChanged.connect(lambda: self._edited("text:tags"))
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.setObjectName("category")
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category.lineEdit().setPlaceholderText("e.g. NLP/Tokenization")
        self.category.editTextChanged.connect(lambda _: self._edited("text:category"))
        self.difficulty = QComboBox()
        self.difficulty.addItem("—", "")
        for d in Difficulty:
            self.difficulty.addItem(d.value.capitalize(), d.value)
        self.difficulty.currentIndexChanged.connect(lambda _: self._edited("difficulty"))
        self.bloom = QComboBox()
        self.bloom.addItem("—", "")
        for b in Bloom:
            self.bloom.addItem(b.value.capitalize(), b.value)
        self.bloom.currentIndexChanged.connect(lambda _: self._edited("bloom"))
        self.points = QDoubleSpinBox()
        self.points.setRange(0.0, 1000.0)
        self.points.setDecimals(2)
        self.points.setSingleStep(0.5)
        self.points.valueChanged.connect(lambda _: self._edited("points"))
        small = QHBoxLayout()
        small.addWidget(QLabel("Difficulty"))
        small.addWidget(self.difficulty)
        small.addSpacing(8)
        small.addWidget(QLabel("Bloom"))
        small.addWidget(self.bloom)
        small.addSpacing(8)
        small.addWidget(QLabel("Points"))
        small.addWidget(self.points)
        small.addStretch(1)
        meta.addRow("General feedback", self.general_feedback)
        meta.addRow("Tags", self.tags)
        meta.addRow("Category", self.category)
        meta.addRow(small)
        meta.addRow("Title", self.title)
        col.addWidget(meta_box)
        # Moodle's feedback by response and hints (types that have them), collapsed
        col.addWidget(self._build_feedback_box())
        col.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(form)
        form.setMinimumWidth(420)

        checks_scroll = self._build_checks()

        edit_page = QWidget()
        edit_layout = QVBoxLayout(edit_page)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        edit_layout.setSpacing(4)
        edit_layout.addWidget(self.scroll, 1)
        edit_layout.addWidget(checks_scroll)

        self.preview = QuestionPreview()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(edit_page, "Edit")
        self.tabs.addTab(self.preview, "Student view")
        self.tabs.currentChanged.connect(lambda _: self._refresh_preview())

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)
        outer.addLayout(top)
        outer.addWidget(self.tabs, 1)

    def _fit_stem(self) -> None:
        """The question text box grows with its text, from 3 to 9 lines, then scrolls."""
        line = self.stem.fontMetrics().lineSpacing()
        doc_height = self.stem.document().size().height()
        height = int(min(max(doc_height + 12, 3 * line + 12), 9 * line + 12))
        if self.stem.height() != height:
            self.stem.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_stem()  # the text rewraps at another width
        self._fit_checks()

    # ----- public API ---------------------------------------------------------------

    def load(self, question: Question, slides_text: SlideTexts | None = None) -> None:
        """Show `question` for editing (pending edits of the previous one are saved first)."""
        self.autosaver.flush()
        if question.id is None and not question.uuid:
            # a new question needs a stable name for its recovery entry before it is stored
            question = replace(question, uuid=str(uuid.uuid4()))
        self._slides = dict(slides_text or {})
        self.undo_stack.clear()
        self.setEnabled(True)
        self._show(question, announce=False)
        self.scroll.verticalScrollBar().setValue(0)
        self.run_checks()

    def current(self) -> Question:
        """The question as the widgets show it now."""
        return self._state

    def set_slides_text(self, slides_text: SlideTexts | None) -> None:
        self._slides = dict(slides_text or {})
        self._check_timer.start()

    def set_categories(self, paths: list[str]) -> None:
        """The bank's categories, offered in the category box (any new path may be typed)."""
        self._loading = True
        try:
            text = self.category.currentText()
            self.category.clear()
            self.category.addItems(paths)
            self.category.setEditText(text)
        finally:
            self._loading = False

    def saved(self, stored: Question) -> None:
        """The bank stored the question (reply to autosave or Ctrl+S): adopt its id.

        Call it after every `save` callback that succeeded (or `save_failed`), also
        for a question no longer shown: one save is in flight at a time.
        """
        if same_question(self._state, stored):
            self._state = self._with_identity(self._state, stored)
        self.autosaver.saved(stored)

    @staticmethod
    def _with_identity(q: Question, source: Question) -> Question:
        return replace(
            q,
            id=source.id,
            uuid=source.uuid or q.uuid,
            created_at=source.created_at,
            updated_at=source.updated_at,
            # the version saved: the next save is checked against it (no lost update)
            version=source.version,
            created_by=source.created_by,
            updated_by=source.updated_by,
        )

    def save_failed(self, q: Question, message: str) -> None:
        self.autosaver.failed(q, message)

    def flush(self) -> None:
        """Save pending edits now (call before the window closes)."""
        self.autosaver.flush()

    # ----- edits --------------------------------------------------------------------

    def _edited(self, key: str) -> None:
        """A widget changed: record it as an undoable edit of what is shown."""
        if self._loading:
            return
        after = self.read_widgets()
        if after == self._state:
            return
        self.undo_stack.push(_Snapshot(self, self._state, after, key, shown=True))
        self._state = after
        self._after_change()

    def _change(self, after: Question, key: str) -> None:
        """A structural edit (choices, type): push it and show it."""
        if after == self._state:
            return
        self.undo_stack.push(_Snapshot(self, self._state, after, key, shown=False))

    def _after_change(self) -> None:
        self.feedback_box.show_state(self._state)
        self.changed.emit(self._state)
        self.autosaver.changed(self._state)
        self._check_timer.start()
        self._refresh_preview()

    def _type_picked(self, _index: int) -> None:
        if self._loading:
            return
        kind = QuestionType(self.type_box.currentData())
        self._change(convert(self._state, kind), "type")

    # ----- widgets <-> question ------------------------------------------------------

    def read_widgets(self) -> Question:
        """A question from the widgets, on top of what is not edited here."""
        q = self._state
        stem, formatted = self.stem.text()
        fmt = TextFormat.HTML if formatted or q.text_format is TextFormat.HTML else TextFormat.PLAIN
        if fmt is TextFormat.HTML:
            stem = self._build_stem_html()
        if q.type in self.newer_pages:  # answers and options; right choices follow the gaps
            q = self.newer_pages[q.type].read(replace(q, stem=stem))
        choices = self._choices_from_widgets(q, fmt)
        category = self.category.currentText().strip().strip("/")
        q = self.feedback_box.read(q, fmt)
        return replace(
            q,
            stem=stem,
            text_format=fmt,
            choices=choices,
            title=self.title.text(),
            general_feedback=from_editable(self.general_feedback.toPlainText(), fmt),
            grader_info=from_editable(self.grader_info.toPlainText(), fmt)
            if q.type is QuestionType.ESSAY
            else q.grader_info,
            response_template=from_editable(self.response_template.toPlainText(), fmt)
            if q.type is QuestionType.ESSAY
            else q.response_template,
            tags=_split_tags(self.tags.text()),
            category=category,
            difficulty=Difficulty(self.difficulty.currentData())
            if self.difficulty.currentData()
            else None,
            bloom=Bloom(self.bloom.currentData()) if self.bloom.currentData() else None,
            points=round(self.points.value(), 2),
            case_sensitive=self.case_sensitive.isChecked()
            if q.type is QuestionType.SHORT
            else q.case_sensitive,
            unit=self.num_unit.text().strip() if q.type is QuestionType.NUMERICAL else q.unit,
        )

    def _show(self, q: Question, announce: bool = True) -> None:
        """Make the widgets show `q` (load, undo, redo, structural edits)."""
        if announce:
            # undo must not take back the id the bank gave meanwhile (it would add a copy)
            q = self._with_identity(q, self._state)
        self._loading = True
        try:
            self._state = q
            self._show_fields(q)
        finally:
            self._loading = False
        if announce:
            self._after_change()
        else:
            self._refresh_preview()

    def _show_fields(self, q: Question) -> None:
        fmt = q.text_format
        index = self.type_box.findData(q.type.value)
        if self.type_box.currentIndex() != index:
            self.type_box.setCurrentIndex(index)
        self.stem.images = {i.name: QImage.fromData(i.data) for i in q.images}
        if fmt is TextFormat.HTML:
            if self._build_stem_html() != q.stem:
                self.stem.set_text(q.stem, fmt)
        elif self.stem.toPlainText() != q.stem:
            self.stem.set_text(q.stem, fmt)
        self._show_answer(q, fmt)
        _set_plain(self.general_feedback, to_editable(q.general_feedback, fmt))
        _set_line(self.title, q.title)
        if _split_tags(self.tags.text()) != q.tags:
            self.tags.setText(", ".join(q.tags))
        if self.category.currentText().strip().strip("/") != q.category:
            self.category.setEditText(q.category)
        self.difficulty.setCurrentIndex(
            max(0, self.difficulty.findData(q.difficulty.value if q.difficulty else ""))
        )
        self.bloom.setCurrentIndex(max(0, self.bloom.findData(q.bloom.value if q.bloom else "")))
        if round(self.points.value(), 2) != round(q.points, 2):
            self.points.setValue(q.points)
        if self.case_sensitive.isChecked() != q.case_sensitive:
            self.case_sensitive.setChecked(q.case_sensitive)
        self._show_images(q)
        self.feedback_box.show_question(q)

    def _build_stem_html(self) -> str:
        stem, formatted = self.stem.text()
        if formatted:
            return stem
        return "".join(
            f"<p>{html.escape(p, quote=False)}</p>"
            for p in self.stem.toPlainText().split("\n")
            if p.strip()
        )

    # ----- checks, preview, state -------------------------------------------------

    def _refresh_preview(self) -> None:
        q = self._state
        has_maths = bool(_MATHS.search(q.stem))
        if has_maths:
            shown = to_html(q.stem, q.text_format, inline=True)
            self.maths_line.setText(f"<i>Shows as:</i> {shown}")
        self.maths_line.setVisible(has_maths)
        if self.tabs.currentIndex() == 1:
            self.preview.set_question(q)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if (
            old is not None
            and self.isAncestorOf(old)
            and (new is None or not self.isAncestorOf(new))
        ):
            self.autosaver.flush()  # focus left the editor: save now

    def hideEvent(self, event: QHideEvent) -> None:
        self.autosaver.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.autosaver.flush()
        super().closeEvent(event)
