"""Near-duplicate questions: fuzzy matching (rapidfuzz) plus sentence embeddings.

A question is compared as its stem and its correct answers, separately: a
duplicate asks the same thing and has the same answer. Two signals:

- lexical (`similarity`): rapidfuzz on the normalised stem and answer
  (case, punctuation, markup, whitespace). It finds copies and light edits
  cheaply; it misses rewordings, and the same words with another answer or
  a negation score high.
- combined (`combined_similarity`, the default when both questions have
  sentence embeddings, storage.semantic): a small logistic model
  (storage.dedup_features) over lexical scores of the stems, of the answers,
  and the embedding cosines of stems, answers and stem-vs-answer, with figures
  and negations compared; so "GPT-2 style tokenizers that operate on raw bytes
  never run into out-of-vocabulary input" meets "Byte-level BPE can encode any
  string without an unknown token", while "which weights are updated?" /
  "…kept frozen?" (another answer) does not. The same stem with another key is
  another question (a variant), as the labelled pairs say. The hand-set rules
  it replaced stay as `rules_similarity`.

Wording a large share of the indexed questions use ("Which term is described on
the slides as …") is template wording, not content: the index leaves it out of
the lexical comparison and, for stems that share it, the strict hand-set rules
must agree with the model (FRAME_* below).

Candidates come from an in-memory index of rare words and, with vectors,
from one matrix product over all stems, so a check against 100,000
questions scores only a few dozen of them exactly.

The model was fitted on tests/fixtures/dedup_pairs.jsonl (298 labelled pairs:
a real Moodle bank exported twice, honest rewordings and paraphrases, hard
look-alikes; see its README); `bench/dedup_eval.py` prints cross-validated
figures per set for it and the lexical checks.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from storage.dedup_features import learned_score
from storage.dedup_methods import DEFAULT_METHOD as DEFAULT_METHOD
from storage.dedup_methods import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from storage.dedup_methods import METHODS as METHODS
from storage.dedup_methods import Method as Method
from storage.semantic import VectorMatrix

# Semantic decision (cosines of unit vectors), chosen on the labelled pairs:
# same question when max(stem cosine, stem-vs-other-answer cosine) >=
# SAME_QUESTION, same answer when the answer cosine (1 if the normalised
# answers are equal) >= SAME_ANSWER, and both together >= QUESTION_AND_ANSWER.
SAME_QUESTION = 0.30
SAME_ANSWER = 0.40
QUESTION_AND_ANSWER = 1.00
# Stems in nearly the same words with answers far apart are a swapped term
# ("…improves which metric? throughput" / "…makes which metric worse?
# latency"): the answers must be at least this close to the stems' similarity.
STEM_ANSWER_GAP = 0.30
# Answers such as "true", "false", "4" say nothing about the question: then
# the answers must be equal and the stems alone similar enough.
TRIVIAL_SAME_QUESTION = 0.45
# Questions without answers (essays): the stems alone, strictly.
NO_ANSWER_SAME_QUESTION = 0.80
# A lexical look-alike whose answers are less similar than this is another question.
LEXICAL_ANSWER_VETO = 0.60
# Score given at most to pairs with different figures ("512 and 8 heads" vs "768 and 12").
DIFFERENT_NUMBERS_CAP = 75.0
# Questions with vectors checked exactly per query, found by stem similarity.
SEMANTIC_CANDIDATES = 20

# Template wording ("Which term is described on the slides as …", "Which description
# matches …?"): words other than stopwords that at least this share of the indexed
# questions' stems use (once at least FRAME_MIN_QUESTIONS are indexed, and in at least
# FRAME_MIN_DOCS stems) say how a question is asked, not what it asks. They are left out
# of the lexical comparison, and two stems that share them look alike by their frame,
# so the meaning of the stems counts only when the answers agree closely.
FRAME_SHARE = 0.2
FRAME_MIN_QUESTIONS = 10
FRAME_MIN_DOCS = 4
# Under a shared frame: the stem and the answer cosines needed (equal answers: 1), and the
# stem cosine needed when the answer says nothing ("true").
FRAME_SAME_QUESTION = 0.60
FRAME_SAME_ANSWER = 0.80
FRAME_TRIVIAL_SAME_QUESTION = 0.85

_TRIVIAL_ANSWERS = frozenset(
    "true false yes no wahr falsch richtig vrai faux right wrong correct incorrect".split()
)
_NUMBER = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)?(?![\w-])")

_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^\w]+")
# Words too common to tell questions apart; they are never used to find candidates.
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how in is it its of on or "
    "that the this to was were what when where which who why will with following "
    "true false not no der die das und ist ein eine von zu mit le la les des un une et est".split()
)


def _figures(text: str) -> tuple[str, ...]:
    return tuple(sorted(_NUMBER.findall(html.unescape(_TAG.sub(" ", text)))))


def normalize(text: str) -> str:
    """Lower-case words of `text` without markup, accents kept, punctuation dropped."""
    text = html.unescape(_TAG.sub(" ", text))
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True)
class DedupKey:
    """What near-duplicate detection compares: normalised stem and answer."""

    stem: str
    answer: str
    # The figures standing alone in the raw stem and answer ("8 heads", not
    # "GPT-2" or "INT8"), sorted: a different figure makes another question.
    numbers: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    @classmethod
    def of(cls, stem: str, answers: Iterable[str]) -> DedupKey:
        answer = " | ".join(sorted(answers))
        return cls(normalize(stem), normalize(answer), (_figures(stem), _figures(answer)))

    @property
    def text(self) -> str:
        return f"{self.stem} {self.answer}".strip()

    def tokens(self) -> set[str]:
        return {t for t in self.text.split() if t not in _STOPWORDS and len(t) > 1}

    def stem_words(self) -> set[str]:
        """The stem's words that can be template wording (no stopwords)."""
        return {t for t in self.stem.split() if t not in _STOPWORDS and len(t) > 1}

    def without(self, frame: frozenset[str]) -> DedupKey:
        """This key with the frame's words left out of the stem (kept if nothing else is)."""
        if not frame:
            return self
        words = self.stem.split()
        kept = [w for w in words if w not in frame]
        if len(kept) == len(words) or not any(w not in _STOPWORDS for w in kept):
            return self
        return replace(self, stem=" ".join(kept))

    @property
    def trivial_answer(self) -> bool:
        return self.answer in _TRIVIAL_ANSWERS or 0 < len(self.answer) <= 2


