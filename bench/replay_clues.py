"""Replay the short-answer clue rules (models.drafting.clues) on the rated short answers:
how many rated rows they refuse, by rating (usable / light edit / unusable / wrong key),
and each refused stem. No PDFs needed: the gloss and the kind are read back from the
stem ("What is the term for …?", "… What is this <kind> called?", "Which <kind> …?",
and the older "Name the <kind> that …").

A row is one rater's rating of one draft (both raters; a draft the bench asked at two
difficulties once), read by bench/rated_rows.py.

Run: .venv/bin/python bench/replay_clues.py [--rounds 1-31]
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
from models.drafting.clues import clue_problem  # noqa: E402


def read_stem(stem: str) -> tuple[str, str, bool]:
    """(gloss, kind, asked as a sentence) read back from a short answer's stem."""
    m = re.match(r"What is the term for (.*)\?$", stem, re.S)
    if m:
        return m.group(1), "", False
    m = re.match(r"(.*[.?!]) What is this (.+) called\?$", stem, re.S)
    if m:
        return m.group(1), m.group(2), True
    m = re.match(r"Name the (?:kind of )?(.+?) that (?:is )?(.*)\.$", stem, re.S)
    if m:
        return m.group(2), m.group(1), False
    m = re.match(r"Which (?:kind of )?(.+?) ((?:is|are|involves|[a-z]+s) .*)\?$", stem, re.S)
    if m:
        return m.group(2), m.group(1), False
    return stem, "", False


def short_rows(first: int, last: int) -> list[tuple[str, tuple[str, ...], str]]:
    """(stem, accepted answers, rating or "wrong key") of every rated short-term row."""
    return [
        (
            r["stem"],
            tuple(str(a) for a in (r.get("key_texts") or r.get("options") or ())),
            "wrong key" if not r["key_correct"] else r["rating"],
        )
        for r in rated_rows()
        if r["type"] == "short" and r.get("builder") == "short-term" and first <= r["round"] <= last
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", default="1-31")
    args = ap.parse_args()
    first, last = (int(x) for x in args.rounds.split("-"))
    rows = short_rows(first, last)
    refused: Counter[str] = Counter()
    shown: dict[str, tuple[str, str]] = {}
    for stem, answers, rating in rows:
        gloss, kind, sentence = read_stem(stem)
        why = clue_problem(gloss, answers[0] if answers else "", kind, sentence)
        if why:
            refused[rating] += 1
            shown.setdefault(stem, (rating, why))
    for stem, (rating, why) in shown.items():
        print(f"  [{rating}] {why}: {stem}")
    print(json.dumps({"rows": dict(Counter(r for _, _, r in rows)), "refused": dict(refused)}))


if __name__ == "__main__":
    main()
