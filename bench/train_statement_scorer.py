"""Fit the true/false statement scorer on the blind ratings kept in the repository.

Reads every rated true/false draft of docs/draft_quality/round*/ (first and second
raters; the newer-type rounds have none), embeds each statement with the bundled
embedding model, and fits a logistic regression (numpy, L2, fixed steps: the same
ratings give the same weights): kept = at most a light edit with the key correct.
Before fitting on everything it reports, for each round of unseen decks (15 and
later), the AUC of a model fitted on all other rounds, and what keeping the best
60% / 50% of those statements would have done to the rated shares. Writes
models/drafting/statement_scorer.json. The last line of stdout is one JSON object.

Run: .venv/bin/python bench/train_statement_scorer.py [--keep 0.6] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import logistic  # noqa: E402
from bench.logistic import auc  # noqa: E402
from bench.rated_rows import rated_rows  # noqa: E402
from models.drafting.statement_scorer import WEIGHTS  # noqa: E402
from models.drafting.term_embeddings import _embed  # noqa: E402
from models.embeddings import load_embedder  # noqa: E402

FRESH_FROM = 15  # rounds from 15 on rated decks never seen before, one field each
L2 = 1.0
STEPS = 500
RATE = 0.5


def rated_statements() -> list[tuple[int, str, bool, bool]]:
    """(round, statement, kept, usable) for every rated true/false draft, both raters."""
    return [
        (
            r["round"],
            r["stem"],
            r["rating"] != "unusable" and r["key_correct"],
            r["rating"] == "usable",
        )
        for r in rated_rows()
        if r["type"] == "truefalse"
    ]


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    return logistic.fit(x, y, L2, STEPS, RATE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=float, default=0.6, help="share of rated statements kept")
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    args = parser.parse_args()

    embedder = load_embedder()
    rows = rated_statements()
    x = np.asarray(_embed(embedder, [r[1] for r in rows]), dtype=np.float64)
    kept = np.asarray([r[2] for r in rows], dtype=np.float64)
    usable = np.asarray([r[3] for r in rows], dtype=np.float64)
    rounds = np.asarray([r[0] for r in rows])
    names = sorted({int(r) for r in rounds})
    print(f"{len(rows)} rated statements, {int(kept.sum())} kept, rounds {names}")

    held = np.zeros(len(rows))
    per_round = {}
    for rd in sorted(set(rounds)):
        test = rounds == rd
        w, b = fit(x[~test], kept[~test])
        held[test] = x[test] @ w + b
        if rd >= FRESH_FROM:
            per_round[int(rd)] = round(auc(held[test], kept[test]), 3)
            print(f"round {rd}: {int(test.sum())} statements, AUC {per_round[int(rd)]:.3f}")
    fresh = rounds >= FRESH_FROM
    effects = {}
    for share in (1.0, args.keep, 0.5):
        cut = np.quantile(held[fresh], 1 - share)
        k = fresh & (held >= cut)
        effects[f"keep {share:.0%}"] = {
            "n": int(k.sum()),
            "usable": round(100 * float(usable[k].mean()), 1),
            "kept (at most a light edit, key correct)": round(100 * float(kept[k].mean()), 1),
        }
        print(
            f"keep {share:.0%} of rounds >= {FRESH_FROM} (scores from other rounds): "
            f"n={int(k.sum())}, usable {100 * usable[k].mean():.1f}%, "
            f"at most a light edit with the key correct {100 * kept[k].mean():.1f}%"
        )

    w, b = fit(x, kept)
    z = x @ w + b
    threshold = float(1.0 / (1.0 + np.exp(-np.quantile(z, 1 - args.keep))))
    figures = {
        "statements": len(rows),
        "kept": int(kept.sum()),
        "auc_per_fresh_round": per_round,
        "effects_on_fresh_rounds": effects,
        "threshold": round(threshold, 4),
    }
    if not args.dry_run:
        WEIGHTS.write_text(
            json.dumps(
                {
                    "model_id": embedder.model_id,
                    "weights": [round(float(v), 6) for v in w],
                    "bias": round(b, 6),
                    "threshold": round(threshold, 4),
                    "figures": figures,
                },
                indent=None,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {WEIGHTS.relative_to(ROOT)} (threshold {threshold:.3f})")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
