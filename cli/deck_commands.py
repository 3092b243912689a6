"""`quizwright decks import - --title "…"` (text on standard input) and
`quizwright decks rename ID "NAME"`."""

from __future__ import annotations

import argparse
import sys

from cli.output import CliError, emit
from storage.paths import default_bank_path

STDIN = "-"
# Text piped in is read up to this size: a long textbook is a few megabytes.
MAX_STDIN_BYTES = 64 << 20


def register(
    dsub: argparse._SubParsersAction,  # type: ignore[type-arg]
    import_parser: argparse.ArgumentParser,
    with_json: argparse.ArgumentParser,
) -> None:
    """Add `--title` to `decks import` and the `decks rename` action."""
    import_parser.add_argument(
        "--title",
        metavar="TITLE",
        help='the deck\'s name; with FILE "-" the text is read from standard input',
    )
    rename = dsub.add_parser("rename", parents=[with_json], help="give a deck another name")
    rename.add_argument("deck", type=int, metavar="ID")
    rename.add_argument("name", metavar="NAME")


def read_stdin_text() -> str:
    """The text piped in, decoded; CliError in words when there is none to read."""
    from storage.decks import DeckImportError, decode_text

    if sys.stdin is None or sys.stdin.isatty():
        raise CliError(
            "decks import - reads the text from standard input: pipe or paste it in, e.g. "
            'pbpaste | quizwright decks import - --title "Lecture 3"'
        )
    data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        raise CliError(f"The text on standard input is over {MAX_STDIN_BYTES >> 20} MB.")
    try:
        return decode_text(data, "The text on standard input")
    except DeckImportError as exc:
        raise CliError(str(exc)) from None


def rename_command(args: argparse.Namespace) -> int:
    from storage.database import open_bank  # not for `--help`: the parsers come first
    from storage.slide_store import SlideLibrary

    with open_bank(args.bank or default_bank_path()) as bank:
        library = SlideLibrary(bank)
        before = library.deck(args.deck).title
        deck = library.rename_deck(args.deck, args.name)
    emit(
        args,
        {"id": deck.id, "title": deck.title, "previous_title": before},
        f"deck {deck.id}: renamed “{before}” to “{deck.title}”",
    )
    return 0
