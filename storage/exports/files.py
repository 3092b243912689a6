"""Writing an exam's files: one PDF (or Word document) per shuffled version, with its
answer key, and the exam's questions as Moodle XML or a Canvas QTI package.

Shared by `quizwright export pdf|docx` and the app's "Create Exam" dialog, so both
write the same files under the same names: `BASE.pdf` (or `BASE-A.pdf`,
`BASE-B.pdf`… for several versions) and `BASE[-X]-key.pdf`; `.docx` likewise;
`BASE.xml` for Moodle and `BASE-qti.zip` for Canvas.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from storage.bank import QuestionBank, QuestionNotFoundError
from storage.domain import Status
from storage.exam_cueing import cue_report, find_cues
from storage.exams import ExamDetail, ExamHeader, ExamStore, default_sections, draw, parse_draw
from storage.exports.pdf import ExamRenderError, render_answer_key_pdf, render_exam_pdf
from storage.exports.versions import PAPERS, ExamDocument, ExamItem, ExamVersion, make_versions

if TYPE_CHECKING:  # imported when a QTI package is made
    from storage.exports.qti import QtiPackage

KEY_CHOICES = ("separate", "append", "none")


class ExportError(Exception):
    """The files could not be written; the message says which and why."""


class CueingError(ExportError):
    """Items of the exam give each other away; the message names the pairs."""

    def __init__(self, report: str) -> None:
        super().__init__(f"{CUEING_LEAD}\n{report}")
        self.report = report


CUEING_LEAD = "Some questions give each other away:"


@dataclass(frozen=True)
class PdfOptions:
    versions: int = 1
    key: str = "separate"  # its own file, appended to the exam, or none
    institution: str = ""
    paper: str = "A4"
    font_size: float = 10.5
    seed: int | None = None  # None: the exam's own seed (or its id)
    shuffle_options: bool = True  # whatever the number of versions

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


_STAGING = ".quizwright-export-"  # + the export's base name + a random part
_READY = "ready"  # written once every file is staged: the batch may be finished
# Test hook: seconds to wait after each staged version, so a test can kill an
# export part-way (tests/robustness/test_data_exam_atomic.py).
_PAUSE_ENV = "QUIZWRIGHT_TEST_EXPORT_PAUSE"


class ExportBatch:
    """The files of one export appear together or not at all.

    Each file is written into a hidden folder beside the target; `commit` moves
    them into place once all are written. A run killed before that leaves the
    old files as they were and a staging folder that the next export of the same
    name removes; one killed while moving (all files written) is finished by it.
    """

    def __init__(self, out: Path) -> None:
        self.folder = out.parent
        self.prefix = f"{_STAGING}{out.stem}-"
        self._tidy()
        try:
            self.staging = Path(tempfile.mkdtemp(prefix=self.prefix, dir=self.folder))
        except OSError as exc:
            raise ExportError(f"Cannot write in {self.folder}: {exc.strerror}.") from None
        self.targets: list[Path] = []

    def _tidy(self) -> None:
        """Best effort: what cannot be tidied now is tried again on the next run."""
        for leftover in self.folder.glob(self.prefix + "*"):
            if not leftover.is_dir() or leftover.is_symlink():
                continue
            try:
                if (leftover / _READY).exists():  # killed while moving: finish the move
                    for name in (leftover / _READY).read_text("utf-8").splitlines():
                        staged = leftover / Path(name).name
                        if staged.exists():
                            os.replace(staged, self.folder / Path(name).name)
            except (OSError, UnicodeDecodeError):
                continue
            shutil.rmtree(leftover, ignore_errors=True)

    def add(self, target: Path, data: bytes) -> None:
        if target.parent != self.folder:
            raise ValueError("an export batch writes into one folder")
        try:
            (self.staging / target.name).write_bytes(data)
        except OSError as exc:
            self.abort()
            raise ExportError(f"Cannot write {target}: {exc.strerror}.") from None
        self.targets.append(target)

    def commit(self) -> None:
        try:
            (self.staging / _READY).write_text("\n".join(t.name for t in self.targets), "utf-8")
            for target in self.targets:
                os.replace(self.staging / target.name, target)
        except OSError as exc:
            raise ExportError(f"Cannot write in {self.folder}: {exc.strerror}.") from None
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _test_pause() -> None:
    try:
        pause = float(os.environ.get(_PAUSE_ENV) or 0)
    except ValueError:
        return
    if pause > 0:
        time.sleep(pause)


def exam_seed(exam: ExamDetail, options: PdfOptions) -> int:
    if options.seed is not None:
        return options.seed
    return exam.seed if exam.seed is not None else exam.id


def exam_document(exam: ExamDetail, options: PdfOptions) -> ExamDocument:
    return ExamDocument(
        title=exam.header.title,
        course=exam.header.course,
        date=exam.header.date,
        duration=exam.header.duration,
        instructions=exam.header.instructions,
        institution=options.institution,
        paper=options.paper,
        font_size=options.font_size,
        items=tuple(ExamItem(q, pts, sec) for q, pts, sec in exam.items),
        section_notes=exam.section_notes,
    )


def _pdf_exam(doc: ExamDocument, version: ExamVersion, key: str) -> bytes:
    buf = io.BytesIO()
    render_exam_pdf(doc, version, buf, key=key)
    return buf.getvalue()


def _pdf_key(doc: ExamDocument, version: ExamVersion) -> bytes:
    buf = io.BytesIO()
    render_answer_key_pdf(doc, version, buf)
    return buf.getvalue()


def _docx_exam(doc: ExamDocument, version: ExamVersion, key: str) -> bytes:
    from storage.exports.word import render_exam_docx

    return render_exam_docx(doc, version, key=key)


def _docx_key(doc: ExamDocument, version: ExamVersion) -> bytes:
    from storage.exports.word import render_answer_key_docx

    return render_answer_key_docx(doc, version)


# each printable format: the writer of an exam version and the writer of its key
_WRITERS: dict[
    str,
    tuple[
        Callable[[ExamDocument, ExamVersion, str], bytes],
        Callable[[ExamDocument, ExamVersion], bytes],
    ],
] = {"pdf": (_pdf_exam, _pdf_key), "docx": (_docx_exam, _docx_key)}


def write_exam_files(
    exam: ExamDetail,
    out: Path,
    options: PdfOptions,
    progress: Callable[[int, int], None] | None = None,
    batch: ExportBatch | None = None,
    fmt: str = "pdf",
) -> list[WrittenVersion]:
    """Write every version of `exam` as `fmt` ("pdf" or "docx") next to `out` (its suffix
    is replaced).

    All files appear together (see `ExportBatch`); given a `batch`, the files
    join it and the caller commits it."""
    from storage.exports.word import WordRenderError

    options.check()
    render_exam, render_key = _WRITERS[fmt]
    doc = exam_document(exam, options)
    versions = make_versions(
        doc, options.versions, exam_seed(exam, options), options.shuffle_options
    )
    stem = out.with_suffix("")
    own = batch is None
    batch = batch if batch is not None else ExportBatch(out)
    written: list[WrittenVersion] = []
    try:
        for n, version in enumerate(versions):
            if progress is not None:
                progress(n, len(versions))
            suffix = f"-{version.letter}" if version.letter else ""
            exam_path = Path(f"{stem}{suffix}.{fmt}")
            key_path: Path | None = None
            key = "append" if options.key == "append" else "none"
            batch.add(exam_path, render_exam(doc, version, key))
            if options.key == "separate":
                key_path = Path(f"{stem}{suffix}-key.{fmt}")
                batch.add(key_path, render_key(doc, version))
            written.append(WrittenVersion(version.letter, exam_path, key_path))
            _test_pause()
    except (ExamRenderError, WordRenderError) as exc:
        batch.abort()
        raise ExportError(str(exc)) from None
    except BaseException:
        batch.abort()
        raise
    if own:
        batch.commit()
    if progress is not None:
        progress(len(versions), len(versions))
    return written


def exam_qti(exam: ExamDetail) -> bytes:
    """The exam's questions as one Canvas quiz, with the exam's points."""
    return exam_qti_package(exam).data


def exam_qti_package(exam: ExamDetail) -> QtiPackage:
    """`exam_qti` with the questions it left out or changed (`QtiPackage.warnings`)."""
    from storage.exports.qti import QtiExportError, build_qti

    try:
        return build_qti(
            [q for q, _, _ in exam.items],
            exam.header.title,
            [pts for _, pts, _ in exam.items],
            description=exam.header.instructions,
        )
    except QtiExportError as exc:
        raise ExportError(str(exc)) from None


def qti_path(out: Path) -> Path:
    return out.with_name(out.with_suffix("").name + "-qti.zip")


@dataclass(frozen=True)
class ExamRequest:
    """Everything the app's "Create Exam" dialog asks for."""

    header: ExamHeader
    out: Path  # BASE.pdf; Word to BASE.docx, Moodle XML to BASE.xml, QTI to BASE-qti.zip
    question_ids: tuple[int, ...] = ()  # these questions, in order …
    draw_spec: str = ""  # … or drawn at random, e.g. "4 mcq tag:lora; 2 tf"
    seed: int | None = None
    include_drafts: bool = False
    pdf: PdfOptions | None = PdfOptions()
    moodle: bool = False
    docx: PdfOptions | None = None  # Word documents (the same versions and keys as the PDF)
    qti: bool = False  # a Canvas QTI package
    # each chosen question's section title, in the order of `question_ids`;
    # None: one section per type (`storage.exams.default_sections`)
    sections: tuple[str, ...] | None = None
    section_notes: tuple[tuple[str, str], ...] = ()  # (section title, instructions)
    allow_cueing: bool = False  # write even if items give each other away

    def targets(self) -> list[Path]:
        """Every file the request writes (to check before anything is written)."""
        from storage.export_targets import exam_pdf_targets

        found: list[Path] = []
        if self.pdf is not None:
            found += exam_pdf_targets(self.out, self.pdf.versions, self.pdf.key)
        if self.docx is not None:
            docx = self.docx
            found += exam_pdf_targets(self.out, docx.versions, docx.key, suffix=".docx")[1:]
        if self.moodle:
            found.append(self.out.with_suffix(".xml"))
        if self.qti:
            found.append(qti_path(self.out))
        return found or [self.out]


