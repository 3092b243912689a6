"""The main window's meaning-based side: the embedding model on the bank thread (made
in the data folder first if need be, see model_setup), the background embedding of
new questions and slides, and the near-duplicate warnings of queued drafts. A mixin
of MainWindow (it uses the window's bank, service, queue and signals)."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

from desktop.errors import log
from storage.bank import QuestionBank
from storage.domain import DuplicateMatch, Question


def _embedder_or_none() -> Any:
    """The embedding model for this thread, or None (then matching is by words only)."""
    from models.embeddings import try_load_embedder

    embedder, why = try_load_embedder()
    if why:
        log.warning("meaning-based search is off: %s", why)
    return embedder


class WindowSemantic:
    """Embeddings and near-duplicate flags of MainWindow."""

    # provided by MainWindow
    bank: Any
    service: Any
    draft_panel: Any
    model_setup: Any
    _closed: bool
    _checker: QuestionBank | None
    _finder: Any
    _embedding: threading.Thread | None
    _embed_again: bool
    _embed_cancel: threading.Event
    _embed_progress: Any
    _embed_status: Any
    _duplicates_found: Any
    _background: Any

    # ----- meaning-based search (embeddings) ---------------------------------------------

    def _start_embeddings(self) -> None:
        """Give the bank thread an embedding model (duplicate checks on save, the slide
        finder), then embed what is not embedded yet on a thread of its own."""
        if self._closed:
            return
        self.model_setup.start()  # made first if this data folder has none; then ready

    def _load_embedder(self) -> None:
        from models.embeddings import try_load_embedder

        if self._closed:
            return
        service = self.service

        def load() -> str:  # on the bank thread, which keeps and uses this model
            why = ""
            if service.embedder is None:
                service.embedder, why = try_load_embedder()
            return why

        def done(why: str) -> None:
            self._finder = None  # made again, now with meaning as well as words
            if self.service.embedder is not None:
                self.model_setup.show_on()
                self.embed_backlog()
            else:
                self.model_setup.show_off(why)

        self._background(load, done)

    def embed_backlog(self) -> None:
        """Embed new and edited questions and slides (after imports, large additions,
        or an existing bank's first start); cancellable, resumed next time."""
        if self._embedding is not None and self._embedding.is_alive():
            self._embed_again = True  # once this run ends
            return
        self._embed_again = False
        bank, cancel, progress = self.bank, self._embed_cancel, self._embed_progress

        def run() -> None:  # a daemon thread: closing the app never waits for it
            from storage.semantic import embed_pending

            embedder = _embedder_or_none()
            if embedder is None:
                return
            try:
                for p in embed_pending(bank, embedder, cancel=cancel.is_set):
                    progress.emit(p.done, p.total)
            except Exception as exc:  # the bank closed or changed under it: next time
                log.info("embedding stopped: %s", exc)
            finally:
                embedder.close()
                progress.emit(-1, -1)

        self._embedding = threading.Thread(target=run, name="embed-backlog", daemon=True)
        self._embedding.start()

    def _embedded(self, done: int, total: int) -> None:
        if self._closed:
            return
        if done < 0:  # the run ended
            self._embed_status.hide()
            self._finder = None  # new slide vectors
            if self._embed_again:
                self.embed_backlog()
            return
        if total > 0 and done < total:
            self._embed_status.setText(f"Indexing for meaning-based search: {done:,} of {total:,}")
            self._embed_status.show()

    def _flag_duplicates(self, questions: list[Question]) -> None:
        """Near-duplicate warnings for queued drafts, from a checker on a thread of its
        own: its index of the whole bank takes seconds to build at 100,000 questions,
        and the bank thread must stay free for saves and searches meanwhile."""
        if not questions:
            return
        if self._checker is None:
            self._checker = QuestionBank(self.bank)  # its index is built on check_pool
        checker = self._checker

        def check() -> None:  # on a daemon thread: closing the app never waits for it
            try:
                found = {
                    q.id: tuple(checker.find_duplicates(q)) for q in questions if q.id is not None
                }
            except Exception:  # the bank closed under it, or it changed: no warnings
                return
            self._duplicates_found.emit((checker, found))

        threading.Thread(target=check, name="duplicate-check", daemon=True).start()

    def _show_duplicates(
        self, result: tuple[QuestionBank, dict[int, tuple[DuplicateMatch, ...]]]
    ) -> None:
        checker, found = result
        if self._closed or checker is not self._checker:
            return  # the bank was switched or changed since: the matches may be stale
        queue = self.draft_panel.queue
        for item in list(queue.items):
            if found.get(item.id):
                queue.replace(item.id, replace(item, duplicates=found[item.id]))
