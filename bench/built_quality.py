"""Quality of the drafts built in code (models/built_drafts.py) over real decks.

For every deck (../shared/corpus/slides when present, else tests/fixtures) and
every difficulty, builds 10 MCQ + 2 multiple-answer + 5 true/false + 5 short
answer drafts and reports: how many came back (yield), the share that
validates with no errors, the share grounded on the deck again from scratch,
the share with warnings, near-duplicate pairs within a batch, and a few
sample drafts per deck to read. The last line is one JSON object.

Run: .venv/bin/python bench/built_quality.py [--samples N] [--difficulty easy|medium|hard]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from models.drafting.built import build_drafts  # noqa: E402
from models.drafting.grounding import ground  # noqa: E402
from models.drafting.validation import errors, normalize_option, validate  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.domain import Difficulty, Question, QuestionType, Slide  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "slides"
COUNTS = {QuestionType.MCQ: 10, QuestionType.MULTI: 2, QuestionType.TRUE_FALSE: 5,
          QuestionType.SHORT: 5}  # fmt: skip


def _decks() -> list[Path]:
    if CORPUS.is_dir():
        return sorted(CORPUS.glob("*.pdf"))
    return sorted((ROOT / "tests" / "fixtures").glob("*.pdf"))


def _show(q: Question) -> str:
    diff = q.difficulty.value if q.difficulty else ""
    bloom = q.bloom.value if q.bloom else ""
    pages = ", ".join(str(r.page) for r in q.sources)
    lines = [
        f"  [{q.type.value} · {q.origin.settings.get('builder')} · {diff} · {bloom} · p. {pages}]",
        f"  {q.stem}",
    ]
    if q.type in (QuestionType.MCQ, QuestionType.MULTI):
        lines += [f"    {'*' if c.correct else '-'} {c.text}" for c in q.choices]
    elif q.type == QuestionType.TRUE_FALSE:
        lines.append(f"    answer: {q.correct_answers[0] if q.correct_answers else '?'}")
    elif q.type == QuestionType.SHORT:
        lines.append(f"    accepted: {' | '.join(q.correct_answers)}")
    return "\n".join(lines)


def _gist(q: Question) -> str:
    quoted = re.findall(r"“([^”]+)”", q.stem)
    return normalize_option(" ".join(quoted) if quoted else q.stem)


def _duplicates(qs: list[Question]) -> int:
    """Pairs that ask the same thing: same quoted text, or the same key for the same type."""
    n = 0
    for a, b in combinations(qs, 2):
        same_key = (
            a.type == b.type
            and a.type != QuestionType.TRUE_FALSE
            and a.correct_answers
            and {normalize_option(x) for x in a.correct_answers}
            == {normalize_option(x) for x in b.correct_answers}
        )
        if same_key or fuzz.ratio(_gist(a), _gist(b)) >= 90:
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=4)
    parser.add_argument("--difficulty", choices=[d.value for d in Difficulty], default=None)
    args = parser.parse_args()
    difficulties = [Difficulty(args.difficulty)] if args.difficulty else list(Difficulty)
    wanted = sum(COUNTS.values())
    report: dict[str, dict[str, object]] = {}
    totals = {"drafts": 0, "valid": 0, "grounded": 0, "warned": 0, "dups": 0, "requested": 0}
    started = time.perf_counter()
    for path in _decks():
        deck = read_deck(path)
        slides = [
            Slide(1, i + 1, text, flags)
            for i, (text, flags) in enumerate(zip(deck.pages, deck.flags, strict=True))
        ]
        row: dict[str, object] = {}
        print(f"\n=== {path.name} ({deck.page_count} pages)")
        for diff in difficulties:
            t0 = time.perf_counter()
            inner: dict[str, int] = {}
            qs = build_drafts(slides, COUNTS, diff, seed=1, stats=inner)
            secs = time.perf_counter() - t0
            valid = sum(1 for q in qs if not errors(validate(q)))
            grounded = sum(1 for q in qs if ground(q, slides).supported)
            warned = sum(1 for q in qs if validate(q))
            cited = sum(1 for q in qs if q.sources and q.sources[0].page >= 1)
            dups = _duplicates(qs)
            by_type = {t.value: sum(1 for q in qs if q.type == t) for t in COUNTS}
            row[diff.value] = {
                "drafts": len(qs),
                "by_type": by_type,
                "valid": round(valid / len(qs), 3) if qs else None,
                "grounded": round(grounded / len(qs), 3) if qs else None,
                "cited": round(cited / len(qs), 3) if qs else None,
                "with_warnings": warned,
                "duplicate_pairs": dups,
                "seconds": round(secs, 2),
                "builder": inner,
            }
            for k, v in (("drafts", len(qs)), ("valid", valid), ("grounded", grounded),
                         ("warned", warned), ("dups", dups), ("requested", wanted)):  # fmt: skip
                totals[k] += v
            print(
                f"  {diff.value:6} {len(qs):2}/{wanted} drafts {by_type}  valid {valid}/{len(qs)}"
                f"  grounded {grounded}/{len(qs)}  warnings {warned}  dup pairs {dups}"
                f"  {secs:.2f}s"
            )
            print(
                f"         builder: {inner.get('facts', 0)} facts, "
                f"{inner.get('candidates', 0)} candidates: {inner.get('invalid', 0)} invalid, "
                f"{inner.get('duplicate', 0)} duplicate, {inner.get('ungrounded', 0)} ungrounded, "
                f"{inner.get('accepted', 0)} accepted"
            )
            step = max(1, len(qs) // max(1, args.samples))
            for q in qs[::step][: args.samples]:
                print(_show(q))
        report[path.name] = row
    n = totals["drafts"] or 1
    summary = {
        "decks": len(report),
        "requested": totals["requested"],
        "drafts": totals["drafts"],
        "yield": round(totals["drafts"] / max(1, totals["requested"]), 3),
        "valid": round(totals["valid"] / n, 3),
        "grounded": round(totals["grounded"] / n, 3),
        "with_warnings": round(totals["warned"] / n, 3),
        "duplicate_pairs": totals["dups"],
        "seconds": round(time.perf_counter() - started, 1),
        "per_deck": report,
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
