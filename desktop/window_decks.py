"""The main window's decks: loading one into the slide panel, importing files and
pasted text (a new version of a deck asks what to do), renaming, and finding the slides
a request is about. A mixin of MainWindow (it uses the window's bank, panels and
background runner)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.errors import show_failure
from storage.database import BankError
from storage.decks import DeckContent, DeckImportError, read_deck
from storage.domain import Deck, Slide
from storage.slide_finder import FindResult, SlideFinder
from storage.slide_store import ImportOutcome, NewVersionError, SlideLibrary, UpdateReport

READ_ONLY = "This bank is read-only (a reviewer's role or a read-only folder): nothing was changed."


class WindowDecks:
    """Decks of MainWindow."""

    # provided by MainWindow
    bank: Any
    service: Any
    slides_panel: Any
    coverage: Any
    bank_panel: Any
    _finder: Any
    courses: Any
    _restore_place: tuple[int, int] | None

    # methods of MainWindow and QMainWindow (annotations only: nothing here shadows them)
    _background: Any
    statusBar: Any
    embed_backlog: Any
    refresh: Any

    def _load_deck(self, deck_id: int) -> None:
        library = SlideLibrary(self.bank)

        def load() -> tuple[Deck, list[Slide], Path | None]:
            deck = library.deck(deck_id)
            return deck, library.slides(deck_id), library.deck_file(deck)

        def done(result: tuple[Deck, list[Slide], Path | None]) -> None:
            if self.slides_panel.current_deck_id() == deck_id:
                self.slides_panel.show_slides(*result)
                where = self._restore_place
                if where is not None and where[0] == deck_id:
                    # the page in view at closing; kept until its own deck shows (another
                    # deck's load may finish first while the window is starting)
                    self._restore_place = None
                    self.slides_panel.go_to_page(where[1])

        self._background(load, done)

    def _choose_decks(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,  # type: ignore[arg-type]
            "Import lecture slides or notes",
            str(Path.home()),
            "Lectures (*.pdf *.md *.markdown *.txt);;All files (*)",
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(
        self, paths: list[Path], update: int | None = None, as_new: bool = False
    ) -> None:
        """Import decks on the bank thread; a new version of a deck asks what to do."""
        if self.bank.read_only:
            self.statusBar().showMessage(READ_ONLY, 6000)
            return
        library = SlideLibrary(self.bank)
        self.statusBar().showMessage(f"Importing {', '.join(p.name for p in paths)}…")

        def work() -> list[tuple[Path, object]]:
            results: list[tuple[Path, object]] = []
            for path in paths:
                try:
                    content = read_deck(path)
                    if update is not None:
                        results.append((path, library.update_deck(update, content)))
                    else:
                        results.append((path, library.import_deck(content, as_new=as_new)))
                except (DeckImportError, BankError) as exc:
                    results.append((path, exc))
            return results

        self._background(work, self._imported)

    def _imported(self, results: list[tuple[Path, object]]) -> None:
        problems, last = [], None
        for path, result in results:
            if isinstance(result, NewVersionError):
                self._ask_new_version(path, result)
            elif isinstance(result, Exception):
                problems.append(str(result))
            elif isinstance(result, ImportOutcome | UpdateReport):
                last = result.deck.id
        if problems:
            QMessageBox.warning(self, "Import", "\n\n".join(problems))
        if last is not None:
            self.statusBar().showMessage("Imported.", 4000)
            self._reload_decks(select=last)
            if self.service.embedder is not None:
                self.embed_backlog()  # the new slides, for the finder
        else:
            self.statusBar().clearMessage()

    def _ask_new_version(self, path: Path, exc: NewVersionError) -> None:
        choice = self._new_version_choice(exc)
        if choice == "update":
            self.import_files([path], update=exc.existing.id)
        elif choice == "separate":
            self.import_files([path], as_new=True)

    def _reload_decks(self, select: int | None = None) -> None:
        self._finder = None  # new slides, new vocabulary
        library = SlideLibrary(self.bank)
        self._background(
            library.decks, lambda decks: self.slides_panel.set_decks(decks, current=select)
        )
        self.courses.reload()  # the course chooser lists the decks too

    def _find_slides(self, query: str, deck_id: int) -> None:
        def find() -> FindResult:  # on the bank thread, which owns the finder
            finder = self._finder
            if finder is None:  # it reads the slides' vocabulary (and vectors) once
                finder = self._finder = SlideFinder(self.bank, self.service.embedder)
            return finder.find(query, deck_ids=[deck_id], limit=20)

        def done(result: FindResult) -> None:
            if self.slides_panel.current_deck_id() == deck_id:
                # slides that only mention some words of the request are not selected
                pages = [] if result.partial else [h.slide.page for h in result.hits]
                self.slides_panel.show_find_result(result.message, pages)

        self._background(find, done)

    def paste_text(self) -> None:
        """File → Paste Text…: text copied from a PDF, slides or notes, split into slides."""
        from desktop.paste_text_dialog import PasteTextDialog

        if self.bank.read_only:
            self.statusBar().showMessage(READ_ONLY, 6000)
            return
        dialog = PasteTextDialog(self)  # type: ignore[arg-type]
        if dialog.exec() and (content := dialog.content()) is not None:
            self._import_content(content)

    def _import_content(
        self, content: DeckContent, update: int | None = None, as_new: bool = False
    ) -> None:
        """A pasted deck (no file behind it) into the bank, on the bank thread."""
        library = SlideLibrary(self.bank)
        self.statusBar().showMessage(f"Importing “{content.title}”…")

        def work() -> list[tuple[Path, object]]:
            try:
                if update is not None:
                    result: object = library.update_deck(update, content)
                else:
                    result = library.import_deck(content, as_new=as_new)
            except (DeckImportError, BankError) as exc:
                result = exc
            return [(Path(content.title), result)]

        def done(results: list[tuple[Path, object]]) -> None:
            result = results[0][1]
            if isinstance(result, NewVersionError):
                choice = self._new_version_choice(result)
                if choice == "update":
                    self._import_content(content, update=result.existing.id)
                elif choice == "separate":
                    self._import_content(content, as_new=True)
                return
            self._imported(results)

        self._background(work, done)

    def _rename_deck(self, deck_id: int) -> None:
        from desktop.paste_text_dialog import ask_deck_name

        if self.bank.read_only:
            self.statusBar().showMessage(READ_ONLY, 6000)
            return
        library = SlideLibrary(self.bank)
        decks = getattr(self.slides_panel, "_decks", [])
        current = next((d.title for d in decks if d.id == deck_id), "")
        name = ask_deck_name(self, current)  # type: ignore[arg-type]
        if not name:
            return

        def failed(exc: BaseException, details: str) -> None:
            show_failure(self, exc, details)  # type: ignore[arg-type]

        def done(_result: object) -> None:
            self._reload_decks(select=deck_id)
            self.refresh()  # the bank browser's and coverage's deck names

        self._background(lambda: library.rename_deck(deck_id, name), done, failed)

    def _new_version_choice(self, exc: NewVersionError) -> str:
        """Ask whether a new version of a deck updates it or is kept apart."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "New version of a deck?",
            str(exc),
            parent=self,  # type: ignore[arg-type]
        )
        update = box.addButton("Update the deck", QMessageBox.ButtonRole.AcceptRole)
        separate = box.addButton("Import as a separate deck", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is update:
            return "update"
        return "separate" if box.clickedButton() is separate else ""
