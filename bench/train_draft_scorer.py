"""Fit the draft scorer on the blind ratings kept in the repository.

Reads every rated draft of docs/draft_quality/round*/ (first and second raters, every
type; a draft the bench asked at two difficulties is rated once), with the text of the
first slide its packet cites (the slide the draft was built from), computes
`draft_features` for each and fits a logistic regression (numpy, L2, fixed steps: the
same ratings give the same weights): kept = at most a light edit with the key correct.

Before fitting on everything it reports, for each round of unseen decks (15 and later),
the AUC of a model fitted on all other rounds (leave one round out), by type too, and
what leaving out the drafts under the threshold would have done to the rated shares of
those rounds. Writes models/drafting/draft_scorer.json. The last line of stdout is one
JSON object.

Run: .venv/bin/python bench/train_draft_scorer.py [--keep 0.75] [--dry-run]
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
from models.drafting.draft_features import DraftView  # noqa: E402
from models.drafting.draft_scorer import (  # noqa: E402
    VECTOR_SCALE,
    WEIGHTS,
    feature_row,
    question_text,
    texts_of,
)
from models.drafting.term_embeddings import _embed  # noqa: E402
from models.embeddings import load_embedder  # noqa: E402

FRESH_FROM = 15  # rounds from 15 on rated decks never seen before, one field each
L2 = 10.0
STEPS = 600
RATE = 0.5


def rated_drafts() -> list[dict]:
    """Every rated draft (both raters) as {round, view, kept, usable, wrong}: the view
    with the first slide its packet cites, the one the draft was built from."""
    rows = []
    for r in rated_rows():
        if not r["slides"]:
            continue
        key = r["key"] if r["type"] == "truefalse" else (r.get("key_texts") or [""])[0]
        view = DraftView(
            type=r["type"],
            builder=r.get("builder") or "",
            difficulty=r.get("difficulty") or "",
            bloom=r.get("bloom") or "",
            stem=r["stem"],
            options=tuple(r.get("options") or ()),
            key=key,
            slide=r["slides"][0],
        )
        right = r["key_correct"]
        rows.append(
            {
                "round": r["round"],
                "view": view,
                "kept": r["rating"] != "unusable" and right,
                "usable": r["rating"] == "usable" and right,
                "wrong": not right,
            }
        )
    return rows


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    return logistic.fit(x, y, L2, STEPS, RATE)


def design(rows: list[dict], embedder) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Named features (raw) and the question vectors of every row."""
    texts = sorted({t for r in rows for t in texts_of(r["view"])})
    vectors = dict(zip(texts, _embed(embedder, texts), strict=True))
    names: list[str] = []
    values = []
    for r in rows:
        names, row = feature_row(r["view"], vectors)
        values.append(row)
    qvec = np.asarray([vectors[question_text(r["view"])] for r in rows], dtype=np.float64)
    return names, np.asarray(values, dtype=np.float64), qvec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=float, default=0.75, help="share of rated drafts kept")
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    args = parser.parse_args()

    embedder = load_embedder()
    rows = rated_drafts()
    names, raw, qvec = design(rows, embedder)
    kept = np.asarray([r["kept"] for r in rows], dtype=np.float64)
    usable = np.asarray([r["usable"] for r in rows], dtype=np.float64)
    wrong = np.asarray([r["wrong"] for r in rows], dtype=np.float64)
    rounds = np.asarray([r["round"] for r in rows])
    types = np.asarray([r["view"].type for r in rows])
    print(f"{len(rows)} rated drafts, {int(kept.sum())} kept, {len(names)} features + vector")

    def matrix(fit_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        mean = raw[fit_rows].mean(0)
        scale = raw[fit_rows].std(0) + 1e-6
        return np.hstack([(raw - mean) / scale, VECTOR_SCALE * qvec]), mean, scale

    held = np.zeros(len(rows))
    held_p = np.zeros(len(rows))
    per_round = {}
    for rd in sorted(set(rounds)):
        test = rounds == rd
        x, _, _ = matrix(~test)
        w, b = fit(x[~test], kept[~test])
        held[test] = x[test] @ w + b
        held_p[test] = 1.0 / (1.0 + np.exp(-held[test]))
        if rd >= FRESH_FROM:
            per_round[int(rd)] = round(auc(held[test], kept[test]), 3)
            print(f"round {rd}: {int(test.sum())} drafts, AUC {per_round[int(rd)]:.3f}")
    fresh = rounds >= FRESH_FROM
    pooled = round(auc(held[fresh], kept[fresh]), 3)
    by_type = {
        t: round(auc(held[fresh & (types == t)], kept[fresh & (types == t)]), 3)
        for t in ("truefalse", "mcq", "short")
    }
    print(f"rounds >= {FRESH_FROM} pooled: AUC {pooled:.3f}; by type {by_type}")

    x, mean, scale = matrix(np.ones(len(rows), dtype=bool))
    w, b = fit(x, kept)
    p_all = 1.0 / (1.0 + np.exp(-(x @ w + b)))
    threshold = float(np.quantile(p_all, 1 - args.keep))
    effects = {}
    for label, cut in (
        ("all", 0.0),
        (f"threshold (keeps {args.keep:.0%} of all rated)", threshold),
    ):
        k = fresh & (held_p >= cut)
        share = [float(k[rounds == rd].sum() / (rounds == rd).sum()) for rd in per_round]
        effects[label] = {
            "n": int(k.sum()),
            "usable %": round(100 * float(usable[k].mean()), 1),
            "kept %": round(100 * float(kept[k].mean()), 1),
            "wrong key %": round(100 * float(wrong[k].mean()), 1),
            "least share of a round left": round(min(share), 2),
        }
        print(
            f"{label}, rounds >= {FRESH_FROM} scored by models fitted without them: "
            f"n={int(k.sum())}, usable {100 * usable[k].mean():.1f}%, at most a light edit "
            f"with the key correct {100 * kept[k].mean():.1f}%, wrong key "
            f"{100 * wrong[k].mean():.1f}%, least share of a round left {min(share):.2f}"
        )
    order = np.argsort(w[: len(names)])
    print(
        "strongest named features:",
        ", ".join(f"{names[i]} {w[i]:+.2f}" for i in [*order[:5], *order[-5:]]),
    )
    figures = {
        "drafts": len(rows),
        "kept": int(kept.sum()),
        "auc_per_fresh_round": per_round,
        "auc_pooled_fresh": pooled,
        "auc_by_type_fresh": by_type,
        "effects_on_fresh_rounds": effects,
        "threshold": round(threshold, 4),
    }
    if not args.dry_run:
        data = {
            "model_id": embedder.model_id,
            "names": names,
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "weights": [round(float(v), 6) for v in w],
            "bias": round(b, 6),
            "threshold": round(threshold, 4),
            "figures": figures,
        }
        WEIGHTS.write_text(json.dumps(data) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)} (threshold {threshold:.3f})")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
