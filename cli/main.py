"""`quizwright`: opens the desktop app, or runs a headless subcommand.

Every command takes `--bank PATH`; every command that prints results takes
`--json` and then prints exactly one JSON document on stdout. Errors go to
stderr with exit code 1 (2 for a wrong command line).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from cli import coverage_command, deck_commands, server_commands
from cli.course_commands import add_course_option, courses_command, register_courses
from cli.export_formats import add_parsers as add_export_parsers
from cli.export_options import add_exam_file_options, add_question_selector
from cli.failures import check_integers, run_guarded, say
from cli.output import CliError, emit
from cli.server_commands import bank_target
from cli.team_commands import register as register_team_commands
from storage.dedup_methods import DEFAULT_METHOD, DEFAULT_THRESHOLD, METHODS
from storage.domain import Bloom, Difficulty, QuestionType, Status
from storage.paths import default_bank_path

# The command modules (and SQLAlchemy, numpy, the drafting code behind them) are imported
# by the command that needs them: `quizwright --help` and a mistyped option answer at once.


def _common(json_flag: bool) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a --bank given before the subcommand is not overwritten here.
    p.add_argument(
        "--bank",
        type=bank_target,
        default=argparse.SUPPRESS,
        metavar="PATH|URL",
        help=f"question bank file or postgresql://user@host:port/dbname "
        f"(default: {default_bank_path()})",
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
        type=bank_target,
        default=None,
        metavar="PATH|URL",
        help=f"question bank file or postgresql://user@host:port/dbname "
        f"(default: {default_bank_path()})",
    )
    parser.add_argument("--json", action="store_true", default=False, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    with_json, plain = _common(True), _common(False)

    sub.add_parser("gui", parents=[plain], help="open the desktop app (the default)")
    server_commands.register(sub, with_json)

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
    dupes.add_argument(
        "--method",
        choices=METHODS,
        default=DEFAULT_METHOD,
        help="combined: wording and meaning (sentence embeddings, see `bank embed`); "
        "lexical: wording only, as before (default %(default)s)",
    )
    embed = bsub.add_parser(
        "embed",
        parents=[with_json],
        help="compute the missing or outdated embeddings of questions and slides",
    )
    embed.add_argument("--batch", type=int, default=16, metavar="N", help="texts per batch")
    add = bsub.add_parser(
        "add",
        parents=[with_json],
        help="add questions from a JSON file (as `bank show --json` prints)",
    )
    add.add_argument("file", type=Path, metavar="FILE.json")
    _returning_options(add)
    server_commands.register_copy(bsub, with_json)
    rm = bsub.add_parser("delete", parents=[with_json], help="delete questions")
    rm.add_argument("ids", type=int, nargs="+", metavar="ID")
    rm.add_argument(
        "--force",
        action="store_true",
        help="also delete questions that exams use (removing them from those exams)",
    )
    bsub.add_parser("info", parents=[with_json], help="where the bank is and what it holds")
    register_team_commands(bsub, with_json)  # merge, history, restore

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
    deck_commands.register(dsub, imp, with_json)

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
    add_course_option(find, "search only")

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
    create.add_argument(
        "--keep-order",
        action="store_true",
        help="keep --ids in the order given, without sections (default: a section per type)",
    )
    create.add_argument(
        "--section-instructions",
        action="append",
        default=[],
        metavar="SECTION=TEXT",
        help='instructions under a section heading, e.g. "Essay=Answer one of the two."',
    )
    create.add_argument(
        "--allow-cueing",
        action="store_true",
        help="create the exam even if some questions give each other away",
    )
    eshow = esub.add_parser("show", parents=[with_json], help="show an exam")
    eshow.add_argument("id", type=int, metavar="ID")
    esub.add_parser("list", parents=[with_json], help="list exams")

    export = sub.add_parser(
        "export", help="export: printable PDF or Word exams, Moodle XML, GIFT, Canvas QTI"
    )
    xsub = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    pdf = xsub.add_parser("pdf", parents=[with_json], help="an exam as printable PDF")
    add_exam_file_options(pdf, "pdf", "N shuffled versions A, B, C… (one file each)")
    for fmt, ext in (("moodle", "xml"), ("gift", "gift")):
        x = xsub.add_parser(
            fmt,
            parents=[with_json],
            help=f"questions as {'Moodle XML' if fmt == 'moodle' else 'GIFT'}",
        )
        x.add_argument("out", type=Path, metavar=f"OUT.{ext}")
        add_question_selector(x, _id_list)
    add_export_parsers(xsub, with_json, _id_list)
    bimp = bsub.add_parser(
        "import",
        parents=[with_json],
        help="import questions from Moodle XML, GIFT or a QTI package (all or nothing)",
    )
    bimp.add_argument("file", type=Path, metavar="FILE.xml|FILE.gift|FILE.zip")
    bimp.add_argument(
        "--skip-duplicates",
        action="store_true",
        help="leave out questions that look like ones already in the bank",
    )
    _returning_options(bimp)

    dr = sub.add_parser(
        "draft",
        parents=[with_json],
        help="draft questions from slides (stored in the bank as drafts)",
    )
    # one of --deck (repeatable: a hand-picked set of decks) and --query, or both:
    # the request's slides among those decks (checked in cli/draft_command.py)
    dr.add_argument(
        "--deck",
        type=int,
        action="append",
        metavar="ID",
        help="draft from this deck (repeatable: several decks; with --query: find among them)",
    )
    dr.add_argument(
        "--query", metavar="TEXT", help="draft from the slides the finder picks for this request"
    )
    dr.add_argument(
        "--pages", type=_page_list, metavar="3-7,9", help="with --deck: only these pages"
    )
    for flag, label in (
        ("mcq", "multiple choice"),
        ("multi", "multiple answers"),
        ("tf", "true/false"),
        ("matching", "matching (terms described side by side on the slides)"),
        ("ordering", "ordering (numbered steps or an arrow pipeline on a slide)"),
        ("short", "short answer"),
        ("cloze", "cloze (a key sentence with the term it defines blanked)"),
        ("essay", "essay/assignment"),
        ("numerical", "numerical (from figures stated on the slides)"),
    ):
        dr.add_argument(
            f"--{flag}", type=int, default=0, metavar="N", help=f"how many {label} questions"
        )
    add_course_option(dr, "with --query: find the slides among")
    dr.add_argument(
        "--difficulty",
        choices=[d.value for d in Difficulty],
        help="default: as the request says, else medium",
    )
    dr.add_argument("--bloom", choices=[b.value for b in Bloom])
    dr.add_argument("--focus", default="", metavar="TERMS", help='focus terms, e.g. "LoRA, MoE"')
    dr.add_argument(
        "--model",
        default="bundled",
        metavar="NAME|PATH",
        help="the bundled model (default), a GGUF file, or a local model's name",
    )
    dr.add_argument(
        "--server",
        metavar="URL",
        help="a local OpenAI-compatible server (Ollama, LM Studio, llama.cpp) such as "
        "http://localhost:11434/v1; --model names its model",
    )
    dr.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="with --server: the longest one request may take in all (default 300)",
    )
    dr.add_argument("--seed", type=int, default=0)
    dr.add_argument(
        "--strategy",
        choices=("auto", "built", "model"),
        default="auto",
        help="auto: the model writes questions unless it is too small to",
    )

    register_courses(sub, with_json)
    coverage_command.register(sub, with_json)

    models = sub.add_parser("models", help="local language models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    msub.add_parser(
        "prepare",
        parents=[with_json],
        help="make the bundled SmolLM2 and embedding models loadable (offline, once)",
    )
    return parser


def _returning_options(parser: argparse.ArgumentParser) -> None:
    """For questions whose uuid the bank already has (re-imports of its own exports)."""
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--update",
        action="store_true",
        help="a question the bank has, changed in the file: write the file's changes over it "
        "(by default it is left out)",
    )
    how.add_argument(
        "--as-new",
        action="store_true",
        help="add questions the bank already has again, as new questions",
    )


def _id_list(value: str) -> list[int]:
    try:
        ids = [int(v) for v in value.replace(" ", "").split(",") if v]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected ids such as 3,5,8, got {value!r}") from None
    if not ids:
        raise argparse.ArgumentTypeError("expected at least one id")
    return ids


def _page_list(value: str) -> list[range]:
    """Page ranges as written ("3-7,9"); kept as ranges, so "1-99999999" costs nothing
    (the draft command clips them to the deck)."""
    pages: list[range] = []
    try:
        for part in value.replace(" ", "").split(","):
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                if b < a:
                    raise argparse.ArgumentTypeError(f"the range {part} runs backwards")
                pages.append(range(a, b + 1))
            elif part:
                pages.append(range(int(part), int(part) + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected pages such as 3-7,9, got {value!r}") from None
    if not pages:
        raise argparse.ArgumentTypeError("expected at least one page")
    return pages


# ----- output helpers -----------------------------------------------------------------


# ----- commands -----------------------------------------------------------------------


def _models_command(args: argparse.Namespace) -> None:
    from models.bundled import BundledModelError, ensure_bundled_model
    from models.embeddings import EmbeddingModelError, ensure_embedding_model

    try:
        path = ensure_bundled_model(verify_hash=True)
        embedding = ensure_embedding_model(verify_hash=True)
    except (BundledModelError, EmbeddingModelError) as exc:
        raise CliError(str(exc)) from None
    emit(
        args,
        {
            "model": str(path),
            "size": path.stat().st_size,
            "embedding_model": str(embedding),
            "embedding_size": embedding.stat().st_size,
        },
        f"Bundled model ready: {path} ({path.stat().st_size / 1e6:.0f} MB)\n"
        f"Embedding model ready: {embedding} ({embedding.stat().st_size / 1e6:.0f} MB)",
    )


def _gui(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(args.bank or default_bank_path(), explicit=args.bank is not None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.json = getattr(args, "json", False)
    return run_guarded(lambda: _run(args), watch_interrupts=args.command not in (None, "gui"))


def _run(args: argparse.Namespace) -> int:
    from models.engine import EngineError
    from storage.busy import on_long_wait
    from storage.database import BankError
    from storage.errors import storage_error
    from storage.logfile import setup_file_log

    if args.command not in (None, "gui"):  # the app shows waits its own way
        on_long_wait(lambda message: print(f"quizwright: {message}", file=sys.stderr, flush=True))
    try:
        too_big = check_integers(args)
        if too_big:
            raise CliError(too_big)
        if args.command in (None, "gui"):
            return _gui(args)
        with contextlib.suppress(OSError):  # no log folder: the command still runs
            setup_file_log()  # what is not printed (gpt4all's native messages) is kept
        if getattr(args, "handler", None) is not None:
            args.handler(args)
        elif args.command == "bank" and args.bank_command == "copy":
            server_commands.copy_command(args)
        elif args.command == "server":
            server_commands.server_command(args)
        elif args.command == "bank":
            from cli.bank_commands import bank_command

            bank_command(args)
        elif args.command == "decks":
            from cli.slide_commands import decks_command

            return decks_command(args)
        elif args.command == "slides":
            from cli.slide_commands import slides_command

            slides_command(args)
        elif args.command == "exam":
            from cli.exam_commands import exam_command

            exam_command(args)
        elif args.command == "export":
            from cli.exam_commands import export_command

            export_command(args)
        elif args.command == "draft":
            from cli.draft_command import draft_command

            draft_command(args)
        elif args.command == "courses":
            courses_command(args)
        elif args.command == "models":
            _models_command(args)
    except (CliError, BankError, EngineError) as exc:
        say(str(exc))
        return 1
    except Exception as exc:
        error = storage_error(exc)  # a database failure that escaped storage: in words too
        if error is None:
            raise  # run_guarded says it in words
        say(str(error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
