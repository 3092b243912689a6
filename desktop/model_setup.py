"""The embedding model in whatever data folder the app runs on (QUIZWRIGHT_HOME,
Settings): made from the installed wheel on first use, with a busy bar in the
status line, and a visible notice while meaning-based checks are off.

Without the model, duplicate checks and the slide finder match by wording only;
only the log used to say so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from desktop.errors import log
from desktop.worker import run_in_background
from storage.paths import models_dir

OFF_TEXT = "⚠ Meaning-based checks are off: duplicates and slides are matched by wording only."


def embedding_model_prepared() -> bool:
    """The model is ready to load (made in the models folder, or shipped in a bundle)."""
    from models.embeddings import MODEL_FILE, _shipped

    return _shipped() is not None or (models_dir() / MODEL_FILE).is_file()


class ModelSetup(QObject):
    """`start()` makes the model if it is missing, then emits `ready`; `show_off(why)`
    puts the notice in the status line."""

    ready = Signal()

    def __init__(self, status_bar: QStatusBar, enabled: bool = True) -> None:
        super().__init__(status_bar)
        self.enabled = enabled  # False: never made here (the notice says how to)
        self.busy = QLabel("Preparing the meaning-based search model for this data folder…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: the conversion reports no steps
        self.bar.setMaximumWidth(120)
        self.notice = QLabel(OFF_TEXT)
        self.notice.setObjectName("semanticOff")
        self.notice.setStyleSheet("color: #9a6700;")
        for w in (self.busy, self.bar, self.notice):
            w.hide()
            status_bar.addPermanentWidget(w)
        self._job: Any = None
        self._closed = False

    @property
    def preparing(self) -> bool:
        return self._job is not None

    def start(self) -> None:
        if self._job is not None:
            return
        if not self.enabled or embedding_model_prepared():
            self.ready.emit()
            return
        from models.embeddings import ensure_embedding_model

        self.busy.show()
        self.bar.show()
        self.notice.hide()
        folder = models_dir()
        # not on the bank thread: converting and checking the model takes seconds
        self._job = run_in_background(
            lambda: ensure_embedding_model(folder), self._made, self._failed
        )

    def _made(self, path: object) -> None:
        self._job = None
        if self._closed:
            return
        log.info("embedding model prepared: %s", path)
        self.busy.hide()
        self.bar.hide()
        self.ready.emit()

    def _failed(self, exc: BaseException, _details: str) -> None:
        self._job = None
        if self._closed:
            return
        self.busy.hide()
        self.bar.hide()
        self.show_off(str(exc))

    def show_off(self, why: str) -> None:
        """Meaning-based checks are off: said in the window, with the reason."""
        log.warning("meaning-based search is off: %s", why)
        self.notice.setToolTip(why)
        self.notice.show()

    def show_on(self) -> None:
        self.notice.hide()

    def shutdown(self) -> None:
        self._closed = True
