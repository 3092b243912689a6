"""The Draft panel: what to ask for, progress, live model text, Stop, and the drafts."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.drafting import Draft, DraftingError, DraftProgress, DraftRequest, run_drafting
from storage.domain import Difficulty, QuestionType, Slide

TYPES = (
    (QuestionType.MCQ, "Multiple choice", 3),
    (QuestionType.MULTI, "Multiple answers", 0),
    (QuestionType.TRUE_FALSE, "True/false", 2),
    (QuestionType.SHORT, "Short answer", 0),
    (QuestionType.ESSAY, "Essay / assignment", 0),
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
            count = 0
            for item in self.job(self.cancel):
                if isinstance(item, Draft):
                    count += 1
                    self.drafted.emit(item)
                elif isinstance(item, DraftProgress):
                    self.progress.emit(item)
            stopped = " (stopped)" if self.cancel.is_set() else ""
            self.finished.emit(f"{count} draft(s) ready{stopped}.")
        except DraftingError as exc:
            self.failed.emit(str(exc), "")
        except Exception as exc:  # shown to the user, never lost in the thread
            self.failed.emit(f"Drafting failed: {exc}", traceback.format_exc())


class DraftPanel(QWidget):
    """Emits `draft_ready(Draft)` for each good draft; the window stores it."""

    draft_ready = Signal(object)
    draft_chosen = Signal(object)  # Draft clicked in the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftPanel")
        self.slides: list[Slide] = []
        self.spins: dict[QuestionType, QSpinBox] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for qtype, label, default in TYPES:
            spin = QSpinBox(minimum=0, maximum=50, value=default)
            self.spins[qtype] = spin
            form.addRow(label, spin)
        self.difficulty = QComboBox()
        for d in Difficulty:
            self.difficulty.addItem(d.value.capitalize(), d.value)
        self.difficulty.setCurrentIndex(1)
        form.addRow("Difficulty", self.difficulty)
        self.model_box = QComboBox()
        self.model_box.addItem("Bundled SmolLM2-135M: drafts built from the slides", "")
        self.model_box.setToolTip(
            "Local models found in Quizwright's and GPT4All's model "
            "folders; a capable model writes the questions itself"
        )
        form.addRow("Model", self.model_box)
        self.focus = QLineEdit(placeholderText="optional, e.g. LoRA, MoE")
        self.focus.setMinimumWidth(260)
        form.addRow("Focus terms", self.focus)
        self.draft_button = QPushButton("Draft")
        self.draft_button.setDefault(True)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        self.selection_label = QLabel("Select slides on the left to draft from.")
        self.selection_label.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.live = QPlainTextEdit(readOnly=True)
        self.live.setPlaceholderText("Text from the model appears here while it writes.")
        self.live.setMaximumHeight(90)
        self.live.hide()  # shown while a model writes; built drafts have no text to stream
        self.drafts = QListWidget()
        self.drafts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.selection_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.live)
        layout.addWidget(QLabel("<b>Drafts</b>"))
        layout.addWidget(self.drafts, 1)
        self._thread: QThread | None = None
        self._worker: _DraftWorker | None = None
        self._items: list[Draft] = []
        self._finished_threads: list[tuple[QThread, _DraftWorker | None]] = []
        self.draft_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.drafts.currentRowChanged.connect(
            lambda row: self.draft_chosen.emit(self._items[row]) if row >= 0 else None
        )
        self.make_job: Callable[[list[Slide], DraftRequest, str], Callable[[threading.Event], Any]]
        self.make_job = lambda slides, request, _model: (
            lambda cancel: run_drafting(slides, request, cancel=cancel)
        )

    def set_models(self, models: list[tuple[str, str]]) -> None:
        """Offer these (label, GGUF path) models beside the bundled one."""
        current = self.model_box.currentData()
        while self.model_box.count() > 1:
            self.model_box.removeItem(1)
        for label, path in models:
            self.model_box.addItem(label, path)
        index = self.model_box.findData(current)
        self.model_box.setCurrentIndex(max(0, index))

    def set_slides(self, slides: list[Slide]) -> None:
        self.slides = slides
        usable = [s for s in slides if s.is_content]
        if not slides:
            self.selection_label.setText("Select slides on the left to draft from.")
        else:
            skipped = len(slides) - len(usable)
            note = f" ({skipped} without content will be skipped)" if skipped else ""
            self.selection_label.setText(f"Drafting from {len(usable)} slide(s){note}.")

    def request(self) -> DraftRequest:
        counts = {t: s.value() for t, s in self.spins.items() if s.value() > 0}
        focus = tuple(t.strip() for t in self.focus.text().split(",") if t.strip())
        return DraftRequest(counts, Difficulty(self.difficulty.currentData()), focus=focus)

    def start(self) -> None:
        if self._thread is not None:
            return
        request = self.request()
        if not any(s.is_content for s in self.slides):
            self.status.setText(
                "No slide with content is selected: select the slides to draft from first."
            )
            return
        if request.total < 1:
            self.status.setText("Ask for at least one question.")
            return
        self.live.clear()
        self.live.hide()
        self._thread = QThread()
        model = str(self.model_box.currentData() or "")
        self._worker = _DraftWorker(self.make_job(list(self.slides), request, model))
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._progress)
        self._worker.drafted.connect(self._drafted)
        self._worker.finished.connect(self._done)
        self._worker.failed.connect(self._failed)
        self.draft_button.setEnabled(False)
        self.stop_button.setEnabled(True)
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
        self._items.append(draft)
        q = draft.question
        flag = "⚠ " if draft.duplicates or draft.batch_duplicate_of is not None else ""
        item = QListWidgetItem(f"{flag}[{q.type.label}] {' '.join(q.stem.split())}")
        refs = ", ".join(f"p.{r.page}" for r in q.sources)
        item.setToolTip(f"Cites {refs}" + ("\nLooks like a bank question" if flag else ""))
        item.setData(Qt.ItemDataRole.UserRole, len(self._items) - 1)
        self.drafts.addItem(item)
        self.draft_ready.emit(draft)

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
        self._finish()
        self.status.setText(message)

    def _failed(self, message: str, _details: str) -> None:
        self._finish()
        self.status.setText(message)

    def shutdown(self) -> None:
        self.stop()
        self._finish(wait=True)
        for thread, _worker in list(self._finished_threads):
            thread.wait(5000)
