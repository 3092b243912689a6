"""The bank's read side for browsing: filters, ordered ids, pages of light rows, counts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.bank_base import BankBase
from storage.bank_sql import _chunks, _driver
from storage.domain import (
    Difficulty,
    Question,
    QuestionFilter,
    QuestionSummary,
    QuestionType,
    SearchHit,
    SortKey,
    SourceLabel,
    Status,
    TextFormat,
)
from storage.errors import reads
from storage.schema import (
    ExamItemRow,
    QuestionImageRow,
    QuestionRow,
    QuestionSlideRow,
    SlideRow,
    TagRow,
    question_tags,
)
from storage.search_sql import question_match, search_questions

# Characters of a stem read for a summary row, and shown of it.
SUMMARY_READ = 600
SUMMARY_STEM = 300
# Characters of title + stem that order the Question column.
SORT_PREFIX = 80

_WORD = re.compile(r"\w+", re.UNICODE)


class QuestionBrowsing(BankBase):
    """Listing, searching, ordering and counting questions."""

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