@dataclass(frozen=True)
class Vectors:
    """A question's sentence embeddings (unit length): stem, and answer if it has one."""

    stem: npt.NDArray[np.float32]
    answer: npt.NDArray[np.float32] | None = None


def similarity(a: DedupKey, b: DedupKey, score_cutoff: float = 0.0) -> float:
    """0..100: how likely `a` and `b` are the same question.

    token_set_ratio on the stems forgives re-ordered and added words; when
    both have an answer, a different answer pulls the score below the
    threshold, since the same stem with another key is another question.
    A score below `score_cutoff` may be returned as 0 (it is cheaper).
    """
    both = bool(a.answer and b.answer)
    # the stem score this pair needs to reach score_cutoff at best
    stem_cutoff = (score_cutoff - 25.0) / 0.75 if both else score_cutoff
    stem = fuzz.token_set_ratio(a.stem, b.stem, score_cutoff=max(0.0, stem_cutoff))
    if not both:
        return float(stem)
    if not stem and stem_cutoff > 0:
        return 0.0
    return float(0.75 * stem + 0.25 * fuzz.ratio(a.answer, b.answer))


def semantic_similarity(
    a: DedupKey, b: DedupKey, va: Vectors, vb: Vectors, framed: bool = False
) -> float:
    """0..100 from the embeddings; DEFAULT_THRESHOLD (90) is the decision boundary.

    `framed`: the stems share template wording, which makes their embeddings alike
    whatever they ask; the answers (or, for "true"/"false", the stems) must then agree
    more closely.
    """
    stem = float(va.stem @ vb.stem)
    trivial_same = FRAME_TRIVIAL_SAME_QUESTION if framed else TRIVIAL_SAME_QUESTION
    same_answer = FRAME_SAME_ANSWER if framed else SAME_ANSWER
    same_question = FRAME_SAME_QUESTION if framed else SAME_QUESTION
    if not a.answer and not b.answer:
        margin = stem - NO_ANSWER_SAME_QUESTION
    elif not a.answer or not b.answer or va.answer is None or vb.answer is None:
        return 0.0  # an essay and a question with a key are not the same question
    elif a.trivial_answer or b.trivial_answer:
        margin = stem - trivial_same if a.answer == b.answer else -1.0
    else:
        answer = 1.0 if a.answer == b.answer else float(va.answer @ vb.answer)
        # a question asked the other way round: one's stem is the other's answer
        question = max(stem, float(va.stem @ vb.answer), float(va.answer @ vb.stem))
        margin = min(
            question - same_question,
            answer - same_answer,
            question + answer - QUESTION_AND_ANSWER,
            answer - (stem - STEM_ANSWER_GAP),
        )
    return float(min(100.0, max(0.0, DEFAULT_THRESHOLD + 50.0 * margin)))


