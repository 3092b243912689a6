"""A near-duplicate found on save or accept: both questions side by side, and a choice.

`ask_duplicate(parent, new, matches)` shows the new question next to the most
similar bank question (a list lets the user look at the others), with the
similarity, and returns (decision, old question id), or None to decide later.
The window applies the decision with `QuestionBank.resolve_duplicate`; DISCARD
(offered for a draft in the review queue) drops the new question instead.
"Replace" says so when the bank question is printed in exams (they would change).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.question_preview import ImageBrowser, preview_html, scaled_images
from storage.bank import DuplicateDecision, QuestionBank
from storage.domain import Question

DISCARD = "discard"  # the new question goes (a draft from the review queue)
DuplicateChoice = tuple[DuplicateDecision | str, int]


Matches = tuple[list[tuple[Question, float]], dict[int, list[str]]]


def bank_matches(service: QuestionBank, q: Question) -> Matches:
    """The bank questions `q` resembles, with scores, and the exams each is used in (so
    "replace" can say what it would change). Runs off the GUI thread: only bank calls."""
    found = service.find_duplicates(q)
    olds = {o.id: o for o in service.get_many([m.question_id for m in found])}
    pairs = [(olds[m.question_id], m.score) for m in found if m.question_id in olds]
    exams = {
        o.id: [f"#{e} “{t}”" for e, t in service.delete_impact([o.id]).exams]
        for o, _ in pairs
        if o.id is not None
    }
    return pairs, exams


def _side(q: Question, heading: str) -> tuple[QLabel, ImageBrowser]:
    label = QLabel(heading)
    label.setWordWrap(True)
    view = ImageBrowser()
    view.images = scaled_images(q, 300)
    view.setHtml(_with_meta(q))
    view.setMinimumWidth(260)
    return label, view


def _with_meta(q: Question) -> str:
    meta = [
        ("Tags", ", ".join(q.tags) or "—"),
        ("Category", q.category or "—"),
        ("Status", q.status.value),
        ("Difficulty", q.difficulty.value if q.difficulty else "—"),
    ]
    rows = "".join(f"<b>{k}:</b> {html.escape(v)}<br>" for k, v in meta)
    return preview_html(q, show_key=True) + f"<hr><p style='color:#555'>{rows}</p>"


class DuplicateDialog(QDialog):
    """Keep both / Replace the old one / Merge tags, for a new question and its bank matches."""

    def __init__(
        self,
        new: Question,
        matches: list[tuple[Question, float]],
        parent: QWidget | None = None,
        in_exams: dict[int, list[str]] | None = None,
        offer_discard: bool = False,
    ) -> None:
        super().__init__(parent)
        if not matches:
            raise ValueError("DuplicateDialog needs at least one match")
        self.setWindowTitle("A similar question is already in the bank")
        self.new = new
        self.matches = matches
        self.decision: DuplicateDecision | str | None = None
        self.in_exams = in_exams or {}

        self.similarity = QLabel()
        self.similarity.setObjectName("similarity")
        self.similarity.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.picker = QComboBox()
        for old, score in matches:
            self.picker.addItem(f"#{old.id} — {score:.0f}% similar", old.id)
        self.picker.setVisible(len(matches) > 1)
        self.picker.currentIndexChanged.connect(self._show_match)

        new_label, self.new_view = _side(new, "<b>This question</b>")
        self.old_label = QLabel()
        self.old_label.setWordWrap(True)
        self.old_view = ImageBrowser()
        self.old_view.setMinimumWidth(260)
        grid = QGridLayout()
        grid.addWidget(new_label, 0, 0)
        grid.addWidget(self.old_label, 0, 1)
        grid.addWidget(self.new_view, 1, 0)
        grid.addWidget(self.old_view, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.keep = QPushButton("Keep both")
        self.keep.setToolTip("Store this question as well; the bank question stays as it is")
        self.replace = QPushButton("Replace the old one")
        self.replace.setToolTip(
            "Write this question over the bank question (it keeps its number and exam places)"
        )
        self.merge = QPushButton("Merge tags")
        self.merge.setToolTip("Keep only the bank question, with this question's tags added")
        self.discard = QPushButton("Discard this one")
        self.discard.setToolTip("Delete this draft; the bank question stays (Ctrl+Z in the queue)")
        self.discard.setVisible(offer_discard)
        self.discard.clicked.connect(lambda: self._decide(DISCARD))
        self.exam_warning = QLabel()
        self.exam_warning.setObjectName("examWarning")
        self.exam_warning.setWordWrap(True)
        self.exam_warning.setStyleSheet("color: #9a6700;")
        self.later = QPushButton("Decide later")
        self.later.setToolTip("Close; this question stays as it is")
        self.keep.clicked.connect(lambda: self._decide(DuplicateDecision.KEEP_BOTH))
        self.replace.clicked.connect(lambda: self._decide(DuplicateDecision.REPLACE))
        self.merge.clicked.connect(lambda: self._decide(DuplicateDecision.MERGE_TAGS))
        self.later.clicked.connect(self.reject)
        self.keep.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.later)
        buttons.addWidget(self.discard)
        buttons.addStretch(1)
        buttons.addWidget(self.merge)
        buttons.addWidget(self.replace)
        buttons.addWidget(self.keep)

        top = QHBoxLayout()
        top.addWidget(self.similarity, 1)
        top.addWidget(self.picker)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(self.exam_warning)
        layout.addLayout(buttons)
        self.resize(900, 560)
        self._show_match(0)

    @property
    def old(self) -> Question:
        return self.matches[max(0, self.picker.currentIndex())][0]

    def _show_match(self, index: int) -> None:
        old, score = self.matches[max(0, index)]
        self.similarity.setText(f"{score:.0f}% similar to question #{old.id} in the bank")
        self.old_label.setText(f"<b>In the bank: #{old.id}</b>")
        self.old_label.setTextFormat(Qt.TextFormat.RichText)
        self.old_view.images = scaled_images(old, 300)
        self.old_view.setHtml(_with_meta(old))
        exams = self.in_exams.get(old.id or -1, [])
        self.exam_warning.setVisible(bool(exams))
        if exams:
            names = ", ".join(exams)
            self.exam_warning.setText(
                f"Question #{old.id} is used in {len(exams)} exam(s): {names}. “Replace” would "
                "change it there too; “Keep both” leaves those exams as they are."
            )
            self.replace.setText("Replace (changes the exams)")
        else:
            self.replace.setText("Replace the old one")

    def _decide(self, decision: DuplicateDecision | str) -> None:
        self.decision = decision
        self.accept()

    def result_pair(self) -> DuplicateChoice | None:
        if self.decision is None or self.old.id is None:
            return None
        return self.decision, self.old.id


def ask_duplicate(
    parent: QWidget | None,
    new: Question,
    matches: list[tuple[Question, float]],
    in_exams: dict[int, list[str]] | None = None,
    offer_discard: bool = False,
) -> DuplicateChoice | None:
    """Show the dialog; (decision, id of the bank question) or None (decide later).
    `in_exams`: the exams (titles) each bank question is used in."""
    dialog = DuplicateDialog(new, matches, parent, in_exams, offer_discard)
    dialog.exec()
    return dialog.result_pair()
