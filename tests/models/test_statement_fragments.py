"""No candidate, cut line, heading or lost word as a true/false statement (issue 12):
each rule with the rated case rebuilt as slide text, a case from another field, and a
good statement of the same shape that must still pass."""

from __future__ import annotations

import pytest

from models.drafting.built import build_drafts
from models.drafting.fact_checks import _definition_ok
from models.drafting.facts import Fact, extract_facts
from models.drafting.sentence_parse import object_lost, parser_available, subject_cut
from models.drafting.slide_units import shows_code, slide_units
from models.drafting.statement_checks import _statement_ok
from models.drafting.wording_flags import lost_ligature, title_case_heading
from storage.domain import Difficulty, QuestionType, Slide

needs_parser = pytest.mark.skipif(not parser_available(), reason="spaCy model not installed")


def statements(text: str) -> list[str]:
    facts: list[Fact] = extract_facts([Slide(3, 1, text)])
    return [f.text for f in facts if f.kind == "statement"]


def true_false_stems(text: str) -> set[str]:
    slides = [Slide(3, 1, text)]
    return {
        q.stem
        for d in (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)
        for q in build_drafts(slides, {QuestionType.TRUE_FALSE: 6}, d)
    }


# --- a candidate, an example, an option is no fact -------------------------------------------

MARKET = """Measuring market power
Imagine we observe a market with sellers
all charging price and selling quantity
Two possible explanations:
1. The market is competitive, and all firms
are charging
2. The market is collusive, and all firms
are marking up
Empirical Challenge: Identifying Power from Prices
p = MC
p > MC"""


def test_a_candidate_explanation_is_no_statement() -> None:
    """Round 22: "The market is competitive, and all firms are charging." keyed True; the
    slide offers it as one of two explanations (and lost its "p = MC")."""
    assert not any("competitive" in s for s in statements(MARKET))
    assert "The market is competitive, and all firms are charging." not in true_false_stems(MARKET)


def test_hypotheses_and_examples_of_other_fields_are_no_statements() -> None:
    ecology = """Amphibian decline
Competing hypotheses:
- Chytrid fungus spread through the trade in frogs for laboratories.
- Pesticide runoff suppressed the immune response of tadpoles."""
    politics = """Multiple causation
SUIN: Sufficient but Unnecessary part of a condition set that is
Insufficient but Necessary for the outcome
Example: Electoral fraud is a sufficient condition for
democratic erosion, which in turn is a neccessary condition for
war
aka precipitating causes"""  # round 21, keyed True as a general claim
    assert statements(ecology) == []
    facts = extract_facts([Slide(3, 1, politics)])
    assert not any("Electoral fraud" in f.text for f in facts)
    assert [f.term for f in facts if f.kind == "definition"] == ["SUIN"]


def test_a_finding_of_the_same_shape_is_still_a_statement() -> None:
    text = """Measuring market power
Key findings of the study:
1. The market is competitive, and all firms are charging marginal cost.
2. Entry into the market lowered the average price within two years."""
    found = statements(text)
    assert "The market is competitive, and all firms are charging marginal cost." in found


# --- a verb whose object the text lost --------------------------------------------------------


@needs_parser
def test_a_verb_the_slide_uses_with_an_object_has_lost_it() -> None:
    assert object_lost("The market is competitive, and all firms are charging.", MARKET)
    cell = """Signalling
Receptors activate kinases in the cell.
In the mutant, the receptor no longer activates."""
    assert object_lost("In the mutant, the receptor no longer activates.", cell)


@needs_parser
def test_a_verb_used_without_an_object_keeps_its_sentence() -> None:
    slide = """Inflation
Inflation occurs when the general level of prices keeps rising.
Prices are rising."""
    assert not object_lost("Prices are rising.", slide)
    assert not object_lost("All firms are charging the same price.", MARKET)  # the object is there


# --- a heading is no gloss --------------------------------------------------------------------


def test_a_title_case_heading_glosses_nothing() -> None:
    """Round 22: "Empirical Challenge: Identifying Power from Prices" became "Empirical
    Challenge involves identifying Power from Prices." keyed True."""
    assert title_case_heading("Identifying Power from Prices")
    assert not _definition_ok("Identifying Power from Prices", "Empirical Challenge")
    assert not _definition_ok("Measuring Social Capital in Rural Communities", "Research Focus")
    stems = true_false_stems(MARKET)
    assert not any("Empirical Challenge" in s for s in stems)


def test_a_sentence_case_gloss_or_an_expansion_still_glosses() -> None:
    assert not title_case_heading("Division of a cell nucleus into two identical nuclei")
    assert _definition_ok("Division of a cell nucleus into two identical nuclei", "Mitosis")
    assert _definition_ok("Long Short-Term Memory network", "LSTM")


# --- a word the PDF lost a ligature in --------------------------------------------------------


