"""True/false statements a teacher would not bother to ask (issue #12, rounds 29-30): the
speaker's snapshot of what is used now, the same or different for unnamed groups, a
framed copula that repeats its frame, and a verdict on how much something matters. Each
rule: the case seen (rebuilt as slide text), one of another field, and a line of the same
shape that must not change."""

from __future__ import annotations

from models.drafting.premises import bound_to_its_frame
from models.drafting.tf_guards import true_by_its_words
from models.drafting.true_false import _VAGUE_CLAIM
from tests.models.test_gate_tf_guards import _tf


def _said(stems: list[str], words: str) -> bool:
    return any(words.lower() in s.lower() for s in stems)


# --- the speaker's snapshot ------------------------------------------------------------------


def test_how_things_stand_now_or_who_uses_what_is_refused() -> None:
    # round 30 (economics): the instructor's view of software popularity
    assert bound_to_its_frame(
        "R, MATLAB, and Python are also used by many economists, but Stata still dominates."
    )
    assert bound_to_its_frame("The UNDP now publishes a number of HDI-like indicators.")
    # other fields: chemistry, software engineering
    assert bound_to_its_frame("FCI is becoming more and more fashionable these days.")
    assert bound_to_its_frame("Git is the most widely used version control system.")
    assert bound_to_its_frame("Most hospitals currently use paper charts for triage.")
    # the same shapes, no snapshot: "still" as "even so", "currently" in a definition
    assert not bound_to_its_frame("If the assumption fails, the minimizer still exists.")
    assert not bound_to_its_frame(
        "Angle bending is less stiff than bond stretching, but still stiff."
    )
    assert not bound_to_its_frame(
        "A market order trades immediately at the best price that is currently available."
    )
    assert not bound_to_its_frame("A candidate not dominated by any other is Pareto optimal.")


def test_a_snapshot_on_a_slide_is_no_true_false_statement() -> None:
    slide = (
        "Software for empirical work\n"
        "• R, MATLAB, and Python are also used by many economists, but Stata still dominates.\n"
        "• Stata stores a dataset as a rectangular table of variables and observations."
    )
    stems = _tf(slide)
    assert not _said(stems, "still dominates")
    assert _said(stems, "rectangular table")  # the slide's fact is still asked


# --- the same or different for unnamed groups --------------------------------------------------


def test_the_same_or_different_for_unnamed_groups_is_refused() -> None:
    # round 29 (journalism, a fairness slide's definitions): keyed True, rated wrong
    assert bound_to_its_frame("A prediction means the same thing for each group.")
    assert bound_to_its_frame("Predictive accuracy will differ between groups.")
    # another field: a clinical trial slide
    assert bound_to_its_frame("The dose response is identical across populations.")
    # the same shape, kept: what a method compares, and groups named by the method
    assert not bound_to_its_frame("ANOVA tests whether the means differ between groups.")
    assert not bound_to_its_frame(
        "Canonical variates are uncorrelated both within and between groups."
    )
    assert not bound_to_its_frame("Blood type differs between the parents and the child.")


def test_a_fairness_definition_alone_is_no_true_false_statement() -> None:
    slide = (
        "Calibration\n"
        "• A prediction means the same thing for each group.\n"
        "• A calibrated classifier assigns scores that match observed frequencies."
    )
    stems = _tf(slide)
    assert not _said(stems, "for each group")


# --- a framed copula that repeats its frame ----------------------------------------------------


def test_a_framed_copula_made_of_its_frame_s_words_is_true_by_its_words() -> None:
    # round 30 (operations research)
    assert true_by_its_words(
        "In mathematical models, the building blocks are mathematical structures."
    )
    # another field: law
    assert true_by_its_words("In contract law, the main sources are contract rules.")
    # the same shape with content of its own: kept
    assert not true_by_its_words(
        "In mathematical models, the decision variables are the quantities we choose."
    )
    assert not true_by_its_words(
        "In linear programs, the objective is a linear function of the variables."
    )


# --- a verdict on how much something matters ---------------------------------------------------


def test_a_verdict_on_how_much_something_matters_is_vague() -> None:
    # round 29 (genomics): "annotation quality is critical to downstream use …"
    assert _VAGUE_CLAIM.search("Annotation quality is critical to downstream use of genomics.")
    # another field: psychology, model compression
    assert _VAGUE_CLAIM.search("Research articles focus on many important details.")
    assert _VAGUE_CLAIM.search("Model size is critical for both you and the user.")
    # the same shape with a claim: kept
    assert not _VAGUE_CLAIM.search("The critical temperature is the point where phases merge.")
    assert not _VAGUE_CLAIM.search("Research articles report their methods in detail.")
