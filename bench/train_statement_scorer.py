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
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.drafting.statement_scorer import WEIGHTS  # noqa: E402
from models.drafting.term_embeddings import _embed  # noqa: E402
from models.embeddings import load_embedder  # noqa: E402

RATINGS = ROOT / "docs" / "draft_quality"
FRESH_FROM = 15  # rounds from 15 on rated decks never seen before, one field each
L2 = 1.0
STEPS = 500
RATE = 0.5


def rated_statements() -> list[tuple[int, str, bool, bool]]:
    """(round, statement, kept, usable) for every rated true/false draft, both raters."""
    rows = []
    for ratings in sorted(RATINGS.glob("round*/**/*.ratings.jsonl")):
        match = re.search(r"round(\d+)", str(ratings.relative_to(RATINGS)))
        drafts_file = ratings.with_name(ratings.name.replace(".ratings.", ".drafts."))
        if match is None or "newer" in str(ratings) or not drafts_file.exists():
            continue
        drafts = {}
        for line in drafts_file.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            drafts[d["id"]] = d
        for line in ratings.read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            d = drafts.get(r.get("id"))
            if not d or d.get("duplicate_of") or d["type"] != "truefalse":
                continue
            kept = r["rating"] != "unusable" and bool(r["key_correct"])
            rows.append((int(match.group(1)), d["stem"], kept, r["rating"] == "usable"))
    return rows


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= RATE * (x.T @ (p - y) / len(y) + L2 * w / len(y))
        b -= RATE * float((p - y).mean())
    return w, b


def auc(scores: np.ndarray, y: np.ndarray) -> float:
    pos, neg = scores[y == 1], scores[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    return float(np.mean(pos[:, None] > neg[None, :]) + 0.5 * np.mean(pos[:, None] == neg[None, :]))


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
