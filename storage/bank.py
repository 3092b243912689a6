"""The bank service: intent-level operations, each in its own transaction.

Callers (GUI, CLI, drafting) pass and receive `storage.domain` values; ORM
rows stay inside. One service instance belongs to one thread.
"""

from __future__ import annotations

import enum
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import groupby
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, noload, selectinload
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.strategy_options import _AbstractLoad

from storage.course_coverage import question_mix
from storage.database import Bank, BankError
from storage.dedup import (
    DEFAULT_METHOD,
    DEFAULT_THRESHOLD,
    DedupKey,
    DuplicateIndex,
    Method,
    Vectors,
)
from storage.domain import (
    Bloom,
    BulkChange,
    Choice,
    DeckCoverage,
    DeleteImpact,
    Difficulty,
    DuplicateMatch,
    Origin,
    Question,
    QuestionFilter,
    QuestionImage,
    QuestionSummary,
    QuestionType,
    SearchHit,
    SlideCoverage,
    SlideRef,
    SortKey,
    SourceLabel,
    Status,
    TextFormat,
    join_support,
    split_support,
)
from storage.errors import reads
from storage.jsonio import hints_from_json, hints_to_json
from storage.question_history import (
    EditConflictError,
    check_version,
    default_author,
    keep_version,
    same_content,
)
from storage.question_limits import out_of_limits
from storage.question_types import type_issue
from storage.schema import (
    CategoryRow,
    ChoiceRow,
    DeckRow,
    ExamItemRow,
    ExamRow,
    QuestionEmbeddingRow,
    QuestionImageRow,
    QuestionRow,
    QuestionSlideRow,
    SlideRow,
    TagRow,
    question_tags,
    utcnow,
)
from storage.search_sql import group_concat, is_postgres, question_match, search_questions
from storage.semantic import (
    ANSWER,
    STEM,
    TextEmbedder,
    embed_question_now,
    from_blob,
    latest_seq,
    question_texts,
    question_vectors,
    stored_model,
    text_hash,
)

ProgressCallback = Callable[[int, int], None]
# Questions written per flush in add_many (progress is reported per chunk).
ADD_CHUNK = 100
# Adds and edits of up to this many questions are embedded at once when the
# bank has an embedder; larger imports are left to storage.semantic.embed_pending.
INLINE_EMBED_MAX = 5


class QuestionNotFoundError(BankError):
    pass


class InvalidQuestionError(BankError):
    pass


class QuestionInUseError(BankError):
    def __init__(self, impact: DeleteImpact) -> None:
        exams = ", ".join(f"#{eid} {title!r}" for eid, title in impact.exams)
        super().__init__(
            f"Question(s) {', '.join(map(str, impact.question_ids))} are used in exam(s) "
            f"{exams}; deleting them would remove them from those exams."
        )
        self.impact = impact


class DuplicateDecision(str, enum.Enum):
    """What to do with a question that has a near-duplicate in the bank."""

    KEEP_BOTH = "keep_both"
    REPLACE = "replace"  # the new question's content replaces the old one's
    MERGE_TAGS = "merge_tags"  # keep the old question, add the new one's tags to it


_WORD = re.compile(r"\w+", re.UNICODE)


def _validate(q: Question) -> None:
    beyond = out_of_limits(q)
    if beyond:
        raise InvalidQuestionError(beyond)
    if not q.stem.strip():
        raise InvalidQuestionError("A question needs a stem (the question text).")
    correct = sum(1 for c in q.choices if c.correct)
    if q.type is QuestionType.MCQ and correct != 1:
        raise InvalidQuestionError(
            f"A multiple-choice question needs exactly one correct option; it has {correct}."
        )
    if q.type is QuestionType.MULTI and correct < 1:
        raise InvalidQuestionError("A multiple-answer question needs at least one correct option.")
    if q.type is QuestionType.TRUE_FALSE and (len(q.choices) != 2 or correct != 1):
        raise InvalidQuestionError(
            "A true/false question needs two choices, 'true' and 'false', one of them correct."
        )
    if q.type in (QuestionType.SHORT, QuestionType.NUMERICAL) and correct < 1:
        raise InvalidQuestionError(f"A {q.type.label.lower()} question needs an accepted answer.")
    if q.points < 0:
        raise InvalidQuestionError("Points cannot be negative.")
    issue = type_issue(q)
    if issue:
        raise InvalidQuestionError(issue)


