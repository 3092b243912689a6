"""Decks written in sentences: a page of prose notes has no title, a claim is read out of
its reporting frame and its scope phrase, a bullet jotted in lower case is a sentence."""

from __future__ import annotations

import pytest

from models.drafting.claims import (
    as_line_start,
    goes_on,
    named_by_topic,
    reported_claim,
    scoped_clause,
)
from models.drafting.facts import extract_facts
from models.drafting.sentence_parse import finite_clause, parser_available
from models.drafting.slide_units import slide_units
from storage.domain import Slide

needs_parser = pytest.mark.skipif(not parser_available(), reason="spaCy model not installed")


def _statements(text: str) -> list[str]:
    """The sentences a slide gives as statements (or as glosses: "X is a Y that …")."""
    return [
        f.text
        for f in extract_facts([Slide(1, 1, text)])
        if f.kind == "statement" or f.form == "copula"
    ]


# --- a page of prose has no title -----------------------------------------------------------


def test_first_line_of_a_wrapped_sentence_is_no_title() -> None:
    title, units = slide_units(
        Slide(
            1,
            1,
            "The resulting IA rate for Sweden is the\n"
            "hypothetical crude death rate of the standard population.\n"
            "Direct adjustment compares the strata specific rates.",
        )
    )
    assert title == ""
    assert units[0].text == (
        "The resulting IA rate for Sweden is the hypothetical crude death rate of the "
        "standard population."
    )


def test_wrapped_first_sentence_of_another_field() -> None:
    title, units = slide_units(
        Slide(
            1,
            1,
            "Photosynthesis converts light energy into chemical\n"
            "energy that is stored in glucose in the chloroplasts.\n",
        )
    )
    assert title == ""
    assert units[0].text.startswith("Photosynthesis converts light energy into chemical energy")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a title wrapped onto a short lower-case tail stays a title
        (
            "Solutions to the vanishing/exploding\ngradient problems\n• Gradient clipping",
            "Solutions to the vanishing/exploding gradient problems",
        ),
        # a title over a line of code is a title
        (
            "PPC for count data – hurdle truncated Poisson model\n"
            "prop_zero <- function(x) mean(x == 0)\nppc_stat(y, yrep2)",
            "PPC for count data – hurdle truncated Poisson model",
        ),
        # a short heading over a lower-case sentence
        (
            "Gradient descent\nthe update moves each weight against its gradient.",
            "Gradient descent",
        ),
    ],
)
def test_titles_that_stay_titles(text: str, title: str) -> None:
    assert slide_units(Slide(1, 1, text))[0] == title


def test_title_ending_open_takes_its_second_line() -> None:
    text = "GENERAL PROPERTIES OF A\nBARGAINED WAGE\n• the wage splits the surplus"
    assert slide_units(Slide(1, 1, text))[0] == "GENERAL PROPERTIES OF A BARGAINED WAGE"
    text = "Main stages of the\nCell Cycle\n• Interphase\n• Mitosis"
    assert slide_units(Slide(1, 1, text))[0] == "Main stages of the Cell Cycle"
    # a symbol under a title that ends open is no part of it
    text = "The objective function in (3) can be written as\nN\n∑ (yn − xn b)2"
    assert slide_units(Slide(1, 1, text))[0] == "The objective function in (3) can be written as"


# --- the claim in its frame -------------------------------------------------------------------


def test_reporting_frame_gives_its_claim() -> None:
    assert reported_claim(
        "Expression (**) shows that the Age-adjusted death rate is a weighted average of the "
        "three age-specific rates."
    ) == ("The Age-adjusted death rate is a weighted average of the three age-specific rates.")
    assert reported_claim("Note that enzymes lower the activation energy of a reaction.") == (
        "Enzymes lower the activation energy of a reaction."
    )
    assert reported_claim("Figure 3 shows that unemployment rises in a recession.") == (
        "Unemployment rises in a recession."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "This means that we have to remove her name from the database.",
        "The survey shows that most voters trust the press.",  # whose claim: keeps its source
        "Note that.",
        "Notice that the state is not hidden, but comprised of both possibilities.",
        "Notice that a sequence is described by the: name, nucleotide sequence, alphabet.",
    ],
)
def test_sentences_without_a_reporting_frame_stay(sentence: str) -> None:
    assert reported_claim(sentence) == sentence


@needs_parser
def test_framed_claim_becomes_a_statement() -> None:
    facts = _statements(
        "Weighted averages\n"
        "The wi's are non-negative numbers between 0 and 1.\n"
        "Expression (**) shows that the crude death rate is a weighted average of the "
        "age-specific rates."
    )
    assert "The crude death rate is a weighted average of the age-specific rates." in facts
    # (read as "X is a Y", the claim also glosses its subject)


# --- a bullet jotted in lower case ------------------------------------------------------------


def test_bullet_in_lower_case_starts_a_sentence() -> None:
    assert as_line_start("labor supply depends on labor market tightness") == (
        "Labor supply depends on labor market tightness"
    )
    assert as_line_start("1) higher wages increase employees' morale and productivity") == (
        "Higher wages increase employees' morale and productivity"
    )
    assert as_line_start("efficiency-wage theories postulate that wages raise output") == (
        "Efficiency-wage theories postulate that wages raise output"
    )
    for same in ("iPhone sales grew in every quarter", "x is the input of the layer", "pH falls"):
        assert as_line_start(same) == same


@needs_parser
def test_lower_case_bullets_become_statements() -> None:
    facts = _statements(
        "Wages\n"
        "• labor supply depends on labor market tightness\n"
        "• ozone destroys bacteria faster than free chlorine\n"
    )
    assert "Labor supply depends on labor market tightness." in facts
    assert "Ozone destroys bacteria faster than free chlorine." in facts


