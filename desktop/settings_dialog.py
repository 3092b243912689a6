"""Settings: model and engine, drafting defaults, the bank file, PDF exam defaults.

Values are checked before they are kept: a wrong one is named under the form
and the dialog stays open. Bank actions (open another, back up, restore) are
asked of the window, which owns the open bank.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.draft_panel import SERVER, TYPES
from desktop.settings import (
    DEFAULT_SERVER_URL,
    MAX_CONTEXT,
    MIN_CONTEXT,
    PAPERS,
    AppSettings,
    validate_context,
    validate_server_url,
    validate_threads,
)
from desktop.worker import run_in_background
from storage.domain import Difficulty


class SettingsDialog(QDialog):
    open_bank_requested = Signal()
    backup_requested = Signal()
    restore_requested = Signal()
    catalog_requested = Signal()

    def __init__(
        self,
        settings: AppSettings,
        models: list[tuple[str, str]],
        bank_path: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self._jobs: list[Any] = []
        tabs = QTabWidget()
        tabs.addTab(self._model_tab(models), "Model")
        tabs.addTab(self._drafting_tab(), "Drafting")
        tabs.addTab(self._bank_tab(bank_path), "Bank")
        tabs.addTab(self._pdf_tab(), "PDF exams")
        self.tabs = tabs
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(620, 0)

    # ----- tabs ------------------------------------------------------------------------

    def _model_tab(self, models: list[tuple[str, str]]) -> QWidget:
        s = self.settings
        self.model = QComboBox()
        self.model.addItem("Bundled SmolLM2-135M (drafts built from the slides)", "")
        for label, path in models:
            self.model.addItem(label, path)
        self.model.addItem("OpenAI-compatible server (Ollama, LM Studio, llama.cpp)", SERVER)
        self.model.setCurrentIndex(max(0, self.model.findData(s.model_path())))
        get = QPushButton("Get Models…")
        get.clicked.connect(self.catalog_requested)
        row = QHBoxLayout()
        row.addWidget(self.model, 1)
        row.addWidget(get)
        self.server_url = QLineEdit(s.server_url() or DEFAULT_SERVER_URL)
        self.server_model = QComboBox(editable=True)
        self.server_model.setCurrentText(s.server_model())
        self.test_button = QPushButton("Test Connection")
        self.test_button.clicked.connect(self.test_connection)
        self.server_status = QLabel()
        self.server_status.setWordWrap(True)
        server = QHBoxLayout()
        server.addWidget(self.server_model, 1)
        server.addWidget(self.test_button)
        cores = os.cpu_count() or 1
        self.threads = QSpinBox(minimum=1, maximum=cores, value=s.threads())
        self.threads.setToolTip(
            "CPU threads for the model; fewer keeps the computer responsive while drafting"
        )
        self.context = QSpinBox(minimum=MIN_CONTEXT, maximum=MAX_CONTEXT, singleStep=512)
        self.context.setValue(s.context_size())
        self.context.setSuffix(" tokens")
        self.context.setToolTip("How much slide text the model reads at once; more needs more RAM")
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Model", row)
        form.addRow("Server address", self.server_url)
        form.addRow("Server model", server)
        form.addRow("", self.server_status)
        form.addRow("CPU threads", self.threads)
        form.addRow("Context size", self.context)
        return page

    def _drafting_tab(self) -> QWidget:
        s = self.settings
        self.difficulty = QComboBox()
        for d in Difficulty:
            self.difficulty.addItem(d.value.capitalize(), d.value)
        self.difficulty.setCurrentIndex(self.difficulty.findData(s.difficulty().value))
        counts = s.counts()
        self.counts: dict[Any, QSpinBox] = {}
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Difficulty", self.difficulty)
        for qtype, label, _default in TYPES:
            spin = QSpinBox(minimum=0, maximum=50, value=counts.get(qtype, 0))
            self.counts[qtype] = spin
            form.addRow(label, spin)
        return page

    def _bank_tab(self, bank_path: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        path = QLabel(f"<b>Bank file:</b> {bank_path}")
        path.setWordWrap(True)
        layout.addWidget(path)
        for text, signal, tip in (
            ("Open Another Bank…", self.open_bank_requested, "Switch to another bank file"),
            ("Back Up Now…", self.backup_requested, "Save a copy of the bank, even while in use"),
            (
                "Restore a Backup…",
                self.restore_requested,
                "Replace the bank with a backup; the current bank is kept beside it",
            ),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(signal)
            layout.addWidget(button)
        layout.addStretch(1)
        return page

    def _pdf_tab(self) -> QWidget:
        s = self.settings
        self.institution = QLineEdit(s.institution())
        self.institution.setPlaceholderText("printed at the top of every exam")
        self.paper = QComboBox()
        self.paper.addItems(list(PAPERS))
        self.paper.setCurrentText(s.paper())
        self.font_size = QDoubleSpinBox(minimum=7, maximum=16, singleStep=0.5)
        self.font_size.setValue(s.font_size())
        self.font_size.setSuffix(" pt")
        self.author = QLineEdit(s.author_name())
        self.author.setPlaceholderText("saved with the questions you write (else your login name)")
        self.author.setMaxLength(100)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Your name", self.author)
        form.addRow("Institution", self.institution)
        form.addRow("Paper", self.paper)
        form.addRow("Font size", self.font_size)
        return page

    # ----- actions ---------------------------------------------------------------------

    def test_connection(self) -> None:
        url = self.server_url.text().strip()
        problem = validate_server_url(url)
        if problem or not url:
            self.server_status.setText(problem or "Give the server's address first.")
            return
        self.server_status.setText(f"Asking {url} for its models…")
        self.test_button.setEnabled(False)

        def test() -> list[str]:
            from models.openai_engine import OpenAICompatibleEngine

            return OpenAICompatibleEngine(url, "").test_connection()

        def done(models: list[str]) -> None:
            self.test_button.setEnabled(True)
            current = self.server_model.currentText()
            self.server_model.clear()
            self.server_model.addItems(models)
            if current:
                self.server_model.setCurrentText(current)
            self.server_status.setText(
                f"Connected: {len(models)} model(s)." if models else "Connected, but no models."
            )

        def failed(exc: BaseException, _details: str) -> None:
            self.test_button.setEnabled(True)
            self.server_status.setText(f"No connection: {exc}")

        self._jobs.append(run_in_background(test, done, failed))

    def problems(self) -> list[str]:
        found = [
            validate_threads(self.threads.value()),
            validate_context(self.context.value()),
            validate_server_url(self.server_url.text().strip()),
        ]
        if self.model.currentData() == SERVER and not self.server_model.currentText().strip():
            found.append("Name the server's model to use (Test Connection lists them).")
        return [p for p in found if p]

    def _save(self) -> None:
        problems = self.problems()
        if problems:
            self.message.setText("\n".join(problems))
            return
        s = self.settings
        s.set_model_path(str(self.model.currentData() or ""))
        s.set_server(self.server_url.text().strip(), self.server_model.currentText().strip())
        s.set_engine(self.threads.value(), self.context.value())
        s.set_drafting(
            Difficulty(self.difficulty.currentData()),
            {t: spin.value() for t, spin in self.counts.items()},
        )
        s.set_pdf(self.institution.text().strip(), self.paper.currentText(), self.font_size.value())
        s.set_author_name(self.author.text())
        self.accept()
