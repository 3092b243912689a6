"""Finding the slides a request is about.

"a hard quiz on tokenization and embeddings, 5 MCQs" → the request words
that name topics ("tokenization", "embeddings") → each matched against the
slides' own vocabulary, tolerating typos and case ("Quanitzation", "MOE") →
FTS5 BM25 over the cleaned slide text → boilerplate slides dropped,
near-identical slides (overlays, repeated slides) kept once → top slides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import text

from storage.database import Bank
from storage.domain import Slide
from storage.slide_store import SlideLibrary

# Words of the request that say what to make, not what it is about.
REQUEST_WORDS = frozenset(
    """a an the and or of on in to for with about from by as at is are be it its this that
    these those their them they such e g eg i e ie etc also both all any some more most
    quiz quizzes exam exams test tests question questions mcq mcqs multiple choice choices
    true false short answer answers essay essays assignment assignments exercise exercises
    generate make create write give draft prepare build produce need want please
    hard harder easy easier medium difficult difficulty simple advanced basic level
    key main important topic topics term terms concept concepts lecture lectures slide
    slides focused focus focusing covering cover covers testing test their use usage
    importance understanding students student knowledge explore exploring coding code
    one two three four five six seven eight nine ten few several many""".split()
)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

# A query word that is not in the slides' vocabulary matches vocabulary
# words at least this similar (rapidfuzz ratio), e.g. typos.
FUZZY_MIN = 84.0
# Slides whose texts are at least this similar count as one (overlays, repeats).
NEAR_IDENTICAL = 90.0


@dataclass(frozen=True)
class SlideHit:
    slide: Slide
    deck_title: str
    score: float
    matched: tuple[str, ...]  # which request terms this slide contains


@dataclass(frozen=True)
class FindResult:
    query: str
    terms: tuple[str, ...]  # the topic words taken from the request
    expansions: dict[str, tuple[str, ...]]  # term -> vocabulary words it matched
    hits: tuple[SlideHit, ...]
    message: str  # for the user; says plainly when nothing matched


def topic_terms(query: str) -> list[str]:
    """The words of a request that name what it is about."""
    words = [w for w in _WORD.findall(query) if w.casefold() not in REQUEST_WORDS]
    seen: dict[str, str] = {}
    for w in words:
        if not w.isdigit():
            seen.setdefault(w.casefold(), w)
    return list(seen.values())


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class SlideFinder:
    """Ranks slides for a request. Holds the vocabulary; make a new one after imports."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        with bank.sessions() as s:
            self._vocab = [r[0] for r in s.execute(text("SELECT term FROM slide_vocab"))]
        self._vocab_set = set(self._vocab)

    def _expand(self, term: str) -> tuple[str, ...]:
        """Vocabulary words (as FTS5 tokens: lower case, no accents) for a request term."""
        key = term.casefold()
        found = [key] if key in self._vocab_set else []
        if len(key) >= 4:
            # plural/singular and other endings: "embedding" finds "embeddings"
            found += [
                v for v in self._vocab if v != key and v.startswith(key) and len(v) - len(key) <= 3
            ]
            if not found or len(key) >= 6:
                found += [
                    m
                    for m, _, _ in process.extract(
                        key, self._vocab, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN, limit=3
                    )
                    if m not in found
                ]
        return tuple(dict.fromkeys(found))

    def find(
        self, query: str, deck_ids: Sequence[int] | None = None, limit: int = 10
    ) -> FindResult:
        terms = topic_terms(query)
        if not terms:
            return FindResult(query, (), {}, (), "The request names no topic to look for.")
        expansions = {t: self._expand(t) for t in terms}
        groups = [
            " OR ".join(_fts_phrase(w) for w in words) for words in expansions.values() if words
        ]
        missing = [t for t, words in expansions.items() if not words]
        if not groups:
            return FindResult(
                query, tuple(terms), expansions, (), f"No slide mentions {', '.join(missing)}."
            )
        fts = " OR ".join(f"({g})" for g in groups)
        params: dict[str, object] = {"q": fts}
        deck_clause = ""
        if deck_ids:
            deck_clause = f" AND s.deck_id IN ({', '.join(str(int(d)) for d in deck_ids)})"
        with self.bank.sessions() as s:
            rows = s.execute(
                text(
                    "SELECT s.id, bm25(slide_fts) AS rank FROM slide_fts "
                    "JOIN slides s ON s.id = slide_fts.rowid "
                    f"WHERE slide_fts MATCH :q AND s.flags = ''{deck_clause} "
                    "ORDER BY rank LIMIT 400"
                ),
                params,
            ).all()
            titles: dict[int, str] = {
                int(i): str(t) for i, t in s.execute(text("SELECT id, title FROM decks"))
            }
        slides = SlideLibrary(self.bank).slides_by_id([int(r[0]) for r in rows])
        scored = []
        for slide_id, rank in rows:
            slide = slides[int(slide_id)]
            lowered = slide.text.casefold()
            matched = tuple(
                t for t, words in expansions.items() if any(w in lowered for w in words)
            )
            # BM25 rewards a rare word said often; a request about two topics
            # is better served by slides that cover both.
            coverage = len(matched) / len(groups)
            scored.append((-float(rank) * (0.5 + coverage), slide, matched))
        scored.sort(key=lambda x: -x[0])
        hits: list[SlideHit] = []
        for score, slide, matched in scored:
            if any(
                h.slide.deck_id == slide.deck_id
                and fuzz.ratio(h.slide.text, slide.text) >= NEAR_IDENTICAL
                for h in hits
            ):
                continue  # an overlay or repeat of a slide already listed
            hits.append(SlideHit(slide, titles.get(slide.deck_id, ""), round(score, 3), matched))
            if len(hits) == limit:
                break
        if not hits:
            message = f"No slide mentions {', '.join(terms)}."
        else:
            message = f"{len(hits)} slide(s) about {', '.join(terms)}."
            if missing:
                message += f" No slide mentions {', '.join(missing)}."
        return FindResult(query, tuple(terms), expansions, tuple(hits), message)
