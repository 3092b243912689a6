"""Items that give each other away ("cueing"), found before an exam is written.

Three cases instructors meet: two multiple-choice questions that offer the same
option, a true/false statement that states another item's answer, and a short
answer that appears as an option elsewhere. Texts are compared without case,
accents or surrounding punctuation. Qt-free: the dialog and the CLI both use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storage.domain import Question, QuestionType
from storage.rich_text import to_plain
from storage.spelling import comparable

# Options any two questions may share without giving anything away.
_GENERIC = re.compile(
    r"^(?:(?:all|none|both|neither)(?: of)?(?: the)?(?: above| previous| others)?|"
    r"true|false|yes|no|not enough information|cannot be determined|it depends|\d+(?:\.\d+)?)$"
)
_MIN_LETTERS = 3  # "a", "is": too short to give anything away


@dataclass(frozen=True)
class Cue:
    first: int  # question numbers as printed (descriptions have none), first < second
    second: int
    reason: str  # what they share, in words

    def text(self, questions: Sequence[Question]) -> str:
        numbered = _numbered(questions)

        def name(n: int) -> str:
            q = numbered[n - 1]
            return f"{n}" + (f" (#{q.id})" if q.id is not None else "")

        return f"Questions {name(self.first)} and {name(self.second)}: {self.reason}."


def _options(q: Question) -> dict[str, str]:
    """Comparable text → the option as written, for options worth comparing."""
    found: dict[str, str] = {}
    for c in q.choices:
        key = comparable(c.text, q.text_format)
        if sum(ch.isalnum() for ch in key) >= _MIN_LETTERS and not _GENERIC.match(key):
            found.setdefault(key, to_plain(c.text, q.text_format))
    return found


def _keys(q: Question) -> dict[str, str]:
    """The answers that get full credit in a choice or short-answer question."""
    if q.type not in (QuestionType.MCQ, QuestionType.MULTI, QuestionType.SHORT):
        return {}
    best = max((c.fraction for c in q.choices), default=0.0)
    right = [c for c in q.choices if c.fraction > 0 and c.fraction == best]
    found: dict[str, str] = {}
    for c in right:
        key = comparable(c.text, q.text_format)
        if sum(ch.isalnum() for ch in key) >= _MIN_LETTERS and not _GENERIC.match(key):
            found.setdefault(key, to_plain(c.text, q.text_format))
    return found


_STOP = frozenset(
    "which what when where that this these those with from into onto than then there their "
    "they them does used uses using have has been being about after before also only most "
    "more some such each other following true false name give state statement".split()
)


def _content(text: str, leave_out: str = "") -> set[str]:
    """Content words, cut to five letters so "merges" meets "merge"."""
    skip = set(re.findall(r"\w+", leave_out))
    return {
        w[:5]
        for w in re.findall(r"\w+", text)
        if len(w) >= 4 and w not in _STOP and w not in skip and not w.isdigit()
    }


def _says(statement: str, phrase: str) -> bool:
    """`phrase` appears in `statement` as whole words."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", statement) is not None


def _numbered(questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if q.type is not QuestionType.DESCRIPTION]


def find_cues(questions: Sequence[Question]) -> list[Cue]:
    """Pairs of items in `questions` (exam order) that give each other away."""
    questions = _numbered(questions)
    choice_types = (QuestionType.MCQ, QuestionType.MULTI)
    options = [_options(q) if q.type in choice_types else {} for q in questions]
    keys = [_keys(q) for q in questions]
    stems = [comparable(q.stem, q.text_format) for q in questions]
    cues: dict[tuple[int, int], list[str]] = {}

    def add(i: int, j: int, reason: str) -> None:
        pair = (min(i, j) + 1, max(i, j) + 1)
        if reason not in cues.setdefault(pair, []):
            cues[pair].append(reason)

    for i, q in enumerate(questions):
        for j in range(i + 1, len(questions)):
            shared = [options[i][k] for k in options[i] if k in options[j]]
            if shared:
                listed = ", ".join(f"“{s}”" for s in shared[:3])
                plural = "options" if len(shared) > 1 else "the option"
                add(i, j, f"both offer {plural} {listed}")
        if q.type is QuestionType.TRUE_FALSE:
            # it gives the answer away when it names the key *and* speaks of what
            # the other item asks (a shared content word), not just the same term
            statement = stems[i]
            for j, other in enumerate(keys):
                for key, written in other.items():
                    if (
                        j != i
                        and _says(statement, key)
                        and _content(statement, key) & _content(stems[j], key)
                    ):
                        add(i, j, f"{i + 1} states “{written}”, the answer to {j + 1}")
        if q.type is QuestionType.SHORT:
            for key, written in keys[i].items():
                for j, other in enumerate(options):
                    if j != i and key in other:
                        add(i, j, f"the answer to {i + 1}, “{written}”, is an option in {j + 1}")
    return [Cue(a, b, "; ".join(reasons)) for (a, b), reasons in sorted(cues.items())]


def cue_report(questions: Sequence[Question], cues: Sequence[Cue], limit: int = 10) -> str:
    """The pairs in words, one a line, for the dialog and the CLI; past `limit`
    pairs, how many more there are (near-copies of one question make hundreds)."""
    lines = [cue.text(questions) for cue in cues[:limit]]
    if len(cues) > limit:
        lines.append(f"… and {len(cues) - limit} more pair(s).")
    return "\n".join(lines)