def test_a_lost_ligature_garbles_the_statement() -> None:
    """Round 20: "Disgorgement gives up wrongfully-gained prots.", "Promisee benet she
    would have gotten …" ("profits", "benefit" without their "fi")."""
    assert lost_ligature("Disgorgement gives up wrongfully-gained prots.")
    assert not _statement_ok("Disgorgement means the defendant gives up wrongfully-gained prots.")
    assert not _definition_ok("gives up wrongfully-gained prots", "Disgorgement")
    physics = "The magnetic eld inside a long solenoid is nearly uniform along its axis."
    assert lost_ligature(physics) and not _statement_ok(physics)


def test_whole_words_and_unknown_names_are_no_lost_ligature() -> None:
    good = "The magnetic field inside a long solenoid is nearly uniform along its axis."
    assert not lost_ligature(good) and _statement_ok(good)
    assert not lost_ligature("The tf idf weight ranks terms in lucene and elasticsearch.")


# --- a sentence about the code on the slide ---------------------------------------------------

PROMISES = """Error Handling
takePicture().then(uploadPicture).then(postItem).then(function(result) {
// do something with the result
}, function(error) {
// or handle the error
});
An error is thrown!
The error callback is called with
the error that was thrown.
Exceptions are automatically
caught by the promise chain."""


@needs_parser
def test_a_statement_about_the_code_shown_needs_the_code() -> None:
    """Round 22: "The error callback is called with the error that was thrown." cannot be
    judged without the code; a general sentence of the same slide can."""
    assert shows_code(PROMISES)
    found = statements(PROMISES)
    assert not any(s.startswith("The error callback") for s in found)
    assert "Exceptions are automatically caught by the promise chain." in found
    python = """Averages
total = 0
for value in values:
    total += value;
The loop adds each value to the running total."""
    assert not any(s.startswith("The loop") for s in statements(python))


@needs_parser
def test_the_same_statement_without_code_stands() -> None:
    prose = """Promises
A promise takes two callbacks, one for a result and one for an error.
The error callback is called with the error that was thrown."""
    assert not shows_code(prose)
    assert "The error callback is called with the error that was thrown." in statements(prose)


# --- a sentence that goes on over the line break ----------------------------------------------


@needs_parser
def test_a_subject_cut_by_the_line_break_is_joined_again() -> None:
    """Round 22: "… further suggesting Leontief's findings and H-O" + "Theory are not
    necessarily inconsistent …" was drafted from its first line alone."""
    trade = """Was The U.S. Labor Abundant?
Labor productivity and wages are highly correlated, further suggesting Leontief's findings and H-O
Theory are not necessarily inconsistent when considering effective labor."""
    texts = [u.text for u in slide_units(Slide(3, 1, trade))[1]]
    assert any(
        t.endswith("H-O Theory are not necessarily inconsistent when considering effective labor.")
        for t in texts
    )
    assert not any(t.endswith("findings and H-O") for t in texts)
    water = """Nitrate in the lake
Pollution from agriculture and runoff from the surrounding urban
Area are the main sources of nitrate in the lake."""
    assert subject_cut("Area are the main sources of nitrate in the lake.")
    assert len(slide_units(Slide(3, 1, water))[1]) == 2  # the title and one sentence


@needs_parser
def test_two_sentences_on_two_lines_stay_apart() -> None:
    text = """Markets
Supply rises when prices rise for a given level of demand
Demand falls when prices rise."""
    assert not subject_cut("Demand falls when prices rise.")
    assert len(slide_units(Slide(3, 1, text))[1]) == 3  # the title and two sentences


# --- a list of instructions glosses no heading ------------------------------------------------


def test_a_list_of_instructions_glosses_no_heading() -> None:
    """Round 18: "Tasks of the Stakeholder introduces the requirements engineer into the
    application domain." and "David Smith's Recommendations use pdf for printing.": the
    first of several instructions read as the heading's gloss."""
    tasks = """Requirement Sources
Tasks of the Stakeholder
Introduce the requirements engineer into the application domain
Supply the requirements engineer with requirements
Documents requirements assiduously
Make timely decisions
Respect the requirements engineer's estimates of costs and feasibility
Prioritize requirements"""
    poster = """Poster design guidelines
Use large fonts for the title and the section headings
Use colours with high contrast against the background
Choose one clear message for the whole poster
Make figures readable from two metres away"""
    for text in (tasks, poster):
        assert [f for f in extract_facts([Slide(3, 1, text)]) if f.kind == "definition"] == []


def test_a_technique_over_its_steps_keeps_its_gloss() -> None:
    """The sample deck's "Nonlinear quantization" over three steps: its first step glosses
    it (a short answer on it was rated usable in round 5)."""
    text = """Nonlinear quantization
Compute a grid of percentiles or centroids (k-means 1d)
Store each weight as the index of nearest percentile/centroid
Fit codes to data"""
    glosses = [f for f in extract_facts([Slide(3, 1, text)]) if f.kind == "definition"]
    assert [f.term for f in glosses] == ["Nonlinear quantization"]
