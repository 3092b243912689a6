"""Exams as printed: items, versions (shuffled orders) and answer keys.

No reportlab here; `storage.exports.pdf` lays these out on paper.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from storage.domain import Choice, Question, QuestionType, TextFormat
from storage.exports.newer import arrange, is_newer, newer_key
from storage.rich_text import to_plain
from storage.spelling import with_plain_spellings

PAPERS = ("A4", "Letter")  # the paper sizes exams are laid out for


@dataclass(frozen=True)
class ExamItem:
    question: Question
    points: float  # points for this item in this exam
    section: str = ""  # section title; consecutive items with the same section form a section
    # matching / ordering: this version's printed order (see storage.exports.newer)
    arrangement: tuple[int, ...] = ()


@dataclass(frozen=True)
class ExamDocument:
    title: str
    items: tuple[ExamItem, ...]
    course: str = ""
    institution: str = ""
    date: str = ""
    duration: str = ""
    instructions: str = ""
    paper: str = "A4"  # or "Letter"
    font_size: float = 10.5
    section_notes: tuple[tuple[str, str], ...] = ()  # (section title, its instructions)

    @property
    def total_points(self) -> float:
        return total_points(self.items)

    def section_instructions(self, title: str) -> str:
        return dict(self.section_notes).get(title, "")


@dataclass(frozen=True)
class ExamVersion:
    letter: str  # "A", "B", ...; "" when there is only one version
    items: tuple[ExamItem, ...]  # in this version's order, with choices in this version's order

    @property
    def label(self) -> str:
        return f"Version {self.letter}" if self.letter else ""


@dataclass(frozen=True)
class KeyEntry:
    """One line of an answer key."""

    number: int
    key: str  # what answer_key() returns: "C", "A, D", "True", "8 ± 0.5 bits", ...
    detail: str  # the text behind the key, e.g. the correct option's text
    points: float
    type: QuestionType
    section: str = ""


def is_numbered(item: ExamItem) -> bool:
    """Description items are text only: no number, no points."""
    return item.question.type is not QuestionType.DESCRIPTION


def total_points(items: tuple[ExamItem, ...]) -> float:
    return sum(item.points for item in items if is_numbered(item))


def option_label(index: int) -> str:
    """A, B, …, Z, AA, AB, … for option `index` (0-based)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def version_letter(index: int) -> str:
    return option_label(index)


