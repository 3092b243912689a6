"""How well near-duplicate detection separates duplicates from look-alikes, cross-validated.

The labelled pairs (tests/fixtures/dedup_pairs.jsonl, see its README) form two
sets: "real" (both questions from real Moodle banks, exported two weeks apart)
and "reworded" (hand-written rewordings of lecture questions and their hard
look-alikes). Every method's threshold (and the learned method's weights) is
chosen on 4 of 5 folds and scored on the fifth; the held-out decisions of all
folds are pooled per set, and the F1 is averaged over 5 shuffles. No figure
printed here was tuned on its own test fold.

Methods:
  token_set   rapidfuzz token_set_ratio of stem + answer (the plain lexical check)
  lexical     storage.dedup.similarity (stem and answer apart, rapidfuzz only)
  rules       the hand-set embedding rules before the learned model
  name/set    the same with a threshold per set (the lexical checks at their best)
  learned     storage.dedup_features: logistic model on lexical + embedding features
              (storage.dedup's default method when both questions have vectors)

Run: .venv/bin/python bench/dedup_eval.py [--fit]
(--fit also prints the weights fitted on all pairs, for storage/dedup_features.py.)
The last line printed is one JSON object.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.dedup import (  # noqa: E402
    DedupKey,
    Vectors,
    rules_similarity,
    similarity,
)
from storage.dedup_features import (  # noqa: E402
    FEATURES,
    L2_CHOICES,
    decision_score,
    features,
    fit_logistic,
)
from storage.semantic import question_texts  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "dedup_pairs.jsonl"
CACHE = Path("/tmp") / "quizwright-dedup-eval-vectors.npz"
SETS = ("real", "reworded")
FOLDS = 5
SHUFFLES = 5

Row = tuple[DedupKey, DedupKey, bool, str, str]  # a, b, duplicate, set, kind


def pair_set(d: dict[str, object]) -> str:
    return str(
        d.get("set") or ("real" if str(d["source"]).startswith("aufgabenpool:") else "reworded")
    )


def embed(texts: list[str]) -> np.ndarray:
    """The texts' embeddings, cached under /tmp by their content (the model is slow here)."""
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()
    if CACHE.exists():
        cached = np.load(CACHE)
        if str(cached["digest"]) == digest:
            return np.asarray(cached["matrix"])
    from models.embeddings import Embedder, ensure_embedding_model

    embedder = Embedder(ensure_embedding_model())
    matrix = np.asarray(embedder.embed([t or " " for t in texts]))
    embedder.close()
    np.savez(CACHE, digest=np.array(digest), matrix=matrix)
    return matrix


def load() -> tuple[list[Row], list[tuple[Vectors, Vectors]]]:
    rows: list[Row] = []
    texts: list[str] = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        rows.append(
            (
                DedupKey.of(d["a"]["stem"], d["a"]["answers"]),
                DedupKey.of(d["b"]["stem"], d["b"]["answers"]),
                bool(d["duplicate"]),
                pair_set(d),
                d["kind"],
            )
        )
        for side in ("a", "b"):
            texts += question_texts(d[side]["stem"], d[side]["answers"])
    matrix = embed(texts)

    def vec(i: int) -> Vectors:
        answer = matrix[2 * i + 1] if texts[2 * i + 1] else None
        return Vectors(matrix[2 * i], answer)

    return rows, [(vec(2 * i), vec(2 * i + 1)) for i in range(len(rows))]


def prf(pred: Sequence[bool], labels: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(p and d for p, d in zip(pred, labels, strict=True))
    fp = sum(p and not d for p, d in zip(pred, labels, strict=True))
    fn = sum(d and not p for p, d in zip(pred, labels, strict=True))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(scores: np.ndarray, labels: np.ndarray, sets: np.ndarray) -> float:
    """The threshold with the best mean F1 of the two sets (ties: the middle of the run)."""
    cands = np.unique(scores)
    cuts = np.concatenate([[cands[0] - 1e-6], (cands[1:] + cands[:-1]) / 2, [cands[-1] + 1e-6]])
    best, best_f = float(cuts[0]), -1.0
    for t in cuts:
        f = np.mean([prf(list(scores[sets == s] >= t), list(labels[sets == s]))[2] for s in SETS])
        if f > best_f + 1e-12:
            best, best_f = float(t), float(f)
    return best


# A method scores the test rows given the training rows' indices: (train, test) -> scores, cut
Method = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, float]]


def fixed_scores(all_scores: np.ndarray, labels: np.ndarray, sets: np.ndarray) -> Method:
    def run(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, float]:
        return all_scores[test], best_threshold(all_scores[train], labels[train], sets[train])

    return run


def per_set_scores(all_scores: np.ndarray, labels: np.ndarray, sets: np.ndarray) -> Method:
    """The baseline at its most favourable: a threshold per set (chosen on training folds)."""

    def run(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, float]:
        shifted = all_scores[test].astype(np.float64)
        for s in SETS:
            t = train[sets[train] == s]
            cut = best_threshold(all_scores[t], labels[t], sets[t])
            shifted[sets[test] == s] -= cut
        return shifted, 0.0

    return run


