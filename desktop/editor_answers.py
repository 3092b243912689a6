"""The question editor's answer section: one page per kind of type, and the option rows.

Mixed into `QuestionEditor` (desktop/question_editor.py): these methods build
the pages, show a question's answers on them, read them back and make the
structural edits of options (add, remove, move, mark correct).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.answer_editors import box_title, build_editors
from desktop.question_convert import (
    CHOICE_TYPES,
    _is_true,
    _shared_fractions,
    from_editable,
    to_editable,
)
from desktop.shortcuts import native_text
from storage.domain import Choice, Question, QuestionType, TextFormat


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


class AnswerSections:
    """The answer box of the editor (choices, true/false, numerical, essay, newer types)."""

    def _build_answer_box(self) -> QGroupBox:
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
        return self.answer_box

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

    # ----- options: structural edits ------------------------------------------------

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

    # ----- widgets <-> answers ------------------------------------------------------

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

    def _show_answer(self, q: Question, fmt: TextFormat) -> None:
        """The page of `q`'s type, showing its answers."""
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
