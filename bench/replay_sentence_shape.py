"""Replay the sentence-shape check (models.drafting.sentence_shape) and the pointer rule
(tf_guards: "… as follows.") on the rated true/false drafts: how many rated rows they
refuse, by rating (usable / light edit / unusable / wrong key), and each refused
statement. No PDFs needed.

A row is one rater's rating of one draft (both raters; a draft repeated at several
difficulties counts at each), as in the rated-history figures.

Run: .venv/bin/python bench/replay_sentence_shape.py [--rounds 15-28]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.drafting.sentence_shape import sentence_fault  # noqa: E402
from models.drafting.tf_guards import _POINTS_ON  # noqa: E402

RATED = ROOT / "docs" / "draft_quality"


def rated_rows(first: int, last: int) -> list[tuple[str, str, str]]:
    """(statement, rating or "wrong key", ratings file) of every rated true/false row."""
    rows: list[tuple[str, str, str]] = []
    for ratings in sorted(RATED.glob("round*/**/*.ratings.jsonl")):
        rel = ratings.relative_to(RATED).as_posix()
        m = re.match(r"round(\d+)", rel)
        if m is None or not first <= int(m.group(1)) <= last:
            continue
        drafts_path = Path(str(ratings).replace(".ratings.jsonl", ".drafts.jsonl"))
        drafts_path = Path(str(drafts_path).replace("/second-rater/", "/"))
        if not drafts_path.exists():
            continue
        drafts = {}
        for line in drafts_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                drafts[d["id"]] = d
        for line in ratings.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            d = drafts.get(r["id"])
            if d is None or d.get("type") != "truefalse":
                continue
            rating = "wrong key" if r.get("key_correct") is False else r["rating"]
            rows.append((d["stem"], rating, rel))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", default="15-28")
    args = ap.parse_args()
    first, last = (int(x) for x in args.rounds.split("-"))
    rows = rated_rows(first, last)
    refused: Counter[str] = Counter()
    shown: dict[str, tuple[str, str]] = {}
    for stem, rating, _ in rows:
        why = sentence_fault(stem) or ("a pointer" if _POINTS_ON.search(stem.strip()) else "")
        if why:
            refused[rating] += 1
            shown.setdefault(stem, (rating, why))
    for stem, (rating, why) in shown.items():
        print(f"  [{rating}] {why}: {stem}")
    print(json.dumps({"rows": dict(Counter(r for _, r, _ in rows)), "refused": dict(refused)}))


if __name__ == "__main__":
    main()
