"""A true/false statement reads as one grammatical sentence (sentence_shape), and slide
lines the slide ended short are not joined into one (slide_units)."""

from __future__ import annotations

import pytest

from models.drafting.sentence_parse import parser_available
from models.drafting.sentence_shape import sentence_fault, unbalanced
from models.drafting.slide_units import slide_units
from models.drafting.tf_guards import no_claim_alone
from storage.domain import Slide

needs_parser = pytest.mark.skipif(not parser_available(), reason="spaCy model not installed")


# --- slide_units: a line that ended short is no wrapped sentence ---------------------------

# round 28, statistics: the bullets' markers are images, so the text has none
_CVA = """Similarities and Differences between CVA and PCA
CVA:
Canonical variates are uncorrelated both within and between
groups
Canonical variates have equal variance within groups, but in
decreasing order between groups
non-orthogonal transformation, CV axes not at right angle to
each other in the original frame of reference."""

# another field, the same shape: a wrapped bullet, then a marker-less bullet after it
_PHARMA = """Drug binding to plasma proteins
Albumin binds many acidic drugs with high affinity, and only the
unbound fraction is active
patients with low albumin levels and renal failure need lower
doses."""

# the same shape that must still join: each line ends near the text's width
_WRAPPED = """Drug binding to plasma proteins
Albumin binds many acidic drugs with high affinity, and only the
unbound fraction of the drug in the plasma is pharmacologically
active at its site of action in the tissues of the body."""


def _texts(text: str) -> list[str]:
    return [u.text for u in slide_units(Slide(1, 1, text))[1] if not u.heading]


def test_a_line_ended_short_starts_another_bullet() -> None:
    texts = _texts(_CVA)
    assert (
        "Canonical variates have equal variance within groups, but in decreasing order "
        "between groups" in texts
    )
    assert any(t.startswith("non-orthogonal transformation") for t in texts)
    assert not any("groups non-orthogonal" in t for t in texts)


def test_a_line_ended_short_in_another_field() -> None:
    texts = _texts(_PHARMA)
    assert (
        "Albumin binds many acidic drugs with high affinity, and only the unbound fraction "
        "is active" in texts
    )
    assert any(t.startswith("patients with low albumin levels") for t in texts)


def test_lines_wrapped_by_width_still_join() -> None:
    texts = _texts(_WRAPPED)
    assert len(texts) == 1 and texts[0].endswith("in the tissues of the body.")


def test_a_short_line_before_its_predicate_still_joins() -> None:
    # the line below goes on with the clause: "… can be used to …"
    text = """Tunnelling protocols
Generic routing encapsulation is a tunnelling protocol that wraps
packets of one network
can be used to carry network layer packets inside IP packets."""
    texts = _texts(text)
    assert any("packets of one network can be used" in t for t in texts)


# --- sentence_shape ------------------------------------------------------------------------


def test_unbalanced_brackets_and_quotes() -> None:
    assert unbalanced("The estimator is unbiased (under the usual assumptions.")
    assert unbalanced('The court called it a "derivative work.')
    assert not unbalanced("The estimator is unbiased (under the usual assumptions).")
    assert sentence_fault("Bonds pay a fixed coupon [annually.") != ""


@needs_parser
def test_two_bullets_fused_into_one_sentence() -> None:
    fused = (
        "Canonical variates have equal variance within groups, but in decreasing order "
        "between groups non-orthogonal transformation, CV axes not at right angle to each "
        "other in the original frame of reference."
    )
    assert sentence_fault(fused)
    assert no_claim_alone(fused)
    # the first bullet alone is a sentence
    assert not sentence_fault(
        "Canonical variates have equal variance within groups, but in decreasing order "
        "between groups."
    )


@needs_parser
def test_a_noun_phrase_strung_on_after_the_clause() -> None:
    # another field: a second bullet's noun phrase after a comma
    assert sentence_fault(
        "Enzymes lower the activation energy of a reaction, substrate specificity "
        "not shared by inorganic catalysts."
    )
    # the same shape, a second clause with its own subject and verb: left alone
    assert not sentence_fault(
        "Enzymes lower the activation energy of a reaction, and they are not consumed by it."
    )


@needs_parser
def test_a_second_verb_strung_on_with_a_comma() -> None:
    assert sentence_fault("Good public documentation increases work, supports scaling up.")
    assert sentence_fault("The central bank raises interest rates, reduces inflation.")
    # joined with "and", or an aside between commas: a sentence
    assert not sentence_fault("The central bank raises interest rates and reduces inflation.")
    assert not sentence_fault(
        "The most common kind of file, called a heap file, is just a chain of blocks."
    )


@needs_parser
def test_a_fragment_after_a_semicolon() -> None:
    assert sentence_fault(
        "An alias is a false name used to conceal one's identity; an assumed name."
    )
    assert sentence_fault("Photosynthesis takes place in the chloroplasts; green pigments.")
    # two clauses: a sentence
    assert not sentence_fault(
        "Photosynthesis takes place in the chloroplasts; respiration takes place in the "
        "mitochondria."
    )


@needs_parser
def test_a_comma_between_subject_and_verb() -> None:
    assert sentence_fault("Piecewise-cubic curve, allows to achieve C2-smoothness.")
    assert sentence_fault("The multiplier effect, increases output by more than spending.")
    # an opening phrase and its comma, then the subject: a sentence
    assert not sentence_fault("In practice, the multiplier increases output by more than spending.")


@needs_parser
def test_a_noun_phrase_dangling_after_a_colon() -> None:
    assert sentence_fault(
        "The exercise lets students visualize how a unit circle deforms during "
        "homogeneous deformation: parametric definition of unit circle."
    )
    # a colon that leads into a clause of its own: a sentence
    assert not sentence_fault(
        "The exercise has one goal: students visualize how a unit circle deforms."
    )


@needs_parser
def test_sentences_that_read_well_are_left_alone() -> None:
    for s in (
        "Linear hashing grows the hash file one block at a time.",
        "The choice of tree size determines the complexity of the model.",
        "Regulators require banks to hold capital against risky assets.",
        "The Kalman filter estimates the state of a linear system from noisy measurements.",
    ):
        assert sentence_fault(s) == "", s


def test_a_statement_pointing_at_what_the_slide_shows_next() -> None:
    # round 21 and round 23: the statement ends where the slide's formula or list begins
    assert no_claim_alone(
        "The interpretation function is extended to ALC concept descriptions as follows."
    )
    assert no_claim_alone("Handler's classification is describing the computer in a following way.")
    # another field
    assert no_claim_alone("The enzyme's reaction rate is computed as shown below.")
    # "following" that is no pointer: a sentence
    assert not no_claim_alone("Inflation fell in the following year.")
    assert not no_claim_alone("The following layer normalizes its inputs.")
