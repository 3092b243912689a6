"""Decks and slides in the bank: import, update, look-up. Each write is one transaction."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.database import Bank, BankError
from storage.deck_names import check_name, deck_name, is_generic
from storage.decks import DeckContent
from storage.domain import Deck, Slide, join_support, split_support
from storage.schema import DeckFileRow, DeckRow, QuestionSlideRow, SlideRow, utcnow

# A question keeps its link to a slide across a deck update when the new
# page's text is at least this similar to the old one (rapidfuzz ratio).
KEEP_LINK_SIMILARITY = 85.0


class DeckNotFoundError(BankError):
    pass


class DeckNameError(BankError):
    """A name the user gave a deck that cannot be one (empty, too long)."""


class DeckCopyError(BankError):
    """The deck file could not be copied beside the bank; nothing was stored."""


class NewVersionError(BankError):
    """The file looks like a changed version of a deck already in the bank."""

    def __init__(self, path: str, existing: Deck) -> None:
        super().__init__(
            f"{Path(path).name} looks like a new version of deck {existing.id} "
            f"“{existing.title}” (imported {existing.imported_at:%Y-%m-%d %H:%M}). Update that "
            "deck (its questions keep their slides where the text still matches) or import "
            "this file as a separate deck."
        )
        self.existing = existing


@dataclass(frozen=True)
class ImportOutcome:
    deck: Deck
    created: bool  # False: the same file (same content) was already in the bank


@dataclass(frozen=True)
class UpdateReport:
    deck: Deck
    links_kept: int
    links_dropped: int  # questions whose slide text changed too much to keep the link


def _is_whole(path: Path, size: int) -> bool:
    """Whether `path` is a kept copy of `size` bytes (renamed into place only when whole)."""
    try:
        return path.is_file() and path.stat().st_size == size
    except OSError:
        return False


def _deck(row: DeckRow) -> Deck:
    return Deck(row.id, row.title, row.source_path, row.sha256, row.page_count, row.imported_at)


def _slide(row: SlideRow) -> Slide:
    flags = tuple(f for f in row.flags.split(",") if f)
    return Slide(row.deck_id, row.page, row.clean_text, flags, row.raw_text, row.id)


def _slide_rows(content: DeckContent) -> list[SlideRow]:
    return [
        SlideRow(page=i, raw_text=raw, clean_text=clean, flags=",".join(flags))
        for i, (raw, clean, flags) in enumerate(
            zip(content.raw_pages, content.pages, content.flags, strict=True), 1
        )
    ]


def _name_in_bank(s: Session, content: DeckContent) -> str:
    """The deck's name, unless an unrelated deck (another file) already has it: then
    the name its first slide or its file gives it. Two lectures of a course often
    share a template's title, and two decks of one name cannot be told apart."""
    name = Path(content.source_path).name
    others = [
        title
        for title, path in s.execute(select(DeckRow.title, DeckRow.source_path))
        if Path(path).name != name
    ]
    folded = {" ".join(t.split()).casefold() for t in others}
    if " ".join(content.title.split()).casefold() not in folded:
        return content.title
    return deck_name("", content.pages, content.source_path, others)


def _index(s: Session, rows: Sequence[SlideRow]) -> None:
    s.execute(
        text("INSERT INTO slide_fts (rowid, clean_text) VALUES (:id, :t)"),
        [{"id": r.id, "t": r.clean_text} for r in rows],
    )


def _unindex(s: Session, ids: Sequence[int]) -> None:
    s.execute(text("DELETE FROM slide_fts WHERE rowid = :id"), [{"id": i} for i in ids])


