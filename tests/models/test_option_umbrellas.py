"""No made-up or umbrella options: a phrase the vocabulary only ever saw cut from a count
("7 point Likert scale" → "Point Likert scale", "third degree curve" → "Degree curve";
rounds 20 and 22) is no term, and the key's head noun qualified by the deck's own subject
("CSP algorithms" beside "Consistency algorithms", "Seismic waves" beside "Surface waves";
rounds 12 and 23) is the whole class the key belongs to, not a wrong option."""

from __future__ import annotations

import random

from models.drafting.candidates import _Ctx
from models.drafting.distractors import (
    _heading_genus,
    _joined,
    _listed_with,
    _umbrella,
    subject_words,
)
from models.drafting.facts import Fact, extract_facts
from models.drafting.vocabulary import Term, deck_vocabulary
from models.drafting.words import norm_key
from storage.domain import Difficulty, Slide


def _slides(texts: list[str]) -> list[Slide]:
    return [Slide(1, i, text) for i, text in enumerate(texts, 1)]


def _terms(texts: list[str]) -> set[str]:
    return {t.key for t in deck_vocabulary(_slides(texts))}


# --- terms cut from a count -------------------------------------------------------------------

SCALES = [
    "5 point Likert scale\n• Strongly agree, agree, neutral, disagree, strongly disagree\n"
    "• An odd number of choices always has a middle value (3 for a five point scale)",
    "Ordinal data\n• Ordinal responses typically are collected using a semantic differential "
    "scale, a visual analog scale or some type of Likert scale.",
    "Likert scale\n• The Likert scale is a sequence of discrete values to represent an ordinal "
    "concept.\n• Most Likert scales have anchors, single words or short phrases",
    "7 point Likert scale\n• Very frequently, frequently, occasionally, rarely",
]
CURVES = [
    "Polynomial curves\n• A third degree curve is cubic\n• Higher degree curves wiggle between "
    "their control points\n• Degree elevation adds a control point",
]
FILTERS = [
    "Filters\n• A low pass filter keeps slow changes of the signal\n• A high pass filter keeps "
    "fast changes of the signal\n• A notch filter removes one frequency of the signal",
    "Notch filters\n• A notch filter is used against mains hum",
]


def test_a_phrase_only_seen_after_its_count_is_no_term() -> None:
    terms = _terms(SCALES)
    assert "likert scale" in terms
    assert "point likert scale" not in terms  # "5 point Likert scale", "7 point Likert scale"
    assert "point scale" not in terms  # "a five point scale"
    assert "degree curve" not in _terms(CURVES)  # "third degree curve", "Higher degree curves"


def test_a_phrase_cut_from_a_degree_in_another_field() -> None:
    terms = _terms(FILTERS)
    assert "pass filter" not in terms  # "low pass filter", "high pass filter"
    assert "notch filter" in terms  # a filter named in its own words stays


def test_a_phrase_also_used_on_its_own_stays() -> None:
    texts = [
        "Rating scales\n• A 7 point Likert scale has seven anchors\n• A Likert scale measures "
        "agreement\n• Likert scales are ordinal",
        "Measurement\n• Interval scales have equal steps\n• A Likert scale is often treated as "
        "interval data",
    ]
    assert "likert scale" in _terms(texts)  # free of its count elsewhere
    # another field: a term also read after a count ("two sample spaces") stays
    probability = [
        "Outcomes\n• The sample space is the set of all outcomes\n• Two sample spaces of one "
        "experiment can differ\n• An event is a subset of the sample space",
    ]
    assert "sample space" in _terms(probability)


# --- umbrella options ----------------------------------------------------------------------


def _ctx(texts: list[str]) -> _Ctx:
    slides = _slides(texts)
    facts = extract_facts(slides)
    vocab = deck_vocabulary(slides, facts=facts)
    ctx = _Ctx(slides, facts, vocab, Difficulty.MEDIUM, 0, random.Random(0))
    ctx.subject, ctx.subject_size = subject_words(slides)
    return ctx


def _t(ctx: _Ctx, text: str) -> Term:
    """The deck's term, or one made for a phrase the short test deck leaves out."""
    pages = tuple(s.page for s in ctx.slides if text.lower() in s.text.lower())
    return ctx.vocab.get(text) or Term(text=text, key=norm_key(text), pages=pages)


