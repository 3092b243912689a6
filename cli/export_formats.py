"""`quizwright export qti` (Canvas) and `quizwright export docx` (Word)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.output import CliError, emit, write_atomically
from storage.domain import Status

if TYPE_CHECKING:  # the parsers are built for `--help` too, without the bank's imports
    from storage.bank import QuestionBank


def add_parsers(xsub: Any, with_json: argparse.ArgumentParser, id_list: Any) -> None:
    """The two commands, under `quizwright export`."""
    qti = xsub.add_parser(
        "qti", parents=[with_json], help="questions as a Canvas QTI package (.zip)"
    )
    qti.add_argument("out", type=Path, metavar="OUT.zip")
    which = qti.add_mutually_exclusive_group(required=True)
    which.add_argument("--exam", type=int, metavar="ID")
    which.add_argument("--tag")
    which.add_argument("--category", metavar="PATH")
    which.add_argument("--ids", type=id_list, metavar="1,2,3")
    which.add_argument("--all", action="store_true")
    qti.add_argument(
        "--include-drafts",
        action="store_true",
        help="with --tag/--category/--all, also export draft questions",
    )
    qti.add_argument("--title", help="the quiz's name in Canvas (default: the exam's title)")

    docx = xsub.add_parser("docx", parents=[with_json], help="an exam as editable Word documents")
    docx.add_argument("out", type=Path, metavar="OUT.docx")
    docx.add_argument("--exam", type=int, required=True, metavar="ID")
    docx.add_argument(
        "--versions",
        type=int,
        default=1,
        metavar="N",
        help="N shuffled versions A, B, C… (one file each), as `export pdf` makes them",
    )
    docx.add_argument("--seed", type=int, help="shuffling seed (default: the exam's)")
    docx.add_argument(
        "--shuffle-options",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="shuffle multiple-choice options, even with one version (default: yes)",
    )
    docx.add_argument(
        "--key",
        choices=("separate", "append", "none"),
        default="separate",
        help="answer key per version: its own file (default), appended, or none",
    )
    docx.add_argument("--institution", default="")
    docx.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    docx.add_argument("--font-size", type=float, default=10.5, metavar="PT")


def export_docx(args: argparse.Namespace, service: QuestionBank, bank_path: Path) -> None:
    from cli.exam_commands import check_targets
    from storage.exams import ExamStore
    from storage.export_targets import exam_pdf_targets
    from storage.exports.files import ExportError, PdfOptions, exam_seed, write_exam_docx

    if not 1 <= args.versions <= 26:
        raise CliError("--versions must be between 1 and 26.")
    options = PdfOptions(
        versions=args.versions,
        key=args.key,
        institution=args.institution,
        paper=args.paper,
        font_size=args.font_size,
        seed=args.seed,
        shuffle_options=args.shuffle_options,
    )
    check_targets(exam_pdf_targets(args.out, args.versions, args.key, ".docx"), bank_path)
    exam = ExamStore(service).get(args.exam)
    try:
        files = write_exam_docx(exam, args.out, options)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    written: list[dict[str, Any]] = []
    for f in files:
        entry: dict[str, Any] = {"version": f.letter, "file": str(f.exam)}
        if f.key is not None:
            entry["key"] = str(f.key)
        written.append(entry)
    seed = exam_seed(exam, options)
    text = "\n".join(
        f"wrote {w['file']}" + (f" and its key {w['key']}" if "key" in w else "") for w in written
    )
    text += f"\n{len(exam.items)} questions, {exam.total_points:g} points, seed {seed}"
    emit(
        args,
        {"exam": exam.id, "seed": seed, "files": written, "total_points": exam.total_points},
        text,
    )


def export_qti_command(args: argparse.Namespace, service: QuestionBank, bank_path: Path) -> None:
    from cli.exam_commands import check_targets, selected_questions
    from storage.exams import ExamStore
    from storage.exports.qti import QtiExportError, build_qti

    check_targets([args.out], bank_path)
    title = args.title
    points: list[float] | None = None
    description = ""
    if args.exam is not None:
        exam = ExamStore(service).get(args.exam)
        questions = [q for q, _, _ in exam.items]
        points = [pts for _, pts, _ in exam.items]
        title = title or exam.header.title
        description = exam.header.instructions
    else:
        questions = selected_questions(args, service)
        title = title or args.tag or args.category or args.out.stem
    if not questions:
        hint = (
            ""
            if args.include_drafts or args.exam or args.ids
            else " (only accepted questions are exported; add --include-drafts for drafts)"
        )
        raise CliError(f"No questions to export{hint}.")
    try:
        package = build_qti(questions, title, points, description)
    except QtiExportError as exc:
        raise CliError(str(exc)) from None
    write_atomically(args.out, package.data)
    written = [questions[i] for i in package.written]
    drafts = [q.id for q in written if q.status is Status.DRAFT]
    emit(
        args,
        {
            "file": str(args.out),
            "title": title,
            "questions": [q.id for q in written],
            "left_out": [q.id for i, q in enumerate(questions) if i not in package.written],
            "warnings": list(package.warnings),
        },
        f"wrote {len(written)} question(s) to {args.out} (Canvas quiz “{title}”)"
        + (f"\nnote: question(s) {', '.join(map(str, drafts))} are still drafts" if drafts else "")
        + "".join(f"\nwarning: {w}" for w in package.warnings),
    )


def run(args: argparse.Namespace, service: QuestionBank, bank_path: Path) -> bool:
    """Run `export qti|docx`; False for the other formats."""
    if args.export_command == "qti":
        export_qti_command(args, service, bank_path)
    elif args.export_command == "docx":
        export_docx(args, service, bank_path)
    else:
        return False
    return True
