"""True/false statements raters refused for their premise: a slogan nobody marks False,
one explanation a slide offers stated as plain fact, a claim about "the criterion" or
"the net result" that only its slide says which."""

from __future__ import annotations

from models.drafting.built import build_drafts
from models.drafting.premises import (
    interpretive_slogan,
    misnamed_gloss,
    offered_as_explanation,
    unnamed_referent,
)
from storage.domain import Difficulty, QuestionType, Slide

TF = QuestionType.TRUE_FALSE


def test_a_verdict_on_importance_or_a_debate_is_a_slogan() -> None:
    # round 28 (political science), round 16 (sociology)
    assert interpretive_slogan(
        "The Iraq War reveals the importance of domestic political actors in the decision"
        " to go to war."
    )
    assert interpretive_slogan("The foundations of SNA are subject to debate.")
    assert interpretive_slogan("Most scholars agree that the printing press was decisive.")
    # another field
    assert interpretive_slogan("The 2008 crisis highlighted the role of liquidity in banking.")
    assert interpretive_slogan("The origin of the placebo effect remains hotly debated.")
    assert interpretive_slogan("The importance of chlorine residual for protection is unclear.")
    assert interpretive_slogan(
        "The leap from concept to indicator must be made with care, with justification."
    )
    assert interpretive_slogan(
        "The effect of domestic politics on war can be understood in two ways."
    )
    assert interpretive_slogan(
        "The type of uncertainty can have implications for instrument choice."
    )
    assert interpretive_slogan("The law is evolving in real-time.")
    assert interpretive_slogan(
        "Some bargaining models understand war as a process of revealing information."
    )
    assert interpretive_slogan("The Kalman filter needs a number of parameters to run.")
    assert interpretive_slogan("Photosynthesis involves several steps.")
    # the same shape with a checkable object: kept
    assert not interpretive_slogan("The Kalman filter needs a number of parameters: Q, R and P0.")
    assert not interpretive_slogan("Photosynthesis involves several steps in the chloroplast.")
    assert not interpretive_slogan("X-ray diffraction revealed the structure of DNA.")
    assert not interpretive_slogan("The trace shows the order of the system calls.")
    assert not interpretive_slogan("Most enzymes are proteins.")
    assert not interpretive_slogan(
        "Some of the information observable to the parties cannot be verified by courts."
    )
    assert not interpretive_slogan("The true state of a system is unknown to the filter.")
    assert not interpretive_slogan("Inputs must be normalized before training.")
    assert not interpretive_slogan("The weights can be updated in two passes.")


POLI = (
    "Empirical challenge: identifying power from prices\n"
    "Imagine we observe a market with sellers all charging the same price\n"
    "Two possible explanations:\n"
    "1. The market is competitive, and all firms charge marginal cost\n"
    "2. The market is collusive, and all firms mark up\n"
)
IRAQ = (
    "The problem of credible commitment\n"
    "• Multiple audiences may provide an explanation:\n"
    "• Therefore, Iraq maintained ambiguity over its WMD in order to deter internal and"
    " regional opponents\n"
)
BIO = (
    "Bird navigation\n"
    "Hypothesis 1: homing pigeons navigate by the Earth's magnetic field\n"
    "Hypothesis 2: homing pigeons navigate by smell\n"
)


def test_a_line_offered_as_one_explanation_is_no_plain_fact() -> None:
    assert offered_as_explanation(
        "The market is competitive, and all firms charge marginal cost", POLI
    )
    assert offered_as_explanation(
        "Iraq maintained ambiguity over its WMD in order to deter internal and regional opponents",
        IRAQ,
    )
    # another field: a labelled hypothesis, and a heading that files lines as accounts
    assert offered_as_explanation("homing pigeons navigate by smell", BIO)
    assert offered_as_explanation(
        "Inflation was driven by supply shocks.",
        "Inflation in the 1970s\nInflation was driven by supply shocks.",
        ("Competing explanations",),
    )
    assert offered_as_explanation("Some researchers argue that pigeons navigate by smell.", BIO)
    # the line before the cue, a named account, lines of the same shape on plain slides: kept
    assert not offered_as_explanation("Realists argue that states maximize their power.", "")
    assert not offered_as_explanation(
        "Imagine we observe a market with sellers all charging the same price", POLI
    )
    stats = (
        "Alternative hypothesis\nThe alternative hypothesis states that the two means differ.\n"
        "A hypothesis test rejects the null hypothesis when the p-value is small."
    )
    assert not offered_as_explanation(
        "A hypothesis test rejects the null hypothesis when the p-value is small.",
        stats,
        ("Alternative hypothesis",),
    )
    code = "Function arguments\nA function takes one argument and returns its square."
    assert not offered_as_explanation(
        "A function takes one argument and returns its square.", code, ("Function arguments",)
    )


