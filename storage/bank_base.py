"""What every part of the bank service stands on: its state, category paths, the
mapping between ORM rows and `storage.domain` questions, and reading questions by id."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session, noload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from storage.bank_sql import _chunks
from storage.database import Bank
from storage.dedup import DuplicateIndex
from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Origin,
    Question,
    QuestionImage,
    QuestionType,
    SlideRef,
    Status,
    TextFormat,
    join_support,
    split_support,
)
from storage.jsonio import hints_from_json, hints_to_json
from storage.question_checks import InvalidQuestionError, QuestionNotFoundError
from storage.question_history import default_author
from storage.schema import (
    CategoryRow,
    ChoiceRow,
    QuestionImageRow,
    QuestionRow,
    QuestionSlideRow,
    SlideRow,
    TagRow,
)
from storage.semantic import TextEmbedder


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


class BankBase:
    """The service's state and the row <-> domain mapping that its parts share."""

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

    # ----- reading questions by id ----------------------------------------------------

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
