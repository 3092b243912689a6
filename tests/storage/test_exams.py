"""Exams: picked and drawn questions, repeatable draws, clear refusals."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storage.bank import QuestionBank, QuestionNotFoundError
from storage.domain import Difficulty, QuestionType, Status
from storage.exams import ExamError, ExamHeader, ExamStore, draw, parse_draw
from tests.conftest import mcq

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


@pytest.fixture
def filled(service: QuestionBank) -> QuestionBank:
    qs = []
    for i in range(12):
        qs.append(
            mcq(
                f"Tokenization question {i}: which unit?",
                f"unit {i}",
                "a",
                "b",
                tags=("tokenization",),
                status=Status.ACCEPTED,
                difficulty=Difficulty.EASY if i % 2 else Difficulty.HARD,
            )
        )
    for i in range(3):
        qs.append(replace(mcq(f"LoRA question {i}?", f"rank {i}", "x", "y"), tags=("lora",)))
    service.add_many(qs)
    return service


def test_parse_draw_reads_an_instructors_note() -> None:
    rules = parse_draw("4 mcq tag:tokenization; 2 short difficulty:hard ;1 tf status:any")
    assert [(r.count, r.type) for r in rules] == [
        (4, QuestionType.MCQ),
        (2, QuestionType.SHORT),
        (1, QuestionType.TRUE_FALSE),
    ]
    assert rules[0].tag == "tokenization" and rules[1].difficulty is Difficulty.HARD
    assert set(rules[2].statuses) == set(Status)
    assert parse_draw("3 questions category:NLP/Tokens")[0].category == "NLP/Tokens"


@pytest.mark.parametrize(
    "spec, message",
    [
        ("", "empty"),
        ("mcq tag:x", "must start with how many"),
        ("2 riddles", "not a question type"),
        ("2 mcq colour:blue", "not a filter"),
        ("2 mcq difficulty:brutal", "not a filter"),
    ],
)
def test_bad_draw_specs_are_explained(spec: str, message: str) -> None:
    with pytest.raises(ExamError, match=message):
        parse_draw(spec)


def test_draw_is_repeatable_and_never_repeats_a_question(filled: QuestionBank) -> None:
    rules = parse_draw("3 mcq tag:tokenization difficulty:hard; 4 mcq tag:tokenization")
    first = draw(filled, rules, seed=7)
    assert first == draw(filled, rules, seed=7)
    assert first != draw(filled, rules, seed=8)
    assert len(set(first)) == 7
    hard = {q.id for q in filled.get_many(first[:3]) if q.difficulty is Difficulty.HARD}
    assert len(hard) == 3


def test_drafts_are_drawn_only_when_asked(filled: QuestionBank) -> None:
    with pytest.raises(ExamError, match=r"only 0 accepted.*3 draft"):
        draw(filled, parse_draw("2 mcq tag:lora"), seed=1)
    assert len(draw(filled, parse_draw("2 mcq tag:lora status:any"), seed=1)) == 2


def test_exam_keeps_order_points_and_header(filled: QuestionBank) -> None:
    store = ExamStore(filled)
    exam = store.create(
        ExamHeader("Midterm", course="NLP 101", duration="60 min"),
        [5, 2, 9],
        points=[2.0, None, 1.5],
    )
    again = store.get(exam.id)
    assert [q.id for q, _, _ in again.items] == [5, 2, 9]
    assert again.total_points == 4.5 and again.header.course == "NLP 101"
    assert store.list() == [(exam.id, "Midterm", 3)]
    with pytest.raises(QuestionNotFoundError, match="no question 99"):
        store.create(ExamHeader("Bad"), [1, 99])
    with pytest.raises(ExamError, match="twice"):
        store.create(ExamHeader("Bad"), [1, 1])
    with pytest.raises(ExamError, match="no exam 42"):
        store.get(42)
