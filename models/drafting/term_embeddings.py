"""Wrong options close in meaning: the deck's terms embedded once per run, their cosine
with the key added to the lexical sibling score (vocabulary.Vocabulary.similarity).

- A term that means the same as the key (a very high cosine, or the same gloss) is no
  wrong option: it is dropped, never preferred.
- When the deck has too few terms of the key's kind, terms of the other slides drafted
  against (the `reference` decks) may serve, after the deck's own, if they share the
  key's head noun and are close to it in meaning: a term of another field never is.
- Without an embedder, or when it fails while the run starts, the ranking is the lexical
  one, unchanged: the same drafts as without this module.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz

from models.drafting.phrasing import contrary
from models.drafting.vocabulary import Term, Vocabulary, deck_vocabulary
from models.drafting.words import norm_key
from storage.domain import Slide
from storage.semantic import FloatArray, TextEmbedder

if TYPE_CHECKING:
    from models.drafting.candidates import _Ctx
    from models.drafting.facts import Fact

log = logging.getLogger(__name__)

WEIGHT = 4.0  # cosine 0.1 → 0.6 moves a term by 2 points: about one shared heading
SYNONYM_COSINE = 0.85  # "segmentation"/"segmenting", "Jeff Dean"/"Jeffrey Dean": one thing
SAME_GLOSS = 92  # rapidfuzz ratio of two glosses from which they say the same
COURSE_MIN_COSINE = 0.5  # below it a term of another deck is of another field
COURSE_PENALTY = 1.0  # the deck's own terms of the kind first, then the course's
SAME_KIND_SCORE = 2.0  # lexical score of one kind (candidates._FAMILY_SCORE)
ENOUGH_OF_KIND = 4  # deck terms of the key's head noun below which other decks' may serve
_GLOSS_WORDS = 16  # of a gloss embedded with its term: enough to say what it is
_BATCH = 16  # GPT4All is fastest on small batches of short texts
# Vectors by (model, text), kept across runs: a redraft or another difficulty of the
# same deck embeds nothing again.
_CACHE: dict[tuple[str, str], FloatArray] = {}
_CACHE_LIMIT = 50_000


@dataclass
class TermSpace:
    """The run's term vectors (by term key) and what other decks offer, made lazily."""

    embedder: TextEmbedder
    vectors: dict[str, FloatArray]
    glosses: dict[str, str]  # term key → its first gloss, folded
    course_slides: Sequence[Slide] = ()
    course: list[Term] | None = None  # terms of the other slides, made when first needed
    course_vectors: dict[str, FloatArray] = field(default_factory=dict)
    broken: bool = False  # the embedder failed after the start: no more course terms

    def cosine(self, a: Term, b: Term) -> float | None:
        va, vb = self.vectors.get(a.key), self.vectors.get(b.key)
        if vb is None:
            vb = self.course_vectors.get(b.key)
        if va is None or vb is None:
            return None
        return float(va @ vb)


def _embed(embedder: TextEmbedder, texts: Sequence[str]) -> list[FloatArray]:
    """Unit vectors of `texts`, from the cache where it has them."""
    model = embedder.model_id
    todo = list(dict.fromkeys(t for t in texts if (model, t) not in _CACHE))
    for i in range(0, len(todo), _BATCH):
        batch = todo[i : i + _BATCH]
        rows = np.asarray(embedder.embed(batch), dtype=np.float32)
        if rows.shape[0] != len(batch):
            raise ValueError(f"{len(batch)} texts gave {rows.shape[0]} vectors")
        if len(_CACHE) + len(batch) > _CACHE_LIMIT:
            _CACHE.clear()
        for text, row in zip(batch, rows, strict=True):
            _CACHE[(model, text)] = row
    return [_CACHE[(model, t)] for t in texts]


def _text(term: Term, gloss: str) -> str:
    """What is embedded for a term: its name, its expansion, the start of its gloss."""
    name = term.text
    if term.expansion and norm_key(term.expansion) != term.key:
        name = f"{name} ({term.expansion})"
    words = gloss.split()[:_GLOSS_WORDS]
    return f"{name}: {' '.join(words)}" if words else name


def first_glosses(facts: Iterable[Fact]) -> dict[str, str]:
    """The first gloss of each term (as distractors._definitions_by_term picks it)."""
    out: dict[str, str] = {}
    for f in facts:
        if f.kind == "definition" and f.term:
            out.setdefault(norm_key(f.term), f.definition)
    return out


def term_space(
    embedder: TextEmbedder | None,
    vocab: Vocabulary,
    facts: Sequence[Fact],
    course_slides: Sequence[Slide] = (),
) -> TermSpace | None:
    """Every deck term embedded (one call per batch), or None without a working embedder:
    a failure here leaves the whole run lexical, as it was before embeddings."""
    if embedder is None:
        return None
    glosses = first_glosses(facts)
    terms = _eligible(vocab)
    try:
        rows = _embed(embedder, [_text(t, glosses.get(t.key, "")) for t in terms])
    except Exception as exc:  # GPT4All raises bare RuntimeError/ValueError
        log.warning("term embeddings unavailable, ranking options by wording: %s", exc)
        return None
    return TermSpace(
        embedder,
        {t.key: r for t, r in zip(terms, rows, strict=True)},
        {k: norm_key(g) for k, g in glosses.items()},
        course_slides,
    )


