"""Bank browser at scale: open a 100,000-question bank, filter it, scroll it.

Builds (once, cached in bench/out/) a bank of N realistic questions with the
builder of bench/bank.py, citing slides of real decks and used by a few
exams, then times the real BankBrowser under QT_QPA_PLATFORM=offscreen:
- open: from set_bank() until the first screen of rows has been painted
  (target < 1 s on 2 cores);
- search: from typing the last letter of a query (debounce not counted)
  until the filtered rows are painted (target < 100 ms);
- filters and sorts: the same, for a type/status filter and a column sort;
- scroll: jumps to random positions, time to fetch and paint a screen (p95).

Run: .venv/bin/python bench/ui.py [--n 100000] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bank import make_questions, real_sentences  # noqa: E402
from storage.bank import QuestionBank  # noqa: E402
from storage.database import open_bank  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.domain import SlideRef  # noqa: E402
from storage.exams import ExamHeader, ExamStore  # noqa: E402
from storage.slide_store import SlideLibrary  # noqa: E402

OUT = ROOT / "bench" / "out"
CORPUS = ROOT.parent / "shared" / "corpus" / "slides"
FIXTURE_DECKS = sorted((ROOT / "tests" / "fixtures").glob("*.pdf"))


def build_bank(path: Path, n: int, seed: int = 1) -> None:
    """A bank of `n` questions: a third cite a slide, a few hundred are in exams."""
    rnd = random.Random(seed)
    path.unlink(missing_ok=True)
    decks = sorted(CORPUS.glob("*.pdf"))[:4] if CORPUS.is_dir() else FIXTURE_DECKS
    with open_bank(path) as bank:
        library = SlideLibrary(bank)
        pages: list[tuple[int, int]] = []
        for pdf in decks:
            deck = library.import_deck(read_deck(pdf)).deck
            pages += [(deck.id, p) for p in range(1, deck.page_count + 1)]
        service = QuestionBank(bank)
        batch = []
        for i, q in enumerate(make_questions(n, real_sentences(), rnd)):
            if i % 3 == 0:
                deck_id, page = rnd.choice(pages)
                q = replace(q, sources=(SlideRef(deck_id, page, q.stem[:80]),))
            batch.append(q)
            if len(batch) == 2000:
                service.add_many(batch)
                batch = []
        if batch:
            service.add_many(batch)
        exams = ExamStore(service)
        for e in range(10):
            ids = rnd.sample(range(1, n + 1), 40)
            exams.create(ExamHeader(f"Midterm {e + 1}"), ids)


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--rebuild", action="store_true", help="build the bank even if cached")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"ui-bank-{args.n}.sqlite"
    if args.rebuild or not path.exists():
        t = time.perf_counter()
        build_bank(path.with_suffix(".tmp"), args.n)
        path.with_suffix(".tmp").rename(path)
        for extra in ("-wal", "-shm"):
            Path(str(path.with_suffix(".tmp")) + extra).unlink(missing_ok=True)
        print(f"built {path.name} ({args.n:,} questions) in {time.perf_counter() - t:.0f} s")
    if args.build_only:
        return
    run(path, args.n, random.Random(args.seed))


def run(path: Path, n: int, rnd: random.Random) -> None:
    raise NotImplementedError


if __name__ == "__main__":
    main()
