"""How likely a built draft is to be kept by a teacher, learned from blind ratings.

Blind raters judged every draft of the rating rounds (docs/draft_quality/round*, both
raters): usable / light edit / unusable, key correct or not. A logistic regression over
`draft_features` (form, wording, word frequency, the parse of the stem, closeness in
meaning of stem, slide, key and options) and the meaning vector of the question
separates the kept drafts (at most a light edit, key correct) from the rest on rounds
it was not fitted on; `bench/train_draft_scorer.py` fits it, reports those figures and
writes `draft_scorer.json`. Drafting ranks each window of candidates by this score and
leaves out those below the threshold, so a run delivers fewer drafts rather than the
ones raters rejected most. With another embedding model, or none, or without the
parser, there is no score and the hand-set ranking decides alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from models.drafting.draft_features import DraftView, hand_features, meaning_features
from models.drafting.sentence_parse import parser_available
from models.drafting.term_embeddings import _embed
from storage.semantic import TextEmbedder

WEIGHTS = Path(__file__).with_name("draft_scorer.json")
VECTOR_SCALE = 3.0  # the question's meaning vector beside standardised features


def question_text(view: DraftView) -> str:
    """The text whose meaning vector enters the score: the question with its answer."""
    return view.stem if view.type == "truefalse" else f"{view.stem} Answer: {view.key}"


def feature_row(view: DraftView, vectors: dict[str, np.ndarray]) -> tuple[list[str], list[float]]:
    """Named features of a draft; `vectors` holds the unit vector of each of its texts."""
    feats = {**hand_features(view), **meaning_features(view, vectors.__getitem__)}
    return list(feats), list(feats.values())


def texts_of(view: DraftView) -> list[str]:
    return [*view.texts(), question_text(view)]


@dataclass(frozen=True)
class _Model:
    model_id: str
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # the named features' weights, then the vector's
    bias: float
    threshold: float


@lru_cache(maxsize=1)
def _model() -> _Model | None:
    try:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        return _Model(
            model_id=str(data["model_id"]),
            names=tuple(data["names"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not shipped or damaged: the hand-set ranking decides alone


class DraftScorer:
    """Scores drafts with one embedder for one drafting run; None from `for_embedder`
    when the shipped weights do not belong to its model or the parser is missing."""

    def __init__(self, embedder: TextEmbedder, model: _Model) -> None:
        self._embedder = embedder
        self._model = model
        self.broken = False  # the embedder failed mid-run: rank by hand from here
        self.threshold = model.threshold
        # draft → probability, for the run: a candidate not delivered comes back in a
        # later window, built again to the same text
        self._scores: dict[DraftView, float] = {}

    @classmethod
    def for_embedder(cls, embedder: TextEmbedder | None) -> DraftScorer | None:
        model = _model()
        if embedder is None or model is None or not parser_available():
            return None
        if getattr(embedder, "model_id", None) != model.model_id:
            return None  # another model's vectors: these weights mean nothing for them
        return cls(embedder, model)

    def score(self, view: DraftView) -> float | None:
        """The probability that raters keep the draft (None when the embedder fails)."""
        return self.score_all([view])[0]

    def score_all(self, views: Sequence[DraftView]) -> list[float | None]:
        """`score` for several drafts, their new texts embedded in one call."""
        todo = list(dict.fromkeys(v for v in views if v not in self._scores))
        if todo and not self.broken:
            self._score_new(todo)
        return [self._scores.get(v) for v in views]

    def _score_new(self, views: Sequence[DraftView]) -> None:
        texts = list(dict.fromkeys(t for v in views for t in texts_of(v)))
        try:
            vectors = dict(zip(texts, _embed(self._embedder, texts), strict=True))
        except Exception:  # a model failure must not stop drafting
            self.broken = True
            return
        rows = []
        for view in views:
            names, values = feature_row(view, vectors)
            if tuple(names) != self._model.names:
                self.broken = True  # weights of another feature set: no score, not noise
                return
            x = (np.asarray(values) - self._model.mean) / self._model.scale
            rows.append(np.concatenate([x, VECTOR_SCALE * vectors[question_text(view)]]))
        z = np.asarray(rows) @ self._model.weights + self._model.bias
        self._scores.update(zip(views, (float(p) for p in 1.0 / (1.0 + np.exp(-z))), strict=True))

    def keeps(self, p: float | None) -> bool:
        return p is None or p >= self.threshold
