"""A short answer's key is a term in words, and its gloss pins it down (rounds 29-30):
a symbol is notation, not a term ("What is the term for the tensor of material elastic
constants?" → Dijkl); a ranking is no definition ("the cheapest CI method" → CID);
a reversed sentence whose gloss only relates the key to something ("each stress
component is a linear combination of the strain tensor") or names its class ("CIS is an
excited state method") is true of many things."""

from __future__ import annotations

import pytest

from models.drafting.built import build_drafts
from models.drafting.short_keys import (
    class_only,
    key_problem,
    ranking_gloss,
    relation_only,
    symbol_key,
)
from storage.domain import Difficulty, QuestionType, Slide

ELASTICITY = (
    "Isotropic linear elastic stress-strain relations\n"
    "The relationship between the stress and strain tensor is a linear one. The stress "
    "component is a linear combination of the strain tensor.\n"
    "σij = σ0ij + Dijkl εkl\n"
    "Dijkl is the tensor of material elastic constants.",
    "Strain energy\nThe strain energy density is the work done per unit volume by the "
    "stresses on the strains.",
    "Elastic moduli\nYoung's modulus is the ratio of uniaxial stress to uniaxial strain.",
)

CHEMISTRY = (
    "Truncated configuration interaction\n"
    "CIS is an excited state method.\n"
    "CID is the cheapest CI method.\n"
    "CISD is the most commonly-used CI method.\n"
    "CISDT adds the triples to the expansion.",
    "Size extensivity is the scaling of the correlation energy with the number of "
    "electrons.",
    "Full CI is the exact solution of the electronic Schrödinger equation in a given "
    "basis.",
)


def _drafts(pages: tuple[str, ...]) -> list:
    slides = [Slide(7, i, text) for i, text in enumerate(pages, start=1)]
    asked = {QuestionType.SHORT: 4, QuestionType.MCQ: 4}
    return build_drafts(slides, asked, Difficulty.MEDIUM, seed=0)


def _keys(drafts: list) -> list[str]:
    return [c.text for q in drafts for c in q.choices if c.correct > 0]


@pytest.mark.parametrize("key", ["Dijkl", "σ", "Cp", "k_B", "β1", "x1", "E", "Mn"])
def test_a_symbol_is_no_term_in_words(key: str) -> None:
    assert symbol_key(key)
    assert key_problem(key, "the heat capacity at constant pressure") == (
        "a symbol, not a term in words"
    )


@pytest.mark.parametrize(
    "key", ["CISD", "HSV", "GDPR", "CO2", "H2", "REDCap", "Java", "Kafka", "alias", "pH"]
)
def test_acronyms_formulas_and_names_stay_terms(key: str) -> None:
    assert not symbol_key(key)


def test_the_elasticity_slide_gives_no_symbol_key_and_no_reversed_relation() -> None:
    drafts = _drafts(ELASTICITY)
    shorts = [q for q in drafts if q.type == QuestionType.SHORT]
    assert "Dijkl" not in _keys(shorts)
    assert not any("linear combination" in q.stem for q in shorts), [q.stem for q in shorts]
    mcqs = [q for q in drafts if q.type == QuestionType.MCQ]
    assert "Dijkl" not in _keys(mcqs)


@pytest.mark.parametrize(
    ("key", "gloss"),
    [
        ("CID", "the cheapest CI method"),  # quantum chemistry
        ("CISD", "the most commonly-used CI method"),
        ("Python", "the most popular language for data science"),  # computing
        ("Aspirin", "the most widely used analgesic"),  # pharmacology
        ("Quicksort", "the fastest sorting algorithm"),
        ("Adam", "one of the best optimizers"),
    ],
)
def test_a_ranking_is_no_definition(key: str, gloss: str) -> None:
    assert ranking_gloss(key, gloss)
    assert key_problem(key, gloss) == "a ranking, no definition"


@pytest.mark.parametrize(
    ("key", "gloss"),
    [
        ("Phoneme", "the smallest unit of sound that distinguishes meaning"),
        ("Morpheme", "the smallest unit of meaning"),
        ("BLUE", "the best linear unbiased estimator"),  # an acronym's expansion
        ("Height", "the maximum level of any node"),  # no superlative
        ("Lurker", "a user who does not actively participate"),
    ],
)
def test_a_superlative_narrowed_by_a_complement_still_defines(key: str, gloss: str) -> None:
    assert not ranking_gloss(key, gloss)


def test_the_ci_slide_gives_no_ranking_question() -> None:
    drafts = _drafts(CHEMISTRY)
    for q in drafts:
        assert "cheapest" not in q.stem and "commonly" not in q.stem, q.stem


@pytest.mark.parametrize(
    "gloss",
    [
        "a linear combination of the strain tensor",  # geotechnics
        "a function of temperature and pressure",  # thermodynamics
        "a sum of input variables",  # statistics
        "a part of the cell",  # biology
    ],
)
def test_a_relation_only_gloss_pins_nothing(gloss: str) -> None:
    assert relation_only(gloss)
    assert key_problem("Enthalpy", gloss) == "a relation true of many things"


@pytest.mark.parametrize(
    "gloss",
    [
        "the collection of all possible outcomes",  # definite: the one collection
        "a set of points whose coordinates satisfy a second-degree polynomial equation",
        "a sequence of amino acids folding into a stable structure",
        "a measure",  # no complement at all: class_only's business
    ],
)
def test_a_relational_head_narrowed_or_definite_stays(gloss: str) -> None:
    assert not relation_only(gloss)


@pytest.mark.parametrize(
    "gloss", ["an excited state method", "an exported assertion", "a probabilistic classifier"]
)
def test_a_bare_class_is_no_definition(gloss: str) -> None:
    assert class_only(gloss)


@pytest.mark.parametrize(
    "gloss",
    [
        "an ABox + RBox",  # what it is made of
        "a bar graph that summarizes a distribution",
        "a false name used to conceal one's identity",
        "the tensor of material elastic constants",
    ],
)
def test_a_class_with_what_sets_it_apart_stays(gloss: str) -> None:
    assert not class_only(gloss)


def test_a_precise_gloss_in_the_same_deck_still_makes_its_short_answer() -> None:
    drafts = [q for q in _drafts(CHEMISTRY) if q.type == QuestionType.SHORT]
    keys = {k.lower() for k in _keys(drafts)}
    assert keys & {"size extensivity", "full ci"}, [q.stem for q in drafts]
