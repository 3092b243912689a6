"""Precision@5 and recall@10 of the slide finder on a hand-made relevance set.

tests/fixtures/slide_relevance.json holds requests in instructors' words and
the slides that answer them, written from reading the corpus decks. Near-
identical overlay pages of one slide share a group and count once: the
finder keeps one slide of each group, so finding any of them finds the group.
Uses ../shared/corpus/slides (all 8 decks) when present, else the decks in
tests/fixtures (queries about other decks are left out).

Run: .venv/bin/python bench/finder_eval.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.database import open_bank  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.slide_finder import SlideFinder  # noqa: E402
from storage.slide_store import SlideLibrary  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "slides"
FIXTURES = ROOT / "tests" / "fixtures"


def evaluate(
    finder: SlideFinder, deck_ids: dict[str, int], queries: list[dict], verbose: bool = False
) -> dict[str, float]:
    p5s, r10s, empty_ok, empty_total = [], [], 0, 0
    for q in queries:
        names = list(deck_ids) if q["decks"] == ["*"] else q["decks"]
        if any(n not in deck_ids for n in names):
            continue
        relevant = [r for r in q["relevant"] if r["deck"] in deck_ids]
        if q["relevant"] and not relevant:
            continue  # its decks are not here
        result = finder.find(q["query"], deck_ids=[deck_ids[n] for n in names], limit=10)
        if not relevant:
            empty_total += 1
            empty_ok += not result.hits or result.partial
            if verbose:
                print(f"{q['id']} (nothing relevant) -> {len(result.hits)} hits: {result.message}")
            continue
        group_of: dict[tuple[int, int], str] = {}
        for r in relevant:
            key = (deck_ids[r["deck"]], r["page"])
            group_of[key] = r.get("group") or f"{r['deck']}:{r['page']}"
        groups = set(group_of.values())
        found = [group_of.get((h.slide.deck_id, h.slide.page)) for h in result.hits]
        top5 = found[:5]
        p5 = sum(1 for g in top5 if g) / 5
        r10 = len({g for g in found[:10] if g}) / len(groups)
        p5s.append(p5)
        r10s.append(r10)
        if verbose:
            print(f"{q['id']} P@5 {p5:.2f} R@10 {r10:.2f}  {q['query']}")
    return {
        "queries": len(p5s),
        "precision_at_5": round(sum(p5s) / len(p5s), 3) if p5s else 0.0,
        "recall_at_10": round(sum(r10s) / len(r10s), 3) if r10s else 0.0,
        "empty_queries_answered_empty": f"{empty_ok}/{empty_total}",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    data = json.loads((FIXTURES / "slide_relevance.json").read_text(encoding="utf-8"))
    source = CORPUS if CORPUS.is_dir() else FIXTURES
    tmp = tempfile.TemporaryDirectory()
    with open_bank(Path(tmp.name) / "eval.sqlite") as bank:
        library = SlideLibrary(bank)
        deck_ids = {
            p.name: library.import_deck(read_deck(p), as_new=True).deck.id
            for p in sorted(source.glob("*.pdf"))
        }
        figures = evaluate(SlideFinder(bank), deck_ids, data["queries"], args.verbose)
    print(
        f"{figures['queries']} queries over {len(deck_ids)} decks: precision@5 "
        f"{figures['precision_at_5']:.3f}, recall@10 {figures['recall_at_10']:.3f}; "
        f"requests about absent topics answered with no match: "
        f"{figures['empty_queries_answered_empty']}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
