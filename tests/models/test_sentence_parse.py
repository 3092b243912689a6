"""The dependency parse that tells a slide sentence from a bullet fragment (real spaCy
model, as installed by the project's own setup)."""

from __future__ import annotations

import pytest

from models.drafting import sentence_parse
from models.drafting.facts import extract_facts
from models.drafting.sentence_parse import has_subject_and_verb, parser_available
from storage.domain import Slide

FRAGMENTS = [
    "Detection of biodiversity changes across scales.",
    "Using deepTools to visualize the data and evaluate enrichment in specific regions.",
    "Fast-food chain to reduce certain types of fat in its french fries with new oil.",
    "Complex data model, inspired by OOP.",
    "Discussion about the prep. reading framed in the context of the three waves in HCI.",
    "Plato discussing ability of Greek Modes to convey affect.",
]
SENTENCES = [
    "The first instruction of a basic block is called a leader.",
    "Two variables that are simultaneously alive must be assigned different registers.",
    "There is an optimal algorithm for trees based on dynamic programming.",
    "White light is a mix of many colors.",
    "The phase with the lowest molar Gibbs free energy is the spontaneously formed phase.",
    "Rays are bent when they cross a boundary between two materials.",
]


def test_the_real_parser_is_installed() -> None:
    assert parser_available()


@pytest.mark.parametrize("text", FRAGMENTS)
def test_a_fragment_has_no_verb_with_a_subject(text: str) -> None:
    assert not has_subject_and_verb(text)


@pytest.mark.parametrize("text", SENTENCES)
def test_a_sentence_has_a_verb_with_a_subject(text: str) -> None:
    assert has_subject_and_verb(text)


def test_fragments_make_no_statement_and_sentences_do() -> None:
    slide = Slide(2, 4, "Basic blocks\n" + "\n".join(FRAGMENTS + SENTENCES))
    statements = {f.text for f in extract_facts([slide]) if f.kind == "statement"}
    assert not any(
        s.startswith(("Detection", "Using deepTools", "Complex data")) for s in statements
    )
    assert any("simultaneously alive" in s for s in statements), statements


def test_without_the_parser_the_word_rules_decide_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentence_parse, "_pipeline", lambda: None)
    sentence_parse.has_subject_and_verb.cache_clear()
    try:
        assert has_subject_and_verb("Detection of biodiversity changes across scales.")
    finally:
        sentence_parse.has_subject_and_verb.cache_clear()


def test_a_verb_the_small_model_reads_as_a_noun_still_makes_a_sentence() -> None:
    assert has_subject_and_verb("A transaction groups several reads and writes into one unit.")
    assert not has_subject_and_verb("Detection of biodiversity changes across scales.")
