"""Create Exam: questions (the bank selection, or drawn at random), the header,
sections and order, versions and answer keys, and the files to write (PDF, Word,
Moodle XML, Canvas QTI).

The dialog only gathers an `ExamRequest`; the window runs `create_and_export`
on the bank thread and reports the files it wrote. Given the bank (`service`),
the dialog shows the questions in sections to reorder and checks them for
cueing (items that give each other away) before anything is written; the last
choices (institution, versions, key, formats, option shuffling) are kept.
"""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
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
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.exam_sections import SectionEditor
from desktop.settings import AppSettings
from storage.bank import QuestionBank
from storage.database import BankError
from storage.domain import Question
from storage.exam_cueing import cue_report, find_cues
from storage.exams import ExamHeader
from storage.exports.files import (
    CUEING_LEAD,
    KEY_CHOICES,
    ExamRequest,
    ExportError,
    PdfOptions,
    draw_ids,
)
from storage.exports.versions import PAPERS

_KEY_LABELS = {
    "separate": "Separate file per version",
    "append": "Appended to each version",
    "none": "No answer key",
}


def _file_name(title: str) -> str:
    name = re.sub(r"[^\w\- ]+", "", title).strip().replace(" ", "-").lower()
    return name or "exam"


class ExamChoices:
    """The dialog's last choices, kept in the app's settings (QSettings); the
    institution, paper and font are the PDF settings the Settings dialog shows."""

    def __init__(self, settings: AppSettings) -> None:
        self.settings = settings

    def _get(self, key: str, default: str) -> str:
        value = self.settings.q.value(f"exam/{key}", default)
        return str(value) if value is not None else default

    def versions(self) -> int:
        value = self._get("versions", "1")
        return int(value) if value.isdigit() and 1 <= int(value) <= 26 else 1

    def key(self) -> str:
        value = self._get("key", "separate")
        return value if value in KEY_CHOICES else "separate"

    def flag(self, name: str, default: bool) -> bool:
        value = self._get(name, "true" if default else "false").lower()
        return value in ("true", "1", "yes") if value else default

    def save(self, dialog: ExamDialog) -> None:
        q = self.settings.q
        q.setValue("exam/versions", str(dialog.versions.value()))
        q.setValue("exam/key", str(dialog.key.currentData()))
        q.setValue("exam/pdf", "true" if dialog.pdf.isChecked() else "false")
        for name in ("moodle", "docx", "qti"):
            box: QCheckBox = getattr(dialog, name)
            q.setValue(f"exam/{name}", "true" if box.isChecked() else "false")
        shuffle = dialog.shuffle_options.isChecked()
        q.setValue("exam/shuffle_options", "true" if shuffle else "false")
        self.settings.set_pdf(
            dialog.institution.text().strip(),
            dialog.paper.currentText(),
            dialog.font_size.value(),
        )
        q.sync()


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
        service: QuestionBank | None = None,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create Exam")
        self.selected_ids = list(selected_ids)
        self.service = service
        self.settings = settings if settings is not None else AppSettings()
        self.choices = ExamChoices(self.settings)
        stored = self.settings.q.contains("pdf/institution")
        if stored:  # the last choices win over the window's defaults
            institution = self.settings.institution()
            paper = self.settings.paper()
            font_size = self.settings.font_size()
        self.seed = random.SystemRandom().randrange(1, 1 << 31)
        self.drawn_spec: str | None = None  # the spec the questions shown were drawn for
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
            f"The {len(selected_ids)} question(s) selected in the bank"
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
        self.draw_button = QPushButton("Draw")
        self.draw_button.setToolTip("Draw the questions now, to see and order them")
        self.draw_button.setEnabled(self.use_draw.isChecked() and service is not None)
        self.draw_button.setVisible(service is not None)
        self.use_draw.toggled.connect(
            lambda on: self.draw_button.setEnabled(on and self.service is not None)
        )
        self.draw_button.clicked.connect(self._draw_again)
        self.use_draw.toggled.connect(lambda _on: self._load_questions())
        self.include_drafts = QCheckBox("Include drafts (questions not yet accepted)")
        self.include_drafts.toggled.connect(lambda _on: self._load_questions())
        questions = QGroupBox("Questions")
        q_layout = QVBoxLayout(questions)
        q_layout.addWidget(self.use_selection)
        draw_row = QHBoxLayout()
        draw_row.addWidget(self.use_draw)
        draw_row.addWidget(self.draw_spec, 1)
        draw_row.addWidget(self.draw_button)
        q_layout.addLayout(draw_row)
        q_layout.addWidget(self.include_drafts)

        self.pdf = QCheckBox("Printable PDF")
        self.pdf.setChecked(self.choices.flag("pdf", True))
        self.versions = QSpinBox(minimum=1, maximum=26, value=self.choices.versions())
        self.versions.setToolTip("Versions A, B, C… with the questions shuffled within sections")
        self.shuffle_options = QCheckBox("Shuffle the options of multiple-choice questions")
        self.shuffle_options.setToolTip(
            "Print options in a shuffled order (per version), even with one version; "
            "“All of the above” and the like stay last"
        )
        self.shuffle_options.setChecked(self.choices.flag("shuffle_options", True))
        self.key = QComboBox()
        for k in KEY_CHOICES:
            self.key.addItem(_KEY_LABELS[k], k)
        self.key.setCurrentIndex(KEY_CHOICES.index(self.choices.key()))
        self.paper = QComboBox()
        self.paper.addItems(list(PAPERS))
        self.paper.setCurrentText(paper if paper in PAPERS else "A4")
        self.font_size = QDoubleSpinBox(minimum=7, maximum=16, value=font_size, singleStep=0.5)
        self.font_size.setSuffix(" pt")
        self.institution = QLineEdit(institution)
        self.moodle = QCheckBox("Moodle XML (for import into a Moodle question bank)")
        self.moodle.setChecked(self.choices.flag("moodle", False))
        self.docx = QCheckBox("Word (.docx to edit; the same versions and keys as the PDF)")
        self.docx.setChecked(self.choices.flag("docx", False))
        self.qti = QCheckBox("Canvas QTI (.zip for Canvas's “QTI .zip” quiz import)")
        self.qti.setChecked(self.choices.flag("qti", False))
        for box in (self.docx, self.qti):
            box.setToolTip("Written beside the PDF, under the same name")
        files = QGroupBox("Files")
        f_layout = QFormLayout(files)
        f_layout.addRow(self.pdf)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(QLabel("Versions"))
        pdf_row.addWidget(self.versions)
        pdf_row.addWidget(QLabel("Answer key"))
        pdf_row.addWidget(self.key)
        pdf_row.addStretch(1)
        f_layout.addRow(pdf_row)
        paper_row = QHBoxLayout()
        paper_row.addWidget(QLabel("Paper"))
        paper_row.addWidget(self.paper)
        paper_row.addWidget(QLabel("Font"))
        paper_row.addWidget(self.font_size)
        paper_row.addStretch(1)
        f_layout.addRow(paper_row)
        f_layout.addRow(self.shuffle_options)
        f_layout.addRow("Institution", self.institution)
        f_layout.addRow(self.docx)
        f_layout.addRow(self.moodle)
        f_layout.addRow(self.qti)
        self.out = QLineEdit(str(folder / "exam.pdf"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_file)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        f_layout.addRow("Save as", out_row)
        self.title.textEdited.connect(self._title_edited)
        pdf_widgets = (self.versions, self.key, self.paper, self.font_size, self.shuffle_options)

        def printed() -> None:  # versions, key and paper are for the PDF and Word files
            on = self.pdf.isChecked() or self.docx.isChecked()
            for w in pdf_widgets:
                w.setEnabled(on)

        self.pdf.toggled.connect(printed)
        self.docx.toggled.connect(printed)
        printed()
        for w in pdf_widgets:
            w.setEnabled(self.pdf.isChecked())

        self.sections = SectionEditor()
        self.sections.changed.connect(self._check_cueing)
        self.cueing = QLabel()
        self.cueing.setWordWrap(True)
        self.cueing.setTextFormat(Qt.TextFormat.PlainText)
        self.allow_cueing = QCheckBox("Create it anyway (I have looked at these pairs)")
        self.allow_cueing.setVisible(False)
        order = QGroupBox("Sections and order")
        o_layout = QVBoxLayout(order)
        o_layout.addWidget(self.sections, 1)
        o_layout.addWidget(self.cueing)
        o_layout.addWidget(self.allow_cueing)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        # two columns: what the exam is (left) and how its items are laid out (right);
        # the left one scrolls when a small screen cannot show it whole
        left = QWidget()
        l_layout = QVBoxLayout(left)
        l_layout.setContentsMargins(0, 0, 0, 0)
        l_layout.addLayout(header)
        l_layout.addWidget(questions)
        l_layout.addWidget(files)
        l_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMinimumWidth(left.sizeHint().width() + 20)
        columns = QHBoxLayout()
        columns.addWidget(scroll, 5)
        columns.addWidget(order, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumSize(900, 520)
        self.resize(1120, 640)
        self._load_questions()

    def _title_edited(self, title: str) -> None:
        out = Path(self.out.text())
        self.out.setText(str(out.with_name(_file_name(title) + ".pdf")))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the exam as", self.out.text(), "PDF (*.pdf)"
        )
        if path:
            self.out.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    # ----- questions, sections and cueing ------------------------------------------

    def _load_questions(self) -> None:
        """Show the chosen questions in sections (needs the bank)."""
        if self.service is None:
            self.sections.setEnabled(False)
            self.cueing.setText(
                "The questions are put in a section per type and checked for items that give "
                "each other away when you click Create."
            )
            return
        ids: list[int] = []
        by_id: dict[int | None, Question] = {}
        self.drawn_spec = None
        try:
            if self.use_draw.isChecked():
                spec = self.draw_spec.text()
                if spec.strip():
                    ids = draw_ids(self.service, spec, self.seed, self.include_drafts.isChecked())
                    self.drawn_spec = spec
            else:
                ids = self.selected_ids
            by_id = {q.id: q for q in self.service.get_many(ids)}
        except (BankError, ExportError) as exc:
            self.show_error(str(exc))
        self.sections.set_questions([by_id[i] for i in ids if i in by_id])
        self._check_cueing()

    def _draw_again(self) -> None:
        if self.drawn_spec == self.draw_spec.text():  # the same spec again: other questions
            self.seed = random.SystemRandom().randrange(1, 1 << 31)
        self.message.clear()
        self._load_questions()

    def _check_cueing(self) -> None:
        if self.service is None:
            return
        questions = self.sections.questions()
        cues = find_cues(questions)
        if cues:
            self.cueing.setStyleSheet("color: #b45309;")
            self.cueing.setText(
                f"⚠ {CUEING_LEAD}\n{cue_report(questions, cues, limit=6)}\n"
                "Replace one of each pair, or create the exam anyway."
            )
        else:
            self.cueing.setStyleSheet("color: palette(placeholder-text);")
            self.cueing.setText(
                "No questions give each other away." if questions else "No questions yet."
            )
        self.allow_cueing.setVisible(bool(cues))
        if not cues:
            self.allow_cueing.setChecked(False)

    def request(self) -> ExamRequest:
        header = ExamHeader(
            self.title.text().strip(),
            self.course.text().strip(),
            self.date.text().strip(),
            self.duration.text().strip(),
            self.instructions.toPlainText().strip(),
        )
        options = PdfOptions(
            versions=self.versions.value(),
            key=str(self.key.currentData()),
            institution=self.institution.text().strip(),
            paper=self.paper.currentText(),
            font_size=self.font_size.value(),
            shuffle_options=self.shuffle_options.isChecked(),
        )
        drawing = self.use_draw.isChecked()
        common = {
            "include_drafts": self.include_drafts.isChecked(),
            "pdf": options if self.pdf.isChecked() else None,
            "docx": options if self.docx.isChecked() else None,
            "qti": self.qti.isChecked(),
            "moodle": self.moodle.isChecked(),
            "allow_cueing": self.allow_cueing.isChecked(),
            "seed": self.seed,
        }
        out = Path(self.out.text().strip()).expanduser()
        placed = self.sections.placed() if self.service is not None else []
        if placed and (not drawing or self.drawn_spec == self.draw_spec.text()):
            # the questions as shown: in this order, in these sections
            return ExamRequest(
                header,
                out,
                question_ids=tuple(q.id for q, _ in placed if q.id is not None),
                sections=tuple(sec for _, sec in placed),
                section_notes=tuple(self.sections.section_notes().items()),
                **common,  # type: ignore[arg-type]
            )
        return ExamRequest(
            header,
            out,
            question_ids=() if drawing else tuple(self.selected_ids),
            draw_spec=self.draw_spec.text() if drawing else "",
            **common,  # type: ignore[arg-type]
        )

    def _accept(self) -> None:
        """Checks that need no bank; the rest is said by the window after trying."""
        if (
            self.service is not None
            and self.use_draw.isChecked()
            and self.draw_spec.text().strip()
            and self.drawn_spec != self.draw_spec.text()
        ):
            self._load_questions()  # show what will be in the exam before writing it
            if self.drawn_spec != self.draw_spec.text():
                return  # the draw failed: its message is shown
            if self.allow_cueing.isVisible():
                self.show_error("Look at the pairs under the sections before creating the exam.")
                return
        r = self.request()
        if not r.header.title:
            self.show_error("Give the exam a title.")
        elif self.use_draw.isChecked() and not self.draw_spec.text().strip():
            self.show_error("Say what to draw, e.g. “4 mcq; 2 tf”.")
        elif r.pdf is None and r.docx is None and not (r.moodle or r.qti):
            self.show_error(
                "Choose at least one kind of file: PDF, Word, Moodle XML or Canvas QTI."
            )
        elif not r.out.name or r.out.suffix.lower() != ".pdf":
            self.show_error("Save as a file name ending in .pdf.")
        elif self.allow_cueing.isVisible() and not self.allow_cueing.isChecked():
            self.show_error(
                "Some questions give each other away (see under the sections): replace one "
                "of each pair, or tick “Create it anyway”."
            )
        else:
            self.choices.save(self)
            self.message.setText("Creating the exam…")
            self.message.setStyleSheet("color: palette(text);")
            self.buttons.setEnabled(False)
            self.submitted.emit(r)

    def show_error(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(message)
        if message.startswith(CUEING_LEAD):  # found by the window's run (no bank here)
            self.allow_cueing.setVisible(True)
