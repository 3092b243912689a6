"""A question asking for a term from its gloss needs a gloss that pins the term down:
words the deck says of that term alone, and no wrong option the deck says the same of
(round 27: "What is the term for a data structure that maps keys to values?" → hash
table, where map, dictionary … fit too; "a tool … to reduce risks" → derivatives)."""

from __future__ import annotations

import random

from models.drafting.built import _Ctx, build_drafts
from models.drafting.facts import extract_facts
from models.drafting.pinned import CHOICE_NEED, SHORT_NEED, pins_down, said_of_other
from models.drafting.vocabulary import deck_vocabulary
from storage.domain import Difficulty, QuestionType, Slide

INDEXING = (
    "Associative data structures\n"
    "Hash tables: a data structure that maps keys to values\n"
    "Bloom filters: a bit array that answers set membership with false positives",
    "Every index maps search keys to the values of the records that hold them.",
    "A data structure on disk keeps keys and values in blocks of a file.",
    "Tree-based structures keep keys sorted, so the values come out in order.",
    "Each key of a record is stored beside its value in the index file.",
)

FINANCE = (
    "Derivatives and markets\n"
    "Derivatives: a tool for companies and other users to reduce risks\n"
    "Market order: an instruction to trade a specific quantity of the asset immediately",
    "Companies use forward contracts to reduce the risks of currency moves.",
    "Other users of options include speculators who take on risks for a tool of profit.",
    "Insurance is a tool that companies buy to reduce risks of loss.",
)


def _ctx(pages: tuple[str, ...]) -> tuple[_Ctx, list]:
    slides = [Slide(5, i, text) for i, text in enumerate(pages, start=1)]
    facts = extract_facts(slides)
    vocab = deck_vocabulary(slides, facts=facts)
    return _Ctx(slides, facts, vocab, Difficulty.MEDIUM, 0, random.Random(0)), facts


def _pins(pages: tuple[str, ...], term: str, need: int) -> bool:
    ctx, facts = _ctx(pages)
    fact = next(f for f in facts if f.kind == "definition" and f.term == term)
    key = ctx.vocab.get(fact.term)
    assert key is not None
    return pins_down(ctx, fact, key, fact.definition, need)


def _shorts(pages: tuple[str, ...]) -> list:
    slides = [Slide(5, i, text) for i, text in enumerate(pages, start=1)]
    return build_drafts(slides, {QuestionType.SHORT: 4}, Difficulty.MEDIUM, seed=0)


def test_a_gloss_of_words_said_all_over_the_deck_pins_nothing_down() -> None:
    assert not _pins(INDEXING, "Hash tables", SHORT_NEED)
    asked = [q.stem for q in _shorts(INDEXING)]
    assert not any("maps keys to values" in s for s in asked), asked


def test_a_gloss_with_words_of_its_own_still_makes_its_question() -> None:
    # same slide, same shape: "bit array", "membership", "false positives" are its own
    assert _pins(INDEXING, "Bloom filters", SHORT_NEED)


def test_another_field_a_generic_gloss_is_refused_a_precise_one_kept() -> None:
    assert not _pins(FINANCE, "Derivatives", SHORT_NEED)
    assert _pins(FINANCE, "Market order", SHORT_NEED)
    asked = [q.stem for q in _shorts(FINANCE)]
    assert not any("companies and other users" in s for s in asked), asked


def test_a_recap_slide_restating_the_gloss_is_no_other_use_of_its_words() -> None:
    pages = (
        "Geometry terms\n"
        "Conic sections: curves cut from a cone by a plane at some angle\n"
        "Polygons: closed figures bounded by straight segments",
        "Recap: conic sections are curves cut from a cone by a plane.",
        "Polygons tile the plane when their angles fit together.",
    )
    assert _pins(pages, "Conic sections", SHORT_NEED)


def test_multiple_choice_needs_one_word_of_its_own_only() -> None:
    pages = (
        "Deformation\n"
        "Isochoric deformation: a deformation preserving local volume\n"
        "Homogeneous deformation: a deformation that is the same at every point",
        "Volume changes under compaction; local strain is measured in the field.",
    )
    assert _pins(pages, "Isochoric deformation", CHOICE_NEED)
    assert not _pins(pages, "Isochoric deformation", SHORT_NEED + 1)


def test_a_wrong_option_the_deck_says_the_gloss_of_is_right_too() -> None:
    pages = (
        "Indexes\n"
        "Flat index: a sequential file in which every record has two fields\n"
        "Hash index: buckets addressed by a hash function of the search key",
        "A dense index is a sequential file with one record for every key.",
        "Fields of a table are stored in its data file.",
    )
    ctx, facts = _ctx(pages)
    fact = next(f for f in facts if f.kind == "definition" and f.term == "Flat index")
    key, dense, hashed = (ctx.vocab.get(t) for t in ("Flat index", "dense index", "Hash index"))
    assert key is not None and dense is not None and hashed is not None
    assert said_of_other(ctx, key, dense, fact.definition)
    assert not said_of_other(ctx, key, hashed, fact.definition)
