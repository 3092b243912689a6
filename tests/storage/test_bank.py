"""The bank service on a real SQLite file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storage.bank import (
    InvalidQuestionError,
    QuestionBank,
    QuestionInUseError,
    QuestionNotFoundError,
)
from storage.database import open_bank
from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Origin,
    Question,
    QuestionFilter,
    QuestionImage,
    QuestionType,
    SlideRef,
    Status,
    TextFormat,
)
from storage.exams import ExamHeader, ExamStore
from tests.conftest import SAMPLE, make_deck, mcq, true_false

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


def test_every_field_survives_a_round_trip_through_the_file(tmp_path) -> None:
    q = replace(
        SAMPLE[0],
        title="LoRA 1",
        general_feedback="LoRA trains a low-rank update ΔW = BA.",
        bloom=Bloom.UNDERSTAND,
        points=2.5,
        origin=Origin("model", "gpt4all", "SmolLM2-135M", {"temperature": 0.2, "seed": 7}),
        text_format=TextFormat.HTML,
        penalty=0.1,
        shuffle_answers=False,
        answer_numbering="ABCD",
        images=(QuestionImage("lora.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),),
        choices=(
            Choice("Low-rank matrices", 1.0, "Yes: A and B."),
            Choice("All weights", 0.0, "No, those stay frozen."),
            Choice("Gülşen’s weights ∈ ℝ", -0.5),
        ),
    )
    path = tmp_path / "rt.sqlite"
    with open_bank(path) as b:
        qid = QuestionBank(b).add(q).id
    with open_bank(path) as b:  # a fresh process's view: nothing cached
        got = QuestionBank(b).get(qid)
    assert got.id == qid and len(got.uuid) == 36
    assert got.created_at is not None and got.updated_at is not None
    assert got.version == 1 and got.created_by == got.updated_by != ""
    identity = {"version": 0, "created_by": "", "updated_by": ""}
    assert replace(got, id=None, uuid="", created_at=None, updated_at=None, **identity) == q


def test_each_type_is_stored(service: QuestionBank) -> None:
    ids = service.add_many(SAMPLE)
    got = service.get_many(ids)
    assert [q.type for q in got] == [q.type for q in SAMPLE]
    numerical = got[3]
    assert numerical.choices[0].tolerance == 0.0 and numerical.unit == "bits"
    assert got[4].grader_info.startswith("Rubric") and got[4].points == 10


def test_update_changes_fields_tags_and_search(service: QuestionBank) -> None:
    q = service.add(SAMPLE[0])
    edited = replace(q, stem="Which matrices does LoRA train?", tags=("lora", "adapters"))
    got = service.update(edited)
    assert got.stem == "Which matrices does LoRA train?"
    assert got.tags == ("adapters", "lora")
    assert got.updated_at >= q.updated_at
    assert [h.question_id for h in service.search("matrices train")] == [q.id]
    assert service.search("update during") == []


@pytest.mark.parametrize(
    "bad, message",
    [
        (Question(QuestionType.MCQ, "  ", (Choice("a", 1),)), "needs a stem"),
        (Question(QuestionType.MCQ, "Two keys?", (Choice("a", 1), Choice("b", 1))), "exactly one"),
        (Question(QuestionType.TRUE_FALSE, "Sky is blue", (Choice("true", 1),)), "two choices"),
        (Question(QuestionType.SHORT, "Name it", ()), "accepted answer"),
    ],
)
def test_invalid_questions_are_refused_with_a_reason(service, bad, message) -> None:
    with pytest.raises(InvalidQuestionError, match=message):
        service.add(bad)
    assert service.count() == 0


def test_a_failing_batch_stores_nothing(service: QuestionBank) -> None:
    deck = make_deck(service.bank, 3)
    good = replace(SAMPLE[0], sources=(SlideRef(deck, 2, "LoRA freezes W."),))
    broken = replace(SAMPLE[1], sources=(SlideRef(deck, 99),))  # no such page
    with pytest.raises(InvalidQuestionError, match="has no page 99"):
        service.add_many([good, SAMPLE[2], broken])
    assert service.count() == 0
    assert service.search("LoRA") == []


def test_filters(service: QuestionBank) -> None:
    deck = make_deck(service.bank, 5)
    ids = service.add_many([replace(SAMPLE[0], sources=(SlideRef(deck, 4, "s"),)), *SAMPLE[1:]])

    def listed(**kw: object) -> list[int]:
        return [q.id for q in service.list_questions(QuestionFilter(**kw))]  # type: ignore[arg-type]

    assert listed() == ids
    assert listed(type=QuestionType.SHORT) == [ids[2]]
    assert listed(tag="tokenization") == [ids[1], ids[2]]
    assert listed(category="LLM/Tokenization") == [ids[1], ids[2]]  # includes Subwords
    assert listed(category="LLM") == ids[:4]
    assert listed(deck_id=deck) == [ids[0]]
    assert listed(difficulty=Difficulty.HARD) == [ids[4]]
    assert listed(status=Status.ACCEPTED) == [ids[1]]
    assert listed(status=Status.DRAFT, tag="tokenization") == [ids[2]]
    assert listed(limit=2, offset=1) == ids[1:3]
    assert service.count(QuestionFilter(tag="tokenization")) == 2
    assert "LLM/Tokenization/Subwords" in service.categories()


def test_search_ranks_stem_matches_and_ignores_accents(service: QuestionBank) -> None:
    ids = service.add_many(
        [
            mcq("What is a token?", "A unit of text", "A GPU", "A layer"),
            mcq("Who wrote the slides?", "Gülşen", "Alan", "Grace", tags=("authors",)),
            mcq("Which unit does a tokenizer output?", "Tokens", "Pixels", "Frames"),
            mcq("Pick the odd one", "tokenizer", "GPU", "CPU"),
        ]
    )
    hits = service.search("token")
    assert {h.question_id for h in hits} == {ids[0], ids[2], ids[3]}
    assert hits[-1].question_id == ids[3]  # only in an answer: ranked last
    assert "[" in hits[0].snippet
    assert [h.question_id for h in service.search("gulsen")] == [ids[1]]
    assert [h.question_id for h in service.search("AUTHORS")] == [ids[1]]
    assert service.search('"; DROP TABLE questions; --') == []
    assert service.search("   ") == []


def test_delete_says_what_it_breaks(service: QuestionBank) -> None:
    ids = service.add_many(SAMPLE[:3])
    exam = ExamStore(service).create(ExamHeader("Midterm"), [ids[0], ids[1]])
    impact = service.delete_impact([ids[1], ids[2]])
    assert impact.exams == ((exam.id, "Midterm"),) and not impact.safe
    with pytest.raises(QuestionInUseError, match="Midterm"):
        service.delete([ids[1]])
    assert service.count() == 3
    service.delete([ids[2]])  # not in an exam: no force needed
    service.delete([ids[1]], force=True)
    assert [q.id for q in service.list_questions()] == [ids[0]]
    assert service.search("byte") == []
    with pytest.raises(QuestionNotFoundError):
        service.delete([12345])


def test_get_missing_question(service: QuestionBank) -> None:
    with pytest.raises(QuestionNotFoundError, match="no question 7"):
        service.get(7)


def test_true_false_helper_sets_the_key(service: QuestionBank) -> None:
    q = service.add(true_false("Attention is quadratic in sequence length.", True))
    assert q.correct_answers == ("true",)
