"""Replay the loose-subject rule and what it now does instead of refusing (frames.in_its_topic:
"In <the slide's topic>, …"; referents.generic_owner: "the tree" → "a tree" in a
definition) on the rated true/false drafts of /work/s30/rated.jsonl (or --rated): each
rated row whose statement the rule would frame or reword, with its rating and the
rater's reason, and the counts by rating of rows framed / reworded / still refused.

The deck's term list is not in the rated rows, so a subject the deck names is not
spared here as it is in drafting; the carried-in owner (the sentence before) is not
tried either: the figures are of the rule alone.

Run: .venv/bin/python bench/replay_frames.py [--rounds 15-32]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.drafting.frames import in_its_topic  # noqa: E402
from models.drafting.referents import generic_owner, loose_subject  # noqa: E402
from models.drafting.slide_units import slide_units  # noqa: E402
from storage.domain import Slide  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", default="15-32")
    ap.add_argument("--rated", default="/work/s30/rated.jsonl")
    args = ap.parse_args()
    first, last = (int(x) for x in args.rounds.split("-"))
    rows = [json.loads(line) for line in Path(args.rated).read_text().splitlines() if line]
    rows = [r for r in rows if r["type"] == "truefalse" and first <= r["round"] <= last]
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("loose", "framed", "a", "refused")}
    for r in rows:
        rating = "wrong key" if r.get("key_correct") is False else r["rating"]
        stem, text = r["stem"], r.get("slide") or ""
        loose = loose_subject(stem)
        if loose is None:
            continue
        counts["loose"][rating] += 1
        new = generic_owner(stem, loose, text)
        how = "a"
        if not new:
            new, how = in_its_topic(stem, slide_units(Slide(0, 0, text))[0], text), "framed"
        if not new:
            counts["refused"][rating] += 1
            continue
        counts[how][rating] += 1
        print(f"[{r['round']} {rating}] {how}\n  old: {stem}\n  new: {new}\n  why: {r['reason']}")
    print(json.dumps({"rows": len(rows), **{k: dict(v) for k, v in counts.items()}}))


if __name__ == "__main__":
    main()
