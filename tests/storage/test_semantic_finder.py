"""The slide finder with the embedding model: requests in other words find their slides."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from models.embeddings import Embedder
from storage.database import Bank, open_bank
from storage.decks import read_deck
from storage.semantic import embed_pending, embedding_status
from storage.slide_finder import SlideFinder
from storage.slide_store import SlideLibrary
from tests.conftest import FIXTURES, make_deck

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

INFERENCE_SERVER = {11, 12, 14}  # "Scenario 1: inference server" pages


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Bank]:
    with open_bank(tmp_path_factory.mktemp("finder") / "bank.sqlite") as bank:
        for path in sorted(FIXTURES.glob("*.pdf")):
            SlideLibrary(bank).import_deck(read_deck(path))
        *_, last = embed_pending(bank, embedder)
        assert last.slides == last.total > 60  # content slides only
        yield bank


def test_a_request_in_other_words_finds_its_slides(embedded: Bank, embedder: Embedder) -> None:
    request = "answering requests from many users on a central machine"
    lexical = SlideFinder(embedded).find(request, limit=5)
    assert not {h.slide.page for h in lexical.hits} & INFERENCE_SERVER  # words alone miss them
    finder = SlideFinder(embedded, embedder)
    assert finder.semantic
    found = finder.find(request, limit=5)
    assert len({h.slide.page for h in found.hits} & INFERENCE_SERVER) >= 2


def test_relevance_set_on_the_shipped_decks_with_meaning(
    embedded: Bank, embedder: Embedder
) -> None:
    """The relevance set on the shipped decks (tests/storage/test_finder_relevance.py
    and bench/finder_eval.py: all decks). A partial answer selects nothing and counts
    as empty."""
    spec = importlib.util.spec_from_file_location(
        "finder_eval", FIXTURES.parents[1] / "bench" / "finder_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    decks = {Path(d.source_path).name: d.id for d in SlideLibrary(embedded).decks()}
    queries = json.loads((FIXTURES / "slide_relevance.json").read_text())["queries"]
    paraphrases = [q for q in queries if q.get("kind") == "paraphrase"]
    others = [q for q in queries if q.get("kind") != "paraphrase"]
    bm25, fused = SlideFinder(embedded), SlideFinder(embedded, embedder)
    before, after = (module.evaluate(f, decks, others) for f in (bm25, fused))
    assert after["queries"] == before["queries"] == 17
    assert after["precision_at_5"] >= 0.69  # measured 0.706 (words alone 0.647)
    assert after["ndcg_at_10"] >= before["ndcg_at_10"] + 0.04  # measured 0.716 -> 0.782
    assert after["answered_queries_left_empty"] <= 1
    # q83 "dropout layers in neural networks" is still answered by meaning
    assert after["empty_queries_answered_empty"] == "26/27"
    before, after = (module.evaluate(f, decks, paraphrases) for f in (bm25, fused))
    assert after["queries"] == before["queries"] == 6
    # on these two decks most paraphrases are still answered "nothing relevant"
    assert after["answered_queries_left_empty"] <= 4  # measured 4 (words alone 5)


def test_a_request_in_the_slides_words_still_ranks_them_first(
    embedded: Bank, embedder: Embedder
) -> None:
    hits = SlideFinder(embedded, embedder).find("make a hard quiz on quantization").hits
    assert all("quantiz" in h.slide.text.lower() for h in hits[:5])


def test_an_absent_topic_is_still_reported(embedded: Bank, embedder: Embedder) -> None:
    result = SlideFinder(embedded, embedder).find("decision trees and random forests")
    assert result.partial or not result.hits
    assert "No slide" in result.message


def test_slides_changed_since_embedding_are_not_matched_by_meaning(
    bank: Bank, embedder: Embedder
) -> None:
    make_deck(bank, pages=4)
    *_, last = embed_pending(bank, embedder)
    assert SlideFinder(bank, embedder).semantic
    with bank.sessions.begin() as s:
        s.execute(text("UPDATE slides SET clean_text = clean_text || ' (edited)'"))
    assert not SlideFinder(bank, embedder).semantic  # every vector is stale: not used
    status = embedding_status(bank, embedder.model_id)
    assert status.slides_current == 0 < status.slides == last.slides
