"""The learned true/false statement scorer: its own logic with a test double, then the real
bundled embedding model on statements of the kinds raters kept and rejected."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from models.drafting import statement_scorer
from models.drafting.built import build_drafts
from models.drafting.statement_scorer import StatementScorer, _model
from storage.domain import Difficulty, QuestionType, Slide


class _Fixed:
    """An embedder whose vector for a text says whether the text holds "good"."""

    def __init__(self, model_id: str, fail: bool = False) -> None:
        self.model_id = model_id
        self.fail = fail
        self.calls = 0

    def embed(self, texts: Sequence[str], **_: object) -> list[list[float]]:
        self.calls += 1
        if self.fail:
            raise RuntimeError("model crashed")
        return [[1.0, 0.0] if "good" in t else [0.0, 1.0] for t in texts]


@pytest.fixture
def two_dims(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    weights = tmp_path / "scorer.json"
    weights.write_text(
        json.dumps({"model_id": "m", "weights": [4.0, -4.0], "bias": 0.0, "threshold": 0.5})
    )
    monkeypatch.setattr(statement_scorer, "WEIGHTS", weights)
    _model.cache_clear()
    yield
    _model.cache_clear()


def test_keeps_what_scores_above_the_threshold(two_dims) -> None:  # type: ignore[no-untyped-def]
    scorer = StatementScorer.for_embedder(_Fixed("m"))
    assert scorer is not None
    assert scorer.keeps("a good statement of a fact")
    assert not scorer.keeps("a fragment run into the next line")


def test_another_models_vectors_or_no_weights_give_no_scorer(two_dims, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    assert StatementScorer.for_embedder(_Fixed("another-model")) is None
    assert StatementScorer.for_embedder(None) is None
    monkeypatch.setattr(statement_scorer, "WEIGHTS", tmp_path / "missing.json")
    _model.cache_clear()
    assert StatementScorer.for_embedder(_Fixed("m")) is None


def test_an_embedder_that_fails_keeps_every_statement(two_dims) -> None:  # type: ignore[no-untyped-def]
    embedder = _Fixed("m", fail=True)
    scorer = StatementScorer.for_embedder(embedder)
    assert scorer is not None
    assert scorer.keeps("a fragment unlike a fact")
    assert scorer.keeps("another fragment")  # broken: not asked again
    assert embedder.calls == 1


def test_drafting_leaves_out_the_statements_the_scorer_rejects(two_dims) -> None:  # type: ignore[no-untyped-def]
    slides = [
        Slide(1, 1, "Gradients\nA good optimizer follows the negative gradient of the loss."),
        Slide(
            1, 2, "Dropout\nDropout randomly removes units during training to reduce overfitting."
        ),
    ]
    plain = build_drafts(slides, {QuestionType.TRUE_FALSE: 4}, Difficulty.MEDIUM)
    scored = build_drafts(
        slides, {QuestionType.TRUE_FALSE: 4}, Difficulty.MEDIUM, embedder=_Fixed("m")
    )
    assert any("good" not in q.stem for q in plain)
    assert scored and all("good" in q.stem for q in scored)


@pytest.mark.slow
def test_the_real_model_scores_textbook_claims_above_fragments_and_logistics() -> None:
    """The shipped weights with the bundled embedding model (written before scoring them)."""
    from models.embeddings import load_embedder

    scorer = StatementScorer.for_embedder(load_embedder())
    assert scorer is not None, "the shipped weights belong to the bundled embedding model"
    claims = [
        "Photosynthesis converts light energy into chemical energy stored in glucose.",
        "A hash table gives constant expected time for lookups when the load factor is bounded.",
        "Inflation reduces the purchasing power of money held as cash.",
        "Mitochondria produce most of the ATP that a eukaryotic cell uses.",
        "A contract requires an offer, an acceptance and consideration to be binding.",
        "Increasing the sample size reduces the standard error of the mean.",
    ]
    junk = [
        "Slides are available on the course website after class.",
        "Hydrogen atoms are assumed.",
        "Tuesday samples design concerns.",
        "Function does not work as expected.",
        "T2 reads the value after T1 writes it.",
        "Four researchers wrote a famous book in the nineties.",
    ]
    good = [scorer.score(s) for s in claims]
    bad = [scorer.score(s) for s in junk]
    assert all(p is not None and 0.0 < p < 1.0 for p in good + bad)
    pairs = [g > b for g in good for b in bad]  # type: ignore[operator]
    assert sum(pairs) / len(pairs) >= 0.8  # measured 0.94 when written


class _Graded(_Fixed):
    """An embedder whose vector grows with how often the text says "good"."""

    def embed(self, texts: Sequence[str], **_: object) -> list[list[float]]:
        self.calls += 1
        return [[t.count("good") - 3.0, 0.0] for t in texts]


def test_a_deck_scored_low_as_a_whole_keeps_its_better_part(two_dims) -> None:  # type: ignore[no-untyped-def]
    scorer = StatementScorer.for_embedder(_Graded("m"))
    assert scorer is not None
    run = [("good " * k) + "claim" for k in range(5)]  # scores .00 .00 .02 .5 .98
    low = [("good " * k) + "claim" for k in range(3)]
    assert not scorer.keeps(low[2])  # below the fixed threshold
    scorer.calibrate([*low, *low])  # a deck in a style the ratings never saw
    assert scorer.keeps(low[2]) and not scorer.keeps(low[0])  # its better part stays
    fresh = StatementScorer.for_embedder(_Graded("m"))
    assert fresh is not None
    fresh.calibrate(run)
    assert not fresh.keeps(low[2])  # a deck with statements above it keeps the threshold
    fresh.calibrate(run[:3])  # too few to say anything about the deck
    assert not fresh.keeps(low[2])