class SlideLibrary:
    def __init__(self, bank: Bank) -> None:
        self.bank = bank

    @property
    def files_dir(self) -> Path:
        """Where copies of imported deck files live: beside the bank file, or for a server
        bank a cache in the user's data folder (the bank holds the files themselves)."""
        if self.bank.is_server:
            from storage.paths import data_dir

            return data_dir() / "server-decks"
        return self.bank.path.with_name(f"{self.bank.path.stem}-decks")

    def _store_file(self, s: Session, content: DeckContent) -> None:
        """A server bank's deck file into the bank, once per content (in the caller's
        transaction). An SQLite bank keeps its files beside it (one copy on a laptop's
        disk, not two); `bank copy` puts them in deck_files when it moves to a server."""
        if not self.bank.is_server or not content.data:
            return
        if s.get(DeckFileRow, content.sha256) is not None:
            return
        s.add(
            DeckFileRow(
                sha256=content.sha256,
                suffix=content.suffix,
                size=len(content.data),
                data=content.data,
                stored_at=utcnow(),
            )
        )

    def stored_file(self, sha256: str) -> bytes | None:
        """The deck file the bank holds for this content, if any."""
        with self.bank.sessions() as s:
            return s.scalar(select(DeckFileRow.data).where(DeckFileRow.sha256 == sha256))

    def _copy_path(self, sha256: str, suffix: str) -> Path:
        return self.files_dir / f"{sha256}{suffix}"

    def _keep_copy(self, content: DeckContent) -> bool:
        """Copy the deck file beside the bank (the original may move or vanish; the copy
        keeps the pages viewable). True when this call wrote it.

        Written whole or not at all: into a `.partial` file, flushed to disk, then
        renamed; a `.partial` left by a killed import is replaced by the next one.
        Raises DeckCopyError, in words, when the file cannot be written (a full disk).
        """
        if not content.data:
            return False
        target = self._copy_path(content.sha256, content.suffix)
        if _is_whole(target, len(content.data)):
            return False
        partial = target.with_name(target.name + ".partial")
        try:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            with partial.open("wb") as fh:
                fh.write(content.data)
                fh.flush()
                os.fsync(fh.fileno())
            partial.replace(target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            if _is_whole(target, len(content.data)):  # another process made it meanwhile
                return False
            raise DeckCopyError(
                f"{Path(content.source_path).name} could not be copied into {self.files_dir} "
                f"({exc.strerror or exc}), so it was not imported. Free some disk space (or "
                "make the folder writable) and import it again."
            ) from None
        return True

    def deck_file(self, deck: Deck) -> Path | None:
        """The deck's file to render pages from: the kept copy, else the original.

        A kept copy that is missing (lost to a crash, or removed) is made again from
        the original while that is still the same file.
        """
        suffix = Path(deck.source_path).suffix.lower() or ".pdf"
        kept = self._copy_path(deck.sha256, suffix)
        if kept.is_file():
            return kept
        # the bank's own copy: what a colleague without the file renders from
        with contextlib.suppress(BankError, DeckCopyError):
            data = self.stored_file(deck.sha256)
            if data is not None and hashlib.sha256(data).hexdigest() == deck.sha256:
                copy = DeckContent(deck.title, deck.source_path, deck.sha256, (), (), (), data)
                self._keep_copy(copy)
                if kept.is_file():
                    return kept
        original = Path(deck.source_path)
        if not original.is_file():
            return None
        with contextlib.suppress(OSError, DeckCopyError):
            data = original.read_bytes()
            if hashlib.sha256(data).hexdigest() == deck.sha256:
                copy = DeckContent(deck.title, str(original), deck.sha256, (), (), (), data)
                self._keep_copy(copy)
                return kept
        return original

    def import_deck(self, content: DeckContent, as_new: bool = False) -> ImportOutcome:
        """Store a deck read by `read_deck`, all pages or nothing.

        The same content again returns the existing deck. A different file
        with the same name as a stored deck raises NewVersionError, unless
        `as_new`; then `update_deck` or `as_new=True` says what to do.
        """
        copied = False
        try:
            with self.bank.sessions.begin() as s:
                same = s.scalar(select(DeckRow).where(DeckRow.sha256 == content.sha256))
                if same is not None:
                    outcome = ImportOutcome(_deck(same), created=False)
                else:
                    if not as_new:
                        name = Path(content.source_path).name
                        for row in s.scalars(select(DeckRow).order_by(DeckRow.id.desc())):
                            if Path(row.source_path).name == name:
                                raise NewVersionError(content.source_path, _deck(row))
                    # Copy first, commit second: a stored deck always has its copy.
                    copied = self._keep_copy(content)
                    self._store_file(s, content)
                    outcome = ImportOutcome(self._insert(s, content), created=True)
        except BaseException:
            if copied and not self._stored(content.sha256):  # a copy no deck refers to
                with contextlib.suppress(OSError):
                    self._copy_path(content.sha256, content.suffix).unlink(missing_ok=True)
            raise
        if not outcome.created:
            self._keep_copy(content)  # repairs a copy an earlier import lost
            if content.data and self.bank.is_server:  # a deck stored before 0010
                with self.bank.sessions.begin() as s:
                    self._store_file(s, content)
        return outcome

    def _stored(self, sha256: str) -> bool:
        """Whether a deck of this content is in the bank (True when that cannot be read:
        a copy is then kept rather than lost)."""
        try:
            with self.bank.sessions() as s:
                return s.scalar(select(DeckRow.id).where(DeckRow.sha256 == sha256)) is not None
        except Exception:
            return True

    @staticmethod
    def _insert(s: Session, content: DeckContent) -> Deck:
        deck = DeckRow(
            title=_name_in_bank(s, content),
            source_path=content.source_path,
            sha256=content.sha256,
            page_count=content.page_count,
            imported_at=utcnow(),
        )
        deck.slides = _slide_rows(content)
        s.add(deck)
        s.flush()
        _index(s, deck.slides)
        return _deck(deck)

    def update_deck(
        self, deck_id: int, content: DeckContent, keep_name: bool = True
    ) -> UpdateReport:
        """Replace a deck's pages with a new version of the file.

        Each question link moves to the new page whose text best matches its
        old slide, if that match is close enough; other links are dropped
        (the questions stay in the bank). The deck keeps its name (the user may
        have chosen it) unless `keep_name` is False.
        """
        with self.bank.sessions.begin() as s:
            deck = s.get(DeckRow, deck_id)
            if deck is None:
                raise DeckNotFoundError(f"There is no deck {deck_id} in this bank.")
            self._keep_copy(content)  # copy first, commit second
            self._store_file(s, content)
            previous = deck.sha256
            old = list(deck.slides)
            links = s.scalars(
                select(QuestionSlideRow).where(QuestionSlideRow.slide_id.in_([r.id for r in old]))
            ).all()
            old_text = {r.id: r.clean_text for r in old}
            moves = [(link.question_id, link.slide_id, link.supporting_text) for link in links]
            for link in links:
                s.delete(link)
            _unindex(s, [r.id for r in old])
            deck.slides.clear()
            s.flush()
            new_rows = _slide_rows(content)
            deck.slides.extend(new_rows)
            if not keep_name:
                deck.title = content.title
            deck.source_path = content.source_path
            deck.sha256 = content.sha256
            deck.page_count = content.page_count
            deck.imported_at = utcnow()
            s.flush()
            _index(s, new_rows)
            kept = dropped = 0
            # two old slides of a question may both become one new page: one link then
            merged: dict[tuple[int, int], list[str]] = {}
            for question_id, slide_id, supporting in moves:
                best = max(
                    new_rows,
                    key=lambda r: fuzz.ratio(r.clean_text, old_text[slide_id]),
                )
                if fuzz.ratio(best.clean_text, old_text[slide_id]) >= KEEP_LINK_SIMILARITY:
                    merged.setdefault((question_id, best.id), []).extend(split_support(supporting))
                    kept += 1
                else:
                    dropped += 1
            for (question_id, slide_id), texts in merged.items():
                s.add(
                    QuestionSlideRow(
                        question_id=question_id,
                        slide_id=slide_id,
                        supporting_text=join_support(texts),
                    )
                )
            s.flush()
            if previous != content.sha256:  # the old version's file, unless a deck still uses it
                used = s.scalar(select(DeckRow.id).where(DeckRow.sha256 == previous))
                if used is None:
                    s.execute(text("DELETE FROM deck_files WHERE sha256 = :h"), {"h": previous})
            report = UpdateReport(_deck(deck), kept, dropped)
        return report

    def rename_deck(self, deck_id: int, name: str) -> Deck:
        """Give a deck the name the user chose; DeckNameError in words if it cannot be one."""
        try:
            tidy = check_name(name)
        except ValueError as exc:
            raise DeckNameError(str(exc)) from None
        with self.bank.sessions.begin() as s:
            row = s.get(DeckRow, deck_id)
            if row is None:
                raise DeckNotFoundError(f"There is no deck {deck_id} in this bank.")
            row.title = tidy
            s.flush()
            return _deck(row)

    def name_suggestions(self) -> dict[int, str]:
        """Better names for decks named before names were chosen with care (a template's
        title, one shared by unrelated decks): deck id -> suggested name. Nothing is
        renamed: the user may have chosen the name, so `decks rename` applies one."""
        out: dict[int, str] = {}
        with self.bank.sessions() as s:
            decks = [(r.id, r.title, r.source_path) for r in s.scalars(select(DeckRow))]
            for deck_id, title, path in decks:
                others = [
                    t for i, t, p in decks if i != deck_id and Path(p).name != Path(path).name
                ]
                if not is_generic(title, others):
                    continue
                pages = s.scalars(
                    select(SlideRow.clean_text)
                    .where(SlideRow.deck_id == deck_id, SlideRow.page <= 2)
                    .order_by(SlideRow.page)
                ).all()
                better = deck_name("", pages, path, others)
                if better and better.casefold() != title.casefold():
                    out[deck_id] = better
        return out

    def decks(self) -> list[Deck]:
        with self.bank.sessions() as s:
            return [_deck(d) for d in s.scalars(select(DeckRow).order_by(DeckRow.id))]

    def deck(self, deck_id: int) -> Deck:
        with self.bank.sessions() as s:
            row = s.get(DeckRow, deck_id)
            if row is None:
                raise DeckNotFoundError(f"There is no deck {deck_id} in this bank.")
            return _deck(row)

    def slides(self, deck_id: int) -> list[Slide]:
        self.deck(deck_id)
        with self.bank.sessions() as s:
            rows = s.scalars(
                select(SlideRow).where(SlideRow.deck_id == deck_id).order_by(SlideRow.page)
            )
            return [_slide(r) for r in rows]

    def slide(self, deck_id: int, page: int) -> Slide:
        deck = self.deck(deck_id)
        with self.bank.sessions() as s:
            row = s.scalar(
                select(SlideRow).where(SlideRow.deck_id == deck_id, SlideRow.page == page)
            )
            if row is None:
                raise DeckNotFoundError(
                    f"Deck {deck_id} “{deck.title}” has pages 1–{deck.page_count}; "
                    f"there is no page {page}."
                )
            return _slide(row)

    def slides_by_id(self, ids: Sequence[int]) -> dict[int, Slide]:
        with self.bank.sessions() as s:
            rows = s.scalars(select(SlideRow).where(SlideRow.id.in_(ids)))
            return {r.id: _slide(r) for r in rows}