def format_number(value: float) -> str:
    """2.0 → "2", 0.5 → "0.5", 1/3 → "0.33"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def section_starts(items: tuple[ExamItem, ...]) -> dict[int, tuple[str, float]]:
    """Where each titled section begins: item index → (its title, its points), the
    points of the items up to the next change of section."""
    starts: dict[int, tuple[str, float]] = {}
    for i, item in enumerate(items):
        if (i == 0 or items[i - 1].section != item.section) and item.section.strip():
            j = i
            while j < len(items) and items[j].section == item.section:
                j += 1
            starts[i] = (item.section, total_points(items[i:j]))
    return starts


def exam_facts(exam: ExamDocument, version: ExamVersion) -> list[tuple[str, str]]:
    """The facts under an exam's title, (label, value), those with a value: its date,
    duration, number of questions and total points (the PDF and Word print the same)."""
    numbered = [item for item in version.items if is_numbered(item)]
    total = total_points(version.items)
    facts = [
        ("Date", exam.date),
        ("Duration", exam.duration),
        ("Questions", str(len(numbered))),
        ("Total", f"{format_number(total)} point{'' if total == 1 else 's'}"),
    ]
    return [(k, v.strip()) for k, v in facts if v.strip()]


# --------------------------------------------------------------------------- versions

_FIXED_OPTION = re.compile(
    r"^\s*(?:all|none|both|neither)\s+(?:of\s+)?(?:the\s+)?(?:above|previous)|^\s*(?:both|neither)\b",
    re.I,
)


def _shufflable(question: Question) -> bool:
    return question.shuffle_answers and question.type in (QuestionType.MCQ, QuestionType.MULTI)


def _movable(question: Question) -> list[int]:
    """Options that may move: not "All of the above" and the like."""
    fmt = question.text_format
    return [
        i for i, c in enumerate(question.choices) if not _FIXED_OPTION.match(to_plain(c.text, fmt))
    ]


def _shuffle_choices(question: Question, rng: random.Random) -> tuple[Choice, ...]:
    choices = question.choices
    movable = _movable(question)
    order = movable[:]
    rng.shuffle(order)
    result = list(choices)
    for slot, source in zip(movable, order, strict=True):
        result[slot] = choices[source]
    return tuple(result)


def _runs(items: tuple[ExamItem, ...]) -> list[list[int]]:
    """Indexes that may be shuffled among themselves: consecutive questions of one
    section, not crossing a description (which introduces the questions after it)."""
    runs: list[list[int]] = []
    current: list[int] = []
    section: str | None = None
    for i, item in enumerate(items):
        if item.section != section or not is_numbered(item):
            if current:
                runs.append(current)
            current = []
            section = item.section
        if is_numbered(item):
            current.append(i)
    if current:
        runs.append(current)
    return runs


def _shuffled(
    items: tuple[ExamItem, ...],
    rng: random.Random,
    questions: bool = True,
    options: bool = True,
) -> tuple[tuple[ExamItem, ...], tuple[object, ...]]:
    order = list(range(len(items)))
    for run in _runs(items) if questions else ():
        moved = run[:]
        rng.shuffle(moved)
        for slot, source in zip(run, moved, strict=True):
            order[slot] = source
    result: list[ExamItem] = []
    signature: list[object] = []
    for source in order:
        item = items[source]
        question = item.question
        if options and _shufflable(question) and len(question.choices) > 1:
            choices = _shuffle_choices(question, rng)
            question = replace(question, choices=choices)
            item = replace(item, question=question)
        elif is_newer(question):
            question, arrangement = arrange(question, rng)
            item = replace(item, question=question, arrangement=arrangement)
        result.append(item)
        signature.append(
            (source, tuple(id(c) for c in question.choices), question.stem, item.arrangement)
        )
    return tuple(result), tuple(signature)


def _can_shuffle(items: tuple[ExamItem, ...], options: bool) -> bool:
    if any(len(run) > 1 for run in _runs(items)):
        return True
    if any(is_newer(item.question) and len(item.question.choices) > 1 for item in items):
        return True  # matching, ordering and word banks are always shuffled
    return options and any(
        _shufflable(item.question) and len(_movable(item.question)) > 1 for item in items
    )


def make_versions(
    exam: ExamDocument, count: int, seed: int, shuffle_options: bool = True
) -> list[ExamVersion]:
    """`count` versions of the exam, lettered A, B, C… (one version: letter "").

    With several versions, questions are shuffled within their section (sections
    keep their order; a description stays in place with the questions after it).
    One version keeps the questions in the order the instructor gave them.
    Options of multiple-choice questions that allow it (true/false never) are
    shuffled when `shuffle_options`, whatever the number of versions: a drafted
    question often has its key first. The result depends only on the exam,
    `seed` and the choices; versions differ when shuffling can make them differ.
    """
    if count < 1:
        raise ValueError("an exam needs at least one version")
    if count == 1:
        if not shuffle_options and not any(is_newer(i.question) for i in exam.items):
            return [ExamVersion("", exam.items)]
        rng = random.Random(f"{seed}-")
        items, _ = _shuffled(exam.items, rng, questions=False, options=shuffle_options)
        return [ExamVersion("", items)]
    possible = _can_shuffle(exam.items, shuffle_options)
    versions: list[ExamVersion] = []
    seen: set[tuple[object, ...]] = set()
    for index in range(count):
        letter = version_letter(index)
        rng = random.Random(f"{seed}-{letter}")
        items, signature = _shuffled(exam.items, rng, options=shuffle_options)
        for _ in range(50):  # make each version differ from the earlier ones, if we can
            if not possible or signature not in seen:
                break
            items, signature = _shuffled(exam.items, rng, options=shuffle_options)
        seen.add(signature)
        versions.append(ExamVersion(letter, items))
    return versions


# --------------------------------------------------------------------------- answer keys


def _numerical_key(question: Question) -> str:
    answers = []
    for choice in question.choices:
        if not choice.correct:
            continue
        text = to_plain(choice.text, question.text_format)
        if choice.tolerance:
            text += f" ± {format_number(choice.tolerance)}"
        answers.append(text)
    key = " / ".join(answers) or "—"
    return f"{key} {question.unit}".strip() if question.unit else key


def _choice_key(question: Question) -> tuple[str, str]:
    fmt = question.text_format
    if question.type is QuestionType.MULTI:
        picked = [i for i, c in enumerate(question.choices) if c.correct]
        key = ", ".join(option_label(i) for i in picked)
        detail = " | ".join(to_plain(question.choices[i].text, fmt) for i in picked)
        return key or "—", detail
    best = max((c.fraction for c in question.choices), default=0.0)
    if best <= 0:
        return "—", ""
    full = [i for i, c in enumerate(question.choices) if c.fraction == best]
    partial = [i for i, c in enumerate(question.choices) if 0 < c.fraction < best]
    key = ", ".join(option_label(i) for i in full)
    if partial:
        shares = ", ".join(
            f"{option_label(i)} {format_number(question.choices[i].fraction * 100)}%"
            for i in partial
        )
        key += f" (partial: {shares})"
    detail = " | ".join(to_plain(question.choices[i].text, fmt) for i in full)
    return key, detail


def _entry(number: int, item: ExamItem) -> KeyEntry:
    question = item.question
    kind = question.type
    detail = ""
    if kind in (QuestionType.MCQ, QuestionType.MULTI):
        key, detail = _choice_key(question)
    elif kind is QuestionType.TRUE_FALSE:
        right = [c for c in question.choices if c.correct]
        value = to_plain(right[0].text, question.text_format).lower() if right else ""
        key = {"true": "True", "false": "False"}.get(value, value.capitalize() or "—")
    elif kind is QuestionType.SHORT:
        accepted = with_plain_spellings(question).choices
        answers = [to_plain(c.text, question.text_format) for c in accepted if c.correct]
        key = " / ".join(answers) or "—"
        if question.case_sensitive:
            detail = "case-sensitive"
    elif kind is QuestionType.NUMERICAL:
        key = _numerical_key(question)
    elif is_newer(question):
        key, detail = newer_key(question, item.arrangement)
    else:  # essay
        rubric = scale_rubric(_rubric_lines(question), item.points)
        key = "see rubric:\n" + rubric if rubric else "open answer (no rubric given)"
    return KeyEntry(number, key, detail, item.points, kind, item.section)


def _rubric_lines(question: Question) -> str:
    """The grader information as plain text, one line per line of the rubric."""
    if question.text_format is TextFormat.PLAIN:
        lines = (to_plain(line, TextFormat.PLAIN) for line in question.grader_info.splitlines())
        return "\n".join(line for line in lines if line)
    return to_plain(question.grader_info, question.text_format)


_UNIT = r"(?:points?|pts?\.?|marks?)"
_NUMBER = r"\d+(?:\.\d+)?"
_RUBRIC_TOTAL = re.compile(rf"\b(?:rubric|total)\b[^\n(]*\(\s*({_NUMBER})\s*{_UNIT}\s*\)", re.I)
# "(40)", "(40 points)", "40 pts": a share of the rubric's points
_RUBRIC_SHARE = re.compile(rf"\(\s*({_NUMBER})(\s*{_UNIT})?\s*\)|\b({_NUMBER})(\s*{_UNIT})", re.I)


def scale_rubric(rubric: str, points: float) -> str:
    """The rubric with its points scaled to the item's `points`: a drafted essay says
    "Rubric (100 points)", "(40)", "(25)"… but is worth 10 points in this exam.

    The rubric's total is the one it states ("Rubric (100 points)") or else the
    sum of its shares; a rubric without points is returned as it is."""
    total_match = _RUBRIC_TOTAL.search(rubric)
    shares = list(_RUBRIC_SHARE.finditer(rubric))
    if total_match:
        total = float(total_match.group(1))
    else:
        total = sum(float(m.group(1) or m.group(3)) for m in shares)
    if total <= 0 or points <= 0 or abs(total - points) < 1e-9:
        return rubric
    factor = points / total

    def scaled(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return f"({format_number(float(m.group(1)) * factor)}{m.group(2) or ''})"
        return f"{format_number(float(m.group(3)) * factor)}{m.group(4)}"

    return _RUBRIC_SHARE.sub(scaled, rubric)


def key_entries(version: ExamVersion) -> list[KeyEntry]:
    entries: list[KeyEntry] = []
    for item in version.items:
        if is_numbered(item):
            entries.append(_entry(len(entries) + 1, item))
    return entries


def answer_key(version: ExamVersion) -> list[tuple[int, str]]:
    """(question number, key) for every numbered question of the version, in order."""
    return [(e.number, e.key) for e in key_entries(version)]
