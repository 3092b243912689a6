"""Paste Text…: a deck from text the instructor has copied (a PDF's text, a slide
export, Markdown or plain notes).

The dialog shows how the text will be cut into slides as it is typed or pasted
("31 slides", with the first line of each), and on Import hands the read deck to
the window (`content()`), which stores it like an imported file. Also here: the
name prompt for renaming a deck.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import run_in_background
from storage.deck_names import check_name
from storage.decks import DeckContent, DeckImportError, deck_from_text

__all__ = ["PasteTextDialog", "ask_deck_name"]

# Splitting a long text takes a second; the preview waits for typing to pause and is
# made off the GUI thread.
_PREVIEW_DELAY_MS = 300


def _deck_or_reason(text: str, title: str) -> DeckContent | str | None:
    """The deck the text makes, or why it makes none (None: there is no text yet)."""
    if not text.strip():
        return None
    try:
        return deck_from_text(text, title, "pasted text")
    except DeckImportError as exc:
        return str(exc)


class PasteTextDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste text as a deck")
        self.resize(900, 620)
        self._content: DeckContent | None = None

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Deck name (else the first slide's title)")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(
            "Paste the text of a lecture here: copied from a PDF or a slide export, "
            "Markdown or plain notes."
        )
        self.text_edit.setFont(QFont("monospace"))
        self.summary = QLabel("Paste or type the text of a lecture.")
        self.summary.setWordWrap(True)
        self.slide_list = QListWidget()
        self.slide_list.setToolTip("The first line of each slide the text will be cut into")

        form = QFormLayout()
        form.addRow("Name", self.title_edit)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.text_edit)
        preview = QWidget()
        side = QVBoxLayout(preview)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.summary)
        side.addWidget(self.slide_list, 1)
        split.addWidget(preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._preview_in_background)
        self._generation = 0  # a preview for text changed since is dropped
        self._jobs: list[object] = []  # keeps the running job's signals alive
        self.text_edit.textChanged.connect(self._timer.start)
        self.title_edit.textChanged.connect(self._timer.start)

    def _preview_in_background(self) -> None:
        """Cut the text on the thread pool (a long lecture takes a second or so)."""
        self._generation += 1
        generation = self._generation
        text, title = self.text_edit.toPlainText(), self.title_edit.text()

        def done(result: DeckContent | str | None) -> None:
            if generation == self._generation:
                self._show(result)

        def failed(exc: BaseException, _trace: str) -> None:
            if generation == self._generation:
                self._show(f"The text could not be read: {exc}")

        self._jobs = [run_in_background(lambda: _deck_or_reason(text, title), done, failed)]

    def refresh_preview(self) -> None:
        """Read the text as a deck now and show its slides (or why it cannot be one)."""
        self._timer.stop()
        self._generation += 1  # a background preview still running is out of date
        self._show(_deck_or_reason(self.text_edit.toPlainText(), self.title_edit.text()))

    def _show(self, result: DeckContent | str | None) -> None:
        self._content = None
        self.slide_list.clear()
        if result is None:
            self.summary.setText("Paste or type the text of a lecture.")
            self.import_button.setEnabled(False)
            return
        if isinstance(result, str):
            self.summary.setText(result)
            self.import_button.setEnabled(False)
            return
        content = self._content = result
        usable = sum(1 for f in content.flags if not f)
        n = content.page_count
        self.summary.setText(
            f"“{content.title}”: {n} slide{'s' * (n != 1)}, {usable} with content to ask about."
        )
        for page, flags in zip(content.pages, content.flags, strict=True):
            first = page.split("\n", 1)[0]
            self.slide_list.addItem(f"{first}  [{', '.join(flags)}]" if flags else first)
        self.import_button.setEnabled(True)

    def content(self) -> DeckContent | None:
        """The deck to import (None if the text makes none); read now if the preview is
        not up to date with the text."""
        text = self.text_edit.toPlainText()
        current = self._content is not None and self._content.data == text.encode("utf-8")
        titled = self._content is not None and self._content.title == self._expected_title()
        if self._timer.isActive() or not current or not titled:
            self.refresh_preview()
        return self._content

    def _expected_title(self) -> str:
        from storage.slide_text import clean_title

        given = clean_title(self.title_edit.text())
        return given or (self._content.title if self._content is not None else "")

    def accept(self) -> None:
        if self.content() is not None:
            super().accept()


def ask_deck_name(parent: QWidget | None, current: str) -> str | None:
    """A new name for a deck, asked until it is a valid one; None if cancelled."""
    name, note = current, ""
    while True:
        name, ok = QInputDialog.getText(
            parent,
            "Rename deck",
            f"{note}New name for “{current}”:",
            QLineEdit.EchoMode.Normal,
            name,
        )
        if not ok:
            return None
        try:
            return check_name(name)
        except ValueError as exc:
            note = f"{exc}\n\n"
