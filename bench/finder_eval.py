"""Precision@5, recall@10 and nDCG@10 of the slide finder on a hand-made relevance set.

Both rankings: BM25 alone (the finder without an embedder) and BM25 fused
with the local sentence-embedding model (every slide embedded first; the
time it takes is printed). Queries marked "kind": "paraphrase" are requests
that share few words with their slides; they are also reported apart.

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
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.embeddings import load_embedder  # noqa: E402
from storage.database import open_bank  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.semantic import embed_pending  # noqa: E402
from storage.slide_finder import SlideFinder  # noqa: E402
from storage.slide_store import SlideLibrary  # noqa: E402

# ../shared next to the repository, or two levels up from a worktree (/work/wt/NAME)
CORPUS = (
    next(
        (c for c in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if c.is_dir()),
        ROOT.parent / "shared",
    )
    / "corpus"
    / "slides"
)
FIXTURES = ROOT / "tests" / "fixtures"


def evaluate(
    finder: SlideFinder, deck_ids: dict[str, int], queries: list[dict], verbose: bool = False
) -> dict[str, float | int | str]:
    p5s, r10s, ndcgs, empty_ok, empty_total = [], [], [], 0, 0
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
        # binary gain; a group found again lower down (another overlay) gains nothing
        seen: set[str] = set()
        dcg = 0.0
        for rank, g in enumerate(found[:10]):
            if g and g not in seen:
                seen.add(g)
                dcg += 1 / math.log2(rank + 2)
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(10, len(groups))))
        p5s.append(p5)
        r10s.append(r10)
        ndcgs.append(dcg / ideal)
        if verbose:
            print(f"{q['id']} P@5 {p5:.2f} R@10 {r10:.2f} nDCG@10 {dcg / ideal:.2f}  {q['query']}")
    return {
        "queries": len(p5s),
        "precision_at_5": round(sum(p5s) / len(p5s), 3) if p5s else 0.0,
        "recall_at_10": round(sum(r10s) / len(r10s), 3) if r10s else 0.0,
        "ndcg_at_10": round(sum(ndcgs) / len(ndcgs), 3) if ndcgs else 0.0,
        "empty_queries_answered_empty": f"{empty_ok}/{empty_total}",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument(
        "--keep", type=Path, metavar="PATH", help="keep the embedded eval bank here and reuse it"
    )
    args = ap.parse_args()
    data = json.loads((FIXTURES / "slide_relevance.json").read_text(encoding="utf-8"))
    queries = data["queries"]
    subsets = {
        "all": queries,
        "paraphrase": [q for q in queries if q.get("kind") == "paraphrase"],
        "other": [q for q in queries if q.get("kind") != "paraphrase"],
    }
    source = CORPUS if CORPUS.is_dir() else FIXTURES
    tmp = tempfile.TemporaryDirectory()
    figures: dict[str, object] = {}
    with open_bank(args.keep or Path(tmp.name) / "eval.sqlite") as bank:
        library = SlideLibrary(bank)
        by_file = {Path(d.source_path).name: d.id for d in library.decks()}
        deck_ids = by_file or {
            p.name: library.import_deck(read_deck(p), as_new=True).deck.id
            for p in sorted(source.glob("*.pdf"))
        }
        embedder = load_embedder()
        t = time.perf_counter()
        *_, last = embed_pending(bank, embedder)
        embed_s = time.perf_counter() - t
        if last.total:
            print(
                f"{len(deck_ids)} decks; {last.slides} content slides embedded in "
                f"{embed_s:.1f} s ({last.slides / embed_s:.1f} slides/s)"
            )
        else:
            print(f"{len(deck_ids)} decks; slide embeddings reused from {args.keep}")
        figures["slides_embedded"] = last.slides
        for method, finder in (
            ("bm25", SlideFinder(bank)),
            ("combined", SlideFinder(bank, embedder)),
        ):
            for subset, qs in subsets.items():
                if args.verbose and subset == "all":
                    print(f"--- {method}")
                f = evaluate(finder, deck_ids, qs, args.verbose and subset == "all")
                print(
                    f"{method:<8} {subset:<10} {f['queries']:>3} queries: P@5 "
                    f"{f['precision_at_5']:.3f}, R@10 {f['recall_at_10']:.3f}, nDCG@10 "
                    f"{f['ndcg_at_10']:.3f}; absent topics answered with no match: "
                    f"{f['empty_queries_answered_empty']}"
                )
                for k, v in f.items():
                    figures[f"{method}_{subset}_{k}"] = v
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
