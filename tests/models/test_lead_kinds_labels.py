"""A key or option that describes one of a kind is no term of it: superlative labels
("simplest approach", "Cheapest CI method"), adverbs among noun options
("Mathematically"), and a key that only mentions the stem's kind in a modifier
("Error in the HF method" for "Which kind of method …?")."""

from __future__ import annotations

import pytest

from models.drafting.checks import gate, kind_mismatch
from models.drafting.option_kinds import label_option
from models.drafting.short_keys import heading_or_label, key_problem
from models.drafting.word_class import adjectival, same_class
from storage.domain import Choice, Question, QuestionType


def _mcq(stem: str, key: str, wrong: list[str]) -> Question:
    choices = [Choice(key, 1.0), *(Choice(w, 0.0) for w in wrong)]
    return Question(type=QuestionType.MCQ, stem=stem, choices=choices)


@pytest.mark.parametrize(
    "key",
    [
        "simplest approach",  # genome annotation: "the simplest approach finds ORFs"
        "Cheapest CI method",  # quantum chemistry: "CID: the cheapest CI method"
        "fastest way",  # any field
        "Easiest solutions",
    ],
)
def test_a_superlative_before_a_generic_noun_is_a_label(key: str) -> None:
    assert heading_or_label(key)
    assert key_problem(key, "finds open reading frames") == "a heading or a label"
    assert label_option(key)


@pytest.mark.parametrize(
    "term",
    [
        "Nearest neighbour method",  # a field noun between: a name
        "Least squares method",
        "Greatest common divisor",
        "Latest start time",
        "Interest approach",  # "-est" but no superlative
        "Harvest method",
        "Shortest path",  # no generic noun at the head
    ],
)
def test_terms_of_the_same_shape_stay_terms(term: str) -> None:
    assert not heading_or_label(term)
    assert not label_option(term)


def test_an_adverb_is_no_option_beside_noun_phrases() -> None:
    # journalism: "Equality of outcome" with Mathematically / Moral principle / Legal principle
    assert adjectival("Mathematically")
    assert not same_class("Mathematically", "Moral principle")
    # statistics: adverbs the lexicon knows only as adverbs; nouns stay nouns
    assert adjectival("Asymptotically")
    assert not adjectival("Early stopping") and not adjectival("Offline learning")
    assert same_class("Early stopping", "Dropout")


def test_a_key_that_mentions_the_kind_in_a_modifier_is_no_such_kind() -> None:
    q = _mcq(
        "Which kind of method is the correlation energy?",
        "Error in the HF method",
        ["Full CI method", "Coupled cluster method"],
    )
    assert kind_mismatch(q)
    assert gate(q).startswith("a key of another kind")
    # economics: a share of a rate is no rate
    assert kind_mismatch(_mcq("Which kind of rate rises?", "Share of the rate", ["Base rate"]))


@pytest.mark.parametrize(
    ("stem", "key"),
    [
        ("Which kind of model counts words only?", "Bag of words model"),
        ("Which kind of method matches moments?", "Method of moments"),
        ("Which kind of test compares group means?", "Analysis of variance test"),
        ("Which kind of pruning removes small weights?", "Magnitude pruning"),
        ("Which kind of index has one entry per record?", "Dense index"),
    ],
)
def test_names_of_the_kind_keep_their_stems(stem: str, key: str) -> None:
    assert kind_mismatch(_mcq(stem, key, ["Sparse index", "Other thing"])) == ""
