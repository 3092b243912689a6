"""A question's answers across types, and its secondary texts as one-line fields show them.

Pure (no widgets): the editor converts with `convert` when the type is switched;
the review fixes reuse the grading and text helpers.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from desktop.answer_editors import convert_newer, leaving_newer
from storage.domain import Choice, Question, QuestionType, TextFormat
from storage.question_types import NEWER_TYPES

CHOICE_TYPES = (QuestionType.MCQ, QuestionType.MULTI)
_TRUE_WORDS = {"true", "wahr", "vrai", "verdadero", "vero", "yes"}
_TAG = re.compile(r"</?(?:p|br|b|strong|i|em|code|pre|ul|ol|li|sub|sup|img|u|s)\b[^<>]*>", re.I)


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
