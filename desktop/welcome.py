"""The first-start welcome: what Quizwright does, the active model, a sample lecture.

Nothing here needs the network: the sample lecture ships in resources/, and
the bundled model is already on the machine.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SAMPLE_DECK = RESOURCES / "sample" / "model-compression-lecture.pdf"

STEPS = """
<ol>
<li><b>Import</b> lecture slides (PDF) or notes (Markdown, text): they appear on the left.</li>
<li><b>Select</b> the slides to examine, or type a request such as
    “a hard quiz on quantization” and press <i>Select matches</i>.</li>
<li><b>Draft</b>: choose how many questions of each type and how hard. Drafts cite the
    slide and sentence they come from.</li>
<li><b>Review</b>: accept, edit, redraft or discard each draft.</li>
<li><b>Create Exam</b> (Ctrl+E): a printable PDF with answer key, and Moodle XML.</li>
</ol>
"""


class WelcomeDialog(QDialog):
    open_sample = Signal()
    get_models = Signal()

    def __init__(self, model_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Quizwright")
        title = QLabel("<h2>Turn your lecture slides into exams</h2>")
        body = QLabel(
            "Everything happens on this computer: your slides, your questions and the "
            "language model never leave it." + STEPS
        )
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        self.model_label = QLabel(
            f"<b>Active model:</b> {model_name}. It is small and fast: drafts are built from "
            "the slides' own sentences and terms, and checked against them. A larger model "
            "(e.g. Llama 3.2 3B Instruct from GPT4All's catalog, or one served by Ollama or "
            "LM Studio) writes more varied questions."
        )
        self.model_label.setWordWrap(True)
        self.sample_button = QPushButton("Open the Sample Lecture")
        self.sample_button.setToolTip(
            "“Model compression & acceleration” (Yandex SDA NLP course, MIT licence)"
        )
        self.sample_button.setDefault(True)
        self.models_button = QPushButton("Get a Stronger Model…")
        self.start_button = QPushButton("Start with My Own Slides")
        self.sample_button.setEnabled(SAMPLE_DECK.is_file())
        self.sample_button.clicked.connect(self.open_sample)
        self.sample_button.clicked.connect(self.accept)
        self.models_button.clicked.connect(self.get_models)
        self.start_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.models_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.sample_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addWidget(self.model_label)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)
