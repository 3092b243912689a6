"""Courses in the window: the course chooser, the lectures panel over a course's decks,
and the slides a typed request finds, connected to the bank thread.

The main window makes one `CourseWiring(self)` after its panels exist, puts
`wiring.panel` above the lectures panel, and calls `wiring.reload()` whenever its decks
change (after `_reload_decks`). Decks picked in the course's list narrow finding and a
typed request to them; the coverage view (`window.coverage`) offers the course's decks,
or the picked ones, together. Bank work runs on the window's bank thread
(`_background`); failures (an existing name, say) are shown by the window's `_failed`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.course_panel import CoursePanel
from storage.courses import Course, Courses, Membership
from storage.domain import Deck
from storage.requests import ParsedRequest
from storage.slide_finder import FindResult, SlideFinder
from storage.slide_store import SlideLibrary

FIND_LIMIT = 20


class CourseWiring:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.panel = CoursePanel()
        slides, draft = window.slides_panel, window.draft_panel
        self.panel.scope_changed.connect(self._scope)
        self.panel.deck_chosen.connect(self._show_deck)
        self.panel.create_requested.connect(
            lambda name: self._write(lambda c: c.create(name), name)
        )
        self.panel.rename_requested.connect(
            lambda old, new: self._write(lambda c: c.rename(old, new), new)
        )
        self.panel.add_requested.connect(
            lambda name, ids: self._write(lambda c: c.add_decks(name, ids), name)
        )
        self.panel.remove_requested.connect(
            lambda name, ids: self._write(lambda c: c.remove_decks(name, ids), name)
        )
        self.panel.picked_changed.connect(self._picked)
        # the lectures panel asks over the course's decks: the picked ones if some are
        slides.course_find_requested.connect(
            lambda query, _ids: self.find_in_course(query, self.panel.picked_deck_ids())
        )
        slides.selection_changed.connect(
            lambda _chosen: self.panel.show_selection_counts(slides.selection_counts())
        )
        draft.request_read.connect(self._request_read)

    def reload(self, current: str | None = None) -> None:
        """Read the courses and decks again (after imports, or a course was changed)."""
        bank = self.window.bank

        def read() -> tuple[list[Course], list[Deck]]:
            return Courses(bank).courses(), SlideLibrary(bank).decks()

        self.window._background(read, lambda got: self.panel.set_courses(*got, current=current))

    def find_in_course(self, query: str, deck_ids: list[int]) -> None:
        self._find(
            query,
            deck_ids,
            lambda result: self.window.slides_panel.show_course_find_result(
                result.message, [] if result.partial else [h.slide for h in result.hits]
            ),
        )

    # ----- internals -------------------------------------------------------------------

    def _scope(self, deck_ids: list[int]) -> None:
        course = self.panel.current_course()
        self.window.slides_panel.set_scope(deck_ids if course else None, course)

    def _picked(self, deck_ids: list[int]) -> None:
        """Coverage offers the decks worked over together: a course's, or a picked set."""
        coverage = getattr(self.window, "coverage", None)
        if coverage is not None and self.panel.current_course() is not None:
            coverage.set_scope(deck_ids, self.panel.picked_name())
        elif coverage is not None:
            coverage.set_scope(None)

    def _show_deck(self, deck_id: int) -> None:
        box = self.window.slides_panel.deck_box
        index = box.findData(deck_id)
        if index >= 0:
            box.setCurrentIndex(index)

    def _write(self, change: Callable[[Courses], Course | Membership], current: str) -> None:
        bank = self.window.bank

        def done(result: Course | Membership) -> None:
            course = result.course if isinstance(result, Membership) else result
            self.reload(current=course.name)

        self.window._background(lambda: change(Courses(bank)), done)

    def _find(self, query: str, deck_ids: list[int], done: Callable[[FindResult], None]) -> None:
        window = self.window

        def find() -> FindResult:  # on the bank thread, which owns the window's finder
            finder = window._finder
            if finder is None:
                finder = window._finder = SlideFinder(window.bank, window.service.embedder)
            return finder.find(query, deck_ids=deck_ids, limit=FIND_LIMIT)

        window._background(find, done)

    def _request_read(self, request: ParsedRequest) -> None:
        """A typed request selects its slides: over the course shown, or the deck shown;
        one that names no topic leaves the selection as it is."""
        if not (request.generic or request.topic_words()):
            return
        slides = self.window.slides_panel
        if slides.course is not None:
            self.find_in_course(request.text, self.panel.picked_deck_ids())
            return
        deck_id = slides.current_deck_id()
        if deck_id is None:
            return

        def show(result: FindResult) -> None:
            if slides.current_deck_id() == deck_id:
                pages = [] if result.partial else [h.slide.page for h in result.hits]
                slides.show_find_result(result.message, pages)

        self._find(request.text, [deck_id], show)
