"""The main window: slides on the left, the question on the right, the bank below."""

from __future__ import annotations

import contextlib
import html
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.bank_browser import BankBrowser
from desktop.course_wiring import CourseWiring
from desktop.coverage_view import CoverageView
from desktop.draft_panel import DraftPanel, ModelChoice
from desktop.errors import draft_not_stored, log_path, show_error
from desktop.model_setup import ModelSetup
from desktop.question_editor import QuestionEditor
from desktop.review_actions import ReviewActions, checked_item, slides_for
from desktop.review_queue import ReviewItem
from desktop.settings import AppSettings
from desktop.shortcuts import ShortcutsDialog, make_action
from desktop.slide_panel import SlidePanel
from desktop.window_bank import EMBEDDINGS_DELAY_MS, WindowBank
from desktop.window_decks import WindowDecks
from desktop.window_semantic import WindowSemantic, _embedder_or_none
from desktop.window_settings import WindowSettings
from desktop.worker import run_in_background
from models.drafting import Draft, DraftRequest, run_drafting
from storage.bank import DuplicateDecision, QuestionBank
from storage.database import Bank, BankError
from storage.decks import DeckImportError
from storage.domain import (
    Choice,
    Deck,
    Question,
    QuestionFilter,
    QuestionType,
    Slide,
    SlideRef,
    Status,
)
from storage.question_history import EditConflictError
from storage.recovery import RecoveryJournal
from storage.slide_finder import SlideFinder
from storage.slide_store import SlideLibrary

# Drafts loaded into the review queue when a bank opens (the oldest first).
REVIEW_LIMIT = 500
# A redraft draws on this many pages either side of the cited slides: options of the
# key's own kind, and another fact to ask about, often sit well away from the key.
REDRAFT_NEIGHBOURS = 40
# Near-duplicate warnings for the queue wait until the window has settled.
DUPLICATE_CHECK_DELAY_MS = 1500


def _panel(title: str, name: str, body: QWidget, empty_text: str) -> tuple[QWidget, QStackedWidget]:
    """A titled region that shows `empty_text` until it has something to show."""
    panel = QWidget()
    panel.setObjectName(name)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(QLabel(f"<b>{title}</b>"))
    stack = QStackedWidget()
    stack.setFrameShape(QFrame.Shape.StyledPanel)
    empty = QLabel(empty_text)
    empty.setWordWrap(True)
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setStyleSheet("color: palette(mid); padding: 16px;")
    stack.addWidget(empty)
    stack.addWidget(body)
    layout.addWidget(stack, 1)
    return panel, stack


