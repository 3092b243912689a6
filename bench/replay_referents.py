"""Replay the loose-subject check (models.drafting.referents) on the rated true/false
drafts (docs/draft_quality, read by bench/rated_rows.py, or --rated FILE it wrote): how
many rated rows it refuses, by rating (usable / light edit / unusable / wrong key), and
how many it would mend by carrying the subject's owner in from the sentence before it on
the cited slide. A row is one rater's rating of one draft. The deck's own terms (which
exempt a subject) come from --vocab, a JSON {deck: [term keys]}, when given; else no
subject is exempt (an upper bound).

Run: .venv/bin/python bench/replay_referents.py [--rated FILE] [--vocab FILE] [--rounds 1-31]
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

from bench.rated_rows import rated_rows  # noqa: E402
from models.drafting.referents import carried_in, loose_subject, points_back  # noqa: E402
from models.drafting.slide_units import split_sentences  # noqa: E402
from models.drafting.words import norm_key  # noqa: E402


def sentence_before(statement: str, slide: str) -> str:
    """The slide's sentence before the one the statement was cut from, or ""."""
    chunks = re.split(r"[•▪●○▶►◦]", slide.split("\n", 1)[-1])  # its title line dropped
    sentences = [s for chunk in chunks for s in split_sentences(" ".join(chunk.split()))]
    want = norm_key(statement)[:40]
    for i, s in enumerate(sentences):
        if want and want in norm_key(s):
            return sentences[i - 1] if i > 0 else ""
    return ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rated", default="", help="rows bench/rated_rows.py wrote (else read now)")
    ap.add_argument("--vocab", default="")
    ap.add_argument("--rounds", default="1-99")
    args = ap.parse_args()
    first, last = (int(x) for x in args.rounds.split("-"))
    vocab: dict[str, list[str]] = json.loads(Path(args.vocab).read_text()) if args.vocab else {}
    if args.rated:
        lines = Path(args.rated).read_text().splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
    else:
        rows = rated_rows()
    rows = [r for r in rows if r["type"] == "truefalse" and first <= r["round"] <= last]
    seen: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    mended: Counter[str] = Counter()
    pointing: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for r in rows:
        rating = "wrong key" if r["key_correct"] is False else r["rating"]
        seen[rating] += 1
        terms = set(vocab.get(r["deck"], ()))
        loose = loose_subject(r["stem"], lambda p, t=terms: norm_key(p) in t)  # type: ignore[misc]
        if loose is None:
            back = points_back(r["stem"])
            if back:
                pointing[rating] += 1
                shown.setdefault(r["stem"], f"[{rating}] points back <{back}> {r['stem']}")
            continue
        refused[rating] += 1
        mend = carried_in(r["stem"], loose, sentence_before(r["stem"], r["slide"]))
        if mend:
            mended[rating] += 1
        shown.setdefault(
            r["stem"],
            f"[{rating}] <{loose.phrase}> {r['stem']}"
            + (f"\n      → {mend}" if mend else "")
            + f"\n      || {r['reason'][:150]}",
        )
    for line in shown.values():
        print(line)
    print(
        json.dumps(
            {
                "rows": dict(seen),
                "loose": dict(refused),
                "carried_in": dict(mended),
                "points_back": dict(pointing),
            }
        )
    )


if __name__ == "__main__":
    main()
