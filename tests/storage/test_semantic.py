"""Embeddings in the bank: stored, kept current, and used for near-duplicates."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from models.embeddings import Embedder
from storage.bank import QuestionBank
from storage.database import Bank, head_revision, open_bank
from storage.semantic import VectorMatrix, embed_pending, embedding_status
from tests.conftest import mcq, true_false
from tests.storage.old_banks import bank_at_revision

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

PARAPHRASE = (
    true_false("Byte-level BPE can encode any string without an unknown token.", True),
    true_false(
        "GPT-2 style tokenizers that operate on raw bytes never run into out-of-vocabulary input.",
        True,
    ),
)
LORA_UPDATED = mcq(
    "In LoRA, which weights are updated?",
    "the low-rank adapter matrices",
    "the pre-trained weights",
    "the embeddings",
)
LORA_FROZEN = mcq(
    "In LoRA, which weights are kept frozen?",
    "the pre-trained model weights",
    "the low-rank adapter matrices",
    "the embeddings",
)
OTHER = mcq(
    "What does the KV cache store during decoding?",
    "the keys and values of previous tokens",
    "the gradients",
)


def _embed_all(bank: Bank, embedder: Embedder) -> None:
    *_, last = embed_pending(bank, embedder)
    assert last.done == last.total


def test_a_paraphrase_is_flagged_and_a_look_alike_with_another_answer_is_not(
    service: QuestionBank, embedder: Embedder
) -> None:
    ids = service.add_many([PARAPHRASE[0], LORA_UPDATED, OTHER])
    _embed_all(service.bank, embedder)
    assert service.semantic_coverage() == (3, 3)
    service.embedder = embedder  # new drafts are embedded for the check

    found = service.find_duplicates(PARAPHRASE[1])
    assert [m.question_id for m in found] == [ids[0]]
    assert found[0].score >= 90
    assert service.find_duplicates(LORA_FROZEN) == []  # same words, another question
    # the earlier, rapidfuzz-only behaviour is still there, and misses the paraphrase
    assert service.find_duplicates(PARAPHRASE[1], method="lexical") == []
    # a copy is still found by both
    copy = replace(LORA_UPDATED, stem="In LoRA, which weights get updated?")
    assert [m.question_id for m in service.find_duplicates(copy)] == [ids[1]]
    assert [m.question_id for m in service.find_duplicates(copy, method="lexical")] == [ids[1]]


def test_without_vectors_the_check_is_lexical(service: QuestionBank) -> None:
    ids = service.add_many([PARAPHRASE[0], LORA_UPDATED])
    assert service.semantic_coverage() == (0, 2)
    assert service.find_duplicates(PARAPHRASE[1]) == []  # no model, no vectors
    copy = replace(LORA_UPDATED, stem="In LoRA, which weights get updated?")
    assert [m.question_id for m in service.find_duplicates(copy)] == [ids[1]]


def test_an_edit_makes_the_vectors_stale_until_they_are_made_again(
    service: QuestionBank, embedder: Embedder
) -> None:
    ids = service.add_many([PARAPHRASE[0], OTHER])
    _embed_all(service.bank, embedder)
    assert service.semantic_coverage() == (2, 2)
    edited = replace(service.get(ids[1]), stem="Which memory grows with the context length?")
    service.update(edited)
    status = embedding_status(service.bank, embedder.model_id)
    assert (status.questions, status.questions_current) == (2, 1)
    assert service.semantic_coverage() == (1, 2)  # the old vector is not used
    *_, last = embed_pending(service.bank, embedder)
    assert last.total == 1  # only the edited stem; its answer did not change
    assert service.semantic_coverage() == (2, 2)
    assert embedding_status(service.bank, embedder.model_id).complete


def test_single_adds_and_edits_are_embedded_at_once_with_an_embedder(
    bank: Bank, embedder: Embedder
) -> None:
    service = QuestionBank(bank, embedder)
    first = service.add(PARAPHRASE[0])
    assert service.semantic_coverage() == (1, 1)
    service.update(replace(first, stem="Byte-level BPE never needs an unknown token."))
    assert embedding_status(bank, embedder.model_id).complete
    assert service.semantic_coverage() == (1, 1)


def test_whole_bank_groups_include_paraphrases(service: QuestionBank, embedder: Embedder) -> None:
    ids = service.add_many([*PARAPHRASE, LORA_UPDATED, LORA_FROZEN, OTHER])
    assert service.duplicate_groups() == []  # no vectors yet: lexical, finds nothing
    _embed_all(service.bank, embedder)
    groups = service.duplicate_groups()
    assert [[m.question_id for m in g] for g in groups] == [ids[:2]]
    assert service.duplicate_groups(method="lexical") == []


def test_embedding_can_be_cancelled_and_resumed(service: QuestionBank, embedder: Embedder) -> None:
    service.add_many([*PARAPHRASE, LORA_UPDATED, LORA_FROZEN, OTHER])
    stop = threading.Event()
    seen = []
    for progress in embed_pending(service.bank, embedder, batch_size=3, cancel=stop.is_set):
        seen.append((progress.done, progress.total))
        if progress.done >= 3:
            stop.set()
    assert seen == [(0, 10), (3, 10)]  # 5 stems and 5 answers; stopped after one batch
    # the first question's stem and answer, and the second's stem
    assert embedding_status(service.bank, embedder.model_id).questions_current == 1
    *_, last = embed_pending(service.bank, embedder)
    assert last.total == 7  # what was done is kept
    assert embedding_status(service.bank, embedder.model_id).complete


def test_an_older_bank_is_upgraded_and_its_questions_become_pending(
    tmp_path: Path, embedder: Embedder
) -> None:
    path = bank_at_revision(tmp_path / "old.sqlite", "0004")
    with open_bank(path) as old:  # upgraded to 0005 on opening
        assert old.info.migrated_from == "0004" and old.info.schema_revision == head_revision()
        ids = QuestionBank(old).add_many([PARAPHRASE[0], OTHER])
        status = embedding_status(old, embedder.model_id)
        assert (status.questions, status.questions_current) == (2, 0)
        _embed_all(old, embedder)
        service = QuestionBank(old, embedder)
        assert [m.question_id for m in service.find_duplicates(PARAPHRASE[1])] == [ids[0]]
        with old.sessions() as s:
            assert s.execute(text("SELECT count(*) FROM question_embeddings")).scalar() == 4


def test_deleting_a_question_deletes_its_vectors(service: QuestionBank, embedder: Embedder) -> None:
    ids = service.add_many([PARAPHRASE[0], OTHER])
    _embed_all(service.bank, embedder)
    service.delete([ids[0]])
    with service.bank.sessions() as s:
        left = s.execute(text("SELECT DISTINCT question_id FROM question_embeddings")).all()
    assert [r[0] for r in left] == [ids[1]]
    assert service.semantic_coverage() == (1, 1)


def test_neighbours_in_a_large_matrix_find_planted_near_copies() -> None:
    rng = np.random.default_rng(3)
    n, dim = 6000, 64  # beyond the exact path: clustered search
    # like questions: many topics, each with its spread of questions
    topics = rng.normal(size=(300, dim)).astype(np.float32)
    base = topics[rng.integers(0, 300, n)] + 0.7 * rng.normal(size=(n, dim)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    matrix = VectorMatrix(dim)
    for i, v in enumerate(base):
        matrix.set(i, v)
    planted = {}
    for j in range(50):  # near copies of 50 rows
        v = base[j] + 0.1 * rng.normal(size=dim).astype(np.float32)
        matrix.set(n + j, v / np.linalg.norm(v))
        planted[n + j] = j
    matrix.remove(7)
    near = matrix.neighbours(5)
    found = sum(planted[c] in {o for o, _ in near[c]} for c in planted if planted[c] != 7)
    assert found >= 47  # approximate, but copies share their clusters
    assert 7 not in near and all(7 not in {o for o, _ in v} for v in near.values())
    assert matrix.top(base[3], 1)[0][0] in (3, n + 3)


def test_large_matrices_short_list_by_sign_codes_and_agree_with_exact_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storage.semantic as semantic

    rng = np.random.default_rng(5)
    n, dim = 5000, 64
    topics = rng.normal(size=(100, dim)).astype(np.float32)
    base = topics[rng.integers(0, 100, n)] + rng.normal(size=(n, dim)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    exact, coded = VectorMatrix(dim), VectorMatrix(dim)
    for i, v in enumerate(base):
        exact.set(i, v)
        coded.set(i, v)
    coded.remove(11)
    monkeypatch.setattr(semantic, "EXACT_LIMIT", 1000)  # 5,000 vectors: the coded path
    agree = 0
    for j in range(40):
        query = base[j] + 0.05 * rng.normal(size=dim).astype(np.float32)
        query /= np.linalg.norm(query)
        want = {i for i, _ in exact.top(query, 10) if i not in (11, j)}
        got = coded.top(query, 10, exclude=j)
        assert j not in {i for i, _ in got} and 11 not in {i for i, _ in got}
        sims = [s for _, s in got]
        assert sims == sorted(sims, reverse=True)  # exact cosines, best first
        agree += len(want & {i for i, _ in got}) / len(want)
    assert agree / 40 >= 0.95
