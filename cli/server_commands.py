"""`quizwright server …` and `quizwright bank copy`: shared banks on a PostgreSQL server.

`--bank` takes a file or a `postgresql://user@host:port/dbname` URL (`bank_target`).
Passwords come from libpq's ~/.pgpass (or PGPASSFILE / a service file); with
`--ask-password` the command asks for one and keeps it in memory only.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from cli.output import CliError, emit


def bank_target(value: str) -> Path | str:
    """`--bank`'s value: a server URL as given, anything else a file path."""
    from storage.database import is_server_url  # at parse time, but only with --bank

    return value.strip() if is_server_url(value) else Path(value)


def register(sub: Any, with_json: argparse.ArgumentParser) -> None:
    """The `server` command and its actions."""
    server = sub.add_parser(
        "server", help="shared banks on a PostgreSQL server: init (schema and roles), check"
    )
    ssub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = ssub.add_parser(
        "init",
        parents=[with_json],
        help="create the bank's schema in a database and two roles: authors (read/write) "
        "and reviewers (read-only)",
    )
    init.add_argument("url", metavar="URL", help="postgresql://admin@host:port/dbname")
    init.add_argument("--authors-role", metavar="NAME", help="default: <dbname>_authors")
    init.add_argument("--reviewers-role", metavar="NAME", help="default: <dbname>_reviewers")
    init.add_argument(
        "--author", action="append", default=[], metavar="USER", help="make USER an author"
    )
    init.add_argument(
        "--reviewer", action="append", default=[], metavar="USER", help="make USER a reviewer"
    )
    _password_option(init)
    check = ssub.add_parser(
        "check", parents=[with_json], help="test a shared bank's address and say what is wrong"
    )
    check.add_argument("url", metavar="URL")
    _password_option(check)


def register_copy(bsub: Any, with_json: argparse.ArgumentParser) -> None:
    """`bank copy SRC DST` under the `bank` command."""
    copy = bsub.add_parser(
        "copy",
        parents=[with_json],
        help="copy a whole bank between a file and a server (all or nothing, ids kept)",
    )
    copy.add_argument("src", metavar="SRC", help="bank file or postgresql:// URL")
    copy.add_argument("dst", metavar="DST", help="new bank file or empty database URL")
    _password_option(copy)


def _password_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--ask-password",
        action="store_true",
        help="ask for the server password (kept in memory only) instead of using ~/.pgpass",
    )


def _password(args: argparse.Namespace, url: str) -> str | None:
    if not getattr(args, "ask_password", False):
        return None
    if not sys.stdin.isatty():
        line = sys.stdin.readline()  # scripts: the password on standard input
        return line.rstrip("\n") or None
    from storage.server_bank import display

    return getpass.getpass(f"Password for {display(url)}: ") or None


def server_command(args: argparse.Namespace) -> None:
    from storage.connection_check import check_connection

    if args.server_command == "check":
        report = check_connection(args.url, _password(args, args.url))
        payload = {"ok": report.ok, "kind": report.kind, "message": report.message,
                   "read_only": report.read_only, "new_bank": report.new_bank}  # fmt: skip
        if not report.ok:
            if args.json:
                emit(args, payload, "")
            raise CliError(report.message)
        emit(args, payload, report.message)
        return
    from storage.server_roles import init_server

    password = _password(args, args.url)
    report = check_connection(args.url, password)
    if not report.ok:
        raise CliError(report.message)
    done = init_server(
        args.url,
        password,
        authors=args.authors_role,
        reviewers=args.reviewers_role,
        author_logins=tuple(args.author),
        reviewer_logins=tuple(args.reviewer),
    )
    lines = [
        f"Shared bank ready at {done.where} ({done.questions:,} question(s)).",
        f"Authors (read and write): role {done.authors}",
        f"Reviewers (read only):   role {done.reviewers}",
    ]
    lines += [f"  {login} is now in {role}" for login, role in done.members]
    lines.append(
        f"Add a colleague: CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE {done.authors}; they "
        "open the bank with --bank postgresql://alice@host:port/dbname and keep the password "
        "in ~/.pgpass."
    )
    emit(
        args,
        {"url": done.where, "questions": done.questions, "authors": done.authors,
         "reviewers": done.reviewers, "members": [list(m) for m in done.members]},
        "\n".join(lines),
    )  # fmt: skip


def copy_command(args: argparse.Namespace) -> None:
    from storage.bank_copy import copy_bank

    src = bank_target(args.src)
    dst = bank_target(args.dst)
    src_pw = _password(args, str(src)) if isinstance(src, str) else None
    dst_pw = _password(args, str(dst)) if isinstance(dst, str) and dst != src else src_pw
    report = copy_bank(src, dst, src_pw, dst_pw)
    total = sum(report.rows.values())
    emit(
        args,
        {"source": report.source, "target": report.target, "rows": report.rows,
         "deck_files": report.deck_files, "seconds": round(report.seconds, 3)},
        f"Copied {report.source} to {report.target}: {report.rows.get('questions', 0):,} "
        f"question(s), {report.rows.get('decks', 0):,} deck(s) with {report.deck_files} "
        f"file(s), {report.rows.get('exams', 0):,} exam(s), "
        f"{report.rows.get('question_embeddings', 0) + report.rows.get('slide_embeddings', 0):,} "
        f"embedding(s); {total:,} rows in {report.seconds:.1f} s. Ids and uuids are kept.",
    )  # fmt: skip
