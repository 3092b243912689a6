"""Reading Canvas's matching, fill-in-multiple-blanks and multiple drop-downs items back
into Quizwright's matching, cloze and select-missing-words questions (for qti_read).

Our own packages carry the question's stem and choices as they were (`ANSWERS_FIELD`);
packages from Canvas are read from Canvas's form, which holds less: a fill-in blank
becomes a short-answer gap, a drop-down a multiple-choice gap or, when the drop-downs'
option lists never overlap partly, a select-missing-words gap whose group is its list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from storage.domain import Choice, Question, QuestionType
from storage.question_types import cloze_code, normalised

__all__ = ["NewerTypeError", "Response", "read_newer"]


@dataclass(frozen=True)
class Response:
    """One drop-down (or blank, or matching row) of a Canvas item."""

    ident: str  # response_<name> (blanks, drop-downs) or response_<n> (matching)
    text: str  # its material: the blank's name, or a matching row's left side
    options: tuple[str, ...]  # the labels: options, accepted answers or right sides
    right: tuple[int, ...]  # indices of the options that give credit


class NewerTypeError(ValueError):
    """A Canvas item that cannot be read as a Quizwright question; the message says why."""


Newer = tuple[QuestionType, str, list[Choice], bool | None]  # type, stem, choices, shuffle


def _carried(field: str | None) -> Newer | None:
    """The question as our export carried it, or None (absent or unreadable)."""
    if not field:
        return None
    try:
        data = json.loads(field)
        qt = QuestionType(data["type"])
        choices = [
            Choice(
                str(c["text"]),
                float(c["fraction"]),
                str(c["feedback"]),
                match=str(c["match"]),
                group=int(c["group"]),
                unlimited=bool(c["unlimited"]),
            )
            for c in data["choices"]
        ]
        return qt, str(data["stem"]), choices, bool(data.get("shuffle", True))
    except (ValueError, KeyError, TypeError):
        return None


def _matching(responses: list[Response]) -> list[Choice]:
    pairs: list[Choice] = []
    used: set[str] = set()
    offered: list[str] = []
    for r in responses:
        if not r.right:
            raise NewerTypeError(f'the row "{r.text.strip()}" has no right answer')
        answer = r.options[r.right[0]]
        pairs.append(Choice(r.text.strip(), 1.0, match=answer))
        used.add(answer)
        offered += r.options
    extra = [Choice("", 0.0, match=o) for o in dict.fromkeys(offered) if o not in used]
    return pairs + extra


def _name(r: Response) -> str:
    return r.ident.removeprefix("response_")


def _blank(stem: str, r: Response, code: str) -> str:
    pattern = re.compile(re.escape(f"[{_name(r)}]"))
    if not pattern.search(stem):
        raise NewerTypeError(f"the text has no blank [{_name(r)}]")
    return pattern.sub(lambda _: code, stem, count=1)


def _typed_cloze(stem: str, responses: list[Response]) -> str:
    for r in responses:
        answers = [Choice(o.strip(), 1.0) for o in r.options if o.strip()]
        if not answers:
            raise NewerTypeError(f"the blank [{_name(r)}] has no answer")
        stem = _blank(stem, r, cloze_code("SHORTANSWER", answers))
    return stem


def _as_groups(responses: list[Response]) -> dict[tuple[str, ...], int] | None:
    """Each drop-down's option list as a group, if the lists are groups: every option in
    one list only, none twice in a list."""
    groups: dict[tuple[str, ...], int] = {}
    seen: dict[str, tuple[str, ...]] = {}
    for r in responses:
        if len(set(r.options)) != len(r.options):
            return None
        for o in r.options:
            if seen.setdefault(o, r.options) != r.options:
                return None
        groups.setdefault(r.options, len(groups) + 1)
    return groups


def _dropdowns(stem: str, responses: list[Response]) -> tuple[QuestionType, str, list[Choice]]:
    for r in responses:
        if not r.right:
            raise NewerTypeError(f"the drop-down [{_name(r)}] has no right answer")
    groups = _as_groups(responses)
    if groups is None:
        for r in responses:
            options = [
                Choice(o.strip(), 1.0 if i == r.right[0] else 0.0) for i, o in enumerate(r.options)
            ]
            stem = _blank(stem, r, cloze_code("MULTICHOICE", options))
        return QuestionType.CLOZE, stem, []
    choices = [Choice(o.strip(), 0.0, group=g) for opts, g in groups.items() for o in opts]
    where = {(c.text, c.group): n for n, c in enumerate(choices, 1)}
    for r in responses:
        n = where[(r.options[r.right[0]].strip(), groups[r.options])]
        stem = _blank(stem, r, f"[[{n}]]")
    return QuestionType.GAPSELECT, stem, choices


def read_newer(
    qt: QuestionType, stem: str, responses: list[Response], carried: str | None
) -> Newer:
    """The type, stem, choices and shuffling (None: not said) of a Canvas matching
    (MATCHING), fill-in-multiple-blanks (CLOZE) or multiple drop-downs (GAPSELECT) item.
    Raises NewerTypeError."""
    kept = _carried(carried)
    if kept is not None:
        return kept
    if qt is QuestionType.MATCHING:
        return qt, stem, _matching(responses), None
    if qt is QuestionType.CLOZE:
        return qt, _typed_cloze(stem, responses), [], None
    qt, stem, choices = _dropdowns(stem, responses)
    return qt, stem, list(normalised(Question(qt, stem, tuple(choices))).choices), None
