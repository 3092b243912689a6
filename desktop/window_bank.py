"""The main window's bank: opening another bank file or a department's shared bank on a
PostgreSQL server, and a read-only bank (a reviewer's role, a read-only folder) shown
as such, with no action offered that would fail. A mixin of MainWindow."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from storage.bank import QuestionBank
from storage.database import BankError, open_bank

EMBEDDINGS_DELAY_MS = 2000

# Window actions that change the bank: off for a read-only bank.
WRITING_ACTIONS = ("import_lecture", "paste_text", "new_question", "create_exam")


class WindowBank:
    """Which bank MainWindow shows."""

    # provided by MainWindow (annotations only: nothing here shadows it)
    bank: Any
    service: Any
    settings: Any
    editor: Any
    bank_panel: Any
    coverage: Any
    slides_panel: Any
    draft_panel: Any
    review: Any
    bank_pool: Any
    courses: Any
    actions_by_name: dict[str, Any]
    _embed_cancel: threading.Event
    _checker: Any
    _finder: Any
    refresh: Any
    setWindowTitle: Any
    _load_review_queue: Any
    _start_embeddings: Any

    def _choose_bank(self) -> None:
        start = self.bank.path.parent if not self.bank.is_server else Path.home()
        path, _ = QFileDialog.getOpenFileName(
            self,  # type: ignore[arg-type]
            "Open question bank",
            str(start),
            "Quizwright banks (*.sqlite *.db);;All files (*)",
        )
        if path:
            self.open_bank(Path(path))

    def open_shared_bank(self) -> None:
        """File → Open a Shared Bank…: the address, a connection test in words, then open."""
        from desktop.shared_bank_dialog import ask_shared_bank

        last = self.settings.last_bank()
        answer = ask_shared_bank(self, last if isinstance(last, str) else "")  # type: ignore[arg-type]
        if answer is not None:
            url, password = answer
            self.open_bank(url, password)  # the password stays in memory only

    def open_bank(self, path: Path | str, password: str | None = None) -> None:
        try:
            bank = open_bank(path, password)
        except BankError as exc:
            QMessageBox.warning(self, "Cannot open bank", str(exc))  # type: ignore[arg-type]
            return
        self.editor.flush()
        self._embed_cancel.set()  # the old bank's backlog stops; the new one starts below
        self._embed_cancel = threading.Event()
        old_embedder = self.service.embedder
        if old_embedder is not None:  # closed on the thread that used it
            self.bank_pool.start(old_embedder.close)
        self.bank_pool.waitForDone()
        self._checker = None
        self.bank.close()
        self.bank = bank
        self.service = QuestionBank(bank)
        # who saves: the name in Settings, else the login name
        self.service.author = self.settings.author_name() or self.service.author
        self.settings.set_last_bank(bank.location if bank.is_server else bank.path)
        self.bank_panel.set_bank(bank, run_write=self._background)  # type: ignore[attr-defined]
        self.coverage.set_bank(bank)
        self._finder = None
        self.slides_panel.set_decks([])
        self.draft_panel.queue.set_items([])
        self.review.forget()  # discards of the old bank are not undone into this one
        self.show_bank_state()
        self.courses.reload()
        self.refresh()
        self._load_review_queue()
        self._start_embeddings()
        # the embedding model loads once the window has settled (it takes ~0.5 s)
        QTimer.singleShot(EMBEDDINGS_DELAY_MS, self._start_embeddings)

    def bank_title(self) -> str:
        """The window title: the bank's file name or its server address (no password)."""
        name = self.bank.location if self.bank.is_server else self.bank.path.name
        return f"Quizwright — {name}" + (" (read-only)" if self.bank.read_only else "")

    def show_bank_state(self) -> None:
        """Title, and the actions a read-only bank cannot carry out switched off."""
        self.setWindowTitle(self.bank_title())
        writable = not self.bank.read_only
        for name in WRITING_ACTIONS:
            action = self.actions_by_name.get(name)
            if action is not None:
                action.setEnabled(writable)
                action.setToolTip(
                    action.text().replace("&", "") if writable
                    else "This bank is read-only (a reviewer's role or a read-only folder)."
                )
        self.draft_panel.setEnabled(writable)
        self.editor.setEnabled(writable)
        self.bank_panel.set_read_only(not writable)
        self.slides_panel.import_button.setEnabled(writable)
        self.slides_panel.setAcceptDrops(writable)  # dropped files would be imported
        if hasattr(self, "courses"):
            self.courses.panel.set_read_only(not writable)
