"""`quizwright export qti` (Canvas) and `quizwright export docx` (Word)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.export_options import add_exam_file_options, add_question_selector
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
    add_question_selector(qti, id_list)
    qti.add_argument("--title", help="the quiz's name in Canvas (default: the exam's title)")

    docx = xsub.add_parser("docx", parents=[with_json], help="an exam as editable Word documents")
    add_exam_file_options(
        docx, "docx", "N shuffled versions A, B, C… (one file each), as `export pdf` makes them"
    )


def export_qti_command(args: argparse.Namespace, service: QuestionBank, bank_path: Path) -> None:
    from cli.exam_commands import check_targets, no_questions, selected_questions
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
        raise no_questions(args)
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
        from cli.exam_commands import export_exam_files

        export_exam_files(args, service, bank_path, "docx")
    else:
        return False
    return True
