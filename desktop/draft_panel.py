"""The Draft panel: what to ask for, with which model, progress, live model text, Stop,
and the review queue where the drafts arrive."""

from __future__ import annotations

import random
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.review_queue import ReviewItem, ReviewQueue
from desktop.settings import DEFAULT_SERVER_URL, validate_server_url
from models.drafting import Draft, DraftingError, DraftProgress, DraftRequest, run_drafting
from storage.domain import Bloom, Difficulty, QuestionType, Slide
from storage.requests import ParsedRequest, parse_request

SERVER = "server:"  # the model box's entry for an OpenAI-compatible server


@dataclass(frozen=True)
class ModelChoice:
    """Which engine drafts: the bundled model, a GGUF file, or a local server."""

    path: str = ""  # a GGUF file; "" = the bundled model
    server_url: str = ""  # set for an OpenAI-compatible server
    server_model: str = ""
    n_threads: int | None = None  # GPT4All: CPU threads (None: its default)
    n_ctx: int = 4096  # GPT4All: context size in tokens

    @property
    def label(self) -> str:
        if self.server_url:
            return f"{self.server_model} at {self.server_url}"
        return Path(self.path).name if self.path else "SmolLM2-135M-Instruct (bundled)"


TYPES = (
    (QuestionType.MCQ, "Multiple choice", 3),
    (QuestionType.MULTI, "Multiple answers", 0),
    (QuestionType.TRUE_FALSE, "True/false", 2),
    (QuestionType.MATCHING, "Matching", 0),
    (QuestionType.ORDERING, "Ordering", 0),
    (QuestionType.SHORT, "Short answer", 0),
    (QuestionType.CLOZE, "Cloze", 0),
    (QuestionType.ESSAY, "Essay / assignment", 0),
    (QuestionType.NUMERICAL, "Numerical", 0),
)


class _DraftWorker(QObject):
    """Runs the drafting generator on its own thread and reports through signals."""

    progress = Signal(object)  # DraftProgress
    drafted = Signal(object)  # Draft
    finished = Signal(str)  # closing message
    failed = Signal(str, str)  # message, details

    def __init__(self, job: Callable[[threading.Event], Any]) -> None:
        super().__init__()
        self.job = job
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            count, last = 0, None
            for item in self.job(self.cancel):
                if isinstance(item, Draft):
                    count += 1
                    self.drafted.emit(item)
                elif isinstance(item, DraftProgress):
                    last = item
                    self.progress.emit(item)
            stopped = " (stopped)" if self.cancel.is_set() else ""
            # a shortfall explained by the last progress message stays on screen
            why = f" {last.message}" if last and count < last.total and not stopped else ""
            self.finished.emit(f"Drafted {count} question(s){stopped}.{why}")
        except DraftingError as exc:
            self.failed.emit(str(exc), "")
        except Exception as exc:  # shown to the user, never lost in the thread
            self.failed.emit(f"Drafting failed: {exc}", traceback.format_exc())


