"""Moodle's combined feedback and hints in a Canvas QTI package.

Canvas has three question comments (Canvas's own exporter, lib/cc/qti/qti_items.rb):
`general_fb` (shown always: the general feedback), `correct_fb` (linked from the condition
that gives full marks) and `general_incorrect_fb` (an `<other/>` condition after it). For
multiple choice and multiple answers the feedback for a correct and an incorrect response
goes there, so Canvas shows it. Canvas has no feedback for a partially correct response,
no "show the number of correct responses" and no hints: those, and the combined feedback of
the newer types, travel in a `quizwright_feedback` metadata field (JSON, ignored by Canvas)
so that `qti_read` brings them back, and the export says in words what Canvas will not show.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any, Protocol

from storage.combined_feedback import HINT_TYPES, has_combined_feedback
from storage.domain import Question, QuestionType
from storage.jsonio import hints_from_list

FEEDBACK_FIELD = "quizwright_feedback"
CANVAS_COMMENTS = (QuestionType.MCQ, QuestionType.MULTI)
CORRECT, INCORRECT = "correct_fb", "general_incorrect_fb"


class _Parts(Protocol):
    """What these writers need of qti.ItemParts."""

    def condition(self, cont: bool = False) -> tuple[ET.Element, ET.Element]: ...
    def item_feedback(self, ident: str, text: str) -> None: ...


def write_correct(parts: _Parts, scoring: ET.Element, q: Question) -> None:
    """Canvas's correct comment, linked from the condition `scoring` that gives 100."""
    if q.type in CANVAS_COMMENTS and q.correct_feedback.strip():
        ET.SubElement(scoring, "displayfeedback", feedbacktype="Response", linkrefid=CORRECT)
        parts.item_feedback(CORRECT, q.correct_feedback)


def write_incorrect(parts: _Parts, q: Question) -> None:
    """Canvas's incorrect comment: an <other/> condition after the scoring one."""
    if q.type in CANVAS_COMMENTS and q.incorrect_feedback.strip():
        cond, var = parts.condition(cont=True)
        ET.SubElement(var, "other")
        ET.SubElement(cond, "displayfeedback", feedbacktype="Response", linkrefid=INCORRECT)
        parts.item_feedback(INCORRECT, q.incorrect_feedback)


def _default(q: Question) -> bool:
    texts = (q.correct_feedback, q.partial_feedback, q.incorrect_feedback)
    return not any(t.strip() for t in texts) and not q.hints and q.show_num_correct


def feedback_json(q: Question) -> str:
    """The combined feedback and hints as they are (empty when there is nothing to keep)."""
    if q.type not in HINT_TYPES or _default(q):
        return ""
    carried = {
        "correct": q.correct_feedback,
        "partial": q.partial_feedback,
        "incorrect": q.incorrect_feedback,
        "show_num_correct": q.show_num_correct,
        "hints": [
            {
                "text": h.text,
                "show_num_correct": h.show_num_correct,
                "clear_wrong": h.clear_wrong,
                "options": h.options,
            }
            for h in q.hints
        ],
    }
    return json.dumps(carried, ensure_ascii=False)


def not_shown(q: Question) -> str:
    """What Canvas will not show of them, in words ("" for nothing)."""
    if q.type not in HINT_TYPES:
        return ""
    lost = []
    outside = q.type not in CANVAS_COMMENTS and has_combined_feedback(q.type)
    if outside and (q.correct_feedback.strip() or q.incorrect_feedback.strip()):
        lost.append("the feedback for correct and incorrect responses")
    if q.partial_feedback.strip():
        lost.append("the feedback for a partially correct response")
    if q.hints:
        lost.append(f"{len(q.hints)} hint(s)")
    if not lost:
        return ""
    return f"Canvas does not show {' or '.join(lost)} (kept in the package for Quizwright)"


def read_feedback(
    qt: QuestionType,
    fields: dict[str, str],
    comments: dict[str, str],
    convert: Callable[[str], str],
    warn: Callable[[str], None],
) -> dict[str, Any]:
    """Question fields from a package: ours from the metadata, Canvas's from its comments
    (`warn` says in words when our field is damaged)."""
    if qt not in HINT_TYPES:
        return {}
    raw = fields.get(FEEDBACK_FIELD, "")
    if raw.strip():
        try:
            carried = json.loads(raw)
            return {
                "correct_feedback": str(carried.get("correct", "")),
                "partial_feedback": str(carried.get("partial", "")),
                "incorrect_feedback": str(carried.get("incorrect", "")),
                "show_num_correct": bool(carried.get("show_num_correct", True)),
                "hints": hints_from_list(carried.get("hints")),
            }
        except (ValueError, AttributeError, TypeError, KeyError):
            # damaged: Canvas's comments below are still there
            warn(
                f"its {FEEDBACK_FIELD} field cannot be read; the partially-correct "
                "feedback and the hints are left out"
            )
    if qt not in CANVAS_COMMENTS:
        return {}
    return {
        "correct_feedback": convert(comments.get(CORRECT, "")),
        "incorrect_feedback": convert(comments.get(INCORRECT, "")),
    }