def _eligible(vocab: Vocabulary) -> list[Term]:
    """The terms that can be a wrong option: a wrong option is a peer of the key (glossed
    or listed beside it) or shares its head noun (distractors._distractor_terms, cloze);
    only these are embedded, half a deck's terms or fewer, so the run stays fast."""
    heads = Counter(t.head for t in vocab if len(t.words) >= 2)
    return [
        t
        for t in vocab
        if t.key and (t.defined or t.lists or (len(t.words) >= 2 and heads[t.head] >= 2))
    ]


def _same_meaning(space: TermSpace, key: Term, other: Term, cosine: float) -> bool:
    """Whether `other` names what the key names: a very high cosine or the same gloss,
    unless the glosses say opposite things ("rigid wage": "wage that does not respond to
    tightness", "flexible wage": "wage that responds a lot to tightness"): words alike,
    and the best of wrong options."""
    a, b = space.glosses.get(key.key, ""), space.glosses.get(other.key, "")
    if a and b and contrary(a, b):
        return False
    if cosine >= SYNONYM_COSINE:
        return True
    return bool(a and b) and fuzz.ratio(a, b) >= SAME_GLOSS


def ranked_siblings(
    ctx: _Ctx, key: Term, k: int, exclude: Iterable[str]
) -> list[tuple[Term, float]]:
    """`ctx.vocab.siblings(key, k, exclude)`, closest in meaning first when the run has
    term vectors; synonyms of the key left out; other decks' terms of its kind after
    the deck's own when the deck has too few."""
    banned = {norm_key(x) for x in exclude}
    lexical = ctx.vocab.siblings(key, k=k, exclude=banned)
    space = ctx.term_space
    if space is None or key.key not in space.vectors:
        return lexical
    out: list[tuple[Term, float]] = []
    for other, score in lexical:
        cosine = space.cosine(key, other)
        if cosine is None:
            out.append((other, score))
            continue
        if _same_meaning(space, key, other, cosine):
            continue  # a synonym of the key is a second right answer
        out.append((other, score + WEIGHT * cosine))
    # of the key's kind by name ("… quantization"): what a wrong option must be
    same_kind = sum(1 for t, _ in lexical if _same_head(key, t))
    if same_kind < ENOUGH_OF_KIND and space.course_slides and not space.broken:
        taken = banned | {t.key for t, _ in lexical} | set(ctx.vocab.terms)
        out += _course_siblings(space, ctx.vocab, key, taken)
    out.sort(key=lambda p: (-p[1], p[0].key))
    return out


def _same_head(a: Term, b: Term) -> bool:
    return len(a.words) >= 2 and len(b.words) >= 2 and a.head == b.head


def _course_terms(space: TermSpace) -> list[Term]:
    """The terms of the other slides, without the deck's lists and pages (their ids and
    numbers mean nothing beside the deck's)."""
    if space.course is None:
        vocab = deck_vocabulary(space.course_slides)
        space.course = [replace(t, lists=(), pages=()) for t in vocab if t.key]
    return space.course


def _course_siblings(
    space: TermSpace, vocab: Vocabulary, key: Term, taken: set[str]
) -> list[tuple[Term, float]]:
    """Other decks' terms of the key's kind (its head noun, by the lexical score) that
    are close to it in meaning, scored below the deck's own."""
    lexical = [
        (t, s)
        for t in _course_terms(space)
        if t.key not in taken
        and _same_head(key, t)
        and (s := vocab.similarity(key, t)) >= SAME_KIND_SCORE
    ]
    need = [t for t, _ in lexical if t.key not in space.course_vectors]
    if need:
        try:
            rows = _embed(space.embedder, [_text(t, "") for t in need])
        except Exception as exc:  # the embedder broke mid-run: keep the deck's terms
            log.warning("term embeddings failed, no course terms: %s", exc)
            space.broken = True
            return []
        space.course_vectors.update({t.key: r for t, r in zip(need, rows, strict=True)})
    try:  # the key by its name alone, as the other decks' terms are embedded
        (plain,) = _embed(space.embedder, [_text(key, "")])
    except Exception as exc:
        log.warning("term embeddings failed, no course terms: %s", exc)
        space.broken = True
        return []
    out = []
    for t, s in lexical:
        cosine = float(plain @ space.course_vectors[t.key])
        if cosine < COURSE_MIN_COSINE or cosine >= SYNONYM_COSINE:
            continue  # another field, or the key in other words
        out.append((t, s + WEIGHT * cosine - COURSE_PENALTY))
    return out
