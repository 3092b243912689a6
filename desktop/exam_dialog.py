"""Create Exam: questions (the bank selection, or drawn at random), the header,
versions and answer keys, and the files to write (PDF, Moodle XML).

The dialog only gathers an `ExamRequest`; the window runs `create_and_export`
on the bank thread and reports the files it wrote.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from storage.exam_export import KEY_CHOICES, PAPERS, ExamRequest, PdfOptions
from storage.exams import ExamHeader

_KEY_LABELS = {
    "separate": "Separate file per version",
    "append": "Appended to each version",
    "none": "No answer key",
}


def _file_name(title: str) -> str:
    name = re.sub(r"[^\w\- ]+", "", title).strip().replace(" ", "-").lower()
    return name or "exam"


class ExamDialog(QDialog):
    """Emits `submitted(ExamRequest)`; the window closes it when the files are written,
    or shows what went wrong with `show_error` and the dialog stays open."""

    submitted = Signal(object)  # ExamRequest

    def __init__(
        self,
        selected_ids: list[int],
        folder: Path,
        institution: str = "",
        paper: str = "A4",
        font_size: float = 10.5,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create Exam")
        self.selected_ids = list(selected_ids)
        self.title = QLineEdit(placeholderText="e.g. Midterm exam")
        self.course = QLineEdit(placeholderText="e.g. NLP 101")
        self.date = QLineEdit(date.today().isoformat())
        self.duration = QLineEdit(placeholderText="e.g. 90 minutes")
        self.instructions = QPlainTextEdit()
        self.instructions.setPlaceholderText("Instructions printed under the header (optional)")
        self.instructions.setFixedHeight(60)
        header = QFormLayout()
        header.addRow("Title", self.title)
        header.addRow("Course", self.course)
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(QLabel("Duration"))
        row.addWidget(self.duration)
        header.addRow("Date", row)
        header.addRow("Instructions", self.instructions)

        self.use_selection = QRadioButton(
            f"The {len(selected_ids)} question(s) selected in the bank, in that order"
        )
        self.use_draw = QRadioButton("Draw at random:")
        self.draw_spec = QLineEdit(placeholderText="e.g. 4 mcq tag:tokenization; 2 tf; 1 essay")
        self.draw_spec.setToolTip(
            "Parts separated by “;”: how many, an optional type (mcq, multi, tf, short, "
            "numerical, essay) and filters tag:NAME, category:PATH, difficulty:easy|medium|hard, "
            "deck:ID"
        )
        group = QButtonGroup(self)
        group.addButton(self.use_selection)
        group.addButton(self.use_draw)
        (self.use_selection if selected_ids else self.use_draw).setChecked(True)
        self.use_selection.setEnabled(bool(selected_ids))
        self.draw_spec.setEnabled(self.use_draw.isChecked())
        self.use_draw.toggled.connect(self.draw_spec.setEnabled)
        self.include_drafts = QCheckBox("Include drafts (questions not yet accepted)")
        questions = QGroupBox("Questions")
        q_layout = QVBoxLayout(questions)
        q_layout.addWidget(self.use_selection)
        draw_row = QHBoxLayout()
        draw_row.addWidget(self.use_draw)
        draw_row.addWidget(self.draw_spec, 1)
        q_layout.addLayout(draw_row)
        q_layout.addWidget(self.include_drafts)

        self.pdf = QCheckBox("Printable PDF")
        self.pdf.setChecked(True)
        self.versions = QSpinBox(minimum=1, maximum=26, value=1)
        self.versions.setToolTip("Versions A, B, C… with questions and options shuffled")
        self.key = QComboBox()
        for k in KEY_CHOICES:
            self.key.addItem(_KEY_LABELS[k], k)
        self.paper = QComboBox()
        self.paper.addItems(list(PAPERS))
        self.paper.setCurrentText(paper if paper in PAPERS else "A4")
        self.font_size = QDoubleSpinBox(minimum=7, maximum=16, value=font_size, singleStep=0.5)
        self.font_size.setSuffix(" pt")
        self.institution = QLineEdit(institution)
        self.moodle = QCheckBox("Moodle XML (for import into a Moodle question bank)")
        files = QGroupBox("Files")
        f_layout = QFormLayout(files)
        f_layout.addRow(self.pdf)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(QLabel("Versions"))
        pdf_row.addWidget(self.versions)
        pdf_row.addWidget(QLabel("Answer key"))
        pdf_row.addWidget(self.key)
        pdf_row.addWidget(QLabel("Paper"))
        pdf_row.addWidget(self.paper)
        pdf_row.addWidget(QLabel("Font"))
        pdf_row.addWidget(self.font_size)
        pdf_row.addStretch(1)
        f_layout.addRow(pdf_row)
        f_layout.addRow("Institution", self.institution)
        f_layout.addRow(self.moodle)
        self.out = QLineEdit(str(folder / "exam.pdf"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_file)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        f_layout.addRow("Save as", out_row)
        self.title.textEdited.connect(self._title_edited)
        self.pdf.toggled.connect(
            lambda on: [w.setEnabled(on) for w in (self.versions, self.key, self.paper)]
        )

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(questions)
        layout.addWidget(files)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, 0)

    def _title_edited(self, title: str) -> None:
        out = Path(self.out.text())
        self.out.setText(str(out.with_name(_file_name(title) + ".pdf")))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the exam as", self.out.text(), "PDF (*.pdf)"
        )
        if path:
            self.out.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def request(self) -> ExamRequest:
        header = ExamHeader(
            self.title.text().strip(),
            self.course.text().strip(),
            self.date.text().strip(),
            self.duration.text().strip(),
            self.instructions.toPlainText().strip(),
        )
        pdf = (
            PdfOptions(
                versions=self.versions.value(),
                key=str(self.key.currentData()),
                institution=self.institution.text().strip(),
                paper=self.paper.currentText(),
                font_size=self.font_size.value(),
            )
            if self.pdf.isChecked()
            else None
        )
        drawing = self.use_draw.isChecked()
        return ExamRequest(
            header,
            Path(self.out.text().strip()).expanduser(),
            question_ids=() if drawing else tuple(self.selected_ids),
            draw_spec=self.draw_spec.text() if drawing else "",
            include_drafts=self.include_drafts.isChecked(),
            pdf=pdf,
            moodle=self.moodle.isChecked(),
        )

    def _accept(self) -> None:
        """Checks that need no bank; the rest is said by the window after trying."""
        r = self.request()
        if not r.header.title:
            self.show_error("Give the exam a title.")
        elif self.use_draw.isChecked() and not r.draw_spec.strip():
            self.show_error("Say what to draw, e.g. “4 mcq; 2 tf”.")
        elif r.pdf is None and not r.moodle:
            self.show_error("Choose at least one kind of file: PDF or Moodle XML.")
        elif not r.out.name or r.out.suffix.lower() != ".pdf":
            self.show_error("Save as a file name ending in .pdf.")
        else:
            self.message.setText("Creating the exam…")
            self.message.setStyleSheet("color: palette(text);")
            self.buttons.setEnabled(False)
            self.submitted.emit(r)

    def show_error(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(message)
