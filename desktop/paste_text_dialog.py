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

from storage.deck_names import check_name
from storage.decks import DeckContent, DeckImportError, deck_from_text

__all__ = ["PasteTextDialog", "ask_deck_name"]

# Splitting a long text takes a moment; the preview waits for typing to pause.
_PREVIEW_DELAY_MS = 300


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
        self._timer.timeout.connect(self.refresh_preview)
        self.text_edit.textChanged.connect(self._timer.start)
        self.title_edit.textChanged.connect(self._timer.start)

    def refresh_preview(self) -> None:
        """Read the text as a deck now and show its slides (or why it cannot be one)."""
        self._timer.stop()
        self._content = None
        self.slide_list.clear()
        text = self.text_edit.toPlainText()
        if not text.strip():
            self.summary.setText("Paste or type the text of a lecture.")
            self.import_button.setEnabled(False)
            return
        try:
            content = deck_from_text(text, self.title_edit.text(), "pasted text")
        except DeckImportError as exc:
            self.summary.setText(str(exc))
            self.import_button.setEnabled(False)
            return
        self._content = content
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
        """The deck to import (None if the text makes none); read again if still pending."""
        if self._timer.isActive() or self._content is None:
            self.refresh_preview()
        return self._content

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