@dataclass(frozen=True)
class ExamExport:
    exam: ExamDetail
    pdfs: tuple[WrittenVersion, ...]
    moodle: Path | None
    docx: tuple[WrittenVersion, ...] = ()
    qti: Path | None = None
    # questions the Canvas package left out (no Canvas form) or changed, in words
    qti_warnings: tuple[str, ...] = ()

    @property
    def files(self) -> list[Path]:
        found: list[Path] = []
        for v in (*self.pdfs, *self.docx):
            found += [v.exam] + ([v.key] if v.key else [])
        return found + [p for p in (self.moodle, self.qti) if p is not None]


def draw_ids(bank: QuestionBank, spec: str, seed: int, include_drafts: bool) -> list[int]:
    """Questions drawn for a spec such as "4 mcq tag:lora; 2 tf" (drafts only if allowed)."""
    rules = parse_draw(spec)
    if include_drafts:
        rules = [replace(r, statuses=tuple(Status)) for r in rules]
    return draw(bank, rules, seed)


def create_and_export(
    bank: QuestionBank,
    request: ExamRequest,
    progress: Callable[[int, int], None] | None = None,
) -> ExamExport:
    """Create the exam in the bank and write its files; nothing is stored when the
    request is wrong (no title, no questions, drafts not allowed, a bad draw)."""
    if request.pdf is None and request.docx is None and not (request.moodle or request.qti):
        raise ExportError("Choose at least one format: PDF, Word, Moodle XML or Canvas QTI.")
    for options in (request.pdf, request.docx):
        if options is not None:
            options.check()
    if request.out.parent and not request.out.parent.is_dir():
        raise ExportError(f"The folder {request.out.parent} does not exist.")
    seed = request.seed if request.seed is not None else random.randrange(1, 1 << 31)
    if request.draw_spec.strip():
        ids = draw_ids(bank, request.draw_spec, seed, request.include_drafts)
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
    questions = {q.id: q for q in bank.get_many(ids)}
    missing = [i for i in ids if i not in questions]
    if missing:
        raise QuestionNotFoundError(
            f"There is no question {', '.join(map(str, missing))} in this bank."
        )
    if request.sections is not None and len(request.sections) == len(ids):
        sections = list(request.sections)
        ordered = [questions[i] for i in ids if i in questions]
    else:
        placed = default_sections([questions[i] for i in ids if i in questions])
        ordered = [q for q, _ in placed]
        sections = [sec for _, sec in placed]
    if not request.allow_cueing:
        cues = find_cues(ordered)
        if cues:
            raise CueingError(cue_report(ordered, cues))
    moodle_xml: bytes | None = None
    if request.moodle:  # before storing: a question Moodle would refuse stops it all
        from storage.formats.moodle_xml import MoodleExportError, export_moodle_xml

        try:
            moodle_xml = export_moodle_xml(ordered)
        except MoodleExportError as exc:
            raise ExportError(str(exc)) from None
    out = request.out
    batch = ExportBatch(out)
    try:
        exam = ExamStore(bank).create(
            request.header,
            [q.id for q in ordered if q.id is not None],
            seed=seed,
            sections=sections,
            section_instructions=dict(request.section_notes),
        )
        printed: dict[str, list[WrittenVersion]] = {"pdf": [], "docx": []}
        for fmt, options in (("pdf", request.pdf), ("docx", request.docx)):
            if options is not None:
                printed[fmt] = write_exam_files(exam, out, options, progress, batch, fmt)
        moodle = None
        if moodle_xml is not None:
            moodle = out.with_suffix(".xml")
            batch.add(moodle, moodle_xml)
        qti = None
        qti_warnings: tuple[str, ...] = ()
        if request.qti:
            qti = qti_path(out)
            package = exam_qti_package(exam)
            batch.add(qti, package.data)
            qti_warnings = package.warnings
        batch.commit()
    except BaseException:
        batch.abort()
        raise
    return ExamExport(
        exam, tuple(printed["pdf"]), moodle, tuple(printed["docx"]), qti, qti_warnings
    )
