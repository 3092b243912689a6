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

Without --decks it drafts from the 13 bench decks first rated for these types (NEWER:
none of the newer builders' rules was written from them); --all takes every deck in
bench/decks and the corpus. Per deck it also prints which matching and ordering sets the
slides hold (the lists and sequences the builders read), so a reader can check them
against the slides.

Run: .venv/bin/python bench/newer_drafts.py [--decks a.pdf ... | --all] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.draft_quality import CORPUS, code_for, deck_slides, slide_block  # noqa: E402
from models.drafting.built import build_drafts  # noqa: E402
from models.drafting.matching import matching_sets  # noqa: E402
from models.drafting.sequences import slide_sequences  # noqa: E402
from storage.domain import Difficulty, Question, QuestionType, Slide  # noqa: E402
from storage.question_types import answer_lines, readable_stem  # noqa: E402

ASK = {QuestionType.CLOZE: 3, QuestionType.MATCHING: 2, QuestionType.ORDERING: 2}
SEED = 0
DECKS = ROOT / "bench" / "decks"
# the decks of the first blind rating of these types (session 21)
NEWER = (
    "barbera-css-social-network-diffusion",
    "cnp3-networks-vpn",
    "derobertis-finance-dcf-cost-of-capital",
    "docos-operating-systems-file-systems",
    "kanopka-statcomp-sorting-algorithms",
    "lmu-optimization-multicriteria-intro",
    "neu-cs4530-design-patterns",
    "neu-cs4530-distributed-systems",
    "santetti-macro-aggregate-expenditures",
    "talent-bayes-choosing-priors",
    "unimib-graph-algorithms-coloring",
    "unimib-graph-compression",
    "yuzhang-cryptography-block-ciphers",
)


def found_sets(slides: list[Slide]) -> tuple[int, int]:
    """How many matching lists and stated sequences the deck's content slides hold."""
    content = [s for s in slides if s.is_content and s.text.strip()]
    lists = len(matching_sets(content))
    sequences = sum(len(slide_sequences(s)) for s in content)
    return lists, sequences


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
    parser.add_argument("--all", action="store_true", help="every bench and corpus deck")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "draft_quality" / "newer")
    args = parser.parse_args()
    if args.decks:
        decks = list(args.decks)
    elif args.all:
        decks = sorted(DECKS.glob("*.pdf")) + sorted(CORPUS.glob("*.pdf"))
    else:
        decks = [DECKS / f"{name}.pdf" for name in NEWER if (DECKS / f"{name}.pdf").is_file()]
    args.out.mkdir(parents=True, exist_ok=True)
    made: dict[str, dict[str, int]] = {}
    holds: dict[str, dict[str, int]] = {}
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
        lists, sequences = found_sets(slides)
        holds[path.stem] = {"matching_lists": lists, "sequences": sequences}
        print(f"{path.stem}: {counts or 'none'} (lists {lists}, sequences {sequences})")
    total = sum(sum(c.values()) for c in made.values())
    print(f"{total} drafts from {len(made)} decks")
    by_type: dict[str, int] = {}
    for c in made.values():
        for k, v in c.items():
            by_type[k] = by_type.get(k, 0) + v
    with_order = sum(1 for c in made.values() if c.get("matching") or c.get("ordering"))
    print(f"by type: {by_type}; decks with a matching or ordering draft: {with_order}")
    summary = {"drafts": total, "by_type": by_type, "per_deck": made, "holds": holds}
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
