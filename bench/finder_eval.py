"""Precision@5, recall@10 and nDCG@10 of the slide finder on a hand-made relevance set.

Both rankings: BM25 alone (the finder without an embedder) and BM25 fused
with the local sentence-embedding model (every slide embedded first; the
time it takes is printed). Requests are reported by group: topic requests,
"paraphrase" (few words shared with their slides), "course" (over several
decks), "generic" (the central slides) and "no-answer" (no slide answers:
counted when answered empty), each with the time per request (mean and slowest; a
"course" or "no-answer" request mostly runs over several or all decks). What counts
is what is selected: a partial answer selects nothing, so it scores as empty ("left
empty" counts requests with an answer that got none). "ceiling" is the best P@5 the relevant slides
allow: the finder lists content slides only (not title or overlay slides) and
near-identical ones once, so a request with two such slides cannot pass 0.4. The set's "split"
gives a tune half and a held-out half (ranking is tuned on the first only);
both are reported.

tests/fixtures/slide_relevance.json holds requests in instructors' words and
the slides that answer them, written from reading the corpus decks. Near-
identical overlay pages of one slide share a group and count once: the
finder keeps one slide of each group, so finding any of them finds the group.
Uses ../shared/corpus/slides (all 8 decks) when present, else the decks in
tests/fixtures (queries about other decks are left out).

Run: .venv/bin/python bench/finder_eval.py [--verbose | --explain] [--groups] [--keep PATH]
(--explain: per request, what it selected against the judged slides, and what it missed.)
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from rapidfuzz import fuzz
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.embeddings import load_embedder  # noqa: E402
from storage.database import open_bank  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.schema import SlideRow  # noqa: E402
from storage.semantic import embed_pending  # noqa: E402
from storage.slide_finder import NEAR_IDENTICAL, SlideFinder, SlideHit  # noqa: E402
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


GROUPS = ("topic", "paraphrase", "course", "generic", "no-answer")


def group_of_query(q: dict) -> str:
    """Which group of the set a request is reported in."""
    if not q["relevant"]:
        return "no-answer"
    return str(q.get("kind") or "topic")


def _returnable(finder: SlideFinder, keys: list[tuple[int, int]]) -> int:
    """How many of these (deck id, page) slides the finder can list at all: content
    slides with text (not title/overlay-flagged), near-identical ones once."""
    with finder.bank.sessions() as s:
        rows = s.execute(
            select(SlideRow.deck_id, SlideRow.page, SlideRow.flags, SlideRow.clean_text)
        ).all()
    wanted = set(keys)
    kept: list[str] = []
    for deck, page, flags, text in rows:
        if (deck, page) not in wanted or flags or not text.strip():
            continue
        if not any(fuzz.ratio(text, k) >= NEAR_IDENTICAL for k in kept):
            kept.append(text)
    return len(kept)


def explain(
    finder: SlideFinder,
    deck_ids: dict[str, int],
    q: dict,
    hits: Sequence[SlideHit],
    message: str,
) -> None:
    """What a request selected against what was judged: each of the first ten hits
    (+ judged relevant), then the judged slides it missed (with their import flags)."""
    pages = {v: k for k, v in deck_ids.items()}
    judged = {(r["deck"], r["page"]): r.get("group", "") for r in q["relevant"]}
    print(f"    {message}")
    got = set()
    for h in hits[:10]:
        key = (pages[h.slide.deck_id], h.slide.page)
        got.add(key)
        mark = "+" if key in judged else " "
        print(f"    {mark} {key[0][:24]:<24} p{key[1]:<4} {_first_words(h.slide.text)}")
    with finder.bank.sessions() as s:
        rows = {
            (pages.get(int(d), ""), int(p)): (str(f), str(t))
            for d, p, f, t in s.execute(
                select(SlideRow.deck_id, SlideRow.page, SlideRow.flags, SlideRow.clean_text)
            )
        }
    for key, group in sorted(judged.items()):
        if key not in got and key in rows:
            flags, text = rows[key]
            extra = " ".join(x for x in (group and f"group {group}", flags and f"[{flags}]") if x)
            print(f"    - {key[0][:24]:<24} p{key[1]:<4} {_first_words(text)} {extra}")


def _first_words(text: str) -> str:
    return " | ".join(line.strip() for line in text.splitlines() if line.strip())[:70]


def score_queries(
    finder: SlideFinder,
    deck_ids: dict[str, int],
    queries: list[dict],
    verbose: bool = False,
    explained: bool = False,
) -> dict[str, dict[str, float]]:
    """Per request id: p5, r10, ndcg, empty (1 when nothing is selected) and, for a
    request with an answer, ceiling (the best P@5 its relevant slides allow).

    What counts is what the product selects: a partial answer (hits that only
    mention words of the request) selects nothing, so it scores as empty.
    """
    out: dict[str, dict[str, float]] = {}
    for q in queries:
        names = list(deck_ids) if q["decks"] == ["*"] else q["decks"]
        if any(n not in deck_ids for n in names):
            continue
        relevant = [r for r in q["relevant"] if r["deck"] in deck_ids]
        if q["relevant"] and not relevant:
            continue  # its decks are not here
        start = time.perf_counter()
        result = finder.find(q["query"], deck_ids=[deck_ids[n] for n in names], limit=10)
        ms = 1000 * (time.perf_counter() - start)
        hits = () if result.partial else result.hits
        if not relevant:
            out[q["id"]] = {"empty": float(not hits), "ms": ms}
            if verbose or explained:
                print(f"{q['id']} (nothing relevant) -> {len(hits)} selected: {result.message}")
            continue
        group_of: dict[tuple[int, int], str] = {}
        for r in relevant:
            key = (deck_ids[r["deck"]], r["page"])
            group_of[key] = r.get("group") or f"{r['deck']}:{r['page']}"
        groups = set(group_of.values())
        found = [group_of.get((h.slide.deck_id, h.slide.page)) for h in hits]
        p5 = sum(1 for g in found[:5] if g) / 5
        r10 = len({g for g in found[:10] if g}) / len(groups)
        # binary gain; a group found again lower down (another overlay) gains nothing
        seen: set[str] = set()
        dcg = 0.0
        for rank, g in enumerate(found[:10]):
            if g and g not in seen:
                seen.add(g)
                dcg += 1 / math.log2(rank + 2)
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(10, len(groups))))
        out[q["id"]] = {
            "p5": p5,
            "r10": r10,
            "ndcg": dcg / ideal,
            "empty": float(not hits),
            "ceiling": min(5, _returnable(finder, list(group_of))) / 5,
            "ms": ms,
        }
        if verbose or explained:
            print(
                f"{q['id']} P@5 {p5:.2f} R@10 {r10:.2f} nDCG@10 {dcg / ideal:.2f}"
                f"{'  EMPTY' if not hits else ''}  {q['query']}"
            )
        if explained:
            explain(finder, deck_ids, q, result.hits, result.message)
    return out


def summarize(scores: dict[str, dict[str, float]], ids: list[str]) -> dict[str, float | int | str]:
    """Mean figures over the requests `ids` that were scored."""
    answered = [scores[i] for i in ids if i in scores and "p5" in scores[i]]
    absent = [scores[i] for i in ids if i in scores and "p5" not in scores[i]]

    def mean(key: str) -> float:
        return round(sum(s[key] for s in answered) / len(answered), 3) if answered else 0.0

    timed = [scores[i]["ms"] for i in ids if i in scores and "ms" in scores[i]]
    return {
        "queries": len(answered),
        "precision_at_5": mean("p5"),
        "recall_at_10": mean("r10"),
        "ndcg_at_10": mean("ndcg"),
        "precision_at_5_ceiling": mean("ceiling"),
        "empty_queries_answered_empty": f"{int(sum(s['empty'] for s in absent))}/{len(absent)}",
        "answered_queries_left_empty": int(sum(s["empty"] for s in answered)),
        # time per request (every request of the subset, with or without an answer)
        "ms_per_request": round(sum(timed) / len(timed), 1) if timed else 0.0,
        "ms_slowest_request": round(max(timed), 1) if timed else 0.0,
    }


def evaluate(
    finder: SlideFinder, deck_ids: dict[str, int], queries: list[dict], verbose: bool = False
) -> dict[str, float | int | str]:
    return summarize(score_queries(finder, deck_ids, queries, verbose), [q["id"] for q in queries])


def line(method: str, half: str, subset: str, f: dict[str, float | int | str]) -> str:
    return (
        f"{method:<8} {half:<8} {subset:<10} {f['queries']:>3} queries: P@5 "
        f"{f['precision_at_5']:.3f} (ceiling {f['precision_at_5_ceiling']:.3f}), R@10 "
        f"{f['recall_at_10']:.3f}, nDCG@10 {f['ndcg_at_10']:.3f}; left empty "
        f"{f['answered_queries_left_empty']}; no-answer requests answered empty "
        f"{f['empty_queries_answered_empty']}; {f['ms_per_request']:.0f} ms/request "
        f"(slowest {f['ms_slowest_request']:.0f})"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument(
        "--explain",
        action="store_true",
        help="per request: its P@5, the slides it selected (+ judged relevant) and the "
        "judged slides it missed",
    )
    ap.add_argument(
        "--groups", action="store_true", help="also break the tune and held-out halves into groups"
    )
    ap.add_argument(
        "--keep", type=Path, metavar="PATH", help="keep the embedded eval bank here and reuse it"
    )
    args = ap.parse_args()
    data = json.loads((FIXTURES / "slide_relevance.json").read_text(encoding="utf-8"))
    queries = data["queries"]
    halves = {"all": [q["id"] for q in queries], **data["split"]}
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
            if args.verbose or args.explain:
                print(f"--- {method}")
            scores = score_queries(finder, deck_ids, queries, args.verbose, args.explain)
            for half, ids in halves.items():
                wanted = set(ids)
                subsets = {"all": [q["id"] for q in queries if q["id"] in wanted]}
                if half == "all" or args.groups:
                    for g in GROUPS:
                        subsets[g] = [
                            q["id"] for q in queries if q["id"] in wanted and group_of_query(q) == g
                        ]
                for subset, sub_ids in subsets.items():
                    f = summarize(scores, sub_ids)
                    print(line(method, half, subset, f))
                    for k, v in f.items():
                        figures[f"{method}_{half}_{subset}_{k}"] = v
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
