"""The bank's near-duplicate search: the in-memory index, its vectors, and the matches."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

import numpy as np
import numpy.typing as npt
from sqlalchemy import select

from storage.bank_base import BankBase
from storage.dedup import (
    DEFAULT_METHOD,
    DEFAULT_THRESHOLD,
    DedupKey,
    DuplicateIndex,
    Method,
    Vectors,
)
from storage.domain import DuplicateMatch, Question
from storage.schema import ChoiceRow, QuestionEmbeddingRow, QuestionRow
from storage.semantic import (
    ANSWER,
    STEM,
    from_blob,
    latest_seq,
    question_texts,
    question_vectors,
    stored_model,
    text_hash,
)


def _hashes(stem: str, answers: Iterable[str]) -> tuple[str, str]:
    """Hashes of the texts a question's vectors are made from ("" when there is none)."""
    stem_text, answer_text = question_texts(stem, answers)
    return text_hash(stem_text), text_hash(answer_text) if answer_text else ""


class DuplicateSearch(BankBase):
    """Finding near-duplicates of a question among the bank's."""

    def dedup_index(self) -> DuplicateIndex:
        """The in-memory near-duplicate index, built on first use and kept current.

        It holds the stored vectors that are current (made from the
        question's present text by the bank's model); vectors written since,
        by this service or by `embed_pending` on another thread, are read on
        each duplicate check.
        """
        if self._dedup is None:
            index = DuplicateIndex()
            hashes: dict[int, tuple[str, str]] = {}
            with self.bank.sessions() as s:
                rows = s.execute(
                    select(QuestionRow.id, QuestionRow.stem, ChoiceRow.text)
                    .outerjoin(
                        ChoiceRow,
                        (ChoiceRow.question_id == QuestionRow.id) & (ChoiceRow.fraction > 0),
                    )
                    .order_by(QuestionRow.id)
                ).all()
            # one row per correct answer (or one with None): group them by question
            for qid, group in groupby(rows, key=lambda r: r[0]):
                items = list(group)
                answers = [answer for _, _, answer in items if answer is not None]
                index.add(qid, DedupKey.of(items[0][1], answers))
                hashes[qid] = _hashes(items[0][1], answers)
            self._dedup, self._hashes, self._vector_seq = index, hashes, 0
            self._vector_model = (
                self.embedder.model_id if self.embedder is not None else stored_model(self.bank)
            )
        self._load_new_vectors()
        return self._dedup

    def _load_new_vectors(self) -> None:
        """Put vectors written since the last look into the index (if current)."""
        if self._dedup is None or latest_seq(self.bank) <= self._vector_seq:
            return
        if self._vector_model is None:  # the first vectors of this bank
            self._vector_model = stored_model(self.bank)
            if self._vector_model is None:
                return
        rows, self._vector_seq = question_vectors(self.bank, self._vector_model, self._vector_seq)
        found: dict[int, dict[str, tuple[str, npt.NDArray[np.float32]]]] = {}
        answer_missing: dict[int, npt.NDArray[np.float32]] = {}
        for qid, kind, digest, vector in rows:
            found.setdefault(qid, {})[kind] = (digest, vector)
        for qid, kinds in found.items():
            want = self._hashes.get(qid)
            if want is None or STEM not in kinds or kinds[STEM][0] != want[0]:
                continue  # deleted, or made from an older text (stale)
            stem = kinds[STEM][1]
            if not want[1]:
                self._dedup.set_vectors(qid, Vectors(stem))
                continue
            if ANSWER in kinds and kinds[ANSWER][0] == want[1]:
                self._dedup.set_vectors(qid, Vectors(stem, kinds[ANSWER][1]))
                continue
            # stem written in this batch, answer earlier (or not yet): look it up
            answer_missing[qid] = stem
        if answer_missing:
            with self.bank.sessions() as s:
                answers = s.execute(
                    select(
                        QuestionEmbeddingRow.question_id,
                        QuestionEmbeddingRow.text_hash,
                        QuestionEmbeddingRow.vector,
                    ).where(
                        QuestionEmbeddingRow.question_id.in_(list(answer_missing)),
                        QuestionEmbeddingRow.kind == ANSWER,
                        QuestionEmbeddingRow.model == self._vector_model,
                    )
                ).all()
            for qid, digest, blob in answers:
                if digest == self._hashes[qid][1]:
                    self._dedup.set_vectors(qid, Vectors(answer_missing[qid], from_blob(blob)))

    def semantic_coverage(self) -> tuple[int, int]:
        """(questions whose current vectors the duplicate check uses, questions)."""
        index = self.dedup_index()
        return index.with_vectors, len(index)

    def _vectors_for(self, q: Question) -> Vectors | None:
        """`q`'s embeddings: stored ones if current, else made now if there is an embedder."""
        index = self.dedup_index()
        if q.id is not None and self._hashes.get(q.id) == _hashes(q.stem, q.correct_answers):
            stored = index.vectors(q.id)
            if stored is not None:
                return stored
        if self.embedder is None or self.embedder.model_id != self._vector_model:
            return None
        stem_text, answer_text = question_texts(q.stem, q.correct_answers)
        texts = [stem_text, answer_text] if answer_text else [stem_text]
        vectors = self.embedder.embed(texts)
        return Vectors(vectors[0], vectors[1] if answer_text else None)

    def _stems(self, ids: Iterable[int]) -> dict[int, str]:
        with self.bank.sessions() as s:
            return dict(
                s.execute(  # type: ignore[arg-type]
                    select(QuestionRow.id, QuestionRow.stem).where(QuestionRow.id.in_(list(ids)))
                ).all()
            )

    def find_duplicates(
        self, q: Question, threshold: float = DEFAULT_THRESHOLD, method: Method = DEFAULT_METHOD
    ) -> list[DuplicateMatch]:
        """Bank questions similar to `q` (a new or edited one), most similar first.

        Method "combined" uses the semantic signal when `q` has vectors
        (stored and current, or made by the bank's embedder) and compares
        lexically otherwise; `semantic_coverage` tells how much of the bank
        has vectors. Method "lexical" is rapidfuzz alone.
        """
        index = self.dedup_index()
        vectors = self._vectors_for(q) if method == "combined" else None
        hits = index.query(DedupKey.of(q.stem, q.correct_answers), threshold, q.id, vectors, method)
        stems = self._stems(h[0] for h in hits)
        return [DuplicateMatch(qid, round(score, 1), stems[qid]) for qid, score in hits]

    def duplicate_groups(
        self, threshold: float = DEFAULT_THRESHOLD, method: Method = DEFAULT_METHOD
    ) -> list[list[DuplicateMatch]]:
        groups = self.dedup_index().groups(threshold, method)
        stems = self._stems(qid for g in groups for qid, _ in g)
        return [[DuplicateMatch(qid, score, stems[qid]) for qid, score in g] for g in groups]