class _Lookups:
    """Categories, tags and slides met in one transaction, each looked up once."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._categories: dict[str, int | None] = {}
        self._tags: dict[str, TagRow] = {}
        self._slides: dict[tuple[int, int], int] = {}

    def category_id(self, path: str) -> int | None:
        if path not in self._categories:
            parent: int | None = None
            for name in (p.strip() for p in path.split("/")):
                if not name:
                    continue
                row = self.s.scalar(
                    select(CategoryRow).where(
                        CategoryRow.parent_id == parent, CategoryRow.name == name
                    )
                )
                if row is None:
                    row = CategoryRow(parent_id=parent, name=name)
                    self.s.add(row)
                    self.s.flush()
                parent = row.id
            self._categories[path] = parent
        return self._categories[path]

    def tags(self, names: Iterable[str]) -> list[TagRow]:
        wanted = sorted({n.strip() for n in names if n.strip()})
        missing = [n for n in wanted if n not in self._tags]
        if missing:
            for tag in self.s.scalars(select(TagRow).where(TagRow.name.in_(missing))):
                self._tags[tag.name] = tag
            for name in missing:
                if name not in self._tags:
                    self._tags[name] = TagRow(name=name)
                    self.s.add(self._tags[name])
        return [self._tags[n] for n in wanted]

    def slide_id(self, ref: SlideRef) -> int:
        key = (ref.deck_id, ref.page)
        if key not in self._slides:
            slide_id = self.s.scalar(
                select(SlideRow.id).where(
                    SlideRow.deck_id == ref.deck_id, SlideRow.page == ref.page
                )
            )
            if slide_id is None:
                raise InvalidQuestionError(f"Deck {ref.deck_id} has no page {ref.page}.")
            self._slides[key] = slide_id
        return self._slides[key]

    def sources(self, refs: Iterable[SlideRef]) -> list[QuestionSlideRow]:
        """One row per cited slide: several refs to one slide (a multiple-answer draft
        citing three lines of it) share a row, their sentences joined (see join_support)."""
        texts: dict[int, list[str]] = {}
        for ref in refs:
            texts.setdefault(self.slide_id(ref), []).append(ref.supporting_text)
        return [
            QuestionSlideRow(slide_id=sid, supporting_text=join_support(parts))
            for sid, parts in texts.items()
        ]


def _hashes(stem: str, answers: Iterable[str]) -> tuple[str, str]:
    """Hashes of the texts a question's vectors are made from ("" when there is none)."""
    stem_text, answer_text = question_texts(stem, answers)
    return text_hash(stem_text), text_hash(answer_text) if answer_text else ""


