"""The learned near-duplicate decision's own parts (the model's figures: bench/dedup_eval.py)."""

from __future__ import annotations

import numpy as np

from storage.dedup import DedupKey, Vectors, combined_similarity
from storage.dedup_features import FEATURES, WEIGHTS, clean, features, fit_logistic, is_copy


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_clean_sets_moodle_and_latex_markup_aside() -> None:
    raw = "033) Sei \\( f(x)={@a@}x^2 \\) <b>gegeben</b>. \\(f'(x)=\\) ___"
    assert clean(raw) == "sei f x a x 2 gegeben f x"
    assert clean("It isn't &amp; can't") == "it is not can not"


def test_same_stem_with_another_key_is_not_a_copy() -> None:
    v = Vectors(_unit(1, 0, 0), _unit(0, 1, 0))
    w = Vectors(_unit(1, 0, 0), _unit(0, 0, 1))
    stem = "Wie lautet die Ableitung der folgenden Funktion? f(x)={@myf@}"
    same = features(DedupKey.of(stem, ["a*x"]), DedupKey.of(stem + " ", ["a*x"]), v, v)
    other = features(DedupKey.of(stem, ["a*x"]), DedupKey.of(stem, ["exp(x)"]), v, w)
    assert is_copy(same) and not is_copy(other)
    a, b = DedupKey.of(stem, ["a*x"]), DedupKey.of(stem, ["exp(x)"])
    assert combined_similarity(a, a, v, v) >= 90 > combined_similarity(a, b, v, w)


def test_shipped_weights_match_the_features() -> None:
    assert len(WEIGHTS) == len(FEATURES)


def test_fit_logistic_separates_and_weights_samples() -> None:
    x = np.array([[0.0], [0.2], [0.8], [1.0]])
    w, b = fit_logistic(x, [False, False, True, True])
    assert w[0] > 0 and (x @ w + b)[0] < 0 < (x @ w + b)[3]
    heavy = np.array([1.0, 1.0, 1.0, 50.0])
    w2, b2 = fit_logistic(x, [False, False, True, False], heavy)
    assert (np.array([1.0]) @ w2 + b2) < 0  # the heavily weighted "no" wins at 1.0
