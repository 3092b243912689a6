"""Replay the short-answer clue rules (models.drafting.clues) on the rated short answers:
how many rated rows they refuse, by rating (usable / light edit / unusable / wrong key),
and each refused stem. No PDFs needed: the gloss and the kind are read back from the
stem ("What is the term for …?", "… What is this <kind> called?", "Which <kind> …?",
and the older "Name the <kind> that …").

A row is one rater's rating of one draft (both raters), as in the rated-history figures.

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
sys.path.insert(0, str(ROOT / "bench"))

from replay_sentence_shape import RATED  # noqa: E402

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


def rated_rows(first: int, last: int) -> list[tuple[str, tuple[str, ...], str]]:
    """(stem, accepted answers, rating or "wrong key") of every rated short-term row."""
    rows: list[tuple[str, tuple[str, ...], str]] = []
    for ratings in sorted(RATED.glob("round*/**/*.ratings.jsonl")):
        m = re.match(r"round(\d+)", ratings.relative_to(RATED).as_posix())
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
            if d is None or d.get("type") != "short" or d.get("builder") != "short-term":
                continue
            rating = "wrong key" if r.get("key_correct") is False else r["rating"]
            answers = tuple(str(a) for a in (d.get("key_texts") or d.get("options") or ()))
            rows.append((d["stem"], answers, rating))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", default="1-31")
    args = ap.parse_args()
    first, last = (int(x) for x in args.rounds.split("-"))
    rows = rated_rows(first, last)
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
