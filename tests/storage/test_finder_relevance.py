"""The slide finder's figures on the whole relevance set (issue 14), with the real
embedding model, over the eight shared corpus decks: they must not drop below what
was measured. bench/finder_eval.py prints the same figures; the tune half is what
ranking was tuned on, the held-out half only reported.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from models.embeddings import Embedder
from storage.database import Bank, open_bank
from storage.decks import read_deck
from storage.semantic import embed_pending
from storage.slide_finder import SlideFinder
from storage.slide_store import SlideLibrary
from tests.conftest import FIXTURES

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "slides"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus decks (../shared) are not present"
)


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "finder_eval", FIXTURES.parents[1] / "bench" / "finder_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[tuple[Bank, dict[str, int]]]:
    with open_bank(tmp_path_factory.mktemp("relevance") / "bank.sqlite") as bank:
        library = SlideLibrary(bank)
        decks = {
            p.name: library.import_deck(read_deck(p), as_new=True).deck.id
            for p in sorted(CORPUS.glob("*.pdf"))
        }
        *_, last = embed_pending(bank, embedder)
        assert last.slides == last.total > 250
        yield bank, decks


@pytest.fixture(scope="module")
def figures(corpus: tuple[Bank, dict[str, int]], embedder: Embedder) -> dict[str, dict]:
    """method -> half or group -> the bench's summary."""
    bench = _bench()
    bank, decks = corpus
    data = json.loads((FIXTURES / "slide_relevance.json").read_text(encoding="utf-8"))
    queries = data["queries"]
    out: dict[str, dict] = {}
    for method, finder in (("bm25", SlideFinder(bank)), ("combined", SlideFinder(bank, embedder))):
        scores = bench.score_queries(finder, decks, queries)
        parts = {"all": [q["id"] for q in queries], **data["split"]}
        for group in bench.GROUPS:
            parts[group] = [q["id"] for q in queries if bench.group_of_query(q) == group]
        out[method] = {name: bench.summarize(scores, ids) for name, ids in parts.items()}
    return out


def test_the_split_is_fixed_and_covers_the_set() -> None:
    data = json.loads((FIXTURES / "slide_relevance.json").read_text(encoding="utf-8"))
    ids = [q["id"] for q in data["queries"]]
    tune, held = data["split"]["tune"], data["split"]["held_out"]
    assert sorted(tune + held) == sorted(ids) and not set(tune) & set(held)
    kinds = {q.get("kind") for q in data["queries"]}
    assert {"course", "generic", "absent", "paraphrase"} <= kinds
    assert sum(1 for q in data["queries"] if not q["relevant"]) == 30


def test_with_the_embedding_model(figures: dict[str, dict]) -> None:
    combined = figures["combined"]
    # issue 14 targets: P@5 >= 0.70, nDCG@10 >= 0.75 (not reached; the P@5 the
    # finder could reach at best on this set is 0.749: see the bench's "ceiling")
    assert combined["all"]["precision_at_5"] >= 0.54  # measured 0.555 (before: 0.552)
    assert combined["all"]["ndcg_at_10"] >= 0.71  # measured 0.724 (before: 0.723)
    assert combined["tune"]["precision_at_5"] >= 0.55  # measured 0.561 (before: 0.517)
    assert combined["tune"]["ndcg_at_10"] >= 0.72  # measured 0.737 (before: 0.739)
    assert combined["held_out"]["precision_at_5"] >= 0.53  # measured 0.549 (before: 0.543)
    assert combined["held_out"]["ndcg_at_10"] >= 0.69  # measured 0.711 (before: 0.707)
    # every no-answer request empty (before: 28/30, q83 and q100 held out were answered by
    # meaning close only to a request's context or to a keyword slide)
    assert combined["tune"]["empty_queries_answered_empty"] == "13/13"
    assert combined["all"]["empty_queries_answered_empty"] == "30/30"
    assert combined["all"]["answered_queries_left_empty"] <= 6  # measured 6 (all paraphrases)
    assert combined["generic"]["ndcg_at_10"] >= 0.97  # measured 0.977 (before: 0.966)
    assert combined["course"]["ndcg_at_10"] >= 0.74  # measured 0.763 (before: 0.758)
    assert combined["topic"]["ndcg_at_10"] >= 0.78  # measured 0.793 (before: 0.792)
    assert combined["paraphrase"]["ndcg_at_10"] >= 0.42  # measured 0.435 (before: 0.435)


def test_meaning_adds_to_words(figures: dict[str, dict]) -> None:
    bm25, combined = figures["bm25"], figures["combined"]
    assert bm25["all"]["precision_at_5"] >= 0.48  # measured 0.499 (before: 0.496)
    assert bm25["all"]["ndcg_at_10"] >= 0.60  # measured 0.616 (before: 0.617)
    # without meaning, q83 and q92 (a topic only its context is taught for) stay answered
    assert bm25["all"]["empty_queries_answered_empty"] == "28/30"
    assert combined["paraphrase"]["ndcg_at_10"] >= bm25["paraphrase"]["ndcg_at_10"] + 0.2
    assert combined["all"]["ndcg_at_10"] >= bm25["all"]["ndcg_at_10"] + 0.08
