"""Bulk changes to many questions at once (tags, category, status), each in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from storage.bank_base import BankBase, _Lookups
from storage.bank_sql import _chunks
from storage.domain import BulkChange, Status
from storage.question_checks import _tag_name
from storage.question_history import keep_version
from storage.schema import QuestionRow, TagRow, question_tags, utcnow
from storage.search_sql import group_concat


class BulkChanges(BankBase):
    """Tagging, untagging, moving and marking many questions, keeping their versions."""

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
