"""Every candidate the built drafter refuses, with the check that refused it.

Runs the bench's drafting (the fixed mix at easy, medium, hard and the yield run) on
each deck with `built._screen` watched, and prints each distinct refused candidate once:
the check (validation code, gate reason, statement scorer, duplicate), its builder,
stem and options. Ends with one JSON line: refusals by check.

Run: .venv/bin/python bench/refusals.py [--set tune | --decks a.pdf ...] [--only CHECK]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import draft_quality as dq  # noqa: E402

from models.drafting import built  # noqa: E402
from models.drafting.checks import gate  # noqa: E402
from models.drafting.validation import errors, validate  # noqa: E402
from storage.domain import Question, QuestionType  # noqa: E402


def refusal(ctx: built._Ctx, q: Question) -> str:
    """The check that refuses `q` in `built._screen`, or "" (duplicates aside)."""
    issues = validate(q)
    bad = [i for i in issues if i.severity == "error" or i.code in built._REJECTED_WARNINGS]
    if errors(issues) or bad:
        return "invalid: " + bad[0].code
    why = gate(q, ctx.made)
    if why:
        return "gate: " + why.split(":")[0]
    if q.type == QuestionType.TRUE_FALSE and ctx.statements and not ctx.statements.keeps(q.stem):
        return built.UNLIKE_STATEMENTS
    return ""


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default=None)
    ap.add_argument("--decks", nargs="+", type=Path)
    ap.add_argument("--only", default="", help="print only refusals whose check contains this")
    args = ap.parse_args(argv)
    from models.embeddings import try_load_embedder

    dq.EMBEDDER, _ = try_load_embedder()
    paths = args.decks or dq.decks_for(args.set or "tune", [])
    screen = built._screen
    seen: set[tuple[str, ...]] = set()
    counts: Counter[str] = Counter()
    found: list[tuple[str, str, Question]] = []

    def watched(ctx: built._Ctx, q: Question | None) -> bool:
        if q is not None:
            why = refusal(ctx, q)
            key = (q.stem, *(c.text for c in q.choices))
            if why and key not in seen:
                seen.add(key)
                counts[why] += 1
                found.append((deck, why, q))
        return screen(ctx, q)

    built._screen = watched  # type: ignore[assignment]
    for path in paths:
        deck = path.stem
        _, slides = dq.deck_slides(path)
        for diff in dq.Difficulty:
            dq.draft(slides, dict(dq.MIX), diff)
        n = math.ceil(len(dq.content_slides(slides)) / 4)
        if n:
            dq.draft(slides, dq.yield_counts(n), dq.YIELD_DIFFICULTY)
    for deck, why, q in found:
        if args.only and args.only not in why:
            continue
        b = q.origin.settings.get("builder", "")
        opts = " | ".join(("*" if c.correct else "") + c.text for c in q.choices)
        print(f"[{why}] {deck} {q.type.value}/{b}\n  {q.stem}\n  {opts}")
    print(json.dumps(dict(counts.most_common())))


if __name__ == "__main__":
    main()
