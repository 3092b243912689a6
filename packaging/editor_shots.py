"""Screenshots of the question editor at 1366x768 and 1920x1080, for review.

The editor sits where the main window will put it: the right half, above the
bank. Shown: an MCQ with maths and an image cropped from a real slide, a
true/false, an essay; each in the Edit tab and the student view.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/editor_shots.py OUT_DIR
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableWidget,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.crop_dialog import CropDialog  # noqa: E402
from desktop.duplicate_dialog import DuplicateDialog  # noqa: E402
from desktop.question_editor import QuestionEditor  # noqa: E402
from desktop.shortcuts import ShortcutsDialog  # noqa: E402
from storage.domain import (  # noqa: E402
    Bloom,
    Choice,
    Difficulty,
    Question,
    QuestionImage,
    QuestionType,
    SlideRef,
    TextFormat,
)
from storage.recovery import RecoveryJournal  # noqa: E402
from storage.slide_images import crop_slide, page_size, render_page  # noqa: E402

PDF = ROOT / "tests" / "fixtures" / "yandex-nlp-lecture-efficiency.pdf"


def questions() -> list[tuple[str, Question]]:
    width, height = page_size(PDF, 3)
    diagram = (0.01 * width, 0.3 * height, 0.99 * width, 0.8 * height)  # the pipeline drawing
    crop = crop_slide(PDF, 3, diagram, dpi=96)
    mcq = Question(
        QuestionType.MCQ,
        "<p>In scaled dot-product attention, why are the scores "
        "\\(QK^T\\) divided by \\(\\sqrt{d_k}\\) before the <b>softmax</b>?</p>",
        (
            Choice(
                "To keep the dot products from growing with \\(d_k\\) and saturating the softmax",
                1.0,
                "Yes: large logits give vanishing gradients.",
            ),
            Choice("To normalise the rows to sum to one", 0.0, "That is the softmax itself."),
            Choice("To make \\(Q\\) and \\(K\\) orthogonal", 0.0),
            Choice("To save memory on long sequences", 0.0),
        ),
        title="Attention scaling",
        general_feedback="Vaswani et al. (2017), section 3.2.1.",
        difficulty=Difficulty.MEDIUM,
        bloom=Bloom.UNDERSTAND,
        points=2,
        text_format=TextFormat.HTML,
        images=(QuestionImage("slide3.png", crop),),
        tags=("attention", "transformers"),
        category="NLP/Transformers",
        sources=(SlideRef(1, 3, ""),),
        uuid="shot-mcq",
    )
    tf = Question(
        QuestionType.TRUE_FALSE,
        "Knowledge distillation trains a small student model to match the output "
        "distribution of a larger teacher model.",
        (
            Choice("true", 1.0, "Right: the soft targets carry the teacher's knowledge."),
            Choice("false", 0.0, "It is exactly what distillation does."),
        ),
        difficulty=Difficulty.EASY,
        bloom=Bloom.REMEMBER,
        tags=("efficiency", "distillation"),
        category="NLP/Efficiency",
        uuid="shot-tf",
    )
    essay = Question(
        QuestionType.ESSAY,
        "Implement Word2Vec (CBOW and skip-gram) in PyTorch, train both on the provided "
        "corpus and compare the embeddings they learn.",
        grader_info=(
            "Deliverables:\n- a notebook that trains CBOW and skip-gram\n"
            "- a two-page report with nearest-neighbour tables\n"
            "Rubric: correctness 40%, experiments 40%, report 20%."
        ),
        response_template="Link to your repository:",
        difficulty=Difficulty.HARD,
        bloom=Bloom.CREATE,
        points=10,
        tags=("word2vec", "assignment"),
        category="NLP/Embeddings",
        uuid="shot-essay",
    )
    return [("mcq", mcq), ("truefalse", tf), ("essay", essay)]


def window(size: tuple[int, int], editor: QuestionEditor) -> QMainWindow:
    """A stand-in for the main window: slides left, editor right, bank below."""
    win = QMainWindow()
    win.resize(*size)
    slide = QLabel()
    data, _ = render_page(PDF, 3, size[0] // 2 - 40, size[1] // 2)
    pix = QPixmap()
    pix.loadFromData(data)
    slide.setPixmap(pix)
    slide.setAlignment(Qt.AlignmentFlag.AlignCenter)
    top = QSplitter(Qt.Orientation.Horizontal)
    top.addWidget(slide)
    top.addWidget(editor)
    top.setSizes([size[0] // 2, size[0] // 2])
    bank = QTableWidget(8, 5)
    bank.setHorizontalHeaderLabels(["#", "Type", "Question", "Tags", "Status"])
    outer = QSplitter(Qt.Orientation.Vertical)
    outer.addWidget(top)
    outer.addWidget(bank)
    outer.setSizes([int(size[1] * 0.68), int(size[1] * 0.32)])
    win.setCentralWidget(outer)
    return win


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    journal = RecoveryJournal(out / ".recovery")
    for size in ((1366, 768), (1920, 1080)):
        editor = QuestionEditor(journal=journal)
        editor.set_categories(["NLP/Transformers", "NLP/Efficiency", "NLP/Embeddings"])
        editor.set_current_slide(PDF, 3)
        win = window(size, editor)
        win.show()
        for name, q in questions():
            slides = {(1, 3): "Scaled dot-product attention divides QK^T by sqrt(d_k)."}
            editor.load(replace(q), slides if name == "mcq" else None)
            editor.tabs.setCurrentIndex(0)
            for _ in range(3):  # layouts settle over a few passes
                app.processEvents()
            stem = f"{size[0]}x{size[1]}-{name}"
            win.grab().save(str(out / f"{stem}-window.png"))
            editor.grab().save(str(out / f"{stem}-edit.png"))
            editor.scroll.verticalScrollBar().setValue(editor.scroll.verticalScrollBar().maximum())
            for _ in range(3):  # layouts settle over a few passes
                app.processEvents()
            editor.grab().save(str(out / f"{stem}-edit-scrolled.png"))
            editor.tabs.setCurrentIndex(1)
            editor.preview.show_key.setChecked(name == "mcq")
            for _ in range(3):  # layouts settle over a few passes
                app.processEvents()
            editor.grab().save(str(out / f"{stem}-preview.png"))
            editor.autosaver.discard()
        print(f"{size[0]}x{size[1]}: editor {editor.width()}x{editor.height()} px")
        win.close()
        QWidget.close(editor)
    dialogs(app, out)
    print(f"wrote {out}")


def dialogs(app: QApplication, out: Path) -> None:
    """The duplicate dialog, the crop dialog (with a selection) and the shortcuts help."""
    _, mcq = questions()[0]
    old = replace(
        mcq,
        id=12,
        stem="<p>Why is \\(QK^T\\) divided by \\(\\sqrt{d_k}\\) in attention?</p>",
        tags=("attention",),
        images=(),
    )
    dup = DuplicateDialog(replace(mcq, id=40), [(old, 91.0), (replace(old, id=7), 84.5)])
    dup.resize(1100, 620)
    dup.show()
    for _ in range(3):
        app.processEvents()
    dup.grab().save(str(out / "dialog-duplicate.png"))
    dup.close()
    crop = CropDialog(PDF, 3)
    crop.show()
    deadline = time.monotonic() + 10
    while crop.canvas.pixmap().isNull() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    crop.select_pixels(QRect(20, 160, 560, 230))
    app.processEvents()
    crop.grab().save(str(out / "dialog-crop.png"))
    crop.close()
    help_dialog = ShortcutsDialog()
    help_dialog.show()
    app.processEvents()
    help_dialog.grab().save(str(out / "dialog-shortcuts.png"))
    help_dialog.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots-editor"))
