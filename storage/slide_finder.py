"""Finding the slides a request is about.

"a hard quiz on tokenization and embeddings, 5 MCQs" → the request words
that name topics ("tokenization", "embeddings") → each matched against the
slides' own vocabulary, tolerating typos and case ("Quanitzation", "MOE") →
FTS5 BM25 over the cleaned slide text → boilerplate slides dropped,
near-identical slides (overlays, repeated slides) kept once → top slides.
A request's names are read as names: "IBM Model 1" keeps its number, an
abbreviation it defines ("Backprop thru time (BPTT)") is spelled out where it
is used again, a run of words also stands for its initials where the slides
use them ("stochastic gradient descent" → SGD). The deck's structure counts:
a slide whose title names a topic of the request gains, outline/summary/
reference slides and bullet lists of short items (a system's ingredients)
that name it in passing rank below the slides that teach it, and a slide lying
between two leading slides of a deck (a plot, a derivation step that names
nothing) continues their topic. An abbreviation the slides define but hardly
use ("EBM" where they say "energy-based models") also stands for its long form.

With an embedder and stored slide vectors (storage.semantic), the request's
topics are also embedded and compared with every slide by cosine
similarity, so "how do models avoid storing every weight in 32 bits?"
finds the quantization slides that share none of its words. The two
rankings are fused; when neither signal is strong (no slide covers a topic
of the request and no slide is semantically close) the finder says it found
nothing relevant. Cosines alone cannot tell a request in other words from one
no slide answers (all-MiniLM-L6-v2 on the relevance set: the judged slides of
several paraphrases are as close as the closest slide of absent topics), so
meaning answers a request no slide covers in words only when it is strong
(SEMANTIC_STRONG), and a request most of whose topics no slide names is not
answered by the rest of its words. Closeness to an outline or keyword slide is
no answer (it names topics in passing), nor is closeness to a request's context
alone ("dropout layers in neural networks" where only neural networks are
taught and one slide names dropout in passing: the topic itself must be close).

Measured on the relevance set and dropped (none raised the held-out half; bench/
finder_eval.py): pseudo-relevance feedback (the words the best slides share, RM3-style,
as a third fused ranking, in four confidence conditions), the deck's titles closest in
meaning as expansion words, title and line-level vectors (max with the slide's), vectors
of the slide's worded lines only (loses a no-answer request), idf-weighted title matches,
other fusion weights. What separates a paraphrase from an absent topic was sought in the
top cosine, its gap and z-score, the top slides' coherence and the lexical and semantic
rankings' agreement: none beats the top cosine once the number of slides searched is
allowed for, so a paraphrase below SEMANTIC_STRONG stays unanswered.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import text

from storage.central_slides import central_slides, is_overview
from storage.database import Bank
from storage.domain import Slide
from storage.requests import REQUEST_WORDS, parse_request
from storage.search_sql import search_slides
from storage.semantic import TextEmbedder, from_blob, plain, text_hash
from storage.slide_store import SlideLibrary

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_PART = re.compile(r"[^\W_]+", re.UNICODE)  # FTS5 splits "energy-based" in two

# A query word that is not in the slides' vocabulary matches vocabulary
# words at least this similar (rapidfuzz ratio), e.g. typos.
FUZZY_MIN = 84.0
# A request word this long that is no slide's word but begins some (a clipped
# "backprop") stands for them.
CLIPPED_MIN = 6
# Slides whose texts are at least this similar count as one (overlays, repeats).
NEAR_IDENTICAL = 90.0
# Semantic signal (cosine of the request's topics and a slide): a slide at
# least this close is about the request even if it shares no word with it;
# below SEMANTIC_FLOOR a slide gets nothing from the semantic side.
SEMANTIC_STRONG = 0.45
SEMANTIC_FLOOR = 0.10
# A request whose words only match its context ("... in neural networks") is
# answered where a slide is at least this close in meaning (calibrated on the
# tune half of tests/fixtures/slide_relevance.json).
SEMANTIC_SUPPORT = 0.35
# Rank fusion: weight of the semantic ranking against BM25's, and the
# constant that flattens the top ranks (reciprocal-rank fusion).
SEMANTIC_WEIGHT = 1.0
FUSION_K = 10.0
# Slides taken from the semantic ranking (the BM25 side brings its own).
SEMANTIC_CANDIDATES = 50
# Semantic candidates this far below the request's closest slide are left out:
# what is nearly as far as everything else is no evidence.
SEMANTIC_MARGIN = 0.2
# A slide whose title names a topic of the request: weight of that on the BM25
# side, against a topic only somewhere in its text (1).
TITLE_WEIGHT = 2.0
TITLE_FUSION = 1.0
# A topic runs over several slides under one title (reveals, continuations): a
# slide sharing the title of one of the SIBLING_LEADS best gets at least this
# share of that one's score.
SIBLING = 0.8
SIBLING_LEADS = 3
# A phrase of at least this many words also stands for its initials when the slides
# use them as a word (fewer letters are too often another word).
ACRONYM_MIN = 3


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
    generic: bool = False  # the central slides of the decks, for a generic request


# Informal spellings of ordinary words, read as the word itself ("backprop thru time").
INFORMAL = {"thru": "through", "tho": "though", "b/w": "between", "w/o": "without"}


_DEFINED = re.compile(r"\(\s*([^\W_][\w-]{1,9})\s*\)")


def _long_form(short: str, before: str) -> str | None:
    """The words at the end of `before` that `short` abbreviates, found as Schwartz and
    Hearst (2003) do: its letters in order, from the end, the first one starting a word
    ("Backprop thru time" for "BPTT"); None when they are not there."""
    letters = [c for c in short.casefold() if c.isalnum()]
    words = _WORD.findall(before)[-min(len(letters) + 5, 2 * len(letters)) :]
    text_ = " ".join(words)
    folded = text_.casefold()
    at = len(folded) - 1
    for k in range(len(letters) - 1, -1, -1):
        while at >= 0 and (
            folded[at] != letters[k] or (k == 0 and at > 0 and folded[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return None
        at -= 1
    start = text_.rfind(" ", 0, at + 2) + 1
    found = text_[start:]
    return found if len(found.split()) >= 2 else None


def spelled_out(request: str) -> str:
    """A request with the abbreviations it defines ("Backprop thru time (BPTT)") spelled
    out wherever it uses them after the definition."""
    out = request
    for match in _DEFINED.finditer(request):
        short = match.group(1)
        if sum(c.isupper() for c in short) < 2:
            continue  # "(sinusoidal)" is a word, not an abbreviation
        long = _long_form(short, request[: match.start()])
        if long is None:
            continue
        head, rest = out[: match.end()], out[match.end() :]
        out = head + re.sub(rf"(?<![\w-]){re.escape(short)}(?![\w-])", long, rest)
    return out


def slide_abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """The abbreviations slides define ("Energy Based Models (EBMs)"): folded short form,
    without a plural s, -> its long form, when that is at least ACRONYM_MIN words none of
    which is a request word, so that the long form's initials find the short one again."""
    found: dict[str, str] = {}
    for text_ in texts:
        for match in _DEFINED.finditer(text_):
            short = match.group(1)
            if sum(c.isupper() for c in short) < 2 or not short.isalpha():
                continue
            long = _long_form(short, text_[: match.start()])
            parts = _PART.findall(long or "")
            if len(parts) >= ACRONYM_MIN and not any(w.casefold() in REQUEST_WORDS for w in parts):
                found.setdefault(_fold(short).removesuffix("s"), long or "")
    return found


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
            word = INFORMAL.get(word.casefold(), word)
            if word.isdigit() and current:
                # a number right after a topic word ends its name: "IBM Model 1", "GPT 4"
                phrases.append([*current, word])
                current = []
            elif word.casefold() in REQUEST_WORDS or word.isdigit():
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


