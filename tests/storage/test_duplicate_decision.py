"""Keep both, replace or merge tags: each in one transaction."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storage.bank import DuplicateDecision, QuestionBank, QuestionInUseError
from storage.exams import ExamHeader, ExamStore
from tests.conftest import mcq

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

OLD = mcq(
    "Which weights does LoRA update during fine-tuning?",
    "Low-rank adapter matrices",
    "All weights",
    "Only embeddings",
    tags=("lora",),
)
NEW = mcq(
    "Which weights does LoRA update when fine-tuning?",
    "Low-rank adapter matrices",
    "All weights",
    "Only the embeddings",
    tags=("peft", "lora"),
    category="LLM",
)


def test_keep_both_stores_the_new_one(service: QuestionBank) -> None:
    old = service.add(OLD)
    kept = service.resolve_duplicate(NEW, old.id or 0, DuplicateDecision.KEEP_BOTH)
    assert kept.id != old.id and service.count() == 2


def test_replace_writes_the_new_content_over_the_old_and_drops_the_stored_draft(
    service: QuestionBank,
) -> None:
    old = service.add(OLD)
    draft = service.add(NEW)
    assert [m.question_id for m in service.find_duplicates(draft)] == [old.id]
    result = service.resolve_duplicate(draft, old.id or 0, DuplicateDecision.REPLACE)
    assert result.id == old.id and result.uuid == old.uuid
    assert result.stem == NEW.stem and result.category == "LLM"
    assert result.choices[2].text == "Only the embeddings"
    assert service.count() == 1
    assert [h.question_id for h in service.search("when fine-tuning")] == [old.id]
    assert service.find_duplicates(replace(NEW, id=None)) != []


def test_merge_tags_keeps_the_old_question(service: QuestionBank) -> None:
    old = service.add(OLD)
    result = service.resolve_duplicate(NEW, old.id or 0, DuplicateDecision.MERGE_TAGS)
    assert result.id == old.id and result.stem == OLD.stem
    assert set(result.tags) == {"lora", "peft"}
    assert service.count() == 1


def test_a_draft_used_in_an_exam_is_not_deleted(service: QuestionBank) -> None:
    old = service.add(OLD)
    draft = service.add(NEW)
    ExamStore(service).create(ExamHeader(title="Midterm"), [draft.id or 0])
    with pytest.raises(QuestionInUseError, match="Midterm"):
        service.resolve_duplicate(draft, old.id or 0, DuplicateDecision.MERGE_TAGS)
    assert service.count() == 2 and service.get(old.id or 0).tags == ("lora",)
