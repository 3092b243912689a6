"""Whether a gloss pins its term down, so that a question asking for the term from the
gloss has one right answer.

Blind raters' most common verdict on "What is the term for …?" and "Which … is …?"
drafts was "more than one answer can be defended": the gloss is true of other things too
("a data structure that maps keys to values" → hash table, and map, dictionary …; "a
tool … to reduce risks" → derivatives, and hedging, insurance …). Two signals, both read
off the deck itself, in any field:

- the gloss's distinguishing words: a gloss pins its term down when some of its words
  are said nowhere else in the deck. A gloss whose every word the deck uses all over
  (in an indexing deck "file", "record", "key", "value"; in a tree deck "level",
  "node") says what many of the deck's things are, not what this one alone is.
- a wrong option the deck says the same of: when the sentences naming another term
  carry most of the key's gloss, that option is right as well ("Dense index" beside
  "Flat index: a sequential file in which every record has two fields", where the
  deck's sentences on dense indexes speak of sequential files of records too).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from models.drafting.phrasing import contrary
from models.drafting.words import content_tokens, norm_key, word_rank

if TYPE_CHECKING:
    from models.drafting.candidates import _Ctx
    from models.drafting.fact import Fact
    from models.drafting.vocabulary import Term

# a slide carrying this share of the gloss's words beside the term restates it (a recap
# slide): it is the same saying, not another thing the words are said of
_RESTATED = 0.8
# of the key's gloss, the share another term's sentences carry that makes it right too
_SAID_OF_OTHER = 0.6
# English frequency rank beyond which a word is a field's own (words.word_rank)
_RARE_RANK = 10_000
# distinguishing words a short answer's gloss needs when no kind narrows it down, and a
# multiple-choice gloss would need (the options narrow it down; not wired: it cost a
# usable pharmacology MCQ and caught no rated ambiguous one once rare words count)
SHORT_NEED = 2
CHOICE_NEED = 1


def _gloss_tokens(gloss: str, key: Term) -> list[str]:
    """The gloss's content words, each once, the term's own words left out."""
    own = set(key.words) | set(content_tokens(key.text))
    return [t for t in dict.fromkeys(content_tokens(gloss)) if t not in own]


@lru_cache(maxsize=4096)
def _bag(text: str) -> frozenset[str]:
    """A slide's or sentence's content words, read once per run for all its glosses."""
    return frozenset(content_tokens(text))


def _names(text: str, key: Term) -> bool:
    folded = f" {norm_key(text)} "
    return f" {key.key} " in folded


def distinguishing_words(ctx: _Ctx, fact: Fact, key: Term, gloss: str) -> list[str]:
    """The words of `gloss` on no other slide of the fact's deck than its own (and
    slides that restate the gloss beside the term), and its rare words."""
    tokens = _gloss_tokens(gloss, key)
    if not tokens:
        return []
    seen: set[str] = set()
    for slide in ctx.slides:
        if slide.deck_id != fact.slide.deck_id or slide.page == fact.page:
            continue
        bag = _bag(slide.text)
        shared = [t for t in tokens if t in bag]
        if len(shared) >= _RESTATED * len(tokens) and _names(slide.text, key):
            continue  # a recap of the same gloss
        seen.update(shared)
    # a rare word of English ("deformation", "probabilistic", "decoder") names a thing of
    # the field even when the deck uses it all over; common words only pin down by
    # being this slide's alone
    return [t for t in tokens if t not in seen or word_rank(t) > _RARE_RANK]


def pins_down(ctx: _Ctx, fact: Fact, key: Term, gloss: str, need: int) -> bool:
    """Whether `gloss` has `need` words the deck says of the fact's slide alone."""
    return len(distinguishing_words(ctx, fact, key, gloss)) >= need


def said_of_other(ctx: _Ctx, key: Term, other: Term, gloss: str) -> bool:
    """Whether the deck's sentences naming `other` (and not the key, nor saying the
    opposite) carry most of the key's gloss: then `other` is a right answer as well, no
    wrong option."""
    tokens = [t for t in _gloss_tokens(gloss, key) if t not in set(other.words)]
    if len(tokens) < 2:
        return False
    bag: set[str] = set()
    for sentence in ctx.vocab.mentions(other):
        if not _names(sentence, key) and not contrary(gloss, sentence):
            bag.update(_bag(sentence))  # "lowers the boiling point" says no "raises"
    shared = sum(1 for t in tokens if t in bag)
    return shared >= 2 and shared >= _SAID_OF_OTHER * len(tokens)