# a deck on constraint satisfaction (round 23): "CSP" on many of its slides
CSP = [
    "Constraint satisfaction problems\n• A CSP has variables, domains and constraints",
    "Solving a CSP\n• Generate-and-test algorithms try every assignment of the CSP",
    "Consistency algorithms\n• Consistency algorithms prune the domains of a CSP before "
    "selecting values",
    "Arc consistency\n• An arc of a CSP is consistent when every value has a support",
    "Graph structure\n• CSP algorithms can use the graph structure to speed up search",
    "Local search\n• Greedy descent moves to a lowest neighbour",
    "Random walk\n• A random walk moves to a random neighbour",
    "Random restart\n• A random restart picks a new assignment",
]
# a seismology deck (round 12): "seismic" on many of its slides
SEISMOLOGY = [
    "Seismology\n• Seismic waves are an elastic deformation that travels through the earth",
    "Body waves\n• P waves and S waves are the seismic body waves",
    "Surface waves\n• Surface waves propagate along boundaries between materials",
    "Velocities\n• Seismic velocities depend on the elastic moduli",
    "Surveys\n• Seismic surveys measure travel times",
    "Love waves\n• Love waves shake the ground sideways",
    "Seismic stations\n• Seismic stations record the ground motion",
    "Seismic hazard\n• Seismic hazard maps show the expected shaking",
]


def test_the_heads_class_named_by_the_decks_subject_is_an_umbrella() -> None:
    ctx = _ctx(CSP)
    assert "csp" in ctx.subject
    assert _umbrella(ctx, _t(ctx, "Consistency algorithms"), _t(ctx, "CSP algorithms"))
    # another field: seismology
    ctx = _ctx(SEISMOLOGY)
    assert "seismic" in ctx.subject
    assert _umbrella(ctx, _t(ctx, "Surface waves"), _t(ctx, "Seismic waves"))
    assert _umbrella(ctx, _t(ctx, "Love waves"), _t(ctx, "Seismic waves"))


def test_a_peer_of_the_same_head_stays() -> None:
    ctx = _ctx(CSP)
    key = _t(ctx, "Consistency algorithms")
    assert not _umbrella(ctx, key, _t(ctx, "Generate-and-test algorithms"))
    assert not _umbrella(ctx, key, _t(ctx, "Genetic algorithms"))
    ctx = _ctx(SEISMOLOGY)
    assert not _umbrella(ctx, _t(ctx, "Surface waves"), _t(ctx, "Body waves"))
    assert not _umbrella(ctx, _t(ctx, "Surface waves"), _t(ctx, "Seismic velocities"))  # a head
    assert not _umbrella(ctx, _t(ctx, "Seismic waves"), _t(ctx, "Seismic surveys"))
    # the key as the class: its kinds are right answers too
    assert _umbrella(ctx, _t(ctx, "Seismic waves"), _t(ctx, "Body waves"))


# a tokenization deck: "subword" is on many slides, but only ever in "subword tokenization",
# one kind of tokenization contrasted with the classical kind, not the whole class
TOKENIZATION = [
    "Tokenization vs subword tokenization\n• Classical tokenization segments the input into words",
    "Subword tokenization\n• A recent alternative is subword tokenization",
    "Subword tokenization cont.\n• Subword tokenization splits rare words into pieces",
    "Greedy subword tokenization\n• BPE is a subword tokenization method",
    "WordPiece\n• WordPiece is another subword tokenization method",
    "Regex tokenization\n• Regex cascade tokenization applies regular expressions in turn",
    "Sentence splitting\n• Sentences end at full stops",
    "Normalization\n• Normalization maps variants to one form",
]


def test_a_subject_word_only_in_one_phrase_names_a_kind() -> None:
    ctx = _ctx(TOKENIZATION)
    assert "subword" in ctx.subject
    assert not _umbrella(ctx, _t(ctx, "Classical tokenization"), _t(ctx, "Subword tokenization"))


def test_a_kind_named_in_brackets_after_the_key_is_no_wrong_option() -> None:
    ctx = _ctx(
        [
            "Wave types\n• Body waves (P, S) travel through the interior\n• Surface waves "
            "(Rayleigh, Love) travel along the surface\n• Love waves shake the ground sideways"
            "\n• Rayleigh waves roll the ground\n• S waves are shear waves",
        ]
    )
    surface, love = _t(ctx, "Surface waves"), _t(ctx, "Love waves")
    assert _listed_with(ctx, surface, love) and _listed_with(ctx, love, surface)
    assert not _listed_with(ctx, surface, _t(ctx, "Body waves"))  # a peer stays
    # another field: sorting algorithms
    ctx = _ctx(
        [
            "Sorting\n• Comparison sorts (merge, quick) compare keys\n• Merge sorts split the "
            "list in halves\n• Counting sorts count keys\n• Quick sorts pick a pivot",
        ]
    )
    assert _listed_with(ctx, _t(ctx, "Comparison sorts"), _t(ctx, "Merge sorts"))
    assert not _listed_with(ctx, _t(ctx, "Comparison sorts"), _t(ctx, "Counting sorts"))