@needs_parser
def test_lower_case_line_that_is_no_bullet_stays_refused() -> None:
    # a line that goes on from a formula the text kept apart: no sentence of its own
    facts = _statements("Rates\nw1 + w2 + w3 = 1\nthat country's actual age distribution is used.")
    assert not any("actual age distribution" in f for f in facts)


# --- a phrase that sets the scope -------------------------------------------------------------


@needs_parser
def test_scope_phrase_opens_a_claim() -> None:
    assert scoped_clause("In signaling models the informed party makes the first move.") == (
        "The informed party makes the first move."
    )
    assert scoped_clause(
        "In epidemiology, the denominator of a rate is often expressed in person-years."
    ) == ("The denominator of a rate is often expressed in person-years.")
    facts = _statements(
        "Signaling\nIn game theory, a Nash equilibrium is a profile of mutual best responses.\n"
        "In plants, chlorophyll absorbs mostly red and blue light.\n"
    )
    assert "In game theory, a Nash equilibrium is a profile of mutual best responses." in facts
    assert "In plants, chlorophyll absorbs mostly red and blue light." in facts


@needs_parser
@pytest.mark.parametrize(
    "sentence",
    [
        "In this case, the information structure is exogenously given.",
        "For example, the principal could offer twenty different contracts.",
        "In 1962, there were many more deaths in Sweden than in Panama.",
        "If both contracts meet the conditions, each type chooses its own contract.",
    ],
)
def test_scope_that_points_at_a_case_is_refused(sentence: str) -> None:
    assert scoped_clause(sentence) is None
    assert not _statements(f"Notes\n{sentence}")


# --- verbs the word lists do not know ---------------------------------------------------------


@needs_parser
def test_finite_clause_reads_verbs_the_lists_miss() -> None:
    assert finite_clause("Indirect adjustment uses rates from the standard population.")
    assert finite_clause("Strategic considerations also play an important role in law.")
    assert not finite_clause("Compensation schemes for workers and managers")
    assert not finite_clause("Using headers, paragraphs, block quotes and bullet points")


def test_bullet_that_leaves_out_its_subject_keeps_its_case() -> None:
    # "segments …" is the verb of a subject the bullet left out, no sentence of its own
    assert as_line_start("segments input into frequent word and subword units") == (
        "segments input into frequent word and subword units"
    )
    assert as_line_start("predicates are expressions that refer to events") == (
        "Predicates are expressions that refer to events"
    )


@needs_parser
@pytest.mark.parametrize(
    "sentence",
    [
        "In response, alternative sampling solutions have been developed since then.",
        "On the one hand, a user's stream will often receive hundreds of items.",
        "For routing protocols used by routers of, LSP is considered a direct link.",
    ],
)
def test_scope_that_leans_on_the_line_above_is_refused(sentence: str) -> None:
    assert scoped_clause(sentence) is None


@needs_parser
@pytest.mark.parametrize(
    "fragment",
    [
        "Small-world sparse weights graphs for RNNs.",  # a title: nouns the parse took for verbs
        "Data model in between key–value and RDBMS; focus on iteration and aggregation.",
        "Trees, complex queries (XQuery), features similar to RDBMS.",
    ],
)
def test_noun_phrases_read_as_clauses_are_no_clauses(fragment: str) -> None:
    assert not finite_clause(fragment)


@needs_parser
def test_plural_subject_with_a_plain_verb_is_a_clause() -> None:
    assert finite_clause("Methods range from logistic regression to deep neural networks.")
    assert finite_clause("The financial statements approach uses interest expense and debt.")


def test_lower_case_bullet_cut_before_its_last_word_is_refused() -> None:
    slide = (
        "▶ hit rate is the fraction of memory accesses found in the upper\nlevel\n"
        "▶ antibodies bind the antigens presented on the cell surface\nB cells\n"
    )
    assert goes_on("hit rate is the fraction of memory accesses found in the upper", slide)
    # the next line is a label of its own, or the bullet ended its sentence
    assert not goes_on("antibodies bind the antigens presented on the cell surface", slide)
    assert not goes_on("hit rate is the fraction of accesses found in the upper.", slide)


@needs_parser
def test_lower_case_bullet_about_the_slides_thing_is_refused() -> None:
    facts = _statements(
        "Good reasons to start with linear models\n"
        "• the technique has an extension to broader classes of functions\n"
        "• linear models give a closed-form solution for the coefficients\n"
    )
    assert not any("technique" in f for f in facts)
    assert "Linear models give a closed-form solution for the coefficients." in facts


@needs_parser
def test_lower_case_bullet_about_the_slides_thing_takes_its_full_name() -> None:
    assert named_by_topic(
        "The wage is higher when workers have more bargaining power",
        "GENERAL PROPERTIES OF A BARGAINED WAGE",
    ) == ("The bargained wage is higher when workers have more bargaining power")
    assert named_by_topic(
        "The enzyme is inhibited by high substrate levels", "Allosteric enzyme kinetics"
    ) == ("The allosteric enzyme is inhibited by high substrate levels")
    assert named_by_topic("The wage is higher", "Wage") is None  # no more than "the wage"
    assert named_by_topic("The technique has an extension", "Good reasons for OLS") is None
    facts = _statements(
        "GENERAL PROPERTIES OF A\nBARGAINED WAGE\n"
        "• the wage is higher when workers have more bargaining power\n"
    )
    assert facts == ["The bargained wage is higher when workers have more bargaining power."]
