"""`quizwright decks …` and `quizwright slides …`: lectures from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cli.output import (
    CliError,
    emit,
    one_line,
    width,
)
from storage.database import BankError, open_bank
from storage.domain import Deck
from storage.paths import default_bank_path
from storage.semantic import TextEmbedder


def flags_summary(flags: Sequence[tuple[str, ...]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for page_flags in flags:
        for f in page_flags:
            counts[f] = counts.get(f, 0) + 1
    return counts


def decks_command(args: argparse.Namespace) -> int:
    import dataclasses

    from cli.deck_commands import STDIN, read_stdin_text, rename_command
    from storage.decks import DeckImportError, deck_from_text, read_deck
    from storage.slide_store import NewVersionError, SlideLibrary
    from storage.slide_text import clean_title

    if args.decks_command == "rename":
        return rename_command(args)
    stdin_text = ""
    if args.decks_command == "import":
        if sum(1 for p in args.files if str(p) == STDIN) > 1:
            raise CliError('"-" (standard input) can be given only once.')
        if any(str(p) == STDIN for p in args.files):
            stdin_text = read_stdin_text()
        if args.title is not None and not clean_title(args.title):
            raise CliError("--title cannot be empty.")
    with open_bank(args.bank or default_bank_path()) as bank:
        library = SlideLibrary(bank)
        if args.decks_command == "list":
            decks = library.decks()
            better = library.name_suggestions()
            payload = {
                "decks": [
                    {
                        "id": d.id,
                        "title": d.title,
                        "pages": d.page_count,
                        "source": d.source_path,
                        "imported": d.imported_at.isoformat(),
                        "suggested_title": better.get(d.id),
                    }
                    for d in decks
                ]
            }
            text = (
                "\n".join(
                    f"{d.id:>4}  {d.page_count:>4} pages  {d.title}  ({Path(d.source_path).name})"
                    + (
                        f"\n{'':>17}a better name may be: quizwright decks rename {d.id} "
                        f'"{better[d.id]}"'
                        if d.id in better
                        else ""
                    )
                    for d in decks
                )
                or "No decks yet: quizwright decks import FILE.pdf"
            )
            emit(args, payload, text)
            return 0
        if args.update is not None and len(args.files) != 1:
            raise CliError("--update takes exactly one file.")
        results: list[dict[str, Any]] = []
        failed, lines = 0, []
        for path in args.files:
            try:
                if str(path) == STDIN:
                    content = deck_from_text(stdin_text, args.title or "", "standard input")
                else:
                    content = read_deck(path)
                    if args.title:  # the name the user gives wins over any found
                        content = dataclasses.replace(content, title=clean_title(args.title))
                if args.update is not None:
                    _check_update(library.decks(), args.update, content.sha256, path)
                    report = library.update_deck(args.update, content, keep_name=args.title is None)
                    deck, status = report.deck, "updated"
                    extra = {"links_kept": report.links_kept, "links_dropped": report.links_dropped}
                else:
                    outcome = library.import_deck(content, as_new=args.new)
                    deck = outcome.deck
                    status = "imported" if outcome.created else "already in the bank"
                    extra = {}
            except (DeckImportError, NewVersionError, BankError, CliError) as exc:
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
            skipped = flags_summary(content.flags)
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
        emit(args, {"decks": results}, "\n".join(lines))
        return 1 if failed else 0


def _check_update(decks: Sequence[Deck], deck_id: int, sha256: str, path: Path) -> None:
    """`--update ID` with a file another deck already is would make ID a second copy of it."""
    same = next((d for d in decks if d.sha256 == sha256 and d.id != deck_id), None)
    if same is not None:
        raise CliError(
            f"{path.name} is already in the bank as deck {same.id} ({same.title}); "
            f"--update {deck_id} would make deck {deck_id} a second copy of it. Nothing was "
            f"changed. To replace deck {deck_id}, give the new version of its own file."
        )


def _embedder_if_prepared() -> TextEmbedder | None:
    """The embedding model if `models prepare` made it; the finder is BM25-only without."""
    from models.embeddings import try_load_embedder

    return try_load_embedder()[0]


def slides_command(args: argparse.Namespace) -> None:
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
            emit(args, payload, note + (slide.text or "(no text on this page)"))
            return
        if args.limit < 1:
            raise CliError("--limit must be at least 1.")
        from cli.course_commands import check_course_choice, course_deck_ids

        check_course_choice(args)
        deck_ids = course_deck_ids(bank, args.course) if args.course else args.deck
        result = SlideFinder(bank, _embedder_if_prepared()).find(
            args.query, deck_ids=deck_ids, limit=args.limit
        )
        # a request no slide answers selects nothing; the slides that only mention
        # some of its words are listed apart
        chosen, passing = ((), result.hits) if result.partial else (result.hits, ())
        payload = {
            "query": result.query,
            "terms": list(result.terms),
            "expansions": {k: list(v) for k, v in result.expansions.items()},
            "message": result.message,
            "partial": result.partial,
            "generic": result.generic,
            "course": args.course,
            "results": [_hit(h) for h in chosen],
            "mentions": [_hit(h) for h in passing],
        }
        lines = [result.message]
        if passing:
            lines.append("Slides that mention some of its words (not selected):")
        lines += [
            f"{h.score:8.2f}  deck {h.slide.deck_id} p.{h.slide.page:<4} "
            f"{one_line(h.slide.text, width() - 30)}"
            for h in result.hits
        ]
        emit(args, payload, "\n".join(lines))


def _hit(h: Any) -> dict[str, Any]:
    return {
        "deck": h.slide.deck_id,
        "deck_title": h.deck_title,
        "page": h.slide.page,
        "score": h.score,
        "matched": list(h.matched),
        "text": h.slide.text,
    }
