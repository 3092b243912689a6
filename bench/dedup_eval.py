"""How well near-duplicate detection separates duplicates from look-alikes.

Runs both methods of `storage.dedup`, "lexical" (`similarity`, rapidfuzz
only) and "combined" (`combined_similarity`, rapidfuzz plus the local
sentence-embedding model), and simpler scorers for comparison, over the
labelled pairs in tests/fixtures/dedup_pairs.jsonl and over random pairs of
the same questions (a stand-in for unrelated bank questions), and prints
precision, recall and F1 per threshold, overall and on the original 201
pairs. Run: .venv/bin/python bench/dedup_eval.py
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.embeddings import Embedder, ensure_embedding_model  # noqa: E402
from storage.dedup import (  # noqa: E402
    DEFAULT_THRESHOLD,
    DedupKey,
    DuplicateIndex,
    Vectors,
    combined_similarity,
    similarity,
)
from storage.semantic import question_texts  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "dedup_pairs.jsonl"
Scorer = Callable[[DedupKey, DedupKey], float]


ORIGINAL = 201  # pairs p001-p201, the set before semantic detection


def load() -> tuple[list[tuple[DedupKey, DedupKey, bool, str]], list[tuple[Vectors, Vectors]]]:
    rows = []
    texts: list[str] = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        rows.append(
            (
                DedupKey.of(d["a"]["stem"], d["a"]["answers"]),
                DedupKey.of(d["b"]["stem"], d["b"]["answers"]),
                bool(d["duplicate"]),
                d["kind"],
            )
        )
        for side in ("a", "b"):
            texts += question_texts(d[side]["stem"], d[side]["answers"])
    embedder = Embedder(ensure_embedding_model())
    matrix = embedder.embed(texts)
    embedder.close()

    def vec(i: int) -> Vectors:
        answer = matrix[2 * i + 1] if texts[2 * i + 1] else None
        return Vectors(matrix[2 * i], answer)

    return rows, [(vec(2 * i), vec(2 * i + 1)) for i in range(len(rows))]


def metrics(scores: list[float], labels: list[bool], t: float) -> tuple[float, float, float]:
    tp = sum(s >= t and d for s, d in zip(scores, labels, strict=True))
    fp = sum(s >= t and not d for s, d in zip(scores, labels, strict=True))
    fn = sum(s < t and d for s, d in zip(scores, labels, strict=True))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(name: str, scores: list[float], labels: list[bool], rand_scores: list[float]) -> None:
    print(f"\n{name} by threshold:")
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>6} {'random FP':>10}")
    for t in (60, 70, 75, 80, 85, 90, 92, 94, 96, 98, 100):
        p, r, f = metrics(scores, labels, t)
        fp_rate = sum(s >= t for s in rand_scores) / len(rand_scores)
        mark = "  <- default" if t == DEFAULT_THRESHOLD else ""
        print(f"{t:>9} {p:>9.3f} {r:>7.3f} {f:>6.3f} {fp_rate:>10.4f}{mark}")


def main() -> None:
    rows, vectors = load()
    labels = [d for _, _, d, _ in rows]
    rnd = random.Random(7)
    keys = [k for a, b, _, _ in rows for k in (a, b)]
    vecs = [v for pair in vectors for v in pair]
    # Random pairs from different labelled pairs: questions that are not copies.
    random_pairs: list[tuple[int, int]] = []
    while len(random_pairs) < 5000:
        i, j = rnd.randrange(len(keys)), rnd.randrange(len(keys))
        if i // 2 != j // 2:
            random_pairs.append((i, j))

    print(
        f"{len(rows)} labelled pairs ({sum(labels)} duplicates), {len(random_pairs)} random pairs"
    )
    scorers: dict[str, list[float]] = {
        "lexical": [similarity(a, b) for a, b, _, _ in rows],
        "combined": [
            combined_similarity(a, b, va, vb)
            for (a, b, _, _), (va, vb) in zip(rows, vectors, strict=True)
        ],
    }
    random_scores = {
        "lexical": [similarity(keys[i], keys[j]) for i, j in random_pairs],
        "combined": [
            combined_similarity(keys[i], keys[j], vecs[i], vecs[j]) for i, j in random_pairs
        ],
    }
    # The same pairs scored as in a bank: all the questions indexed together, so the
    # wording many of them share (template wording, see storage.dedup FRAME_*) is set aside.
    index = DuplicateIndex()
    for i, (k, v) in enumerate(zip(keys, vecs, strict=True)):
        index.add(i, k, v)
    print(f"template words of the indexed questions: {sorted(index.frame_words()) or 'none'}")
    for name, use in (("lexical", False), ("combined", True)):
        scorers[f"{name}-indexed"] = [
            index._pair_score(
                keys[2 * n], keys[2 * n + 1], 0.0,
                vecs[2 * n] if use else None, vecs[2 * n + 1] if use else None, False,
            )
            for n in range(len(rows))
        ]  # fmt: skip
        random_scores[f"{name}-indexed"] = [
            index._pair_score(
                keys[i], keys[j], 0.0, vecs[i] if use else None, vecs[j] if use else None, False
            )
            for i, j in random_pairs
        ]
    for name in scorers:
        table(f"method {name!r}", scorers[name], labels, random_scores[name])

    t = DEFAULT_THRESHOLD
    print(
        f"\nAt the default threshold {t:g}, share of pairs flagged, by kind "
        "(lexical, combined, combined-indexed):"
    )
    total: Counter[tuple[str, bool]] = Counter()
    flagged: dict[str, Counter[tuple[str, bool]]] = {n: Counter() for n in scorers}
    for i, (_, _, dup, kind) in enumerate(rows):
        total[(kind, dup)] += 1
        for name, scores in scorers.items():
            flagged[name][(kind, dup)] += scores[i] >= t
    for (kind, dup), n in sorted(total.items(), key=lambda kv: (not kv[0][1], kv[0][0])):
        label = "duplicate" if dup else "different"
        lex, comb = flagged["lexical"][(kind, dup)], flagged["combined"][(kind, dup)]
        indexed = flagged["combined-indexed"][(kind, dup)]
        print(f"  {label:<9} {kind:<26} {lex:>3}/{n:<3} {comb:>3}/{n:<3} {indexed:>3}/{n}")

    print("\nSimpler scorers on stem + answer as one text (best F1 over thresholds):")
    alternatives: dict[str, Scorer] = {
        "ratio": lambda a, b: fuzz.ratio(a.text, b.text),
        "token_set_ratio": lambda a, b: fuzz.token_set_ratio(a.text, b.text),
        "WRatio": lambda a, b: fuzz.WRatio(a.text, b.text),
    }
    for name, fn in alternatives.items():
        alt = [fn(a, b) for a, b, _, _ in rows]
        best = max((metrics(alt, labels, th)[2], th) for th in range(40, 101))
        p, r, f = metrics(alt, labels, best[1])
        print(f"  {name:<17} F1 {f:.3f} at {best[1]} (P {p:.3f}, R {r:.3f})")
    cos = [float(va.stem @ vb.stem) for va, vb in vectors]
    best = max((metrics(cos, labels, th / 100)[2], th / 100) for th in range(20, 100))
    p, r, f = metrics(cos, labels, best[1])
    print(f"  {'stem cosine':<17} F1 {f:.3f} at {best[1]:.2f} (P {p:.3f}, R {r:.3f})")

    figures: dict[str, object] = {
        "pairs": len(rows),
        "duplicates": sum(labels),
        "threshold": t,
    }
    print(f"\nAt {t:g}:")
    for name, scores in scorers.items():
        for subset, upto in (("all", len(rows)), ("original", ORIGINAL)):
            p, r, f = metrics(scores[:upto], labels[:upto], t)
            print(f"  {name:<8} {subset:<8} ({upto} pairs) P {p:.3f} R {r:.3f} F1 {f:.3f}")
            suffix = "" if subset == "all" else "_original"
            figures[f"{name}_precision{suffix}"] = round(p, 3)
            figures[f"{name}_recall{suffix}"] = round(r, 3)
            figures[f"{name}_f1{suffix}"] = round(f, 3)
        fp_rate = sum(s >= t for s in random_scores[name]) / len(random_pairs)
        figures[f"{name}_random_pair_false_positive_rate"] = round(fp_rate, 4)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