def test_a_bare_pointing_noun_leans_on_its_slide() -> None:
    # round 28 (machine learning), round 24 (pharmacology)
    assert (
        unnamed_referent(
            "The importance of a feature is the (normalized) total reduction of the criterion"
            " brought by that feature."
        )
        == "the criterion"
    )
    assert (
        unnamed_referent("The net result increases in the unbound/free concentration of a drug.")
        == "The net result"
    )
    # another field
    assert unnamed_referent("Attention mechanisms solve the problem by pooling the states.")
    assert unnamed_referent("This approach halves the number of comparisons.")
    assert unnamed_referent("Both are based on singly-linked lists.") == "Both"
    assert unnamed_referent("Neither requires a central server.") == "Neither"
    # said which: kept
    assert not unnamed_referent("Both TCP and UDP use port numbers.")
    assert not unnamed_referent("Based on the approach proposed by Feng, four classes emerge.")
    assert not unnamed_referent("In a CSP the goal test is a set of constraints on the variables.")
    assert not unnamed_referent("The splitting criterion of CART is the Gini impurity.")
    assert not unnamed_referent("The problem of overfitting grows with model capacity.")
    assert not unnamed_referent(
        "Each step of the algorithm halves the interval; the step is cheap."
    )
    assert not unnamed_referent("The outcome is regressed on the treatment indicator.")
    assert not unnamed_referent("Each state prefers any division of the issue to war.")
    assert not unnamed_referent(
        "A postcondition is an assertion that the method guarantees to its callers."
    )
    assert not unnamed_referent("The results increase with the sample size.")


SLIDES = [
    Slide(9, 1, "Markets and power\nA lecture", ("title",)),
    Slide(9, 2, POLI),
    Slide(
        9,
        3,
        "Market structure\nA monopoly is a market with a single seller.\n"
        "An oligopoly is a market dominated by a few large sellers.\n"
        "Perfect competition is a market in which no seller can influence the price.",
    ),
    Slide(9, 5, IRAQ),
    Slide(
        9,
        4,
        "Historical lessons\nThe Iraq War reveals the importance of domestic political actors"
        " in the decision to go to war.\n"
        "Collusion is an agreement among firms to limit competition.",
    ),
]


def test_drafted_statements_keep_facts_and_drop_offered_accounts_and_slogans() -> None:
    qs = build_drafts(SLIDES, {TF: 8}, Difficulty.MEDIUM, seed=3)
    stems = [q.stem for q in qs if q.type == TF]
    assert stems  # the plain glosses still make statements
    for stem in stems:
        assert "competitive, and all firms" not in stem, stem
        assert "collusive" not in stem.lower() or "agreement" in stem, stem
        assert "reveals the importance" not in stem, stem
        assert "maintained ambiguity" not in stem, stem


def test_a_gloss_that_fits_the_slides_sibling_term_is_no_safe_key() -> None:
    npv = (
        "Net present value\nNPV = sum of future cash flows / (1 + discount rate)^t\n"
        "The discount factor is the expected rate of return of comparable investments"
    )
    # round 28 (finance): the gloss is a rate, and the slide names the discount rate
    assert (
        misnamed_gloss(
            "discount factor", "the expected rate of return of comparable investments", npv
        )
        == "discount rate"
    )
    # another field: a "growth factor" glossed as a rate beside a "growth rate"
    bio = (
        "Population growth\nThe growth rate r sets the slope\n"
        "The growth factor is the rate of increase per generation"
    )
    assert (
        misnamed_gloss("growth factor", "the rate of increase per generation", bio) == "growth rate"
    )
    # the gloss's head is the term's own, or the slide names no such sibling: kept
    assert not misnamed_gloss(
        "discount rate", "the expected rate of return of comparable investments", npv
    )
    assert not misnamed_gloss(
        "learning rate",
        "the size of each gradient step",
        "Training\nThe learning rate is the size of each gradient step",
    )
