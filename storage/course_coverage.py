"""Coverage over several decks: a course's, or a hand-picked set.

Each deck keeps its own per-slide coverage (`QuestionBank.coverage`); the totals
count a question once however many of the decks it cites, so a question drafted
from slides of two decks adds one to the mix, not two.

    cov = decks_coverage(bank, [3, 5])          # a hand-picked set
    cov = course_coverage(bank, "NLP 2026")     # a course's decks, in its order
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.database import Bank, BankError
from storage.domain import DeckCoverage, Difficulty, QuestionType, Status
from storage.schema import QuestionRow, QuestionSlideRow, SlideRow

Mix = tuple[dict[QuestionType, int], dict[Difficulty | None, int], dict[Status, int]]


def question_mix(s: Session, deck_ids: Sequence[int]) -> Mix:
    """Types, difficulties and statuses of the questions citing any slide of the decks,
    each question once."""
    cited = (
        select(QuestionSlideRow.question_id)
        .join(SlideRow, SlideRow.id == QuestionSlideRow.slide_id)
        .where(SlideRow.deck_id.in_(list(deck_ids)))
    )
    rows = s.execute(
        select(QuestionRow.qtype, QuestionRow.difficulty, QuestionRow.status, func.count())
        .where(QuestionRow.id.in_(cited))
        .group_by(QuestionRow.qtype, QuestionRow.difficulty, QuestionRow.status)
    ).all()
    by_type: dict[QuestionType, int] = {}
    by_difficulty: dict[Difficulty | None, int] = {}
    by_status: dict[Status, int] = {}
    for qtype, difficulty, status, n in rows:
        t, d, st = (
            QuestionType(qtype),
            Difficulty(difficulty) if difficulty else None,
            Status(status),
        )
        by_type[t] = by_type.get(t, 0) + int(n)
        by_difficulty[d] = by_difficulty.get(d, 0) + int(n)
        by_status[st] = by_status.get(st, 0) + int(n)
    return by_type, by_difficulty, by_status


@dataclass(frozen=True)
class CourseCoverage:
    """Coverage of several decks: each deck's, and the mix of all their questions."""

    name: str  # the course's name, or "" for a hand-picked set
    decks: tuple[DeckCoverage, ...]  # in the order asked
    questions: int  # distinct questions citing any slide of the decks
    by_type: dict[QuestionType, int] = field(default_factory=dict, hash=False)
    by_difficulty: dict[Difficulty | None, int] = field(default_factory=dict, hash=False)
    by_status: dict[Status, int] = field(default_factory=dict, hash=False)

    @property
    def content_slides(self) -> int:
        return sum(1 for d in self.decks for s in d.slides if s.is_content)

    @property
    def covered_slides(self) -> int:
        return sum(1 for d in self.decks for s in d.slides if s.is_content and s.questions)

    @property
    def uncovered(self) -> tuple[tuple[int, int], ...]:
        """(deck id, page) of the content slides no question cites yet."""
        return tuple((d.deck_id, p) for d in self.decks for p in d.uncovered)


def decks_coverage(bank: Bank, deck_ids: Sequence[int], name: str = "") -> CourseCoverage:
    """Coverage of the decks `deck_ids` (a deck named twice counts once)."""
    from storage.bank import QuestionBank

    ids = list(dict.fromkeys(deck_ids))
    if not ids:
        raise BankError("Choose at least one deck to see its coverage.")
    service = QuestionBank(bank)
    decks = tuple(service.coverage(d) for d in ids)  # an unknown deck is refused in words
    with bank.sessions() as s:
        by_type, by_difficulty, by_status = question_mix(s, ids)
    return CourseCoverage(
        name=name,
        decks=decks,
        questions=sum(by_type.values()),
        by_type=by_type,
        by_difficulty=by_difficulty,
        by_status=by_status,
    )


def course_coverage(bank: Bank, course: str) -> CourseCoverage:
    """Coverage of a course's decks, in the course's order (an empty course is refused)."""
    from storage.courses import Courses

    courses = Courses(bank)
    ids = courses.deck_ids_for_search(course)
    return decks_coverage(bank, ids, courses.course(course).name)