class QuestionBank:
    """The bank service.

    `embedder` (optional, e.g. models.embeddings.Embedder) lets duplicate
    checks embed questions that are not stored yet, and single adds and edits
    be embedded at once; stored vectors are used without it. It must belong
    to the same thread as this service.
    """

    def __init__(self, bank: Bank, embedder: TextEmbedder | None = None) -> None:
        self.bank = bank
        self.embedder = embedder
        self._dedup: DuplicateIndex | None = None
        # what the index's vectors must have been made from, per question
        self._hashes: dict[int, tuple[str, str]] = {}
        self._vector_model: str | None = None
        self._vector_seq = 0
        # who saves, recorded as created_by / updated_by (settings may name someone else)
        self.author = default_author()

    # ----- categories and tags ---------------------------------------------------------

    @staticmethod
    def _category_paths(s: Session) -> dict[int, str]:
        rows = {r.id: r for r in s.scalars(select(CategoryRow))}
        paths: dict[int, str] = {}

        def path(cid: int) -> str:
            if cid not in paths:
                row = rows[cid]
                paths[cid] = (
                    row.name if row.parent_id is None else f"{path(row.parent_id)}/{row.name}"
                )
            return paths[cid]

        for cid in rows:
            path(cid)
        return paths

    def categories(self) -> list[str]:
        with self.bank.sessions() as s:
            return sorted(self._category_paths(s).values())

    # ----- row <-> domain ------------------------------------------------------------

    @staticmethod
    def _fill_row(lk: _Lookups, row: QuestionRow, q: Question) -> None:
        row.qtype = q.type.value
        row.title = q.title
        row.stem = q.stem
        row.general_feedback = q.general_feedback
        row.grader_info = q.grader_info
        row.difficulty = q.difficulty.value if q.difficulty else None
        row.bloom = q.bloom.value if q.bloom else None
        row.points = q.points
        row.status = q.status.value
        row.case_sensitive = q.case_sensitive
        row.unit = q.unit
        row.text_format = q.text_format.value
        row.penalty = q.penalty
        row.shuffle_answers = q.shuffle_answers
        row.answer_numbering = q.answer_numbering
        row.response_template = q.response_template
        row.correct_feedback = q.correct_feedback
        row.partial_feedback = q.partial_feedback
        row.incorrect_feedback = q.incorrect_feedback
        row.show_num_correct = q.show_num_correct
        row.hints = hints_to_json(q.hints)
        row.images = [
            QuestionImageRow(position=i, name=img.name, data=img.data)
            for i, img in enumerate(q.images)
        ]
        row.category_id = lk.category_id(q.category)
        row.origin_method = q.origin.method
        row.origin_engine = q.origin.engine
        row.origin_model = q.origin.model
        row.origin_settings = json.dumps(q.origin.settings, sort_keys=True, default=str)
        row.choices = [
            ChoiceRow(
                position=i,
                text=c.text,
                fraction=c.fraction,
                feedback=c.feedback,
                tolerance=c.tolerance,
                match=c.match,
                choice_group=c.group,
                unlimited=c.unlimited,
            )
            for i, c in enumerate(q.choices)
        ]
        row.tags = lk.tags(q.tags)
        row.sources = lk.sources(q.sources)

    @staticmethod
    def _to_domain(row: QuestionRow, categories: dict[int, str]) -> Question:
        return Question(
            id=row.id,
            uuid=row.uuid,
            type=QuestionType(row.qtype),
            title=row.title,
            stem=row.stem,
            choices=tuple(
                Choice(
                    c.text,
                    c.fraction,
                    c.feedback,
                    c.tolerance,
                    c.match,
                    c.choice_group,
                    c.unlimited,
                )
                for c in row.choices
            ),
            general_feedback=row.general_feedback,
            grader_info=row.grader_info,
            difficulty=Difficulty(row.difficulty) if row.difficulty else None,
            bloom=Bloom(row.bloom) if row.bloom else None,
            points=row.points,
            status=Status(row.status),
            case_sensitive=row.case_sensitive,
            unit=row.unit,
            text_format=TextFormat(row.text_format),
            penalty=row.penalty,
            shuffle_answers=row.shuffle_answers,
            answer_numbering=row.answer_numbering,
            response_template=row.response_template,
            correct_feedback=row.correct_feedback,
            partial_feedback=row.partial_feedback,
            incorrect_feedback=row.incorrect_feedback,
            show_num_correct=row.show_num_correct,
            hints=hints_from_json(row.hints),
            images=tuple(QuestionImage(img.name, img.data) for img in row.images),
            tags=tuple(sorted(t.name for t in row.tags)),
            category=categories.get(row.category_id, "") if row.category_id else "",
            origin=Origin(
                row.origin_method,
                row.origin_engine,
                row.origin_model,
                json.loads(row.origin_settings or "{}"),
            ),
            sources=tuple(
                SlideRef(src.slide.deck_id, src.slide.page, text_)
                for src in sorted(row.sources, key=lambda r: (r.slide.deck_id, r.slide.page))
                for text_ in split_support(src.supporting_text)
            ),
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
            created_by=row.created_by,
            updated_by=row.updated_by,
        )

    @staticmethod
    def _index_text(s: Session, rows: Sequence[QuestionRow]) -> None:
        """Keep the full-text index in step with `rows`, in the caller's transaction."""
        s.execute(text("DELETE FROM question_fts WHERE rowid = :id"), [{"id": r.id} for r in rows])
        s.execute(
            text(
                "INSERT INTO question_fts (rowid, stem, answers, tags) "
                "VALUES (:id, :stem, :answers, :tags)"
            ),
            [
                {
                    "id": r.id,
                    "stem": f"{r.title} {r.stem}",
                    "answers": " ".join(f"{c.text} {c.match}".strip() for c in r.choices),
                    "tags": " ".join(t.name for t in r.tags),
                }
                for r in rows
            ],
        )

    @staticmethod
    def _loaded(images: bool = True) -> tuple[_AbstractLoad, ...]:
        return (
            selectinload(QuestionRow.choices),
            selectinload(QuestionRow.tags),
            selectinload(QuestionRow.images) if images else noload(QuestionRow.images),
            selectinload(QuestionRow.sources).selectinload(QuestionSlideRow.slide),
        )

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

    def get(self, qid: int) -> Question:
        with self.bank.sessions() as s:
            row = s.scalar(
                select(QuestionRow).where(QuestionRow.id == qid).options(*self._loaded())
            )
            if row is None:
                raise QuestionNotFoundError(f"There is no question {qid} in this bank.")
            return self._to_domain(row, self._category_paths(s))

    def get_many(self, ids: Sequence[int]) -> list[Question]:
        """The questions with these ids, in the order given (missing ids are skipped)."""
        with self.bank.sessions() as s:
            rows = s.scalars(
                select(QuestionRow).where(QuestionRow.id.in_(ids)).options(*self._loaded())
            ).all()
            paths = self._category_paths(s)
            by_id = {r.id: self._to_domain(r, paths) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def _filtered(self, s: Session, f: QuestionFilter) -> Select[tuple[QuestionRow]]:
        stmt = select(QuestionRow)
        if f.type is not None:
            stmt = stmt.where(QuestionRow.qtype == f.type.value)
        if f.status is not None:
            stmt = stmt.where(QuestionRow.status == f.status.value)
        if f.difficulty is not None:
            stmt = stmt.where(QuestionRow.difficulty == f.difficulty.value)
        if f.tag is not None:
            stmt = stmt.where(
                QuestionRow.id.in_(
                    select(question_tags.c.question_id)
                    .join(TagRow, TagRow.id == question_tags.c.tag_id)
                    .where(TagRow.name == f.tag)
                )
            )
        if f.category is not None:
            want = f.category.strip("/")
            if not want:  # "" is the top: questions in no category
                stmt = stmt.where(QuestionRow.category_id.is_(None))
            else:
                ids = [
                    cid
                    for cid, p in self._category_paths(s).items()
                    if p == want or p.startswith(want + "/")
                ]
                stmt = stmt.where(QuestionRow.category_id.in_(ids))
        matched = question_match(s, _WORD.findall(f.text or ""))
        if matched is not None:
            stmt = stmt.where(matched)
        if f.used_in_exam is not None:
            used = QuestionRow.id.in_(select(ExamItemRow.question_id))
            stmt = stmt.where(used if f.used_in_exam else ~used)
        if f.deck_id is not None:
            cited = (
                select(QuestionSlideRow.question_id)
                .join(SlideRow, SlideRow.id == QuestionSlideRow.slide_id)
                .where(SlideRow.deck_id == f.deck_id)
            )
            if f.page is not None:
                cited = cited.where(SlideRow.page == f.page)
            stmt = stmt.where(QuestionRow.id.in_(cited))
        return stmt

    def list_questions(
        self, f: QuestionFilter | None = None, images: bool = True
    ) -> list[Question]:
        """The questions `f` selects. `images=False` (listings) leaves their images out
        unread: see `image_sizes` for what they hold."""
        f = f or QuestionFilter()
        with self.bank.sessions() as s:
            stmt = self._filtered(s, f).order_by(QuestionRow.id).offset(f.offset)
            if f.limit is not None:
                stmt = stmt.limit(f.limit)
            rows = s.scalars(stmt.options(*self._loaded(images))).all()
            paths = self._category_paths(s)
            return [self._to_domain(r, paths) for r in rows]

    def image_sizes(self, ids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
        """Per question, its images' names and sizes in bytes, without reading the images."""
        found: dict[int, list[tuple[str, int]]] = {}
        with self.bank.sessions() as s:
            for chunk in _chunks(ids):
                rows = s.execute(
                    select(
                        QuestionImageRow.question_id,
                        QuestionImageRow.name,
                        func.length(QuestionImageRow.data),  # SQLite reads only the length
                    )
                    .where(QuestionImageRow.question_id.in_(chunk))
                    .order_by(QuestionImageRow.question_id, QuestionImageRow.position)
                )
                for qid, name, size in rows:
                    found.setdefault(qid, []).append((name, int(size or 0)))
        return found

    def count(self, f: QuestionFilter | None = None) -> int:
        f = f or QuestionFilter()
        with self.bank.sessions() as s:
            sub = self._filtered(s, f).subquery()
            return int(s.scalar(select(func.count()).select_from(sub)) or 0)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Questions matching every word of `query` in stem, answers or tags, best first."""
        words = _WORD.findall(query)
        if not words:
            return []
        with self.bank.sessions() as s:
            rows = search_questions(s, words, limit)
        return [SearchHit(*r) for r in rows]

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

    # ----- near-duplicates -----------------------------------------------------------

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

    # ----- browsing: ordered ids, light rows, counts ----------------------------------

    def _sort_column(
        self, s: Session, key: SortKey
    ) -> ColumnElement[Any] | InstrumentedAttribute[Any]:
        q = QuestionRow
        if key is SortKey.TYPE:
            return q.qtype
        if key is SortKey.STATUS:
            return q.status
        if key is SortKey.DIFFICULTY:
            order = {d.value: i for i, d in enumerate(Difficulty, start=1)}
            return case(order, value=q.difficulty, else_=0)
        if key is SortKey.STEM:
            # the start decides: lowering whole stems of a big bank costs far more
            return func.lower(func.substr(func.ltrim(q.title + " " + q.stem), 1, SORT_PREFIX))
        if key is SortKey.TAGS:
            return (
                select(func.min(TagRow.name))
                .join(question_tags, question_tags.c.tag_id == TagRow.id)
                .where(question_tags.c.question_id == q.id)
                .scalar_subquery()
            )
        if key is SortKey.CATEGORY:
            paths = self._category_paths(s)
            rank = {cid: i for i, (cid, _) in enumerate(sorted(paths.items(), key=lambda p: p[1]))}
            if not rank:
                return q.category_id
            return case(rank, value=q.category_id, else_=-1)
        if key is SortKey.SLIDES:
            return (
                select(func.min(SlideRow.deck_id * 1_000_000 + SlideRow.page))
                .join(QuestionSlideRow, QuestionSlideRow.slide_id == SlideRow.id)
                .where(QuestionSlideRow.question_id == q.id)
                .scalar_subquery()
            )
        if key is SortKey.EXAMS:
            return (
                select(func.count(ExamItemRow.id))
                .where(ExamItemRow.question_id == q.id)
                .scalar_subquery()
            )
        if key is SortKey.POINTS:
            return q.points
        if key is SortKey.UPDATED:
            return q.updated_at
        return q.id

    def _ordered(
        self, s: Session, f: QuestionFilter, sort: SortKey, descending: bool
    ) -> Select[tuple[int]]:
        col = self._sort_column(s, sort)
        ids = self._filtered(s, f).with_only_columns(QuestionRow.id)
        if sort is SortKey.ID:
            return ids.order_by(QuestionRow.id.desc() if descending else QuestionRow.id)
        # ties keep id order, so a page boundary never shows a row twice
        return ids.order_by(col.desc() if descending else col.asc(), QuestionRow.id)

    @reads
    def ordered_ids(
        self,
        f: QuestionFilter | None = None,
        sort: SortKey = SortKey.ID,
        descending: bool = False,
    ) -> list[int]:
        """Ids of all questions matching `f` (its limit/offset ignored), in browser order.

        One query; the browser keeps the list and reads rows for the ids it
        shows, so scrolling never repeats the filter or the sort.
        """
        f = f or QuestionFilter()
        with self.bank.sessions() as s:
            stmt = self._ordered(s, f, sort, descending)
            # Straight through the driver: for 100,000 ids the ORM's per-row
            # work costs several times the query itself. The parameters are
            # plain strings and ints (FTS query, ids), which need no conversion.
            compiled = stmt.compile(
                dialect=self.bank.engine.dialect, compile_kwargs={"render_postcompile": True}
            )
            if compiled.positiontup is None:  # psycopg: named parameters
                return [qid for (qid,) in _driver(s).execute(str(compiled), compiled.params)]
            params = [compiled.params[name] for name in compiled.positiontup]
            return [qid for (qid,) in _driver(s).execute(str(compiled), params)]

    def page(
        self,
        f: QuestionFilter | None = None,
        sort: SortKey = SortKey.ID,
        descending: bool = False,
        offset: int = 0,
        limit: int = 200,
    ) -> list[QuestionSummary]:
        """One page of light rows matching `f` (its own limit/offset ignored), in order."""
        f = f or QuestionFilter()
        with self.bank.sessions() as s:
            stmt = self._ordered(s, f, sort, descending).offset(max(offset, 0)).limit(limit)
            ids = list(s.scalars(stmt))
        return self.summaries(ids)

    @reads
    def summaries(self, ids: Sequence[int]) -> list[QuestionSummary]:
        """Light rows for these ids, in the order given (missing ids are skipped).

        A handful of set-based queries whatever the number of ids; choices,
        images and feedback are not read.
        """
        if not ids:
            return []
        tags: dict[int, list[str]] = {}
        sources: dict[int, list[SourceLabel]] = {}
        exams: dict[int, int] = {}
        rows: dict[int, Any] = {}
        with self.bank.sessions() as s:
            # Plain SQL through the driver: the browser calls this for every
            # block it shows, and the ORM's per-statement work would cost more
            # than the queries. Ids are ints, so inlining them is safe.
            con = _driver(s)
            names = {
                cid: (parent, name)
                for cid, parent, name in con.execute("SELECT id, parent_id, name FROM categories")
            }
            paths = _paths(names)
            for chunk in _chunks(ids):
                marks = ",".join(str(int(i)) for i in chunk)
                for r in con.execute(
                    "SELECT id, qtype, status, difficulty, substr(stem, 1, ?), text_format, "
                    f"title, category_id, points, updated_at FROM questions WHERE id IN ({marks})",
                    (SUMMARY_READ,),
                ):
                    rows[r[0]] = r
                for qid, name in con.execute(
                    "SELECT qt.question_id, t.name FROM question_tags qt "
                    f"JOIN tags t ON t.id = qt.tag_id WHERE qt.question_id IN ({marks}) "
                    "ORDER BY t.name"
                ):
                    tags.setdefault(qid, []).append(name)
                for qid, deck_id, title, page in con.execute(
                    "SELECT qs.question_id, d.id, d.title, sl.page FROM question_slides qs "
                    "JOIN slides sl ON sl.id = qs.slide_id JOIN decks d ON d.id = sl.deck_id "
                    f"WHERE qs.question_id IN ({marks}) ORDER BY d.id, sl.page"
                ):
                    sources.setdefault(qid, []).append(SourceLabel(deck_id, title, page))
                for qid, n in con.execute(
                    "SELECT question_id, count(DISTINCT exam_id) FROM exam_items "
                    f"WHERE question_id IN ({marks}) GROUP BY question_id"
                ):
                    exams[qid] = int(n)
        out = []
        for qid in ids:
            row = rows.get(qid)
            if row is None:
                continue
            _, qtype, status, difficulty, stem, fmt, title, cid, points, updated = row
            out.append(
                QuestionSummary(
                    id=qid,
                    type=QuestionType(qtype),
                    status=Status(status),
                    difficulty=Difficulty(difficulty) if difficulty else None,
                    stem=_one_line(stem, TextFormat(fmt)),
                    title=title,
                    tags=tuple(tags.get(qid, ())),
                    category=paths.get(cid, "") if cid else "",
                    sources=tuple(sources.get(qid, ())),
                    exams=exams.get(qid, 0),
                    points=points,
                    updated_at=_datetime(updated),
                )
            )
        return out

    def category_counts(self) -> dict[str, int]:
        """Questions directly in each category path ("" for none), empty categories included."""
        with self.bank.sessions() as s:
            paths = self._category_paths(s)
            counts = dict.fromkeys(paths.values(), 0)
            counts[""] = 0
            for cid, n in s.execute(
                select(QuestionRow.category_id, func.count()).group_by(QuestionRow.category_id)
            ):
                counts[paths.get(cid, "") if cid else ""] += int(n)
        return counts

    def tag_counts(self) -> dict[str, int]:
        """Each tag in use and how many questions carry it, by name."""
        with self.bank.sessions() as s:
            rows = s.execute(
                select(TagRow.name, func.count(question_tags.c.question_id))
                .join(question_tags, question_tags.c.tag_id == TagRow.id)
                .group_by(TagRow.id)
                .order_by(TagRow.name)
            ).all()
        return {str(name): int(n) for name, n in rows}

    # ----- bulk changes, each in one transaction -------------------------------------

    def _check_ids(
        self, s: Session, ids: Sequence[int], changed: str = "; nothing was changed"
    ) -> list[int]:
        wanted = sorted(set(ids))
        found: set[int] = set()
        for chunk in _chunks(wanted):
            found.update(s.scalars(select(QuestionRow.id).where(QuestionRow.id.in_(chunk))))
        missing = [i for i in wanted if i not in found]
        if missing:
            shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
            raise QuestionNotFoundError(f"There is no question {shown} in this bank{changed}.")
        return wanted

    @staticmethod
    def _reindex_ids(s: Session, ids: Sequence[int]) -> None:
        """Rewrite the full-text rows of `ids` from the tables (tags changed)."""
        for chunk in _chunks(ids):
            marks = ",".join(str(int(i)) for i in chunk)  # ints only: safe to inline
            s.execute(text(f"DELETE FROM question_fts WHERE rowid IN ({marks})"))
            s.execute(
                text(
                    "INSERT INTO question_fts (rowid, stem, answers, tags) "
                    "SELECT q.id, q.title || ' ' || q.stem, "
                    f"COALESCE((SELECT {group_concat(s, 't')} FROM (SELECT c.text AS t "
                    "FROM choices c WHERE c.question_id = q.id ORDER BY c.position) a), ''), "
                    f"COALESCE((SELECT {group_concat(s, 'n')} FROM (SELECT t.name AS n "
                    "FROM question_tags qt JOIN tags t ON t.id = qt.tag_id "
                    "WHERE qt.question_id = q.id ORDER BY t.name) b), '') "
                    f"FROM questions q WHERE q.id IN ({marks})"
                )
            )

    def add_tag(self, ids: Sequence[int], tag: str) -> BulkChange:
        """Give every question in `ids` the tag (created if new)."""
        name = _tag_name(tag)
        with self.bank.sessions.begin() as s:
            wanted = self._check_ids(s, ids)
            tag_row = _Lookups(s).tags([name])[0]
            s.flush()
            have: set[int] = set()
            for chunk in _chunks(wanted):
                have.update(
                    s.scalars(
                        select(question_tags.c.question_id).where(
                            question_tags.c.tag_id == tag_row.id,
                            question_tags.c.question_id.in_(chunk),
                        )
                    )
                )
            new = [i for i in wanted if i not in have]
            if new:
                for chunk in _chunks(new):
                    self._keep_versions(s, chunk)
                s.execute(
                    question_tags.insert(), [{"question_id": i, "tag_id": tag_row.id} for i in new]
                )
                self._touch(s, new)
                self._reindex_ids(s, new)
        return BulkChange(len(wanted), len(new))

    def remove_tag(self, ids: Sequence[int], tag: str) -> BulkChange:
        """Take the tag off every question in `ids` that has it."""
        name = _tag_name(tag)
        with self.bank.sessions.begin() as s:
            wanted = self._check_ids(s, ids)
            tag_id = s.scalar(select(TagRow.id).where(TagRow.name == name))
            if tag_id is None:
                return BulkChange(len(wanted), 0)
            had: list[int] = []
            for chunk in _chunks(wanted):
                found = list(
                    s.scalars(
                        select(question_tags.c.question_id).where(
                            question_tags.c.tag_id == tag_id,
                            question_tags.c.question_id.in_(chunk),
                        )
                    )
                )
                self._keep_versions(s, found)
                had += found
                s.execute(
                    delete(question_tags).where(
                        question_tags.c.tag_id == tag_id, question_tags.c.question_id.in_(chunk)
                    )
                )
            if had:
                self._touch(s, had)
                self._reindex_ids(s, had)
        return BulkChange(len(wanted), len(had))

    def move_to_category(self, ids: Sequence[int], path: str) -> BulkChange:
        """Put every question in `ids` in the category `path` ("" for none), creating it."""
        clean = "/".join(p.strip() for p in path.split("/") if p.strip())
        with self.bank.sessions.begin() as s:
            wanted = self._check_ids(s, ids)
            cid = _Lookups(s).category_id(clean) if clean else None
            return BulkChange(
                len(wanted), self._set_column(s, wanted, QuestionRow.category_id, cid)
            )

    def set_status(self, ids: Sequence[int], status: Status) -> BulkChange:
        """Mark every question in `ids` as draft or accepted."""
        with self.bank.sessions.begin() as s:
            wanted = self._check_ids(s, ids)
            return BulkChange(
                len(wanted), self._set_column(s, wanted, QuestionRow.status, status.value)
            )

    def _set_column(self, s: Session, ids: Sequence[int], column: Any, value: object) -> int:
        changed = 0
        now = utcnow()
        for chunk in _chunks(ids):
            self._keep_versions(
                s,
                select(QuestionRow.id).where(
                    QuestionRow.id.in_(chunk), column.is_distinct_from(value)
                ),
            )
            result = s.execute(
                update(QuestionRow)
                .where(QuestionRow.id.in_(chunk), column.is_distinct_from(value))
                .values(self._saved(now, {column: value}))
                .execution_options(synchronize_session=False)
            )
            changed += int(getattr(result, "rowcount", 0) or 0)
        return changed

    def _touch(self, s: Session, ids: Sequence[int]) -> None:
        """Mark `ids` as changed now, by this author (their earlier versions kept before)."""
        now = utcnow()
        for chunk in _chunks(ids):
            s.execute(
                update(QuestionRow)
                .where(QuestionRow.id.in_(chunk))
                .values(self._saved(now, {}))
                .execution_options(synchronize_session=False)
            )

    def _saved(self, now: datetime, values: dict[Any, object]) -> dict[Any, object]:
        """`values` plus what every save changes: time, author, version (a bulk change
        makes a later save from an editor opened before it a conflict, not an overwrite)."""
        return {
            **values,
            QuestionRow.updated_at: now,
            QuestionRow.updated_by: self.author,
            QuestionRow.version: QuestionRow.version + 1,
        }

    def _keep_versions(self, s: Session, ids: Any) -> None:
        """Keep the stored content of the questions `ids` selects as earlier versions."""
        rows = s.scalars(
            select(QuestionRow).where(QuestionRow.id.in_(ids)).options(*self._loaded())
        ).all()
        paths = self._category_paths(s)
        for row in rows:
            keep_version(s, self._to_domain(row, paths))

    # ----- coverage of a deck --------------------------------------------------------

    def coverage(self, deck_id: int) -> DeckCoverage:
        """Per slide of the deck: how many questions cite it and of which types."""
        with self.bank.sessions() as s:
            deck = s.get(DeckRow, deck_id)
            if deck is None:
                raise BankError(f"There is no deck {deck_id} in this bank.")
            slides = s.execute(
                select(
                    SlideRow.id,
                    SlideRow.page,
                    func.substr(SlideRow.clean_text, 1, 300),
                    SlideRow.flags,
                )
                .where(SlideRow.deck_id == deck_id)
                .order_by(SlideRow.page)
            ).all()
            per_slide: dict[int, dict[QuestionType, int]] = {}
            for slide_id, qtype, n in s.execute(
                select(QuestionSlideRow.slide_id, QuestionRow.qtype, func.count())
                .join(QuestionRow, QuestionRow.id == QuestionSlideRow.question_id)
                .join(SlideRow, SlideRow.id == QuestionSlideRow.slide_id)
                .where(SlideRow.deck_id == deck_id)
                .group_by(QuestionSlideRow.slide_id, QuestionRow.qtype)
            ):
                per_slide.setdefault(slide_id, {})[QuestionType(qtype)] = int(n)
            title = deck.title
            # each question once, however many slides of the deck it cites
            by_type, by_difficulty, by_status = question_mix(s, [deck_id])
        return DeckCoverage(
            deck_id=deck_id,
            title=title,
            slides=tuple(
                SlideCoverage(
                    page=page,
                    heading=_first_line(text_),
                    flags=tuple(f for f in (flags or "").split(",") if f),
                    questions=sum(per_slide.get(sid, {}).values()),
                    by_type=per_slide.get(sid, {}),
                )
                for sid, page, text_, flags in slides
            ),
            questions=sum(by_type.values()),
            by_type=by_type,
            by_difficulty=by_difficulty,
            by_status=by_status,
        )


# Characters of a stem read for a summary row, and shown of it.
SUMMARY_READ = 600
SUMMARY_STEM = 300
# Characters of title + stem that order the Question column.
SORT_PREFIX = 80
# Ids per IN (...) list: well under SQLite's bound-variable limit.
_CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _driver(s: Session) -> Any:
    """The session's sqlite3 (or psycopg) connection, for hot read paths; "?" marks work
    on both."""
    con = s.connection().connection.driver_connection
    assert con is not None
    return _QmarkConnection(con) if is_postgres(s) else con


class _QmarkConnection:
    """A psycopg connection taking sqlite3's "?" parameter marks."""

    def __init__(self, con: Any) -> None:
        self._con = con

    def execute(self, sql: str, params: Any = ()) -> Any:
        if isinstance(params, dict):
            return self._con.execute(sql, params)
        return self._con.execute(sql.replace("%", "%%").replace("?", "%s"), params)


def _paths(names: dict[int, tuple[int | None, str]]) -> dict[int, str]:
    """Full category paths from (parent id, name) by category id."""
    paths: dict[int, str] = {}

    def path(cid: int) -> str:
        if cid not in paths:
            parent, name = names[cid]
            paths[cid] = name if parent is None else f"{path(parent)}/{name}"
        return paths[cid]

    for cid in names:
        path(cid)
    return paths


def _datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _one_line(stem: str, fmt: TextFormat) -> str:
    if fmt is TextFormat.HTML:
        from storage.rich_text import to_plain

        try:
            stem = to_plain(stem, fmt)
        except Exception:  # a cut-off or broken tag must not hide the row
            stem = re.sub(r"<[^>]*>?", " ", stem)
    line = " ".join(stem.split())
    return line if len(line) <= SUMMARY_STEM else line[: SUMMARY_STEM - 1].rstrip() + "…"


def _first_line(text_: str) -> str:
    for line in text_.splitlines():
        if line.strip():
            return " ".join(line.split())[:200]
    return ""


def _tag_name(tag: str) -> str:
    name = " ".join(tag.split())
    if not name:
        raise InvalidQuestionError("A tag needs a name.")
    if len(name) > 200:
        raise InvalidQuestionError("A tag can be at most 200 characters long.")
    return name
