"""What the Moodle XML and GIFT modules share: results, errors, grades, names and texts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storage.domain import Bloom, Difficulty, Origin, Question, QuestionType, TextFormat
from storage.question_types import type_issue

# --------------------------------------------------------------------------- results, errors


@dataclass(frozen=True)
class ImportResult:
    """What an import read: the questions, what it left out and why, and what it changed."""

    questions: tuple[Question, ...]
    skipped: tuple[tuple[str, str], ...]  # (question name, reason)
    warnings: tuple[str, ...]


class QuestionImportError(ValueError):
    """A file that cannot be read; the message names the question and the place."""


def import_origin(fmt: str) -> Origin:
    return Origin(method="import", settings={"format": fmt})


# --------------------------------------------------------------------------- grades

# question_bank::ensure_fraction_options_initialised() (question/engine/bank.php), as written
# there: Moodle compares imported grades with these within 0.00001.
_POSITIVE_GRADES = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
)  # fmt: skip
ALLOWED_FRACTIONS: tuple[float, ...] = (
    *_POSITIVE_GRADES,
    0.0,
    *(-g for g in reversed(_POSITIVE_GRADES)),
)
MOODLE_GRADE_TOLERANCE = 0.00001  # match_grade_options() in lib/questionlib.php
# A grade this close to an allowed one is the same grade written with fewer digits
# (33.33 % for 33.33333 %); further away, snapping would change what the author meant.
SNAP_TOLERANCE = 0.005
# qtype_multichoice checks round(sum of positive fractions, 2) == 1.
SUM_TOLERANCE = 0.0049


def snap_fraction(f: float) -> float:
    """The grade in Moodle's list nearest to `f` (clamped to [-1, 1])."""
    return min(ALLOWED_FRACTIONS, key=lambda a: (abs(a - f), -abs(a)))


def is_allowed_fraction(f: float, tolerance: float = SNAP_TOLERANCE) -> bool:
    return abs(snap_fraction(f) - f) <= tolerance


def format_percent(f: float) -> str:
    """A fraction as Moodle writes it: a percentage with up to 5 decimals (33.33333)."""
    p = round(f * 100, 5)
    if p == int(p):
        return str(int(p))
    return f"{p:.5f}".rstrip("0").rstrip(".")


def sums_to_one(values: Sequence[float]) -> bool:
    return abs(sum(values) - 1.0) <= SUM_TOLERANCE


def snap_positive_set(values: Sequence[float]) -> list[float] | None:
    """Snap the positive grades of a multiple-answer question so that they still sum to 100 %.

    Each grade goes to the nearest allowed one; if that breaks the sum (11 right answers at
    1/11 each snap to 10 % and make 110 %), grades are moved one by one to the other
    neighbouring allowed value until the sum is right. None if no such choice exists.
    """
    snapped = [snap_fraction(v) for v in values]
    if sums_to_one(snapped):
        return snapped
    candidates: list[tuple[float, ...]] = []
    for v in values:
        below = [g for g in _POSITIVE_GRADES if g <= v + 1e-9]
        above = [g for g in _POSITIVE_GRADES if g >= v - 1e-9]
        candidates.append(tuple(sorted({*below[:1], *above[-1:]})))
    for _ in range(2 * len(values) + 1):
        total = sum(snapped)
        best: tuple[float, float, int, float] | None = None
        for i, options in enumerate(candidates):
            for c in options:
                if c == snapped[i]:
                    continue
                new_total = total - snapped[i] + c
                score = (abs(new_total - 1.0), abs(c - values[i]), i, c)
                if best is None or score < best:
                    best = score
        if best is None or best[0] >= abs(total - 1.0):
            return None
        snapped[best[2]] = best[3]
        if sums_to_one(snapped):
            return snapped
    return None


# --------------------------------------------------------------------------- texts