def balanced(sets: np.ndarray) -> np.ndarray:
    """Sample weights giving each set the same total: the small real set counts as much."""
    weights = np.ones(len(sets))
    for s in SETS:
        weights[sets == s] = len(sets) / (len(SETS) * max(1, int((sets == s).sum())))
    return weights


# Random pairs of questions from two different labelled pairs: unrelated questions, as
# most of a bank is to any new one. The labelled pairs are all look-alikes; without these
# a model learns that "little in common" means "duplicate". (features, labelled-pair ids)
RANDOM: tuple[np.ndarray, np.ndarray] = (np.zeros((0, len(FEATURES))), np.zeros((0, 2), int))
RANDOM_PAIRS = 3000
# The most random pairs a chosen cut may flag (on the training folds' random pairs).
RANDOM_FP_MAX = 0.01


def random_within(idx: np.ndarray) -> np.ndarray:
    """The random pairs whose two questions both come from the labelled pairs `idx`."""
    inside = np.isin(RANDOM[1], idx).all(axis=1)
    return RANDOM[0][inside]


def fit(
    x: np.ndarray, labels: np.ndarray, sets: np.ndarray, idx: np.ndarray, l2: float
) -> tuple[np.ndarray, float, float]:
    """Weights, intercept and decision cut fitted on the rows `idx` only (and the random
    pairs among their questions, weighted as much as one set)."""
    rnd = random_within(idx)
    weights = np.concatenate(
        [balanced(sets[idx]), np.full(len(rnd), len(idx) / (2 * max(1, len(rnd))))]
    )
    xs = np.vstack([x[idx], rnd])
    w, b = fit_logistic(xs, [*labels[idx], *([False] * len(rnd))], weights, l2)
    scores = np.array([decision_score(f, w, b) for f in x[idx]])
    cut = best_threshold(scores, labels[idx], sets[idx])
    if len(rnd):  # no higher share of unrelated pairs flagged than RANDOM_FP_MAX
        floor = float(np.quantile([decision_score(f, w, b) for f in rnd], 1 - RANDOM_FP_MAX))
        cut = max(cut, floor + 1e-6)
    return w, b, cut


def choose_l2(x: np.ndarray, labels: np.ndarray, sets: np.ndarray, idx: np.ndarray) -> float:
    """The regularisation with the best mean F1 of inner folds of `idx` (nested CV)."""
    best, best_f = L2_CHOICES[0], -1.0
    inner = folds(labels[idx], sets[idx], seed=99, k=FOLDS - 1)
    for l2 in L2_CHOICES:
        pred = np.zeros(len(idx), dtype=bool)
        for test in inner:
            train = np.setdiff1d(np.arange(len(idx)), test)
            w, b, cut = fit(x, labels, sets, idx[train], l2)
            pred[test] = [decision_score(f, w, b) >= cut for f in x[idx[test]]]
        f1 = float(
            np.mean(
                [
                    prf(list(pred[sets[idx] == s]), list(labels[idx][sets[idx] == s]))[2]
                    for s in SETS
                ]
            )
        )
        if f1 > best_f:
            best, best_f = l2, f1
    return best


def learned(x: np.ndarray, labels: np.ndarray, sets: np.ndarray) -> Method:
    def run(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, float]:
        w, b, cut = fit(x, labels, sets, train, choose_l2(x, labels, sets, train))
        return np.array([decision_score(f, w, b) for f in x[test]]), cut

    return run


def folds(labels: np.ndarray, sets: np.ndarray, seed: int, k: int = FOLDS) -> list[np.ndarray]:
    """k folds, each with its share of every (set, label) group."""
    rnd = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    for s in SETS:
        for lab in (True, False):
            idx = [i for i in range(len(labels)) if sets[i] == s and labels[i] == lab]
            rnd.shuffle(idx)
            for n, i in enumerate(idx):
                out[n % k].append(i)
    return [np.array(sorted(f)) for f in out]


def cross_validate(
    method: Method, labels: np.ndarray, sets: np.ndarray
) -> dict[str, tuple[float, float, float]]:
    """Per set: precision, recall, F1 of held-out decisions, averaged over shuffles."""
    totals = {s: np.zeros(3) for s in SETS}
    for seed in range(SHUFFLES):
        pred = np.zeros(len(labels), dtype=bool)
        for test in folds(labels, sets, seed):
            train = np.setdiff1d(np.arange(len(labels)), test)
            scores, cut = method(train, test)
            pred[test] = scores >= cut
        for s in SETS:
            totals[s] += prf(list(pred[sets == s]), list(labels[sets == s]))
    return {s: tuple(float(v) for v in totals[s] / SHUFFLES) for s in SETS}  # type: ignore[misc]


