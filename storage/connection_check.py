"""Testing a shared bank's address before opening it, with the answer in words.

`check_connection` connects once and says what is wrong the way a colleague would:
the server cannot be reached, the password or user was refused, the database is not
there, or the server (or the bank in it) is a version this Quizwright cannot use.
Used by `quizwright server check` and the "Open a Shared Bank…" dialog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text

from storage.database import BankError
from storage.server_bank import display, make_engine, scrub

__all__ = ["ConnectionReport", "check_connection", "explain"]


@dataclass(frozen=True)
class ConnectionReport:
    ok: bool
    kind: str  # "ok", "unreachable", "authentication", "missing_database", "version", "other"
    message: str
    read_only: bool = False
    new_bank: bool = False  # an empty database: opening it makes a new bank


# (pattern in libpq's message or SQLSTATE, kind, message; {where} {user} {db} {host})
_CAUSES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p, re.I), kind, msg)
    for p, kind, msg in (
        (
            r"28P01|password authentication failed|authentication failed",
            "authentication",
            "The server refused the password for user {user}. Check the user name and the "
            "password (in your ~/.pgpass file or the one you typed).",
        ),
        (
            r"no password supplied|fe_sendauth",
            "authentication",
            "The server wants a password for user {user}, and none was found. Add a line "
            "to your ~/.pgpass file (host:port:database:user:password) or type it when asked.",
        ),
        (
            r'role "[^"]*" does not exist|28000|no pg_hba.conf entry|not permitted to log in',
            "authentication",
            "The server does not let user {user} in (no such user, or not allowed from this "
            "computer). Ask the server's administrator.",
        ),
        (
            r'3D000|database "[^"]*" does not exist',
            "missing_database",
            "The server at {host} has no database named {db}. Check the name, or ask the "
            "administrator to create it (then run `quizwright server init`).",
        ),
        (
            r"could not translate host name|Name or service not known|nodename nor servname",
            "unreachable",
            "The server name {host} is not known. Check the spelling, and that this "
            "computer is on the department's network (or its VPN).",
        ),
        (
            r"Connection refused|timeout expired|timed out|No route to host|"
            r"Network is unreachable|could not connect|connection .* failed",
            "unreachable",
            "The server at {host} cannot be reached (nothing answers there). Check the "
            "host and port, that the server is running, and your network or VPN.",
        ),
    )
)


def _parts(where: str) -> dict[str, str]:
    from urllib.parse import urlsplit

    p = urlsplit(where)
    return {
        "where": where,
        "user": p.username or "(your login name)",
        "db": p.path.strip("/") or "(none)",
        "host": f"{p.hostname or 'localhost'}:{p.port or 5432}",
    }


def classify(exc: BaseException) -> str:
    """The kind of a connection failure (see ConnectionReport.kind)."""
    reason = f"{getattr(getattr(exc, 'orig', None), 'sqlstate', '') or ''} {exc}"
    found = next((kind for p, kind, _ in _CAUSES if p.search(reason)), None)
    return found or "other"


def explain(exc: BaseException, where: str) -> str:
    """A connection failure to the bank at `where` (no password in it), in words."""
    orig = getattr(exc, "orig", None) or exc
    reason = f"{getattr(orig, 'sqlstate', '') or ''} {orig}"
    for pattern, _, message in _CAUSES:
        if pattern.search(reason):
            return message.format(**_parts(where))
    first = scrub(str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__)
    return f"The shared bank {where} could not be opened: {first}."


def check_connection(url: str, password: str | None = None) -> ConnectionReport:
    """Connect to `url` once and say, in words, whether a bank can be opened there."""
    try:
        where = display(url)
        engine = make_engine(url, password, poolclass=_null_pool())
    except BankError as exc:
        return ConnectionReport(False, "other", str(exc))
    try:
        from storage.server_bank import _check, can_write, revision_of

        with engine.connect() as conn:
            revision = _check(conn, where)
            version = str(conn.execute(text("SHOW server_version")).scalar())
            if revision is None:
                return ConnectionReport(
                    True,
                    "ok",
                    f"Connected to PostgreSQL {version} at {_parts(where)['host']}. The "
                    "database is empty: opening it makes a new bank there.",
                    new_bank=True,
                )
            read_only = not can_write(conn)
            upgrade = revision_of(conn) != _head()
            note = " You may read it but not change it (a reviewer's role)." if read_only else ""
            if upgrade:
                note += " It will be upgraded to this version of Quizwright when opened."
            count = conn.execute(text("SELECT count(*) FROM questions")).scalar()
            return ConnectionReport(
                True,
                "ok",
                f"Connected: a Quizwright bank with {count:,} question(s) on PostgreSQL "
                f"{version}.{note}",
                read_only=read_only,
            )
    except BankError as exc:
        too_new = "newer version" in str(exc) or "needs PostgreSQL" in str(exc)
        kind = "version" if too_new else "other"
        return ConnectionReport(False, kind, str(exc))
    except Exception as exc:
        return ConnectionReport(False, classify(exc), explain(exc, where))
    finally:
        engine.dispose()


def _head() -> str:
    from storage.database import head_revision

    return head_revision()


def _null_pool() -> type:
    from sqlalchemy.pool import NullPool

    return NullPool