def test_a_few_slides_are_no_subject() -> None:
    # words of a short selection are not what a deck is about: three slides never make one
    assert subject_words(_slides(CSP[:3])) == ({}, 3)


def test_a_key_named_by_a_less_spread_subject_word_keeps_its_peers() -> None:
    # "transformer" on a quarter of a deck on language models: one kind of model
    texts = [
        "Transformer models\n• Transformer models use self-attention",
        "Transformer layers\n• Each transformer layer has two parts",
        "Transformer training\n• A transformer is trained on text",
        "Transformer decoding\n• A transformer decodes one token at a time",
        "Transformer sizes\n• Some transformer stacks are deep",
        *[f"Topic {i}\n• N-gram models count word sequences number {i}" for i in range(15)],
    ]
    ctx = _ctx(texts)
    assert "transformer" in ctx.subject
    assert not _umbrella(ctx, _t(ctx, "Transformer models"), _t(ctx, "Hidden Markov models"))


def _fact(ctx: _Ctx, page: int, topic: str) -> Fact:
    slide = ctx.slides[page - 1]
    return Fact("definition", "", "", "", slide, topic=topic)


def test_the_class_the_keys_heading_names_is_no_wrong_option() -> None:
    ctx = _ctx(["Popular language modeling algorithms\n• Transformer models use self-attention"])
    group = _fact(ctx, 1, "Popular language modeling algorithms")
    key = _t(ctx, "Transformer models")
    assert _heading_genus(ctx, key, _t(ctx, "Language model"), group)
    assert not _heading_genus(ctx, key, _t(ctx, "N-gram models"), group)
    # another field: a heading of kinds of contracts
    ctx = _ctx(["Bilateral contracts\n• Sale contracts transfer ownership for a price"])
    group = _fact(ctx, 1, "Bilateral contracts")
    key = _t(ctx, "Sale contracts")
    assert _heading_genus(ctx, key, _t(ctx, "Bilateral contract"), group)
    assert not _heading_genus(ctx, key, _t(ctx, "Lease contracts"), group)


def test_a_heading_naming_the_key_too_lists_peers() -> None:
    ctx = _ctx(["Linear and logistic regression\n• Linear regression fits a line"])
    group = _fact(ctx, 1, "Linear and logistic regression")
    key = _t(ctx, "Linear regression")
    assert not _heading_genus(ctx, key, _t(ctx, "Logistic regression"), group)


def test_a_term_on_a_slide_titled_with_the_key_is_a_kind_of_the_key() -> None:
    ctx = _ctx(
        [
            "Seismic velocity and elastic parameters\n• P-wave velocities and S-wave velocities",
            "Speeds\n• Particle velocity is the speed of one particle",
        ]
    )
    key = _t(ctx, "Seismic velocities")
    assert _heading_genus(ctx, key, _t(ctx, "S-wave velocities"), None)
    assert not _heading_genus(ctx, key, _t(ctx, "Particle velocity"), None)  # a peer stays


def test_two_terms_under_one_label_are_no_wrong_options_to_each_other() -> None:
    # round 17: "Fault/Failure: Function does not work as expected"
    ctx = _ctx(
        [
            "Fault, Error, and Failure\n1. Error: Exception thrown to handle certain behavior\n"
            "2. Fault/Failure: Function does not work as expected\n"
            "3. Failure: An issue that causes unexpected stoppage\n"
            "4. Fault: Mistake caused by programmer",
        ]
    )
    failure, fault, error = _t(ctx, "Failure"), _t(ctx, "Fault"), _t(ctx, "Error")
    assert _joined(ctx, failure, fault) and _joined(ctx, fault, failure)
    assert not _joined(ctx, failure, error)  # never labelled together
    # another field: pharmacology
    ctx = _ctx(
        [
            "Drug actions\n• Agonist/Partial agonist: binds the receptor and activates it\n"
            "• Antagonist: binds the receptor without activating it",
        ]
    )
    agonist = _t(ctx, "Agonist")
    assert _joined(ctx, agonist, _t(ctx, "Partial agonist"))
    assert not _joined(ctx, agonist, _t(ctx, "Antagonist"))