_TAG = re.compile(r"<[^<>]*>")
_TAGLIKE = re.compile(r"</?[A-Za-z][^<>]*>")
_KNOWN_TAG = re.compile(
    r"</?(?:p|br|hr|b|i|u|s|em|strong|small|big|sub|sup|code|pre|kbd|tt|span|div|font|"
    r"center|blockquote|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|img|a|"
    r"figure|figcaption|math|mark|q|cite)\b[^<>]*>",
    re.I,
)
_SPACES = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
    """Whether a text in Moodle's auto format uses HTML (a known tag or an entity)."""
    return bool(_KNOWN_TAG.search(text) or re.search(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);", text))


def plain_to_html(text: str) -> str:
    """A PLAIN text as HTML that shows the same: escaped, spaces kept, newlines as <br>.

    `html_to_plain_exact` undoes it exactly.
    """
    out = html.escape(text.replace("\r\n", "\n").replace("\r", "\n"), quote=False)
    return out.replace("  ", "&nbsp; ").replace("\n", "<br>")


def html_to_plain_exact(text: str) -> str:
    """Undo `plain_to_html`."""
    return html.unescape(text.replace("<br>", "\n").replace("&nbsp; ", "  "))


def html_to_text(text: str) -> str:
    """Readable one-line text of an HTML fragment (tags dropped, entities decoded)."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()


def one_line(text: str, fmt: TextFormat) -> str:
    if fmt is TextFormat.HTML:
        return html_to_text(text)
    return _SPACES.sub(" ", _TAGLIKE.sub(" ", text)).strip()


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


NAME_LIMIT = 255  # question.name is varchar(255) in Moodle
DERIVED_NAME_LIMIT = 80  # what Moodle uses when it names a question after its text


def derived_name(q: Question) -> str:
    """The name given to an untitled question: the start of its stem, on one line."""
    return shorten(one_line(q.stem, q.text_format), DERIVED_NAME_LIMIT)


def clean_name(title: str) -> str:
    """A title as Moodle keeps it: no tags, one line, at most 255 characters."""
    return shorten(_SPACES.sub(" ", _TAGLIKE.sub("", title)).strip(), NAME_LIMIT)


def export_name(q: Question) -> str:
    return clean_name(q.title) if q.title.strip() else derived_name(q)


def question_label(index: int, q: Question | None = None, name: str = "") -> str:
    """'question 3 "LoRA weights"': how messages point at a question (1-based)."""
    if not name and q is not None:
        name = q.title.strip() or derived_name(q)
    name = shorten(name, 60)
    return f'question {index} "{name}"' if name else f"question {index}"


# --------------------------------------------------------------------------- metadata tags

DIFFICULTY_TAG = "difficulty:"
BLOOM_TAG = "bloom:"


def tags_with_metadata(q: Question) -> list[str]:
    """The question's tags, plus "difficulty:hard" and "bloom:apply" for those fields."""
    tags = [t.strip() for t in q.tags if t.strip()]
    if q.difficulty is not None:
        tags.append(DIFFICULTY_TAG + q.difficulty.value)
    if q.bloom is not None:
        tags.append(BLOOM_TAG + q.bloom.value)
    return tags


def split_metadata_tags(
    tags: Sequence[str],
) -> tuple[tuple[str, ...], Difficulty | None, Bloom | None]:
    """Undo `tags_with_metadata`: plain tags, difficulty, Bloom level."""
    plain: list[str] = []
    difficulty: Difficulty | None = None
    bloom: Bloom | None = None
    for tag in tags:
        low = tag.strip().lower()
        if low.startswith(DIFFICULTY_TAG) and difficulty is None:
            try:
                difficulty = Difficulty(low[len(DIFFICULTY_TAG) :].strip())
                continue
            except ValueError:
                pass
        if low.startswith(BLOOM_TAG) and bloom is None:
            try:
                bloom = Bloom(low[len(BLOOM_TAG) :].strip())
                continue
            except ValueError:
                pass
        if tag.strip():
            plain.append(tag.strip())
    return tuple(plain), difficulty, bloom


# --------------------------------------------------------------------------- categories

_CONTEXT = re.compile(r"^\$[a-z]+[0-9]*\$$")


def category_names(path: str) -> list[str]:
    """A Quizwright category path ("NLP/Tokenization") as its names, as the bank reads it."""
    return [n.strip() for n in path.split("/") if n.strip()]


def moodle_category(path: str) -> str:
    """ "NLP/Tokenization" → "$course$/top/NLP/Tokenization" (a "/" in a name as "//")."""
    names = [n.replace("/", "//") for n in category_names(path)]
    return "/".join(["$course$", "top", *names])


def split_moodle_category(text: str) -> list[str]:
    """A Moodle category path as its names: single "/" separates, "//" is a literal "/"."""
    names: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("//", i):
            current.append("/")
            i += 2
        elif text[i] == "/":
            names.append("".join(current))
            current = []
            i += 1
        else:
            current.append(text[i])
            i += 1
    names.append("".join(current))
    names = [n.strip() for n in names]
    if names and _CONTEXT.match(names[0]):
        names = names[1:]
    if names and names[0] == "top":
        names = names[1:]
    return [n for n in names if n]


def category_from_moodle(text: str) -> tuple[str, list[str]]:
    """A Moodle category path as a Quizwright path, and the names that held a "/".

    Quizwright paths separate names with "/", so a literal "/" in a Moodle name becomes a
    level of its own; the caller warns about those names.
    """
    names = split_moodle_category(text.strip())
    return "/".join(names), [n for n in names if "/" in n]


# --------------------------------------------------------------------------- validity


def domain_issue(q: Question) -> str | None:
    """Why the bank would refuse `q` (the rules of storage.bank), or None."""
    if not q.stem.strip():
        return "the question text is empty"
    correct = sum(1 for c in q.choices if c.correct)
    if q.type is QuestionType.MCQ and correct != 1:
        return (
            "a single-answer multiple-choice question needs exactly one answer that gives "
            f"credit; this one has {correct}"
        )
    if q.type is QuestionType.MULTI and correct < 1:
        return "a multiple-answer question needs at least one correct answer"
    if q.type is QuestionType.TRUE_FALSE and (len(q.choices) != 2 or correct != 1):
        return "a true/false question needs the answers true and false, one of them correct"
    if q.type in (QuestionType.SHORT, QuestionType.NUMERICAL) and correct < 1:
        return f"a {q.type.label.lower()} question needs an answer that gives credit"
    if q.points < 0:
        return "the points are negative"
    return type_issue(q)


def grade_warning(q: Question) -> str | None:
    """What Moodle would complain about in the grades of a question that was read anyway."""
    if q.type is QuestionType.MULTI:
        positive = [c.fraction for c in q.choices if c.fraction > 0]
        if positive and not sums_to_one(positive):
            return (
                f"its correct answers give {format_percent(sum(positive))}% together; "
                "Moodle expects 100%"
            )
    return None
