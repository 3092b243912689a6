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
from storage.domain import Difficulty, Question, QuestionFilter, QuestionType, Status
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

    bank = sub.add_parser("bank", help="the question bank: list, show, search, add, delete, dupes")
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

    models = sub.add_parser("models", help="local language models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    msub.add_parser(
        "prepare",
        parents=[with_json],
        help="make the bundled SmolLM2 model loadable (offline, once)",
    )
    return parser


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
        elif args.command == "models":
            _models_command(args)
    except (CliError, BankError) as exc:
        print(f"quizwright: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
