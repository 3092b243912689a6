"""Answer editors of the newer types, plugged into the question editor (desktop/editor_answers.py).

Each editor is a QWidget with a `changed` signal, `show_question(q)` and `read(q) -> q`
(the question with the answers it shows). `convert_newer` turns a question into one of
the newer types keeping what carries over; `newer_issues` lists what keeps one from being
saved, for the editor's live checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtWidgets import QWidget

from desktop.answer_editors.cloze import ClozeEditor
from desktop.answer_editors.rows import LAYOUTS, Edit, RowsEditor
from models.drafting.validation import ERROR, Issue
from storage.domain import GAP_TYPES, Choice, Question, QuestionType
from storage.question_types import NEWER_TYPES, cloze_code, normalised, type_issue

__all__ = [
    "AnswerEditor",
    "ClozeEditor",
    "RowsEditor",
    "box_title",
    "build_editors",
    "convert_newer",
    "leaving_newer",
    "newer_issues",
]

_BLANK = re.compile(r"_{3,}")  # a GIFT missing-word question's blank


class AnswerEditor(Protocol):
    def show_question(self, q: Question) -> None: ...
    def read(self, q: Question) -> Question: ...


def build_editors(
    insert_in_stem: Callable[[str], None], to_editable: Edit, from_editable: Edit
) -> dict[QuestionType, QWidget]:
    """One answer page per newer type (each has `changed`, `show_question`, `read`)."""
    pages: dict[QuestionType, QWidget] = {
        kind: RowsEditor(kind, insert_in_stem, to_editable, from_editable) for kind in LAYOUTS
    }
    pages[QuestionType.CLOZE] = ClozeEditor(insert_in_stem)
    return pages


def box_title(kind: QuestionType) -> str:
    return LAYOUTS[kind].title if kind in LAYOUTS else "Gaps in the text"


def leaving_newer(q: Question) -> Question:
    """A question of a newer type with its answers as plain options (to change type)."""
    if q.type not in NEWER_TYPES:
        return q
    choices = tuple(
        Choice(c.text if c.text.strip() else c.match, 1.0 if c.correct else 0.0) for c in q.choices
    )
    return replace(q, choices=choices)


def convert_newer(q: Question, kind: QuestionType) -> Question:
    """`q` as a newer type, keeping what carries over: options become pairs, items or
    choices; a missing-word blank ("_____") becomes the gap."""
    texts = [c.text for c in q.choices if c.text.strip()]
    right = next((i for i, c in enumerate(q.choices) if c.correct), 0)
    stem = q.stem
    choices: tuple[Choice, ...] = ()
    if kind is QuestionType.MATCHING:
        old = list(q.choices) if q.type is QuestionType.MATCHING else []
        choices = tuple(old) or tuple(Choice(t, 1.0) for t in texts)
        while len(choices) < 3:  # rows to fill in
            choices += (Choice("", 1.0),)
    elif kind is QuestionType.ORDERING:
        choices = tuple(Choice(t, 1.0) for t in texts)
        while len(choices) < 3:
            choices += (Choice("", 1.0),)
    elif kind in GAP_TYPES:
        if q.type in GAP_TYPES:
            choices = q.choices
        else:
            choices = tuple(Choice(t) for t in texts) or (Choice(""),)
            if _BLANK.search(stem):
                stem = _BLANK.sub(f"[[{min(right, len(choices) - 1) + 1}]]", stem, count=1)
    elif kind is QuestionType.CLOZE and _BLANK.search(stem) and q.choices:
        mc = q.type in (QuestionType.MCQ, QuestionType.MULTI, QuestionType.TRUE_FALSE)
        code = cloze_code("MULTICHOICE" if mc else "SHORTANSWER", [
            Choice(c.text, 1.0 if c.correct else 0.0, c.feedback) for c in q.choices
        ])  # fmt: skip
        stem = _BLANK.sub(lambda _m: code, stem, count=1)
    return normalised(replace(q, type=kind, stem=stem, choices=choices))


# Checks of models.drafting.validation that misread the newer types' stems: an instruction
# is their question, gaps are their blanks, a cloze code's braces are not a cut-off text.
_NOT_FOR = {
    QuestionType.MATCHING: ("stem-form",),  # "Match each term with its meaning."
    QuestionType.ORDERING: ("stem-form",),
    QuestionType.CLOZE: ("stem-form", "truncated-stem"),
    QuestionType.GAPSELECT: ("stem-form",),
    QuestionType.DDWTOS: ("stem-form",),
}


def newer_issues(q: Question, issues: list[Issue]) -> list[Issue]:
    """`issues` (from the drafting checks) as they apply to `q`, plus what keeps a question
    of a newer type from being saved."""
    skip = _NOT_FOR.get(q.type, ())
    kept = [i for i in issues if i.code not in skip]
    issue = type_issue(q)
    return kept + ([Issue(f"{q.type.value}-answers", issue, ERROR)] if issue else [])
