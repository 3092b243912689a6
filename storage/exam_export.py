"""Writing an exam's files: one PDF per shuffled version, with its answer key.

Shared by `quizwright export pdf` and the app's "Create Exam" dialog, so both
write the same files under the same names: `BASE.pdf` (or `BASE-A.pdf`,
`BASE-B.pdf`… for several versions) and `BASE[-X]-key.pdf`.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from storage.bank import QuestionBank
from storage.domain import Status
from storage.exam_pdf import ExamRenderError, render_answer_key_pdf, render_exam_pdf
from storage.exam_versions import PAPERS, ExamDocument, ExamItem, make_versions
from storage.exams import ExamDetail, ExamHeader, ExamStore, draw, parse_draw

KEY_CHOICES = ("separate", "append", "none")


class ExportError(Exception):
    """The files could not be written; the message says which and why."""


@dataclass(frozen=True)
class PdfOptions:
    versions: int = 1
    key: str = "separate"  # its own file, appended to the exam, or none
    institution: str = ""
    paper: str = "A4"
    font_size: float = 10.5
    seed: int | None = None  # None: the exam's own seed (or its id)

    def check(self) -> None:
        if not 1 <= self.versions <= 26:
            raise ExportError("The number of versions must be between 1 and 26.")
        if self.key not in KEY_CHOICES:
            raise ExportError(f"The answer key must be one of: {', '.join(KEY_CHOICES)}.")
        if self.paper not in PAPERS:
            raise ExportError(f"The paper size must be {' or '.join(PAPERS)}.")
        if not 7 <= self.font_size <= 16:
            raise ExportError("The font size must be between 7 and 16 points.")


@dataclass(frozen=True)
class WrittenVersion:
    letter: str
    exam: Path
    key: Path | None


def write_file(path: Path, data: bytes) -> None:
    """The whole file or nothing: a full disk must not leave half an export."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"Cannot write {path}: {exc.strerror}.") from None


def exam_seed(exam: ExamDetail, options: PdfOptions) -> int:
    if options.seed is not None:
        return options.seed
    return exam.seed if exam.seed is not None else exam.id


def write_exam_pdfs(
    exam: ExamDetail,
    out: Path,
    options: PdfOptions,
    progress: Callable[[int, int], None] | None = None,
) -> list[WrittenVersion]:
    """Render every version of `exam` next to `out` (its suffix is replaced)."""
    options.check()
    doc = ExamDocument(
        title=exam.header.title,
        course=exam.header.course,
        date=exam.header.date,
        duration=exam.header.duration,
        instructions=exam.header.instructions,
        institution=options.institution,
        paper=options.paper,
        font_size=options.font_size,
        items=tuple(ExamItem(q, pts, sec) for q, pts, sec in exam.items),
    )
    versions = make_versions(doc, options.versions, exam_seed(exam, options))
    stem = out.with_suffix("")
    written: list[WrittenVersion] = []
    for n, version in enumerate(versions):
        if progress is not None:
            progress(n, len(versions))
        suffix = f"-{version.letter}" if version.letter else ""
        exam_path = Path(f"{stem}{suffix}.pdf")
        buf = io.BytesIO()
        key_path: Path | None = None
        try:
            render_exam_pdf(doc, version, buf, key="append" if options.key == "append" else "none")
            write_file(exam_path, buf.getvalue())
            if options.key == "separate":
                key_buf = io.BytesIO()
                render_answer_key_pdf(doc, version, key_buf)
                key_path = Path(f"{stem}{suffix}-key.pdf")
                write_file(key_path, key_buf.getvalue())
        except ExamRenderError as exc:
            raise ExportError(str(exc)) from None
        written.append(WrittenVersion(version.letter, exam_path, key_path))
    if progress is not None:
        progress(len(versions), len(versions))
    return written


@dataclass(frozen=True)
class ExamRequest:
    """Everything the app's "Create Exam" dialog asks for."""

    header: ExamHeader
    out: Path  # BASE.pdf; Moodle XML goes to BASE.xml
    question_ids: tuple[int, ...] = ()  # these questions, in order …
    draw_spec: str = ""  # … or drawn at random, e.g. "4 mcq tag:lora; 2 tf"
    seed: int | None = None
    include_drafts: bool = False
    pdf: PdfOptions | None = PdfOptions()
    moodle: bool = False


@dataclass(frozen=True)
class ExamExport:
    exam: ExamDetail
    pdfs: tuple[WrittenVersion, ...]
    moodle: Path | None

    @property
    def files(self) -> list[Path]:
        found: list[Path] = []
        for v in self.pdfs:
            found += [v.exam] + ([v.key] if v.key else [])
        return found + ([self.moodle] if self.moodle else [])


def create_and_export(
    bank: QuestionBank,
    request: ExamRequest,
    progress: Callable[[int, int], None] | None = None,
) -> ExamExport:
    """Create the exam in the bank and write its files; nothing is stored when the
    request is wrong (no title, no questions, drafts not allowed, a bad draw)."""
    if request.pdf is None and not request.moodle:
        raise ExportError("Choose at least one format: PDF or Moodle XML.")
    if request.pdf is not None:
        request.pdf.check()
    if request.out.parent and not request.out.parent.is_dir():
        raise ExportError(f"The folder {request.out.parent} does not exist.")
    seed = request.seed if request.seed is not None else random.randrange(1, 1 << 31)
    if request.draw_spec.strip():
        rules = parse_draw(request.draw_spec)
        if request.include_drafts:
            rules = [replace(r, statuses=tuple(Status)) for r in rules]
        ids = draw(bank, rules, seed)
    else:
        ids = list(request.question_ids)
        if not ids:
            raise ExportError("Choose the questions: select them in the bank, or draw them.")
        drafts = [q.id for q in bank.get_many(ids) if q.status is Status.DRAFT]
        if drafts and not request.include_drafts:
            raise ExportError(
                f"{len(drafts)} of the chosen questions are still drafts "
                f"({', '.join(map(str, drafts[:8]))}{'…' if len(drafts) > 8 else ''}): accept "
                "them in the review queue first, or tick “Include drafts”."
            )
    exam = ExamStore(bank).create(request.header, ids, seed=seed)
    pdfs = write_exam_pdfs(exam, request.out, request.pdf, progress) if request.pdf else []
    moodle = None
    if request.moodle:
        from storage.formats.moodle_xml import MoodleExportError, export_moodle_xml

        moodle = request.out.with_suffix(".xml")
        try:
            write_file(moodle, export_moodle_xml([q for q, _, _ in exam.items]))
        except MoodleExportError as exc:
            raise ExportError(str(exc)) from None
    return ExamExport(exam, tuple(pdfs), moodle)
