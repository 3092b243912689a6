"""The learned draft scorer: the features it reads, its own logic with a test double, then
the real bundled embedding model with the shipped weights on drafts of the kinds blind
raters kept and rejected."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from models.drafting import draft_scorer
from models.drafting.built import build_drafts
from models.drafting.draft_features import DraftView, hand_features
from models.drafting.draft_scorer import DraftScorer, _model, feature_row, texts_of
from storage.domain import Choice, Difficulty, Origin, Question, QuestionType, Slide
from tests.models.test_statement_scorer import _Fixed

SLIDE = (
    "Nuptial gifts\nIn hangingflies the male offers a prey item; "
    "the payoff to the male is more sperm transferred."
)


def _view(
    stem: str, kind: str = "truefalse", key: str = "True", options: Sequence[str] = ()
) -> DraftView:
    return DraftView(kind, "true-false", "medium", "understand", stem, tuple(options), key, SLIDE)


def test_a_statement_on_a_bare_everyday_subject_reads_as_one() -> None:
    lost = hand_features(
        _view("The components can be raw materials, semi-finished products, or ingredients.")
    )
    named = hand_features(_view("Hysteresis makes ferromagnets keep their magnetization."))
    assert lost["mean noun commonness"] > named["mean noun commonness"] + 1
    assert lost["subject commonness"] > named["subject commonness"] + 1
    assert lost["subject bare definite"] == 1.0 and named["subject bare definite"] == 0.0
    bare = hand_features(_view("Males try to avoid being eaten."))
    assert bare["subject bare common noun"] == 1.0 and named["subject bare common noun"] == 0.0
    pronoun = hand_features(_view("They try to avoid being eaten."))
    assert pronoun["subject is a pronoun"] == 1.0 and named["subject is a pronoun"] == 0.0


def test_an_everyday_word_as_a_key_reads_as_a_label() -> None:
    label = hand_features(_view("Which kind of system keeps the data?", "short", "Storage"))
    term = hand_features(_view("Which kind of system keeps the data?", "short", "Hypervisor"))
    assert label["key's least common word"] > term["key's least common word"]


def test_a_question_is_read_as_its_rater_saw_it() -> None:
    q = Question(
        type=QuestionType.MCQ,
        stem="Which ensemble method trains each tree on a bootstrap sample?",
        choices=(Choice("Bagging", 1.0), Choice("Boosting", 0.0), Choice("Stacking", 0.0)),
        difficulty=Difficulty.HARD,
        origin=Origin(method="built", settings={"builder": "term-for-definition"}),
    )
    view = DraftView.of(q, "Ensembles\nBagging trains each tree on a bootstrap sample.")
    assert view.key == "Bagging" and view.options == ("Bagging", "Boosting", "Stacking")
    assert (view.type, view.builder, view.difficulty) == ("mcq", "term-for-definition", "hard")
    assert view.title == "Ensembles"
    tf = Question(
        type=QuestionType.TRUE_FALSE,
        stem="Bagging lowers variance.",
        choices=(Choice("true", 1.0), Choice("false", 0.0)),
    )
    assert DraftView.of(tf, "").key == "True"


@pytest.fixture
def good_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Weights that read only the question's vector: "good" in it is kept."""
    vectors = {t: np.asarray([0.0, 1.0]) for t in texts_of(_view("x"))}
    names, _ = feature_row(_view("x"), vectors)
    weights = tmp_path / "scorer.json"
    weights.write_text(
        json.dumps(
            {
                "model_id": "m",
                "names": names,
                "mean": [0.0] * len(names),
                "scale": [1.0] * len(names),
                "weights": [0.0] * len(names) + [2.0, -2.0],
                "bias": 0.0,
                "threshold": 0.5,
            }
        )
    )
    monkeypatch.setattr(draft_scorer, "WEIGHTS", weights)
    _model.cache_clear()
    yield
    _model.cache_clear()


def test_scores_and_keeps_by_the_threshold(good_words) -> None:  # type: ignore[no-untyped-def]
    scorer = DraftScorer.for_embedder(_Fixed("m"))
    assert scorer is not None
    good = scorer.score(_view("A good optimizer follows the negative gradient."))
    bad = scorer.score(_view("Males try to avoid being eaten."))
    assert good is not None and bad is not None and good > 0.9 > 0.1 > bad
    assert scorer.keeps(good) and not scorer.keeps(bad)


