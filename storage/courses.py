"""Courses: named sets of decks the finder and drafting treat as one body of slides.

A course lists decks in the order they were added; a deck may be in several
courses, and leaving a course never touches the deck. Names are unique without
regard to case ("NLP 2026" and "nlp 2026" are one course). Each write is one
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.database import Bank, BankError
from storage.domain import Deck
from storage.schema import CourseDeckRow, CourseRow, DeckRow
from storage.slide_store import DeckNotFoundError, SlideLibrary

NAME_MAX = 300


class CourseError(BankError):
    """A course request that cannot be done; the message says why and what to do."""


class CourseNotFoundError(CourseError):
    pass


@dataclass(frozen=True)
class Course:
    id: int
    name: str
    deck_ids: tuple[int, ...]  # in the order they were added


@dataclass(frozen=True)
class Membership:
    """What an add or remove did: the course after it, and the decks it changed or not."""

    course: Course
    changed: tuple[int, ...]
    unchanged: tuple[int, ...]  # already in (add) or not in (remove) the course


def _course(row: CourseRow) -> Course:
    return Course(row.id, row.name, tuple(d.deck_id for d in row.decks))


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CourseError("A course needs a name.")
    if len(cleaned) > NAME_MAX:
        raise CourseError(f"A course name has at most {NAME_MAX} characters.")
    return cleaned


class Courses:
    def __init__(self, bank: Bank) -> None:
        self.bank = bank

    def _row(self, s: Session, name: str) -> CourseRow:
        key = " ".join(name.split()).casefold()
        rows = s.scalars(select(CourseRow)).all()
        row = next((r for r in rows if r.name.casefold() == key), None)
        if row is None:
            known = ", ".join(sorted(r.name for r in rows))
            hint = f" The courses are: {known}." if known else " There are no courses yet."
            raise CourseNotFoundError(
                f"There is no course “{' '.join(name.split())}”.{hint} "
                "Create one with: quizwright courses create NAME"
            )
        return row

    def courses(self) -> list[Course]:
        with self.bank.sessions() as s:
            return [_course(r) for r in s.scalars(select(CourseRow).order_by(CourseRow.name))]

    def course(self, name: str) -> Course:
        with self.bank.sessions() as s:
            return _course(self._row(s, name))

    def create(self, name: str) -> Course:
        cleaned = _clean_name(name)
        with self.bank.sessions.begin() as s:
            existing = s.scalars(select(CourseRow)).all()
            same = next((r for r in existing if r.name.casefold() == cleaned.casefold()), None)
            if same is not None:
                raise CourseError(f"There is already a course “{same.name}”.")
            row = CourseRow(name=cleaned)
            s.add(row)
            s.flush()
            return Course(row.id, row.name, ())

    def rename(self, name: str, new_name: str) -> Course:
        cleaned = _clean_name(new_name)
        with self.bank.sessions.begin() as s:
            row = self._row(s, name)
            others = s.scalars(select(CourseRow).where(CourseRow.id != row.id)).all()
            same = next((r for r in others if r.name.casefold() == cleaned.casefold()), None)
            if same is not None:
                raise CourseError(f"There is already a course “{same.name}”.")
            row.name = cleaned
            return _course(row)

    def delete(self, name: str) -> Course:
        """Deletes the course only; its decks stay in the bank."""
        with self.bank.sessions.begin() as s:
            row = self._row(s, name)
            gone = _course(row)
            s.delete(row)
            return gone

    def add_decks(self, name: str, deck_ids: Sequence[int]) -> Membership:
        with self.bank.sessions.begin() as s:
            row = self._row(s, name)
            _check_decks(s, deck_ids)
            have = {d.deck_id for d in row.decks}
            position = max((d.position for d in row.decks), default=0)
            added: list[int] = []
            for deck_id in dict.fromkeys(deck_ids):
                if deck_id in have:
                    continue
                position += 1
                row.decks.append(CourseDeckRow(deck_id=deck_id, position=position))
                added.append(deck_id)
            s.flush()
            return Membership(
                _course(row), tuple(added), tuple(d for d in deck_ids if d not in added)
            )

    def remove_decks(self, name: str, deck_ids: Sequence[int]) -> Membership:
        with self.bank.sessions.begin() as s:
            row = self._row(s, name)
            _check_decks(s, deck_ids)
            wanted = set(deck_ids)
            removed = [d.deck_id for d in row.decks if d.deck_id in wanted]
            row.decks = [d for d in row.decks if d.deck_id not in wanted]
            s.flush()
            return Membership(
                _course(row), tuple(removed), tuple(d for d in deck_ids if d not in removed)
            )

    def courses_of(self, deck_id: int) -> list[Course]:
        return [c for c in self.courses() if deck_id in c.deck_ids]

    def decks_of(self, name: str) -> tuple[Course, list[Deck]]:
        """The course and its decks, in course order."""
        course = self.course(name)
        library = SlideLibrary(self.bank)
        return course, [library.deck(d) for d in course.deck_ids]

    def deck_ids_for_search(self, name: str) -> list[int]:
        """The course's decks; an empty course is refused in words (a search would see all)."""
        course = self.course(name)
        if not course.deck_ids:
            raise CourseError(
                f"The course “{course.name}” has no decks yet. Add some with: "
                f'quizwright courses add "{course.name}" DECK…'
            )
        return list(course.deck_ids)


def _check_decks(s: Session, deck_ids: Sequence[int]) -> None:
    if not deck_ids:
        raise CourseError("Name at least one deck.")
    known = set(s.scalars(select(DeckRow.id).where(DeckRow.id.in_(deck_ids))))
    missing = [str(d) for d in deck_ids if d not in known]
    if missing:
        raise DeckNotFoundError(
            f"There is no deck {', '.join(missing)} in this bank; nothing was changed. "
            "See the decks with: quizwright decks list"
        )


def resolve_deck(bank: Bank, ref: str) -> int:
    """A deck named on the command line: its id, its title or its file's name
    (case does not matter); a name two decks share is refused, listing both."""
    ref = ref.strip()
    if ref.isdigit():
        return int(ref)
    key = ref.casefold()
    with bank.sessions() as s:
        rows = s.execute(select(DeckRow.id, DeckRow.title, DeckRow.source_path)).all()
        count = s.scalar(select(func.count()).select_from(DeckRow)) or 0
    matches = [
        (i, t)
        for i, t, p in rows
        if key in (t.casefold(), Path(p).name.casefold(), Path(p).stem.casefold())
    ]
    if len(matches) == 1:
        return int(matches[0][0])
    if matches:
        which = "; ".join(f"{i}: {t}" for i, t in matches)
        raise CourseError(f"Several decks are called “{ref}” ({which}); give the deck's number.")
    hint = "See the decks with: quizwright decks list" if count else "The bank has no decks yet."
    raise DeckNotFoundError(f"There is no deck “{ref}” in this bank. {hint}")