def main() -> None:
    rows, vectors = load()
    labels = np.array([r[2] for r in rows])
    sets = np.array([r[3] for r in rows])
    kinds = [r[4] for r in rows]
    for s in SETS:
        n = int((sets == s).sum())
        print(f"set {s:<9} {n:>4} pairs, {int(labels[sets == s].sum()):>3} duplicates")

    x = np.array(
        [features(a, b, va, vb) for (a, b, *_), (va, vb) in zip(rows, vectors, strict=True)]
    )
    global RANDOM
    rnd = random.Random(7)
    keys = [k for a, b, *_ in rows for k in (a, b)]
    vecs = [v for pair in vectors for v in pair]
    # Labelled pairs that share a question (the same original reworded several ways)
    # are one group: a random pair is drawn across groups, so it is never a duplicate.
    group = list(range(len(rows)))

    def find(n: int) -> int:
        while group[n] != n:
            n = group[n]
        return n

    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        text = k.stem  # the same stem: the same question, or a variant of it
        if text in first:
            group[find(i // 2)] = find(first[text] // 2)
        else:
            first[text] = i
    picked: list[tuple[int, int]] = []
    while len(picked) < RANDOM_PAIRS:
        i, j = rnd.randrange(len(keys)), rnd.randrange(len(keys))
        if find(i // 2) != find(j // 2):
            picked.append((i, j))
    RANDOM = (
        np.array([features(keys[i], keys[j], vecs[i], vecs[j]) for i, j in picked]),
        np.array([(i // 2, j // 2) for i, j in picked]),
    )
    scores = {
        "token_set": np.array([fuzz.token_set_ratio(a.text, b.text) for a, b, *_ in rows]),
        "lexical": np.array([similarity(a, b) for a, b, *_ in rows]),
        "rules": np.array(
            [
                rules_similarity(a, b, va, vb)
                for (a, b, *_), (va, vb) in zip(rows, vectors, strict=True)
            ]
        ),
    }
    methods: dict[str, Method] = {n: fixed_scores(v, labels, sets) for n, v in scores.items()}
    methods["token_set/set"] = per_set_scores(scores["token_set"], labels, sets)
    methods["lexical/set"] = per_set_scores(scores["lexical"], labels, sets)
    methods["learned"] = learned(x, labels, sets)

    print(
        f"\nHeld-out figures ({FOLDS}-fold cross-validation, thresholds and weights chosen "
        f"on the other folds, mean of {SHUFFLES} shuffles):"
    )
    print(f"{'method':<14} " + " ".join(f"{s + ' P/R/F1':>22}" for s in SETS))
    figures: dict[str, object] = {"pairs": len(rows), "folds": FOLDS, "shuffles": SHUFFLES}
    results = {}
    for name, method in methods.items():
        res = cross_validate(method, labels, sets)
        results[name] = res
        cells = " ".join(f"{res[s][0]:>6.3f} {res[s][1]:>6.3f} {res[s][2]:>7.3f}" for s in SETS)
        print(f"{name:<14} {cells}")
        for s in SETS:
            figures[f"{name}_{s}_f1"] = round(res[s][2], 3)

    default = "learned"
    lexical = ("token_set", "token_set/set")
    worse = [
        f"{s} ({m})" for s in SETS for m in lexical if results[default][s][2] < results[m][s][2]
    ]
    print(
        f"\ndefault method {default!r}: "
        + ("never worse than token-set ratio" if not worse else f"WORSE than it on {worse}")
        + " (name/set: a threshold per set, which one check cannot have)"
    )
    figures["default"] = default
    figures["default_not_worse_than_lexical"] = not worse

    # Where the learned method still errs, by kind (one shuffle's held-out decisions).
    pred = np.zeros(len(labels), dtype=bool)
    for test in folds(labels, sets, 0):
        train = np.setdiff1d(np.arange(len(labels)), test)
        sc, cut = methods[default](train, test)
        pred[test] = sc >= cut
    errors: dict[str, int] = {}
    for i, kind in enumerate(kinds):
        if pred[i] != labels[i]:
            key = f"{sets[i]}/{kind}/{'missed' if labels[i] else 'false alarm'}"
            errors[key] = errors.get(key, 0) + 1
    print("held-out errors of the default, by set/kind:", errors or "none")
    flagged = total = 0
    for test in folds(labels, sets, 0):
        train = np.setdiff1d(np.arange(len(labels)), test)
        w, b, cut = fit(x, labels, sets, train, choose_l2(x, labels, sets, train))
        held = random_within(test)
        flagged += sum(decision_score(f, w, b) >= cut for f in held)
        total += len(held)
    share = flagged / max(1, total)
    print(f"held-out random pairs (unrelated questions) flagged by the default: {flagged}/{total}")
    figures["default_random_pair_false_positive_rate"] = round(share, 4)

    if "--fit" in sys.argv:
        all_idx = np.arange(len(labels))
        l2 = choose_l2(x, labels, sets, all_idx)
        w, b, cut = fit(x, labels, sets, all_idx, l2)
        print(f"\nweights fitted on all pairs (l2 {l2:g}; for storage/dedup_features.py):")
        for name, value in zip(FEATURES, w, strict=True):
            print(f"    {value:.4f},  # {name}")
        print(f"INTERCEPT = {b:.4f}\nDECISION = {cut:.4f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
