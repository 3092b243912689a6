"""A short answer's clue must define its term, not tell a fact about it (models/drafting/
clues.py): "The male does all the nesting and care of the eggs. What is this fish
called?" has seahorses and pipefish for answers too (round 31)."""

from __future__ import annotations

from models.drafting.built import build_drafts
from models.drafting.clues import (
    clause_about_other,
    clue_problem,
    named_by_maker,
    purpose_only,
)
from storage.domain import Difficulty, QuestionType, Slide


def _shorts(*pages: str) -> list:
    slides = [Slide(3, i, text) for i, text in enumerate(pages, start=1)]
    return build_drafts(slides, {QuestionType.SHORT: 6}, Difficulty.MEDIUM, seed=0)


def _keys(qs: list) -> set[str]:
    return {a for q in qs for a in q.correct_answers}


# round 31: a label with an example fact, each line's clause about a part of the animal
FISH = (
    "Reproductive investment\n"
    "Examples of species with extreme differences in care:\n"
    "• Stickleback fish: The male does all the nesting and care of the eggs.\n"
    "• Cichlid fish: The female keeps the young in her mouth for weeks.\n"
    "• Lions: Females invest more than two years of care of the young."
)
# another field, the same shape: a machine named by what one of its parts does
PRINTERS = (
    "Kinds of printer\n"
    "Inkjet printer: The head sprays tiny drops of ink onto the paper.\n"
    "Laser printer: The drum attracts toner where the laser has discharged it.\n"
    "Dot matrix printer: Pins strike an inked ribbon to form each character."
)
# the same shape that must stay: a sentence states what a property or an effect is
ACID = (
    "ACID properties\n"
    "Atomicity: The set of operations of a transaction is either executed as a block, "
    "or canceled as a block.\n"
    "Durability: The changes of a committed transaction survive any later crash.\n"
    "Isolation: Concurrent transactions do not see each other's partial results."
)


def test_a_fact_about_a_thing_makes_no_short_answer() -> None:
    qs = _shorts(FISH, "Parental care differs between males and females of many species.")
    assert "Stickleback fish" not in _keys(qs), [q.stem for q in qs]
    qs = _shorts(PRINTERS, "Printers differ in speed, cost per page and noise.")
    assert not {"Inkjet printer", "Laser printer"} & _keys(qs), [q.stem for q in qs]


def test_a_sentence_that_states_a_property_still_makes_one() -> None:
    qs = _shorts(ACID, "Transactions group several reads and writes into one unit.")
    atomicity = [q for q in qs if "Atomicity" in q.correct_answers]
    assert atomicity, [q.stem for q in qs]
    assert atomicity[0].stem.endswith("What is this ACID property called?")


def test_the_sentence_rules_read_the_subject_and_the_kind() -> None:
    fish = "The male does all the nesting and care of the eggs."
    assert clause_about_other(fish, "fish", "Stickleback fish")
    # the same sentence for a kind of behaviour (a happening) is what the behaviour is
    assert not clause_about_other(fish, "behaviour", "Paternal behaviour")
    assert not clause_about_other(
        "Changing a single bit of the input affects every bit of the output.",
        "effect",
        "Avalanche effect",
    )
    # another of the kind: "the potential energy …" asked as kinetic energy (tune deck)
    assert clause_about_other(
        "A simple function of the momentum; the potential energy depends only on the positions.",
        "energy",
        "kinetic energy",
    )
    # a possibility (round 17 "Reasonable people can disagree" → values pluralism)
    assert clause_about_other("Reasonable people can disagree.", "pluralism", "Values pluralism")
    assert clause_about_other(
        "Multimodal LLMs can reason across different modalities.",
        "multimodal model",
        "Cross-Modal Understanding",
    )
    assert not clause_about_other(
        "Only local neighbors within a fixed radius are attended to.",
        "attention",
        "window attention",
    )


def test_an_instrument_said_by_its_purpose_alone_pins_nothing() -> None:
    # round 27: derivatives, and insurance, hedging, diversification …
    assert purpose_only("a tool for companies and other users to reduce risks")
    assert purpose_only("a way to make patients feel better")  # another field
    # the same shape with how it works, or a field's word, stays
    assert not purpose_only("a mechanism by which cells take up large molecules")
    assert not purpose_only("a useful tool to visualize relationships among events")
    assert not purpose_only("an instruction to trade a specific quantity of the asset")


def test_a_thing_named_by_its_maker_is_trivia() -> None:
    # rounds 4-7 and 20: another model of DeepMind fits, the product is local trivia
    assert named_by_maker("a visual language model from DeepMind that connects images and text")
    assert named_by_maker(
        "an open source product that is supported by the Center for Health Insights"
    )
    # a verb's "from" and a lower-case agent stay
    assert not named_by_maker("a rule derived from Bayes' theorem for updating beliefs")
    assert not named_by_maker("a bar graph that is made by counting observations in bins")


def test_clues_that_pin_their_term_pass() -> None:
    for gloss, key in [
        (
            "a bar graph that summarizes the distribution of a variable by dividing its range "
            "into equally-sized bins",
            "histogram",
        ),
        ("the number of financial claims that change hands daily or annually", "Trading volume"),
        ("a process that explains how an outcome occurs", "Causal mechanism"),
        (
            "the sets of points whose coordinates satisfy a second-degree polynomial equation",
            "Conic sections",
        ),
    ]:
        assert clue_problem(gloss, key) == "", gloss
