"""How well near-duplicate detection separates duplicates from look-alikes.

Runs `storage.dedup.similarity` (and simpler scorers, for comparison) over
the labelled pairs in tests/fixtures/dedup_pairs.jsonl and over random pairs
of the same questions (a stand-in for unrelated bank questions), and prints
precision, recall and F1 per threshold. Run: .venv/bin/python bench/dedup_eval.py
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

from storage.dedup import DEFAULT_THRESHOLD, DedupKey, similarity  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "dedup_pairs.jsonl"
Scorer = Callable[[DedupKey, DedupKey], float]


def load() -> list[tuple[DedupKey, DedupKey, bool, str]]:
    rows = []
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
    return rows


def metrics(scores: list[float], labels: list[bool], t: float) -> tuple[float, float, float]:
    tp = sum(s >= t and d for s, d in zip(scores, labels, strict=True))
    fp = sum(s >= t and not d for s, d in zip(scores, labels, strict=True))
    fn = sum(s < t and d for s, d in zip(scores, labels, strict=True))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    rows = load()
    labels = [d for _, _, d, _ in rows]
    rnd = random.Random(7)
    keys = [k for a, b, _, _ in rows for k in (a, b)]
    # Random pairs from different labelled pairs: questions that are not copies.
    random_pairs = []
    while len(random_pairs) < 5000:
        i, j = rnd.randrange(len(keys)), rnd.randrange(len(keys))
        if i // 2 != j // 2:
            random_pairs.append((keys[i], keys[j]))

    print(
        f"{len(rows)} labelled pairs ({sum(labels)} duplicates), {len(random_pairs)} random pairs\n"
    )
    print("storage.dedup.similarity by threshold:")
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>6} {'random FP':>10}")
    scores = [similarity(a, b) for a, b, _, _ in rows]
    rand_scores = [similarity(a, b) for a, b in random_pairs]
    for t in (60, 70, 75, 80, 85, 90, 92, 94, 96, 98, 100):
        p, r, f = metrics(scores, labels, t)
        fp_rate = sum(s >= t for s in rand_scores) / len(rand_scores)
        mark = "  <- default" if t == DEFAULT_THRESHOLD else ""
        print(f"{t:>9} {p:>9.3f} {r:>7.3f} {f:>6.3f} {fp_rate:>10.4f}{mark}")

    t = DEFAULT_THRESHOLD
    print(f"\nAt the default threshold {t:g}, share of pairs flagged, by kind:")
    flagged: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for s, (_, _, dup, kind) in zip(scores, rows, strict=True):
        total[(kind, dup)] += 1
        flagged[(kind, dup)] += s >= t
    for (kind, dup), n in sorted(total.items(), key=lambda kv: (not kv[0][1], kv[0][0])):
        label = "duplicate" if dup else "different"
        print(f"  {label:<9} {kind:<20} {flagged[(kind, dup)]:>3}/{n}")

    print("\nSimpler scorers on stem + answer as one text (best F1 over thresholds):")
    alternatives: dict[str, Scorer] = {
        "ratio": lambda a, b: fuzz.ratio(a.text, b.text),
        "token_sort_ratio": lambda a, b: fuzz.token_sort_ratio(a.text, b.text),
        "token_set_ratio": lambda a, b: fuzz.token_set_ratio(a.text, b.text),
        "WRatio": lambda a, b: fuzz.WRatio(a.text, b.text),
    }
    for name, fn in alternatives.items():
        alt = [fn(a, b) for a, b, _, _ in rows]
        best = max((metrics(alt, labels, th)[2], th) for th in range(40, 101))
        p, r, f = metrics(alt, labels, best[1])
        fp_rate = sum(fn(a, b) >= best[1] for a, b in random_pairs) / len(random_pairs)
        print(
            f"  {name:<17} F1 {f:.3f} at {best[1]} (P {p:.3f}, R {r:.3f}, random FP {fp_rate:.4f})"
        )

    p, r, f = metrics(scores, labels, t)
    fp_rate = sum(s >= t for s in rand_scores) / len(rand_scores)
    print(
        json.dumps(
            {
                "pairs": len(rows),
                "duplicates": sum(labels),
                "threshold": t,
                "precision": round(p, 3),
                "recall": round(r, 3),
                "f1": round(f, 3),
                "random_pair_false_positive_rate": round(fp_rate, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
