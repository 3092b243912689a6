"""A question's earlier versions, who saved them, and refusing a save that would lose one.

Every save raises a question's `version` (SQLAlchemy's version counter: the
UPDATE names the version it read, so of two saves racing only one commits).
A save made from a value read at an older version than the stored one is
refused with `EditConflictError`, which carries both: the caller shows them
side by side (desktop.conflict_dialog) and saves the one chosen, read afresh.
Before a question is changed, its stored content is kept in
`question_versions` as JSON (storage.jsonio), so any earlier version can be
listed and brought back (`restore_version` saves it as a new version).
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.domain import Question
from storage.errors import StorageError
from storage.jsonio import question_from_dict, question_to_dict
from storage.schema import QuestionVersionRow

if TYPE_CHECKING:
    from storage.bank import QuestionBank

# Set to name the author in the bank instead of the login name (e.g. from settings).
AUTHOR_VARIABLE = "QUIZWRIGHT_AUTHOR"
# Fields that say where, when and by whom a question is stored, not what it says.
_IDENTITY = frozenset(
    {"id", "uuid", "created_at", "updated_at", "version", "created_by", "updated_by"}
)


def default_author() -> str:
    """Who saves: QUIZWRIGHT_AUTHOR if set, else the login name ("" if there is none)."""
    name = os.environ.get(AUTHOR_VARIABLE, "").strip()
    if name:
        return name[:100]
    try:
        return getpass.getuser()[:100]
    except (OSError, KeyError, ImportError):  # no login name (a container, a service)
        return ""


def same_content(a: Question, b: Question) -> bool:
    """Whether two values say the same (identity, times and authors aside)."""
    return all(
        getattr(a, f.name) == getattr(b, f.name)
        for f in fields(Question)
        if f.name not in _IDENTITY
    )


def changed_fields(a: Question, b: Question) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in fields(Question)
        if f.name not in _IDENTITY and getattr(a, f.name) != getattr(b, f.name)
    )


def _when(t: datetime | None) -> str:
    return t.strftime("%Y-%m-%d %H:%M") + " UTC" if t else "an unknown time"


class EditConflictError(StorageError):
    """A save made from an older version than the one stored: refused, nothing changed.

    `mine` is the value that was to be saved, `theirs` the question as stored now.
    """

    def __init__(self, mine: Question, theirs: Question) -> None:
        who = theirs.updated_by or "someone else"
        super().__init__(
            f"Question {theirs.id} was changed by {who} at {_when(theirs.updated_at)} "
            f"(version {theirs.version}) after you opened it (version {mine.version}). "
            "Your save was refused so that neither change is lost: compare both versions and "
            "keep yours, keep theirs, or merge them.",
            kind="conflict",
        )
        self.mine = mine
        self.theirs = theirs
        self.fields = changed_fields(mine, theirs)


def check_version(mine: Question, stored: Question) -> None:
    """Refuse `mine` if it was read at another version than the stored one (0: unchecked)."""
    if mine.version and mine.version != stored.version:
        raise EditConflictError(mine, stored)


def keep_version(s: Session, before: Question) -> None:
    """Keep `before` (a question as stored, about to change) among its earlier versions."""
    assert before.id is not None
    s.add(
        QuestionVersionRow(
            question_id=before.id,
            version=before.version,
            saved_at=before.updated_at or before.created_at or datetime.now(),
            saved_by=before.updated_by,
            snapshot=json.dumps(question_to_dict(before), sort_keys=True, default=str),
        )
    )


@dataclass(frozen=True)
class QuestionVersion:
    """One version of a question: the current one, or one kept before a change."""

    version: int
    saved_at: datetime | None
    saved_by: str
    current: bool
    question: Question


def history(service: QuestionBank, qid: int) -> list[QuestionVersion]:
    """The question's versions, newest (the current one) first."""
    now = service.get(qid)
    found = [QuestionVersion(now.version, now.updated_at, now.updated_by, True, now)]
    with service.bank.sessions() as s:
        rows = s.scalars(
            select(QuestionVersionRow)
            .where(QuestionVersionRow.question_id == qid)
            .order_by(QuestionVersionRow.version.desc())
        ).all()
        for r in rows:
            q = replace(
                question_from_dict(json.loads(r.snapshot), f"version {r.version}"),
                id=qid,
                uuid=now.uuid,
                version=r.version,
                created_at=now.created_at,
                created_by=now.created_by,
                updated_at=r.saved_at,
                updated_by=r.saved_by,
            )
            found.append(QuestionVersion(r.version, r.saved_at, r.saved_by, False, q))
    return found


class VersionNotFoundError(StorageError):
    def __init__(self, qid: int, version: int, known: Sequence[int]) -> None:
        listed = ", ".join(map(str, known))
        super().__init__(
            f"Question {qid} has no version {version}; its versions are {listed}.",
            kind="other",
            writing=False,
        )


def restore_version(service: QuestionBank, qid: int, version: int) -> Question:
    """Save version `version` of the question again, as its newest version.

    The version replaced is kept like any other, so a restore can be undone the
    same way. Restoring the current version changes nothing.
    """
    versions = history(service, qid)
    chosen = next((v for v in versions if v.version == version), None)
    if chosen is None:
        raise VersionNotFoundError(qid, version, [v.version for v in versions])
    current = versions[0].question
    if chosen.current:
        return current
    restored = replace(
        chosen.question,
        id=qid,
        uuid=current.uuid,
        version=current.version,
        created_at=current.created_at,
        created_by=current.created_by,
    )
    return service.update(restored)


# What each comparable field is called in the window and the CLI.
FIELD_LABELS: dict[str, str] = {
    "type": "Type",
    "stem": "Question text",
    "choices": "Answers",
    "title": "Title",
    "general_feedback": "General feedback",
    "grader_info": "Grader information",
    "difficulty": "Difficulty",
    "bloom": "Bloom level",
    "points": "Points",
    "status": "Status",
    "case_sensitive": "Case sensitive",
    "unit": "Unit",
    "text_format": "Text format",
    "penalty": "Penalty",
    "shuffle_answers": "Shuffle answers",
    "answer_numbering": "Answer numbering",
    "response_template": "Response template",
    "correct_feedback": "Feedback for a right response",
    "partial_feedback": "Feedback for a partly right response",
    "incorrect_feedback": "Feedback for a wrong response",
    "show_num_correct": "Show the number of right parts",
    "hints": "Hints",
    "images": "Images",
    "tags": "Tags",
    "category": "Category",
    "origin": "Origin",
    "sources": "Slide citations",
}


def merge_versions(mine: Question, theirs: Question, from_mine: Sequence[str]) -> Question:
    """`theirs` (the stored question: its id, uuid and version) with the fields named in
    `from_mine` taken from `mine`; saving it goes through, and loses neither side's
    fields unseen. Keep mine: all differing fields; keep theirs: none."""
    content = {f.name for f in fields(Question)} - _IDENTITY
    unknown = set(from_mine) - content
    if unknown:
        raise ValueError(f"not content fields: {sorted(unknown)}")
    return replace(theirs, **{name: getattr(mine, name) for name in from_mine})
