"""What the review queue's buttons do to the bank: accept (a flagged draft is compared
with its look-alikes first), discard (undoable with Ctrl+Z until the app closes),
quick fixes (stored and re-checked) — on the window's bank thread.

The window owns the bank thread and the service; this keeps the queue's part of
the window in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStatusBar, QWidget

from desktop.duplicate_dialog import bank_matches
from desktop.review_queue import ReviewItem, ReviewQueue
from models.drafting import recheck
from storage.bank import DuplicateDecision, QuestionBank
from storage.database import Bank, BankError
from storage.domain import Question, Slide, Status
from storage.slide_store import SlideLibrary

# A comparison to show: the draft, its look-alikes (question, % similar), the exams
# (titles) each look-alike is used in.
Comparison = tuple[Question, list[tuple[Question, float]], dict[int, list[str]]]


class _Window(Protocol):
    """What the review actions use of the main window."""

    bank: Bank
    service: QuestionBank

    def _background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None] | None = None,
    ) -> None: ...

    def statusBar(self) -> QStatusBar: ...

    def bank_changed(self) -> None: ...


def slides_for(library: SlideLibrary, q: Question, cache: dict[int, list[Slide]]) -> list[Slide]:
    """The slides of the decks `q` cites (a deleted deck gives none)."""
    slides: list[Slide] = []
    for deck_id in sorted({r.deck_id for r in q.sources}):
        if deck_id not in cache:
            try:
                cache[deck_id] = library.slides(deck_id)
            except BankError:  # the deck is gone: the draft cannot be grounded
                cache[deck_id] = []
        slides += cache[deck_id]
    return slides


def checked_item(q: Question, slides: list[Slide]) -> ReviewItem:
    from desktop.draft_panel import review_item

    item = review_item(recheck(q, slides))
    return item if slides else replace(item, grounded=None)


class ReviewActions(QObject):
    def __init__(self, window: _Window, queue: ReviewQueue, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.queue = queue
        self.parent_widget = parent
        # discarded drafts, the last discard last: brought back by Ctrl+Z until closing
        self.discarded: list[list[Question]] = []
        self._comparing: list[int] = []  # flagged drafts waiting for their comparison
        self._fixes: dict[int, int] = {}  # quick fixes sent per draft (older replies wait)
        # the version this window's last quick fix stored, per draft (read and written on
        # the bank thread): fixes in a row build on each other, someone else's save in
        # between is still refused as a conflict
        self._fixed_versions: dict[int, int] = {}
        queue.accept_requested.connect(self.accept)
        queue.discard_requested.connect(self.discard)
        queue.undo_requested.connect(self.undo_discard)
        queue.fix_requested.connect(self.fix)

    # ----- accept --------------------------------------------------------------------

    def accept(self, ids: list[int]) -> None:
        """Accept drafts; a flagged one is shown beside its look-alikes first."""
        flagged = {i.id for i in self.queue.items if i.flagged}
        plain = [i for i in ids if i not in flagged]
        if plain:
            self._accept_now(plain)
        later = [i for i in ids if i in flagged and i not in self._comparing]
        self._comparing += later
        if later and len(self._comparing) == len(later):  # not already comparing
            self._compare_next()

    def _accept_now(self, ids: list[int]) -> None:
        service = self.window.service

        def accept() -> list[int]:
            questions = service.get_many(ids)
            for q in questions:
                service.update(replace(q, status=Status.ACCEPTED))
            return [q.id for q in questions if q.id is not None]

        def done(accepted: list[int]) -> None:
            self.queue.remove(accepted)
            self.window.statusBar().showMessage(f"Accepted {len(accepted)} question(s).", 4000)
            self.window.bank_changed()

        self.window._background(accept, done)

    def _compare_next(self) -> None:
        if not self._comparing:
            return
        qid = self._comparing[0]
        service = self.window.service

        def look() -> Comparison | None:
            found = service.get_many([qid])
            if not found:
                return None
            q = found[0]
            return (q, *bank_matches(service, q))

        def done(found: Comparison | None) -> None:
            self._comparing.pop(0)
            if found is None:
                pass  # gone meanwhile
            elif not found[1]:  # its look-alike has gone: nothing to compare
                self._accept_now([qid])
            else:
                self._ask(*found)
            QTimer.singleShot(0, self._compare_next)

        def failed(exc: BaseException, details: str) -> None:
            self._comparing.clear()
            self.window._failed(exc, details)  # type: ignore[attr-defined]

        self.window._background(look, done, failed)

    def _ask(self, q: Question, pairs: list[tuple[Question, float]], exams: dict) -> None:
        from desktop import duplicate_dialog

        accepted = replace(q, status=Status.ACCEPTED)
        answer = duplicate_dialog.ask_duplicate(
            self.parent_widget, accepted, pairs, in_exams=exams, offer_discard=True
        )
        if answer is None:
            return  # decide later: it stays in the queue
        decision, old_id = answer
        if decision == duplicate_dialog.DISCARD:
            self.discard([q.id] if q.id is not None else [])
            return
        assert isinstance(decision, DuplicateDecision)
        service = self.window.service

        def done(_kept: Question) -> None:
            self.queue.remove([q.id] if q.id is not None else [])
            words = {
                DuplicateDecision.KEEP_BOTH: "Accepted; both questions are kept.",
                DuplicateDecision.REPLACE: f"Question #{old_id} now has this draft's content.",
                DuplicateDecision.MERGE_TAGS: f"Kept #{old_id}, with this draft's tags added.",
            }
            self.window.statusBar().showMessage(words[decision], 6000)
            self.window.bank_changed()

        self.window._background(lambda: service.resolve_duplicate(accepted, old_id, decision), done)

    # ----- discard and undo ----------------------------------------------------------

    def discard(self, ids: list[int]) -> None:
        if not ids:
            return
        service = self.window.service

        def discard() -> list[Question]:
            questions = service.get_many(ids)  # kept, to be brought back by Ctrl+Z
            service.delete(ids)  # refuses questions used in an exam, saying which
            return questions

        def done(gone: list[Question]) -> None:
            self.discarded.append(gone)
            self.queue.remove([q.id for q in gone if q.id is not None])
            self.queue.set_undo_available(len(gone))
            self.window.statusBar().showMessage(
                f"Discarded {len(gone)} draft(s). Ctrl+Z in the queue brings them back.", 6000
            )
            self.window.bank_changed()

        self.window._background(discard, done)

    def forget(self) -> None:
        """Another bank is open: nothing to bring back into it."""
        self.discarded.clear()
        self._comparing.clear()
        self.queue.set_undo_available(0)

    def undo_discard(self) -> None:
        if not self.discarded:
            return
        questions = self.discarded.pop()
        service = self.window.service
        library = SlideLibrary(self.window.bank)

        def restore() -> list[ReviewItem]:
            service.restore(questions)  # the same ids (never given to another question)
            cache: dict[int, list[Slide]] = {}
            return [checked_item(q, slides_for(library, q, cache)) for q in questions]

        def done(items: list[ReviewItem]) -> None:
            for item in items:
                self.queue.add(item)
            if items:
                self.queue.list.setCurrentRow(self.queue.items.index(items[0]))
            self.queue.set_undo_available(len(self.discarded[-1]) if self.discarded else 0)
            self.window.statusBar().showMessage(f"Brought back {len(items)} draft(s).", 4000)
            self.window.bank_changed()

        def failed(exc: BaseException, details: str) -> None:
            self.discarded.append(questions)  # still undoable
            self.window._failed(exc, details)  # type: ignore[attr-defined]

        self.window._background(restore, done, failed)

    # ----- quick fixes ---------------------------------------------------------------

    def fix(self, q: Question) -> None:
        """A quick fix from the queue: stored, re-checked, shown."""
        service = self.window.service
        library = SlideLibrary(self.window.bank)
        qid = q.id if q.id is not None else -1
        self._fixes[qid] = seq = self._fixes.get(qid, 0) + 1

        def store() -> ReviewItem:
            mine = self._fixed_versions.get(qid, 0)
            stored = service.update(replace(q, version=max(q.version, mine)))
            self._fixed_versions[qid] = stored.version
            return checked_item(stored, slides_for(library, stored, {}))

        def done(item: ReviewItem) -> None:
            if self._fixes.get(qid) != seq:
                return  # a later fix of the same draft is on its way: show that one
            old = next((i for i in self.queue.items if i.id == item.id), None)
            if old is not None:  # near-duplicate flags stay until the next check
                item = replace(item, duplicates=old.duplicates, batch_duplicate=old.batch_duplicate)
                self.queue.replace(item.id, item)
            self.window.bank_changed()

        self.window._background(store, done)