class MainWindow(WindowSettings, WindowSemantic, WindowDecks, WindowBank, QMainWindow):
    _duplicates_found = Signal(object)  # (checker, {question id: matches}), from its thread
    _embed_progress = Signal(int, int)  # texts embedded, texts pending; -1, -1 at the end

    def __init__(self, bank: Bank) -> None:
        super().__init__()
        # Drafting and rendering run on threads that are busy in Python code;
        # a short GIL switch interval keeps the GUI thread's waits short.
        sys.setswitchinterval(0.001)
        self.bank = bank
        self.service = QuestionBank(bank)
        self.settings = AppSettings()
        self.service.author = self.settings.author_name() or self.service.author
        # One thread owns the bank, so reads and writes never interleave.
        self.bank_pool = QThreadPool(self)
        self.bank_pool.setMaxThreadCount(1)
        self.bank_pool.setExpiryTimeout(-1)  # one thread for good: the embedder lives on it
        # Near-duplicate checks of queued drafts: a service and thread of their own.
        self._checker: QuestionBank | None = None
        self._duplicates_found.connect(self._show_duplicates)
        # Embeddings of questions and slides not embedded yet: a daemon thread.
        self._embedding: threading.Thread | None = None
        self._embed_again = False
        self._embed_cancel = threading.Event()
        self._embed_progress.connect(self._embedded)
        self._request = 0  # replies to superseded requests are dropped
        self._jobs: set[Any] = set()  # running jobs' signal objects, kept alive
        self._closed = False
        self._editor_follows_queue = False  # the editor was opened on a queued draft
        self._editing_id: int | None = None  # the question last asked for in the editor
        self._restore_place: tuple[int, int] | None = None  # deck id, page at the last close
        # made on first use (it reads the slides' vocabulary), dropped when decks change
        self._finder: SlideFinder | None = None

        self.actions_by_name: dict[str, QAction] = {}
        self.setWindowTitle(self.bank_title())
        # a comfortable size that still fits small laptop screens (1366×768)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is not None and (room.width() < 1300 or room.height() < 860):
            self.resize(room.width(), room.height() - 40)  # leave the title bar visible
        elif room is not None and room.width() >= 1600:  # a large screen: use most of it
            self.resize(min(1800, int(room.width() * 0.9)), min(1150, int(room.height() * 0.9)))
        else:
            self.resize(1280, 820)

        self.slides_panel = SlidePanel()
        self.journal = RecoveryJournal()
        self.editor = QuestionEditor(save=self._save_question, journal=self.journal)
        self.editor_panel, self.editor_stack = _panel(
            "Question",
            "editorPanel",
            self.editor,
            "Double-click a question in the bank below, or Edit a draft, to edit it here.",
        )
        self.bank_panel = BankBrowser()
        self.bank_panel.set_bank(bank, run_write=self._background)
        self.coverage = CoverageView()
        self.coverage.set_bank(bank)
        self.draft_panel = DraftPanel()
        self.draft_panel.make_job = self._drafting_job
        self.right_tabs = QTabWidget()
        self.right_tabs.addTab(self.draft_panel, "Draft && Review")
        self.right_tabs.addTab(self.editor_panel, "Question")
        self.right_tabs.addTab(self.coverage, "Coverage")

        top = self._top_splitter = QSplitter(Qt.Orientation.Horizontal)
        # the lectures side: the course chooser (added below) over the slide panel
        self._lectures = QWidget()
        lectures_layout = QVBoxLayout(self._lectures)
        lectures_layout.setContentsMargins(0, 0, 0, 0)
        lectures_layout.setSpacing(4)
        lectures_layout.addWidget(self.slides_panel, 1)
        top.addWidget(self._lectures)
        top.addWidget(self.right_tabs)
        top.setSizes([640, 640])
        outer = self._outer_splitter = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(top)
        outer.addWidget(self.bank_panel)
        # a short screen (1280×720) gives the bank a larger share: it shows ~5 rows
        short = room is not None and room.height() < 900
        outer.setSizes([600, 400] if short else [560, 260])
        self.setCentralWidget(outer)

        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status, 1)
        self._embed_status = QLabel()
        self._embed_status.hide()
        self.statusBar().addPermanentWidget(self._embed_status)
        # the embedding model, made in this data folder on first use; a notice while off
        self.model_setup = ModelSetup(self.statusBar(), self.settings.prepare_models())
        self.model_setup.ready.connect(self._load_embedder)
        self._build_menus()
        self.show_bank_state()  # a read-only bank: title says so, writing actions off

        # a burst of changes (drafts arriving, autosaves) reloads the views once
        self._search_timer = QTimer(self, singleShot=True, interval=300)
        self._search_timer.timeout.connect(self.refresh)
        self.bank_panel.question_activated.connect(self._edit_question)
        self.bank_panel.bank_changed.connect(self._bank_changed_elsewhere)
        self.bank_panel.selection_changed.connect(self._bank_selection)
        self.coverage.questions_requested.connect(self.bank_panel.show_slide)
        self.coverage.slide_activated.connect(
            lambda deck, page: self.slides_panel.show_citation(SlideRef(deck, page))
        )
        self.editor.save_requested.connect(self._save_requested)
        self.slides_panel.current_page_changed.connect(self.editor.set_current_slide)
        self.slides_panel.deck_changed.connect(self.coverage.set_deck)
        self.slides_panel.deck_changed.connect(self._load_deck)
        self.slides_panel.import_requested.connect(self.import_files)
        self.slides_panel.rename_requested.connect(self._rename_deck)
        self.slides_panel.import_button.clicked.connect(self._choose_decks)
        self.slides_panel.find_requested.connect(self._find_slides)
        self.slides_panel.selection_changed.connect(self.draft_panel.set_slides)
        self.draft_panel.draft_ready.connect(self._store_draft)
        self.draft_panel.test_server_requested.connect(self._test_server)
        self.draft_panel.catalog_requested.connect(self._open_catalog)
        queue = self.draft_panel.queue
        # accept (comparing a flagged draft first), discard and its undo, quick fixes
        self.review = ReviewActions(self, queue, self)
        queue.edit_requested.connect(self._edit_from_queue)
        queue.redraft_requested.connect(self._redraft)
        queue.citation_clicked.connect(self.slides_panel.show_citation)
        queue.current_changed.connect(self._review_item_chosen)
        # courses: the chooser over the lectures, finding and drafting over a course
        self.courses = CourseWiring(self)
        lectures_layout.insertWidget(0, self.courses.panel)
        self.courses.reload()
        self.apply_settings()
        self._restore_layout()
        self.draft_panel.model_box.activated.connect(
            lambda _i: self.settings.set_model_path(str(self.draft_panel.model_box.currentData()))
        )
        self._find_models()
        self.refresh()
        self._load_review_queue()
        # the embedding model loads once the window has settled (it takes ~0.5 s)
        QTimer.singleShot(EMBEDDINGS_DELAY_MS, self._start_embeddings)

    def _action(self, name: str, text: str, slot: Callable[[], object]) -> QAction:
        """A window action whose keys come from the shortcut table (so F1 tells the truth)."""
        action = make_action(self, name, text)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        file_menu = self.menuBar().addMenu("&File")
        import_action = self._action("import_lecture", "&Import Lecture…", self._choose_decks)
        new_action = QAction("&New Question", self)
        new_action.triggered.connect(self.new_question)
        exam_action = self._action("create_exam", "Create &Exam…", self._create_exam)
        exam_action.setToolTip(
            "Make a printable PDF exam (and Moodle XML) from the selected or drawn questions"
        )
        paste_action = QAction("&Paste Text…", self)
        paste_action.setToolTip("Text copied from a PDF, slides or notes, split into slides")
        paste_action.triggered.connect(self.paste_text)
        file_menu.addActions([import_action, paste_action, new_action, exam_action])
        toolbar.addActions([import_action, new_action, exam_action])
        file_menu.addSeparator()
        file_menu.addAction(self._action("open_bank", "&Open Bank…", self._choose_bank))
        shared_action = QAction("Open a &Shared Bank…", self)
        shared_action.setToolTip("A department's bank on a PostgreSQL server")
        shared_action.triggered.connect(self.open_shared_bank)
        file_menu.addAction(shared_action)
        self.actions_by_name.update(
            import_lecture=import_action,
            paste_text=paste_action,
            new_question=new_action,
            create_exam=exam_action,
        )
        backup_action = QAction("&Back Up Bank…", self)
        backup_action.triggered.connect(self._backup_bank)
        file_menu.addAction(backup_action)
        file_menu.addAction(self._action("settings", "&Settings…", self.open_settings))
        file_menu.addSeparator()
        file_menu.addAction(self._action("quit", "&Quit", self.close))
        self._action("find_bank", "Search the Bank", self._focus_search)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("help", "&Keyboard Shortcuts", self._shortcuts))
        welcome = QAction("&Welcome", self)
        welcome.triggered.connect(self.show_welcome)
        help_menu.addAction(welcome)
        log_action = QAction("Open the &Log Folder", self)
        log_action.triggered.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path().parent)))
        )
        help_menu.addAction(log_action)
        about = QAction("&About Quizwright", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _shortcuts(self) -> None:
        dialog = ShortcutsDialog(self)
        dialog.open()
        self._shortcuts_dialog = dialog

    def _focus_search(self) -> None:
        self.bank_panel.search.setFocus()
        self.bank_panel.search.selectAll()

    # ----- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the decks, the bank browser and the coverage after changes."""
        if self._closed:
            return
        self._request += 1
        request = self._request
        library, service = SlideLibrary(self.bank), self.service

        def load() -> tuple[list[Deck], list[str], int]:  # runs on the bank thread
            return library.decks(), service.categories(), service.count()

        def done(result: tuple[list[Deck], list[str], int]) -> None:
            if request == self._request:
                self._loaded(*result)

        self._background(load, done)
        self.bank_panel.reload()
        self.coverage.reload()

    def _loaded(self, decks: list[Deck], categories: list[str], total: int) -> None:
        if [d.id for d in decks] != self.slides_panel.deck_ids:
            # the deck in view when the app closed (not the most recently imported one)
            where = self._restore_place
            self.slides_panel.set_decks(decks, current=where[0] if where else None)
            shown = self.coverage.current_deck() or self.coverage.current_scope()
            if decks and shown is None:  # keep "All N decks" when a deck is imported
                self.coverage.set_deck(decks[-1].id)
        self.editor.set_categories(categories)
        self._status.setText(f"Bank: {self.bank.location}   ·   {total:,} question(s)")

    def _bank_selection(self, ids: list[int]) -> None:
        n = len(ids)
        self.statusBar().showMessage(f"{n} question(s) selected" if n > 1 else "", 3000)

    def _bank_changed_elsewhere(self) -> None:
        """A bulk change in the browser: the queue and the coverage may show stale rows."""
        self._checker = None  # its index no longer matches the bank
        self._load_review_queue()
        self.coverage.reload()

    def _show_question(self, q: Question) -> None:
        """Open `q` in the editor, with its cited slides' text for the live checks."""
        library = SlideLibrary(self.bank)
        decks = sorted({r.deck_id for r in q.sources})

        def load() -> dict[tuple[int, int], str]:
            texts: dict[tuple[int, int], str] = {}
            for deck_id in decks:
                with contextlib.suppress(BankError):  # a deleted deck: nothing to ground on
                    texts.update({(deck_id, s.page): s.text for s in library.slides(deck_id)})
            return texts

        def done(texts: dict[tuple[int, int], str]) -> None:
            self.editor.load(q, texts)
            if q.sources:  # the slide it was drafted from, with the sentence marked
                self.slides_panel.show_citation(q.sources[0])
            self.editor_stack.setCurrentIndex(1)
            self.right_tabs.setCurrentWidget(self.editor_panel)

        self._background(load, done)

    def new_question(self) -> None:
        self._editor_follows_queue, self._editing_id = False, None
        self.editor.load(Question(QuestionType.MCQ, "", (Choice("", 1.0), Choice(""))))
        self.editor_stack.setCurrentIndex(1)
        self.right_tabs.setCurrentWidget(self.editor_panel)

    def _save_question(self, q: Question) -> None:
        """The editor's autosave: store on the bank thread, then tell the editor."""
        service = self.service

        def save() -> Question:
            return service.update(q) if q.id is not None else service.add(q)

        def done(stored: Question) -> None:
            self.editor.saved(stored)
            if stored.status is Status.DRAFT and stored.id is not None:
                queue = self.draft_panel.queue
                old = next((i for i in queue.items if i.id == stored.id), None)
                if old is not None:
                    queue.replace(stored.id, replace(old, question=stored))
            elif stored.id is not None:
                self.draft_panel.queue.remove([stored.id])
            self._search_timer.start()

        def failed(exc: BaseException, _details: str) -> None:
            if isinstance(exc, EditConflictError):
                self._edit_conflict(q, exc)
                return
            self.editor.save_failed(q, str(exc))

        self._background(save, done, failed)

    def _edit_conflict(self, q: Question, exc: EditConflictError) -> None:
        """A colleague saved the question first: both versions side by side, then keep
        mine, keep theirs or a merge of fields; nothing is overwritten unasked."""
        from desktop.conflict_dialog import resolve_conflict

        self.editor.save_failed(q, "Someone else saved this question first")
        resolution = resolve_conflict(self, exc)
        if resolution is None:
            return  # decide later: the edits stay in the editor (and the journal)
        choice, chosen = resolution
        self.editor.load(chosen)
        if choice != "theirs":
            self._save_question(chosen)

    def _save_requested(self, q: Question) -> None:
        """Save now / Accept: a similar bank question is shown side by side first."""
        service = self.service

        from desktop.duplicate_dialog import Matches, bank_matches

        def matches() -> Matches:
            return bank_matches(service, q)

        def done(result: Matches) -> None:
            found, exams = result
            if not found:
                return
            from desktop.duplicate_dialog import DISCARD, ask_duplicate

            pair = ask_duplicate(self, q, found, in_exams=exams, offer_discard=q.id is not None)
            if pair is None:
                return  # decide later: both stay
            decision, old_id = pair
            self.editor.flush()
            if decision == DISCARD:
                self.review.discard([q.id] if q.id is not None else [])
                return
            assert isinstance(decision, DuplicateDecision)
            # the question asked about: the editor may have moved on to the next draft
            current = self.editor.current()
            latest = current if current.id == q.id else q
            def refused(exc: BaseException, details: str) -> None:
                if isinstance(exc, EditConflictError):
                    self._edit_conflict(latest, exc)
                else:
                    self._failed(exc, details)

            self._background(
                lambda: service.resolve_duplicate(latest, old_id, decision),
                self._duplicate_resolved,
                refused,
            )

        self._background(matches, done)

    def _duplicate_resolved(self, kept: Question) -> None:
        if not self._editor_follows_queue:  # else the editor shows the next draft already
            self.editor.load(kept)
        self._load_review_queue()
        self._search_timer.start()

    # ----- drafting ---------------------------------------------------------------------

    def _drafting_job(self, slides: list[Slide], request: DraftRequest, model: ModelChoice) -> Any:
        # Its own service: the duplicate index is not shared across threads.
        checker = QuestionBank(self.bank)
        deadline = self.settings.server_deadline()  # read here, on the GUI thread

        def job(cancel: threading.Event) -> Iterator[object]:
            # The engine is loaded, used and closed on the drafting thread:
            # gpt4all models must stay on one thread.
            engine: Any = None
            if model.server_url:
                from models.openai_engine import OpenAICompatibleEngine

                engine = OpenAICompatibleEngine(
                    model.server_url,
                    model.server_model,
                    deadline=deadline,
                    timeout_hint=", or allow longer (model/server_deadline in settings.ini)",
                )
            elif model.path:
                from models.gpt4all_engine import Gpt4AllEngine

                engine = Gpt4AllEngine(model.path, n_threads=model.n_threads, n_ctx=model.n_ctx)
            # drafts are compared with the bank by meaning too: the checker embeds them
            checker.embedder = _embedder_or_none()
            try:
                # every slide of the decks drafted from: false statements are checked on all
                library = SlideLibrary(self.bank)
                reference = [
                    s for d in sorted({s.deck_id for s in slides}) for s in library.slides(d)
                ]
                # the near-duplicate check's embedder also ranks wrong options by meaning
                yield from run_drafting(
                    slides,
                    request,
                    engine,
                    checker,
                    cancel,
                    reference=reference,
                    embedder=checker.embedder,
                )
            finally:
                if engine is not None:
                    engine.close()
                if checker.embedder is not None:
                    checker.embedder.close()

        return job

    def _find_models(self) -> None:
        """List local models in the background (reading GGUF headers is disk work)."""

        def find() -> list[tuple[str, str]]:
            from models.bundled import LOADABLE_FILE
            from models.model_files import local_models

            return [
                (f"{m.name} ({m.architecture})", m.path or "")
                for m in local_models(include_bundled=False)
                if m.path and not m.path.endswith(LOADABLE_FILE)
            ]

        # Not on the bank thread: this reads model files, not the bank.
        self._model_job = run_in_background(
            find,
            lambda models: None if self._closed else self._models_found(models),
            lambda *_: None,
        )

    def _models_found(self, models: list[tuple[str, str]]) -> None:
        self.draft_panel.set_models(models)
        index = self.draft_panel.model_box.findData(self.settings.model_path())
        if index >= 0:  # the model chosen last time, now that it is listed
            self.draft_panel.model_box.setCurrentIndex(index)

    def _store_draft(self, draft: Draft) -> None:
        if self._closed:
            return
        service = self.service
        old = self.draft_panel.replacing  # a redraft replaces the draft it was asked for
        self.draft_panel.replacing = None

        def store() -> Question:
            stored = service.add(draft.question)
            if old is not None:
                service.delete([old])
            return stored

        def done(stored: Question) -> None:
            if old is not None:
                self.draft_panel.queue.remove([old])
            self.draft_panel.queue_draft(replace(draft, question=stored))
            self._search_timer.start()

        def failed(exc: BaseException, details: str) -> None:
            # the bank refused it: said in words, and kept in the recovery journal
            draft_not_stored(self, self.journal, draft.question, exc, details)

        self._background(store, done, failed)

    # ----- review ------------------------------------------------------------------------

    def _load_review_queue(self) -> None:
        """Every question with status draft goes into the queue, re-checked."""
        service = self.service
        library = SlideLibrary(self.bank)

        def load() -> list[ReviewItem]:  # on the bank thread
            drafts = service.list_questions(QuestionFilter(status=Status.DRAFT, limit=REVIEW_LIMIT))
            cache: dict[int, list[Slide]] = {}
            # near-duplicates come later, off the bank thread (see _flag_duplicates)
            return [checked_item(q, slides_for(library, q, cache)) for q in drafts]

        def done(items: list[ReviewItem]) -> None:
            self.draft_panel.queue.set_items(items)
            # after the window has settled: the index build is seconds of CPU at 100k
            QTimer.singleShot(
                DUPLICATE_CHECK_DELAY_MS,
                lambda: (
                    None
                    if self._closed
                    else self._flag_duplicates([i.question for i in self.draft_panel.queue.items])
                ),
            )

        self._background(load, done)

    def _redraft(self, item: ReviewItem) -> None:
        library = SlideLibrary(self.bank)
        cited = {(r.deck_id, r.page) for r in item.question.sources}

        def near(deck_id: int, page: int) -> bool:
            # the cited slides and their neighbours: options need a little vocabulary
            return any(d == deck_id and abs(p - page) <= REDRAFT_NEIGHBOURS for d, p in cited)

        def load() -> list[Slide]:
            slides: list[Slide] = []
            for deck_id in sorted({d for d, _ in cited}):
                slides += [s for s in library.slides(deck_id) if near(deck_id, s.page)]
            return slides

        def done(slides: list[Slide]) -> None:
            # without citations, the slides selected now are used
            self.draft_panel.redraft(item, slides or self.slides_panel.all_selected_slides())

        self._background(load, done)

    def _edit_question(self, qid: int) -> None:
        self._editor_follows_queue = self._editor_follows_queue and any(
            i.id == qid for i in self.draft_panel.queue.items
        )
        self._editing_id = qid  # asked for once: a repeated selection signal loads it once
        service = self.service
        self._background(lambda: service.get(qid), self._show_question)
        self.editor.flush()

    def _edit_from_queue(self, qid: int) -> None:
        self._editor_follows_queue = True  # Accept in the editor moves on to the next draft
        self._edit_question(qid)

    def _review_item_chosen(self, item: ReviewItem | None) -> None:
        if item is None:
            if self._editor_follows_queue and self.editor.current().status is not Status.DRAFT:
                self._editor_follows_queue = False
                self.editor_stack.setCurrentIndex(0)  # the queue is empty: nothing to edit
            return
        if self._editor_follows_queue and self._editing_id != item.id:
            self._edit_question(item.id)  # the editor shows what the queue shows
        elif item.question.sources:
            self.slides_panel.show_citation(item.question.sources[0])

    def bank_changed(self) -> None:
        """Questions were written: the views reload once the burst is over."""
        self._search_timer.start()

    # ----- models ------------------------------------------------------------------------

    def _test_server(self, url: str, model: str) -> None:
        def test() -> list[str]:
            from models.openai_engine import OpenAICompatibleEngine

            return OpenAICompatibleEngine(url, "").test_connection()

        def done(models: list[str]) -> None:
            if self._closed:
                return
            if not models:
                message = f"{url} answered but offers no models."
            elif model and model not in models:
                message = f"{url} has no model {model!r}; it has: {', '.join(models)}."
            else:
                message = f"Connected: {url} offers {len(models)} model(s)."
            self.draft_panel.show_server_models(models, message)

        def failed(exc: BaseException, _details: str) -> None:
            if not self._closed:
                self.draft_panel.show_server_models([], f"No connection: {exc}")

        self._server_job = run_in_background(test, done, failed)

    def _open_catalog(self) -> None:
        from desktop.model_catalog import ModelCatalogDialog

        dialog = ModelCatalogDialog(self)
        dialog.downloaded.connect(lambda _path: self._find_models())
        dialog.open()

    # ----- lectures ---------------------------------------------------------------------

    def _background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None] | None = None,
    ) -> None:
        """Run `fn` on the bank thread, then `on_done(result)` (or `on_error`) here."""
        signals: Any = None

        def finished(result: Any) -> None:
            self._jobs.discard(signals)
            if not self._closed:  # a reply that arrives after closing has nowhere to go
                on_done(result)

        def failed(exc: BaseException, details: str) -> None:
            self._jobs.discard(signals)
            if not self._closed:
                (on_error or self._failed)(exc, details)

        signals = run_in_background(fn, finished, failed, self.bank_pool)
        self._jobs.add(signals)

    def _failed(self, exc: BaseException, details: str) -> None:
        # expected problems (a bad file, a refused delete) carry their own message;
        # only unexpected ones come with a traceback worth copying
        expected = isinstance(exc, BankError | DeckImportError)
        self._error = show_error(self, str(exc), "" if expected else details)

    # ----- exams -----------------------------------------------------------------------

    def selected_question_ids(self) -> list[int]:
        return self.bank_panel.selected_ids()

    def _create_exam(self) -> None:
        from desktop.exam_dialog import ExamDialog

        settings = self.settings
        dialog = ExamDialog(
            self.selected_question_ids(),
            settings.export_folder(),
            institution=settings.institution(),
            paper=settings.paper(),
            font_size=settings.font_size(),
            parent=self,
            service=self.service,  # sections, order and the cueing check before writing
            settings=settings,  # the last choices come back
        )
        dialog.submitted.connect(lambda request: self._export_exam(dialog, request))
        dialog.open()
        self._exam_dialog = dialog

    def _export_exam(self, dialog: Any, request: Any) -> None:
        from storage.export_targets import ExportTargetError, check_export_targets
        from storage.exports.files import ExamExport, create_and_export

        targets = request.targets()  # every file the request writes: PDF, Word, XML, QTI
        try:  # before the exam is stored: a target that must not be replaced changes nothing
            check_export_targets(targets, self.bank.path)
        except ExportTargetError as exc:
            dialog.show_error(str(exc))
            return
        service = self.service

        def done(result: ExamExport) -> None:
            dialog.accept()
            self.settings.set_export_folder(request.out.parent)
            self._search_timer.start()
            self._show_export(result)

        def failed(exc: BaseException, _details: str) -> None:
            dialog.show_error(str(exc))

        self._background(lambda: create_and_export(service, request), done, failed)

    def _show_export(self, result: Any) -> None:
        files = "<br>".join(html.escape(str(f)) for f in result.files)
        exam = result.exam
        warnings = getattr(result, "qti_warnings", ())
        canvas = (
            "<br><br><b>Canvas:</b><br>" + "<br>".join(html.escape(w) for w in warnings)
            if warnings
            else ""
        )  # questions Canvas cannot take (ordering…) are named, never silently left out
        box = QMessageBox(
            QMessageBox.Icon.Information if not warnings else QMessageBox.Icon.Warning,
            "Exam created",
            f"<b>{html.escape(exam.header.title)}</b>: {len(exam.items)} question(s), "
            f"{exam.total_points:g} points (exam {exam.id}).<br><br>{files}{canvas}",
            parent=self,
        )
        open_folder = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        folder = result.files[0].parent if result.files else None
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))) if folder else None
        )
        box.open()
        self._export_box = box

    # ----- actions -------------------------------------------------------------------

    def _about(self) -> None:
        import importlib.metadata

        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        def version(dist: str) -> str:
            try:
                return importlib.metadata.version(dist)
            except importlib.metadata.PackageNotFoundError:
                return "not installed"

        choice = self.draft_panel.model_choice()
        QMessageBox.about(
            self,
            "About Quizwright",
            "<b>Quizwright</b> " + version("quizwright") + "<br>Turn lecture slides into exams, "
            "offline.<br><br>"
            f"Qt {qVersion()} · Qt for Python {pyside_version}<br>"
            f"GPT4All {version('gpt4all')} · PyMuPDF {version('pymupdf')} · "
            f"SQLAlchemy {version('sqlalchemy')}<br>"
            f"Model: {html.escape(choice.label)}<br>"
            f"Bank: {html.escape(self.bank.location)}<br>"
            f"Log: {html.escape(str(log_path()))}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()
        self._save_layout()
        self.editor.flush()  # the last edits go to the bank before it closes
        self._embed_cancel.set()
        self.bank_pool.waitForDone(5000)
        self._closed = True
        self.model_setup.shutdown()
        self.bank_panel.shutdown()
        self.coverage.shutdown()
        self.draft_panel.shutdown()
        self.slides_panel.shutdown()
        self.bank_pool.waitForDone(5000)
        self.bank.close()
        super().closeEvent(event)
