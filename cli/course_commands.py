"""`quizwright courses …`: courses hold decks; `slides find` and `draft` take `--course NAME`."""

from __future__ import annotations

import argparse
from typing import Any

from cli.output import CliError, emit
from storage.paths import default_bank_path


def register_courses(sub: Any, with_json: argparse.ArgumentParser) -> None:
    """`courses create|list|add|remove|rename|delete` under the main parser's subcommands."""
    courses = sub.add_parser(
        "courses", help="courses: named sets of decks searched and drafted as one"
    )
    csub = courses.add_subparsers(dest="courses_command", metavar="ACTION", required=True)
    create = csub.add_parser("create", parents=[with_json], help="create a course")
    create.add_argument("name", metavar="NAME")
    csub.add_parser("list", parents=[with_json], help="list the courses and their decks")
    for action, what in (
        ("add", "add decks to a course"),
        ("remove", "take decks out of a course"),
    ):
        p = csub.add_parser(action, parents=[with_json], help=what)
        p.add_argument("name", metavar="NAME")
        p.add_argument(
            "decks", nargs="+", metavar="DECK", help="a deck's number, title or file name"
        )
    rename = csub.add_parser("rename", parents=[with_json], help="rename a course")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("new_name", metavar="NEW_NAME")
    delete = csub.add_parser(
        "delete", parents=[with_json], help="delete a course (its decks stay in the bank)"
    )
    delete.add_argument("name", metavar="NAME")


def add_course_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--course", metavar="NAME", help=f"{what} the decks of this course")


def course_deck_ids(bank: Any, name: str) -> list[int]:
    """The decks of course `name` for a search or a run (an empty course is refused)."""
    from storage.courses import Courses

    return Courses(bank).deck_ids_for_search(name)


def _course_payload(course: Any, titles: dict[int, str]) -> dict[str, Any]:
    return {
        "id": course.id,
        "name": course.name,
        "decks": [{"id": d, "title": titles.get(d, "")} for d in course.deck_ids],
    }


def courses_command(args: argparse.Namespace) -> None:
    from storage.courses import Courses, resolve_deck
    from storage.database import open_bank  # not for `--help`: the parsers come first
    from storage.slide_store import SlideLibrary

    with open_bank(args.bank or default_bank_path()) as bank:
        courses = Courses(bank)
        titles = {d.id: d.title for d in SlideLibrary(bank).decks()}
        action = args.courses_command
        if action == "list":
            found = courses.courses()
            listing = {"courses": [_course_payload(c, titles) for c in found]}
            lines = []
            for c in found:
                lines.append(
                    f"{c.name}  ({len(c.deck_ids)} deck{'s' if len(c.deck_ids) != 1 else ''})"
                )
                lines += [f"  {d:>4}  {titles.get(d, '')}" for d in c.deck_ids]
            emit(
                args, listing, "\n".join(lines) or "No courses yet: quizwright courses create NAME"
            )
            return
        if action == "create":
            course = courses.create(args.name)
            emit(
                args,
                _course_payload(course, titles),
                f"Course “{course.name}” created. Add decks with: "
                f'quizwright courses add "{course.name}" DECK…',
            )
            return
        if action == "rename":
            course = courses.rename(args.name, args.new_name)
            emit(args, _course_payload(course, titles), f"Course renamed to “{course.name}”.")
            return
        if action == "delete":
            course = courses.delete(args.name)
            emit(
                args,
                _course_payload(course, titles),
                f"Course “{course.name}” deleted; its {len(course.deck_ids)} deck(s) stay "
                "in the bank.",
            )
            return
        courses.course(args.name)  # an unknown course is named before the decks are
        ids = [resolve_deck(bank, ref) for ref in args.decks]
        if action == "add":
            done = courses.add_decks(args.name, ids)
            said, other = "added to", "already in"
        else:
            done = courses.remove_decks(args.name, ids)
            said, other = "taken out of", "not in"
        payload: dict[str, Any] = _course_payload(done.course, titles)
        payload["changed"] = list(done.changed)
        payload["unchanged"] = list(done.unchanged)
        lines = []
        if done.changed:
            lines.append(f"{_decks(done.changed, titles)} {said} “{done.course.name}”.")
        if done.unchanged:
            verb = "was" if len(done.unchanged) == 1 else "were"
            lines.append(f"{_decks(done.unchanged, titles)} {verb} {other} it.")
        lines.append(f"“{done.course.name}” has {len(done.course.deck_ids)} deck(s).")
        emit(args, payload, " ".join(lines))


def _decks(ids: tuple[int, ...], titles: dict[int, str]) -> str:
    return ", ".join(f"deck {d} ({titles.get(d, '')})" for d in ids)


def check_course_choice(args: argparse.Namespace) -> None:
    """--course names a whole course: it does not go with --deck."""
    if getattr(args, "course", None) is not None and getattr(args, "deck", None):
        raise CliError("Give --course or --deck, not both.")
    if getattr(args, "course", None) is not None and not args.course.strip():
        raise CliError("--course needs a course's name.")
