"""Bringing another instructor's bank into this one (`quizwright bank merge SRC --into DST`).

Questions keep their uuids, so a question merged twice is recognised: left as
it is when unchanged, updated when the source changed it (the replaced content
is kept as an earlier version, storage.question_history). Tags and categories
are found or made by name, images come with their questions, and the decks
the questions cite are matched by content hash (copied with their slides, and
the kept deck file, when the target lacks them). Incoming questions that look
like a different question already in the target are reported, never dropped.
Everything is written in one transaction of the target: all of it, or nothing.

Both banks are opened through `storage.database.open_bank`, so this module
knows nothing of where a bank lives.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from storage.bank import QuestionBank, _Lookups, _validate
from storage.database import Bank, BankError, open_bank
from storage.decks import DeckContent
from storage.dedup import DEFAULT_THRESHOLD
from storage.domain import DuplicateMatch, Question, QuestionFilter, SlideRef
from storage.question_history import changed_fields, keep_version, same_content
from storage.schema import DeckRow, QuestionRow, utcnow
from storage.semantic import TextEmbedder
from storage.slide_store import DeckCopyError, SlideLibrary


class MergeError(BankError):
    """A merge that cannot be made; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class NearDuplicate:
    """An incoming question that looks like another question already in the target."""

    uuid: str
    title: str
    stem: str
    target_id: int  # the question it is merged as (added or updated)
    similar_to: int  # the target's question it resembles
    score: float
    similar_stem: str


@dataclass(frozen=True)
class MergeReport:
    source: str
    target: str
    added: tuple[int, ...]  # target ids of questions new to the target
    updated: tuple[tuple[int, tuple[str, ...]], ...]  # (target id, fields the source changed)
    unchanged: tuple[int, ...]
    decks_added: tuple[int, ...]
    near_duplicates: tuple[NearDuplicate, ...]


def _is_path(where: str | Path) -> bool:
    return "://" not in str(where)


def _check_inputs(source: str | Path, target: str | Path) -> None:
    if _is_path(source):
        src = Path(source).expanduser()
        if not src.exists():
            raise MergeError(f"{src} does not exist: give the path of the bank to merge from.")
        if src.is_dir():
            raise MergeError(f"{src} is a folder; give the path of a bank file to merge from.")
        if _is_path(target):
            dst = Path(target).expanduser()
            with contextlib.suppress(OSError):
                if dst.exists() and os.path.samefile(src, dst):
                    raise MergeError(
                        f"{src} and {dst} are the same bank: a bank cannot be merged into itself."
                    )
    elif str(source) == str(target):
        raise MergeError(f"{source} is given twice: a bank cannot be merged into itself.")


def merge_banks(
    source: str | Path,
    target: str | Path,
    embedder: TextEmbedder | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    author: str | None = None,
    opener: Callable[[str | Path], Bank] = open_bank,
) -> MergeReport:
    """Merge every question of `source` into `target`; see the module's docstring.

    Raises MergeError (or another BankError: not a bank, a newer schema) in words,
    with `target` unchanged.
    """
    _check_inputs(source, target)
    with opener(source) as src:
        incoming = QuestionBank(src).list_questions(QuestionFilter())
        decks = _cited_decks(src, incoming)
        library = SlideLibrary(src)
        files = {sha: library.deck_file(library.deck(row.id)) for sha, (row, _) in decks.items()}
    for q in incoming:
        _validate(q)  # a question the target would refuse stops the merge before writing
    with opener(target) as dst:
        service = QuestionBank(dst, embedder)
        if author:
            service.author = author
        return _merge_into(
            service, dst, str(source), str(target), incoming, decks, files, threshold
        )


def _cited_decks(src: Bank, questions: list[Question]) -> dict[str, tuple[DeckRow, DeckContent]]:
    """The source's decks the questions cite, by content hash, with their slides."""
    wanted = {ref.deck_id for q in questions for ref in q.sources}
    library = SlideLibrary(src)
    found: dict[str, tuple[DeckRow, DeckContent]] = {}
    with src.sessions() as s:
        rows = s.scalars(select(DeckRow).where(DeckRow.id.in_(wanted))).all()
    for row in rows:
        slides = library.slides(row.id)
        content = DeckContent(
            title=row.title,
            source_path=row.source_path,
            sha256=row.sha256,
            raw_pages=tuple(sl.raw_text for sl in slides),
            pages=tuple(sl.text for sl in slides),
            flags=tuple(sl.flags for sl in slides),
        )
        found[row.sha256] = (row, content)
    return found


