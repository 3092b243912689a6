"""True/false statements that stand on their own (models.drafting.referents): a subject
that leaves which one it is to the slide ("The payoff to the male …", "Males try …") is
refused, or its owner carried in from the sentence before ("The components of a bill of
materials can be …"). Each rule: the case seen (rebuilt as slide text), one of another
field, and a line of the same shape that must not change."""

from __future__ import annotations

from models.drafting.referents import carried_in, loose_subject, points_back
from tests.models.test_gate_tf_guards import _tf


def _phrase(statement: str) -> str:
    loose = loose_subject(statement)
    return loose.phrase if loose else ""


def test_a_subject_that_leaves_which_one_to_the_slide_is_loose() -> None:
    # round 31 (animal behaviour): which male, which payoff? the slide is about hangingflies
    assert _phrase("The payoff to the male is an increased quantity of sperm.") == (
        "The payoff to the male"
    )
    assert _phrase("Males try to avoid being eaten.") == "Males"  # which species?
    # rounds 5 and 17 (dialogue systems, development economics), round 24 (pharmacology)
    assert _phrase("The goal is open-ended and unstructured, extended conversation.") == "The goal"
    assert _phrase("The three dimension indices are aggregated by their geometric mean.")
    # round 24 (Bayesian statistics): a label of everyday words the slide coined
    assert _phrase("The bad test statistic is highly dependent on the parameters.")
    assert _phrase("The task is to determine the intent of each user utterance.") == "The task"
    assert _phrase("The net result increases the free concentration of a drug.") == "The net result"


def test_a_subject_pinned_by_its_own_words_is_not_loose() -> None:
    # the same shapes, each saying which one: an "of" phrase naming it, a name, a rare or
    # hyphen-coined word, a clause, an opening frame, an indefinite or a field's plural
    assert not _phrase("The goal of a Kalman filter is to estimate the state.")
    assert not _phrase("The stem of a word is the part common to all inflected forms.")
    assert not _phrase("The first-best allocation maximizes the social surplus.")
    assert not _phrase("The forget gate controls which information is kept.")
    assert not _phrase("The approach proposed by Feng reduces the error.")
    assert not _phrase("In the SIR model, individuals are susceptible or infected.")
    assert not _phrase("A signal is periodic if its values repeat.")
    assert not _phrase("Enzymes speed up chemical reactions.")
    assert not _phrase("Derivatives are a tool for companies to reduce risks.")
    assert not _phrase("The perceptron can be viewed as optimizing a loss.")
    # tune set (nuclear physics): a name of several everyday words is the field's own
    assert not _phrase(
        "The electromagnetic moment operator can be expressed in terms of transition operators."
    )


def test_a_term_the_deck_names_is_not_loose() -> None:
    # round 28 (causal inference): "The synthetic control mimics …" names the method
    statement = "The synthetic control mimics the predictors of the outcome."
    assert _phrase(statement)
    assert loose_subject(statement, lambda p: p.lower() == "synthetic control") is None
    # a word of it the deck names: "the transition densities" where "transition" is a term
    densities = "The transition densities characterize the properties of the states."
    assert loose_subject(densities, lambda p: p.lower() == "transition") is None


def test_the_owner_is_carried_in_from_the_sentence_before() -> None:
    # round 31 (operations management): the sentence before names whose components
    before = (
        "A bill of materials (BOM) describes the components that are required in order "
        "to produce a product."
    )
    statement = "The components can be raw materials, semi-finished products, or ingredients."
    loose = loose_subject(statement)
    assert loose is not None
    assert carried_in(statement, loose, before) == (
        "The components of a bill of materials can be raw materials, semi-finished "
        "products, or ingredients."
    )
    # another field: a contract names its clauses
    clauses = "The clauses must be signed by both parties."
    loose = loose_subject(clauses)
    assert loose is not None
    assert carried_in(clauses, loose, "A lease contract lists the clauses of the agreement.") == (
        "The clauses of a lease contract must be signed by both parties."
    )
    # nothing carried in where the sentence before does not name the owner plainly, or the
    # subject already has a phrase after its head, or is a bare plural
    assert not carried_in(statement, loose_subject(statement), "Stock is counted weekly.")  # type: ignore[arg-type]
    payoff = "The payoff to the male is an increased quantity of sperm."
    assert not carried_in(payoff, loose_subject(payoff), "A male offers the payoff to a female.")  # type: ignore[arg-type]
    males = "Males try to avoid being eaten."
    assert not carried_in(males, loose_subject(males), "A mantis eats the males.")  # type: ignore[arg-type]


def test_the_drafter_refuses_or_mends_a_loose_subject() -> None:
    # round 31: mended where the sentence before names the owner
    drafts = _tf(
        "Bill of materials\n"
        "A bill of materials (BOM) describes the components that are required in order to "
        "produce a product. The components can be raw materials, semi-finished products, "
        "or ingredients.\n"
        "Inventory control tracks the stock of components held by a firm."
    )
    assert not any(s.startswith("The components can") for s in drafts)
    assert (
        "The components of a bill of materials can be raw materials, semi-finished products, "
        "or ingredients." in drafts
    )
    # round 31 again: refused where nothing names it; the slide's other claims stay
    flies = _tf(
        "Nuptial gifts\n"
        "Hangingfly males offer a nuptial gift of prey to females before mating.\n"
        "The payoff to the male is an increased quantity of sperm transferred.\n"
        "Sperm competition occurs when females mate with several males."
    )
    assert not any("payoff to the male" in s for s in flies)
    assert "Sperm competition occurs when females mate with several males." in flies
    mantis = _tf(
        "Sexual cannibalism\n"
        "Sexual cannibalism occurs when a female mantis eats the male during mating.\n"
        "Males try to avoid being eaten.\n"
        "Well-fed females generally do not eat the male."
    )
    assert "Males try to avoid being eaten." not in mantis
    assert "Sexual cannibalism occurs when a female mantis eats the male during mating." in mantis


def test_a_statement_pointing_back_at_the_lines_above_is_refused() -> None:
    # round 11 (demography): "these processes" are births, deaths and migration, above
    assert points_back("The Demography is the study of these processes.") == "these processes"
    # round 10 (distributed systems): a demonstrative subject; another field (chemistry)
    assert points_back("That's something that happens in the module that exports the clock.")
    assert points_back("These reactions release heat to the surroundings.") == "These reactions"
    # the same shape naming its noun first, or "such as" giving examples: kept
    assert not points_back("A feature is kept if this feature reduces the loss.")
    assert not points_back("The correlation length depends on conditions such as pressure.")
    assert not points_back("Exothermic reactions release heat to the surroundings.")
