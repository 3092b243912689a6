"""More multiple choice that a teacher would use (issue 12, session 27):

- a statement's verb that only the English lexicon knows ("considers", "evokes") makes a
  predicate, so "Which kind of consistency only considers unary constraints?" is asked;
- two terms whose glosses say opposite things ("does not respond" / "responds a lot")
  are a key and its best wrong option, not one thing said twice;
- a gloss that names its kind's head noun first ("wage that does not respond …") is
  asked as "Which kind of wage does not respond …?", not "… is the wage that …";
- a gloss about the word ("the term economists use for the notion that …") is asked as
  what the term refers to."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import pytest

from models.drafting import term_embeddings as te
from models.drafting.candidates import _Ctx
from models.drafting.distractors import _could_also_be_right
from models.drafting.facts import extract_facts
from models.drafting.forms import (
    _closed_quotes,
    _kind_clause,
    _meta_predicate,
    _term_for_definition,
)
from models.drafting.phrasing import contrary, predicate
from models.drafting.vocabulary import deck_vocabulary
from storage.domain import Difficulty, Question, Slide
from tests.models.test_term_embeddings import FakeEmbedder, _cos


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    te._CACHE.clear()


def _ctx(slides: Sequence[Slide], angles: Mapping[str, float] | None = None) -> _Ctx:
    facts = extract_facts(slides)
    vocab = deck_vocabulary(slides, facts=facts)
    ctx = _Ctx(list(slides), facts, vocab, Difficulty.MEDIUM, 0, random.Random(0))
    embedder = FakeEmbedder(angles) if angles is not None else None
    ctx.term_space = te.term_space(embedder, vocab, facts)  # type: ignore[arg-type]
    return ctx


def _defined(ctx: _Ctx, term: str) -> Question | None:
    for fid, fact in enumerate(ctx.facts):
        if fact.kind == "definition" and fact.term.casefold() == term.casefold():
            return _term_for_definition(ctx, fid)
    raise AssertionError(f"{term!r} is not glossed")


def _options(q: Question) -> set[str]:
    return {c.text for c in q.choices}


def _key(q: Question) -> str:
    (key,) = [c.text for c in q.choices if c.fraction > 0]
    return key


# --- verbs the short list lacks -------------------------------------------------------------


@pytest.mark.parametrize(
    ("gloss", "singular", "plural"),
    [
        # the case (round 23, constraint satisfaction): "considers" is in no slide list
        (
            "only considers unary constraints",
            "only considers unary constraints",
            "only consider unary constraints",
        ),
        # another field (neuroscience): "evokes"
        (
            "evokes a membrane potential change",
            "evokes a membrane potential change",
            "evoke a membrane potential change",
        ),
    ],
)
def test_a_verb_only_the_lexicon_knows_makes_a_predicate(
    gloss: str, singular: str, plural: str
) -> None:
    pred = predicate(gloss, lexicon=True)
    assert pred is not None and pred.shape == "verb"
    assert (pred.singular, pred.plural) == (singular, plural)
    # without the lexicon (a label's gloss made a statement): the slides' verbs only
    assert predicate(gloss) is None


def test_a_word_that_is_also_a_noun_makes_no_verb_predicate() -> None:
    # "branches" is a noun as often as a verb: the same shape stays no predicate
    assert predicate("branches as capillaries to deliver blood", lexicon=True) is None
    # a noun and the clause saying what it does: no verb "changes that raises …"
    assert predicate("change that raises the boiling point of a solvent") is None
    verb = predicate("ensure that the model converges")
    assert verb is not None and verb.singular == "ensures that the model converges"


# rebuilt from a constraint-satisfaction lecture (round 23): local search steps glossed
# side by side, one with a verb the slides' short list lacks ("reassign")
LOCAL_SEARCH = [
    Slide(
        1,
        44,
        "Local search steps\n"
        "▪ Greedy descent: move to a lowest neighbor\n"
        "▪ Random walk: move to a random neighbor\n"
        "▪ Random restart: reassign random values to all variables\n"
        "▪ Random steps: take a few random moves before descending",
    ),
]
# another field (pharmacology): routes of administration, one glossed with "bypass"
ROUTES = [
    Slide(
        3,
        9,
        "Routes of administration\n"
        "▪ Sublingual route: circumvent the liver by absorbing the drug under the tongue\n"
        "▪ Oral route: swallow the drug so it passes the liver first\n"
        "▪ Intravenous route: inject the drug straight into a vein\n"
        "▪ Rectal route: insert the drug so that part of it avoids the portal vein",
    ),
]


@pytest.mark.parametrize(
    ("slides", "term", "stem"),
    [
        (LOCAL_SEARCH, "Random restart", "Which of the following reassigns random values to all"),
        (ROUTES, "Sublingual route", "Which kind of route circumvents the liver"),
    ],
)
def test_a_gloss_with_a_lexicon_verb_is_asked_which(
    slides: list[Slide], term: str, stem: str
) -> None:
    q = _defined(_ctx(slides), term)
    assert q is not None
    assert q.stem.startswith(stem)
    assert _key(q) == term
    assert len(q.choices) >= 3


# --- opposite glosses -----------------------------------------------------------------------


def test_contrary_sees_a_negation_or_a_reversed_direction() -> None:
    assert contrary(
        "wage that does not respond to tightness", "wage that responds a lot to tightness"
    )
    assert contrary("raises the boiling point", "lowers the boiling point")
    # the same claim in other words, or both negated: no contrast
    assert not contrary("wage set by a union contract", "wage that a union contract sets")
    assert not contrary("does not bind to albumin", "never binds to albumin")


def _wage_slides(minimum_gloss: str) -> list[Slide]:
    return [
        Slide(
            1,
            15,
            "Modeling wages in practice\n"
            "▪ Rigid wage: wage that does not respond to tightness or productivity\n"
            "▪ Flexible wage: wage that responds a lot to tightness or productivity\n"
            f"▪ Minimum wage: {minimum_gloss}",
        ),
    ]


WAGE_ANGLES = {
    "rigid wage": 0.0,
    "flexible wage": _cos(0.9),  # near in meaning: the embedding model sees one matter
    "minimum wage": _cos(0.5),
}


def test_the_opposite_gloss_is_a_wrong_option_and_the_stem_names_the_kind_once() -> None:
    # the case (round 26, labor economics)
    ctx = _ctx(_wage_slides("lowest wage an employer may legally pay"), WAGE_ANGLES)
    q = _defined(ctx, "Rigid wage")
    assert q is not None
    assert q.stem == "Which kind of wage does not respond to tightness or productivity?"
    assert _key(q) == "Rigid wage"
    assert "Flexible wage" in _options(q)


def test_a_gloss_saying_the_same_thing_stays_a_second_key() -> None:
    # the same shape without the contrast: a term glossed with the key's own words is
    # a second right answer, and stays out
    slides = _wage_slides("wage that does not respond to tightness or productivity at all")
    ctx = _ctx(slides, WAGE_ANGLES)
    rigid = ctx.vocab.get("Rigid wage")
    minimum = ctx.vocab.get("Minimum wage")
    assert rigid is not None and minimum is not None
    gloss = "wage that does not respond to tightness or productivity"
    assert _could_also_be_right(ctx, minimum, gloss)
    flexible = ctx.vocab.get("Flexible wage")
    assert flexible is not None and not _could_also_be_right(ctx, flexible, gloss)


def test_opposite_directions_in_another_field() -> None:
    # physics: a solute that raises the boiling point beside one that lowers it
    slides = [
        Slide(
            2,
            7,
            "Colligative effects\n"
            "▪ Ebullioscopic shift: shift that raises the boiling point of a solvent\n"
            "▪ Cryoscopic shift: shift that lowers the freezing point of a solvent\n"
            "▪ Osmotic shift: shift that lowers the boiling point of a solvent",
        )
    ]
    angles = {"ebullioscopic shift": 0.0, "cryoscopic shift": _cos(0.6), "osmotic shift": _cos(0.9)}
    ctx = _ctx(slides, angles)
    q = _defined(ctx, "Ebullioscopic shift")
    assert q is not None
    assert "Osmotic shift" in _options(q)
    assert q.stem == "Which kind of shift raises the boiling point of a solvent?"


# --- the kind's head noun in the gloss ----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "gloss", "clause"),
    [
        (
            "kind of wage",
            "wage that does not respond to tightness",
            "does not respond to tightness",
        ),
        # another field (structural geology), a participle
        ("kind of deformation", "a deformation preserving local volume", "preserves local volume"),
        # the head qualified first: the qualifier is part of the answer
        ("kind of model", "a linear model that fits a line to data", ""),
        # the clause's subject first: no verb to follow "Which kind of wage"
        ("kind of wage", "wage that employers pay above the going rate", ""),
        # another head noun than the kind's
        ("kind of wage", "payment that does not respond to tightness", ""),
        ("", "wage that does not respond to tightness", ""),
    ],
)
def test_kind_clause(kind: str, gloss: str, clause: str) -> None:
    assert _kind_clause(kind, gloss) == clause


def test_a_gloss_about_the_word_is_asked_as_what_it_refers_to() -> None:
    gloss = _closed_quotes(
        "the term that economists use for the notion that employers who pay more "
        'get more productive employees in return."'
    )
    pred = _meta_predicate(gloss)
    assert pred is not None
    assert pred.singular == (
        "refers to the notion that employers who pay more get more productive employees in return"
    )
    # another field: "a name given to …"
    named = _meta_predicate("a name given to rocks formed from cooled magma")
    assert named is not None and named.singular == "refers to rocks formed from cooled magma"
    # a gloss of the thing itself is no gloss about the word
    assert _meta_predicate("the term of a loan that sets its interest rate") is None
    assert _closed_quotes('a "balanced" quote.') == 'a "balanced" quote.'
