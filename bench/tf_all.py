"""Every true/false statement a deck yields when asked for many (all three difficulties),
with the ones the screen refuses and why: for reading the statements as a teacher would.

Run: .venv/bin/python bench/tf_all.py DECK.pdf ... [--refused]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import draft_quality as dq  # noqa: E402
from refusals import refusal  # noqa: E402

from models.drafting import built  # noqa: E402
from models.drafting.built import build_drafts  # noqa: E402
from storage.domain import Difficulty, Question, QuestionType  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("decks", nargs="+", type=Path)
    ap.add_argument("--refused", action="store_true")
    args = ap.parse_args()
    from models.embeddings import try_load_embedder

    embedder, _ = try_load_embedder()
    screen = built._screen
    refused: dict[str, str] = {}

    def watched(ctx: built._Ctx, q: Question | None) -> bool:
        if q is not None and q.type == QuestionType.TRUE_FALSE:
            why = refusal(ctx, q)
            if why:
                refused.setdefault(q.stem, why)
        return screen(ctx, q)

    built._screen = watched  # type: ignore[assignment]
    for path in args.decks:
        refused.clear()
        _, slides = dq.deck_slides(path)
        seen: set[str] = set()
        print(f"=== {path.stem}")
        for diff in Difficulty:
            for q in build_drafts(slides, {QuestionType.TRUE_FALSE: 60}, diff, embedder=embedder):
                if q.stem in seen:
                    continue
                seen.add(q.stem)
                key = "T" if q.choices[0].fraction > 0 else "F"
                print(f"  {key} p{q.sources[0].page if q.sources else '?'} {q.stem}")
        if args.refused:
            for stem, why in refused.items():
                print(f"  x [{why}] {stem}")


if __name__ == "__main__":
    main()