# Words that attach a context to the topic before them: "padding in CNNs" is about
# padding as CNNs use it, "speech recognition with CTC loss" about CTC.
QUALIFIERS = frozenset(
    {"in", "for", "with", "within", "inside", "using", "via", "under", "в", "для", "с", "со"}
)


def qualifier_topics(query: str) -> set[str]:
    """The topics of a request that only qualify another ("CNNs" in "padding in CNNs"),
    as `topic_phrases` names them (lower case): those after a qualifier word, up to
    the next punctuation."""
    found: set[str] = set()
    for chunk in re.split(r"[,;:()\[\]/?!\"“”]+", query):
        qualified = False
        current: list[str] = []
        for word in _WORD.findall(chunk):
            folded = word.casefold()
            if folded in REQUEST_WORDS or word.isdigit():
                if current and qualified:
                    found.add(" ".join(current).casefold())
                current = []
                qualified = qualified or folded in QUALIFIERS
            else:
                current += _PART.findall(word)
        if current and qualified:
            found.add(" ".join(current).casefold())
    return found


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


def _phrase_matched(words: Sequence[tuple[tuple[str, ...], float]], tokens: set[str]) -> bool:
    """A slide covers a topic when it has at least two thirds of its words, and, for a
    term of up to three words, the words it has weigh two thirds of it: "neural
    networks" is not "convolutional neural networks", the rare word is what it is about."""
    found = [weight for options, weight in words if any(o in tokens for o in options)]
    if len(found) < max(1, -(-2 * len(words) // 3)):
        return False
    # a longer phrase is a sentence in other words (a paraphrase): its words count alike
    return len(words) > 3 or sum(found) >= 2 / 3 * sum(w for _, w in words) - 1e-9


def _answered(
    topic: str,
    names: Sequence[str],
    mentioned: set[str],
    taught: set[str],
    named: set[str] | None = None,
) -> bool:
    """Whether the slides cover the request, not only words of it.

    `mentioned`: the topic phrases some slide has; `taught`: those a slide's title
    names or several slides have. A request some of whose topics no slide has is
    answered only where one of its topics is taught (a slide listing "reinforcement
    learning" among keywords does not answer "RLHF with PPO"); with a heading ("CNNs:
    pooling, stride, padding"), only where the heading is covered or most of the
    aspects after it are (a slide on padding in RNNs does not answer a request on CNNs).
    """
    if not mentioned:
        return False
    head, colon, rest = topic.partition(":")
    if colon:
        aspects = [" ".join(p) for p in topic_phrases(rest)]
        head_names = [" ".join(p) for p in topic_phrases(head)]
        if not any(n in mentioned for n in head_names) and 2 * sum(
            n in mentioned for n in aspects
        ) <= len(aspects):
            return False
    if all(n in mentioned for n in names):
        return True
    # a context no slide has ("in CNNs") narrows the request to something the slides lack
    qualifiers = {n for n in names if n.casefold() in qualifier_topics(topic)}
    if any(n not in mentioned for n in qualifiers):
        return False
    # most of what it names being on no slide ("filters that slide over an image to detect
    # edges and shapes": only "over" and "image" are), the request is about something else
    if 2 * sum(n in mentioned or n in (named or ()) for n in names) < len(names):
        return False
    return bool(taught)


def _context_only(topic: str, names: Sequence[str], taught: set[str]) -> bool:
    """Whether the only topics taught are contexts ("dropout layers in neural networks"
    where only neural networks are taught): words alone do not show the request is
    answered, the finder asks meaning to confirm it."""
    qualifiers = {n for n in names if n.casefold() in qualifier_topics(topic)}
    return bool(taught) and taught <= qualifiers


def _typo_of(word: str, other: str) -> bool:
    """A misspelling keeps the word's ending ("Quanitzation", "allignment"); another
    ending is another word ("generator" is not "generation", "discriminator" is not
    "discriminative")."""
    return word[-2:] == other[-2:] or Levenshtein.distance(word, other) <= 1


def _spellings(term: str, options: Sequence[str]) -> tuple[str, ...]:
    """The vocabulary words that are `term` itself, another ending of it or a typo of
    it: what a slide must have to cover the term (ranking uses all the near words)."""
    key = term.casefold()
    return tuple(o for o in options if o.startswith(key) or _typo_of(key, o))


def _title(text_: str) -> str:
    return next((line for line in text_.splitlines() if line.strip()), "")


def _title_key(slide: Slide) -> tuple[int, str] | None:
    """A slide's deck and title, when its first line reads as a title (has a word)."""
    title = _title(slide.text).strip().casefold()
    return (slide.deck_id, title) if re.search(r"[^\W\d_]{3}", title) else None


def _with_siblings(
    scored: list[tuple[float, int]], slides: dict[int, Slide]
) -> list[tuple[float, int]]:
    """`scored` (score, slide id) best first, the slides under the title of a leading
    one raised to SIBLING of its score: the other slides of the topic it develops."""
    scored = sorted(scored, key=lambda x: -x[0])
    lead: dict[tuple[int, str], float] = {}
    for score, slide_id in scored[:SIBLING_LEADS]:
        key = _title_key(slides[slide_id])
        if key is not None:
            lead.setdefault(key, score)
    raised = [
        (max(score, SIBLING * lead.get(_title_key(slides[i]) or (-1, ""), 0.0)), i)
        for score, i in scored
    ]
    return sorted(raised, key=lambda x: -x[0])


# An outline, summary or reference slide names topics other slides teach: its score
# counts this much (storage.central_slides recognises one by its title). So does a slide
# whose body is a bullet list of short items (a system's ingredients: "▶ Perceptron loss
# ▶ +Beam search ▶ +Early update") where the request's topic is not in its title: it names
# the topic as one item among others. Both tuned on the tune half of
# tests/fixtures/slide_relevance.json.
OVERVIEW_WEIGHT = 0.3
LIST_WEIGHT = 0.5
# a bullet, dash or number ("2)", "3.") and then words, maybe marked as an addition
# ("▶ +Beam search"): not "0.5" or "−2.0" of a plot's axis
_BULLET = re.compile(r"^\s*(?:[▶►•●○▪■◦‣∙]\s*|[–\-*+]\s+|\d{1,2}[.)]\s+)(?=[+\"“'(]?[^\W\d_])")
# a reference or a link under a list is no statement of the slide's
_CITATION = re.compile(r"^\s*(?:\[[^\]]*\]|https?://\S+)\s*$")
# list items of at most this many words are names, not statements
LIST_ITEM_WORDS = 4


def _names_line(line: str) -> bool:
    """A line that is itself a list of names ("Arc-eager, Arc-standard, Easy-first, ..."):
    three comma-separated items (two and an ellipsis), none over LIST_ITEM_WORDS words."""
    items = [i for i in line.split(",") if i.strip() not in ("", "...", "…")]
    least = 2 if line.rstrip().endswith(("...", "…")) else 3
    return len(items) >= least and all(0 < len(_WORD.findall(i)) <= LIST_ITEM_WORDS for i in items)


def _short_list(text_: str) -> bool:
    """Whether a slide's body is a list of at least three short items: bullets of a few
    words, or lines that each list names (references and links aside)."""
    body = [line for line in text_.splitlines()[1:] if line.strip() and not _CITATION.match(line)]
    bullets = [_BULLET.sub("", line) for line in body if _BULLET.match(line)]
    names = [line for line in body if not _BULLET.match(line) and _names_line(line)]
    items = bullets + names
    return (
        len(items) >= 3
        and 2 * len(items) >= len(body)
        and all(len(_WORD.findall(i)) <= LIST_ITEM_WORDS for i in bullets)
    )


def _demoted(
    scored: list[tuple[float, int]], slides: dict[int, Slide], titled: Container[int]
) -> list[tuple[float, int]]:
    """`scored` best first again: overview slides (outline, summary, references) and, unless
    their title names a topic of the request (`titled`), short lists lowered."""
    out = []
    for score, i in scored:
        if is_overview(slides[i]):
            score *= OVERVIEW_WEIGHT
        elif i not in titled and _short_list(slides[i].text):
            score *= LIST_WEIGHT
        out.append((score, i))
    return sorted(out, key=lambda x: -x[0])


class SlideFinder:
    """Ranks slides for a request. Holds the vocabulary; make a new one after imports.

    With `embedder` (models.embeddings.Embedder, owned by the calling
    thread) and current slide vectors in the bank, meaning counts as well as
    words; without, the ranking is BM25 alone, as before (`semantic` False).
    """

    def __init__(self, bank: Bank, embedder: TextEmbedder | None = None) -> None:
        self.bank = bank
        self.embedder = embedder
        with bank.sessions() as s:
            vocab = s.execute(text("SELECT term, doc FROM slide_vocab")).all()
            self._docs = int(s.scalar(text("SELECT count(*) FROM slides")) or 0)
        self._vocab = [str(r[0]) for r in vocab]
        self._df = {str(r[0]): int(r[1]) for r in vocab}
        with bank.sessions() as s:
            vectors = (
                s.execute(
                    text(
                        "SELECT e.slide_id, s.deck_id, e.text_hash, s.clean_text, e.vector "
                        "FROM slide_embeddings e JOIN slides s ON s.id = e.slide_id "
                        "WHERE s.flags = '' AND e.model = :m"
                    ),
                    {"m": embedder.model_id},
                ).all()
                if embedder is not None
                else []
            )
        self._vocab_set = set(self._vocab)
        with bank.sessions() as s:
            texts = s.scalars(text("SELECT clean_text FROM slides WHERE flags = ''")).all()
        self._abbreviations = slide_abbreviations(str(t) for t in texts)
        # only vectors made from the slide's present text count
        current = [r for r in vectors if r[2] == text_hash(plain(r[3]))]
        self._slide_ids = np.array([int(r[0]) for r in current], dtype=np.int64)
        self._slide_decks = np.array([int(r[1]) for r in current], dtype=np.int64)
        self._slide_vecs: npt.NDArray[np.float32] = (
            np.stack([from_blob(r[4]) for r in current])
            if current
            else np.zeros((0, 1), np.float32)
        )

    @property
    def semantic(self) -> bool:
        """Whether requests are also matched by meaning (an embedder and slide vectors)."""
        return self.embedder is not None and len(self._slide_ids) > 0

    def _semantic_scores(
        self, phrases: Sequence[Sequence[str]], deck_ids: Sequence[int] | None
    ) -> dict[int, float]:
        """Cosine of the request's topics with each slide (slide id -> cosine)."""
        if not self.semantic or not phrases or self.embedder is None:
            return {}
        topic = ", ".join(" ".join(p) for p in phrases)
        query = self.embedder.embed([topic])[0]
        sims = self._slide_vecs @ query
        if deck_ids:
            sims = np.where(np.isin(self._slide_decks, list(deck_ids)), sims, -1.0)
        top = np.argpartition(-sims, min(SEMANTIC_CANDIDATES, len(sims)) - 1)[:SEMANTIC_CANDIDATES]
        floor = max(SEMANTIC_FLOOR, float(sims.max()) - SEMANTIC_MARGIN)
        return {int(self._slide_ids[i]): float(sims[i]) for i in top if sims[i] > floor}

    def _slides_words(self, topic: str) -> str:
        """The request with an abbreviation the slides define but hardly use ("EBM" where
        they say "energy-based models" and once "(EBMs)") followed by its long form as they
        define it, a topic of its own: "conditional EBM (Energy Based Models)"."""

        def long(match: re.Match[str]) -> str:
            word = match.group(0)
            key = _fold(word).removesuffix("s")
            found = self._abbreviations.get(key)
            used = self._df.get(key, 0) + self._df.get(f"{key}s", 0)
            if not found or used > 1 or _fold(found) in _fold(topic):
                return word
            return f"{word} ({found})"

        return _WORD.sub(long, topic)

    def _best_meaning(self, scores: dict[int, float], slides: dict[int, Slide]) -> float:
        """The cosine of the closest slide that is no outline, summary or keyword list:
        those name topics in passing, closeness to one does not show a slide teaches it."""
        missing = [i for i in scores if i not in slides]
        if missing:
            slides.update(SlideLibrary(self.bank).slides_by_id(missing))
        return max((c for i, c in scores.items() if not is_overview(slides[i])), default=0.0)

    def _idf(self, options: Sequence[str]) -> float:
        """How rare a request word is in the bank (a word no slide has: the rarest)."""
        df = max((self._df.get(o, 0) for o in options), default=0)
        return math.log((self._docs + 1) / (df + 0.5))

    def _expand(self, term: str) -> tuple[str, ...]:
        """Vocabulary words (as FTS5 tokens: lower case, no accents) for a request term."""
        key = term.casefold()
        found = [key] if key in self._vocab_set else []
        # a short name's plural ("EBM" on slides that say "EBMs")
        found += [f"{key}s"] if len(key) < 4 and f"{key}s" in self._vocab_set else []
        if len(key) >= 4:
            # plural/singular and other endings: "embedding" finds "embeddings"
            found += [
                v for v in self._vocab if v != key and v.startswith(key) and len(v) - len(key) <= 3
            ]
            if not found and len(key) >= CLIPPED_MIN:
                # a clipped word ("backprop", "regularis") stands for the longer ones
                found += sorted(
                    (v for v in self._vocab if v.startswith(key)), key=lambda v: -self._df[v]
                )[:3]
            if not found or len(key) >= 6:
                found += [
                    m
                    for m, _, _ in process.extract(
                        key, self._vocab, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN, limit=3
                    )
                    if m not in found
                ]
        return tuple(dict.fromkeys(found))

    def _acronym(self, phrase: Sequence[str]) -> tuple[str, ...]:
        """The slides' acronym for a phrase of several words ("hidden Markov models" ->
        "hmm"), or for a run of them ("stochastic gradient descent updates" -> "sgd"), as
        vocabulary words; () when the slides use none."""
        found: list[str] = []
        for start in range(len(phrase)):
            for end in range(start + ACRONYM_MIN, len(phrase) + 1):
                initials = _fold("".join(w[0] for w in phrase[start:end]))
                found += [f for f in (initials, initials + "s") if f in self._vocab_set]
        return tuple(dict.fromkeys(found))

    def central(
        self, query: str, deck_ids: Sequence[int] | None = None, limit: int = 10
    ) -> FindResult:
        """The central content slides of these decks (a generic request)."""
        found = central_slides(self.bank, deck_ids, limit)
        with self.bank.sessions() as s:
            titles = {int(i): str(t) for i, t in s.execute(text("SELECT id, title FROM decks"))}
        hits = tuple(
            SlideHit(c.slide, titles.get(c.slide.deck_id, ""), c.score, c.terms[:5]) for c in found
        )
        decks = len({h.slide.deck_id for h in hits})
        message = (
            f"{len(hits)} central slide(s) of {decks} deck(s): those carrying their key terms."
            if hits
            else "No slide with content to choose from."
        )
        return FindResult(query, (), {}, hits, message, generic=True)

    def find(
        self, query: str, deck_ids: Sequence[int] | None = None, limit: int = 10
    ) -> FindResult:
        """The slides a request is about; a generic request ("key topics of this
        lecture") gets the central slides (`central`)."""
        request = parse_request(query)
        if request.generic:
            return self.central(query, deck_ids, limit)
        # "Backprop thru time (BPTT) and truncated BPTT": BPTT is the request's own
        # name for backprop thru time
        topic = self._slides_words(spelled_out(request.topic))
        phrases = topic_phrases(topic)
        terms = topic_terms(topic)
        if not terms:
            return FindResult(query, (), {}, (), "The request names no topic to look for.")
        expansions = {t: self._expand(t) for t in terms}
        words = sorted({w for options in expansions.values() for w in options})
        names = [" ".join(p) for p in phrases]
        # a topic of several words (or a run of them) is also its acronym where the
        # slides use one ("hidden Markov models" on slides that say "HMM")
        acronyms = [(" ".join(p), forms) for p in phrases if (forms := self._acronym(p))]
        words = sorted(set(words).union(*(forms for _, forms in acronyms)))
        semantic = self._semantic_scores(phrases, deck_ids)
        if not words and not semantic:
            return FindResult(
                query, tuple(terms), expansions, (), f"No slide mentions {', '.join(names)}."
            )
        # each topic as, per word, the vocabulary words that stand for it
        topics = [
            (
                " ".join(p),
                [
                    (_spellings(w, expansions[w]), self._idf(expansions[w]))
                    for w in dict.fromkeys(p)
                    if w in expansions
                ],
            )
            for p in phrases
        ]
        topics = [(name, ws) for name, ws in topics if any(o for o, _ in ws)]
        topics += [(name, [(forms, self._idf(forms))]) for name, forms in acronyms]
        topic_names = {name for name, _ in topics}
        n_topics = len(topic_names)
        contexts = {n for n in names if n.casefold() in qualifier_topics(topic)}
        rows: list[tuple[int, float]] = []
        with self.bank.sessions() as s:
            if words:
                deck_clause = ""
                if deck_ids:
                    deck_clause = f" AND s.deck_id IN ({', '.join(str(int(d)) for d in deck_ids)})"
                rows = search_slides(s, words, deck_clause)
            titles: dict[int, str] = {
                int(i): str(t) for i, t in s.execute(text("SELECT id, title FROM decks"))
            }
        bm25 = dict(rows)
        candidates = list(dict.fromkeys([i for i, _ in rows] + list(semantic)))
        slides = SlideLibrary(self.bank).slides_by_id(candidates)
        lexical: dict[int, float] = {}
        # slides whose title names a topic of the request: the share of its topics named
        titled: dict[int, float] = {}
        matched_of: dict[int, tuple[str, ...]] = {}

        # topics whose rarest word some slide has ("seq2seq" of "seq2seq RNNs"): named
        # there, if not as a whole
        named_rare: set[str] = set()
        rare_count: dict[str, int] = {}  # on how many slides

        def topics_in(slide_id: int) -> tuple[str, ...]:
            if slide_id not in matched_of:
                tokens = set(_PART.findall(_fold(slides[slide_id].text)))
                matched_of[slide_id] = tuple(
                    dict.fromkeys(name for name, ws in topics if _phrase_matched(ws, tokens))
                )
                rare = [
                    name
                    for name, ws in topics
                    if any(o in tokens for o in max(ws, key=lambda w: w[1])[0])
                ]
                named_rare.update(rare)
                for name in rare:
                    rare_count[name] = rare_count.get(name, 0) + 1
            return matched_of[slide_id]

        for slide_id in bm25:
            slide = slides[slide_id]
            matched = topics_in(slide_id)
            lowered = _fold(slide.text)
            words_found = sum(
                1 for options in expansions.values() if any(o in lowered for o in options)
            )
            # BM25 rewards a rare word said often; a request about several
            # topics is better served by slides that cover more of them.
            title_tokens = set(_PART.findall(_fold(_title(slide.text))))
            named = {name for name, ws in topics if _phrase_matched(ws, title_tokens)}
            in_title = len(named)
            # a title naming only the request's context ("... in sequence networks") is no
            # title on its topic
            if named - contexts:
                titled[slide_id] = len(named - contexts) / max(1, len(topic_names - contexts))
            coverage = words_found / len(expansions) + (
                len(matched) + TITLE_WEIGHT * in_title
            ) / max(1, n_topics)
            lexical[slide_id] = -bm25[slide_id] * (0.5 + coverage)
        # a topic is taught where a slide's title names it or several slides do;
        # one slide naming it in a list or a reference is a passing mention
        mentioned: dict[str, int] = {}
        for slide_id in bm25:
            for name in topics_in(slide_id):
                mentioned[name] = mentioned.get(name, 0) + 1
        in_titles = {
            name
            for slide_id in bm25
            if topics_in(slide_id)
            for name, ws in topics
            if _phrase_matched(ws, set(_PART.findall(_fold(_title(slides[slide_id].text)))))
        }
        taught = {n for n, count in mentioned.items() if count >= 2 or n in in_titles}
        any_topic = _answered(topic, names, set(mentioned), taught, named_rare)
        best_meaning = self._best_meaning(semantic, slides)
        if any_topic and self.semantic and _context_only(topic, names, taught):
            # only the context is taught: answered where a slide is also close in meaning
            heads = [p for p in phrases if " ".join(p) not in contexts]
            if heads and all(rare_count.get(" ".join(p), 0) < 2 for p in heads):
                # and at most one slide names the topic in passing ("dropout layers in
                # neural networks" where one slide lists "dropout distillation"): closeness
                # to the context is no answer, meaning must find the topic itself, strongly
                best_meaning = self._best_meaning(self._semantic_scores(heads, deck_ids), slides)
                any_topic = best_meaning >= SEMANTIC_STRONG
            else:
                any_topic = best_meaning >= SEMANTIC_SUPPORT
        strong_meaning = best_meaning >= SEMANTIC_STRONG
        # Reciprocal-rank fusion: the two scores live on different scales
        # (BM25 grows with repeated rare words, cosines of long slides are
        # compressed), their ranks do not.
        lexical_rank = {i: r for r, i in enumerate(sorted(lexical, key=lambda i: -lexical[i]))}
        semantic_rank = {i: r for r, i in enumerate(sorted(semantic, key=lambda i: -semantic[i]))}
        scored = []
        for slide_id in candidates:
            score = 0.0
            if slide_id in lexical_rank:
                score += 1.0 / (FUSION_K + lexical_rank[slide_id])
            if slide_id in semantic_rank:
                score += SEMANTIC_WEIGHT / (FUSION_K + semantic_rank[slide_id])
            score += TITLE_FUSION * titled.get(slide_id, 0.0) / FUSION_K
            scored.append((score, slide_id))
        scored = _with_siblings(scored, slides)
        scored = _demoted(scored, slides, titled)
        hits: list[SlideHit] = []
        for score, slide_id in scored:
            slide, matched = slides[slide_id], topics_in(slide_id)
            if any(
                h.slide.deck_id == slide.deck_id
                and fuzz.ratio(h.slide.text, slide.text) >= NEAR_IDENTICAL
                for h in hits
            ):
                continue  # an overlay or repeat of a slide already listed
            hits.append(SlideHit(slide, titles.get(slide.deck_id, ""), round(score, 3), matched))
            if len(hits) == limit:
                break
        partial = bool(hits) and not any_topic and not strong_meaning
        if not hits:
            message = f"No slide mentions {', '.join(names)}."
            if semantic or self.semantic:
                message = f"No slide is about {', '.join(names)}."
        elif partial:
            # words in passing are not an answer: callers select none of these hits
            said = [n for n in names if n in mentioned]
            message = f"No slide is about {request.topic}; " + (
                f"{', '.join(said)} only in passing or as a side topic."
                if said
                else f"{len(hits)} slide(s) mention some of its words."
            )
        elif not any_topic:
            message = f"{len(hits)} slide(s) about {', '.join(names)} (by meaning)."
        else:
            covered = {m for h in hits for m in h.matched}
            message = f"{len(hits)} slide(s) about {', '.join(n for n in names if n in covered)}."
            absent = [n for n in names if n not in covered]
            if absent and not strong_meaning:
                message += f" No slide mentions {', '.join(absent)}."
        return FindResult(query, tuple(terms), expansions, tuple(hits), message, partial)
