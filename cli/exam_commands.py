"""`quizwright exam …` and `quizwright export …`: exams, PDF, Moodle XML, GIFT
(QTI and Word: cli/export_formats.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.output import (
    CliError,
    emit,
    one_line,
    width,
    write_atomically,
)
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Question, QuestionFilter, Status
from storage.paths import default_bank_path


def exam_payload(exam: Any) -> dict[str, Any]:
    return {
        "id": exam.id,
        "title": exam.header.title,
        "course": exam.header.course,
        "date": exam.header.date,
        "duration": exam.header.duration,
        "instructions": exam.header.instructions,
        "seed": exam.seed,
        "total_points": exam.total_points,
        "sections": [
            {"title": title, "instructions": exam.section_instructions(title)}
            for title in exam.sections
            if title
        ],
        "items": [
            {
                "position": i,
                "question_id": q.id,
                "type": q.type.value,
                "points": pts,
                "section": sec,
                "stem": q.stem,
            }
            for i, (q, pts, sec) in enumerate(exam.items, 1)
        ],
    }


def exam_text(exam: Any) -> str:
    h = exam.header
    lines = [f"Exam {exam.id}: {h.title}"]
    lines += [
        f"{k}: {v}"
        for k, v in (("course", h.course), ("date", h.date), ("duration", h.duration))
        if v
    ]
    section = None
    for i, (q, pts, sec) in enumerate(exam.items, 1):
        if sec and sec != section:
            lines.append(f"— {sec} —")
            if exam.section_instructions(sec):
                lines.append(f"     {one_line(exam.section_instructions(sec), width() - 6)}")
        section = sec
        lines.append(
            f"{i:>3}. [{q.id}] ({pts:g} pt) {q.type.value:<10} {one_line(q.stem, width() - 32)}"
        )
    lines.append(
        f"{len(exam.items)} question(s), {exam.total_points:g} points"
        + (f", drawn with seed {exam.seed}" if exam.seed is not None else "")
    )
    return "\n".join(lines)


def exam_command(args: argparse.Namespace) -> None:
    import random

    from storage.exam_cueing import cue_report, find_cues
    from storage.exams import ExamHeader, ExamStore, default_sections, draw, parse_draw

    with open_bank(args.bank or default_bank_path()) as bank:
        store = ExamStore(QuestionBank(bank))
        if args.exam_command == "list":
            exams = store.list()
            emit(
                args,
                {"exams": [{"id": i, "title": t, "questions": n} for i, t, n in exams]},
                "\n".join(f"{i:>4}  {n:>3} questions  {t}" for i, t, n in exams) or "No exams yet.",
            )
        elif args.exam_command == "show":
            exam = store.get(args.id)
            emit(args, exam_payload(exam), exam_text(exam))
        else:
            seed = args.seed
            if args.draw is not None:
                rules = parse_draw(args.draw)
                seed = seed if seed is not None else random.SystemRandom().randrange(1, 10**6)
                ids = draw(store.questions, rules, seed)
            else:
                ids = args.ids
            notes = section_notes(args.section_instructions)
            found = {q.id: q for q in store.questions.get_many(ids)}
            missing = [i for i in ids if i not in found]
            if missing:
                raise CliError(f"There is no question {', '.join(map(str, missing))} in this bank.")
            if args.keep_order and args.draw is None:
                placed = [(found[i], "") for i in ids]
            else:  # a section per type: quick items first, essays last
                placed = default_sections([found[i] for i in ids])
            ordered = [q for q, _ in placed]
            cues = find_cues(ordered)
            if cues and not args.allow_cueing:
                raise CliError(
                    "Some questions give each other away:\n"
                    + cue_report(ordered, cues)
                    + "\nReplace one of each pair, or add --allow-cueing to create it anyway."
                )
            header = ExamHeader(
                args.title, args.course, args.date, args.duration, args.instructions
            )
            exam = store.create(
                header,
                [q.id for q in ordered if q.id is not None],
                seed=seed,
                sections=[sec for _, sec in placed],
                section_instructions=notes,
            )
            emit(args, exam_payload(exam), exam_text(exam))


def section_notes(given: list[str]) -> dict[str, str]:
    """`--section-instructions "Essay=Answer one of the two."` → {"Essay": "…"}."""
    notes: dict[str, str] = {}
    for text in given:
        title, sep, note = text.partition("=")
        if not sep or not title.strip():
            raise CliError(
                f"--section-instructions “{text}”: say SECTION=TEXT, "
                "e.g. “Essay=Answer one of the two.”"
            )
        notes[title.strip()] = note.strip()
    return notes


def check_targets(paths: list[Path], bank_path: Path) -> None:
    """Refuse, before anything is rendered, a target an export must not replace."""
    from storage.export_targets import ExportTargetError, check_export_targets

    try:
        check_export_targets(paths, bank_path)
    except ExportTargetError as exc:
        raise CliError(f"{exc} Nothing was exported.") from None


def export_exam_files(
    args: argparse.Namespace, service: QuestionBank, bank_path: Path, fmt: str
) -> None:
    """`export pdf|docx`: every version of an exam, with its keys, as `fmt` files."""
    from storage.exams import ExamStore
    from storage.export_targets import exam_pdf_targets
    from storage.exports.files import ExportError, PdfOptions, exam_seed, write_exam_files

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
    check_targets(exam_pdf_targets(args.out, args.versions, args.key, f".{fmt}"), bank_path)
    exam = ExamStore(service).get(args.exam)
    seed = exam_seed(exam, options)
    try:
        files = write_exam_files(exam, args.out, options, fmt=fmt)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    written: list[dict[str, Any]] = []
    for f in files:
        entry: dict[str, Any] = {"version": f.letter, "file": str(f.exam)}
        if f.key is not None:
            entry["key"] = str(f.key)
        written.append(entry)
    text = "\n".join(
        f"wrote {w['file']}" + (f" and its key {w['key']}" if "key" in w else "") for w in written
    )
    text += f"\n{len(exam.items)} questions, {exam.total_points:g} points, seed {seed}"
    payload: dict[str, Any] = {
        "exam": exam.id,
        "seed": seed,
        "files": written,
        "total_points": exam.total_points,
    }
    if fmt == "pdf":  # as `export pdf` has always said it (`export docx` does not)
        drafts = [q.id for q, _, _ in exam.items if q.status is Status.DRAFT]
        if drafts:
            text += f"\nnote: question(s) {', '.join(map(str, drafts))} are still drafts"
        payload["drafts"] = drafts
    emit(args, payload, text)


def no_questions(args: argparse.Namespace) -> CliError:
    """What `export moodle|gift|qti` says when the selector chose nothing."""
    hint = (
        ""
        if args.include_drafts or args.exam or args.ids
        else " (only accepted questions are exported; add --include-drafts for drafts)"
    )
    return CliError(f"No questions to export{hint}.")


def selected_questions(args: argparse.Namespace, service: QuestionBank) -> list[Question]:
    from storage.exams import ExamStore

    if args.exam is not None:
        return [q for q, _, _ in ExamStore(service).get(args.exam).items]
    if args.ids is not None:
        found = service.get_many(args.ids)
        missing = sorted(set(args.ids) - {q.id for q in found})
        if missing:
            raise CliError(f"There is no question {', '.join(map(str, missing))} in this bank.")
        return found
    statuses = list(Status) if args.include_drafts else [Status.ACCEPTED]
    chosen: list[Question] = []
    for status in statuses:
        chosen += service.list_questions(
            QuestionFilter(tag=args.tag, category=args.category, status=status)
        )
    return sorted(chosen, key=lambda q: q.id or 0)


def export_command(args: argparse.Namespace) -> None:
    from cli.export_formats import run as run_export_format

    with open_bank(args.bank or default_bank_path()) as bank:
        service = QuestionBank(bank)
        if args.export_command == "pdf":
            export_exam_files(args, service, bank.path, "pdf")
            return
        if run_export_format(args, service, bank.path):  # qti, docx
            return
        check_targets([args.out], bank.path)
        questions = selected_questions(args, service)
        if not questions:
            raise no_questions(args)
        warnings: list[str] = []
        if args.export_command == "moodle":
            from storage.formats.moodle_xml import MoodleExportError, export_moodle_xml

            try:
                data = export_moodle_xml(questions)
            except MoodleExportError as exc:
                raise CliError(str(exc)) from None
        else:
            from storage.formats.gift import export_gift

            text, warnings = export_gift(questions)
            data = text.encode("utf-8")
        write_atomically(args.out, data)
        emit(
            args,
            {"file": str(args.out), "questions": [q.id for q in questions], "warnings": warnings},
            f"wrote {len(questions)} question(s) to {args.out}"
            + "".join(f"\nwarning: {w}" for w in warnings),
        )
