"""`quizwright`: opens the desktop app, or runs a headless subcommand.

Every command takes `--bank PATH`; every command that prints results takes
`--json` and then prints exactly one JSON document on stdout. Errors go to
stderr with exit code 1 (2 for a wrong command line).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from storage.bank import QuestionBank
from storage.database import BankError, open_bank
from storage.dedup import DEFAULT_THRESHOLD
from storage.domain import Bloom, Difficulty, Question, QuestionFilter, QuestionType, Status
from storage.jsonio import QuestionFormatError, question_from_dict, question_to_dict
from storage.paths import default_bank_path


class CliError(Exception):
    """A user-facing failure: printed to stderr, exit code 1."""


def _common(json_flag: bool) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a --bank given before the subcommand is not overwritten here.
    p.add_argument(
        "--bank",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help=f"question bank file (default: {default_bank_path()})",
    )
    if json_flag:
        p.add_argument(
            "--json",
            action="store_true",
            default=argparse.SUPPRESS,
            help="print one JSON document instead of text",
        )
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizwright",
        description="Turn lecture slides into exams, offline. Without a command, opens the app.",
    )
    parser.add_argument(
        "--bank",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"question bank file (default: {default_bank_path()})",
    )
    parser.add_argument("--json", action="store_true", default=False, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    with_json, plain = _common(True), _common(False)

    sub.add_parser("gui", parents=[plain], help="open the desktop app (the default)")

    bank = sub.add_parser(
        "bank", help="the question bank: list, show, search, add, import, delete, dupes"
    )
    bsub = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    ls = bsub.add_parser("list", parents=[with_json], help="list questions, with filters")
    ls.add_argument("--type", choices=[t.value for t in QuestionType])
    ls.add_argument("--tag")
    ls.add_argument("--status", choices=[s.value for s in Status])
    ls.add_argument("--difficulty", choices=[d.value for d in Difficulty])
    ls.add_argument("--category", help="category path; includes its sub-categories")
    ls.add_argument("--deck", type=int, metavar="ID", help="questions drafted from this deck")
    ls.add_argument("--limit", type=int, metavar="N")
    show = bsub.add_parser("show", parents=[with_json], help="show one question in full")
    show.add_argument("id", type=int, metavar="ID")
    search = bsub.add_parser(
        "search", parents=[with_json], help="full-text search over stems, answers and tags"
    )
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--limit", type=int, default=20, metavar="N")
    dupes = bsub.add_parser(
        "dupes", parents=[with_json], help="groups of near-duplicate questions in the whole bank"
    )
    dupes.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        metavar="T",
        help="similarity 0-100 (default %(default)s)",
    )
    add = bsub.add_parser(
        "add",
        parents=[with_json],
        help="add questions from a JSON file (as `bank show --json` prints)",
    )
    add.add_argument("file", type=Path, metavar="FILE.json")
    rm = bsub.add_parser("delete", parents=[with_json], help="delete questions")
    rm.add_argument("ids", type=int, nargs="+", metavar="ID")
    rm.add_argument(
        "--force",
        action="store_true",
        help="also delete questions that exams use (removing them from those exams)",
    )
    bsub.add_parser("info", parents=[with_json], help="where the bank is and what it holds")

    decks = sub.add_parser("decks", help="lecture decks: import and list")
    dsub = decks.add_subparsers(dest="decks_command", metavar="ACTION", required=True)
    imp = dsub.add_parser(
        "import", parents=[with_json], help="import PDF slides or Markdown/text lecture notes"
    )
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE")
    how = imp.add_mutually_exclusive_group()
    how.add_argument(
        "--update",
        type=int,
        metavar="ID",
        help="the file is a new version of deck ID: replace its pages",
    )
    how.add_argument(
        "--new",
        action="store_true",
        help="import as a separate deck even if a deck of that name exists",
    )
    dsub.add_parser("list", parents=[with_json], help="list the decks in the bank")

    slides = sub.add_parser("slides", help="slides: show one, find those a request is about")
    ssub = slides.add_subparsers(dest="slides_command", metavar="ACTION", required=True)
    sshow = ssub.add_parser("show", parents=[with_json], help="the cleaned text of a slide")
    sshow.add_argument("deck", type=int, metavar="DECK")
    sshow.add_argument("page", type=int, metavar="PAGE")
    find = ssub.add_parser(
        "find", parents=[with_json], help="rank slides by relevance to a request"
    )
    find.add_argument("query", metavar="QUERY")
    find.add_argument(
        "--deck", type=int, action="append", metavar="ID", help="search only this deck (repeatable)"
    )
    find.add_argument("--limit", type=int, default=10, metavar="N")

    exam = sub.add_parser("exam", help="exams: create from picked or drawn questions, show, list")
    esub = exam.add_subparsers(dest="exam_command", metavar="ACTION", required=True)
    create = esub.add_parser("create", parents=[with_json], help="create an exam")
    create.add_argument("--title", required=True)
    pick = create.add_mutually_exclusive_group(required=True)
    pick.add_argument("--ids", type=_id_list, metavar="3,5,8", help="these questions, in order")
    pick.add_argument(
        "--draw",
        metavar="SPEC",
        help='draw at random, e.g. "4 mcq tag:tokenization; 2 short difficulty:hard"',
    )
    create.add_argument("--seed", type=int, help="seed for --draw (same seed, same questions)")
    create.add_argument("--course", default="")
    create.add_argument("--date", default="")
    create.add_argument("--duration", default="", help='e.g. "90 minutes"')
    create.add_argument("--instructions", default="")
    eshow = esub.add_parser("show", parents=[with_json], help="show an exam")
    eshow.add_argument("id", type=int, metavar="ID")
    esub.add_parser("list", parents=[with_json], help="list exams")

    export = sub.add_parser("export", help="export: printable PDF exams, Moodle XML, GIFT")
    xsub = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    pdf = xsub.add_parser("pdf", parents=[with_json], help="an exam as printable PDF")
    pdf.add_argument("out", type=Path, metavar="OUT.pdf")
    pdf.add_argument("--exam", type=int, required=True, metavar="ID")
    pdf.add_argument(
        "--versions",
        type=int,
        default=1,
        metavar="N",
        help="N shuffled versions A, B, C… (one file each)",
    )
    pdf.add_argument("--seed", type=int, help="shuffling seed (default: the exam's)")
    pdf.add_argument(
        "--key",
        choices=("separate", "append", "none"),
        default="separate",
        help="answer key per version: its own file (default), appended, or none",
    )
    pdf.add_argument("--institution", default="")
    pdf.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    pdf.add_argument("--font-size", type=float, default=10.5, metavar="PT")
    for fmt, ext in (("moodle", "xml"), ("gift", "gift")):
        x = xsub.add_parser(
            fmt,
            parents=[with_json],
            help=f"questions as {'Moodle XML' if fmt == 'moodle' else 'GIFT'}",
        )
        x.add_argument("out", type=Path, metavar=f"OUT.{ext}")
        which = x.add_mutually_exclusive_group(required=True)
        which.add_argument("--exam", type=int, metavar="ID")
        which.add_argument("--tag")
        which.add_argument("--category", metavar="PATH")
        which.add_argument("--ids", type=_id_list, metavar="1,2,3")
        which.add_argument("--all", action="store_true")
        x.add_argument(
            "--include-drafts",
            action="store_true",
            help="with --tag/--category/--all, also export draft questions",
        )
    bimp = bsub.add_parser(
        "import",
        parents=[with_json],
        help="import questions from Moodle XML or GIFT (all or nothing)",
    )
    bimp.add_argument("file", type=Path, metavar="FILE.xml|FILE.gift")
    bimp.add_argument(
        "--skip-duplicates",
        action="store_true",
        help="leave out questions that look like ones already in the bank",
    )

    dr = sub.add_parser(
        "draft",
        parents=[with_json],
        help="draft questions from slides (stored in the bank as drafts)",
    )
    where = dr.add_mutually_exclusive_group(required=True)
    where.add_argument("--deck", type=int, metavar="ID", help="draft from this deck")
    where.add_argument(
        "--query", metavar="TEXT", help="draft from the slides the finder picks for this request"
    )
    dr.add_argument(
        "--pages", type=_page_list, metavar="3-7,9", help="with --deck: only these pages"
    )
    for flag, label in (
        ("mcq", "multiple choice"),
        ("multi", "multiple answers"),
        ("tf", "true/false"),
        ("short", "short answer"),
        ("essay", "essay/assignment"),
    ):
        dr.add_argument(
            f"--{flag}", type=int, default=0, metavar="N", help=f"how many {label} questions"
        )
    dr.add_argument("--difficulty", choices=[d.value for d in Difficulty], default="medium")
    dr.add_argument("--bloom", choices=[b.value for b in Bloom])
    dr.add_argument("--focus", default="", metavar="TERMS", help='focus terms, e.g. "LoRA, MoE"')
    dr.add_argument(
        "--model",
        default="bundled",
        metavar="NAME|PATH",
        help="the bundled model (default), a GGUF file, or a local model's name",
    )
    dr.add_argument("--seed", type=int, default=0)
    dr.add_argument(
        "--strategy",
        choices=("auto", "built", "model"),
        default="auto",
        help="auto: the model writes questions unless it is too small to",
    )

    models = sub.add_parser("models", help="local language models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    msub.add_parser(
        "prepare",
        parents=[with_json],
        help="make the bundled SmolLM2 model loadable (offline, once)",
    )
    return parser


def _id_list(value: str) -> list[int]:
    try:
        ids = [int(v) for v in value.replace(" ", "").split(",") if v]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected ids such as 3,5,8, got {value!r}") from None
    if not ids:
        raise argparse.ArgumentTypeError("expected at least one id")
    return ids


def _page_list(value: str) -> list[int]:
    pages: list[int] = []
    try:
        for part in value.replace(" ", "").split(","):
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                pages += list(range(a, b + 1))
            elif part:
                pages.append(int(part))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected pages such as 3-7,9, got {value!r}") from None
    if not pages:
        raise argparse.ArgumentTypeError("expected at least one page")
    return pages


# ----- output helpers -----------------------------------------------------------------


def _emit(args: argparse.Namespace, payload: Any, text: str) -> None:
    if args.json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 20)).columns, 160))


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _table(questions: Sequence[Question]) -> str:
    if not questions:
        return "No questions match."
    stem_w = _width() - 34
    lines = [f"{'ID':>6}  {'TYPE':<10} {'STATUS':<8} {'DIFF':<6} STEM"]
    for q in questions:
        lines.append(
            f"{q.id:>6}  {q.type.value:<10} {q.status.value:<8} "
            f"{(q.difficulty.value if q.difficulty else '-'):<6} {_one_line(q.stem, stem_w)}"
        )
    lines.append(f"{len(questions)} question(s)")
    return "\n".join(lines)


def _describe(q: Question) -> str:
    wrap = textwrap.TextWrapper(width=_width(), subsequent_indent="    ")
    out = [
        f"Question {q.id}  [{q.type.label}, {q.status.value}]  {q.points:g} point(s)",
        f"uuid: {q.uuid}",
    ]
    if q.title:
        out.append(f"title: {q.title}")
    out.append(wrap.fill("stem: " + " ".join(q.stem.split())))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for i, c in enumerate(q.choices):
        mark = "*" if c.correct else " "
        extra = f" (±{c.tolerance:g})" if c.tolerance is not None else ""
        frac = f" [{c.fraction:+.0%}]" if c.fraction not in (0.0, 1.0) else ""
        out.append(wrap.fill(f"  {mark} {letters[i % 26]}. {c.text}{extra}{frac}"))
    for label, value in (
        ("difficulty", q.difficulty.value if q.difficulty else ""),
        ("bloom", q.bloom.value if q.bloom else ""),
        ("category", q.category),
        ("tags", ", ".join(q.tags)),
        ("feedback", q.general_feedback),
        ("grader info", q.grader_info),
        ("made by", " / ".join(x for x in (q.origin.method, q.origin.engine, q.origin.model) if x)),
    ):
        if value:
            out.append(wrap.fill(f"{label}: {value}"))
    for src in q.sources:
        quote = f': "{_one_line(src.supporting_text, 80)}"' if src.supporting_text else ""
        out.append(f"source: deck {src.deck_id}, page {src.page}{quote}")
    return "\n".join(out)


# ----- commands -----------------------------------------------------------------------


def _bank_command(args: argparse.Namespace) -> None:
    with open_bank(args.bank or default_bank_path()) as bank:
        service = QuestionBank(bank)
        action = args.bank_command
        if action == "list":
            f = QuestionFilter(
                type=QuestionType(args.type) if args.type else None,
                tag=args.tag,
                status=Status(args.status) if args.status else None,
                difficulty=Difficulty(args.difficulty) if args.difficulty else None,
                category=args.category,
                deck_id=args.deck,
                limit=args.limit,
            )
            qs = service.list_questions(f)
            _emit(
                args, {"count": len(qs), "questions": [question_to_dict(q) for q in qs]}, _table(qs)
            )
        elif action == "show":
            q = service.get(args.id)
            _emit(args, question_to_dict(q), _describe(q))
        elif action == "search":
            hits = service.search(args.text, limit=args.limit)
            payload = {
                "query": args.text,
                "results": [
                    {"id": h.question_id, "score": h.score, "snippet": h.snippet} for h in hits
                ],
            }
            text = (
                f"No question matches {args.text!r}."
                if not hits
                else "\n".join(
                    f"{q.id:>6}  {h.score:7.2f}  {_one_line(q.stem, 90)}"
                    for h, q in zip(
                        hits, service.get_many([h.question_id for h in hits]), strict=True
                    )
                )
            )
            _emit(args, payload, text)
        elif action == "dupes":
            if not 0 <= args.threshold <= 100:
                raise CliError("--threshold must be between 0 and 100.")
            groups = service.duplicate_groups(args.threshold)
            payload = {
                "threshold": args.threshold,
                "groups": [
                    [{"id": m.question_id, "score": m.score, "stem": m.stem} for m in g]
                    for g in groups
                ],
            }
            lines = [f"{len(groups)} group(s) of near-duplicates at threshold {args.threshold:g}"]
            for n, g in enumerate(groups, 1):
                lines.append(f"group {n}:")
                lines += [
                    f"  {m.question_id:>6}  {m.score:5.1f}  {_one_line(m.stem, 80)}" for m in g
                ]
            _emit(args, payload, "\n".join(lines))
        elif action == "add":
            questions = _read_questions(args.file)
            ids = service.add_many(questions)
            warnings = []
            for qid, q in zip(ids, questions, strict=True):
                for m in service.find_duplicates(replace(q, id=qid)):
                    warnings.append({"id": qid, "similar_to": m.question_id, "score": m.score})
            text = f"Added {len(ids)} question(s): {', '.join(map(str, ids))}"
            text += "".join(
                f"\n  question {w['id']} is similar to question {w['similar_to']} "
                f"({w['score']:.0f}%)"
                for w in warnings
            )
            _emit(args, {"added": ids, "near_duplicates": warnings}, text)
        elif action == "delete":
            impact = service.delete(args.ids, force=args.force)
            text = f"Deleted {len(impact.question_ids)} question(s)."
            if impact.exams:
                text += " Removed from exam(s): " + ", ".join(f"#{i} {t}" for i, t in impact.exams)
            _emit(
                args,
                {
                    "deleted": list(impact.question_ids),
                    "removed_from_exams": [{"id": i, "title": t} for i, t in impact.exams],
                },
                text,
            )
        elif action == "import":
            _import_questions(args, service)
        elif action == "info":
            payload = {
                "path": str(bank.path),
                "schema": bank.info.schema_revision,
                "questions": service.count(),
                "drafts": service.count(QuestionFilter(status=Status.DRAFT)),
                "categories": service.categories(),
            }
            _emit(args, payload, "\n".join(f"{k}: {v}" for k, v in payload.items()))


def _read_questions(path: Path) -> list[Question]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"{path}: no such file.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CliError(f"{path} is not a JSON file: {exc}") from None
    items = data.get("questions", data) if isinstance(data, dict) else data
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise CliError(
            f"{path}: expected a question, a list of questions or {{'questions': [...]}}"
        )
    try:
        return [
            question_from_dict(d, where=f"{path.name}, question {i}")
            for i, d in enumerate(items, 1)
        ]
    except QuestionFormatError as exc:
        raise CliError(str(exc)) from None


def _flags_summary(flags: Sequence[tuple[str, ...]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for page_flags in flags:
        for f in page_flags:
            counts[f] = counts.get(f, 0) + 1
    return counts


def _decks_command(args: argparse.Namespace) -> int:
    from storage.decks import DeckImportError, read_deck
    from storage.slide_store import NewVersionError, SlideLibrary

    with open_bank(args.bank or default_bank_path()) as bank:
        library = SlideLibrary(bank)
        if args.decks_command == "list":
            decks = library.decks()
            payload = {
                "decks": [
                    {
                        "id": d.id,
                        "title": d.title,
                        "pages": d.page_count,
                        "source": d.source_path,
                        "imported": d.imported_at.isoformat(),
                    }
                    for d in decks
                ]
            }
            text = (
                "\n".join(
                    f"{d.id:>4}  {d.page_count:>4} pages  {d.title}  ({Path(d.source_path).name})"
                    for d in decks
                )
                or "No decks yet: quizwright decks import FILE.pdf"
            )
            _emit(args, payload, text)
            return 0
        if args.update is not None and len(args.files) != 1:
            raise CliError("--update takes exactly one file.")
        results: list[dict[str, Any]] = []
        failed, lines = 0, []
        for path in args.files:
            try:
                content = read_deck(path)
                if args.update is not None:
                    report = library.update_deck(args.update, content)
                    deck, status = report.deck, "updated"
                    extra = {"links_kept": report.links_kept, "links_dropped": report.links_dropped}
                else:
                    outcome = library.import_deck(content, as_new=args.new)
                    deck = outcome.deck
                    status = "imported" if outcome.created else "already in the bank"
                    extra = {}
            except (DeckImportError, NewVersionError, BankError) as exc:
                failed += 1
                hint = ""
                if isinstance(exc, NewVersionError):
                    hint = (
                        f" Use --update {exc.existing.id} to update it, or --new to import "
                        "it as a separate deck."
                    )
                results.append({"file": str(path), "error": f"{exc}{hint}"})
                print(f"quizwright: error: {exc}{hint}", file=sys.stderr)
                continue
            skipped = _flags_summary(content.flags)
            results.append(
                {
                    "file": str(path),
                    "status": status,
                    "id": deck.id,
                    "title": deck.title,
                    "pages": deck.page_count,
                    "pages_without_content": sum(1 for f in content.flags if f),
                    "reasons": skipped,
                    **extra,
                }
            )
            why = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
            lines.append(
                f"deck {deck.id}: {deck.title} — {deck.page_count} pages, {status}; "
                f"{sum(1 for f in content.flags if f)} marked as carrying nothing to ask about"
                + (f" ({why})" if why else "")
                + (
                    f"; question links kept {extra['links_kept']}, dropped {extra['links_dropped']}"
                    if extra
                    else ""
                )
            )
        _emit(args, {"decks": results}, "\n".join(lines))
        return 1 if failed else 0


def _slides_command(args: argparse.Namespace) -> None:
    from storage.slide_finder import SlideFinder
    from storage.slide_store import SlideLibrary

    with open_bank(args.bank or default_bank_path()) as bank:
        if args.slides_command == "show":
            slide = SlideLibrary(bank).slide(args.deck, args.page)
            payload = {
                "deck": slide.deck_id,
                "page": slide.page,
                "text": slide.text,
                "flags": list(slide.flags),
                "raw_text": slide.raw_text,
            }
            note = f"[{', '.join(slide.flags)}]\n" if slide.flags else ""
            _emit(args, payload, note + (slide.text or "(no text on this page)"))
            return
        if args.limit < 1:
            raise CliError("--limit must be at least 1.")
        result = SlideFinder(bank).find(args.query, deck_ids=args.deck, limit=args.limit)
        payload = {
            "query": result.query,
            "terms": list(result.terms),
            "expansions": {k: list(v) for k, v in result.expansions.items()},
            "message": result.message,
            "partial": result.partial,
            "results": [
                {
                    "deck": h.slide.deck_id,
                    "deck_title": h.deck_title,
                    "page": h.slide.page,
                    "score": h.score,
                    "matched": list(h.matched),
                    "text": h.slide.text,
                }
                for h in result.hits
            ],
        }
        lines = [result.message]
        lines += [
            f"{h.score:8.2f}  deck {h.slide.deck_id} p.{h.slide.page:<4} "
            f"{_one_line(h.slide.text, _width() - 30)}"
            for h in result.hits
        ]
        _emit(args, payload, "\n".join(lines))


def _exam_payload(exam: Any) -> dict[str, Any]:
    return {
        "id": exam.id,
        "title": exam.header.title,
        "course": exam.header.course,
        "date": exam.header.date,
        "duration": exam.header.duration,
        "instructions": exam.header.instructions,
        "seed": exam.seed,
        "total_points": exam.total_points,
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


def _exam_text(exam: Any) -> str:
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
        section = sec
        lines.append(
            f"{i:>3}. [{q.id}] ({pts:g} pt) {q.type.value:<10} {_one_line(q.stem, _width() - 32)}"
        )
    lines.append(
        f"{len(exam.items)} question(s), {exam.total_points:g} points"
        + (f", drawn with seed {exam.seed}" if exam.seed is not None else "")
    )
    return "\n".join(lines)


def _exam_command(args: argparse.Namespace) -> None:
    import random

    from storage.exams import ExamHeader, ExamStore, draw, parse_draw

    with open_bank(args.bank or default_bank_path()) as bank:
        store = ExamStore(QuestionBank(bank))
        if args.exam_command == "list":
            exams = store.list()
            _emit(
                args,
                {"exams": [{"id": i, "title": t, "questions": n} for i, t, n in exams]},
                "\n".join(f"{i:>4}  {n:>3} questions  {t}" for i, t, n in exams) or "No exams yet.",
            )
        elif args.exam_command == "show":
            exam = store.get(args.id)
            _emit(args, _exam_payload(exam), _exam_text(exam))
        else:
            seed = args.seed
            sections: list[str] | None = None
            if args.draw is not None:
                rules = parse_draw(args.draw)
                seed = seed if seed is not None else random.SystemRandom().randrange(1, 10**6)
                ids = draw(store.questions, rules, seed)
                if len(rules) > 1:  # each part of the draw is a section of the exam
                    sections = [
                        rule.type.label if rule.type else f"Part {n}"
                        for n, rule in enumerate(rules, 1)
                        for _ in range(rule.count)
                    ]
            else:
                ids = args.ids
            header = ExamHeader(
                args.title, args.course, args.date, args.duration, args.instructions
            )
            exam = store.create(header, ids, seed=seed, sections=sections)
            _emit(args, _exam_payload(exam), _exam_text(exam))


def _write_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing (a full disk must not leave half an export)."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CliError(f"Cannot write {path}: {exc.strerror}.") from None


def _export_pdf(args: argparse.Namespace, exams: Any) -> None:
    import io

    from storage.exam_pdf import (
        ExamDocument,
        ExamItem,
        ExamRenderError,
        make_versions,
        render_answer_key_pdf,
        render_exam_pdf,
    )

    if args.versions < 1 or args.versions > 26:
        raise CliError("--versions must be between 1 and 26.")
    exam = exams.get(args.exam)
    drafts = [q.id for q, _, _ in exam.items if q.status is Status.DRAFT]
    doc = ExamDocument(
        title=exam.header.title,
        course=exam.header.course,
        date=exam.header.date,
        duration=exam.header.duration,
        instructions=exam.header.instructions,
        institution=args.institution,
        paper=args.paper,
        font_size=args.font_size,
        items=tuple(ExamItem(q, pts, sec) for q, pts, sec in exam.items),
    )
    seed = args.seed if args.seed is not None else (exam.seed if exam.seed is not None else exam.id)
    versions = make_versions(doc, args.versions, seed)
    written: list[dict[str, Any]] = []
    stem = args.out.with_suffix("")
    for version in versions:
        suffix = f"-{version.letter}" if version.letter else ""
        out = Path(f"{stem}{suffix}.pdf")
        buf = io.BytesIO()
        try:
            render_exam_pdf(doc, version, buf, key="append" if args.key == "append" else "none")
            _write_atomically(out, buf.getvalue())
            entry: dict[str, Any] = {"version": version.letter, "file": str(out)}
            if args.key == "separate":
                key_buf = io.BytesIO()
                render_answer_key_pdf(doc, version, key_buf)
                key_out = Path(f"{stem}{suffix}-key.pdf")
                _write_atomically(key_out, key_buf.getvalue())
                entry["key"] = str(key_out)
        except ExamRenderError as exc:
            raise CliError(str(exc)) from None
        written.append(entry)
    text = "\n".join(
        f"wrote {w['file']}" + (f" and its key {w['key']}" if "key" in w else "") for w in written
    )
    text += f"\n{len(exam.items)} questions, {exam.total_points:g} points, seed {seed}"
    if drafts:
        text += f"\nnote: question(s) {', '.join(map(str, drafts))} are still drafts"
    _emit(
        args,
        {
            "exam": exam.id,
            "seed": seed,
            "files": written,
            "total_points": exam.total_points,
            "drafts": drafts,
        },
        text,
    )


def _selected_questions(args: argparse.Namespace, service: QuestionBank) -> list[Question]:
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


def _export_command(args: argparse.Namespace) -> None:
    from storage.exams import ExamStore

    with open_bank(args.bank or default_bank_path()) as bank:
        service = QuestionBank(bank)
        if args.export_command == "pdf":
            _export_pdf(args, ExamStore(service))
            return
        questions = _selected_questions(args, service)
        if not questions:
            hint = (
                ""
                if args.include_drafts or args.exam or args.ids
                else (" (only accepted questions are exported; add --include-drafts for drafts)")
            )
            raise CliError(f"No questions to export{hint}.")
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
        _write_atomically(args.out, data)
        _emit(
            args,
            {"file": str(args.out), "questions": [q.id for q in questions], "warnings": warnings},
            f"wrote {len(questions)} question(s) to {args.out}"
            + "".join(f"\nwarning: {w}" for w in warnings),
        )


def _import_questions(args: argparse.Namespace, service: QuestionBank) -> None:
    from storage.formats.common import QuestionImportError
    from storage.formats.gift import import_gift
    from storage.formats.moodle_xml import import_moodle_xml

    try:
        data = args.file.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{args.file}: no such file.") from None
    except OSError as exc:
        raise CliError(f"{args.file} cannot be read: {exc.strerror}.") from None
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    is_xml = head.startswith((b"<?xml", b"<quiz", b"<!--"))
    try:
        if is_xml:
            fmt, result = "moodle_xml", import_moodle_xml(data)
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise CliError(
                    f"{args.file.name} is neither Moodle XML nor UTF-8 GIFT text."
                ) from None
            fmt, result = "gift", import_gift(text)
    except QuestionImportError as exc:
        raise CliError(f"{args.file.name}: {exc} Nothing was imported.") from None
    duplicates, keep = [], []
    for i, q in enumerate(result.questions):
        matches = service.find_duplicates(q)
        if matches:
            duplicates.append(
                {
                    "position": i + 1,
                    "title": q.title or _one_line(q.stem, 60),
                    "similar_to": matches[0].question_id,
                    "score": matches[0].score,
                }
            )
        if not (matches and args.skip_duplicates):
            keep.append(q)
    ids = service.add_many(keep)
    skipped = [{"name": name, "reason": reason} for name, reason in result.skipped]
    payload = {
        "file": str(args.file),
        "format": fmt,
        "imported": ids,
        "skipped": skipped,
        "near_duplicates": duplicates,
        "warnings": list(result.warnings),
    }
    lines = [f"Imported {len(ids)} question(s) from {args.file.name} ({fmt.replace('_', ' ')})."]
    if skipped:
        lines.append(f"Skipped {len(skipped)}:")
        lines += [f"  {s['name']}: {s['reason']}" for s in skipped]
    if duplicates:
        verb = "left out" if args.skip_duplicates else "imported anyway"
        lines.append(f"{len(duplicates)} looked like bank questions ({verb}):")
        lines += [
            f"  {d['title']} ~ question {d['similar_to']} ({d['score']:.0f}%)" for d in duplicates
        ]
    lines += [f"warning: {w}" for w in result.warnings]
    _emit(args, payload, "\n".join(lines))


def _engine_for(name: str) -> Any:
    """None for the bundled model (drafts are built from the slides), else a loaded engine."""
    if name in ("bundled", "", "smollm2"):
        return None
    from models.engine import EngineError
    from models.gpt4all_engine import Gpt4AllEngine
    from models.model_files import local_models

    path = Path(name).expanduser()
    if not path.is_file():
        matches = [m for m in local_models() if m.path and name.lower() in m.name.lower()]
        if not matches:
            raise CliError(
                f"No local model matches {name!r}: give a GGUF file's path, or see "
                "the models folder."
            )
        path = Path(matches[0].path or "")
    try:
        return Gpt4AllEngine(path)
    except EngineError as exc:
        raise CliError(str(exc)) from None


def _draft_command(args: argparse.Namespace) -> None:
    from models.drafting import Draft, DraftingError, DraftRequest, DraftStats, run_drafting
    from storage.jsonio import question_to_dict
    from storage.slide_finder import SlideFinder
    from storage.slide_store import SlideLibrary

    counts = {
        QuestionType.MCQ: args.mcq,
        QuestionType.MULTI: args.multi,
        QuestionType.TRUE_FALSE: args.tf,
        QuestionType.SHORT: args.short,
        QuestionType.ESSAY: args.essay,
    }
    counts = {k: v for k, v in counts.items() if v > 0}
    if any(v < 0 for v in (args.mcq, args.multi, args.tf, args.short, args.essay)):
        raise CliError("Question counts cannot be negative.")
    if not counts:
        counts = {QuestionType.MCQ: 5}
    request = DraftRequest(
        counts,
        Difficulty(args.difficulty),
        Bloom(args.bloom) if args.bloom else None,
        tuple(t.strip() for t in args.focus.split(",") if t.strip()),
        args.seed,
        args.strategy,
    )
    with open_bank(args.bank or default_bank_path()) as bank:
        library = SlideLibrary(bank)
        if args.deck is not None:
            slides = library.slides(args.deck)
            if args.pages:
                missing = sorted(set(args.pages) - {s.page for s in slides})
                if missing:
                    raise CliError(f"Deck {args.deck} has no page {', '.join(map(str, missing))}.")
                slides = [s for s in slides if s.page in set(args.pages)]
        else:
            if args.pages:
                raise CliError("--pages goes with --deck.")
            found = SlideFinder(bank).find(args.query, limit=12)
            if not found.hits or found.partial:
                raise CliError(found.message + " Nothing was drafted.")
            slides = [h.slide for h in found.hits]
        engine = _engine_for(args.model)
        stats = DraftStats()
        service = QuestionBank(bank)
        drafts: list[Draft] = []
        notes: list[str] = []
        try:
            for item in run_drafting(slides, request, engine, service, stats=stats):
                if isinstance(item, Draft):
                    drafts.append(item)
                elif item.message.startswith("The selected slides gave"):
                    notes.append(item.message)
                elif not args.json:
                    print(f"\r{item.message}", end="", file=sys.stderr, flush=True)
        except DraftingError as exc:
            raise CliError(str(exc)) from None
        finally:
            if engine is not None:
                engine.close()
        if not args.json:
            print(file=sys.stderr)
        ids = service.add_many([d.question for d in drafts])
        out = []
        for qid, d in zip(ids, drafts, strict=True):
            entry = question_to_dict(replace(d.question, id=qid))
            entry["validation"] = {
                "valid": d.valid,
                "issues": [
                    {"code": i.code, "message": i.message, "severity": i.severity} for i in d.issues
                ],
            }
            entry["grounded"] = d.grounded
            entry["near_duplicates"] = [
                {"id": m.question_id, "score": m.score} for m in d.duplicates
            ]
            out.append(entry)
        payload = {
            "drafts": out,
            "asked": request.total,
            "delivered": len(drafts),
            "rejected": stats.rejected,
            "notes": notes,
        }
        lines = []
        for qid, d in zip(ids, drafts, strict=True):
            lines.append(_describe(replace(d.question, id=qid)))
            warn = [i.message for i in d.issues] + [
                f"similar to question {m.question_id} ({m.score:.0f}%)" for m in d.duplicates
            ]
            lines += [f"  ! {w}" for w in warn]
            lines.append("")
        lines.append(
            f"{len(drafts)} of {request.total} drafted and stored as drafts"
            + (f"; rejected: {stats.rejected}" if stats.rejected else "")
        )
        lines += notes
        _emit(args, payload, "\n".join(lines))


def _models_command(args: argparse.Namespace) -> None:
    from models.bundled import BundledModelError, ensure_bundled_model

    try:
        path = ensure_bundled_model(verify_hash=True)
    except BundledModelError as exc:
        raise CliError(str(exc)) from None
    _emit(
        args,
        {"model": str(path), "size": path.stat().st_size},
        f"Bundled model ready: {path} ({path.stat().st_size / 1e6:.0f} MB)",
    )


def _gui(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(args.bank or default_bank_path())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.json = getattr(args, "json", False)
    try:
        if args.command in (None, "gui"):
            return _gui(args)
        if args.command == "bank":
            _bank_command(args)
        elif args.command == "decks":
            return _decks_command(args)
        elif args.command == "slides":
            _slides_command(args)
        elif args.command == "exam":
            _exam_command(args)
        elif args.command == "export":
            _export_command(args)
        elif args.command == "draft":
            _draft_command(args)
        elif args.command == "models":
            _models_command(args)
    except (CliError, BankError) as exc:
        print(f"quizwright: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
