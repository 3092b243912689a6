"""Combined feedback and hints of the newer types in Moodle XML, as Moodle 4.5 writes
and reads them (question/format/xml/format.php: write_combined_feedback / write_hint,
import_combined_feedback / import_hints; shared/MOODLE_XML_RULES.md).

Multiple choice (one or several answers), matching, ordering, gapselect and ddwtos have
the three feedback texts and <shownumcorrect>; those and cloze (multianswer) have <hint>s,
each with its own <shownumcorrect/>, <clearwrong/> and (ordering) <options>
(storage/combined_feedback.py says which type has what). Their texts may show images,
embedded as <file>s next to the text, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.combined_feedback import COMBINED_FEEDBACK_TYPES as FEEDBACK_TYPES
from storage.domain import Hint, Question, QuestionType
from storage.formats.moodle_io import Field, Out, Reader, Texts

# (Moodle's element, the Question field)
COMBINED = (
    ("correctfeedback", "correct_feedback"),
    ("partiallycorrectfeedback", "partial_feedback"),
    ("incorrectfeedback", "incorrect_feedback"),
)


def write_combined_feedback(out: Out, texts: Texts, q: Question) -> None:
    for tag, name in COMBINED:
        body, files = texts.html(getattr(q, name))
        out.text_field(2, tag, body, files=files)
    if q.type is QuestionType.ORDERING:
        # the value, always: an empty <shownumcorrect/> means off here, and without the
        # element Moodle's import fails on PostgreSQL/MySQL (MOODLE_XML_RULES.md)
        out.element(2, "shownumcorrect", "1" if q.show_num_correct else "0")
    elif q.show_num_correct:
        out.add(2, "<shownumcorrect/>")


def write_hints(out: Out, texts: Texts, q: Question) -> None:
    for h in q.hints:
        body, files = texts.html(h.text)
        out.text_field(2, "hint", body, files=files, close=False)
        if h.show_num_correct:
            out.add(3, "<shownumcorrect/>")
        if h.clear_wrong:
            out.add(3, "<clearwrong/>")
        if h.options.strip():
            out.element(3, "options", h.options.strip())
        out.add(2, "</hint>")


Convert = Callable[[str], str]


def read_feedback(
    r: Reader, el: Any, kind: QuestionType, fields: dict[str, Field]
) -> Callable[[Convert], dict[str, Any]]:
    """Read the combined feedback and hints; their texts go into `fields` (so they count
    in choosing the question's text format and bring their images), and the returned
    function gives the Question fields once the format is known."""
    default_kind = fields["stem"].kind
    show = True
    if kind in FEEDBACK_TYPES:
        for tag, name in COMBINED:
            fields[name] = r.field(el, tag, default_kind)
        node = el.find("shownumcorrect")
        if kind is QuestionType.ORDERING:  # a value; missing: Moodle turns it on
            show = node is None or (node.text or "").strip() not in ("", "0")
        else:  # present or not (import_combined_feedback)
            show = node is not None
    hint_els = el.findall("hint")
    flags = []
    for i, h in enumerate(hint_els):
        fields[f"hint{i}"] = r.own_field(h, "hint", default_kind)
        flags.append(
            (
                h.find("shownumcorrect") is not None,
                h.find("clearwrong") is not None,
                (h.findtext("options") or "").strip(),
            )
        )

    def finish(convert: Convert) -> dict[str, Any]:
        found: dict[str, Any] = {
            "hints": tuple(Hint(convert(f"hint{i}"), *f) for i, f in enumerate(flags))
        }
        if kind in FEEDBACK_TYPES:
            found.update({name: convert(name) for _, name in COMBINED})
            found["show_num_correct"] = show
        return found

    return finish
