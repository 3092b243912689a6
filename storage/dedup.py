"""Near-duplicate questions by fuzzy matching (rapidfuzz).

A question is compared as its stem and its correct answers, normalised
(case, punctuation, markup, whitespace). Candidates come from an in-memory
index of rare words, so a check against 100,000 questions scores only a few
dozen of them exactly.

The scorer and DEFAULT_THRESHOLD were chosen on tests/fixtures/dedup_pairs.jsonl
(labelled pairs from real banks and honest rewordings); `bench/dedup_eval.py`
reproduces the choice.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

DEFAULT_THRESHOLD = 80.0

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

    The stem carries most of the weight, with token_sort_ratio so re-ordered
    clauses still match; when both have answers, a different answer pulls the
    score down, since the same stem with another key is another question.
    """
    stem = fuzz.token_sort_ratio(a.stem, b.stem)
    if not a.answer or not b.answer:
        return float(stem)
    answer = fuzz.token_sort_ratio(a.answer, b.answer)
    return float(0.75 * stem + 0.25 * answer)


class DuplicateIndex:
    """Near-duplicate search over many questions, kept in memory.

    Not thread-safe: use it from the thread that owns the bank service.
    """

    def __init__(self, candidates: int = 60, max_probe_tokens: int = 8) -> None:
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
        # The rarest words of the query find its copies; common words would
        # make every question a candidate.
        probes = sorted(
            (t for t in key.tokens() if t in self._postings),
            key=lambda t: len(self._postings[t]),
        )[: self._max_probe]
        counts: Counter[int] = Counter()
        for tok in probes:
            counts.update(self._postings[tok])
        if exclude is not None:
            counts.pop(exclude, None)
        return [qid for qid, _ in counts.most_common(self._candidates)]

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
