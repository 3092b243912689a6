"""Quick fixes in the review queue: pick another key, edit an option, delete an option.

The pure functions return the fixed question; `QuickFixes` shows one row per
option (key mark, text, delete) and emits `fixed(Question)`; the window stores
the fix and re-checks the draft, without the instructor leaving the queue.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.question_convert import _shared_fractions, from_editable, to_editable
from storage.domain import Question, QuestionType

# the types whose options (or accepted answers) can be fixed in the queue
FIXABLE = (QuestionType.MCQ, QuestionType.MULTI, QuestionType.TRUE_FALSE, QuestionType.SHORT)


def with_key(q: Question, index: int, correct: bool = True) -> Question:
    """Option `index` marked correct (the only one for single-answer types) or not."""
    if not 0 <= index < len(q.choices):
        return q
    if q.type in (QuestionType.MCQ, QuestionType.TRUE_FALSE):
        if not correct:
            return q  # a single-answer question always keeps a key: pick another instead
        choices = tuple(
            replace(c, fraction=1.0 if i == index else min(c.fraction, 0.0))
            for i, c in enumerate(q.choices)
        )
    else:
        choices = tuple(
            replace(c, fraction=(1.0 if correct else 0.0)) if i == index else c
            for i, c in enumerate(q.choices)
        )
        if q.type is QuestionType.MULTI:
            choices = _shared_fractions(choices)
    return replace(q, choices=choices)


def with_option_text(q: Question, index: int, text: str) -> Question:
    if not 0 <= index < len(q.choices):
        return q
    new = from_editable(text.strip(), q.text_format)
    choices = tuple(replace(c, text=new) if i == index else c for i, c in enumerate(q.choices))
    return replace(q, choices=choices)


def without_option(q: Question, index: int) -> Question:
    if not 0 <= index < len(q.choices) or q.type is QuestionType.TRUE_FALSE:
        return q
    choices = q.choices[:index] + q.choices[index + 1 :]
    if q.type is QuestionType.MULTI and q.choices[index].correct:
        choices = _shared_fractions(choices)
    return replace(q, choices=choices)


class QuickFixes(QWidget):
    """One row per option: its key mark, its text and a delete button."""

    fixed = Signal(object)  # the fixed Question

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickFixes")
        self.question: Question | None = None
        self.heading = QLabel()
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.keys: list[QAbstractButton] = []
        self.texts: list[QLineEdit] = []
        self.deletes: list[QToolButton] = []
        self._group: QButtonGroup | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)

    def set_question(self, q: Question | None) -> None:
        old = self.question
        same = (
            q is not None
            and old is not None
            and (q.id, q.type, q.choices) == (old.id, old.type, old.choices)
            and len(self.texts) == len(q.choices)
        )
        self.question = q
        if same:
            return  # the rows show it already (keeps the focus while fixing)
        self._clear()
        fixable = q is not None and q.type in FIXABLE and bool(q.choices)
        self.setVisible(fixable)
        if q is None or not fixable:
            return
        short = q.type is QuestionType.SHORT
        self.heading.setText(
            "<b>Quick fixes</b> — accepted answers (edit or delete)"
            if short
            else "<b>Quick fixes</b> — the key, the options (edit or delete)"
        )
        single = q.type in (QuestionType.MCQ, QuestionType.TRUE_FALSE)
        self._group = QButtonGroup(self)
        self._group.setExclusive(single)
        for i, c in enumerate(q.choices):
            key: QAbstractButton = QRadioButton() if single else QCheckBox()
            key.setChecked(c.correct)
            key.setToolTip("The correct answer" if single else "A correct answer")
            key.setVisible(not short)
            key.toggled.connect(lambda on, i=i: self._key(i, on))
            self._group.addButton(key)
            text = QLineEdit(to_editable(c.text, q.text_format))
            text.setReadOnly(q.type is QuestionType.TRUE_FALSE)
            text.setAccessibleName(f"Option {i + 1}")
            text.editingFinished.connect(lambda i=i: self._text(i))
            delete = QToolButton(text="✕")
            delete.setToolTip("Delete this option" if not short else "Delete this answer")
            delete.setVisible(q.type is not QuestionType.TRUE_FALSE and len(q.choices) > 1)
            delete.clicked.connect(lambda _c=False, i=i: self._delete(i))
            self.grid.addWidget(key, i, 0)
            self.grid.addWidget(text, i, 1)
            self.grid.addWidget(delete, i, 2)
            self.keys.append(key)
            self.texts.append(text)
            self.deletes.append(delete)

    def _clear(self) -> None:
        for w in (*self.keys, *self.texts, *self.deletes):
            w.blockSignals(True)  # editingFinished fires when a focused line edit goes
            w.hide()
            w.deleteLater()
        self.keys, self.texts, self.deletes = [], [], []
        if self._group is not None:
            self._group.deleteLater()
            self._group = None

    def _emit(self, q: Question) -> None:
        if self.question is not None and q != self.question:
            self.question = q
            self.fixed.emit(q)

    def _key(self, index: int, on: bool) -> None:
        if self.question is not None and (on or self.question.type is QuestionType.MULTI):
            self._emit(with_key(self.question, index, on))

    def _text(self, index: int) -> None:
        if self.question is not None and index < len(self.texts):
            self._emit(with_option_text(self.question, index, self.texts[index].text()))

    def _delete(self, index: int) -> None:
        if self.question is not None:
            fixed = without_option(self.question, index)
            self._emit(fixed)
            self.question = None
            self.set_question(fixed)  # one row fewer


def short_quote(text: str, limit: int = 160) -> str:
    """`text` cut at a word boundary near `limit`, with an ellipsis (never mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    # at the last space; one very long word is cut, and the ellipsis says so
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"
