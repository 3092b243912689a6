"""Cloze drafts built from the bench decks, printed to read: each deck's drafts as a
student sees them (numbered blanks) with their gaps' answers and the slide they cite,
then how many came back per deck. The last line is one JSON object.

Run: .venv/bin/python bench/cloze_drafts.py [--per-deck N] [--difficulty easy|medium|hard]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.drafting.built import build_drafts  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.domain import Difficulty, QuestionType, Slide  # noqa: E402
from storage.question_types import answer_lines, readable_stem  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-deck", type=int, default=3)
    parser.add_argument("--difficulty", default="medium", choices=[d.value for d in Difficulty])
    args = parser.parse_args()
    made: dict[str, int] = {}
    for path in sorted((ROOT / "bench" / "decks").glob("*.pdf")):
        deck = read_deck(path)
        pages = enumerate(zip(deck.pages, deck.flags, strict=True), start=1)
        slides = [Slide(1, page, text, flags) for page, (text, flags) in pages]
        qs = build_drafts(slides, {QuestionType.CLOZE: args.per_deck}, Difficulty(args.difficulty))
        made[path.name] = len(qs)
        for q in qs:
            print(f"--- {path.name}, slide {q.sources[0].page}")
            print(readable_stem(q))
            for line in answer_lines(q) or []:
                print(f"    {line}")
    print(
        json.dumps(
            {
                "drafts": sum(made.values()),
                "decks_with_any": sum(1 for n in made.values() if n),
                "per_deck": made,
            }
        )
    )


if __name__ == "__main__":
    main()