def combined_similarity(
    a: DedupKey,
    b: DedupKey,
    va: Vectors | None,
    vb: Vectors | None,
    score_cutoff: float = 0.0,
    framed: bool = False,
) -> float:
    """0..100: the learned model on lexical and embedding features; lexical without vectors.

    DEFAULT_THRESHOLD is its decision boundary. A score below `score_cutoff` may be
    returned lower than it is (lexical only). `framed`: the stems share the bank's
    template wording, which makes any two of them alike to the embeddings (the
    labelled pairs have no such bank around them); then the strict hand-set rules
    (`rules_similarity`) must agree too.
    """
    if va is None or vb is None:
        return similarity(a, b, score_cutoff=score_cutoff)
    score = learned_score(a, b, va, vb, DEFAULT_THRESHOLD)
    if framed:
        score = min(score, rules_similarity(a, b, va, vb, score_cutoff, framed=True))
    return score


def rules_similarity(
    a: DedupKey,
    b: DedupKey,
    va: Vectors | None,
    vb: Vectors | None,
    score_cutoff: float = 0.0,
    framed: bool = False,
) -> float:
    """0..100: the hand-set rules before the learned model (kept for bench/dedup_eval.py).

    A score below `score_cutoff` may be returned lower than it is (it is cheaper).
    `framed`: see `semantic_similarity`.
    """
    lexical = similarity(a, b, score_cutoff=score_cutoff)
    if va is None or vb is None:
        return lexical
    if a.numbers != b.numbers:
        return min(lexical, DIFFERENT_NUMBERS_CAP)
    if a.answer and b.answer and va.answer is not None and vb.answer is not None:
        agree = 1.0 if a.answer == b.answer else float(va.answer @ vb.answer)
        if agree < LEXICAL_ANSWER_VETO:
            lexical = min(lexical, DIFFERENT_NUMBERS_CAP)
    return max(lexical, semantic_similarity(a, b, va, vb, framed))


