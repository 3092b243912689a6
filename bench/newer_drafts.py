"""Blind rating packets for the built drafts of the newer types: cloze, matching and
ordering, from decks their builders were not written from.

For every deck, drafts up to 3 cloze, 2 matching and 2 ordering questions (medium, a
fixed seed) and writes, like bench/draft_quality.py:

  OUT/<deck>.md            the packet: each draft as a student sees it (numbered
                           blanks; the items to match or to put in order, shuffled),
                           its key and the full text of the slides it cites
  OUT/<deck>.drafts.jsonl  the same drafts with their metadata

Raters follow docs/draft_quality/RUBRIC.md and write OUT/<deck>.ratings.jsonl;
bench/rate_summary.py OUT sums them up. The last line of stdout is one JSON object.

Run: .venv/bin/python bench/newer_drafts.py [--decks a.pdf ...] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.draft_quality import SETS, code_for, deck_slides, slide_block  # noqa: E402
from models.drafting.built import build_drafts  # noqa: E402
from storage.domain import Difficulty, Question, QuestionType, Slide  # noqa: E402
from storage.question_types import answer_lines, readable_stem  # noqa: E402

ASK = {QuestionType.CLOZE: 3, QuestionType.MATCHING: 2, QuestionType.ORDERING: 2}
SEED = 0


def student_lines(q: Question) -> list[str]:
    """The question as a student sees it: blanks numbered, items shuffled."""
    lines = [readable_stem(q).strip(), ""]
    rng = random.Random(SEED)
    if q.type is QuestionType.MATCHING:
        answers = sorted({c.match for c in q.choices})
        rng.shuffle(answers)
        lines += [f"{i}. {c.text}" for i, c in enumerate(q.choices, 1) if c.text.strip()]
        lines += ["", "Answers to choose from: " + " | ".join(answers)]
    elif q.type is QuestionType.ORDERING:
        items = [c.text for c in q.choices]
        rng.shuffle(items)
        lines += ["Put in the right order:"] + [f"- {t}" for t in items]
    else:
        lines.append("(fill in each numbered blank)")
    return lines


def packet(title: str, stem: str, items: list[tuple[str, Question]], slides: list[Slide]) -> str:
    by_page = {s.page: s for s in slides}
    heading = f"Lecture: {title}. {len(items)} question(s). Rate each one with RUBRIC.md."
    out = [f"# {stem}", "", heading, ""]
    for qid, q in items:
        out += ["---", "", f"## {qid}", "", *student_lines(q), "", "Key:"]
        out += [f"    {line}" for line in answer_lines(q) or []]
        out += ["", "Cited slides:", ""]
        for page in dict.fromkeys(r.page for r in q.sources):
            out += slide_block(by_page, page)
    return "\n".join(out).rstrip() + "\n"


def main() -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "draft_quality" / "newer")
    args = parser.parse_args()
    decks = args.decks or [
        ROOT / "bench" / "decks" / f"{name}.pdf"
        for name in SETS["report"]
        if (ROOT / "bench" / "decks" / f"{name}.pdf").is_file()
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    made: dict[str, dict[str, int]] = {}
    taken: set[str] = set()
    for path in decks:
        title, slides = deck_slides(path)
        qs = build_drafts(slides, ASK, Difficulty.MEDIUM, seed=SEED)
        code = code_for(path.stem, taken)
        taken.add(code)
        items = [(f"{code}-n{i:02d}", q) for i, q in enumerate(qs, 1)]
        (args.out / f"{path.stem}.md").write_text(packet(title, path.stem, items, slides))
        with (args.out / f"{path.stem}.drafts.jsonl").open("w") as fh:
            for qid, q in items:
                row = {
                    "id": qid,
                    "deck": path.stem,
                    "difficulty": "medium",
                    "type": q.type.value,
                    "builder": q.origin.settings.get("builder"),
                    "stem": readable_stem(q),
                    "key": answer_lines(q),
                    "pages": sorted({r.page for r in q.sources}),
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for q in qs:
            counts[q.type.value] = counts.get(q.type.value, 0) + 1
        made[path.stem] = counts
        print(f"{path.stem}: {counts or 'none'}")
    total = sum(sum(c.values()) for c in made.values())
    print(f"{total} drafts from {len(made)} decks")
    summary = {"drafts": total, "per_deck": made}
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