class DraftPanel(QWidget):
    """Emits `draft_ready(Draft)` for each good draft; the window stores it."""

    draft_ready = Signal(object)
    test_server_requested = Signal(str, str)  # base URL, model name
    catalog_requested = Signal()
    # a typed request was read into the controls; the window finds its slides (the
    # request's text: the finder reads its topic, or the central slides if generic)
    request_read = Signal(object)  # ParsedRequest

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftPanel")
        self.slides: list[Slide] = []
        self.spins: dict[QuestionType, QSpinBox] = {}
        counts = QGridLayout()
        counts.setHorizontalSpacing(10)
        for i, (qtype, label, default) in enumerate(TYPES):
            spin = QSpinBox(minimum=0, maximum=50, value=default)
            spin.setToolTip(f"How many {label.lower()} questions to draft")
            self.spins[qtype] = spin
            row, col = divmod(i, 3)
            counts.addWidget(QLabel(label), row, 2 * col)
            counts.addWidget(spin, row, 2 * col + 1)
        counts.setColumnStretch(6, 1)
        self.request_edit = QLineEdit(
            placeholderText="Type a request, e.g. “5 MCQs and 2 true/false on quantization, "
            "make it hard”"
        )
        self.request_edit.setClearButtonEnabled(True)
        self.request_edit.setToolTip(
            "Counts per type, the level, Bloom, focus terms and assignments are read into the "
            "choices below for you to check; the topic selects the slides"
        )
        self.read_button = QPushButton("Read")
        self.read_button.setToolTip("Fill the choices below from the request")
        self.understood = QLabel()
        self.understood.setWordWrap(True)
        self.understood.hide()
        request_row = QHBoxLayout()
        request_row.addWidget(self.request_edit, 1)
        request_row.addWidget(self.read_button)
        self.read_button.clicked.connect(lambda: self.read_request())
        self.request_edit.returnPressed.connect(lambda: self.read_request())
        self.difficulty = QComboBox()
        for d in Difficulty:
            self.difficulty.addItem(d.value.capitalize(), d.value)
        self.difficulty.setCurrentIndex(1)
        self.difficulty.setToolTip(
            "Easy: recall of a definition or fact. Medium: understanding a statement. "
            "Hard: application or analysis, with distractors from the same family of concepts."
        )
        self.bloom = QComboBox()
        self.bloom.addItem("Any Bloom level", "")
        for b in Bloom:
            self.bloom.addItem(b.value.capitalize(), b.value)
        self.focus = QLineEdit(placeholderText="optional focus terms, e.g. LoRA, MoE")
        level = QHBoxLayout()
        level.addWidget(self.difficulty)
        level.addWidget(self.bloom)
        level.addWidget(self.focus, 1)
        self.model_box = QComboBox()
        self.model_box.addItem("Bundled SmolLM2-135M: drafts built from the slides", "")
        self.model_box.addItem("OpenAI-compatible server (Ollama, LM Studio, llama.cpp)…", SERVER)
        self.model_box.setToolTip(
            "Local models found in Quizwright's and GPT4All's model folders, or a "
            "chat server on this machine; a capable model writes the questions itself"
        )
        self.model_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_box.setMinimumContentsLength(24)
        self.catalog_button = QPushButton("Get models…")
        self.catalog_button.setToolTip("Download a stronger model from GPT4All's catalog")
        self.catalog_button.clicked.connect(self.catalog_requested)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_box, 1)
        model_row.addWidget(self.catalog_button)
        self.server_url = QLineEdit(DEFAULT_SERVER_URL)
        self.server_url.setToolTip("The server's OpenAI-compatible address, ending in /v1")
        self.server_model = QComboBox(editable=True)
        self.server_model.setMinimumContentsLength(14)
        self.server_model.setPlaceholderText("model name, e.g. llama3.2")
        self.test_button = QPushButton("Test")
        self.test_button.setToolTip("Ask the server which models it has")
        self.test_button.clicked.connect(self._test_server)
        self.server_row = QWidget()
        server = QHBoxLayout(self.server_row)
        server.setContentsMargins(0, 0, 0, 0)
        server.addWidget(self.server_url, 2)
        server.addWidget(self.server_model, 1)
        server.addWidget(self.test_button)
        self.server_row.hide()
        self.model_box.currentIndexChanged.connect(
            lambda _i: self.server_row.setVisible(self.model_box.currentData() == SERVER)
        )
        form = QFormLayout()
        form.addRow("Questions", counts)
        form.addRow("Level", level)
        form.addRow("Model", model_row)
        form.addRow("", self.server_row)
        self.draft_button = QPushButton("Draft")
        self.draft_button.setDefault(True)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.selection_label = QLabel("Select slides on the left to draft from.")
        self.selection_label.setWordWrap(True)
        # the choices fold away to one line, for the review queue's sake where the height
        # runs out (1280×720): they fold after a run, and open again to be changed
        self.choices_button = QPushButton("Hide choices")
        self.choices_button.setToolTip("Fold the choices above into one line, or open them")
        self.choices_button.clicked.connect(
            lambda: self.show_choices(not self.controls.isVisibleTo(self))
        )
        self.choices_summary = QLabel()
        self.choices_summary.setWordWrap(True)
        self.choices_summary.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.choices_button)
        buttons.addWidget(self.selection_label, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.live = QPlainTextEdit(readOnly=True)
        self.live.setPlaceholderText("Text from the model appears here while it writes.")
        self.live.setMaximumHeight(90)
        self.live.hide()  # shown while a model writes; built drafts have no text to stream
        self.queue = ReviewQueue()
        # the run's closing message, with the queue's count kept current beside it
        self._run_message = ""
        self._fold_pending = False
        self.queue.count_changed.connect(self._queue_count)
        form_page = QWidget()
        form_page.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        # where the height runs out (1280×720, a wrapped status line) the choices scroll
        # instead of squashing the count boxes into slivers; Draft and the status stay
        self.controls = QScrollArea()
        self.controls.setObjectName("draftControls")
        self.controls.setWidget(form_page)
        self.controls.setWidgetResizable(True)
        self.controls.setFrameShape(QFrame.Shape.NoFrame)
        self.controls.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.controls.setMinimumHeight(60)
        self.controls.setMinimumWidth(form_page.minimumSizeHint().width())
        controls = QWidget()
        top = QVBoxLayout(controls)
        top.setContentsMargins(0, 0, 0, 0)
        # the request stays in sight when the choices fold: it is how most runs start
        request_label = QLabel("Request")
        request_label.setBuddy(self.request_edit)
        request_row.insertWidget(0, request_label)
        top.addLayout(request_row)
        top.addWidget(self.understood)
        top.addWidget(self.controls, 1)
        top.addWidget(self.choices_summary)
        top.addLayout(buttons)
        top.addWidget(self.status)
        top.addWidget(self.live)
        self._top = controls
        splitter = self.splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(controls)
        splitter.addWidget(self.queue)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self._sized = False
        self._dragged = False  # the user set the split: it is kept
        splitter.splitterMoved.connect(lambda *_: setattr(self, "_dragged", True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self._thread: QThread | None = None
        self._worker: _DraftWorker | None = None
        self._finished_threads: list[tuple[QThread, _DraftWorker | None]] = []
        self.replacing: int | None = None  # the queued draft a redraft replaces
        self.engine_options: tuple[int | None, int] = (None, 4096)  # threads, context
        self.draft_button.clicked.connect(lambda: self.start())
        self.stop_button.clicked.connect(self.stop)
        self.make_job: Callable[[list[Slide], DraftRequest, ModelChoice], Any]
        self.make_job = lambda slides, request, _model: (
            lambda cancel: run_drafting(slides, request, cancel=cancel)
        )

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self._fit_top()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # the window maximized or resized: the controls get their room again
        QTimer.singleShot(0, self._fit_top)

    def _fit_top(self) -> None:
        """The queue gets the room the controls do not need (until the user drags)."""
        if self._dragged or not self.isVisible():
            return
        total = sum(self.splitter.sizes()) or self.height()
        spacing = self._top.layout().spacing()
        if self.controls.isVisibleTo(self):
            page = self.controls.widget().sizeHint().height() + 4
        else:
            page = self.choices_summary.heightForWidth(self._top.width()) + spacing
        rest = self.draft_button.sizeHint().height() + 2 * spacing + 2
        rest += self.request_edit.sizeHint().height() + spacing
        if self.understood.isVisibleTo(self):
            rest += self.understood.heightForWidth(self._top.width()) + spacing
        if self.status.text():
            # a line's spare: the label wraps at a width a little under the panel's
            line = self.status.fontMetrics().lineSpacing()
            rest += self.status.heightForWidth(self._top.width()) + spacing + line
        if self.live.isVisible():
            rest += self.live.height() + spacing
        top = min(page + rest, int(total * 0.65))
        self.splitter.setSizes([top, max(1, total - top)])

    # in a window lower than this the choices fold after a run: the queue needs the room
    FOLD_BELOW = 900

    def show_choices(self, shown: bool) -> None:
        """Open the choices, or fold them into a one-line summary of what a run will ask."""
        if not shown:
            self.choices_summary.setText(self.choices_text())
        self.controls.setVisible(shown)
        self.choices_summary.setVisible(not shown)
        self.choices_button.setText("Hide choices" if shown else "Change choices…")
        self._dragged = False  # the split follows the new height of the controls
        QTimer.singleShot(0, self._fit_top)

    def choices_text(self) -> str:
        """ "3 multiple choice, 2 true/false · medium · focus: LoRA" — the folded choices."""
        counts = [
            f"{spin.value()} {label.lower()}"
            for (qtype, label, _d), spin in zip(TYPES, self.spins.values(), strict=True)
            if spin.value()
        ]
        parts = [", ".join(counts) or "no questions asked", self.difficulty.currentText().lower()]
        if self.bloom.currentData():
            parts.append(self.bloom.currentText().lower())
        if self.focus.text().strip():
            parts.append(f"focus: {self.focus.text().strip()}")
        if self.model_box.currentData():
            parts.append(self.model_box.currentText())
        return "Choices: " + " · ".join(parts)

    @property
    def drafts(self) -> Any:
        """The list of drafts waiting for review (the queue's list widget)."""
        return self.queue.list

    def set_models(self, models: list[tuple[str, str]]) -> None:
        """Offer these (label, GGUF path) models beside the bundled one."""
        current = self.model_box.currentData()
        while self.model_box.count() > 2:  # the bundled model and the server stay
            self.model_box.removeItem(1)
        for i, (label, path) in enumerate(models):
            self.model_box.insertItem(1 + i, label, path)
        index = self.model_box.findData(current)
        self.model_box.setCurrentIndex(max(0, index))

    def set_slides(self, slides: list[Slide]) -> None:
        self.slides = slides
        usable = [s for s in slides if s.is_content]
        if not slides:
            self.selection_label.setText("Select slides on the left to draft from.")
        else:
            skipped = [s for s in slides if not s.is_content]
            note = f"; {skipped_note(skipped)}" if skipped else ""
            self.selection_label.setText(f"Drafting from {len(usable)} slide(s){note}.")

    def read_request(self, text: str | None = None) -> ParsedRequest:
        """Fill the choices from a typed request: what it names is set, what it does not
        name stays as the instructor left it; the line under it says what was read."""
        if text is not None:
            self.request_edit.setText(text)
        parsed = parse_request(self.request_edit.text())
        if parsed.counts:
            for qtype, spin in self.spins.items():
                spin.setValue(min(spin.maximum(), parsed.counts.get(qtype, 0)))
        if parsed.difficulty is not None:
            self.difficulty.setCurrentIndex(self.difficulty.findData(parsed.difficulty.value))
        if parsed.bloom is not None:
            self.bloom.setCurrentIndex(self.bloom.findData(parsed.bloom.value))
        if parsed.focus:
            self.focus.setText(", ".join(parsed.focus))
        clipped = [
            f"{n} {t.label.lower()}"
            for t, n in parsed.counts.items()
            if t in self.spins and n > self.spins[t].maximum()
        ]
        note = f" At most {self.spins[QuestionType.MCQ].maximum()} per type." if clipped else ""
        finds = (
            " The slides are chosen from it."
            if parsed.generic or parsed.topic_words()
            else " It names no topic: the selected slides are used."
        )
        self.understood.setText(
            f"Read as: {parsed.summary()}.{note}{finds} Check the choices below, then Draft."
        )
        self.understood.setVisible(bool(self.request_edit.text().strip()))
        if not self.controls.isVisibleTo(self):
            self.show_choices(True)  # what was read is checked in the choices, before a run
        QTimer.singleShot(0, self._fit_top)
        self.request_read.emit(parsed)
        return parsed

    def request(self) -> DraftRequest:
        counts = {t: s.value() for t, s in self.spins.items() if s.value() > 0}
        focus = tuple(t.strip() for t in self.focus.text().split(",") if t.strip())
        bloom = Bloom(self.bloom.currentData()) if self.bloom.currentData() else None
        return DraftRequest(
            counts, Difficulty(self.difficulty.currentData()), bloom=bloom, focus=focus
        )

    def model_choice(self) -> ModelChoice:
        data = str(self.model_box.currentData() or "")
        if data == SERVER:
            return ModelChoice(
                server_url=self.server_url.text().strip(),
                server_model=self.server_model.currentText().strip(),
            )
        threads, context = self.engine_options
        return ModelChoice(path=data, n_threads=threads, n_ctx=context)

    def _test_server(self) -> None:
        self.status.setText(f"Asking {self.server_url.text().strip()} for its models…")
        self.test_button.setEnabled(False)
        self.test_server_requested.emit(
            self.server_url.text().strip(), self.server_model.currentText().strip()
        )

    def show_server_models(self, models: list[str], message: str) -> None:
        """The answer to a server test: its models (or none) and what to tell the user."""
        self.test_button.setEnabled(True)
        current = self.server_model.currentText()
        if models:
            self.server_model.clear()
            self.server_model.addItems(models)
            self.server_model.setCurrentText(current if current in models else models[0])
        self.status.setText(message)

    def redraft(self, item: ReviewItem, slides: list[Slide]) -> None:
        """Draft one question of `item`'s type again from `slides`; the new draft
        replaces `item` (see `replacing`)."""
        if self._thread is not None:
            self.status.setText("Wait for the current run to finish (or Stop it) to redraft.")
            return
        q = item.question
        request = DraftRequest(
            {q.type: 1},
            q.difficulty or Difficulty(self.difficulty.currentData()),
            bloom=q.bloom,
            seed=random.randrange(1, 1 << 30),  # another draft than last time
            avoid=(q,),  # never the question it replaces
        )
        self.replacing = item.id
        self.start(slides, request)

    def start(self, slides: list[Slide] | None = None, request: DraftRequest | None = None) -> None:
        if self._thread is not None:
            return
        if slides is None:
            self.replacing = None
        slides = self.slides if slides is None else slides
        request = request or self.request()
        if not any(s.is_content for s in slides):
            self.status.setText(
                "No slide with content is selected: select the slides to draft from first."
            )
            return
        if request.total < 1:
            self.status.setText("Ask for at least one question.")
            return
        choice = self.model_choice()
        if choice.server_url and (
            validate_server_url(choice.server_url) or not choice.server_model
        ):
            self.status.setText(
                "Give the server's address (http://…/v1) and the name of one of its models; "
                "“Test” lists them."
            )
            return
        self.live.clear()
        self.live.hide()
        self._thread = QThread()
        self._worker = _DraftWorker(self.make_job(list(slides), request, choice))
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._progress)
        self._worker.drafted.connect(self._drafted)
        self._worker.finished.connect(self._done)
        self._worker.failed.connect(self._failed)
        self.draft_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self._run_message = ""
        self.status.setText("Starting…")
        self._thread.start()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel.set()
            self.status.setText("Stopping…")

    def _progress(self, p: DraftProgress) -> None:
        speed = f" · {p.tokens_per_s:.0f} tokens/s" if p.tokens_per_s else ""
        self.status.setText(f"{p.message}{speed}")
        if p.text:
            self.live.show()
            self.live.setPlainText(p.text)

    def _drafted(self, draft: Draft) -> None:
        self.draft_ready.emit(draft)  # the window stores it, then queues it for review

    def queue_draft(self, draft: Draft) -> None:
        """Put a stored draft (its question has its bank id) in the review queue."""
        self.queue.add(review_item(draft))

    def _finish(self, wait: bool = False) -> None:
        thread = self._thread
        if thread is not None:
            # The GUI never waits for the thread (but on closing): it is
            # dropped once it has really stopped.
            self._finished_threads.append((thread, self._worker))
            thread.finished.connect(lambda: self._forget(thread))
            thread.quit()
            if wait:
                thread.wait(5000)
        self._thread = None
        self._worker = None
        self.draft_button.setEnabled(True)
        self.stop_button.setEnabled(False)

    def _forget(self, thread: QThread) -> None:
        self._finished_threads = [(t, w) for t, w in self._finished_threads if t is not thread]

    def _done(self, message: str) -> None:
        if self.replacing is not None:  # a redraft that produced nothing keeps the draft
            self.replacing = None
            message = "No new draft could be made from these slides; the draft is kept."
        self._finish()
        self._run_message = message
        # the drafts reach the queue once the bank has stored them: the choices fold when
        # the first is there
        self._fold_pending = self.window().height() < self.FOLD_BELOW
        self._queue_count(len(self.queue.items))
        QTimer.singleShot(0, self._fit_top)  # a longer status line: room for it

    def _queue_count(self, n: int) -> None:
        """A discard or accept after the run: the status line's count stays true."""
        if self._run_message and self._thread is None:
            waiting = f" {n} waiting in the review queue." if n else " The review queue is empty."
            self.status.setText(self._run_message + waiting)
            QTimer.singleShot(0, self._fit_top)  # the line may wrap once more
            if self._fold_pending and n:
                self._fold_pending = False
                self.show_choices(False)

    def _failed(self, message: str, _details: str) -> None:
        self._finish()
        self.status.setText(message)

    def shutdown(self) -> None:
        self.stop()
        self._finish(wait=True)
        for thread, _worker in list(self._finished_threads):
            thread.wait(5000)


# why a selected slide is not drafted from (its first flag): singular, plural, why
_SKIP_REASONS = {
    "overlay": ("overlay step", "overlay steps", "their text is on the slide that completes them"),
    "title": ("title slide", "title slides", "nothing to ask about"),
    "agenda": ("agenda slide", "agenda slides", "an outline"),
    "closing": ("closing slide", "closing slides", "thanks or questions"),
    "empty": ("slide without text", "slides without text", "nothing to read"),
}


def skipped_note(skipped: list[Slide]) -> str:
    """'skipping 3: 2 overlay steps (…), 1 title slide (…)' — what is left out and why."""
    counts: dict[str, int] = {}
    for s in skipped:
        flag = s.flags[0] if s.flags else "empty"
        counts[flag] = counts.get(flag, 0) + 1
    parts = []
    for flag, n in counts.items():
        one, many, why = _SKIP_REASONS.get(flag, (f"{flag} slide", f"{flag} slides", "left out"))
        parts.append(f"{n} {one if n == 1 else many} ({why})")
    return f"skipping {len(skipped)}: " + ", ".join(parts)


def review_item(draft: Draft) -> ReviewItem:
    return ReviewItem(
        draft.question,
        draft.issues,
        draft.grounded,
        draft.grounding_reason,
        draft.duplicates,
        draft.batch_duplicate_of is not None,
    )
