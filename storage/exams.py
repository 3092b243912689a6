"""Exams: questions picked by hand or drawn from filters, stored in the bank.

A draw spec reads like an instructor's note:
    "4 mcq tag:tokenization; 2 short difficulty:hard"
Each part is a count, an optional type and filters (tag:, category:,
difficulty:, status:, deck:). Drawn questions are accepted ones unless a part
says `status:draft` or `status:any`. The same seed draws the same questions.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from storage.bank import QuestionBank, QuestionNotFoundError
from storage.database import BankError
from storage.domain import (
    ANSWERED_TYPES,
    Difficulty,
    Question,
    QuestionFilter,
    QuestionType,
    Status,
)
from storage.schema import ExamItemRow, ExamRow, ExamSectionRow, utcnow

TYPE_ALIASES = {
    "mcq": QuestionType.MCQ,
    "mc": QuestionType.MCQ,
    "single": QuestionType.MCQ,
    "multi": QuestionType.MULTI,
    "multiple": QuestionType.MULTI,
    "tf": QuestionType.TRUE_FALSE,
    "truefalse": QuestionType.TRUE_FALSE,
    "true/false": QuestionType.TRUE_FALSE,
    "short": QuestionType.SHORT,
    "shortanswer": QuestionType.SHORT,
    "numerical": QuestionType.NUMERICAL,
    "numeric": QuestionType.NUMERICAL,
    "essay": QuestionType.ESSAY,
    "assignment": QuestionType.ESSAY,
    "description": QuestionType.DESCRIPTION,
    "matching": QuestionType.MATCHING,
    "match": QuestionType.MATCHING,
    "cloze": QuestionType.CLOZE,
    "multianswer": QuestionType.CLOZE,
    "ordering": QuestionType.ORDERING,
    "order": QuestionType.ORDERING,
    "gapselect": QuestionType.GAPSELECT,
    "ddwtos": QuestionType.DDWTOS,
}
_ANY = ("any", "question", "questions")

SECTION_ORDER = ANSWERED_TYPES  # default sections: one per type, the essay last
_SECTION_TITLES = {
    QuestionType.MCQ: "Multiple choice",
    QuestionType.MULTI: "Multiple answers",
    QuestionType.TRUE_FALSE: "True or false",
    QuestionType.SHORT: "Short answer",
    QuestionType.NUMERICAL: "Numerical answers",
    QuestionType.ESSAY: "Essay",
    QuestionType.MATCHING: "Matching",
    QuestionType.CLOZE: "Fill in the gaps",
    QuestionType.ORDERING: "Ordering",
    QuestionType.GAPSELECT: "Select the missing words",
    QuestionType.DDWTOS: "Complete the text",
}


def section_title(kind: QuestionType) -> str:
    return _SECTION_TITLES.get(kind, kind.label)


def default_sections(questions: Sequence[Question]) -> list[tuple[Question, str]]:
    """`questions` grouped into one section per type, in `SECTION_ORDER`, keeping
    their order within a type. A description (text before questions) goes with
    the question that follows it."""
    grouped: dict[QuestionType, list[Question]] = {}
    waiting: list[Question] = []
    for q in questions:
        if q.type is QuestionType.DESCRIPTION:
            waiting.append(q)
            continue
        grouped.setdefault(q.type, []).extend([*waiting, q])
        waiting = []
    order = [t for t in SECTION_ORDER if t in grouped] + [
        t for t in grouped if t not in SECTION_ORDER
    ]
    placed = [(q, section_title(t)) for t in order for q in grouped[t]]
    if waiting:  # descriptions after the last question stay at the end
        last = placed[-1][1] if placed else ""
        placed += [(q, last) for q in waiting]
    return placed


MAX_TITLE_CHARS = 300  # the column holds 500; a longer title fills the first page


class ExamError(BankError):
    pass


@dataclass(frozen=True)
class DrawRule:
    count: int
    type: QuestionType | None = None
    tag: str | None = None
    category: str | None = None
    difficulty: Difficulty | None = None
    statuses: tuple[Status, ...] = (Status.ACCEPTED,)
    deck_id: int | None = None
    text: str = ""  # the part of the spec it came from, for messages


@dataclass(frozen=True)
class ExamHeader:
    title: str
    course: str = ""
    date: str = ""
    duration: str = ""
    instructions: str = ""


@dataclass(frozen=True)
class ExamDetail:
    id: int
    header: ExamHeader
    seed: int | None
    items: tuple[tuple[Question, float, str], ...]  # question, points, section
    created_at: object = field(default=None, compare=False)
    section_notes: tuple[tuple[str, str], ...] = ()  # (section title, its instructions)

    def section_instructions(self, title: str) -> str:
        return dict(self.section_notes).get(title, "")

    @property
    def sections(self) -> list[str]:
        """Section titles in exam order, each once."""
        return list(dict.fromkeys(sec for _, _, sec in self.items))

    @property
    def total_points(self) -> float:
        return sum(points for _, points, _ in self.items)


def parse_draw(spec: str) -> list[DrawRule]:
    rules = []
    for part in (p.strip() for p in spec.split(";")):
        if not part:
            continue
        words = part.split()
        if not words[0].isdigit() or int(words[0]) < 1:
            raise ExamError(f"Draw part “{part}” must start with how many questions, e.g. “4 mcq”.")
        kw: dict[str, object] = {"count": int(words[0]), "text": part}
        for word in words[1:]:
            key, sep, value = word.partition(":")
            key = key.lower()
            if not sep:
                if key.rstrip("s") in TYPE_ALIASES or key in TYPE_ALIASES:
                    kw["type"] = TYPE_ALIASES.get(key, TYPE_ALIASES.get(key.rstrip("s")))
                elif key in _ANY:
                    continue
                else:
                    raise ExamError(
                        f"Draw part “{part}”: “{word}” is not a question type "
                        f"({', '.join(sorted(TYPE_ALIASES))}) or a filter such as tag:NAME."
                    )
            elif key == "tag":
                kw["tag"] = value
            elif key == "category":
                kw["category"] = value
            elif key == "deck" and value.isdigit():
                kw["deck_id"] = int(value)
            elif key == "difficulty" and value in {d.value for d in Difficulty}:
                kw["difficulty"] = Difficulty(value)
            elif key == "status" and value in ("draft", "accepted", "any"):
                kw["statuses"] = tuple(Status) if value == "any" else (Status(value),)
            else:
                raise ExamError(
                    f"Draw part “{part}”: “{word}” is not a filter I know (tag:NAME, "
                    "category:PATH, difficulty:easy|medium|hard, status:draft|accepted|any, "
                    "deck:ID)."
                )
        rules.append(DrawRule(**kw))  # type: ignore[arg-type]
    if not rules:
        raise ExamError("The draw spec is empty; say e.g. “4 mcq tag:tokenization”.")
    return rules


def _filter(rule: DrawRule, status: Status) -> QuestionFilter:
    return QuestionFilter(
        type=rule.type,
        tag=rule.tag,
        category=rule.category,
        difficulty=rule.difficulty,
        status=status,
        deck_id=rule.deck_id,
    )


def draw(bank: QuestionBank, rules: Sequence[DrawRule], seed: int) -> list[int]:
    """Question ids drawn for `rules`, in rule order; no question twice."""
    rnd = random.Random(seed)
    chosen: list[int] = []
    for rule in rules:
        matching: set[int] = set()
        for status in rule.statuses:
            found = bank.list_questions(_filter(rule, status))
            matching |= {q.id for q in found if q.id is not None}
        pool = sorted(matching - set(chosen))
        if len(pool) < rule.count:
            hint = ""
            if rule.statuses == (Status.ACCEPTED,):
                drafts = bank.count(_filter(rule, Status.DRAFT))
                if drafts:
                    hint = f" ({drafts} draft(s) also match: add status:any to include drafts)"
            raise ExamError(
                f"“{rule.text}”: only {len(pool)} accepted question(s) match, "
                f"{rule.count} asked{hint}."
            )
        chosen += rnd.sample(pool, rule.count)
    return chosen


class ExamStore:
    def __init__(self, bank: QuestionBank) -> None:
        self.questions = bank

    def create(
        self,
        header: ExamHeader,
        question_ids: Sequence[int],
        seed: int | None = None,
        sections: Sequence[str] | None = None,
        points: Sequence[float | None] | None = None,
        section_instructions: Mapping[str, str] | None = None,
    ) -> ExamDetail:
        """Store an exam. `sections` gives each item's section title (consecutive
        items with one title form a section); without it the questions are grouped
        by type (`default_sections`), which may reorder them (`points` follow
        their questions)."""
        if not header.title.strip():
            raise ExamError("An exam needs a title.")
        if len(header.title.strip()) > MAX_TITLE_CHARS:  # it must fit the first page
            raise ExamError(
                f"An exam's title may have at most {MAX_TITLE_CHARS} characters; this one has "
                f"{len(header.title.strip()):,}. Put the rest in the instructions."
            )
        if not question_ids:
            raise ExamError("An exam needs at least one question.")
        if len(set(question_ids)) != len(question_ids):
            raise ExamError("A question appears twice in the exam.")
        known = {q.id for q in self.questions.get_many(question_ids)}
        missing = [i for i in question_ids if i not in known]
        if missing:
            raise QuestionNotFoundError(
                f"There is no question {', '.join(map(str, missing))} in this bank."
            )
        if points is not None and len(points) != len(question_ids):
            raise ExamError("Every item of the exam needs its points (or None).")
        if sections is None:
            by_id = {q.id: q for q in self.questions.get_many(question_ids)}
            placed = default_sections([by_id[i] for i in question_ids])
            given = dict(zip(question_ids, points or [None] * len(question_ids), strict=True))
            question_ids = [q.id for q, _ in placed if q.id is not None]
            points = [given[i] for i in question_ids] if points is not None else None
            sections = [sec for _, sec in placed]
        if len(sections) != len(question_ids):
            raise ExamError("Every item of the exam needs its section (or none).")
        notes = {
            title: text.strip()
            for title, text in (section_instructions or {}).items()
            if text.strip() and title in sections
        }
        with self.questions.bank.sessions.begin() as s:
            row = ExamRow(
                uuid=str(uuid.uuid4()),
                title=header.title.strip(),
                course=header.course,
                exam_date=header.date,
                duration=header.duration,
                instructions=header.instructions,
                seed=seed,
                created_at=utcnow(),
            )
            row.items = [
                ExamItemRow(
                    position=i,
                    question_id=qid,
                    section=sections[i],
                    points=(points[i] if points else None),
                )
                for i, qid in enumerate(question_ids)
            ]
            row.sections = [
                ExamSectionRow(position=i, title=title, instructions=notes[title])
                for i, title in enumerate(dict.fromkeys(sections))
                if title in notes
            ]
            s.add(row)
            s.flush()
            exam_id = row.id
        return self.get(exam_id)

    def get(self, exam_id: int) -> ExamDetail:
        with self.questions.bank.sessions() as s:
            row = s.get(ExamRow, exam_id)
            if row is None:
                raise ExamError(f"There is no exam {exam_id} in this bank.")
            items = [(it.question_id, it.points, it.section) for it in row.items]
            header = ExamHeader(
                row.title, row.course, row.exam_date, row.duration, row.instructions
            )
            seed, created = row.seed, row.created_at
            notes = tuple((sec.title, sec.instructions) for sec in row.sections)
        questions = {q.id: q for q in self.questions.get_many([i for i, _, _ in items])}
        return ExamDetail(
            exam_id,
            header,
            seed,
            tuple(
                (questions[qid], pts if pts is not None else questions[qid].points, sec)
                for qid, pts, sec in items
            ),
            created,
            notes,
        )

    def list(self) -> list[tuple[int, str, int]]:
        with self.questions.bank.sessions() as s:
            return [
                (r.id, r.title, len(r.items))
                for r in s.scalars(select(ExamRow).order_by(ExamRow.id))
            ]
