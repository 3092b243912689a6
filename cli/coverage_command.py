"""`quizwright coverage`: which slides of a deck, a hand-picked set of decks or a
course have questions, and the mix of those questions."""

from __future__ import annotations

import argparse
from typing import Any

from cli.output import CliError, emit
from storage.paths import default_bank_path


def register(sub: Any, with_json: argparse.ArgumentParser) -> None:
    from cli.course_commands import add_course_option

    p = sub.add_parser(
        "coverage",
        parents=[with_json],
        help="which slides have questions: of decks (--deck, repeatable) or a course",
    )
    p.add_argument("--deck", type=int, action="append", metavar="ID", help="this deck (repeatable)")
    add_course_option(p, "all")
    p.add_argument(
        "--uncovered", action="store_true", help="list only the content slides with no question"
    )
    p.set_defaults(handler=coverage_command)


def _mix(counts: dict[Any, int]) -> dict[str, int]:
    return {(k.value if k is not None else "unset"): n for k, n in counts.items()}


def coverage_command(args: argparse.Namespace) -> None:
    from cli.course_commands import check_course_choice
    from storage.course_coverage import course_coverage, decks_coverage
    from storage.database import open_bank

    check_course_choice(args)
    if not args.course and not args.deck:
        raise CliError("Say whose coverage: --deck ID (one or more) or --course NAME.")
    with open_bank(args.bank or default_bank_path()) as bank:
        cov = course_coverage(bank, args.course) if args.course else decks_coverage(bank, args.deck)
    decks = []
    lines = []
    for deck in cov.decks:
        content = [s for s in deck.slides if s.is_content]
        covered = sum(1 for s in content if s.questions)
        slides = [
            {
                "page": s.page,
                "heading": s.heading,
                "questions": s.questions,
                "types": _mix(s.by_type),
                "flags": list(s.flags),
            }
            for s in deck.slides
            if not args.uncovered or (s.is_content and not s.questions)
        ]
        decks.append(
            {
                "id": deck.deck_id,
                "title": deck.title,
                "content_slides": len(content),
                "covered": covered,
                "questions": deck.questions,
                "uncovered": list(deck.uncovered),
                "slides": slides,
            }
        )
        lines.append(
            f"deck {deck.deck_id} {deck.title}: {covered} of {len(content)} content slides "
            f"have questions; {deck.questions} question(s) cite it"
        )
        if deck.uncovered:
            pages = ", ".join(str(p) for p in deck.uncovered)
            lines.append(f"  no questions yet on pages {pages}")
    payload = {
        "course": cov.name or None,
        "decks": decks,
        "content_slides": cov.content_slides,
        "covered": cov.covered_slides,
        "questions": cov.questions,
        "by_type": _mix(cov.by_type),
        "by_difficulty": _mix(cov.by_difficulty),
        "by_status": _mix(cov.by_status),
    }
    by_type = _mix(cov.by_type)
    where = f"“{cov.name}”" if cov.name else f"the {len(cov.decks)} deck(s)"
    lines.append(
        f"In all, {cov.covered_slides} of {cov.content_slides} content slides of {where} have "
        f"questions; {cov.questions} distinct question(s) cite them"
        + (" (" + ", ".join(f"{n} {k}" for k, n in by_type.items()) + ")" if cov.by_type else "")
        + "."
    )
    emit(args, payload, "\n".join(lines))
