"""Near-duplicate questions by fuzzy matching (rapidfuzz).

A question is compared as its stem and its correct answers, normalised
(case, punctuation, markup, whitespace). Candidates come from an in-memory
index of rare words, so a check against 100,000 questions scores only a few
dozen of them exactly.

The scorer and DEFAULT_THRESHOLD were chosen on tests/fixtures/dedup_pairs.jsonl
(201 labelled pairs from a real Moodle bank and honest rewordings):
`bench/dedup_eval.py` prints the figures. At 90 it flags copies, renamed and
lightly edited questions with precision 0.79 and recall 0.40; what it misses
are rewordings, which need a semantic signal, not a lower threshold (below
90, look-alikes with another answer or other figures flood in).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

DEFAULT_THRESHOLD = 90.0

_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^\w]+")
# Words too common to tell questions apart; they are never used to find candidates.
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how in is it its of on or "
    "that the this to was were what when where which who why will with following "
    "true false not no der die das und ist ein eine von zu mit le la les des un une et est".split()
)


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

    @classmethod
    def of(cls, stem: str, answers: Iterable[str]) -> DedupKey:
        return cls(normalize(stem), normalize(" | ".join(sorted(answers))))

    @property
    def text(self) -> str:
        return f"{self.stem} {self.answer}".strip()

    def tokens(self) -> set[str]:
        return {t for t in self.text.split() if t not in _STOPWORDS and len(t) > 1}


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


class DuplicateIndex:
    """Near-duplicate search over many questions, kept in memory.

    Not thread-safe: use it from the thread that owns the bank service.
    """

    def __init__(
        self, candidates: int = 30, max_probe_tokens: int = 32, posting_budget: int = 2000
    ) -> None:
        self._keys: dict[int, DedupKey] = {}
        self._postings: dict[str, set[int]] = {}
        self._arrays: dict[str, np.ndarray] = {}  # postings as arrays, made on demand
        self._candidates = candidates
        self._max_probe = max_probe_tokens
        self._budget = posting_budget

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, qid: int) -> bool:
        return qid in self._keys

    def add(self, qid: int, key: DedupKey) -> None:
        self.remove(qid)
        self._keys[qid] = key
        for tok in key.tokens():
            self._postings.setdefault(tok, set()).add(qid)
            self._arrays.pop(tok, None)

    def remove(self, qid: int) -> None:
        key = self._keys.pop(qid, None)
        if key is None:
            return
        for tok in key.tokens():
            self._arrays.pop(tok, None)
            ids = self._postings.get(tok)
            if ids is not None:
                ids.discard(qid)
                if not ids:
                    del self._postings[tok]

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

    def _score(
        self, key: DedupKey, candidates: Iterable[int], threshold: float
    ) -> list[tuple[int, float]]:
        hits = []
        for qid in candidates:
            score = similarity(key, self._keys[qid], score_cutoff=threshold)
            if score >= threshold:
                hits.append((qid, score))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits

    def query(
        self, key: DedupKey, threshold: float = DEFAULT_THRESHOLD, exclude: int | None = None
    ) -> list[tuple[int, float]]:
        """Indexed questions scoring at least `threshold` against `key`, best first."""
        return self._score(key, self._candidates_for(key, exclude), threshold)

    def groups(self, threshold: float = DEFAULT_THRESHOLD) -> list[list[tuple[int, float]]]:
        """Groups of near-duplicates in the whole index.

        Each group is a list of (id, best score linking it to the group),
        sorted by id; groups are ordered by their first id.
        """
        parent: dict[int, int] = {}
        best: dict[int, float] = {}

        def find(x: int) -> int:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for qid, key in self._keys.items():
            # Each pair is scored once, from its lower id: near-duplicates
            # find each other among their candidates both ways.
            later = (c for c in self._candidates_for(key, qid) if c > qid)
            for other, score in self._score(key, later, threshold):
                best[qid] = max(best.get(qid, 0.0), score)
                best[other] = max(best.get(other, 0.0), score)
                ra, rb = find(qid), find(other)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        members: dict[int, list[tuple[int, float]]] = {}
        for qid in best:
            members.setdefault(find(qid), []).append((qid, round(best[qid], 1)))
        return [sorted(g) for _, g in sorted(members.items())]


def batch_groups(keys: Sequence[DedupKey], threshold: float = DEFAULT_THRESHOLD) -> list[list[int]]:
    """Near-duplicate groups within a batch not yet in the bank (indices into `keys`)."""
    index = DuplicateIndex()
    for i, key in enumerate(keys):
        index.add(i, key)
    return [[i for i, _ in g] for g in index.groups(threshold)]
