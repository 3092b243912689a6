"""What every built candidate is made with: the run's context (slides, facts,
vocabulary, what was asked already), question assembly, and whether a fact matches
the instructor's focus terms."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from models.drafting.abbreviations import spell_out
from models.drafting.facts import (
    Fact,
)
from models.drafting.vocabulary import (
    Vocabulary,
)
from models.drafting.wording import (
    _sentence,
    _tags,
)
from models.drafting.words import (
    norm_key,
)
from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Origin,
    Question,
    QuestionType,
    Slide,
    SlideRef,
    Status,
)

if TYPE_CHECKING:
    from models.drafting.draft_scorer import DraftScorer
    from models.drafting.option_kinds import DeckPhrases
    from models.drafting.statement_scorer import StatementScorer
    from models.drafting.term_embeddings import TermSpace

_MAX_OPTION_CHARS = 220
_FAMILY_SCORE = 2.0  # sibling score from which two terms count as the same kind
# Warnings a built draft may not have: it would give its answer away.
_REJECTED_WARNINGS = frozenset({"length-biased-key", "answer-in-stem", "trivial-negation"})


@dataclass
class _Ctx:
    slides: list[Slide]
    facts: list[Fact]
    vocab: Vocabulary
    difficulty: Difficulty
    seed: int
    rng: random.Random
    used: set[int] = field(default_factory=set)  # fact ids already asked about
    asked_terms: set[str] = field(default_factory=set)
    stats: Counter[str] = field(default_factory=Counter)
    # every sentence of the decks the slides come from (and other selected decks), folded:
    # a statement used as false must be false against all of them
    reference: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    made: list[Question] = field(default_factory=list)  # accepted so far, and to avoid
    # made once per run, asked for every candidate: a fact's peers, a slide's title
    peers: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    titles: dict[tuple[int, int], str] = field(default_factory=dict)
    deck_texts: dict[int | None, str] = field(default_factory=dict)  # each deck's text
    cut_short: dict[int, bool] = field(default_factory=dict)  # id(fact) → runs on (built)
    common_words: frozenset[str] | None = None  # words in many glosses (forms._contrasted)
    glosses: dict[str, Fact] | None = None  # the first gloss of each term (distractors)
    # words on many of the decks' slides, with the pages they are on (distractors)
    subject: dict[str, frozenset[int]] = field(default_factory=dict)
    subject_size: int = 0  # content slides of the largest deck `subject` was read from
    # each bracket of the slides: the words before it, the words in it (distractors)
    brackets: list[tuple[str, frozenset[str]]] | None = None
    joined: list[frozenset[str]] | None = None  # terms one label names together (distractors)
    sentences: list[str] | None = None  # the slides' sentences, unwrapped (attribution)
    people: dict[str, list[str]] | None = None  # who did what, by name (attribution)
    term_space: TermSpace | None = None  # the terms' meaning vectors (term_embeddings)
    statements: StatementScorer | None = None  # raters' verdicts, learned (statement_scorer)
    drafts: DraftScorer | None = None  # raters' verdicts on every form, learned (draft_scorer)
    phrases: DeckPhrases | None = None  # how the decks name kinds of things (option_kinds)
    listed: frozenset[tuple[str, str]] | None = None  # (list heading, item) keys (distractors)


# --- question assembly -----------------------------------------------------------------------


def _origin(ctx: _Ctx, builder: str) -> Origin:
    return Origin(
        method="built",
        settings={"builder": builder, "difficulty": ctx.difficulty.value, "seed": ctx.seed},
    )


def _choices(ctx: _Ctx, right: Sequence[str], wrong: Sequence[str]) -> tuple[Choice, ...]:
    share = 1.0 / len(right) if right else 0.0
    items = [Choice(r, round(share, 7), "Stated on the slides.") for r in right] + [
        Choice(w, 0.0) for w in wrong
    ]
    ctx.rng.shuffle(items)
    return tuple(items)


def _question(
    ctx: _Ctx,
    fact: Fact,
    qtype: QuestionType,
    stem: str,
    choices: tuple[Choice, ...],
    builder: str,
    bloom: Bloom,
    title: str,
    feedback: str = "",
    term: str = "",
) -> Question:
    if qtype != QuestionType.TRUE_FALSE:
        # an abbreviation the deck expands, spelled out on first use (never one an option or
        # an accepted answer holds: that would give the key away)
        keep = [c.text for c in choices] + [term or fact.term]
        stem = spell_out(stem, deck_text(ctx, fact.slide.deck_id), keep=keep)
    return Question(
        type=qtype,
        stem=stem,
        choices=choices,
        title=title[:120],
        general_feedback=feedback or f"Slide {fact.page}: {_sentence(fact.text)}",
        difficulty=ctx.difficulty,
        bloom=bloom,
        status=Status.DRAFT,
        tags=_tags(term or fact.term, fact.topic),
        origin=_origin(ctx, builder),
        sources=(SlideRef(fact.slide.deck_id, fact.page, fact.text),),
    )


def deck_text(ctx: _Ctx, deck_id: int | None) -> str:
    """All the text of a deck's slides: where a word's case and number are seen."""
    if deck_id not in ctx.deck_texts:
        ctx.deck_texts[deck_id] = "\n".join(s.text for s in ctx.slides if s.deck_id == deck_id)
    return ctx.deck_texts[deck_id]


def matches_focus(fact: Fact, focus: Sequence[str], vocab: Vocabulary | None = None) -> bool:
    """Whether a fact mentions one of the focus terms (fuzzy, case-insensitive)."""
    hay = norm_key(" ".join([fact.term, fact.text, fact.definition, " ".join(fact.items)]))
    padded = f" {hay} "
    for f in focus:
        key = norm_key(f)
        if not key:
            continue
        keys = {key}
        if vocab is not None:
            alt = vocab.expand(f)
            if alt:
                keys.add(norm_key(alt))
        for k in keys:
            if len(k) <= 5:
                if f" {k} " in padded:
                    return True
            elif f" {k} " in padded or fuzz.partial_ratio(k, hay) >= 88:
                return True
    return False
