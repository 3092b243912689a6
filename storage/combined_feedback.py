"""Which question types have Moodle's combined feedback and hints, and which hint options.

Read from Moodle 4.5's editing forms (question/type/*/edit_*_form.php):
`add_combined_feedback_fields(true)` (the three texts and "show the number of correct
responses") for multichoice, match, ordering, gapselect and ddwtos;
`add_interactive_settings(true, true)` (hints with "show the number of correct responses"
and "clear incorrect responses") for those and multianswer (cloze), except ordering, whose
hints have "show the number of correct responses" and "highlight the response as correct or
incorrect" (stored in the hint's options as "1"/"0") instead of "clear incorrect responses".
For a one-answer multichoice Moodle's form greys out "show the number of correct responses".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from storage.domain import Hint, Question, QuestionType

COMBINED_FEEDBACK_TYPES = frozenset(
    {
        QuestionType.MCQ,
        QuestionType.MULTI,
        QuestionType.MATCHING,
        QuestionType.ORDERING,
        QuestionType.GAPSELECT,
        QuestionType.DDWTOS,
    }
)
HINT_TYPES = COMBINED_FEEDBACK_TYPES | {QuestionType.CLOZE}

# What each text and option is called where the user sees it (editor, warnings).
FEEDBACK_LABELS = {
    "correct_feedback": "For any correct response",
    "partial_feedback": "For any partially correct response",
    "incorrect_feedback": "For any incorrect response",
}
SHOW_NUM_CORRECT = "Show the number of correct responses"
CLEAR_WRONG = "Clear incorrect responses"
HIGHLIGHT = "Highlight the response as correct or incorrect"
HIGHLIGHT_VALUES = ("", "0", "1")  # ordering: Moodle stores the option as 1/0


@dataclass(frozen=True)
class HintOptions:
    """The options a hint of a type has in Moodle."""

    show_num_correct: bool = False
    clear_wrong: bool = False
    highlight: bool = False  # ordering only, kept in Hint.options


def has_combined_feedback(kind: QuestionType) -> bool:
    return kind in COMBINED_FEEDBACK_TYPES


def has_show_num_correct(kind: QuestionType) -> bool:
    """Whether "show the number of correct responses" means anything for the type
    (Moodle greys it out for a one-answer multiple choice)."""
    return kind in COMBINED_FEEDBACK_TYPES and kind is not QuestionType.MCQ


def hint_options(kind: QuestionType) -> HintOptions | None:
    """The hint options of `kind`, None when Moodle gives the type no hints."""
    if kind not in HINT_TYPES:
        return None
    if kind is QuestionType.ORDERING:
        return HintOptions(show_num_correct=True, highlight=True)
    return HintOptions(show_num_correct=True, clear_wrong=True)


def highlighted(h: Hint) -> bool:
    return h.options.strip() == "1"


def with_highlight(h: Hint, on: bool) -> Hint:
    return replace(h, options="1" if on else "")


def feedback_problems(q: Question) -> list[str]:
    """What is wrong with the question's combined feedback and hints, in words (empty: ok)."""
    problems: list[str] = []
    options = hint_options(q.type)
    if options is None:
        return problems
    for i, h in enumerate(q.hints, 1):
        # Moodle's save_hints() skips a hint whose text and options are all empty("0" too)
        ticked = h.show_num_correct or h.clear_wrong or h.options.strip() not in ("", "0")
        if not h.text.strip() and not ticked:
            problems.append(
                f"Hint {i} is empty: Moodle drops a hint with no text and no option ticked."
            )
        if q.type is QuestionType.ORDERING and h.options.strip() not in HIGHLIGHT_VALUES:
            problems.append(
                f'Hint {i} has the option "{h.options.strip()}", which Moodle\'s ordering '
                'questions do not know (only "1" to highlight the response, or nothing).'
            )
    return problems
