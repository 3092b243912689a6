"""Finding the slides a request is about.

"a hard quiz on tokenization and embeddings, 5 MCQs" → the request words
that name topics ("tokenization", "embeddings") → each matched against the
slides' own vocabulary, tolerating typos and case ("Quanitzation", "MOE") →
FTS5 BM25 over the cleaned slide text → boilerplate slides dropped,
near-identical slides (overlays, repeated slides) kept once → top slides.
"""

from __future__ import annotations

import re
import unicodedata
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
    one two three four five six seven eight nine ten few several many
    и в во на по о об про для с со к из от тест тесты вопрос вопросы сложные сложный
    простые задания задание лекция лекции""".split()
)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_PART = re.compile(r"[^\W_]+", re.UNICODE)  # FTS5 splits "energy-based" in two

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
    # True when no slide covers any topic of the request as a whole: the hits
    # only mention some of its words, and the message says so.
    partial: bool = False


def topic_phrases(query: str) -> list[list[str]]:
    """The topics a request names, each as its words.

    "a hard quiz on tokenization and word embeddings" → [["tokenization"],
    ["word", "embeddings"]]: punctuation and request words ("quiz", "and",
    "on"…) separate topics.
    """
    phrases: list[list[str]] = []
    for chunk in re.split(r"[,;:()\[\]/?!\"“”]+", query):
        current: list[str] = []
        for word in _WORD.findall(chunk):
            if word.casefold() in REQUEST_WORDS or word.isdigit():
                if current:
                    phrases.append(current)
                current = []
            else:
                current += [p for p in _PART.findall(word)]
        if current:
            phrases.append(current)
    unique: dict[tuple[str, ...], list[str]] = {}
    for phrase in phrases:
        unique.setdefault(tuple(w.casefold() for w in phrase), phrase)
    return list(unique.values())


def topic_terms(query: str) -> list[str]:
    """The words of a request that name what it is about."""
    seen: dict[str, str] = {}
    for phrase in topic_phrases(query):
        for w in phrase:
            seen.setdefault(w.casefold(), w)
    return list(seen.values())


def _fold(text_: str) -> str:
    """Lower case without accents, as FTS5's unicode61 tokenizer sees words."""
    decomposed = unicodedata.normalize("NFKD", text_.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _phrase_matched(words: Sequence[tuple[str, ...]], tokens: set[str]) -> bool:
    """A slide covers a topic when it has at least two thirds of its words."""
    found = sum(1 for options in words if any(o in tokens for o in options))
    return found >= max(1, -(-2 * len(words) // 3))


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
        phrases = topic_phrases(query)
        terms = topic_terms(query)
        if not terms:
            return FindResult(query, (), {}, (), "The request names no topic to look for.")
        expansions = {t: self._expand(t) for t in terms}
        words = sorted({w for options in expansions.values() for w in options})
        if not words:
            topics_text = ", ".join(" ".join(p) for p in phrases)
            return FindResult(
                query, tuple(terms), expansions, (), f"No slide mentions {topics_text}."
            )
        # each topic as, per word, the vocabulary words that stand for it
        topics = [
            (" ".join(p), [expansions[w] for w in dict.fromkeys(p) if w in expansions])
            for p in phrases
        ]
        topics = [(name, ws) for name, ws in topics if any(ws)]
        fts = " OR ".join(_fts_phrase(w) for w in words)
        deck_clause = ""
        if deck_ids:
            deck_clause = f" AND s.deck_id IN ({', '.join(str(int(d)) for d in deck_ids)})"
        with self.bank.sessions() as s:
            rows = s.execute(
                text(
                    "SELECT s.id, bm25(slide_fts) AS rank FROM slide_fts "
                    "JOIN slides s ON s.id = slide_fts.rowid "
                    f"WHERE slide_fts MATCH :q AND s.flags = ''{deck_clause} "
                    "ORDER BY rank LIMIT 500"
                ),
                {"q": fts},
            ).all()
            titles: dict[int, str] = {
                int(i): str(t) for i, t in s.execute(text("SELECT id, title FROM decks"))
            }
        slides = SlideLibrary(self.bank).slides_by_id([int(r[0]) for r in rows])
        scored = []
        any_topic = False
        for slide_id, rank in rows:
            slide = slides[int(slide_id)]
            tokens = set(_PART.findall(_fold(slide.text)))
            matched = tuple(name for name, ws in topics if _phrase_matched(ws, tokens))
            any_topic = any_topic or bool(matched)
            lowered = _fold(slide.text)
            words_found = sum(
                1 for options in expansions.values() if any(o in lowered for o in options)
            )
            # BM25 rewards a rare word said often; a request about several
            # topics is better served by slides that cover more of them.
            coverage = words_found / len(expansions) + len(matched) / len(topics)
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
        names = [" ".join(p) for p in phrases]
        partial = bool(hits) and not any_topic
        if not hits:
            message = f"No slide mentions {', '.join(names)}."
        elif partial:
            message = (
                f"No slide is about {', '.join(names)}; {len(hits)} slide(s) mention some of "
                "its words."
            )
        else:
            covered = {m for h in hits for m in h.matched}
            message = f"{len(hits)} slide(s) about {', '.join(n for n in names if n in covered)}."
            absent = [n for n in names if n not in covered]
            if absent:
                message += f" No slide mentions {', '.join(absent)}."
        return FindResult(query, tuple(terms), expansions, tuple(hits), message, partial)
