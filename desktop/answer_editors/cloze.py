"""The cloze (embedded answers) editor: the gaps live in the question text as Moodle's
codes; this page builds a gap from plain fields, writes it at the cursor, and lists the
gaps the text holds with what is wrong with them."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from storage.domain import Choice, Question, QuestionType
from storage.question_types import answer_lines, cloze_code, cloze_gaps, cloze_points, type_issue

KINDS = (
    ("Typed answer", "SHORTANSWER"),
    ("Typed answer, case matters", "SHORTANSWER_C"),
    ("Number", "NUMERICAL"),
    ("Drop-down list", "MULTICHOICE"),
    ("Radio buttons, one per line", "MULTICHOICE_V"),
    ("Radio buttons in a row", "MULTICHOICE_H"),
    ("Tick all that apply", "MULTIRESPONSE"),
)
HINT = (
    "Gaps are written in the question text, e.g. {1:SHORTANSWER:=Paris~%50%paris} or "
    "{2:MULTICHOICE:3~=4~5}: = marks the right answer, %50% half marks, # starts feedback, "
    "the first number is the gap's weight. Build one below and insert it at the cursor."
)


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


class ClozeEditor(QWidget):
    """Builds gaps and lists them; the question's answers are its text, so `read` keeps it."""

    changed = Signal()

    def __init__(
        self, insert_in_stem: Callable[[str], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._insert = insert_in_stem
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.kind = QComboBox()
        for label, code in KINDS:
            self.kind.addItem(label, code)
        self.weight = QSpinBox()
        self.weight.setRange(1, 100)
        self.right = QLineEdit()
        self.right.setPlaceholderText("Right answer(s), separated by ;")
        self.wrong = QLineEdit()
        self.wrong.setPlaceholderText("Wrong choices, separated by ; (lists only)")
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0.0, 1e9)
        self.tolerance.setDecimals(4)
        self.tolerance.setPrefix("± ")
        self.insert_button = QPushButton("Insert gap at the cursor")
        self.insert_button.clicked.connect(self.insert_gap)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Kind of gap", self.kind)
        form.addRow("Weight", self.weight)
        form.addRow("Right", self.right)
        form.addRow("Wrong", self.wrong)
        form.addRow("Tolerance", self.tolerance)
        row = QHBoxLayout()
        row.addWidget(self.insert_button)
        row.addWidget(self.message, 1)
        self.gaps = QLabel("")
        self.gaps.setObjectName("clozeGaps")
        self.gaps.setWordWrap(True)
        self.gaps.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.gaps)
        self.kind.currentIndexChanged.connect(self._kind_picked)
        self._kind_picked()

    def _kind_picked(self, *_args: object) -> None:
        code = str(self.kind.currentData())
        self.wrong.setEnabled(code.startswith("MULTI"))
        self.tolerance.setEnabled(code == "NUMERICAL")

    def gap_code(self) -> str:
        """The gap the fields describe, as Moodle's code ("" and a message if incomplete)."""
        code = str(self.kind.currentData())
        right, wrong = _split(self.right.text()), _split(self.wrong.text())
        if not right:
            self.message.setText("Write the right answer first.")
            return ""
        if code.startswith("MULTICHOICE") and not wrong:
            self.message.setText("A list needs at least one wrong choice.")
            return ""
        tolerance = self.tolerance.value() if code == "NUMERICAL" else None
        if code == "MULTIRESPONSE":
            share = 1.0 / len(right)
            answers = [Choice(r, share) for r in right] + [Choice(w, -share) for w in wrong]
        else:
            answers = [Choice(r, 1.0, tolerance=tolerance) for r in right]
            answers += [Choice(w, 0.0) for w in wrong if code.startswith("MULTI")]
        gap = cloze_code(code, answers, self.weight.value())
        problem = type_issue(Question(QuestionType.CLOZE, gap))
        self.message.setText(html.escape(problem or ""))
        return "" if problem else gap

    def insert_gap(self) -> None:
        gap = self.gap_code()
        if gap and self._insert is not None:
            self._insert(gap)
            self.right.clear()
            self.wrong.clear()
            self.weight.setValue(1)

    def show_question(self, q: Question) -> None:
        gaps = cloze_gaps(q.stem)
        if not gaps:
            self.gaps.setText("<i>No gaps yet.</i>")
            return
        lines = "<br>".join(html.escape(line) for line in answer_lines(q) or [])
        self.gaps.setText(
            f"<b>{len(gaps)} gap(s)</b>, worth {cloze_points(q.stem):g} point(s) in Moodle "
            f"(the sum of their weights):<br>{lines}"
        )

    def read(self, q: Question) -> Question:
        """`q` as this page leaves it (no choices); the gap list follows its text."""
        self.show_question(q)
        return replace(q, choices=()) if q.choices else q
