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

import heapq
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def similarity(a: DedupKey, b: DedupKey) -> float:
    """0..100: how likely `a` and `b` are the same question.

    token_set_ratio on the stems forgives re-ordered and added words; when
    both have an answer, a different answer pulls the score below the
    threshold, since the same stem with another key is another question.
    """
    stem = fuzz.token_set_ratio(a.stem, b.stem)
    if not a.answer or not b.answer:
        return float(stem)
    return float(0.75 * stem + 0.25 * fuzz.ratio(a.answer, b.answer))


class DuplicateIndex:
    """Near-duplicate search over many questions, kept in memory.

    Not thread-safe: use it from the thread that owns the bank service.
    """

    def __init__(self, candidates: int = 60, max_probe_tokens: int = 32) -> None:
        self._keys: dict[int, DedupKey] = {}
        self._postings: dict[str, set[int]] = {}
        self._candidates = candidates
        self._max_probe = max_probe_tokens

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, qid: int) -> bool:
        return qid in self._keys

    def add(self, qid: int, key: DedupKey) -> None:
        self.remove(qid)
        self._keys[qid] = key
        for tok in key.tokens():
            self._postings.setdefault(tok, set()).add(qid)

    def remove(self, qid: int) -> None:
        key = self._keys.pop(qid, None)
        if key is None:
            return
        for tok in key.tokens():
            ids = self._postings.get(tok)
            if ids is not None:
                ids.discard(qid)
                if not ids:
                    del self._postings[tok]

    def _candidates_for(self, key: DedupKey, exclude: int | None) -> list[int]:
        # The rarer words of the query find its copies. Long questions need
        # many probes (a copy may add a paragraph); words that most of the
        # bank shares are skipped, they would make every question a candidate.
        common = max(200, len(self._keys) // 50)
        ranked = sorted(
            (t for t in key.tokens() if t in self._postings),
            key=lambda t: len(self._postings[t]),
        )
        probes = [t for t in ranked if len(self._postings[t]) <= common][: self._max_probe]
        if len(probes) < 3:  # a question made only of common words
            probes = ranked[:3]
        # Rank candidates by the rare words they share (each weighted by rarity).
        weights: dict[int, float] = {}
        for tok in probes:
            ids = self._postings[tok]
            w = 1.0 / len(ids)
            for qid in ids:
                weights[qid] = weights.get(qid, 0.0) + w
        if exclude is not None:
            weights.pop(exclude, None)
        return heapq.nlargest(self._candidates, weights, key=weights.__getitem__)

    def query(
        self, key: DedupKey, threshold: float = DEFAULT_THRESHOLD, exclude: int | None = None
    ) -> list[tuple[int, float]]:
        """Indexed questions scoring at least `threshold` against `key`, best first."""
        hits = []
        for qid in self._candidates_for(key, exclude):
            score = similarity(key, self._keys[qid])
            if score >= threshold:
                hits.append((qid, score))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits

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
            for other, score in self.query(key, threshold, exclude=qid):
                if other < qid:
                    continue  # each pair once
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
