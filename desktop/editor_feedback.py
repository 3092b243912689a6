"""The question editor's part for Moodle's combined feedback and hints.

A collapsible box under "Feedback and details": the feedback for correct, partially
correct and incorrect responses, "show the number of correct responses", and the hints
(added, removed, edited; each with the options Moodle gives the type). Which type has what
is in storage/combined_feedback.py; types without any of it hide the box.

The box only shows and reads; the editor records every change as an undo step: typing and
ticking through `edited(key)` (the editor reads the widgets back), adding and removing a
hint as a structural edit (`FeedbackPart.add_hint` / `remove_hint`) the editor pushes and shows.
A type without any of it keeps what it holds (hidden), for a switch back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.question_convert import from_editable, to_editable
from storage.combined_feedback import (
    CLEAR_WRONG,
    FEEDBACK_LABELS,
    HIGHLIGHT,
    SHOW_NUM_CORRECT,
    feedback_problems,
    has_combined_feedback,
    has_show_num_correct,
    highlighted,
    hint_options,
)
from storage.domain import Hint, Question, QuestionType, TextFormat

TITLE = "Feedback by response and hints"
LABEL_GAP = 6


def _lines(edit: QPlainTextEdit, lines: int) -> None:
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    edit.setTabChangesFocus(True)


def _set_plain(edit: QPlainTextEdit, text: str) -> None:
    if edit.toPlainText() != text:
        edit.setPlainText(text)


def _set_checked(box: QCheckBox, on: bool) -> None:
    if box.isChecked() != on:
        box.setChecked(on)


class HintRow(QFrame):
    """One hint: its text, its options, and a remove button."""

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"hint{index}")
        self.label = QLabel(f"Hint {index + 1}")
        self.text = QPlainTextEdit()
        self.text.setObjectName(f"hint{index}Text")
        self.text.setPlaceholderText("Shown after a wrong try (Moodle's interactive mode)")
        _lines(self.text, 2)
        self.remove = QToolButton(text="✕", toolTip=f"Remove hint {index + 1}", autoRaise=True)
        self.show_num_correct = QCheckBox("Show number correct")
        self.show_num_correct.setToolTip(f"Moodle: {SHOW_NUM_CORRECT}")
        self.clear_wrong = QCheckBox("Clear incorrect")
        self.clear_wrong.setToolTip(f"Moodle: {CLEAR_WRONG}")
        self.highlight = QCheckBox("Highlight correct/incorrect")
        self.highlight.setToolTip(f"Moodle: {HIGHLIGHT}")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(LABEL_GAP)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.label, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.text, 0, 1)
        options = QHBoxLayout()  # under the text, with the remove button at its end
        options.setSpacing(10)
        options.addWidget(self.show_num_correct)
        options.addWidget(self.clear_wrong)
        options.addWidget(self.highlight)
        options.addStretch(1)
        options.addWidget(self.remove)
        grid.addLayout(options, 1, 1)
        grid.setColumnStretch(1, 1)


class FeedbackSection(QWidget):
    """The collapsible box; `show_question(q)` fills it, `read(q)` gives `q` as it shows."""

    edited = Signal(str)  # a typed or ticked change; the key names the field
    add_requested = Signal()
    remove_requested = Signal(int)  # the hint's index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackSection")
        self._loading = False
        self._kind = QuestionType.MCQ
        self.rows: list[HintRow] = []
        self._shown: Question | None = None  # for the summary line
        # the editor's key filter for new fields (its shortcuts, its undo)
        self.prepare_row: Callable[[QWidget], None] = lambda _row: None

        self.toggle = QToolButton()
        self.toggle.setObjectName("feedbackToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setStyleSheet("QToolButton { border: none; background: transparent; }")
        self.toggle.setText(TITLE)
        f = self.toggle.font()
        f.setBold(True)
        self.toggle.setFont(f)
        self.toggle.toggled.connect(self.set_expanded)
        self.summary = QLabel()
        self.summary.setObjectName("feedbackSummary")
        self.summary.setStyleSheet("color: palette(dark);")
        # never widens the form: a narrow editor cuts the line (the tooltip has it whole)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle)
        head.addWidget(self.summary, 1)

        self.body = QWidget()
        self.body.setObjectName("feedbackBody")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(18, 0, 0, 0)
        body.setSpacing(4)
        self.combined = QWidget()
        form = QFormLayout(self.combined)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setHorizontalSpacing(LABEL_GAP)
        self.texts: dict[str, QPlainTextEdit] = {}
        short = {
            "correct_feedback": "Correct",
            "partial_feedback": "Partially correct",
            "incorrect_feedback": "Incorrect",
        }
        for name, label in FEEDBACK_LABELS.items():
            edit = QPlainTextEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(f"{label} (optional)")
            _lines(edit, 2)
            edit.textChanged.connect(lambda name=name: self._typed(f"text:{name}"))
            self.texts[name] = edit
            label = QLabel(short[name])
            label.setFixedWidth(self._label_width())
            form.addRow(label, edit)
        self.show_num_correct = QCheckBox(SHOW_NUM_CORRECT)
        self.show_num_correct.setObjectName("showNumCorrect")
        self.show_num_correct.setToolTip(
            "Moodle says how many parts are right after a partially correct response"
        )
        self.show_num_correct.toggled.connect(lambda _: self._typed("show_num_correct"))
        form.addRow("", self.show_num_correct)
        body.addWidget(self.combined)

        self.hints_box = QWidget()
        hints = QVBoxLayout(self.hints_box)
        hints.setContentsMargins(0, 4, 0, 0)
        hints.setSpacing(2)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(2)
        self.add_button = QPushButton("+ Add hint")
        self.add_button.setObjectName("addHint")
        self.add_button.clicked.connect(self.add_requested)
        self.no_hints = QLabel("No hints: Moodle's interactive mode then only says right or wrong.")
        self.no_hints.setStyleSheet("color: palette(dark);")
        self.no_hints.setWordWrap(True)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.no_hints, 1)
        add_row.addStretch(0)  # the button keeps its size when the note is hidden
        self.add_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        hints.addLayout(self.rows_box)
        hints.addLayout(add_row)
        body.addWidget(self.hints_box)

        self.problems = QLabel()
        self.problems.setObjectName("feedbackProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a33;")
        self.problems.hide()
        body.addWidget(self.problems)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addLayout(head)
        outer.addWidget(self.body)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.set_expanded(False)

    def _label_width(self) -> int:
        """One label column for the feedback texts and the hints, so their boxes line up."""
        words = ("Partially correct", "Incorrect", "Hint 99")
        return max(self.fontMetrics().horizontalAdvance(w) for w in words) + 4

    # ----- collapsing ------------------------------------------------------------------

    def set_expanded(self, on: bool) -> None:
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)  # comes back here through `toggled`
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)
        if self._shown is not None:
            self.show_state(self._shown)

    def expanded(self) -> bool:
        return self.toggle.isChecked()

    # ----- question -> widgets ---------------------------------------------------------

    def show_question(self, q: Question) -> None:
        """Show `q`'s feedback and hints (hidden for types Moodle gives none)."""
        self._loading = True
        try:
            self._kind = q.type
            options = hint_options(q.type)
            combined = has_combined_feedback(q.type)
            self.setVisible(combined or options is not None)
            self.toggle.setText(TITLE if combined else "Hints")  # cloze: hints only
            self.combined.setVisible(combined)
            self.show_num_correct.setVisible(has_show_num_correct(q.type))
            for name, edit in self.texts.items():
                _set_plain(edit, to_editable(getattr(q, name), q.text_format))
            _set_checked(self.show_num_correct, q.show_num_correct)
            self.hints_box.setVisible(options is not None)
            self._show_hints(q)
        finally:
            self._loading = False
        self.show_state(q)

    def _show_hints(self, q: Question) -> None:
        options = hint_options(q.type)
        while len(self.rows) > len(q.hints):
            row = self.rows.pop()
            self.rows_box.removeWidget(row)
            row.deleteLater()
        while len(self.rows) < len(q.hints):
            self.rows.append(self._new_row(len(self.rows)))
        for row, h in zip(self.rows, q.hints, strict=True):
            _set_plain(row.text, to_editable(h.text, q.text_format))
            _set_checked(row.show_num_correct, h.show_num_correct)
            _set_checked(row.clear_wrong, h.clear_wrong)
            _set_checked(row.highlight, highlighted(h))
            row.show_num_correct.setVisible(bool(options and options.show_num_correct))
            row.clear_wrong.setVisible(bool(options and options.clear_wrong))
            row.highlight.setVisible(bool(options and options.highlight))
        self.no_hints.setVisible(not q.hints)

    def _new_row(self, i: int) -> HintRow:
        row = HintRow(i)
        row.label.setFixedWidth(self._label_width())
        row.text.textChanged.connect(lambda i=i: self._typed(f"text:hint{i}"))
        for name in ("show_num_correct", "clear_wrong", "highlight"):
            box: QCheckBox = getattr(row, name)
            box.toggled.connect(lambda _, i=i, name=name: self._typed(f"hint{i}:{name}"))
        row.remove.clicked.connect(lambda _=False, i=i: self.remove_requested.emit(i))
        self.rows_box.addWidget(row)
        row.show()  # now, not at the next event loop turn: add_hint gives it the focus
        self.prepare_row(row)
        return row

    def show_state(self, q: Question) -> None:
        """The line beside the title (so a collapsed box still tells what it holds) and
        what Moodle would do with the hints, in words."""
        parts = []
        if has_combined_feedback(q.type):
            n = sum(1 for name in self.texts if getattr(q, name).strip())
            parts.append(f"{n} of 3 feedback texts" if n else "no feedback texts")
        if hint_options(q.type) is not None:
            parts.append(f"{len(q.hints)} hint{'s' if len(q.hints) != 1 else ''}")
        self._shown = q
        problems = feedback_problems(q)
        if problems and not self.expanded():
            parts.append(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
        self.summary.setText(" · ".join(parts))
        self.summary.setToolTip(" · ".join(parts))
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    # ----- widgets -> question ---------------------------------------------------------

    def read(self, q: Question, fmt: TextFormat) -> Question:
        """`q` with the feedback and hints the widgets show (texts in format `fmt`)."""
        changes: dict[str, object] = {}
        if has_combined_feedback(q.type):
            for name, edit in self.texts.items():
                changes[name] = from_editable(edit.toPlainText(), fmt)
            if has_show_num_correct(q.type):
                changes["show_num_correct"] = self.show_num_correct.isChecked()
        options = hint_options(q.type)
        if options is not None and len(self.rows) == len(q.hints):
            changes["hints"] = tuple(
                self._read_hint(row, h, fmt) for row, h in zip(self.rows, q.hints, strict=True)
            )
        return replace(q, **changes)  # type: ignore[arg-type]

    def _read_hint(self, row: HintRow, h: Hint, fmt: TextFormat) -> Hint:
        options = hint_options(self._kind)
        assert options is not None
        kept = h.options
        if options.highlight:
            # "1" highlights; an unticked box keeps a "0" Moodle wrote
            kept = "1" if row.highlight.isChecked() else ("" if highlighted(h) else h.options)
        return Hint(
            from_editable(row.text.toPlainText(), fmt),
            row.show_num_correct.isChecked() if options.show_num_correct else h.show_num_correct,
            row.clear_wrong.isChecked() if options.clear_wrong else h.clear_wrong,
            kept,
        )

    # ----- edits ---------------------------------------------------------------------

    def _typed(self, key: str) -> None:
        if not self._loading:
            self.edited.emit(key)


class FeedbackPart:
    """Mixed into `QuestionEditor`: builds the box and records its edits as undo steps."""

    def _build_feedback_box(self) -> FeedbackSection:
        self.feedback_box = FeedbackSection()
        self.feedback_box.edited.connect(self._edited)
        self.feedback_box.prepare_row = self._install_key_filter
        self.feedback_box.add_requested.connect(self.add_hint)
        self.feedback_box.remove_requested.connect(self.remove_hint)
        return self.feedback_box

    def add_hint(self) -> None:
        """A new empty hint, options off (Moodle's default), as one undo step."""
        q = self._state
        if hint_options(q.type) is None:
            return
        self._change(replace(q, hints=(*q.hints, Hint(""))), "add hint")
        self.feedback_box.set_expanded(True)
        self.feedback_box.rows[-1].text.setFocus()

    def remove_hint(self, index: int) -> None:
        hints = self._state.hints
        if 0 <= index < len(hints):
            after = replace(self._state, hints=hints[:index] + hints[index + 1 :])
            self._change(after, f"remove hint {index + 1}")
