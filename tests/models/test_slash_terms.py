"""A slash joining two words names one thing ("Mind/Brain Identity Theory", "TCP/IP");
spaced or repeated, a slash lists things ("quantize / prune", "a/b/c")."""

from __future__ import annotations

import pytest

from models.drafting.fact_checks import _term_ok
from models.drafting.facts import extract_facts
from storage.domain import Slide


@pytest.mark.parametrize(
    "term", ["Mind/Brain Identity Theory", "Client/Server model", "TCP/IP", "Input/Output"]
)
def test_a_pair_joined_by_a_slash_is_a_term(term: str) -> None:
    assert _term_ok(term, structural=True)


@pytest.mark.parametrize("label", ["quantize / prune", "a/b/c", "w/o", "and/or"])
def test_a_slash_that_lists_is_no_term(label: str) -> None:
    assert not _term_ok(label, structural=True)


def test_the_theory_beside_its_kind_is_glossed() -> None:
    # round 8's philosophy deck: four theories glossed side by side; the one with a slash
    # in its name was lost, so the slide gave two glosses, not three
    text = "\n".join(
        [
            "The Mind/Body Problem",
            "Dualism: minds and bodies are two entirely separate things.",
            "Mind/Brain Identity Theory: minds are collections of states of the physical brain.",
            "Functionalism: minds are the software, carried out by the components of brains.",
        ]
    )
    terms = {f.term for f in extract_facts([Slide(1, 3, text)]) if f.kind == "definition"}
    assert {"Dualism", "Mind/Brain Identity Theory", "Functionalism"} <= terms
