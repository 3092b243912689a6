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
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QHideEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.answer_editors import (
    box_title,
    build_editors,
    convert_newer,
    leaving_newer,
    newer_issues,
)
from desktop.autosave import Autosaver, same_question
from desktop.crop_dialog import CropDialog
from desktop.question_preview import QuestionPreview
from desktop.rich_edit import RichTextEdit
from desktop.shortcuts import SHORTCUTS, ShortcutsDialog, key_sequence, make_action, native_text
from models.drafting.grounding import ground
from models.drafting.validation import ERROR, WARNING, Issue, validate
from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Question,
    QuestionImage,
    QuestionType,
    Slide,
    Status,
    TextFormat,
)
from storage.question_types import NEWER_TYPES
from storage.recovery import RecoveryJournal
from storage.rich_text import to_html
from storage.slide_images import ImageError, load_image_file, unique_name

SlideTexts = dict[tuple[int, int], str]

CHECK_DELAY_MS = 250
MERGE_PAUSE_S = 1.5  # typing after a longer pause starts a new undo step
CHOICE_TYPES = (QuestionType.MCQ, QuestionType.MULTI)
_TRUE_WORDS = {"true", "wahr", "vrai", "verdadero", "vero", "yes"}
_MATHS = re.compile(r"\\\(|\\\[|\$\$")
_TAG = re.compile(r"</?(?:p|br|b|strong|i|em|code|pre|ul|ol|li|sub|sup|img|u|s)\b[^<>]*>", re.I)


# --------------------------------------------------------------------------- pure helpers


def _is_true(text: str) -> bool:
    return text.strip().casefold() in _TRUE_WORDS


def convert(q: Question, kind: QuestionType) -> Question:
    """`q` as another type, keeping what carries over (texts, answers, metadata)."""
    if kind is q.type:
        return q
    if kind in NEWER_TYPES:  # desktop/answer_editors
        return convert_newer(q, kind)
    q = leaving_newer(q)
    choices = q.choices
    correct = [c for c in choices if c.correct]
    if kind is QuestionType.MCQ:
        if q.type is QuestionType.TRUE_FALSE:
            choices = ()
        first = next((i for i, c in enumerate(choices) if c.correct), None)
        choices = tuple(
            replace(c, fraction=1.0 if i == first else min(c.fraction, 0.0), tolerance=None)
            for i, c in enumerate(choices)
        )
        while len(choices) < 3:
            choices += (Choice("", 1.0 if not choices else 0.0),)
    elif kind is QuestionType.MULTI:
        if q.type is QuestionType.TRUE_FALSE:
            choices = ()
        choices = tuple(replace(c, tolerance=None) for c in choices)
        while len(choices) < 3:
            choices += (Choice("", 1.0 if not choices else 0.0),)
        choices = _shared_fractions(choices)
    elif kind is QuestionType.TRUE_FALSE:
        already = len(choices) == 2 and any(_is_true(c.text) for c in choices)
        if not already:
            choices = (Choice("true", 1.0), Choice("false", 0.0))
    elif kind is QuestionType.SHORT:
        keep = correct if q.type is not QuestionType.TRUE_FALSE else []
        choices = tuple(Choice(c.text, 1.0, c.feedback) for c in keep) or (Choice("", 1.0),)
    elif kind is QuestionType.NUMERICAL:
        numbers = [c for c in correct if _number(c.text) is not None]
        choices = tuple(Choice(c.text, 1.0, c.feedback, c.tolerance or 0.0) for c in numbers) or (
            Choice("", 1.0, tolerance=0.0),
        )
    else:  # essay, description: no answers
        choices = ()
    return replace(q, type=kind, choices=choices)


def _shared_fractions(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """Correct options share 100% equally (Moodle's multiple-answer grading)."""
    n = sum(1 for c in choices if c.correct)
    if not n:
        return choices
    share = round(1.0 / n, 7)
    return tuple(replace(c, fraction=share) if c.correct else c for c in choices)


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def to_editable(text: str, fmt: TextFormat) -> str:
    """A secondary text (option, feedback) as shown in a one-line field."""
    if fmt is TextFormat.HTML and not _TAG.search(text):
        return html.unescape(text)
    return text  # plain, or HTML with tags: shown as written


def from_editable(text: str, fmt: TextFormat) -> str:
    if fmt is TextFormat.HTML and not _TAG.search(text):
        return html.escape(text, quote=False)
    return text


def _split_tags(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in re.split(r"[,;]", text) if t.strip()))


