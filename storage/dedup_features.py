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

import functools
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
_CANT = re.compile(r"\bcan t\b")
_WONT = re.compile(r"\bwon t\b")
_NT = re.compile(r"\b(\w+)n t\b")
_NEGATIONS = frozenset(
    "not no never none cannot without nicht kein keine keinen nie ohne pas jamais aucun".split()
)


@functools.lru_cache(maxsize=1 << 16)  # a bank-wide scan meets each text many times
def clean(text: str) -> str:
    """Lower-case words of `text`, markup and maths delimiters set aside."""
    text = html.unescape(_TAG.sub(" ", text))
    text = _PLACEHOLDER.sub(r" \1 ", text)
    text = _LATEX_SPACING.sub(" ", _LATEX_DELIMS.sub(" ", text))
    text = _BLANK.sub(" ", _NUMBERING.sub("", text))
    text = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    # "isn't" (or "isn t", as storage.dedup.normalize leaves it) is a negation
    text = _WONT.sub("will not", _CANT.sub("can not", text))
    return _NT.sub(r"\1 not", text)


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
    "near_same_stem",
    "near_same_stem_x_answer_equal",
    "near_same_stem_x_answer_ratio",
    "stem_token_set_squared",
    "stem_ratio_squared",
    "stem_cosine_squared",
)
# Stems this close (rapidfuzz ratio of the cleaned stems) are the same text, lightly
# edited: then the answers decide (the same stem with another key is a variant).
NEAR_SAME_STEM = 0.9


def features(a: DedupKey, b: DedupKey, va: Vectors, vb: Vectors) -> FloatArray:
    """The pair's features, in the order of FEATURES (each about 0..1)."""
    sa, sb = clean(a.stem), clean(b.stem)
    aa, ab = clean(a.answer), clean(b.answer)
    stem_ratio = fuzz.ratio(sa, sb) / 100.0
    stem_cos = float(va.stem @ vb.stem)
    trivial = a.trivial_answer or b.trivial_answer
    if (not aa and not ab) or (trivial and aa == ab):
        # no answers (essays), or the same answer that says nothing ("true", "4"): only
        # the stems can say, so they stand for the answers
        answer_equal, answer_ratio, answer_cos, cross = (
            float(sa == sb),
            stem_ratio,
            stem_cos,
            stem_cos,
        )
    elif trivial:  # "true" and "false": another statement
        answer_equal, answer_ratio, answer_cos, cross = 0.0, 0.0, 0.0, 0.0
    elif aa and ab and va.answer is not None and vb.answer is not None:
        answer_equal = float(aa == ab)
        answer_ratio = fuzz.ratio(aa, ab) / 100.0
        answer_cos = 1.0 if answer_equal else float(va.answer @ vb.answer)
        cross = max(float(va.stem @ vb.answer), float(va.answer @ vb.stem))
    else:  # a question with a key and one without are not the same question
        answer_equal, answer_ratio, answer_cos, cross = 0.0, 0.0, 0.0, 0.0
    near = float(stem_ratio >= NEAR_SAME_STEM)
    token_set = fuzz.token_set_ratio(sa, sb) / 100.0
    # squares: the chance of a duplicate is not monotonic in wording (unrelated questions
    # share few words, rewordings some, look-alikes with another answer nearly all)
    return np.array(
        [
            token_set,
            stem_ratio,
            answer_equal,
            answer_ratio,
            stem_cos,
            answer_cos,
            cross,
            float(a.numbers != b.numbers),
            float(_negations(sa + " " + aa) != _negations(sb + " " + ab)),
            float(bool(aa) != bool(ab)),
            float(trivial),
            stem_cos * answer_cos,
            near,
            near * answer_equal,
            near * answer_ratio,
            token_set**2,
            stem_ratio**2,
            stem_cos**2,
        ]
    )


def fit_logistic(
    x: FloatArray,
    y: Sequence[bool],
    sample_weight: FloatArray | None = None,
    l2: float = 0.3,
    steps: int = 50,
) -> tuple[FloatArray, float]:
    """Weights and intercept of an L2-regularised logistic regression (Newton's method)."""
    n, d = x.shape
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    xb = np.hstack([x, np.ones((n, 1))])
    t = np.asarray(y, dtype=np.float64)
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0  # the intercept is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ ((p - t) * sw) + reg * w
        hess = (xb * (p * (1 - p) * sw)[:, None]).T @ xb + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w[:-1], float(w[-1])


def is_copy(f: FloatArray) -> bool:
    """A light edit of the same question: nearly the same stem, the same answer, the same
    figures. Duplicates whatever the model says (the labelled pairs agree in 30 of 31)."""
    at = FEATURES.index
    return bool(f[at("near_same_stem_x_answer_equal")] == 1 and f[at("numbers_differ")] == 0)


# Fitted on all labelled pairs by `bench/dedup_eval.py --fit` (its cross-validated
# figures are of weights fitted without the pairs scored).
# (l2 0.1, chosen by inner cross-validation)
WEIGHTS: tuple[float, ...] = (
    -1.5080,  # stem_token_set
    -2.3610,  # stem_ratio
    2.8339,  # answer_equal
    -0.0417,  # answer_ratio
    4.0681,  # stem_cosine
    5.3644,  # answer_cosine
    6.9368,  # cross_cosine
    -2.2253,  # numbers_differ
    -0.8126,  # negation_differs
    -0.6702,  # one_without_answer
    -0.1518,  # trivial_answer
    0.7912,  # stem_cos_x_answer
    0.9644,  # near_same_stem
    2.3843,  # near_same_stem_x_answer_equal
    0.1069,  # near_same_stem_x_answer_ratio
    -3.7259,  # stem_token_set_squared
    -4.3365,  # stem_ratio_squared
    0.4486,  # stem_cosine_squared
)
INTERCEPT = -2.4052
# The log-odds above which a pair is a duplicate (chosen with the weights).
DECISION = -0.0525
# Regularisation strengths tried; the one chosen by inner cross-validation is used.
L2_CHOICES = (0.1, 0.3, 1.0)


def log_odds(
    f: FloatArray,
    weights: Sequence[float] = WEIGHTS,
    intercept: float = INTERCEPT,
) -> float:
    return float(np.dot(f, np.asarray(weights)) + intercept)


def decision_score(
    f: FloatArray, weights: Sequence[float] = WEIGHTS, intercept: float = INTERCEPT
) -> float:
    """The model's log-odds, or a sure yes for a copy (see `is_copy`)."""
    return 50.0 if is_copy(f) else log_odds(f, weights, intercept)


def learned_score(
    a: DedupKey, b: DedupKey, va: Vectors, vb: Vectors, threshold: float = 90.0
) -> float:
    """0..100, `threshold` at the fitted decision boundary (90 is storage.dedup's default)."""
    margin = decision_score(features(a, b, va, vb)) - DECISION
    return float(min(100.0, max(0.0, threshold + 10.0 * margin)))