def test_another_model_missing_or_foreign_weights_give_no_score(
    good_words, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    assert DraftScorer.for_embedder(_Fixed("another-model")) is None
    assert DraftScorer.for_embedder(None) is None
    monkeypatch.setattr(draft_scorer, "WEIGHTS", tmp_path / "missing.json")
    _model.cache_clear()
    assert DraftScorer.for_embedder(_Fixed("m")) is None
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"model_id": "m", "names": [')
    monkeypatch.setattr(draft_scorer, "WEIGHTS", damaged)
    _model.cache_clear()
    assert DraftScorer.for_embedder(_Fixed("m")) is None


def test_weights_of_another_feature_set_score_nothing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    weights = tmp_path / "old.json"
    weights.write_text(
        json.dumps(
            {
                "model_id": "m",
                "names": ["stem words"],
                "mean": [0.0],
                "scale": [1.0],
                "weights": [1.0, 0.0, 0.0],
                "bias": 0.0,
                "threshold": 0.5,
            }
        )
    )
    monkeypatch.setattr(draft_scorer, "WEIGHTS", weights)
    _model.cache_clear()
    scorer = DraftScorer.for_embedder(_Fixed("m"))
    assert scorer is not None
    assert scorer.score(_view("A good statement.")) is None and scorer.keeps(None)
    _model.cache_clear()


def test_an_embedder_that_fails_leaves_the_ranking_to_hand(good_words) -> None:  # type: ignore[no-untyped-def]
    embedder = _Fixed("m", fail=True)
    scorer = DraftScorer.for_embedder(embedder)
    assert scorer is not None
    assert scorer.score(_view("A good statement nobody embedded yet.")) is None
    assert scorer.score(_view("Another statement nobody embedded.")) is None  # not asked again
    assert embedder.calls == 1


def test_drafting_leaves_out_what_the_scorer_rejects_and_says_so(good_words) -> None:  # type: ignore[no-untyped-def]
    slides = [
        Slide(1, 1, "Gradients\nA good optimizer follows the negative gradient of the loss."),
        Slide(
            1, 2, "Dropout\nDropout randomly removes units during training to reduce overfitting."
        ),
        Slide(1, 3, "Momentum\nMomentum is a good way to damp oscillations of gradient descent."),
    ]
    counts = {QuestionType.TRUE_FALSE: 4, QuestionType.MCQ: 2}
    plain = build_drafts(slides, counts, Difficulty.MEDIUM)
    stats: dict[str, int] = {}
    scored = build_drafts(slides, counts, Difficulty.MEDIUM, embedder=_Fixed("m"), stats=stats)
    assert any("good" not in q.stem for q in plain)
    assert scored and all(
        "good" in q.stem or any("good" in c.text for c in q.choices) for q in scored
    )
    assert stats["reads unlike drafts teachers kept"] >= 1


@pytest.mark.slow
def test_the_shipped_weights_rank_kept_drafts_above_rejected_ones() -> None:
    """The real embedding model and parser with the shipped weights, on drafts written
    here in the shapes raters kept and rejected (none of them from a rated deck)."""
    from models.embeddings import load_embedder

    scorer = DraftScorer.for_embedder(load_embedder())
    assert scorer is not None, "the shipped weights belong to the bundled embedding model"
    slide = (
        "Photosynthesis\nPhotosynthesis converts light energy into chemical energy "
        "stored in glucose. Chlorophyll absorbs mostly blue and red light. The Calvin "
        "cycle fixes carbon dioxide into sugars."
    )
    kept = [
        "Photosynthesis converts light energy into chemical energy stored in glucose.",
        "Chlorophyll absorbs mostly blue and red light.",
        "The Calvin cycle fixes carbon dioxide into sugars.",
    ]
    rejected = [
        "The result is more of them.",
        "They are shown in the figure below.",
        "Some things matter.",
    ]

    def p(stem: str) -> float:
        score = scorer.score(
            DraftView("truefalse", "true-false", "medium", "understand", stem, (), "True", slide)
        )
        assert score is not None and 0.0 < score < 1.0
        return score

    good = [p(s) for s in kept]
    bad = [p(s) for s in rejected]
    assert min(good) > max(bad)


def test_a_run_says_how_many_candidates_the_scorer_left_out(good_words) -> None:  # type: ignore[no-untyped-def]
    from models.drafting import Draft, DraftRequest, run_drafting, shortfall_message

    prose = [Slide(1, 3, "Attention lets every token look at every other token.")]
    said = shortfall_message(prose, 2, {QuestionType.TRUE_FALSE: 2}, unlike=3)
    assert "3 more candidate(s) were left out" in said
    assert "left out" not in shortfall_message(prose, 2, {QuestionType.TRUE_FALSE: 2})
    slides = [
        Slide(
            1, 1, "Dropout\nDropout randomly removes units during training to reduce overfitting."
        ),
        Slide(1, 2, "Momentum\nMomentum damps the oscillations of gradient descent in ravines."),
    ]
    request = DraftRequest({QuestionType.TRUE_FALSE: 3}, Difficulty.MEDIUM, strategy="built")
    items = list(run_drafting(slides, request, embedder=_Fixed("m")))
    assert not [d for d in items if isinstance(d, Draft)]  # no "good" in any: all refused
    assert any(
        "left out because they read like drafts" in p.message
        for p in items
        if not isinstance(p, Draft)
    )