class DuplicateIndex:
    """Near-duplicate search over many questions, kept in memory.

    Not thread-safe: use it from the thread that owns the bank service.
    """

    def __init__(
        self,
        candidates: int = 30,
        max_probe_tokens: int = 32,
        posting_budget: int = 2000,
        semantic_candidates: int = SEMANTIC_CANDIDATES,
    ) -> None:
        self._keys: dict[int, DedupKey] = {}
        self._postings: dict[str, set[int]] = {}
        # in how many stems each word (stopwords aside) is, for template wording
        self._stem_df: Counter[str] = Counter()
        self._frame: tuple[int, frozenset[str]] | None = None  # (size made at, words)
        self._arrays: dict[str, np.ndarray] = {}  # postings as arrays, made on demand
        self._candidates = candidates
        self._max_probe = max_probe_tokens
        self._budget = posting_budget
        self._semantic_k = semantic_candidates
        # sentence embeddings of the questions that have them (storage.semantic)
        self._stems: VectorMatrix | None = None
        self._answers: VectorMatrix | None = None

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, qid: int) -> bool:
        return qid in self._keys

    def add(self, qid: int, key: DedupKey, vectors: Vectors | None = None) -> None:
        """Index a question; its vectors are dropped unless given (they may be stale)."""
        self.remove(qid)
        self._keys[qid] = key
        self._stem_df.update(key.stem_words())
        for tok in key.tokens():
            self._postings.setdefault(tok, set()).add(qid)
            self._arrays.pop(tok, None)
        if vectors is not None:
            self.set_vectors(qid, vectors)

    def set_vectors(self, qid: int, vectors: Vectors) -> None:
        if self._stems is None or self._answers is None:
            self._stems = VectorMatrix(len(vectors.stem))
            self._answers = VectorMatrix(len(vectors.stem), np.float16)
        self._stems.set(qid, vectors.stem)
        if vectors.answer is None:
            self._answers.remove(qid)
        else:
            self._answers.set(qid, vectors.answer)

    def vectors(self, qid: int) -> Vectors | None:
        if self._stems is None or self._answers is None:
            return None
        stem = self._stems.get(qid)
        return None if stem is None else Vectors(stem, self._answers.get(qid))

    @property
    def with_vectors(self) -> int:
        """How many indexed questions have vectors (the rest are compared lexically)."""
        return 0 if self._stems is None else len(self._stems)

    def remove(self, qid: int) -> None:
        if self._stems is not None and self._answers is not None:
            self._stems.remove(qid)
            self._answers.remove(qid)
        key = self._keys.pop(qid, None)
        if key is None:
            return
        self._stem_df.subtract(key.stem_words())
        for tok in key.tokens():
            self._arrays.pop(tok, None)
            ids = self._postings.get(tok)
            if ids is not None:
                ids.discard(qid)
                if not ids:
                    del self._postings[tok]

    def frame_words(self) -> frozenset[str]:
        """Template wording of the indexed stems: words a large share of them use."""
        n = len(self._keys)
        if n < FRAME_MIN_QUESTIONS:
            return frozenset()
        # made again when the index has changed size by a percent (exactly when small)
        if self._frame is None or abs(self._frame[0] - n) > n // 100:
            least = max(FRAME_MIN_DOCS, FRAME_SHARE * n)
            words = frozenset(w for w, c in self._stem_df.items() if c >= least)
            self._frame = (n, words)
        return self._frame[1]

    def _pair_score(
        self,
        key: DedupKey,
        other: DedupKey,
        threshold: float,
        vectors: Vectors | None,
        other_vectors: Vectors | None,
        lexical_only: bool,
    ) -> float:
        """`similarity` / `combined_similarity` with the bank's template wording set aside."""
        frame = self.frame_words()
        framed = bool(frame and key.stem_words() & other.stem_words() & frame)
        a, b = (key.without(frame), other.without(frame)) if framed else (key, other)
        if vectors is None or lexical_only:
            score = similarity(a, b, score_cutoff=threshold)
            if vectors is None or score < threshold:
                return score
            return combined_similarity(a, b, vectors, other_vectors, framed=framed)
        return combined_similarity(
            a, b, vectors, other_vectors, score_cutoff=threshold, framed=framed
        )

    def _array(self, tok: str) -> np.ndarray:
        arr = self._arrays.get(tok)
        if arr is None:
            arr = self._arrays[tok] = np.fromiter(self._postings[tok], dtype=np.int64)
        return arr

    def _candidates_for(self, key: DedupKey, exclude: int | None) -> list[int]:
        # The rarer words of the query find its copies. Long questions need
        # many probes (a copy may add a paragraph); words that much of the
        # bank shares are skipped, they would make every question a candidate,
        # and the budget bounds the work per query in a large bank.
        common = max(200, len(self._keys) // 50)
        ranked = sorted(
            (t for t in key.tokens() if t in self._postings),
            key=lambda t: len(self._postings[t]),
        )
        probes: list[str] = []
        spent = 0
        for tok in ranked:
            size = len(self._postings[tok])
            if size > common or len(probes) == self._max_probe or spent >= self._budget:
                break
            probes.append(tok)
            spent += size
        if len(probes) < 3:  # a question made only of common words
            probes = ranked[:3]
        if not probes:
            return []
        # Rank candidates by the rare words they share, each weighted by rarity.
        arrays = [self._array(t) for t in probes]
        ids = np.concatenate(arrays)
        weights = np.repeat([1.0 / len(a) for a in arrays], [len(a) for a in arrays])
        unique, inverse = np.unique(ids, return_inverse=True)
        totals = np.bincount(inverse, weights=weights)
        if exclude is not None:
            totals[unique == exclude] = -1.0
        k = min(self._candidates, len(unique))
        top = np.argpartition(-totals, k - 1)[:k]
        top = top[np.argsort(-totals[top], kind="stable")]
        return [int(unique[i]) for i in top if totals[i] > 0]

    def _semantic_candidates(self, vectors: Vectors, exclude: int | None) -> list[int]:
        if self._stems is None:
            return []
        queries, ks = [vectors.stem], [self._semantic_k]
        if vectors.answer is not None:  # asked the other way round: answer ~ stem
            queries.append(vectors.answer)
            ks.append(self._semantic_k // 2)
        return [q for found in self._stems.top_each(queries, ks, exclude) for q, _ in found]

    def _score(
        self,
        key: DedupKey,
        candidates: Iterable[int],
        threshold: float,
        vectors: Vectors | None = None,
        lexical_first: Iterable[int] = (),
    ) -> list[tuple[int, float]]:
        """Candidates scoring at least `threshold`, best first.

        With `vectors`, candidates are scored by `combined_similarity`, except
        those in `lexical_first`: scored lexically, and combined only if that
        reaches the threshold (the answer veto can still pull them down).
        """
        hits = []
        cheap = set(lexical_first)
        for qid in dict.fromkeys(candidates):
            other = self.vectors(qid) if vectors is not None else None
            score = self._pair_score(key, self._keys[qid], threshold, vectors, other, qid in cheap)
            if score >= threshold:
                hits.append((qid, score))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits

    def query(
        self,
        key: DedupKey,
        threshold: float = DEFAULT_THRESHOLD,
        exclude: int | None = None,
        vectors: Vectors | None = None,
        method: Method = DEFAULT_METHOD,
    ) -> list[tuple[int, float]]:
        """Indexed questions scoring at least `threshold` against `key`, best first.

        With `vectors` (the query's embeddings) and method "combined", the
        semantic signal counts for candidates that have vectors too; without,
        the comparison is lexical.
        """
        candidates = self._candidates_for(key, exclude)
        if method == "combined" and vectors is not None:
            candidates += self._semantic_candidates(vectors, exclude)
        else:
            vectors = None
        return self._score(key, candidates, threshold, vectors)

    def groups(
        self, threshold: float = DEFAULT_THRESHOLD, method: Method = DEFAULT_METHOD
    ) -> list[list[tuple[int, float]]]:
        """Groups of near-duplicates in the whole index.

        Each group is a list of (id, best score linking it to the group),
        sorted by id; groups are ordered by their first id. With method
        "combined", questions with vectors also meet their nearest
        neighbours by stem embedding (approximate beyond a few thousand).
        """
        parent: dict[int, int] = {}
        best: dict[int, float] = {}

        def find(x: int) -> int:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        semantic = method == "combined" and self._stems is not None
        near: dict[int, set[int]] = {}
        if semantic and self._stems is not None:
            near = {
                q: {o for o, _ in found}
                for q, found in self._stems.neighbours(self._semantic_k // 2).items()
            }
        for qid, key in self._keys.items():
            # Each pair is scored once, from its lower id: lexical near-duplicates
            # find each other among their candidates both ways. Embedding
            # neighbours need not be mutual: a pair only one side found is
            # scored from that side (a pair scored twice changes nothing).
            lexical = [c for c in self._candidates_for(key, qid) if c > qid]
            neighbours = [c for c in near.get(qid, ()) if c > qid or qid not in near.get(c, ())]
            vectors = self.vectors(qid) if semantic else None
            # Over the whole bank, word-overlap candidates that are not also
            # embedding neighbours are scored lexically first: a paraphrase
            # is among the neighbours, and full scoring of every candidate
            # of 100,000 questions would double the scan.
            only_lexical = set(lexical) - set(neighbours)
            scored = self._score(key, lexical + neighbours, threshold, vectors, only_lexical)
            for other, score in scored:
                best[qid] = max(best.get(qid, 0.0), score)
                best[other] = max(best.get(other, 0.0), score)
                ra, rb = find(qid), find(other)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        members: dict[int, list[tuple[int, float]]] = {}
        for qid in best:
            members.setdefault(find(qid), []).append((qid, round(best[qid], 1)))
        return [sorted(g) for _, g in sorted(members.items())]


def batch_groups(
    keys: Sequence[DedupKey],
    threshold: float = DEFAULT_THRESHOLD,
    vectors: Sequence[Vectors | None] | None = None,
    method: Method = DEFAULT_METHOD,
) -> list[list[int]]:
    """Near-duplicate groups within a batch not yet in the bank (indices into `keys`)."""
    index = DuplicateIndex()
    for i, key in enumerate(keys):
        index.add(i, key, vectors[i] if vectors is not None else None)
    return [[i for i, _ in g] for g in index.groups(threshold, method)]
