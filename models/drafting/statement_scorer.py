"""How likely a true/false statement is to be kept by a teacher, learned from blind ratings.

Blind raters judged every true/false draft of the rating rounds (docs/draft_quality/round*,
both raters): usable / light edit / unusable, key correct or not. A logistic regression
over the statement's meaning vector (the bundled MiniLM embedding) separates the kept
ones (at most a light edit, key correct) from the rest on rounds it was not fitted on:
AUC 0.71-0.87 per round of unseen decks (rounds 15-20). Word rules catch the failures
seen so far one by one; the learned score catches their family resemblance (fragments,
scenario lines, claims that need their slide) in fields no rule was written for.

`bench/train_statement_scorer.py` fits it and writes `statement_scorer.json` (weights,
bias, the threshold that keeps 60% of the rated statements, the embedding model id, and
the figures). With another embedding model, or none, there is no score and drafting
keeps the word rules alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from models.drafting.term_embeddings import _embed
from storage.semantic import TextEmbedder

WEIGHTS = Path(__file__).with_name("statement_scorer.json")
_RUN_SHARE = 0.4  # the share of a run's statements kept at least (the threshold keeps 60%)
_MIN_TO_CALIBRATE = 5  # fewer statements say nothing about the deck's style


@dataclass(frozen=True)
class _Model:
    model_id: str
    weights: np.ndarray
    bias: float
    threshold: float


@lru_cache(maxsize=1)
def _model() -> _Model | None:
    try:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        weights = np.asarray(data["weights"], dtype=np.float32)
        return _Model(str(data["model_id"]), weights, float(data["bias"]), float(data["threshold"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not shipped or damaged: the word rules decide alone


class StatementScorer:
    """Scores statements with one embedder for one drafting run; None from `for_embedder`
    when the shipped weights do not belong to its model."""

    def __init__(self, embedder: TextEmbedder, model: _Model) -> None:
        self._embedder = embedder
        self._model = model
        self.broken = False  # the embedder failed mid-run: keep every statement
        self.threshold = model.threshold  # lowered by `calibrate` for a deck scored low
        self._scores: dict[str, float] = {}  # statement → probability, for the run

    @classmethod
    def for_embedder(cls, embedder: TextEmbedder | None) -> StatementScorer | None:
        model = _model()
        if embedder is None or model is None:
            return None
        if getattr(embedder, "model_id", None) != model.model_id:
            return None  # another model's vectors: these weights mean nothing for them
        return cls(embedder, model)

    def score(self, statement: str) -> float | None:
        """The probability that raters keep `statement` (None when the embedder fails)."""
        if statement not in self._scores:
            self._score_all([statement])
        return self._scores.get(statement)

    def _score_all(self, statements: Sequence[str]) -> None:
        """Scores for new statements, embedded in one call and kept for the run: the
        statements `calibrate` reads are asked again when their drafts are screened."""
        todo = [t for t in dict.fromkeys(statements) if t not in self._scores]
        if self.broken or not todo:
            return
        try:
            vectors = _embed(self._embedder, todo)
        except Exception:  # a model failure must not stop drafting: rules alone from here
            self.broken = True
            return
        z = np.asarray(vectors, dtype=np.float32) @ self._model.weights + self._model.bias
        self._scores.update(zip(todo, (float(p) for p in 1.0 / (1.0 + np.exp(-z))), strict=True))

    def calibrate(self, statements: Sequence[str]) -> None:
        """Judge this run's statements against each other as well: a deck whose style the
        ratings never saw (telegraphic bullets in a new field) scores low as a whole, and
        the fixed threshold refused 56 of 60 candidates of one such deck (round 25) while
        the score ranks fresh rounds only weakly (AUC 0.17-0.63 on rounds 21-23). Within
        the run, the better part by score is kept (_RUN_SHARE) even below the threshold."""
        if self.broken or len(statements) < _MIN_TO_CALIBRATE:
            return
        self._score_all(statements)
        scores = [self._scores[t] for t in statements if t in self._scores]
        if self.broken or not scores:
            return
        self.threshold = min(self._model.threshold, float(np.quantile(scores, 1 - _RUN_SHARE)))

    def keeps(self, statement: str) -> bool:
        p = self.score(statement)
        return p is None or p >= self.threshold
