"""Wrong options from the whole deck when no heading files the key's peers together:
real decks gloss one or two terms a slide, so a term glossed on another slide is a wrong
option when the deck glosses it in the key's shape, names it in the key's number and
the embedding model puts it close to the key (distractors._kin); a gloss written without
its article ("fraction of administered drug …") is read as a thing and asked as "Which …
is the fraction …?"."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import pytest

from models.drafting import term_embeddings as te
from models.drafting.candidates import _Ctx
from models.drafting.distractors import _glossed_alike, _kin, bare_noun_head, figure_label
from models.drafting.facts import extract_facts
from models.drafting.forms import _term_for_definition
from models.drafting.vocabulary import deck_vocabulary
from storage.domain import Difficulty, Question, Slide
from tests.models.test_term_embeddings import FakeEmbedder, _cos


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    te._CACHE.clear()


def _slides(glosses: Sequence[tuple[str, str, str]]) -> list[Slide]:
    """One slide per (title, term, gloss), as real decks gloss their terms."""
    return [
        Slide(1, page, f"{title}\n▪ {term}: {gloss}\n▪ Worked example on the board")
        for page, (title, term, gloss) in enumerate(glosses, start=2)
    ]


# rebuilt from a pharmacokinetics lecture (round 24): four quantities, four headings
PHARMACOKINETICS = _slides(
    [
        (
            "Oral dosing",
            "Bioavailability",
            "fraction of administered drug entering general circulation",
        ),
        (
            "Nitroglycerin ADME",
            "Hepatic extraction",
            "degree to which drug is removed from blood on each pass through the liver",
        ),
        (
            "Concept of clearance",
            "Clearance",
            "rate of removal of a chemical from any compartment (blood, tissue, entire body)",
        ),
        (
            "Elimination",
            "First-pass metabolism",
            "degree to which a drug is metabolized on "
            "first pass through liver in portal circulation",
        ),
        ("Things to learn today", "Pharmacokinetic models", "one-, two-, multi-compartment"),
        (
            "Routes",
            "Sublingual administration",
            "places the tablet under the tongue so the drug bypasses the liver",
        ),
    ]
)
PHARMA_ANGLES = {
    "bioavailability": 0.0,
    "hepatic extraction": _cos(0.53),
    "clearance": _cos(0.47),
    "first-pass metabolism": _cos(0.5),
    "pharmacokinetic models": _cos(0.56),  # close, but models beside a quantity
    "sublingual administration": _cos(0.6),  # close, but glossed as an act
}
# another field: surpluses and losses of welfare economics, each on a slide of its own
WELFARE = _slides(
    [
        (
            "Buyers",
            "Consumer surplus",
            "difference between the price buyers pay and their value of the good",
        ),
        (
            "Sellers",
            "Producer surplus",
            "difference between the price sellers receive and their cost",
        ),
        ("Taxes", "Deadweight loss", "reduction of total surplus caused by a market distortion"),
        ("Choices", "Opportunity cost", "value of the best alternative given up"),
        ("Markets", "Price ceiling", "sets a legal maximum on the price of a good"),
    ]
)
WELFARE_ANGLES = {
    "consumer surplus": 0.0,
    "producer surplus": _cos(0.8),
    "deadweight loss": _cos(0.55),
    "opportunity cost": _cos(0.45),
    "price ceiling": _cos(0.6),  # a policy, glossed by what it does
}


def _ctx(slides: Sequence[Slide], angles: Mapping[str, float] | None, seed: int = 0) -> _Ctx:
    facts = extract_facts(slides)
    vocab = deck_vocabulary(slides, facts=facts)
    ctx = _Ctx(list(slides), facts, vocab, Difficulty.MEDIUM, seed, random.Random(seed))
    embedder = FakeEmbedder(angles) if angles is not None else None
    te._CACHE.clear()  # vectors are cached by text: other angles, other vectors
    ctx.term_space = te.term_space(embedder, vocab, facts)  # type: ignore[arg-type]
    return ctx


def _question(ctx: _Ctx, term: str) -> Question | None:
    for fid, fact in enumerate(ctx.facts):
        if fact.kind == "definition" and fact.term == term:
            return _term_for_definition(ctx, fid)
    raise AssertionError(f"{term!r} is not glossed")


def _options(q: Question) -> set[str]:
    return {c.text for c in q.choices}


def test_a_gloss_without_its_article_is_read_as_a_thing() -> None:
    assert bare_noun_head("fraction of administered drug entering general circulation") == (
        "fraction"
    )
    assert bare_noun_head("degree to which drug is removed from blood") == "degree"
    assert bare_noun_head("rate of removal of a chemical (blood, tissue)") == "rate"
    assert bare_noun_head("relative bioavailability of two drugs") == "bioavailability"
    assert bare_noun_head("area under plasma concentration vs time curve") == "area"
    # not a thing: a verb phrase, properties in a row, modifiers alone, an act, a clause
    assert bare_noun_head("provides emulation of a full hardware system") == ""
    assert bare_noun_head("early implementation, very lightweight, isolation incomplete") == ""
    assert bare_noun_head("one-, two-, multi-compartment") == ""
    assert bare_noun_head("removing drug from blood by the kidneys") == ""
    assert bare_noun_head("drug leaves blood through the kidneys") == ""
    assert bare_noun_head("works well with both shorter and longer sequences") == ""
    assert bare_noun_head("venous absorption leads to systemic circulation") == ""
    assert bare_noun_head("two concurrent executions of transactions result in a state") == ""


def test_quantities_glossed_on_other_slides_are_the_options() -> None:
    quantities = {"Bioavailability", "Hepatic extraction", "Clearance", "First-pass metabolism"}
    for seed in range(4):
        q = _question(_ctx(PHARMACOKINETICS, PHARMA_ANGLES, seed), "Bioavailability")
        assert q is not None
        assert q.stem == (
            "Which of the following is the fraction of administered drug entering general "
            "circulation?"
        )
        assert _options(q) == quantities  # never the models, never the route


def test_in_another_field_too() -> None:
    q = _question(_ctx(WELFARE, WELFARE_ANGLES), "Consumer surplus")
    assert q is not None
    # "Price ceiling" is glossed by what it does: a policy, not a quantity
    assert _options(q) == {
        "Consumer surplus",
        "Producer surplus",
        "Deadweight loss",
        "Opportunity cost",
    }


def test_terms_of_another_kind_number_or_meaning_are_refused() -> None:
    ctx = _ctx(PHARMACOKINETICS, PHARMA_ANGLES)
    key = ctx.vocab.get("Bioavailability")
    assert key is not None
    for other, kin in [
        ("Hepatic extraction", True),
        ("Pharmacokinetic models", False),  # modifiers for a gloss, a plural name
        ("Sublingual administration", False),  # an act beside a thing
    ]:
        term = ctx.vocab.get(other)
        assert term is not None
        assert _kin(ctx, key, term) is kin, other
    # far in meaning: a term of the deck, but of another topic
    far = dict(
        PHARMA_ANGLES,
        clearance=_cos(0.2),
        **{"first-pass metabolism": _cos(0.3), "hepatic extraction": _cos(0.35)},
    )
    assert _question(_ctx(PHARMACOKINETICS, far), "Bioavailability") is None


def test_without_term_vectors_no_term_of_another_heading_is_an_option() -> None:
    ctx = _ctx(PHARMACOKINETICS, None)
    assert _question(ctx, "Bioavailability") is None


def test_a_peer_glossed_as_an_act_is_not_alike_a_thing_under_one_heading() -> None:
    # one heading over a quantity and a procedure: the heading does not make them peers
    slide = Slide(
        1,
        2,
        "Renal elimination\n"
        "▪ Renal clearance: volume of plasma cleared of drug by the kidneys per minute\n"
        "▪ Dialysis: removes the drug from the blood through a membrane\n",
    )
    ctx = _ctx([slide], {})
    clearance, dialysis = ctx.vocab.get("Renal clearance"), ctx.vocab.get("Dialysis")
    assert clearance is not None and dialysis is not None
    assert not _glossed_alike(ctx, clearance, dialysis)


# the steps of an agent's loop glossed under one heading
AGENT = Slide(
    1,
    2,
    "Agent loop\n"
    "▪ Observation: description of the state of the environment after each action\n"
    "▪ Reflection: assessment of the results of the last action\n"
    "▪ Critique: judgement of the plan before it is executed\n",
)
AGENT_ANGLES = {"observation": 0.0, "reflection": _cos(0.4), "critique": _cos(0.35)}


def test_a_figure_label_is_no_option() -> None:
    # round 24: "Figure 20: A single step of AutoGPT (…)" glossed beside the steps
    for label in ("Figure 20", "Fig. 3", "Table 2.1", "slide 14", "Eq. 5b"):
        assert figure_label(label), label
    for term in ("Layer 2 switch", "GPT-4", "Figure skating", "Table", "Web 2.0"):
        assert not figure_label(term), term


def test_a_verb_and_a_gerund_gloss_are_both_acts() -> None:
    # round 23: "Greedy descent: move to a lowest neighbor" beside "Random walk: taking
    # some random steps" under one heading, and a thing beside them is not alike
    slide = Slide(
        1,
        2,
        "Local search\n"
        "▪ Greedy descent: move to a lowest neighbor\n"
        "▪ Random walk: taking some random steps\n"
        "▪ Plateau: flat region of the search space\n",
    )
    ctx = _ctx([slide], {})
    greedy, walk, plateau = (ctx.vocab.get(t) for t in ("Greedy descent", "Random walk", "Plateau"))
    assert greedy is not None and walk is not None and plateau is not None
    assert _glossed_alike(ctx, greedy, walk)
    assert not _glossed_alike(ctx, greedy, plateau)


def test_terms_of_one_head_noun_are_left_to_the_family_rule() -> None:
    # "Nonlinear quantization" (a category) beside "Product Quantization" (a named method)
    slides = _slides(
        [
            (
                "Vector methods",
                "Product Quantization",
                "method that splits vectors into chunks and quantizes each chunk separately",
            ),
            (
                "Categories",
                "Nonlinear quantization",
                "method that maps values to levels spaced unevenly",
            ),
        ]
    )
    ctx = _ctx(slides, {"product quantization": 0.0, "nonlinear quantization": _cos(0.7)})
    pq, nq = ctx.vocab.get("Product Quantization"), ctx.vocab.get("Nonlinear quantization")
    assert pq is not None and nq is not None
    assert not _kin(ctx, pq, nq)


def test_peers_enough_for_a_question_are_not_mixed_with_terms_of_other_slides() -> None:
    # round 24: "Word Embeddings" (glossed elsewhere) beside the language modeling
    # algorithms glossed under one heading
    memory = Slide(
        1,
        3,
        "Agent memory\n▪ Episode log: record of the past observations of "
        "the agent\n▪ Worked example on the board",
    )
    angles = dict(AGENT_ANGLES, **{"episode log": _cos(0.6)})
    for seed in range(4):
        q = _question(_ctx([AGENT, memory], angles, seed), "Observation")
        assert q is not None and _options(q) == {"Observation", "Reflection", "Critique"}


def test_a_peer_named_in_another_number_gives_way_to_the_terms_filling_in() -> None:
    # round 24: "Sublingual and rectal routes" glossed beside "Hepatic extraction"
    adme = Slide(
        1,
        2,
        "Nitroglycerin ADME\n"
        "▪ Hepatic extraction: degree to which drug is removed from blood on each pass "
        "through the liver\n"
        "▪ Sublingual and rectal routes: venous absorption leads to systemic circulation "
        "and bypasses liver\n",
    )
    slides = [adme, *(s for s in PHARMACOKINETICS if "Hepatic" not in s.text)]
    angles = {
        "hepatic extraction": 0.0,
        "sublingual and rectal routes": _cos(0.5),
        "bioavailability": _cos(0.53),
        "clearance": _cos(0.45),
    }
    for seed in range(4):
        q = _question(_ctx(slides, angles, seed), "Hepatic extraction")
        assert q is not None
        assert _options(q) == {"Hepatic extraction", "Bioavailability", "Clearance"}