def _merge_into(
    service: QuestionBank,
    dst: Bank,
    source: str,
    target: str,
    incoming: list[Question],
    decks: dict[str, tuple[DeckRow, DeckContent]],
    files: dict[str, Path | None],
    threshold: float,
) -> MergeReport:
    # against the target as it was: what the merge brings is never its own near-duplicate
    matches = _matches(service, incoming, threshold)
    library = SlideLibrary(dst)
    added: list[int] = []
    updated: list[tuple[int, tuple[str, ...]]] = []
    unchanged: list[int] = []
    decks_added: list[int] = []
    with dst.sessions.begin() as s:
        # decks: the target's own when it has the content, else copied with their slides
        deck_ids: dict[int, int] = {}
        for sha, (deck_row, content) in decks.items():
            have = s.scalar(select(DeckRow.id).where(DeckRow.sha256 == sha))
            if have is None:
                _copy_deck_file(library, content, files.get(sha))
                have = SlideLibrary._insert(s, content).id
                decks_added.append(have)
            deck_ids[deck_row.id] = have
        existing: dict[str, int] = {
            u: i
            for u, i in s.execute(
                select(QuestionRow.uuid, QuestionRow.id).where(
                    QuestionRow.uuid.in_([q.uuid for q in incoming])
                )
            )
        }
        lk = _Lookups(s)
        paths = service._category_paths(s)
        written: list[QuestionRow] = []
        now = utcnow()
        for q in incoming:
            mapped = replace(
                q,
                sources=tuple(
                    SlideRef(deck_ids[r.deck_id], r.page, r.supporting_text) for r in q.sources
                ),
            )
            qid = existing.get(q.uuid)
            if qid is None:
                row = QuestionRow(uuid=q.uuid)
                service._fill_row(lk, row, mapped)
                row.created_at = q.created_at or now
                row.updated_at = q.updated_at or now
                row.created_by = q.created_by or service.author
                row.updated_by = q.updated_by or service.author
                row.version = 1
                s.add(row)
                s.flush()
                added.append(row.id)
                written.append(row)
                continue
            stored = s.get(QuestionRow, qid)
            assert stored is not None
            row = stored
            before = service._to_domain(row, paths)
            if same_content(mapped, before):
                unchanged.append(qid)
                continue
            keep_version(s, before)
            row.version = before.version + 1
            service._fill_row(lk, row, mapped)
            row.updated_at = now
            row.updated_by = service.author
            updated.append((qid, changed_fields(before, mapped)))
            written.append(row)
        s.flush()
        if written:
            service._index_text(s, written)
        ids = {**existing, **{r.uuid: r.id for r in written}}
    flagged = [
        NearDuplicate(q.uuid, q.title, q.stem, ids[q.uuid], m.question_id, m.score, m.stem)
        for q in incoming
        for m in matches.get(q.uuid, ())
    ]
    return MergeReport(
        source,
        target,
        tuple(added),
        tuple(updated),
        tuple(unchanged),
        tuple(decks_added),
        tuple(flagged),
    )


def _copy_deck_file(library: SlideLibrary, content: DeckContent, path: Path | None) -> None:
    """Keep the source's deck file beside the target too (pages stay viewable)."""
    if path is None or not path.is_file():
        return
    try:
        library._keep_copy(replace(content, data=path.read_bytes()))
    except (OSError, DeckCopyError) as exc:
        raise MergeError(f"{exc} Nothing was merged.") from None


def _matches(
    service: QuestionBank, incoming: list[Question], threshold: float
) -> dict[str, list[DuplicateMatch]]:
    """Per incoming uuid: the target's questions it resembles, itself (same uuid) aside."""
    with service.bank.sessions() as s:
        ids: dict[str, int] = {
            u: i
            for u, i in s.execute(
                select(QuestionRow.uuid, QuestionRow.id).where(
                    QuestionRow.uuid.in_([q.uuid for q in incoming])
                )
            )
        }
    found: dict[str, list[DuplicateMatch]] = {}
    for q in incoming:
        hits = service.find_duplicates(replace(q, id=ids.get(q.uuid)), threshold)
        if hits:
            found[q.uuid] = hits
    return found