# --------------------------------------------------------------------------- undo


class _Snapshot(QUndoCommand):
    """One edit: the question before and after. Typing in one field merges."""

    def __init__(
        self, editor: QuestionEditor, before: Question, after: Question, key: str, shown: bool
    ) -> None:
        super().__init__(key)
        self.editor = editor
        self.before = before
        self.after = after
        self.key = key
        self.shown = shown  # the widgets already show `after` (it was typed)
        self.mergeable = key.startswith("text:")
        self.at = time.monotonic()

    def id(self) -> int:
        return 1 if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Snapshot) or other.key != self.key:
            return False
        if other.at - self.at > MERGE_PAUSE_S:
            return False
        self.after = other.after
        self.at = other.at
        return True

    def redo(self) -> None:
        if self.shown:
            self.shown = False
            return
        self.editor._show(self.after)

    def undo(self) -> None:
        self.editor._show(self.before)


class _KeysToEditor(QObject):
    """Let the editor's shortcuts win over the input widgets' own (their undo, Ctrl+Return)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.sequences = [key_sequence(s.name) for s in SHORTCUTS]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed == s for s in self.sequences):
                event.ignore()
                return True  # not accepted: the shortcut system fires the action
        return False


# --------------------------------------------------------------------------- choice rows


class ChoiceRow(QFrame):
    """One option: correct mark, text, grade share, feedback, move and remove buttons."""

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setObjectName(f"choice{index}")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.correct = QCheckBox()
        self.label = QLabel(f"{chr(ord('A') + index % 26)}.")
        self.label.setMinimumWidth(18)
        self.text = QLineEdit()
        self.fraction = QDoubleSpinBox()
        self.fraction.setRange(-100.0, 100.0)
        self.fraction.setDecimals(1)
        self.fraction.setSingleStep(10.0)
        self.fraction.setSuffix(" %")
        self.fraction.setToolTip("Share of the grade this answer earns (negative: a penalty)")
        self.fraction.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.fraction.setFixedWidth(64)
        self.feedback = QLineEdit()
        self.feedback.setPlaceholderText("Feedback shown when this is chosen (optional)")
        self.up = QToolButton(text="▲", toolTip="Move up (Ctrl+Shift+Up)", autoRaise=True)
        self.down = QToolButton(text="▼", toolTip="Move down (Ctrl+Shift+Down)", autoRaise=True)
        self.remove = QToolButton(text="✕", toolTip="Remove", autoRaise=True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.correct, 0, 0)
        grid.addWidget(self.label, 0, 1)
        grid.addWidget(self.text, 0, 2)
        grid.addWidget(self.fraction, 0, 3)
        grid.addWidget(self.up, 0, 4)
        grid.addWidget(self.down, 0, 5)
        grid.addWidget(self.remove, 0, 6)
        grid.addWidget(self.feedback, 1, 2, 1, 2)
        grid.setColumnStretch(2, 1)
        self.feedback.setStyleSheet("QLineEdit { font-size: 90%; }")


def _set_line(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)


def _set_plain(edit: QPlainTextEdit, text: str) -> None:
    if edit.toPlainText() != text:
        edit.setPlainText(text)


def _grow(edit: QPlainTextEdit, lines: int) -> None:
    """A fixed height of `lines` lines: a form of fields, not one field eating the space."""
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)


# --------------------------------------------------------------------------- the editor


class QuestionEditor(QWidget):
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
        self.type_box = QComboBox()
        for kind in QuestionType:
            self.type_box.addItem(kind.label, kind.value)  # enums do not survive QVariant
        self.type_box.setToolTip("Question type: the form adapts; what carries over is kept")
        self.undo_button = QToolButton(text="↶ Undo")
        self.redo_button = QToolButton(text="↷ Redo")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.save_state = QLabel("")
        self.save_state.setObjectName("saveState")
        self.save_state.setStyleSheet("color: palette(mid);")
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip(f"Mark as accepted and save ({native_text('accept')})")
        self.accept_button.clicked.connect(self.accept_question)
        self.help_button = QToolButton(text="?")
        self.help_button.setToolTip(f"Keyboard shortcuts ({native_text('help')})")
        self.help_button.clicked.connect(self.show_shortcuts)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Type:"))
        top.addWidget(self.type_box)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        top.addStretch(1)
        top.addWidget(self.save_state)
        top.addWidget(self.accept_button)
        top.addWidget(self.help_button)
        self.type_box.currentIndexChanged.connect(self._type_picked)

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

        # the answer part, one page per kind of type
        self.answer_box = QGroupBox("Options")
        self.answer_pages = QStackedWidget()
        box_layout = QVBoxLayout(self.answer_box)
        box_layout.setContentsMargins(6, 6, 6, 6)
        box_layout.addWidget(self.answer_pages)
        self._build_choice_page()
        self._build_true_false_page()
        self._build_numerical_page()
        self._build_essay_page()
        # the newer types' pages (desktop/answer_editors); the description page stays last
        self.newer_pages = build_editors(self.stem.insertPlainText, to_editable, from_editable)
        for kind, newer_page in self.newer_pages.items():
            self.answer_pages.addWidget(newer_page)
            newer_page.changed.connect(lambda kind=kind: self._edited(f"answers:{kind.value}"))
        self.answer_pages.addWidget(QLabel("A description has no answer; it is text only."))
        col.addWidget(self.answer_box)

        # images
        self.images_box = QGroupBox("Images")
        self.image_list = QListWidget()
        self.image_list.setObjectName("imageList")
        self.image_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.image_list.setIconSize(QSize(128, 72))
        self.image_list.setFixedHeight(104)
        self.image_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.image_list.setMovement(QListWidget.Movement.Static)
        self.attach_button = QPushButton("Attach file…")
        self.attach_button.clicked.connect(self.attach_image_dialog)
        self.crop_button = QPushButton("Crop from slide…")
        self.crop_button.setToolTip("Take a rectangle of the slide shown on the left as the image")
        self.crop_button.setEnabled(False)
        self.crop_button.clicked.connect(self.crop_from_slide)
        self.remove_image_button = QPushButton("Remove")
        self.remove_image_button.clicked.connect(self.remove_selected_image)
        image_buttons = QHBoxLayout()
        image_buttons.addWidget(self.attach_button)
        image_buttons.addWidget(self.crop_button)
        image_buttons.addWidget(self.remove_image_button)
        image_buttons.addStretch(1)
        images_layout = QVBoxLayout(self.images_box)
        images_layout.setContentsMargins(6, 6, 6, 6)
        images_layout.addWidget(self.image_list)
        images_layout.addLayout(image_buttons)
        self.image_message = QLabel("")
        self.image_message.setWordWrap(True)
        self.image_message.setStyleSheet("color: #b00020;")
        self.image_message.hide()
        images_layout.addWidget(self.image_message)
        col.addWidget(self.images_box)

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
        col.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(form)
        form.setMinimumWidth(420)

        # live checks, always visible under the form
        self.checks = QLabel("")
        self.checks.setObjectName("liveChecks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.checks.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.checks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        checks_scroll = QScrollArea()
        checks_scroll.setWidgetResizable(True)
        checks_scroll.setWidget(self.checks)
        checks_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        checks_scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.checks.setContentsMargins(4, 2, 4, 2)
        self.checks_scroll = checks_scroll

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

    def _build_choice_page(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.choice_hint = QLabel("")
        self.choice_hint.setStyleSheet("color: palette(mid);")
        self.choice_hint.setWordWrap(True)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(2)
        self.add_choice_button = QPushButton("+ Add option")
        self.add_choice_button.setToolTip(f"Add an option ({native_text('add_choice')})")
        self.add_choice_button.clicked.connect(self.add_choice)
        self.case_sensitive = QCheckBox('Case-sensitive ("LSTM" ≠ "lstm")')
        self.case_sensitive.toggled.connect(lambda _: self._edited("case_sensitive"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_choice_button)
        bottom.addStretch(1)
        bottom.addWidget(self.case_sensitive)
        layout.addWidget(self.choice_hint)
        layout.addLayout(self.rows_box)
        layout.addLayout(bottom)
        self.choice_page = page
        self.answer_pages.addWidget(page)

    def _build_true_false_page(self) -> None:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        self.tf_true = QRadioButton("True")
        self.tf_false = QRadioButton("False")
        group = QButtonGroup(page)
        group.addButton(self.tf_true)
        group.addButton(self.tf_false)
        self.tf_true.toggled.connect(lambda _: self._edited("tf_answer"))
        self.tf_true_feedback = QLineEdit()
        self.tf_true_feedback.setPlaceholderText("Feedback for a student who answers True")
        self.tf_false_feedback = QLineEdit()
        self.tf_false_feedback.setPlaceholderText("Feedback for a student who answers False")
        self.tf_true_feedback.textChanged.connect(lambda: self._edited("text:tf_true_fb"))
        self.tf_false_feedback.textChanged.connect(lambda: self._edited("text:tf_false_fb"))
        grid.addWidget(QLabel("The statement is"), 0, 0)
        answer = QHBoxLayout()
        answer.addWidget(self.tf_true)
        answer.addWidget(self.tf_false)
        answer.addStretch(1)
        grid.addLayout(answer, 0, 1)
        grid.addWidget(QLabel("Feedback for True"), 1, 0)
        grid.addWidget(self.tf_true_feedback, 1, 1)
        grid.addWidget(QLabel("Feedback for False"), 2, 0)
        grid.addWidget(self.tf_false_feedback, 2, 1)
        grid.setColumnStretch(1, 1)
        self.tf_page = page
        self.answer_pages.addWidget(page)

    def _build_numerical_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.num_value = QLineEdit()
        self.num_value.setObjectName("numValue")
        self.num_value.setPlaceholderText("e.g. 8 or 0.125")
        self.num_tolerance = QDoubleSpinBox()
        self.num_tolerance.setRange(0.0, 1e9)
        self.num_tolerance.setDecimals(4)
        self.num_tolerance.setPrefix("± ")
        self.num_unit = QLineEdit()
        self.num_unit.setPlaceholderText("e.g. bits, ms, GB (optional)")
        self.num_value.textChanged.connect(lambda: self._edited("text:num_value"))
        self.num_tolerance.valueChanged.connect(lambda _: self._edited("num_tolerance"))
        self.num_unit.textChanged.connect(lambda: self._edited("text:num_unit"))
        self.num_more = QLabel()
        self.num_more.setWordWrap(True)
        self.num_more.setStyleSheet("color: palette(dark);")
        form.addRow("Correct value", self.num_value)
        form.addRow("Tolerance", self.num_tolerance)
        form.addRow("Unit", self.num_unit)
        form.addRow(self.num_more)
        self.num_page = page
        self.answer_pages.addWidget(page)

    def _build_essay_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.grader_info = QPlainTextEdit()
        self.grader_info.setObjectName("graderInfo")
        self.grader_info.setPlaceholderText(
            "Deliverables and rubric, e.g.\n- code that trains CBOW and skip-gram (40%)\n"
            "- a report comparing the embeddings (40%)"
        )
        _grow(self.grader_info, 4)
        self.response_template = QPlainTextEdit()
        self.response_template.setPlaceholderText("Text the student's answer box starts with")
        _grow(self.response_template, 2)
        self.grader_info.textChanged.connect(lambda: self._edited("text:grader_info"))
        self.response_template.textChanged.connect(lambda: self._edited("text:response_template"))
        form.addRow("Deliverables and rubric (for the grader)", self.grader_info)
        form.addRow("Answer template (optional)", self.response_template)
        self.essay_page = page
        self.answer_pages.addWidget(page)

    def _make_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}

        def act(name: str, slot: Callable[[], object]) -> None:
            action = make_action(self, name)
            action.triggered.connect(slot)
            self.actions_by_name[name] = action

        act("undo", self.undo_stack.undo)
        act("redo", self.undo_stack.redo)
        act("save", self.save_now)
        act("accept", self.accept_question)
        # formatting applies to the question text only (options are one-line plain fields)
        act("bold", lambda: self.stem.hasFocus() and self.stem.toggle_bold())
        act("italic", lambda: self.stem.hasFocus() and self.stem.toggle_italic())
        act("code", lambda: self.stem.hasFocus() and self.stem.toggle_code())
        act("add_choice", self.add_choice)
        act("remove_choice", lambda: self._current_row_op(self.remove_choice))
        act("move_up", lambda: self._current_row_op(lambda i: self.move_choice(i, -1)))
        act("move_down", lambda: self._current_row_op(lambda i: self.move_choice(i, 1)))
        act("toggle_correct", lambda: self._current_row_op(self._toggle_correct_at))
        act("preview", self.toggle_preview)
        act("show_key", lambda: self.preview.show_key.toggle())
        act("attach_image", self.attach_image_dialog)
        act("crop_image", self.crop_button.click)
        act("help", self.show_shortcuts)

    def _install_key_filter(self, root: QWidget) -> None:
        for w in root.findChildren(QWidget):
            if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
                w.installEventFilter(self._keys)
                # the editor's undo covers every field; the widgets' own would fight it
                if isinstance(w, (QTextEdit, QPlainTextEdit)):
                    w.setUndoRedoEnabled(False)

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

    def set_current_slide(self, pdf_path: str | Path | None, page: int | None) -> None:
        """The slide "Crop from slide" crops from (the one shown left), or None."""
        ok = pdf_path is not None and page is not None and str(pdf_path).lower().endswith(".pdf")
        self._current_slide = (Path(pdf_path), int(page)) if ok else None  # type: ignore[arg-type]
        self.crop_button.setEnabled(ok)
        self.crop_button.setToolTip(
            f"Take a rectangle of slide {page} as the image ({native_text('crop_image')})"
            if ok
            else "Show a PDF slide on the left to crop from it"
        )

    @property
    def current_slide(self) -> tuple[Path, int] | None:
        return self._current_slide

    def issues(self) -> list[Issue]:
        """The live checks' findings for what is shown now."""
        return list(self._issues)

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
        self.changed.emit(self._state)
        self.autosaver.changed(self._state)
        self._check_timer.start()
        self._refresh_preview()

    def _type_picked(self, _index: int) -> None:
        if self._loading:
            return
        kind = QuestionType(self.type_box.currentData())
        self._change(convert(self._state, kind), "type")

    def add_choice(self) -> None:
        q = self._state
        if q.type not in (*CHOICE_TYPES, QuestionType.SHORT):
            return
        new = Choice("", 1.0 if q.type is QuestionType.SHORT else 0.0)
        self._change(replace(q, choices=(*q.choices, new)), "add_choice")
        if self._rows:
            self._rows[-1].text.setFocus()

    def remove_choice(self, index: int) -> None:
        q = self._state
        if not 0 <= index < len(q.choices):
            return
        choices = q.choices[:index] + q.choices[index + 1 :]
        if q.type is QuestionType.MULTI and q.choices[index].correct:
            choices = _shared_fractions(choices)
        self._change(replace(q, choices=choices), "remove_choice")
        if self._rows:
            self._rows[min(index, len(self._rows) - 1)].text.setFocus()

    def move_choice(self, index: int, step: int) -> None:
        q = self._state
        target = index + step
        if not (0 <= index < len(q.choices) and 0 <= target < len(q.choices)):
            return
        choices = list(q.choices)
        choices[index], choices[target] = choices[target], choices[index]
        self._change(replace(q, choices=tuple(choices)), "move_choice")
        self._rows[target].text.setFocus()

    def set_correct(self, index: int, correct: bool) -> None:
        q = self._state
        if not 0 <= index < len(q.choices):
            return
        if q.type is QuestionType.MCQ:
            choices = tuple(
                replace(c, fraction=1.0 if i == index else min(c.fraction, 0.0))
                if (correct or i == index)
                else c
                for i, c in enumerate(q.choices)
            )
            if not correct:
                choices = tuple(
                    replace(c, fraction=0.0) if i == index else c for i, c in enumerate(choices)
                )
        elif q.type is QuestionType.MULTI:
            choices = tuple(
                replace(c, fraction=(1.0 if correct else 0.0)) if i == index else c
                for i, c in enumerate(q.choices)
            )
            choices = _shared_fractions(choices)
        else:
            choices = tuple(
                replace(c, fraction=(1.0 if correct else 0.0)) if i == index else c
                for i, c in enumerate(q.choices)
            )
        self._change(replace(q, choices=choices), "correct")

    def _toggle_correct_at(self, index: int) -> None:
        if 0 <= index < len(self._state.choices):
            self.set_correct(index, not self._state.choices[index].correct)

    def _current_row_op(self, op: Callable[[int], object]) -> None:
        focus = QApplication.focusWidget()
        for row in self._rows:
            if focus is not None and row.isAncestorOf(focus):
                op(row.index)
                return

    def add_image(self, image: QuestionImage) -> QuestionImage:
        """Attach an image (its name made unique within the question)."""
        q = self._state
        name = unique_name(image.name, {i.name for i in q.images})
        image = QuestionImage(name, image.data)
        self._change(replace(q, images=(*q.images, image)), "add_image")
        self.image_message.hide()
        return image

    def remove_selected_image(self) -> None:
        row = self.image_list.currentRow()
        q = self._state
        if 0 <= row < len(q.images):
            self._change(replace(q, images=q.images[:row] + q.images[row + 1 :]), "remove_image")

    def attach_image_file(self, path: str | Path) -> QuestionImage | None:
        """Attach a PNG/JPEG file; a bad file is explained under the images, nothing lost."""
        try:
            image = load_image_file(path)
        except ImageError as exc:
            self.image_message.setText(str(exc))
            self.image_message.show()
            return None
        return self.add_image(image)

    def attach_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Attach an image", "", "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.attach_image_file(path)

    def crop_from_slide(self) -> QuestionImage | None:
        """Open the crop dialog on the current slide; the rectangle becomes an image."""
        if self._current_slide is None or not self.isEnabled():
            return None
        pdf, page = self._current_slide
        dialog = CropDialog(pdf, page, parent=self)
        if dialog.exec() != CropDialog.DialogCode.Accepted:
            return None
        image = dialog.image()
        return self.add_image(image) if image is not None else None

    def show_image_error(self, message: str) -> None:
        self.image_message.setText(message)
        self.image_message.show()

    def accept_question(self) -> None:
        """Mark accepted and ask the window to save now (it checks for duplicates)."""
        if not self.isEnabled():
            return
        self._change(replace(self._state, status=Status.ACCEPTED), "accept")
        self.save_now()

    def save_now(self) -> None:
        if not self.isEnabled():
            return
        self.autosaver.flush()
        self.save_requested.emit(self._state)

    def toggle_preview(self) -> None:
        self.tabs.setCurrentIndex(1 - self.tabs.currentIndex())

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

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

    def _choices_from_widgets(self, q: Question, fmt: TextFormat) -> tuple[Choice, ...]:
        if q.type in (*CHOICE_TYPES, QuestionType.SHORT):
            out = []
            for row, old in zip(self._rows, q.choices, strict=False):
                out.append(
                    replace(
                        old,
                        text=from_editable(row.text.text(), fmt),
                        feedback=from_editable(row.feedback.text(), fmt),
                        fraction=round(row.fraction.value() / 100.0, 7),
                    )
                )
            return tuple(out) + q.choices[len(out) :]
        if q.type is QuestionType.TRUE_FALSE:
            labels = [c.text for c in q.choices] if len(q.choices) == 2 else ["true", "false"]
            if not _is_true(labels[0]) and _is_true(labels[1]):
                labels.reverse()
            truth = self.tf_true.isChecked()
            return (
                Choice(
                    labels[0],
                    1.0 if truth else 0.0,
                    from_editable(self.tf_true_feedback.text(), fmt),
                ),
                Choice(
                    labels[1],
                    0.0 if truth else 1.0,
                    from_editable(self.tf_false_feedback.text(), fmt),
                ),
            )
        if q.type is QuestionType.NUMERICAL:
            first = q.choices[0] if q.choices else Choice("", 1.0, tolerance=0.0)
            value = replace(
                first,
                text=self.num_value.text().strip(),
                tolerance=self.num_tolerance.value(),
                fraction=first.fraction if first.fraction > 0 else 1.0,
            )
            return (value, *q.choices[1:])
        return q.choices

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
        page = {
            QuestionType.MCQ: self.choice_page,
            QuestionType.MULTI: self.choice_page,
            QuestionType.SHORT: self.choice_page,
            QuestionType.TRUE_FALSE: self.tf_page,
            QuestionType.NUMERICAL: self.num_page,
            QuestionType.ESSAY: self.essay_page,
        }.get(q.type) or self.newer_pages.get(q.type)
        self.answer_pages.setCurrentIndex(
            self.answer_pages.indexOf(page) if page is not None else self.answer_pages.count() - 1
        )
        # a stack is as tall as its tallest page unless the hidden ones are ignored
        for i in range(self.answer_pages.count()):
            shown = i == self.answer_pages.currentIndex()
            policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
            self.answer_pages.widget(i).setSizePolicy(policy, policy)
        self.answer_pages.adjustSize()
        self.answer_box.setTitle(
            box_title(q.type)
            if q.type in self.newer_pages
            else {
                QuestionType.SHORT: "Accepted answers",
                QuestionType.TRUE_FALSE: "Answer",
                QuestionType.NUMERICAL: "Answer",
                QuestionType.ESSAY: "Task details",
                QuestionType.DESCRIPTION: "Answer",
            }.get(q.type, "Options")
        )
        listed = q.type in (*CHOICE_TYPES, QuestionType.SHORT)
        self._show_rows(q if listed else replace(q, choices=()))  # no hidden rows left behind
        if q.type is QuestionType.TRUE_FALSE:
            truth = next((c for c in q.choices if _is_true(c.text)), None)
            lie = next((c for c in q.choices if not _is_true(c.text)), None)
            true_correct = truth.correct if truth is not None else True
            (self.tf_true if true_correct else self.tf_false).setChecked(True)
            _set_line(self.tf_true_feedback, to_editable(truth.feedback if truth else "", fmt))
            _set_line(self.tf_false_feedback, to_editable(lie.feedback if lie else "", fmt))
        elif q.type is QuestionType.NUMERICAL:
            first = q.choices[0] if q.choices else Choice("", 1.0, tolerance=0.0)
            _set_line(self.num_value, first.text)
            if self.num_tolerance.value() != (first.tolerance or 0.0):
                self.num_tolerance.setValue(first.tolerance or 0.0)
            _set_line(self.num_unit, q.unit)
            more = [c.text + (f" ± {c.tolerance:g}" if c.tolerance else "") for c in q.choices[1:]]
            # imported questions may accept several values; they are kept as they are
            self.num_more.setText(f"Also accepted (kept as imported): {', '.join(more)}")
            self.num_more.setVisible(bool(more))
        elif q.type in self.newer_pages:
            self.newer_pages[q.type].show_question(q)
        elif q.type is QuestionType.ESSAY:
            _set_plain(self.grader_info, to_editable(q.grader_info, fmt))
            _set_plain(self.response_template, to_editable(q.response_template, fmt))
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

    def _build_stem_html(self) -> str:
        stem, formatted = self.stem.text()
        if formatted:
            return stem
        return "".join(
            f"<p>{html.escape(p, quote=False)}</p>"
            for p in self.stem.toPlainText().split("\n")
            if p.strip()
        )

    def _show_rows(self, q: Question) -> None:
        short = q.type is QuestionType.SHORT
        # rows are added or dropped at the end only, so the focus stays where it is
        while len(self._rows) > len(q.choices):
            row = self._rows.pop()
            row.setParent(None)  # type: ignore[call-overload]
            row.deleteLater()
        while len(self._rows) < len(q.choices):
            self._rows.append(self._new_row(len(self._rows)))
        fmt = q.text_format
        for row, c in zip(self._rows, q.choices, strict=True):
            row.fraction.setVisible(q.type is not QuestionType.MCQ)
            row.label.setVisible(not short)
            row.text.setPlaceholderText("Accepted answer" if short else "Option text")
            row.correct.setToolTip(
                "Accepted answer" if short else f"Correct option ({native_text('toggle_correct')})"
            )
            _set_line(row.text, to_editable(c.text, fmt))
            _set_line(row.feedback, to_editable(c.feedback, fmt))
            if round(row.fraction.value(), 1) != round(c.fraction * 100, 1):
                row.fraction.setValue(c.fraction * 100)
            row.correct.setChecked(c.correct)
            row.up.setEnabled(row.index > 0)
            row.down.setEnabled(row.index < len(q.choices) - 1)
        self.case_sensitive.setVisible(short)
        self.add_choice_button.setText("+ Add answer" if short else "+ Add option")
        self.choice_hint.setText(
            "Answers the student may type; each with the share of the grade it earns."
            if short
            else "Tick the correct option."
            if q.type is QuestionType.MCQ
            else "Tick every correct option; correct ones share 100%."
        )

    def _new_row(self, i: int) -> ChoiceRow:
        row = ChoiceRow(i)
        row.text.textChanged.connect(lambda _=None, i=i: self._edited(f"text:choice{i}"))
        row.feedback.textChanged.connect(lambda _=None, i=i: self._edited(f"text:feedback{i}"))
        row.fraction.valueChanged.connect(lambda _=None, i=i: self._edited(f"fraction{i}"))
        row.correct.clicked.connect(lambda checked, i=i: self.set_correct(i, checked))
        row.up.clicked.connect(lambda _=None, i=i: self.move_choice(i, -1))
        row.down.clicked.connect(lambda _=None, i=i: self.move_choice(i, 1))
        row.remove.clicked.connect(lambda _=None, i=i: self.remove_choice(i))
        self.rows_box.addWidget(row)
        self._install_key_filter(row)
        return row

    def _show_images(self, q: Question) -> None:
        self.remove_image_button.setEnabled(bool(q.images))
        self.image_list.setVisible(bool(q.images))
        self.images_box.setTitle(f"Images ({len(q.images)})" if q.images else "Images (none)")
        names = [
            self.image_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.image_list.count())
        ]
        wanted = [f"{i.name}:{len(i.data)}" for i in q.images]
        if names == wanted:
            return
        self.image_list.clear()
        for img in q.images:
            pix = QPixmap()
            pix.loadFromData(img.data)
            item = QListWidgetItem(QIcon(pix), img.name)
            item.setData(Qt.ItemDataRole.UserRole, f"{img.name}:{len(img.data)}")
            item.setToolTip(
                f"{img.name} — {pix.width()}×{pix.height()} px, {len(img.data) // 1024} KB"
            )
            self.image_list.addItem(item)

    # ----- checks, preview, state -------------------------------------------------

    def _slides_for(self, q: Question) -> list[Slide]:
        if not self._slides:
            return []
        cited = [(r.deck_id, r.page) for r in q.sources if (r.deck_id, r.page) in self._slides]
        keys = cited or sorted(self._slides)
        return [Slide(deck, page, self._slides[(deck, page)]) for deck, page in keys]

    def run_checks(self) -> list[Issue]:
        """Validate what is shown now (and ground it when slide text is known)."""
        self._check_timer.stop()
        q = self._state
        issues = newer_issues(q, validate(q))
        slides = self._slides_for(q)
        if slides and q.type is not QuestionType.DESCRIPTION and q.stem.strip():
            result = ground(q, slides)
            if not result.supported:
                issues.append(
                    Issue(
                        "ungrounded",
                        f"The answer is not supported by the slides: {result.reason}",
                        WARNING,
                    )
                )
        self._issues = issues
        self._show_issues(issues)
        return issues

    def _show_issues(self, issues: list[Issue]) -> None:
        if not issues:
            self.checks.setText("<span style='color:#1b7f3b'>✔ No problems found.</span>")
            self._fit_checks()
            return
        rows = []
        for issue in sorted(issues, key=lambda i: i.severity != ERROR):
            if issue.severity == ERROR:
                rows.append(f"<span style='color:#b00020'>⛔ {html.escape(issue.message)}</span>")
            else:
                rows.append(f"<span style='color:#8a5a00'>⚠ {html.escape(issue.message)}</span>")
        self.checks.setText("<br>".join(rows))
        self._fit_checks()

    def _fit_checks(self) -> None:
        """As tall as the messages, up to five lines (then it scrolls)."""
        width = max(100, self.checks_scroll.viewport().width())
        wanted = self.checks.heightForWidth(width)
        line = self.checks.fontMetrics().lineSpacing()
        self.checks_scroll.setFixedHeight(min(max(wanted, line) + 8, 5 * line + 8))

    def _refresh_preview(self) -> None:
        q = self._state
        has_maths = bool(_MATHS.search(q.stem))
        if has_maths:
            shown = to_html(q.stem, q.text_format, inline=True)
            self.maths_line.setText(f"<i>Shows as:</i> {shown}")
        self.maths_line.setVisible(has_maths)
        if self.tabs.currentIndex() == 1:
            self.preview.set_question(q)

    def _show_save_state(self, state: str) -> None:
        self.save_state.setText(state)
        failed = state.startswith("Not saved") or state.startswith("Recovery")
        self.save_state.setStyleSheet("color: #b00020;" if failed else "color: palette(mid);")
        self.save_state.setToolTip(state)

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
