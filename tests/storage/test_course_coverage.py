"""Coverage over several decks: per deck, and a question citing two decks counted once."""

from __future__ import annotations

import pytest

from storage.bank import QuestionBank
from storage.course_coverage import course_coverage, decks_coverage
from storage.courses import CourseError, Courses
from storage.database import Bank, BankError
from storage.domain import Difficulty, QuestionType, SlideRef
from tests.conftest import make_deck, mcq, true_false


def test_a_hand_picked_set_and_a_course(bank: Bank) -> None:
    week1 = make_deck(bank, pages=4, name="week1.pdf")
    week2 = make_deck(bank, pages=3, name="week2.pdf")
    week3 = make_deck(bank, pages=2, name="week3.pdf")
    QuestionBank(bank).add_many(
        [
            # one question citing slides of two decks
            mcq("Q1", "a", sources=(SlideRef(week1, 2), SlideRef(week2, 1))),
            true_false("Q2", True, sources=(SlideRef(week2, 3),), difficulty=Difficulty.HARD),
            mcq("Q3", "a", sources=(SlideRef(week3, 1),)),
        ]
    )
    cov = decks_coverage(bank, [week2, week1, week2])  # named twice: once
    assert [d.deck_id for d in cov.decks] == [week2, week1]
    assert cov.questions == 2  # Q1 once, though it cites both decks; Q3 is not theirs
    assert cov.by_type == {QuestionType.MCQ: 1, QuestionType.TRUE_FALSE: 1}
    assert cov.by_difficulty[Difficulty.HARD] == 1
    assert [d.questions for d in cov.decks] == [2, 1]
    assert cov.covered_slides == 3
    assert cov.content_slides == sum(1 for d in cov.decks for s in d.slides if s.is_content)
    assert (week1, 1) in cov.uncovered and (week2, 1) not in cov.uncovered

    courses = Courses(bank)
    courses.create("Stats")
    courses.add_decks("Stats", [week3, week1])
    by_course = course_coverage(bank, "stats")
    assert by_course.name == "Stats"
    assert [d.deck_id for d in by_course.decks] == [week3, week1]
    assert by_course.questions == 2  # Q1 and Q3


def test_what_cannot_be_covered_is_said_in_words(bank: Bank) -> None:
    with pytest.raises(BankError, match="at least one deck"):
        decks_coverage(bank, [])
    with pytest.raises(BankError, match="no deck 42"):
        decks_coverage(bank, [42])
    Courses(bank).create("Empty")
    with pytest.raises(CourseError, match="has no decks yet"):
        course_coverage(bank, "Empty")
