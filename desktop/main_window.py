"""The main window: slides on the left, the question on the right, the bank below."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.bank_table import BankPanel
from desktop.worker import run_in_background
from storage.bank import QuestionBank
from storage.database import Bank, BankError, open_bank
from storage.domain import Deck, Question, QuestionFilter

# How many questions the bank panel shows before a search narrows them.
FIRST_PAGE = 2000


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


def question_html(q: Question) -> str:
    """A read-only view of a question, as a student would see it plus the key."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    parts = [
        f"<p style='color:gray'>#{q.id} · {html.escape(q.type.label)} · {q.status.value}"
        f" · {q.points:g} pt</p>",
        f"<p style='font-size:large'>{html.escape(q.stem)}</p>",
    ]
    if q.choices:
        parts.append("<ul style='list-style:none'>")
        for i, c in enumerate(q.choices):
            mark = "✔" if c.correct else "☐"
            value = c.text + (f" {q.unit}" if q.unit else "")
            if c.tolerance:
                value += f" (± {c.tolerance:g})"
            parts.append(f"<li>{mark} {letters[i % 26]}. {html.escape(value)}</li>")
        parts.append("</ul>")
    meta = [
        ("Difficulty", q.difficulty.value if q.difficulty else ""),
        ("Category", q.category),
        ("Tags", ", ".join(q.tags)),
        ("Feedback", q.general_feedback),
    ]
    parts += [f"<p><b>{k}:</b> {html.escape(v)}</p>" for k, v in meta if v]
    return "".join(parts)


class MainWindow(QMainWindow):
    def __init__(self, bank: Bank) -> None:
        super().__init__()
        self.bank = bank
        self.service = QuestionBank(bank)
        # One thread owns the bank, so reads and writes never interleave.
        self.bank_pool = QThreadPool(self)
        self.bank_pool.setMaxThreadCount(1)
        self._request = 0  # replies to superseded requests are dropped
        self._jobs: list[Any] = []

        self.setWindowTitle(f"Quizwright — {bank.path.name}")
        self.resize(1280, 820)

        self.deck_list = QListWidget()
        self.slides_panel, self.slides_stack = _panel(
            "Lectures",
            "slidesPanel",
            self.deck_list,
            "No lecture decks in this bank yet.\n\nImported slides will be shown here, "
            "page by page, ready to select for drafting.",
        )
        self.preview = QTextBrowser()
        self.editor_panel, self.editor_stack = _panel(
            "Question",
            "editorPanel",
            self.preview,
            "Select a question in the bank below to see it here.",
        )
        self.bank_panel = BankPanel()

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.slides_panel)
        top.addWidget(self.editor_panel)
        top.setSizes([520, 760])
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(top)
        outer.addWidget(self.bank_panel)
        outer.setSizes([480, 340])
        self.setCentralWidget(outer)

        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status, 1)
        self._build_menus()

        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.refresh)
        self.bank_panel.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.bank_panel.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_bank_action = QAction(
            "&Open Bank…", self, shortcut=QKeySequence(QKeySequence.StandardKey.Open)
        )
        open_bank_action.triggered.connect(self._choose_bank)
        file_menu.addAction(open_bank_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Quizwright", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # ----- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload decks and questions (or the search results) off the GUI thread."""
        self._request += 1
        request = self._request
        query = self.bank_panel.search.text().strip()
        service = self.service

        def load() -> tuple[list[Deck], list[Question], int]:
            if query:
                hits = service.search(query, limit=FIRST_PAGE)
                questions = service.get_many([h.question_id for h in hits])
            else:
                questions = service.list_questions(QuestionFilter(limit=FIRST_PAGE))
            return service.decks(), questions, service.count()

        def done(result: tuple[list[Deck], list[Question], int]) -> None:
            if request == self._request:
                self._loaded(*result, searching=bool(query))

        self._jobs.append(run_in_background(load, done, self._failed, self.bank_pool))

    def _loaded(
        self, decks: list[Deck], questions: list[Question], total: int, searching: bool
    ) -> None:
        self._jobs.clear()
        self.deck_list.clear()
        for d in decks:
            self.deck_list.addItem(f"{d.title}  ({d.page_count} pages)")
        self.slides_stack.setCurrentIndex(1 if decks else 0)
        self._questions = {q.id: q for q in questions}
        self.bank_panel.show_questions(questions, searching=searching)
        shown = f"{len(questions)} shown · " if searching or len(questions) < total else ""
        self._status.setText(f"Bank: {self.bank.path}   ·   {shown}{total} question(s)")

    def _show_selected(self) -> None:
        rows = self.bank_panel.table.selectionModel().selectedRows(0)
        q = self._questions.get(rows[0].data()) if rows else None
        if q is None:
            self.editor_stack.setCurrentIndex(0)
            return
        self.preview.setHtml(question_html(q))
        self.editor_stack.setCurrentIndex(1)

    def _failed(self, exc: BaseException, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Quizwright", str(exc), parent=self)
        box.setDetailedText(details)
        box.open()

    # ----- actions -------------------------------------------------------------------

    def _choose_bank(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open question bank",
            str(self.bank.path.parent),
            "Quizwright banks (*.sqlite *.db);;All files (*)",
        )
        if path:
            self.open_bank(Path(path))

    def open_bank(self, path: Path) -> None:
        try:
            bank = open_bank(path)
        except BankError as exc:
            QMessageBox.warning(self, "Cannot open bank", str(exc))
            return
        self.bank_pool.waitForDone()
        self.bank.close()
        self.bank = bank
        self.service = QuestionBank(bank)
        self.setWindowTitle(f"Quizwright — {bank.path.name}")
        self.refresh()

    def _about(self) -> None:
        from PySide6 import __version__ as pyside_version

        QMessageBox.about(
            self,
            "About Quizwright",
            f"<b>Quizwright</b><br>Turn lecture slides into exams, offline.<br><br>"
            f"Qt for Python {pyside_version}<br>Bank: {html.escape(str(self.bank.path))}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.bank_pool.waitForDone(5000)
        self.bank.close()
        super().closeEvent(event)
