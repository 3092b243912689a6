"""The bank service: intent-level operations, each in its own transaction.

Callers (GUI, CLI, drafting) pass and receive `storage.domain` values; ORM
rows stay inside. One service instance belongs to one thread.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Sequence

from sqlalchemy import delete, select, text
from sqlalchemy.orm.exc import StaleDataError

from storage.bank_base import _Lookups
from storage.bank_browsing import QuestionBrowsing
from storage.bank_bulk import BulkChanges
from storage.bank_coverage import DeckCoverageReport
from storage.bank_duplicates import DuplicateSearch, _hashes
from storage.bank_sql import _chunks
from storage.dedup import DedupKey
from storage.domain import DeleteImpact, Question
from storage.question_checks import (
    InvalidQuestionError,
    QuestionInUseError,
    QuestionNotFoundError,
    _validate,
)
from storage.question_history import EditConflictError, check_version, keep_version, same_content
from storage.schema import ExamItemRow, ExamRow, QuestionEmbeddingRow, QuestionRow, utcnow
from storage.semantic import ANSWER, STEM, embed_question_now

# Names callers import from here (the parts' own modules hold them).
__all__ = [
    "DuplicateDecision",
    "InvalidQuestionError",
    "ProgressCallback",
    "QuestionBank",
    "QuestionInUseError",
    "QuestionNotFoundError",
    "_Lookups",
    "_validate",
]

ProgressCallback = Callable[[int, int], None]
# Questions written per flush in add_many (progress is reported per chunk).
ADD_CHUNK = 100
# Adds and edits of up to this many questions are embedded at once when the
# bank has an embedder; larger imports are left to storage.semantic.embed_pending.
INLINE_EMBED_MAX = 5


class DuplicateDecision(str, enum.Enum):
    """What to do with a question that has a near-duplicate in the bank."""

    KEEP_BOTH = "keep_both"
    REPLACE = "replace"  # the new question's content replaces the old one's
    MERGE_TAGS = "merge_tags"  # keep the old question, add the new one's tags to it


class QuestionBank(QuestionBrowsing, DuplicateSearch, BulkChanges, DeckCoverageReport):
    """The bank service.

    `embedder` (optional, e.g. models.embeddings.Embedder) lets duplicate
    checks embed questions that are not stored yet, and single adds and edits
    be embedded at once; stored vectors are used without it. It must belong
    to the same thread as this service.

    Adding, editing, deleting and resolving duplicates live here; reading by id
    and the row mapping in storage.bank_base, and browsing, duplicate search, bulk
    changes and deck coverage in the parts this class is built from.
    """

    # ----- questions -----------------------------------------------------------------

    def add(self, q: Question) -> Question:
        return self.get(self.add_many([q])[0])

    def restore(self, questions: Sequence[Question]) -> list[int]:
        """Bring back deleted questions under their own ids and uuids (an undone
        discard). Ids are never handed out twice (AUTOINCREMENT), so they are free."""
        return self.add_many(questions, keep_ids=True)

    def add_many(
        self,
        questions: Sequence[Question],
        progress: ProgressCallback | None = None,
        keep_ids: bool = False,
    ) -> list[int]:
        """Add questions in one transaction: all of them are stored, or none."""
        for q in questions:
            _validate(q)
        ids: list[int] = []
        now = utcnow()
        with self.bank.sessions.begin() as s:
            lk = _Lookups(s)
            # Written in chunks so memory stays flat; the transaction spans all.
            for start in range(0, len(questions), ADD_CHUNK):
                rows = []
                for q in questions[start : start + ADD_CHUNK]:
                    row = QuestionRow(uuid=q.uuid or str(uuid.uuid4()))
                    if keep_ids and q.id is not None:
                        row.id = q.id
                    self._fill_row(lk, row, q)
                    row.created_at = q.created_at or now
                    row.updated_at = now
                    row.created_by = q.created_by or self.author
                    row.updated_by = self.author
                    rows.append(row)
                s.add_all(rows)
                s.flush()
                self._index_text(s, rows)
                ids += [r.id for r in rows]
                if progress is not None:
                    progress(len(ids), len(questions))
        if self._dedup is not None:
            for qid, q in zip(ids, questions, strict=True):
                self._dedup.add(qid, DedupKey.of(q.stem, q.correct_answers))
                self._hashes[qid] = _hashes(q.stem, q.correct_answers)
        if self.embedder is not None and len(ids) <= INLINE_EMBED_MAX:
            for qid, q in zip(ids, questions, strict=True):
                embed_question_now(self.bank, self.embedder, qid, q.stem, q.correct_answers)
        return ids

    def update(self, q: Question) -> Question:
        return self.update_many([q])[0]

    def update_many(self, questions: Sequence[Question]) -> list[Question]:
        """Update stored questions in one transaction: all of them, or none.

        A question read at an older version than the stored one (someone saved
        since) is refused with EditConflictError, and nothing is changed; a
        question whose content is as stored is left as it is. The replaced
        content is kept as an earlier version (storage.question_history).
        """
        for q in questions:
            if q.id is None:
                raise InvalidQuestionError("Only a stored question (with an id) can be updated.")
            _validate(q)
        ids = [q.id for q in questions if q.id is not None]
        try:
            with self.bank.sessions.begin() as s:
                lk = _Lookups(s)
                paths = self._category_paths(s)
                rows = []
                for q in questions:
                    row = s.get(QuestionRow, q.id)
                    if row is None:
                        raise QuestionNotFoundError(f"There is no question {q.id} in this bank.")
                    before = self._to_domain(row, paths)
                    check_version(q, before)
                    if same_content(q, before):
                        continue
                    keep_version(s, before)
                    row.version = before.version + 1
                    self._fill_row(lk, row, q)
                    row.updated_at = utcnow()
                    row.updated_by = self.author
                    rows.append(row)
                s.flush()
                if rows:
                    self._index_text(s, rows)
        except StaleDataError:  # another save committed between our read and write
            theirs = self.get_many(ids)
            mine = {q.id: q for q in questions}
            raise EditConflictError(mine[theirs[0].id], theirs[0]) from None
        for qid, q in zip(ids, questions, strict=True):
            if self._dedup is not None:
                # its vectors are dropped until they are made from the new text
                self._dedup.add(qid, DedupKey.of(q.stem, q.correct_answers))
                self._hashes[qid] = _hashes(q.stem, q.correct_answers)
            inline = self.embedder is not None and len(ids) <= INLINE_EMBED_MAX
            if inline and self.embedder is not None and self._hashes_changed(q):
                embed_question_now(self.bank, self.embedder, qid, q.stem, q.correct_answers)
        found = self.get_many(ids)
        if len(found) != len(ids):
            raise QuestionNotFoundError("A question updated just now is no longer in the bank.")
        return found

    def _hashes_changed(self, q: Question) -> bool:
        """Whether `q`'s stored vectors (if any) are not of its current text."""
        assert q.id is not None
        with self.bank.sessions() as s:
            stored = {
                str(kind): str(digest)
                for kind, digest in s.execute(
                    select(QuestionEmbeddingRow.kind, QuestionEmbeddingRow.text_hash).where(
                        QuestionEmbeddingRow.question_id == q.id
                    )
                )
            }
        stem_hash, answer_hash = _hashes(q.stem, q.correct_answers)
        return stored.get(STEM) != stem_hash or stored.get(ANSWER, "") != answer_hash

    # ----- deleting ------------------------------------------------------------------

    def delete_impact(self, ids: Sequence[int]) -> DeleteImpact:
        # In chunks: a browser selection can hold more ids than one SQL statement takes.
        exams: set[tuple[int, str]] = set()
        with self.bank.sessions() as s:
            self._check_ids(s, ids, changed="")
            for chunk in _chunks(sorted(set(ids))):
                exams.update(
                    (int(i), str(t))
                    for i, t in s.execute(
                        select(ExamRow.id, ExamRow.title)
                        .join(ExamItemRow, ExamItemRow.exam_id == ExamRow.id)
                        .where(ExamItemRow.question_id.in_(chunk))
                        .distinct()
                    )
                )
        return DeleteImpact(tuple(sorted(ids)), tuple(sorted(exams)))

    def delete(self, ids: Sequence[int], force: bool = False) -> DeleteImpact:
        """Delete questions; if exams use them, only with `force` (removing them there)."""
        impact = self.delete_impact(ids)
        if not impact.safe and not force:
            raise QuestionInUseError(impact)
        with self.bank.sessions.begin() as s:
            for chunk in _chunks(sorted(set(ids))):
                s.execute(delete(ExamItemRow).where(ExamItemRow.question_id.in_(chunk)))
                marks = ",".join(str(int(i)) for i in chunk)  # ints only: safe to inline
                s.execute(text(f"DELETE FROM question_fts WHERE rowid IN ({marks})"))
                # choices, tags, slide links and images go with them (ON DELETE CASCADE)
                s.execute(
                    delete(QuestionRow)
                    .where(QuestionRow.id.in_(chunk))
                    .execution_options(synchronize_session=False)
                )
        if self._dedup is not None:
            for qid in ids:
                self._dedup.remove(qid)
                self._hashes.pop(qid, None)
        return impact

    # ----- resolving a near-duplicate --------------------------------------------------

    def resolve_duplicate(
        self, new: Question, old_id: int, decision: DuplicateDecision
    ) -> Question:
        """Apply the instructor's choice about `new` and its bank match `old_id`, in one
        transaction, and return the question that now stands for `new`.

        KEEP_BOTH stores `new` (added, or updated if it has an id). REPLACE writes
        `new`'s content over the old question (which keeps its id, uuid and exam
        places) and deletes `new` if it was stored. MERGE_TAGS adds `new`'s tags to
        the old question and deletes `new` if it was stored.
        """
        if new.id is not None and new.id == old_id:
            raise InvalidQuestionError("A question cannot be a duplicate of itself.")
        if decision is DuplicateDecision.KEEP_BOTH:
            return self.update(new) if new.id is not None else self.add(new)
        if decision is DuplicateDecision.REPLACE:
            _validate(new)
        if new.id is not None:
            impact = self.delete_impact([new.id])
            if not impact.safe:
                raise QuestionInUseError(impact)
        with self.bank.sessions.begin() as s:
            row = s.get(QuestionRow, old_id)
            if row is None:
                raise QuestionNotFoundError(f"There is no question {old_id} in this bank.")
            lk = _Lookups(s)
            keep_version(s, self._to_domain(row, self._category_paths(s)))
            row.version += 1
            if decision is DuplicateDecision.REPLACE:
                self._fill_row(lk, row, new)
            else:
                names = dict.fromkeys([*(t.name for t in row.tags), *new.tags])
                row.tags = lk.tags(names)
            row.updated_at = utcnow()
            row.updated_by = self.author
            if new.id is not None:
                s.execute(text("DELETE FROM question_fts WHERE rowid = :id"), {"id": new.id})
                gone = s.get(QuestionRow, new.id)
                if gone is not None:
                    s.delete(gone)
            s.flush()
            self._index_text(s, [row])
        if self._dedup is not None:
            if new.id is not None:
                self._dedup.remove(new.id)
            if decision is DuplicateDecision.REPLACE:
                self._dedup.add(old_id, DedupKey.of(new.stem, new.correct_answers))
        return self.get(old_id)
